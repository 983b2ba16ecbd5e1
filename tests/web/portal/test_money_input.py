"""Money typed into the portal's forms (e-service fees) and procurement (contracts, the procurement plan), and read
from e-GP imports: exponent forms, NaN, decimal commas and huge numbers are a Thai error beside the field or a Thai
per-row error (nothing saved), never a server error; a CSV row with a cell beyond its header is refused, naming the
row and column, instead of being read without it."""

from __future__ import annotations

import html as html_lib
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.portal.models import ServiceType
from prongsai.apps.procurement.models import Contract, PlanItem
from prongsai.apps.procurement.services import ProcurementInputError, contracts_import

HOSTILE = ["1e30", "1E+50", "NaN", "Infinity", "-inf", "1e-30", "1e-400", "9" * 500, "12,5", "0x10", "--1", "-5",
           "1.005", "\x00"]


def _service_type(value: str) -> dict:
    return {"name": "ขอใบอนุญาต", "description": "", "steps": "ยื่น\nรับ", "duration_days": "7", "fee_amount": value,
            "fee_note": "", "required_documents": "", "unit": "", "is_active": "on"}


def _contract(value: str) -> dict:
    return {"fiscal_year": "2568", "project_id": "", "project_name": "ถนน", "project_type": "",
            "purchase_method": "เฉพาะเจาะจง", "budget_category": "investment", "project_money": value,
            "price_build": value, "price_agree": "", "winner": "", "winner_tin": "", "contract_no": "",
            "contract_date": "", "contract_finish_date": "", "announce_date": "", "project_status": "", "reason": ""}


def _plan_item(value: str) -> dict:
    return {"fiscal_year": "2568", "project_name": "ซ่อมถนน", "budget_category": "investment", "budget_amount": value,
            "purchase_method": "e_bidding", "planned_month": "01/03/2568", "unit_name": "กองช่าง"}


