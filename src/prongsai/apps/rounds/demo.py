"""The demo assessment round (FICTIONAL agencies and people): an office runs a round on the demo variant framework
for three อบต., with survey answers, OIT answers and judgements, and scored results waiting for confirmation.
Idempotent: an existing demo round is left as it is."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency, AgencyKind, Role
from prongsai.apps.agencies.services import agency_ensure, membership_set, person_ensure
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.base.demo import DemoPerson
from prongsai.apps.rounds import services
from prongsai.apps.rounds.access import round_access
from prongsai.apps.rounds.frameworks import oit_codes, round_framework, survey_points
from prongsai.apps.rounds.models import OitSubmission, Round
from prongsai.apps.surveys.services import pulse_answers_store
from prongsai.core.rounds import PHASES

VARIANT_PATH = Path(__file__).parent / "data" / "demo-variant.yaml"
OFFICE_SLUG = "demo-assessor-office"
TITLE = "การประเมิน ITA หน่วยงานในสังกัด (สาธิต)"
UNITS = (
    (DEMO_SLUG, "องค์การบริหารส่วนตำบลตัวอย่าง", "อำเภอเหนือ"),
    ("demo-round-unit-2", "องค์การบริหารส่วนตำบลสาธิตสอง", "อำเภอเหนือ"),
    ("demo-round-unit-3", "องค์การบริหารส่วนตำบลสาธิตสาม", "อำเภอใต้"),
)
PEOPLE = (
    DemoPerson("demo-round-admin", "มาลี", "จัดการประเมิน", ((OFFICE_SLUG, Role.COORDINATOR, None),)),
    DemoPerson("demo-assessor-1", "สมชาย", "ผู้ประเมิน", ((OFFICE_SLUG, Role.AUDITOR, None),)),
    DemoPerson("demo-assessor-2", "สุดา", "ผู้ประเมิน", ((OFFICE_SLUG, Role.AUDITOR, None),)),
    DemoPerson("demo-round-unit-2", "อนันต์", "ประสานงาน", (("demo-round-unit-2", Role.COORDINATOR, None),)),
)


@dataclass
class RoundsDemoReport:
    round: Round
    created: bool
    people: list[str] = field(default_factory=list)


def _fields(agency: Agency) -> dict:
    return {f: getattr(agency, f) for f in ("name_th", "kind", "district", "province", "website", "notes")}


def _racc(user, agency, round):
    return round_access(user=user, access=agency_access(user=user, agency=agency), round=round)


@transaction.atomic
def rounds_demo_load(*, password: str | None = None) -> RoundsDemoReport:
    office = agency_ensure(slug=OFFICE_SLUG, name_th="สำนักงานสาธิตผู้จัดการประเมิน", kind=AgencyKind.OTHER,
                           province="ตัวอย่าง", is_demo=True)
    agencies = {}
    for slug, name, district in UNITS:
        # The main demo agency (load_demo's) is used as it is: ensuring it again here would overwrite its place,
        # website and notes and clear its is_demo flag (its portal then lost the demo banner).
        found = Agency.objects.filter(slug=slug).first() if slug == DEMO_SLUG else None
        if found is not None:
            if not found.is_demo:
                found = agency_ensure(slug=slug, **{**_fields(found), "is_demo": True})
            agencies[slug] = found
            continue
        agencies[slug] = agency_ensure(slug=slug, name_th=name, kind=AgencyKind.SAO, district=district,
                                       province="ตัวอย่าง", is_demo=True)
    users = {}
    for person in PEOPLE:
        user = person_ensure(username=person.username, first_name=person.first_name, last_name=person.last_name,
                             system_admin=person.system_admin, password=password)
        for slug, role, _unit in person.memberships:
            membership_set(user=user, agency=office if slug == OFFICE_SLUG else agencies[slug], role=role)
        users[person.username] = user
    names = [p.username for p in PEOPLE]
    existing = Round.objects.filter(assessor=office, title=TITLE).first()
    if existing is not None:
        return RoundsDemoReport(existing, False, names)

    admin = users["demo-round-admin"]
    today = timezone.localdate()
    round = services.round_create(assessor=office, actor=admin, title=TITLE, fiscal_year=2568, framework_year=None,
                                  framework_yaml=VARIANT_PATH.read_text(encoding="utf-8"), starts_on=today)
    admin_racc = _racc(admin, office, round)
    for kind in PHASES:  # every window open today so that the demo can be walked through
        services.round_phase_set(racc=admin_racc, actor=admin, kind=kind, starts_on=today - timedelta(days=7),
                                 ends_on=today + timedelta(days=60))
    units = [services.round_unit_add(racc=admin_racc, actor=admin, agency=agencies[slug],
                                     group="อำเภอเหนือ" if district == "อำเภอเหนือ" else "อำเภอใต้")
             for slug, _name, district in UNITS]
    services.round_role_assign(racc=admin_racc, actor=admin, user=users["demo-assessor-1"], kind="assessor",
                               group="อำเภอเหนือ")
    services.round_role_assign(racc=admin_racc, actor=admin, user=users["demo-assessor-2"], kind="assessor",
                               group="อำเภอใต้")
    framework = round_framework(round)
    rng = random.Random(2568)
    for n, unit in enumerate(units):
        unit.staff_count, unit.stakeholder_count = 12 + 4 * n, 300 + 100 * n
        unit.registered_at = timezone.now()
        unit.save(update_fields=["staff_count", "stakeholder_count", "registered_at"])
        for survey in unit.surveys.all():
            points = survey_points(framework, survey.instrument)
            for _ in range(6 + n):
                answers = {p.field: p.options[min(3, max(1, 3 - n + rng.randint(-1, 0)))] for p in points}
                pulse_answers_store(round=survey.pulse, points=points, answers=answers)
        assessor = users["demo-assessor-1" if unit.group == "อำเภอเหนือ" else "demo-assessor-2"]
        for i, item in enumerate(oit_codes(framework)):
            has = (i + n) % 5 != 4
            OitSubmission.objects.create(  # demo rows: written as a coordinator would

                unit=unit, item=item, has_evidence=has,
                urls=f"https://{unit.agency.slug}.example.go.th/ita/{item.lower()}" if has else "",
                explanation="หน้าหลัก > ITA > " + item if has else "",
            )
            services.judgement_record(racc=_racc(assessor, office, round), actor=assessor, unit=unit, item=item,
                                      passed=has, comment="" if has else "ไม่พบข้อมูลบนเว็บไซต์หลัก",
                                      checked_on=today)
    services.round_score(racc=_racc(admin, office, round), actor=admin)
    return RoundsDemoReport(round, True, names)
