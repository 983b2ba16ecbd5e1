"""Fixtures for assessment rounds: an assessor organisation, three units, a round admin, two assessors, the unit
coordinators, and a round on the demo variant framework with every phase open today (``open_round``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import AgencyKind, Role
from prongsai.apps.agencies.services import agency_ensure, membership_set, unit_ensure
from prongsai.apps.rounds import services
from prongsai.apps.rounds.access import round_access
from prongsai.core.rounds import PHASES

from ..conftest import make_user

VARIANT = (Path(__file__).resolve().parents[3] / "src/prongsai/apps/rounds/data/demo-variant.yaml").read_text("utf-8")


@dataclass
class RoundWorld:
    assessor: Any
    units: dict[str, Any]  # "a", "b", "c" → Agency
    users: dict[str, Any] = field(default_factory=dict)

    def racc(self, user_key: str, agency, round):
        user = self.users[user_key]
        return round_access(user=user, access=agency_access(user=user, agency=agency), round=round)


@pytest.fixture
def rw(db, settings) -> RoundWorld:
    settings.PRONGSAI_SURVEY_MIN_RESPONDENTS = 2
    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    assessor = agency_ensure(slug="provincial-office", name_th="สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดทดสอบ",
                             kind=AgencyKind.OTHER, province="ทดสอบ")
    names = {"a": "องค์การบริหารส่วนตำบลหนึ่งทดสอบ", "b": "องค์การบริหารส่วนตำบลสองทดสอบ",
             "c": "องค์การบริหารส่วนตำบลสามทดสอบ"}
    units = {k: agency_ensure(slug=f"unit-{k}", name_th=v, kind=AgencyKind.SAO, district="เมืองทดสอบ",
                              province="ทดสอบ") for k, v in names.items()}
    w = RoundWorld(assessor=assessor, units=units)
    w.users["admin"] = make_user("round-admin", first_name="ผู้ดูแลรอบ")
    membership_set(user=w.users["admin"], agency=assessor, role=Role.COORDINATOR)
    for key in ("assessor1", "assessor2"):
        w.users[key] = make_user(key, first_name=f"ผู้ประเมิน{key[-1]}")
        membership_set(user=w.users[key], agency=assessor, role=Role.AUDITOR)
    w.users["viewer"] = make_user("assessor-org-viewer")
    membership_set(user=w.users["viewer"], agency=assessor, role=Role.EXECUTIVE)
    for k, agency in units.items():
        w.users[f"coord_{k}"] = make_user(f"coord-{k}", first_name=f"ผู้ประสานงาน{k}")
        membership_set(user=w.users[f"coord_{k}"], agency=agency, role=Role.COORDINATOR)
        w.users[f"staff_{k}"] = make_user(f"staff-{k}")
        membership_set(user=w.users[f"staff_{k}"], agency=agency, role=Role.UNIT_STAFF,
                       unit=unit_ensure(agency=agency, name_th="สำนักปลัด"))
    return w


def open_all_phases(racc, actor, *, days_before: int = 0) -> None:
    """Every phase from today (minus ``days_before``) for 30 days: the whole round can be walked through today."""
    today = timezone.localdate()
    for kind in PHASES:
        services.round_phase_set(racc=racc, actor=actor, kind=kind, starts_on=today - timedelta(days=days_before),
                                 ends_on=today + timedelta(days=30))


@pytest.fixture
def open_round(rw):
    """A round on the demo variant with units a, b (group ก) and c (group ข), every phase open today; assessor1 judges
    group ก, assessor2 group ข and unit a (a second reviewer there); each unit registered (10 staff, 200 clients)."""
    admin = rw.users["admin"]
    round = services.round_create(assessor=rw.assessor, actor=admin, title="ITA ท้องถิ่นจังหวัดทดสอบ 2568",
                                  fiscal_year=2568, framework_year=None, framework_yaml=VARIANT,
                                  starts_on=timezone.localdate())
    racc = rw.racc("admin", rw.assessor, round)
    open_all_phases(racc, admin)
    units = {}
    for k, group in (("a", "ก"), ("b", "ก"), ("c", "ข")):
        units[k] = services.round_unit_add(racc=racc, actor=admin, agency=rw.units[k], group=group)
    services.round_role_assign(racc=racc, actor=admin, user=rw.users["assessor1"], kind="assessor", group="ก")
    services.round_role_assign(racc=racc, actor=admin, user=rw.users["assessor2"], kind="assessor", group="ข")
    services.round_role_assign(racc=racc, actor=admin, user=rw.users["assessor2"], kind="assessor", unit=units["a"])
    for k in units:
        services.unit_register(racc=rw.racc(f"coord_{k}", rw.units[k], round), actor=rw.users[f"coord_{k}"],
                               staff_count=10, stakeholder_count=200, website="")
    round.refresh_from_db()
    return round