FORMS = {
    "portal:staff_service_type_new": (_service_type, ServiceType, "fee_amount"),
    "procurement:contract_new": (_contract, Contract, "project_money"),
    "procurement:plan_new": (_plan_item, PlanItem, "budget_amount"),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_exponent_money_is_a_thai_error_beside_the_field(client, world, name):
    payload, model, _ = FORMS[name]
    client.force_login(world.user("coordinator"))
    response = client.post(reverse(name, args=[world.own.slug]), payload("1e30"))
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    assert "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 12,500.50" in page
    assert 'class="field-error"' in page
    assert not model.objects.filter(agency=world.own).exists()


@pytest.mark.parametrize("name", sorted(FORMS))
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_money_never_saves_nor_breaks(client, world, name, value):
    payload, model, _ = FORMS[name]
    client.force_login(world.user("coordinator"))
    response = client.post(reverse(name, args=[world.own.slug]), payload(value))
    assert response.status_code == 400, value
    assert not model.objects.filter(agency=world.own).exists()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_thai_digits_and_thousands_separators_are_read(client, world, name):
    payload, model, field = FORMS[name]
    client.force_login(world.user("coordinator"))
    response = client.post(reverse(name, args=[world.own.slug]), payload("๑,๒๕๐.๕๐"))
    assert response.status_code == 302, html_lib.unescape(response.content.decode())[-3000:]
    assert getattr(model.objects.get(agency=world.own), field) == Decimal("1250.50")


def test_a_fee_beyond_its_column_is_refused_in_thai(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("portal:staff_service_type_new", args=[world.own.slug]),
                           _service_type("99,999,999,999.00"))
    assert response.status_code == 400
    assert "จำนวนเงินมากเกินไป (ไม่เกิน 9,999,999,999.99 บาท)" in html_lib.unescape(response.content.decode())


# --- the e-GP import ---------------------------------------------------------------------------------------

CSV_HEADER = "project_id,project_name,purchase_method_name,project_money,budget_year\n"


def _import(world, text: str, filename: str = "egp.csv"):
    return contracts_import(agency=world.own, actor=world.user("coordinator"), data=text.encode("utf-8"),
                            filename=filename, default_year=2568)


@pytest.mark.parametrize("money", ["1e30", "1E+50", "NaN", "Infinity", "1e-30", "9" * 500, "12,5", "0x10"])
def test_egp_csv_money_is_a_thai_row_error(world, money):
    with pytest.raises(ProcurementInputError) as refused:
        _import(world, CSV_HEADER + "1,ถนน,เฉพาะเจาะจง,100,2568\n" + f'2,สะพาน,เฉพาะเจาะจง,"{money}",2568\n')
    assert any(m.startswith("รายการที่ 2: จำนวนเงิน") for m in refused.value.messages), refused.value.messages
    assert not Contract.objects.exists()


@pytest.mark.parametrize("money", [1e30, 1e300, 0.1 + 0.2, -1, "1e30", True])
def test_egp_json_numbers_are_read_by_value_or_refused_in_thai(world, money):
    body = json.dumps([{"project_id": "1", "project_name": "ถนน", "purchase_method_name": "เฉพาะเจาะจง",
                        "project_money": money}])
    with pytest.raises(ProcurementInputError) as refused:
        _import(world, body, "egp.json")
    assert refused.value.messages[0].startswith("รายการที่ 1: จำนวนเงิน")
    assert not Contract.objects.exists()


@pytest.mark.parametrize("body", ['[{"project_money": ' + "9" * 5000 + "}]", "[" * 100_000 + "]" * 100_000,
                                  '[{"project_name": "x", "purchase_method_name": "y", "project_money": NaN}]'])
def test_egp_json_that_python_cannot_hold_is_refused_in_thai(world, body):
    with pytest.raises(ProcurementInputError) as refused:
        _import(world, body, "egp.json")
    assert refused.value.messages[0][:1] in "อรก"  # a Thai message
    assert not Contract.objects.exists()


@pytest.mark.parametrize("year", ["abc", "9" * 5000, "25.68", "๒๕๖๘๐"])
def test_egp_bad_years_are_thai_row_errors(world, year):
    with pytest.raises(ProcurementInputError) as refused:
        _import(world, CSV_HEADER + f"1,ถนน,เฉพาะเจาะจง,100,{year}\n")
    assert refused.value.messages[0].startswith("รายการที่ 1: ปีงบประมาณ")


def test_egp_csv_decimal_comma_is_an_extra_column_error_naming_the_row_and_column(world):
    with pytest.raises(ProcurementInputError) as refused:
        _import(world, CSV_HEADER + "1,ถนน,เฉพาะเจาะจง,100,2568\n" + "2,สะพาน,เฉพาะเจาะจง,1500,50,2568\n")
    (message,) = refused.value.messages
    assert message.startswith("รายการที่ 2: มีช่องเกินมา (คอลัมน์ที่ 6 “2568”)")
    assert not Contract.objects.exists()


def test_egp_csv_blank_padding_is_fine(world):
    result = _import(world, CSV_HEADER + '1,ถนน,เฉพาะเจาะจง,"1,500.50",2568,,\n')
    assert result.created == 1
    assert Contract.objects.get().project_money == Decimal("1500.50")


def test_egp_import_page_lists_the_row_errors(client, world):
    client.force_login(world.user("coordinator"))
    upload = SimpleUploadedFile("egp.csv", (CSV_HEADER + "1,ถนน,เฉพาะเจาะจง,1e30,2568\n").encode("utf-8"))
    response = client.post(reverse("procurement:import", args=[world.own.slug]),
                           {"file": upload, "default_year": "2568"})
    assert response.status_code == 400
    assert "รายการที่ 1: จำนวนเงิน “1e30”: กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 12,500.50" in html_lib.unescape(
        response.content.decode())


@pytest.mark.parametrize("value", ["1e30", "9" * 500, "NaN", "๒๕๖๘", "2,568"])
def test_egp_import_page_default_year_never_breaks(client, world, value):
    client.force_login(world.user("coordinator"))
    upload = SimpleUploadedFile("egp.csv", (CSV_HEADER + "1,ถนน,เฉพาะเจาะจง,100,\n").encode("utf-8"))
    response = client.post(reverse("procurement:import", args=[world.own.slug]),
                           {"file": upload, "default_year": value})
    assert response.status_code in (302, 400)
