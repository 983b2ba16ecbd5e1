"""Demo data: FICTIONAL agencies, their results and their people.

- องค์การบริหารส่วนตำบลตัวอย่าง (``demo-tambon``): results FY2563–2568, question scores for FY2568.
- เทศบาลตำบลสมมุติ (``demo-thetsaban``): a second, "foreign" agency with FY2566–2568, to show that
  the people of one agency never see the other's data.
- One demo person per role (``DEMO_PEOPLE``), a system administrator, and one person in both agencies
  (to show the agency switcher).

The agencies, places, websites (reserved ``.example`` names), people and every score are made up for
demonstrations and tests; none describes a real agency or person. Results are entered as the ten
indicator scores of each year and scored by the core through ``services.result_record``. Demo people
get ``password`` only when one is given (``load_demo`` gives the demo password only when DEBUG is
on); otherwise their password is unusable. Loading is idempotent: a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from prongsai.apps.agencies.models import Agency, AgencyKind, Role
from prongsai.apps.agencies.services import agency_ensure, membership_set, person_ensure, unit_ensure
from prongsai.apps.assessments.models import AssessmentResult, ResultSource
from prongsai.apps.assessments.services import result_publish, result_record
from prongsai.apps.base.demo import DemoPerson, demo_steps_run
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.frameworks import FrameworkRegistry

DEMO_SLUG = "demo-tambon"
DEMO_AGENCY = {
    "name_th": "องค์การบริหารส่วนตำบลตัวอย่าง",
    "kind": AgencyKind.SAO,
    "district": "เมืองตัวอย่าง",
    "province": "ตัวอย่าง",
    "website": "https://demo-tambon.example/",
    "is_demo": True,
    "notes": "หน่วยงานสมมุติสำหรับสาธิตระบบ ไม่ใช่หน่วยงานจริง ชื่อ ที่ตั้ง เว็บไซต์ และคะแนนทั้งหมดสร้างขึ้นเอง"
    " / A fictional agency for demonstrations; its name, place, website and scores are made up.",
}
DEMO_UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง"]

# Fiscal year (B.E.) → the ten indicator scores (1–5 IIT, 6–8 EIT, 9–10 OIT). Made up: a steady climb.
DEMO_SCORES: dict[int, dict[int, float]] = {
    2563: {1: 88.50, 2: 75.20, 3: 82.40, 4: 70.15, 5: 78.90, 6: 80.35, 7: 74.60, 8: 72.10, 9: 61.50, 10: 55.00},
    2564: {1: 90.12, 2: 80.45, 3: 85.30, 4: 78.66, 5: 82.14, 6: 83.20, 7: 79.85, 8: 77.40, 9: 72.25, 10: 68.75},
    2565: {1: 92.40, 2: 85.10, 3: 88.75, 4: 84.30, 5: 86.90, 6: 86.45, 7: 84.10, 8: 82.95, 9: 83.00, 10: 80.50},
    2566: {1: 94.20, 2: 88.60, 3: 91.35, 4: 87.80, 5: 90.15, 6: 88.70, 7: 87.25, 8: 86.40, 9: 90.00, 10: 87.50},
    2567: {1: 95.80, 2: 91.25, 3: 93.40, 4: 90.60, 5: 92.75, 6: 91.10, 7: 89.95, 8: 89.30, 9: 95.00, 10: 92.50},
    2568: {1: 97.10, 2: 93.80, 3: 95.45, 4: 93.20, 5: 94.60, 6: 93.35, 7: 92.80, 8: 91.90, 9: 100.0, 10: 97.50},
}


# Question scores of FY2568 (made up), as an imported report would carry them: code, text, indicator, score.
DEMO_QUESTIONS: dict[int, list[dict[str, object]]] = {
    2568: [
        {"code": "i1", "text": "บุคลากรปฏิบัติงานตามขั้นตอนและระยะเวลาที่กำหนดอย่างเท่าเทียม", "indicator": 1, "score": 96.40},
        {"code": "i2", "text": "บุคลากรปฏิบัติงานโดยมุ่งผลสำเร็จของงาน", "indicator": 1, "score": 97.80},
        {"code": "i3", "text": "หน่วยงานเปิดเผยข้อมูลการใช้จ่ายงบประมาณให้บุคลากรรับรู้", "indicator": 2, "score": 89.15},
        {"code": "i4", "text": "บุคลากรมีส่วนร่วมในการตรวจสอบการใช้จ่ายงบประมาณ", "indicator": 2, "score": 84.60},
        {"code": "i5", "text": "ผู้บังคับบัญชามอบหมายงานอย่างเป็นธรรม", "indicator": 3, "score": 95.20},
        {"code": "i6", "text": "การคัดเลือกบุคลากรเพื่อฝึกอบรมหรือให้ทุนเป็นไปอย่างเป็นธรรม", "indicator": 3, "score": 93.70},
        {"code": "i7", "text": "บุคลากรรู้ขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการ", "indicator": 4, "score": 88.45},
        {"code": "i8", "text": "หน่วยงานกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ", "indicator": 4, "score": 91.90},
        {"code": "i9", "text": "หน่วยงานเปิดโอกาสให้บุคลากรร้องเรียนการทุจริตโดยได้รับการคุ้มครอง", "indicator": 5, "score": 86.30},
        {"code": "e1", "text": "เจ้าหน้าที่ให้บริการตามขั้นตอนและระยะเวลาที่กำหนด", "indicator": 6, "score": 94.10},
        {"code": "e2", "text": "หน่วยงานเผยแพร่ผลการดำเนินงานผ่านช่องทางที่เข้าถึงง่าย", "indicator": 7, "score": 90.85},
        {"code": "e3", "text": "หน่วยงานปรับปรุงวิธีการให้บริการให้สะดวกและรวดเร็วขึ้น", "indicator": 8, "score": 87.25},
    ]
}

FOREIGN_SLUG = "demo-thetsaban"
FOREIGN_AGENCY = {
    "name_th": "เทศบาลตำบลสมมุติ",
    "kind": AgencyKind.TAMBON_MUNICIPALITY,
    "district": "เมืองสมมุติ",
    "province": "สมมุติ",
    "website": "https://demo-thetsaban.example/",
    "is_demo": True,
    "notes": "หน่วยงานสมมุติที่สองสำหรับสาธิตการแยกข้อมูลระหว่างหน่วยงาน ไม่ใช่หน่วยงานจริง"
    " / A second fictional agency, to show that agencies never see each other's data.",
}
FOREIGN_UNITS = ["สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองสาธารณสุขและสิ่งแวดล้อม"]
FOREIGN_SCORES: dict[int, dict[int, float]] = {
    2566: {1: 91.05, 2: 84.30, 3: 89.90, 4: 83.15, 5: 86.75, 6: 85.60, 7: 82.40, 8: 80.95, 9: 78.00, 10: 72.50},
    2567: {1: 92.30, 2: 86.85, 3: 90.45, 4: 85.70, 5: 88.20, 6: 87.15, 7: 84.90, 8: 83.30, 9: 84.50, 10: 80.00},
    2568: {1: 93.65, 2: 88.10, 3: 91.80, 4: 87.45, 5: 89.95, 6: 88.40, 7: 86.75, 8: 85.10, 9: 92.00, 10: 85.00},
}


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("demo-sysadmin", "ผู้ดูแลระบบ", "สาธิต", (), system_admin=True, what_th="ผู้ดูแลระบบ เห็นทุกหน่วยงาน"),
    DemoPerson("demo-admin", "สมศรี", "ดูแลดี", ((DEMO_SLUG, Role.AGENCY_ADMIN, None),)),
    DemoPerson("demo-coordinator", "วิภา", "ประสานงาน", ((DEMO_SLUG, Role.COORDINATOR, None),)),
    DemoPerson("demo-unit", "ประเสริฐ", "คลังดี", ((DEMO_SLUG, Role.UNIT_STAFF, "กองคลัง"),)),
    DemoPerson("demo-executive", "ชัยวัฒน์", "บริหารดี", ((DEMO_SLUG, Role.EXECUTIVE, None),)),
    DemoPerson("demo-auditor", "อรุณี", "ตรวจสอบ", ((DEMO_SLUG, Role.AUDITOR, None),)),
    DemoPerson("demo-foreign", "มานพ", "ต่างถิ่น", ((FOREIGN_SLUG, Role.AGENCY_ADMIN, None),)),
    DemoPerson(
        "demo-multi",
        "กมล",
        "สองสังกัด",
        ((DEMO_SLUG, Role.COORDINATOR, None), (FOREIGN_SLUG, Role.EXECUTIVE, None)),
    ),
)


@dataclass
class DemoReport:
    agency: Agency
    loaded_years: list[int] = field(default_factory=list)
    changed_years: list[int] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)  # no framework known for these years
    foreign: Agency | None = None
    people: list[tuple[DemoPerson, str]] = field(default_factory=list)  # (person, Thai description of roles)
    password_set: bool = False
    step_lines: list[str] = field(default_factory=list)  # what the other apps' demo steps did (base.demo)


def _snapshot(agency: Agency) -> dict[int, object]:
    return dict(AssessmentResult.objects.filter(agency=agency).values_list("fiscal_year", "updated_at"))


def _load_results(
    agency: Agency,
    scores_by_year: dict[int, dict[int, float]],
    registry: FrameworkRegistry,
    report: DemoReport,
    questions: dict[int, list[dict[str, object]]] | None = None,
) -> None:
    known = set(registry.years())
    for fiscal_year, scores in sorted(scores_by_year.items()):
        if fiscal_year not in known:
            if fiscal_year not in report.missing_years:
                report.missing_years.append(fiscal_year)
            continue
        result_record(
            agency=agency,
            fiscal_year=fiscal_year,
            indicator_scores=scores,
            registry=registry,
            questions=(questions or {}).get(fiscal_year),
            source=ResultSource.DEMO,
        )
        # Published through the service, as staff would, so that the demo portal and open data show the results.
        result_publish(agency=agency, fiscal_year=fiscal_year, actor=None)
        if agency.slug == DEMO_SLUG:
            report.loaded_years.append(fiscal_year)


@transaction.atomic
def demo_load(*, registry: FrameworkRegistry | None = None, password: str | None = None) -> DemoReport:
    """Create or refresh the demo agencies, units, results and people. A second run changes nothing.

    ``password``: given to every demo person (local development only); None makes their passwords unusable.
    """
    registry = registry or framework_registry()
    agency = agency_ensure(slug=DEMO_SLUG, **DEMO_AGENCY)
    for name in DEMO_UNITS:
        unit_ensure(agency=agency, name_th=name)
    foreign = agency_ensure(slug=FOREIGN_SLUG, **FOREIGN_AGENCY)
    for name in FOREIGN_UNITS:
        unit_ensure(agency=foreign, name_th=name)
    report = DemoReport(agency=agency, foreign=foreign, password_set=bool(password))
    before = _snapshot(agency)
    _load_results(agency, DEMO_SCORES, registry, report, DEMO_QUESTIONS)
    _load_results(foreign, FOREIGN_SCORES, registry, report)
    after = _snapshot(agency)
    report.changed_years = sorted(fy for fy, stamp in after.items() if before.get(fy) != stamp)

    agencies = {DEMO_SLUG: agency, FOREIGN_SLUG: foreign}
    users = {}
    for person in DEMO_PEOPLE:
        user = person_ensure(
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            system_admin=person.system_admin,
            password=password,
        )
        users[person.username] = user
        roles = []
        for slug, role, unit_name in person.memberships:
            target = agencies[slug]
            unit = unit_ensure(agency=target, name_th=unit_name) if unit_name else None
            membership = membership_set(user=user, agency=target, role=role, unit=unit)
            roles.append(f"{membership.get_role_display()}{f' ({unit_name})' if unit_name else ''} – {target.name_th}")
        report.people.append((person, person.what_th or "; ".join(roles)))

    # The other apps' demo data for the demo agency (a measures plan …), registered in their AppConfig.ready().
    report.step_lines = demo_steps_run(agency=agency, users=users)
    return report
