"""Procurement: the e-GP import (all or nothing, idempotent), the import page, the annual report, and the contract,
plan and announcement forms."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.procurement.models import Contract
from prongsai.apps.procurement.services import ProcurementInputError, contracts_import

pytestmark = pytest.mark.django_db


def test_egp_import_is_all_or_nothing_and_idempotent(world, sample_contracts):
    result = sample_contracts(world)
    assert (result.created, result.updated) == (2, 0)
    again = sample_contracts(world)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    contract = Contract.objects.get(project_id="67019000001")
    assert contract.project_money == Decimal("1850000.00") and contract.contract_date == date(2025, 1, 15)
    assert contract.budget_category == "investment"
    bad = (
        "project_id,project_name,purchase_method_name,project_money,contract_date,budget_category\n"
        "1,ดี,เฉพาะเจาะจง,100,2025-01-01,งบลงทุน\n"
        "2,เงินติดลบ,เฉพาะเจาะจง,-5,2025-01-01,งบลงทุน\n"
        "3,วันผิด,เฉพาะเจาะจง,100,32/13/2568,\n"
        "4,หมวดแปลก,เฉพาะเจาะจง,100,,งบลับ\n"
    ).encode()
    with pytest.raises(ProcurementInputError) as exc:
        contracts_import(agency=world.own, actor=None, data=bad, filename="x.csv", default_year=2568)
    messages = exc.value.messages
    assert any("รายการที่ 2" in m and "ไม่ติดลบ" in m for m in messages)
    assert any("รายการที่ 3" in m for m in messages) and any("รายการที่ 4" in m for m in messages)
    assert Contract.objects.count() == 2  # nothing from the bad file


def test_import_page_and_annual_report_highlights_investment(client, world):
    client.force_login(world.user("coordinator"))
    url = f"/a/{world.own.slug}/portal/procurement/import/"
    no_file = client.post(url, {"default_year": "2568"})
    assert no_file.status_code == 400 and "กรุณาเลือกไฟล์" in no_file.content.decode()
    exe = io.BytesIO(b"MZ")
    exe.name = "x.exe"
    assert "รองรับเฉพาะไฟล์ .csv หรือ .json" in client.post(url, {"file": exe, "default_year": "2568"}).content.decode()
    broken = io.BytesIO(b"{not json")
    broken.name = "x.json"
    assert "อ่าน JSON ไม่ได้" in client.post(url, {"file": broken, "default_year": "2568"}).content.decode()
    good = io.BytesIO(
        "project_name,purchase_method_name,project_money,budget_category,contract_date,price_agree\n"
        'ถนน,e-bidding,"1,000,000.00",งบลงทุน,01/03/2568,990000\n'.encode("utf-8-sig")
    )
    good.name = "plan.csv"
    assert client.post(url, {"file": good, "default_year": "2568"}).status_code == 302
    html = client.get(f"/p/{world.own.slug}/procurement/?year=2568").content.decode()
    assert 'class="investment"' in html and "งบลงทุน" in html
    assert AuditEntry.objects.filter(action="procurement.imported").exists()
    report = json.loads(client.get(f"/p/{world.own.slug}/data/procurement-annual-report.json").content)["records"]
    assert report[0]["is_investment"] is True and report[0]["savings"] == 10000.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"project_money": "-1"}, "จำนวนเงินต้องไม่ติดลบ"),
        ({"project_money": "abc"}, "กรุณากรอกจำนวนเงินเป็นตัวเลข"),
        ({"project_money": "1.234"}, "ทศนิยมไม่เกินสองตำแหน่ง"),
        ({"winner_tin": "123"}, "เลขประจำตัวผู้เสียภาษีต้องเป็นตัวเลข 13 หลัก"),
        ({"contract_date": "10/05/2568", "contract_finish_date": "01/05/2568"}, "วันสิ้นสุดสัญญาต้องไม่ก่อนวันที่ทำสัญญา"),
        ({"fiscal_year": "2025"}, "ปีงบประมาณเป็นปี พ.ศ."),
        ({"project_name": ""}, "กรุณากรอกช่องนี้"),
        ({"budget_category": "secret"}, "กรุณาเลือกจากรายการ"),
    ],
)
def test_contract_form_bad_input(client, world, data, message):
    client.force_login(world.user("coordinator"))
    payload = {
        "fiscal_year": "2568",
        "project_name": "ถนน",
        "purchase_method": "เฉพาะเจาะจง",
        "budget_category": "investment",
        "project_money": "100,000",
    }
    payload.update(data)
    response = client.post(f"/a/{world.own.slug}/portal/procurement/contracts/new/", payload)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Contract.objects.exists()


def test_plan_and_announcement_forms(client, world):
    client.force_login(world.user("coordinator"))
    base = f"/a/{world.own.slug}/portal/procurement/"
    assert (
        client.post(
            base + "plan/new/",
            {
                "fiscal_year": "2568",
                "project_name": "x",
                "budget_category": "investment",
                "budget_amount": "",
                "purchase_method": "specific",
                "planned_month": "",
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            base + "plan/new/",
            {
                "fiscal_year": "2568",
                "project_name": "ครุภัณฑ์",
                "budget_category": "investment",
                "budget_amount": "96,000",
                "purchase_method": "specific",
                "planned_month": "01/01/2568",
            },
        ).status_code
        == 302
    )
    bad = client.post(
        base + "announcements/new/",
        {"fiscal_year": "2568", "kind": "winner", "title": "t", "announce_date": "x", "url": "ftp://x"},
    )
    assert bad.status_code == 400
    ok = client.post(
        base + "announcements/new/",
        {
            "fiscal_year": "2568",
            "kind": "winner",
            "title": "ประกาศผู้ชนะ",
            "announce_date": "05/03/2568",
            "url": "https://egp.example/1",
        },
    )
    assert ok.status_code == 302
    plan = json.loads(client.get(f"/p/{world.own.slug}/data/procurement-plan.json").content)["records"]
    assert plan[0]["budget_amount"] == 96000.0 and plan[0]["planned_month"] == "2025-01-01"
