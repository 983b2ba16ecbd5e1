"""Writes for agencies and units. Keyword-only, typed, atomic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.models import Agency, AgencyKind, Membership, Role, Unit
from prongsai.apps.agencies.notices import GRANTING_ROLES, access_notice_send, access_watchers, person_label
from prongsai.apps.base.auditing import audit_change

# Thai labels of this app's audit actions and fields (registered by the audit app, which sits above this one).
AUDIT_ACTIONS = {"membership.set": "กำหนดบทบาทของบุคลากร", "membership.removed": "นำบุคลากรออกจากหน่วยงาน"}
AUDIT_FIELDS = {"user": "ผู้ใช้", "role": "บทบาท", "unit": "ส่วนราชการภายใน"}

# What other apps do when a person leaves an agency (the complaints app ends their designation), registered in
# their AppConfig.ready(): hook(agency=…, user=…, actor=…), called in the removal's transaction.
_REMOVAL_HOOKS: list[Callable[..., Any]] = []


def register_membership_removal(hook: Callable[..., Any]) -> None:
    if hook not in _REMOVAL_HOOKS:
        _REMOVAL_HOOKS.append(hook)


class MembershipInputError(ValidationError):
    """Bad input for a membership change, with a Thai message."""


@transaction.atomic
def agency_ensure(
    *,
    slug: str,
    name_th: str,
    kind: AgencyKind | str = AgencyKind.OTHER,
    district: str = "",
    province: str = "",
    website: str = "",
    is_demo: bool = False,
    notes: str = "",
) -> Agency:
    """The agency with this slug, created or brought up to date; saved only when something differs."""
    wanted = {
        "name_th": name_th,
        "kind": str(kind),
        "district": district,
        "province": province,
        "website": website,
        "is_demo": is_demo,
        "notes": notes,
    }
    agency = Agency.objects.select_for_update().filter(slug=slug).first()
    if agency is None:
        agency = Agency(slug=slug, **wanted)
        agency.full_clean()
        agency.save()
        return agency
    changed = [field for field, value in wanted.items() if getattr(agency, field) != value]
    if changed:
        for field in changed:
            setattr(agency, field, wanted[field])
        agency.full_clean()
        agency.save(update_fields=[*changed, "updated_at"])
    return agency


@transaction.atomic
def unit_ensure(*, agency: Agency, name_th: str) -> Unit:
    """The agency's unit with this name, created if missing."""
    unit, _ = Unit.objects.get_or_create(agency=agency, name_th=name_th)
    return unit


def _membership_view(m: Membership | None) -> dict[str, str] | None:
    if m is None:
        return None
    return {"user": m.user.get_username(), "role": m.get_role_display(), "unit": str(m.unit or "")}


@transaction.atomic
def membership_set(
    *, user: Any, agency: Agency, role: Role | str, unit: Unit | None = None, actor: Any = None
) -> Membership:
    """Give ``user`` this role in ``agency`` (one role per agency), creating or changing the membership.

    Unit staff must name a unit of the same agency. Saved (and written to the audit log) only when
    something differs. A role that may designate complaint officers (``notices.GRANTING_ROLES``), given to a
    new member or to a member who held another role, is told to the agency's administrators and complaint
    officers (``notices``; the audit entry's note says who was told); if that notice cannot be sent, nothing
    is saved (``AccessNoticeFailed``).
    """
    try:
        role = Role(str(role))
    except ValueError:
        raise MembershipInputError("บทบาทไม่ถูกต้อง") from None
    if unit is not None and unit.agency_id != agency.pk:
        raise MembershipInputError("ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานนี้")
    if role == Role.UNIT_STAFF and unit is None:
        raise MembershipInputError("เจ้าหน้าที่ส่วนราชการภายในต้องระบุส่วนราชการที่สังกัด")

    membership = Membership.objects.select_for_update().filter(user=user, agency=agency).first()
    before = _membership_view(membership)
    old_role = membership.role if membership is not None else None
    if membership is None:
        membership = Membership(user=user, agency=agency, role=role, unit=unit)
    elif membership.role == role and membership.unit_id == (unit.pk if unit else None):
        return membership
    grants = role.value in GRANTING_ROLES and old_role != role.value
    watchers = access_watchers(agency=agency) if grants else []
    membership.role = role
    membership.unit = unit
    membership.full_clean()
    membership.save()
    note = ""
    if grants:
        whom = "ตนเอง" if getattr(actor, "pk", None) == user.pk else f" {person_label(user)}"
        was = f" (เดิม: {Role(old_role).label})" if old_role else " (เพิ่มเป็นบุคลากรใหม่)"
        notice = access_notice_send(
            agency=agency,
            recipients=watchers,
            actor=actor,
            what=f"{person_label(actor)} กำหนดบทบาท “{role.label}” ให้{whom} ใน{agency.name_th}{was}",
            when=timezone.now(),
        )
        note = notice.note()
    audit_change(
        actor=actor,
        agency=agency,
        action="membership.set",
        target=membership,
        before=before,
        after=_membership_view(membership),
        note=note,
    )
    return membership


@transaction.atomic
def membership_remove(*, agency: Agency, membership_id: int, actor: Any = None) -> None:
    """Take a person out of ``agency``: audited; other apps' hooks run first (a complaint officer's designation
    ends with the membership, so that being added again later does not bring it back unannounced)."""
    membership = Membership.objects.select_for_update().filter(agency=agency, pk=membership_id).first()
    if membership is None:
        raise MembershipInputError("ไม่พบบุคลากรรายนี้ในหน่วยงาน")
    for hook in _REMOVAL_HOOKS:
        hook(agency=agency, user=membership.user, actor=actor)
    audit_change(
        actor=actor,
        agency=agency,
        action="membership.removed",
        target=membership,
        before=_membership_view(membership),
        after=None,
    )
    membership.delete()


@transaction.atomic
def person_ensure(
    *, username: str, first_name: str, last_name: str, system_admin: bool = False, password: str | None = None
) -> Any:
    """The active user with this username, created or brought up to date; saved only when something differs.

    ``system_admin`` makes a superuser (and staff). ``password`` is set when given; None makes it unusable.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    wanted = {
        "first_name": first_name,
        "last_name": last_name,
        "is_superuser": system_admin,
        "is_staff": system_admin,
        "is_active": True,
    }
    if user is None:
        user = User(username=username, **wanted)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user
    changed = [f for f, v in wanted.items() if getattr(user, f) != v]
    for f in changed:
        setattr(user, f, wanted[f])
    if password and not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    elif not password and user.has_usable_password():
        user.set_unusable_password()
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user
