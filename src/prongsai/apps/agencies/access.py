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
PERMISSIONS = ("view", "edit_results", "approve", "comment", "manage_people", "view_audit")


@dataclass(frozen=True)
class Permissions:
    view: bool = True
    edit_results: bool = False
    approve: bool = False  # measures plan approval (part B)
    comment: bool = False  # comments on plans and tasks (part B)
    manage_people: bool = False
    view_audit: bool = False


# Who may do what. Part B (plans, tasks, evidence) adds its rows' meaning, not new roles.
ROLE_PERMISSIONS: dict[str, Permissions] = {
    SYSTEM_ADMIN: Permissions(edit_results=True, comment=True, manage_people=True, view_audit=True),
    Role.AGENCY_ADMIN: Permissions(edit_results=True, comment=True, manage_people=True, view_audit=True),
    Role.COORDINATOR: Permissions(edit_results=True, comment=True),
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
    """The agency with this slug and the person's access to it; 404 unless visible to them."""
    agency = get_object_or_404(agencies_visible_to(user=user), slug=slug)
    return agency, agency_access(user=user, agency=agency)


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


# --- regions: provincial and national aggregates (issue 9) ------------------------------------------------------


@dataclass(frozen=True)
class Regions:
    """The regional aggregates a person may see: the nation, or some provinces (``national.RegionalViewer``).

    A regional viewer sees aggregates and agencies' *published* results (the public pages); never an agency's
    private pages, which stay behind ``agency_view``.
    """

    nation: bool = False
    provinces: frozenset[str] = frozenset()

    @property
    def any(self) -> bool:
        return self.nation or bool(self.provinces)

    def sees(self, province: str | None) -> bool:
        """The nation (``province`` None) or one province."""
        return self.nation or (province is not None and province in self.provinces)

    @property
    def import_limit(self) -> frozenset[str] | None:
        """The provinces this person may import results for (None: any)."""
        return None if self.nation else self.provinces


def regions_visible_to(*, user: Any) -> Regions:
    """The nation for a system administrator or a nation-wide viewer; else the provinces of their viewer rows."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Regions()
    if is_system_admin(user):
        return Regions(nation=True)
    from prongsai.apps.national.models import RegionalViewer, RegionScope  # late: agencies must not need national

    rows = list(RegionalViewer.objects.filter(user=user).values_list("scope", "province"))
    if any(scope == RegionScope.NATION for scope, _ in rows):
        return Regions(nation=True)
    return Regions(provinces=frozenset(p for scope, p in rows if scope == RegionScope.PROVINCE and p))


def region_view(view: ViewFunc) -> ViewFunc:
    """Wrap a regional view (``/national/…``): login, then 404 unless the person sees some region, and, when
    the URL names a ``province``, that province (404, not 403: a province one may not see does not exist for
    them). The view receives ``regions``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        regions = regions_visible_to(user=request.user)
        if not regions.any or ("province" in kwargs and not regions.sees(kwargs["province"])):
            raise Http404("ไม่พบหน้าที่ต้องการ")
        return view(request, *args, regions=regions, **kwargs)

    wrapper.prongsai_region_access = True  # type: ignore[attr-defined]
    return wrapper


# --- assessment rounds (issue 11) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundAccess:
    """What one person may do in one assessment round, seen from the agency in the URL (``Access.agency``): the
    assessor organisation that runs it, or one of its units. Every round view and service asks ``round_access``."""

    round: Any
    access: Access
    unit: Any | None  # the RoundUnit when the agency in the URL is a unit of the round
    is_admin: bool  # round admin: an administrator or ITA coordinator of the assessor organisation
    assessor_unit_ids: frozenset[int]  # the units this person judges (never a unit they are a member of)
    can_coordinate: bool  # unit coordinator: an administrator or ITA coordinator of that unit
    can_see_results: bool  # the assessor organisation always; a unit only its own, once the results are confirmed

    @property
    def is_assessor_org(self) -> bool:
        return self.unit is None

    @property
    def is_assessor(self) -> bool:
        return bool(self.assessor_unit_ids)


def round_assessor_unit_ids(*, user: Any, round: Any) -> frozenset[int]:
    """The units of ``round`` that ``user`` is assigned to judge (by unit or by group), leaving out every unit whose
    agency the person is a member of: an assessor never assesses their own unit."""
    from prongsai.apps.rounds.models import RoundRole

    if user is None or not user.is_authenticated:
        return frozenset()
    roles = RoundRole.objects.filter(round=round, user=user, kind=RoundRole.Kind.ASSESSOR)
    groups = {r.group for r in roles if r.group}
    unit_ids = {r.unit_id for r in roles if r.unit_id}
    own = set(Membership.objects.filter(user=user).values_list("agency_id", flat=True))
    return frozenset(
        u.pk
        for u in round.units.all()
        if (u.pk in unit_ids or (u.group and u.group in groups)) and u.agency_id not in own
    )


def round_access(*, user: Any, access: Access, round: Any) -> RoundAccess:
    """``access`` is the person's access to the agency in the URL; 404 when that agency neither runs the round nor
    takes part in it."""
    if round.assessor_id == access.agency.pk:
        return RoundAccess(
            round=round,
            access=access,
            unit=None,
            is_admin=access.can_edit_results,
            assessor_unit_ids=round_assessor_unit_ids(user=user, round=round),
            can_coordinate=False,
            can_see_results=True,
        )
    unit = round.units.filter(agency=access.agency).first()
    if unit is None:
        raise Http404("ไม่พบรอบการประเมิน")
    return RoundAccess(
        round=round,
        access=access,
        unit=unit,
        is_admin=False,
        assessor_unit_ids=frozenset(),
        can_coordinate=access.can_edit_results,
        can_see_results=round.confirmed_at is not None,
    )
