"""The surveys the survey load test answers (bench/load/run_load.py ``--surveys N``), made through the app's own
services in the prepare process (Django set up, fresh database), as a round admin and a unit coordinator would:

- an assessment round (``apps/rounds``) of a bench assessor office on the NACC FY2568 framework with the IIT questions
  the app asks for it (borrowed from the latest built-in year that has them, as for any FY2568 round) and fifteen
  SYNTHETIC EIT questions e1–e15 (5 per indicator 6/7/8, placeholders like bench_survey.py's: no official EIT form
  is built in, so a plain FY2568 round has no EIT questions to answer); ``--survey-framework variant``: the demo
  variant (5 IIT and 3 EIT points). Every phase open today, one unit (a bench อบต.) registered with N staff and N
  service users, and N IIT invitation codes (``invitations_create``: one per staff member); its open EIT link;
- a pulse survey (``apps/surveys``) of the same unit, IIT kind (the NACC IIT questions of the fiscal year), open for
  30 days: its ``/s/<token>/`` link is what the QR poster carries.

Returns what the client and the row counts need: the codes (never printed beyond the JSON the runner reads), the
links, and the ids of the three ``PulseRound`` rows the answers end up in. Everything here is FICTIONAL bench data.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

OFFICE_SLUG = "bench-assessor-office"
UNIT_SLUG = "bench-survey-unit"
VARIANT = Path(__file__).resolve().parents[2] / "src/prongsai/apps/rounds/data/demo-variant.yaml"
# FY2568 plus SYNTHETIC EIT questions (benchmark only, not the NACC's wording): the IIT questions stay the app's own.
SYNTHETIC_EIT = "\n".join(
    [
        "extends: 2568",
        "title_th: '[ทดสอบโหลดเท่านั้น] กรอบปี 2568 พร้อมข้อคำถาม EIT สังเคราะห์ e1–e15'",
        "questions:",
        "  source: ['synthetic EIT questions e1-e15 for load testing (no official source)']",
        "  confidence: low",
        "  notes: ข้อคำถาม EIT สังเคราะห์สำหรับทดสอบโหลดเท่านั้น",
        "  scales:",
        "    four_level:",
        "      kind: ordinal",
        "      name_th: มาตร 4 ระดับ",
        "      options: {น้อยที่สุดหรือไม่มีเลย: 0, น้อย: 33.33, มาก: 66.67, มากที่สุด: 100}",
        "  items:",
        *(
            f"    - {{code: e{n}, indicator: {6 + (n - 1) // 5}, text_th: ข้อคำถาม EIT สังเคราะห์ที่ {n},"
            " sub_items: [{scale: four_level}]}"
            for n in range(1, 16)
        ),
    ]
)


def make_surveys(respondents: int, framework: str = "nacc") -> dict:
    from django.utils import timezone

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import AgencyKind, Role
    from prongsai.apps.agencies.services import agency_ensure, membership_set, person_ensure
    from prongsai.apps.rounds import services
    from prongsai.apps.rounds.access import round_access
    from prongsai.apps.rounds.frameworks import round_framework, survey_points
    from prongsai.apps.rounds.models import Instrument
    from prongsai.apps.surveys.models import SurveyKind
    from prongsai.apps.surveys.questions import round_blocks
    from prongsai.apps.surveys.services import pulse_round_create
    from prongsai.core.rounds import PHASES

    today = timezone.localdate()
    office = agency_ensure(
        slug=OFFICE_SLUG, name_th="สำนักงานผู้จัดการประเมิน (ทดสอบโหลด)", kind=AgencyKind.OTHER, province="ทดสอบ"
    )
    unit_agency = agency_ensure(
        slug=UNIT_SLUG,
        name_th="องค์การบริหารส่วนตำบลทดสอบโหลด",
        kind=AgencyKind.SAO,
        district="เมืองทดสอบ",
        province="ทดสอบ",
    )
    admin = person_ensure(username="bench-round-admin", first_name="ผู้ดูแลรอบ", last_name="ทดสอบโหลด")
    coordinator = person_ensure(username="bench-unit-coordinator", first_name="ผู้ประสานงาน", last_name="ทดสอบโหลด")
    membership_set(user=admin, agency=office, role=Role.COORDINATOR)
    membership_set(user=coordinator, agency=unit_agency, role=Role.COORDINATOR)

    def racc(user, agency, round):
        return round_access(user=user, access=agency_access(user=user, agency=agency), round=round)

    nacc = framework == "nacc"
    round = services.round_create(
        assessor=office,
        actor=admin,
        title="รอบทดสอบโหลดแบบสำรวจ",
        fiscal_year=2568,
        framework_year=None,
        framework_yaml=SYNTHETIC_EIT if nacc else VARIANT.read_text("utf-8"),
        starts_on=today,
    )
    for kind in PHASES:  # every window open today: the surveys take answers
        services.round_phase_set(
            racc=racc(admin, office, round),
            actor=admin,
            kind=kind,
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=30),
        )
    unit = services.round_unit_add(racc=racc(admin, office, round), actor=admin, agency=unit_agency)
    services.round_role_assign(
        racc=racc(admin, office, round), actor=admin, user=coordinator, kind="unit_coordinator", unit=unit
    )
    coord = racc(coordinator, unit_agency, round)
    services.unit_register(racc=coord, actor=coordinator, staff_count=respondents, stakeholder_count=respondents)
    made = services.invitations_create(racc=racc(coordinator, unit_agency, round), actor=coordinator)
    iit = unit.surveys.get(instrument=Instrument.IIT)
    eit = unit.surveys.get(instrument=Instrument.EIT)
    fw = round_framework(round)
    pulse = pulse_round_create(
        agency=unit_agency,
        actor=coordinator,
        kind=SurveyKind.IIT,
        title="แบบสำรวจ IIT ระหว่างปี (ทดสอบโหลด)",
        fiscal_year=2568,
        closes_on=today + timedelta(days=30),
    )
    points = {
        "round_iit": len(survey_points(fw, Instrument.IIT)),
        "round_eit": len(survey_points(fw, Instrument.EIT)),
        "pulse": sum(len(b.points) for b in round_blocks(round=pulse)),
    }
    empty = [k for k, n in points.items() if not n]
    if empty:
        raise SystemExit(f"survey load: no questions for {empty} (framework {framework})")
    return {
        "round": round.pk,
        "framework": "FY2568 + synthetic EIT e1-e15" if nacc else "demo variant (extends 2568)",
        "invitations": made,
        "iit_codes": list(iit.invitations.order_by("pk").values_list("token", flat=True)),
        "iit_entry": iit.open_token,
        "eit_link": eit.open_token,
        "pulse_link": pulse.token,
        "pulse_ids": {"round_iit": iit.pulse_id, "round_eit": eit.pulse_id, "pulse": pulse.pk},
        "iit_survey": iit.pk,
        "points": points,
    }
