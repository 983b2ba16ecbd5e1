"""Demo data: one FICTIONAL agency (องค์การบริหารส่วนตำบลตัวอย่าง) with results for FY2563–2568.

The agency, its district and province, its website (a reserved ``.example`` name) and every score
are made up for demonstrations and tests; none describes a real agency. Results are entered as the
ten indicator scores of each year and scored by the core through ``services.result_record``.
Loading is idempotent: a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from prongsai.apps.agencies.models import Agency, AgencyKind
from prongsai.apps.agencies.services import agency_ensure, unit_ensure
from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.assessments.services import result_record
from prongsai.core.frameworks import FrameworkRegistry, default_registry

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


@dataclass
class DemoReport:
    agency: Agency
    loaded_years: list[int] = field(default_factory=list)
    changed_years: list[int] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)  # no framework known for these years


def _snapshot(agency: Agency) -> dict[int, object]:
    return dict(AssessmentResult.objects.filter(agency=agency).values_list("fiscal_year", "updated_at"))


@transaction.atomic
def demo_load(*, registry: FrameworkRegistry | None = None) -> DemoReport:
    """Create or refresh the demo agency, its units and its results. A second run changes nothing."""
    registry = registry or default_registry()
    agency = agency_ensure(slug=DEMO_SLUG, **DEMO_AGENCY)
    for name in DEMO_UNITS:
        unit_ensure(agency=agency, name_th=name)
    report = DemoReport(agency=agency)
    known = set(registry.years())
    before = _snapshot(agency)
    for fiscal_year, scores in sorted(DEMO_SCORES.items()):
        if fiscal_year not in known:
            report.missing_years.append(fiscal_year)
            continue
        result_record(agency=agency, fiscal_year=fiscal_year, indicator_scores=scores, registry=registry)
        report.loaded_years.append(fiscal_year)
    after = _snapshot(agency)
    report.changed_years = sorted(fy for fy, stamp in after.items() if before.get(fy) != stamp)
    return report
