"""Fixtures for the staff web app: two agencies, a person for every role, and sample results.

``world`` builds (fast, without ``load_demo``):
- agency ``own`` (อบต.ทดสอบหนึ่ง) with units, results for FY2567 and FY2568, question scores for 2568;
- agency ``foreign`` (เทศบาลตำบลทดสอบสอง) with a result for FY2568;
- users: ``system_admin`` (superuser), one per role in ``own``, ``foreign`` (agency admin of ``foreign``),
  ``outsider`` (no membership), and ``anonymous`` (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from prongsai.apps.agencies.models import Agency, AgencyKind, Role
from prongsai.apps.agencies.services import agency_ensure, membership_set, unit_ensure
from prongsai.apps.assessments.services import result_publish, result_record

OWN_SCORES = {
    2567: {1: 95.80, 2: 91.25, 3: 93.40, 4: 90.60, 5: 92.75, 6: 91.10, 7: 89.95, 8: 89.30, 9: 95.00, 10: 92.50},
    2568: {1: 97.10, 2: 93.80, 3: 95.45, 4: 93.20, 5: 94.60, 6: 93.35, 7: 92.80, 8: 91.90, 9: 100.0, 10: 97.50},
}
FOREIGN_SCORES = {
    2568: {1: 81.11, 2: 82.22, 3: 83.33, 4: 84.44, 5: 85.55, 6: 86.66, 7: 87.77, 8: 88.88, 9: 71.11, 10: 72.22},
}
OWN_QUESTIONS = [
    {"code": "i1", "text": "ข้อคำถามทดสอบที่หนึ่ง", "indicator": 1, "instrument": "IIT", "score": 96.40},
    {"code": "i4", "text": "ข้อคำถามทดสอบที่คะแนนต่ำสุด", "indicator": 2, "instrument": "IIT", "score": 61.25},
    {"code": "e2", "text": "ข้อคำถามทดสอบภายนอก", "indicator": 7, "instrument": "EIT", "score": 88.80},
]
# a real 2×2 PNG: photos are decoded and written again without metadata (base.images)
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9as"
    b"\x00\x00\x00\x16IDATx\x9cc<!'\xc7\xc0\xc0\xc0\xc4\xc0\xc0\xc0\xc0\xc0\x00\x00\r\x04\x01\x08}q\xcaf"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
MEMBER_ROLES = {
    "agency_admin": Role.AGENCY_ADMIN,
    "coordinator": Role.COORDINATOR,
    "unit_staff": Role.UNIT_STAFF,
    "executive": Role.EXECUTIVE,
    "auditor": Role.AUDITOR,
}
ALL_ROLES = ("anonymous", "outsider", "system_admin", *MEMBER_ROLES, "foreign")


@dataclass
class World:
    own: Agency
    foreign: Agency
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users.get(role)


def without_csrf_token(html: str) -> str:
    """A page without its CSRF token (the form field and htmx's header), which changes on every request."""
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1", html)
    return re.sub(r'("X-CSRFToken": ")[^"]*', r"\1", html)


def make_user(username: str, **extra: Any) -> Any:
    user = get_user_model()(username=username, first_name=extra.pop("first_name", ""), **extra)
    user.set_password("test-password-123")
    user.save()
    return user


@pytest.fixture
def world(db) -> World:
    own = agency_ensure(
        slug="own-tambon",
        name_th="องค์การบริหารส่วนตำบลทดสอบหนึ่ง",
        kind=AgencyKind.SAO,
        district="เมืองทดสอบ",
        province="ทดสอบ",
    )
    foreign = agency_ensure(
        slug="foreign-thetsaban",
        name_th="เทศบาลตำบลทดสอบสอง",
        kind=AgencyKind.TAMBON_MUNICIPALITY,
        province="ต่างจังหวัด",
    )
    finance = unit_ensure(agency=own, name_th="กองคลัง")
    unit_ensure(agency=own, name_th="สำนักปลัด")
    unit_ensure(agency=foreign, name_th="กองช่าง")
    for year, scores in OWN_SCORES.items():
        result_record(
            agency=own, fiscal_year=year, indicator_scores=scores, questions=OWN_QUESTIONS if year == 2568 else None
        )
    for year, scores in FOREIGN_SCORES.items():
        result_record(agency=foreign, fiscal_year=year, indicator_scores=scores)
    for agency, years in ((own, OWN_SCORES), (foreign, FOREIGN_SCORES)):
        for year in years:  # public, as results were before publishing became a step (tests that need a draft make one)
            result_publish(agency=agency, fiscal_year=year, actor=None)

    w = World(own=own, foreign=foreign)
    w.users["anonymous"] = None
    w.users["outsider"] = make_user("outsider")
    w.users["system_admin"] = make_user("root", is_superuser=True, is_staff=True)
    for name, role in MEMBER_ROLES.items():
        user = make_user(name, first_name=f"ทดสอบ{name}")
        membership_set(user=user, agency=own, role=role, unit=finance if role == Role.UNIT_STAFF else None)
        w.users[name] = user
    w.users["foreign"] = make_user("foreign")
    membership_set(user=w.users["foreign"], agency=foreign, role=Role.AGENCY_ADMIN)
    return w


def _client_for(client: Any, user: Any) -> Any:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """``client_for(client, user)``: the client signed in as ``user`` (None: signed out)."""
    return _client_for


@pytest.fixture
def report_text():
    """``report_text(agency=…, year=…, scores=…, overall=…, questions=True)``: a plain-text ITA report."""
    return _report_text


# A plain-text ITA report the parser reads completely (all ten indicators, a question table).
def _report_text(
    *, agency: str = "องค์การบริหารส่วนตำบลทดสอบหนึ่ง", year: int = 2568, scores=None, overall="", questions=True
) -> str:
    from prongsai.core.frameworks import default_registry

    framework = default_registry().get(year)
    scores = scores or OWN_SCORES[2568]
    lines = [
        f"รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {year}",
        f"{agency} อำเภอเมืองทดสอบ จังหวัดทดสอบ",
        "ตัวชี้วัด\tคะแนน",
    ]
    for ind in framework.indicators.items:
        lines.append(f"{ind.number}. {ind.name_th}\t{scores[ind.number]:.2f}")
    if overall:
        lines.append(overall)
    if questions:
        lines += [
            "",
            f"ผลการประเมินรายข้อคำถาม แบบวัด IIT ประจำปีงบประมาณ พ.ศ. {year}",
            "ข้อ\tข้อคำถาม\tคะแนน",
            "i1\tบุคลากรในหน่วยงานของท่าน ปฏิบัติงานตามมาตรฐาน ขั้นตอน และระยะเวลาที่กำหนด มากน้อยเพียงใด\t92.50",
            "i3\tหน่วยงานของท่าน มีการใช้จ่ายงบประมาณ ตามวัตถุประสงค์และเป็นไปตามแผน มากน้อยเพียงใด\t58.75",
        ]
    return "\n".join(lines) + "\n"


def _sample_contracts_import(world: World) -> Any:
    """Two e-GP projects (JSON as the e-GP API gives it), one with formula-like text, into ``world.own``."""
    import json

    from prongsai.apps.procurement.services import contracts_import

    body = json.dumps(
        {
            "result": [
                {
                    "project_id": "67019000001",
                    "project_name": '=HYPERLINK("http://evil")',
                    "project_type_name": "จ้างก่อสร้าง",
                    "purchase_method_name": "เฉพาะเจาะจง",
                    "project_money": "1,850,000.00",
                    "price_build": "1840000",
                    "budget_year": "2568",
                    "announce_date": "2025-01-10",
                    "budget_category": "งบลงทุน",
                    "contract": [
                        {
                            "winner": "+หจก.ทดสอบ",
                            "winner_tin": "0103555000001",
                            "contract_no": "1/2568",
                            "contract_date": "15/01/2568",
                            "price_agree": "1,695,000.50",
                        }
                    ],
                },
                {
                    "project_id": "67019000002",
                    "project_name": "จัดซื้อวัสดุ",
                    "purchase_method_name": "เฉพาะเจาะจง",
                    "project_money": 45000,
                    "budget_year": 2568,
                    "budget_category": "งบดำเนินงาน",
                    "contract": [
                        {
                            "winner": "@ร้าน",
                            "contract_no": "2/2568",
                            "contract_date": "2025-02-01",
                            "price_agree": "44870",
                        }
                    ],
                },
            ]
        },
        ensure_ascii=False,
    ).encode()
    return contracts_import(
        agency=world.own, actor=world.user("coordinator"), data=body, filename="egp.json", default_year=2568
    )


@pytest.fixture
def sample_contracts():
    """Call with ``world`` to import two e-GP projects into ``world.own`` (used by procurement and open data)."""
    return _sample_contracts_import
