"""The one access check. Every agency-scoped view and every query goes through here.

    agencies_visible_to(user=request.user)            the agencies a person may open (a queryset)
    agency_access(user=request.user, agency=agency)   what they may do there (``Access``), or Http404
    @agency_view("edit_results")                       the decorator every ``/a/<agency_slug>/…`` view wears

Rules:

- A **system administrator** is an active Django superuser. They see every agency and may do everything
  except approve (approval is an agency executive's act).
- Everyone else sees only the agencies they have a ``Membership`` in, and may do what their role allows
  (``ROLE_PERMISSIONS``; the same table is in ``docs/access.md``).
- An agency the person may not see answers **404, not 403**, whether it exists or not, so that its
  existence does not leak. Within a visible agency a missing permission answers 403.
- Anonymous visitors are sent to the login page.

Selectors never check access themselves: they take the ``agency`` this module resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from prongsai.apps.agencies.models import Agency, Membership, Role, Unit

SYSTEM_ADMIN = "system_admin"
SYSTEM_ADMIN_LABEL = "ผู้ดูแลระบบ (ทุกหน่วยงาน)"

# The permissions a view can ask for (``@agency_view(<name>)``); ``Access.can_<name>`` answers each.
PERMISSIONS = (
    "view", "edit_results", "edit_portal", "edit_registers", "edit_procurement", "approve", "comment", "manage_people",
    "view_audit",
)


@dataclass(frozen=True)
class Permissions:
    view: bool = True
    edit_results: bool = False
    edit_portal: bool = False  # the public site's content: news, OIT page, Q&A answers, e-service, open data
    edit_registers: bool = False  # assets, loans, inventory checks, ethics activities, gifts
    edit_procurement: bool = False  # procurement plans, announcements, contracts, e-GP import
    approve: bool = False  # measures plan approval
    comment: bool = False  # comments on plans and tasks
    manage_people: bool = False
    view_audit: bool = False


_EDIT_ALL = {"edit_results": True, "edit_portal": True, "edit_registers": True, "edit_procurement": True}

# Who may do what. Plans, tasks and evidence give these permissions their meaning; they add no roles.
ROLE_PERMISSIONS: dict[str, Permissions] = {
    SYSTEM_ADMIN: Permissions(**_EDIT_ALL, comment=True, manage_people=True, view_audit=True),
    Role.AGENCY_ADMIN: Permissions(**_EDIT_ALL, comment=True, manage_people=True, view_audit=True),
    Role.COORDINATOR: Permissions(**_EDIT_ALL, comment=True),
    Role.UNIT_STAFF: Permissions(),
    Role.EXECUTIVE: Permissions(approve=True, comment=True),
    Role.AUDITOR: Permissions(view_audit=True),
}


@dataclass(frozen=True)
class Access:
    """What one person may do in one agency."""

    agency: Agency
    role: str  # a ``Role`` value or ``SYSTEM_ADMIN``
    role_label: str
    can_view: bool
    can_edit_results: bool
    can_edit_portal: bool
    can_edit_registers: bool
    can_edit_procurement: bool
    can_approve: bool
    can_comment: bool
    can_manage_people: bool
    can_view_audit: bool
    unit: Unit | None = None  # the unit of unit staff (and of anyone whose membership names one)
    is_system_admin: bool = False

    def allows(self, permission: str) -> bool:
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        return bool(getattr(self, f"can_{permission}"))


def is_system_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def agencies_visible_to(*, user: Any) -> QuerySet[Agency]:
    """The agencies this person may open: all for a system administrator, else those they are a member of."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if is_system_admin(user):
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user).distinct()


def _access(agency: Agency, role: str, label: str, unit: Unit | None, system_admin: bool) -> Access:
    perms = ROLE_PERMISSIONS[role]
    return Access(
        agency=agency,
        role=role,
        role_label=label,
        can_view=perms.view,
        can_edit_results=perms.edit_results,
        can_edit_portal=perms.edit_portal,
        can_edit_registers=perms.edit_registers,
        can_edit_procurement=perms.edit_procurement,
        can_approve=perms.approve,
        can_comment=perms.comment,
        can_manage_people=perms.manage_people,
        can_view_audit=perms.view_audit,
        unit=unit,
        is_system_admin=system_admin,
    )


