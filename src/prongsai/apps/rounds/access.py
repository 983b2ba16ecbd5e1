"""What a person may do in an assessment round: one function, ``round_access``, on top of ``agencies.access`` (the
agency in the URL), which never imports this app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Membership
from prongsai.apps.rounds.models import RoundRole


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