def agency_access(*, user: Any, agency: Agency) -> Access:
    """What ``user`` may do in ``agency``. Raises ``Http404`` when they may not see it at all."""
    if user is None or not user.is_authenticated or not user.is_active or agency.pk is None:
        raise Http404("ไม่พบหน่วยงาน")
    membership = Membership.objects.select_related("unit").filter(user=user, agency=agency).first()
    if is_system_admin(user):
        unit = membership.unit if membership is not None else None
        return _access(agency, SYSTEM_ADMIN, SYSTEM_ADMIN_LABEL, unit, True)
    if membership is None:
        raise Http404("ไม่พบหน่วยงาน")
    return _access(agency, membership.role, membership.get_role_display(), membership.unit, False)


def resolve_agency(*, user: Any, slug: str) -> tuple[Agency, Access]:
    """The agency with this slug and the person's access to it; 404 unless visible to them. A member's agency,
    unit and role come in one query (their membership row), the same rows ``agencies_visible_to`` and
    ``agency_access`` would read."""
    if user is None or not user.is_authenticated or not user.is_active or is_system_admin(user):
        agency = get_object_or_404(agencies_visible_to(user=user), slug=slug)
        return agency, agency_access(user=user, agency=agency)
    membership = Membership.objects.select_related("agency", "unit").filter(user=user, agency__slug=slug).first()
    if membership is None:
        raise Http404("ไม่พบหน่วยงาน")
    agency = membership.agency
    return agency, _access(agency, membership.role, membership.get_role_display(), membership.unit, False)


ViewFunc = Callable[..., HttpResponse]


def agency_view(permission: str = "view") -> Callable[[ViewFunc], ViewFunc]:
    """Wrap a view of ``/a/<agency_slug>/…``: login, then 404 unless visible, then 403 unless permitted.

    The view receives ``agency`` and ``access`` as keyword arguments (also set on the request for
    templates). The wrapper carries ``prongsai_access = permission``; a test checks every agency URL has it.
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, agency_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.headers.get("HX-Request"):
                    from django.conf import settings
                    from django.shortcuts import resolve_url

                    return HttpResponse(status=204, headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
                return redirect_to_login(request.get_full_path())
            agency, access = resolve_agency(user=request.user, slug=agency_slug)
            if not access.allows(permission):
                raise PermissionDenied("ท่านไม่มีสิทธิ์ใช้งานส่วนนี้ของหน่วยงาน")
            request.agency = agency  # type: ignore[attr-defined]
            request.access = access  # type: ignore[attr-defined]
            return view(request, *args, agency=agency, access=access, **kwargs)

        wrapper.prongsai_access = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


# --- where a person without an agency of their own lands ---------------------------------------------------------

# Other apps add rules here in their AppConfig.ready() (national: a regional viewer lands on the regional
# dashboard), so that this module never imports them. A rule returns a URL name, or None to pass.
LANDING_RULES: list[Callable[[Any], str | None]] = []


def register_landing(rule: Callable[[Any], str | None]) -> None:
    if rule not in LANDING_RULES:
        LANDING_RULES.append(rule)


def landing_without_agency(*, user: Any) -> str | None:
    """The URL name where a signed-in person who is a member of no agency starts, or None."""
    for rule in LANDING_RULES:
        found = rule(user)
        if found:
            return found
    return None



# --- where a member of an agency lands, when their work is elsewhere ------------------------------------------------

# Other apps add rules in their AppConfig.ready() (rounds: an assessor lands on their open round's page, not on the
# empty dashboard of their office). A rule returns a path, or None to pass; the first path wins.
MEMBER_LANDING_RULES: list[Callable[[Any], str | None]] = []


def register_member_landing(rule: Callable[[Any], str | None]) -> None:
    if rule not in MEMBER_LANDING_RULES:
        MEMBER_LANDING_RULES.append(rule)


def landing_for_member(*, user: Any) -> str | None:
    """The path where a signed-in member starts instead of their agency's dashboard, or None."""
    for rule in MEMBER_LANDING_RULES:
        found = rule(user)
        if found:
            return found
    return None
