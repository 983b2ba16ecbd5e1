"""Money typed into the registers (gifts, assets) and the asset import: exponent forms, NaN, decimal commas, huge
numbers get a Thai error beside the field (400, nothing saved), never a server error; sensible forms (Thai digits,
thousands separators) are read."""

from __future__ import annotations

import html as html_lib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.registers.models import Asset, EthicsActivity, GiftRecord

HOSTILE = ["1e30", "1E+50", "NaN", "Infinity", "-inf", "1e-30", "1e-400", "9" * 500, "12,5", "0x10", "--1", "-5",
           "1.005", "\x00", "１e３"]
SENSIBLE = {"๑๒,๕๐๐.๕๐": Decimal("12500.50"), "1,000.50": Decimal("1000.50"), "-0": Decimal("0.00"),
            "๑๒๓": Decimal("123.00"), "1,000.- บาท": Decimal("1000.00")}


def _gift(value: str) -> dict:
    return {"fiscal_year": "2568", "received_on": "15/01/2568", "recipient_position": "ปลัด", "recipient_name": "",
            "giver": "บริษัท ก", "description": "กระเช้า", "occasion": "", "value": value, "action": "refused",
            "note": ""}


def _asset(value: str, code: str = "ค-100") -> dict:
    return {"code": code, "name": "โต๊ะ", "category": "durable", "location": "", "custodian_unit": "",
            "value": value, "status": "available", "note": ""}


FORMS = {
    "registers:gift_new": (_gift, GiftRecord),
    "registers:asset_new": (_asset, Asset),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_exponent_money_is_a_thai_error_beside_the_field(client, world, name):
    payload, model = FORMS[name]
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
    payload, model = FORMS[name]
    client.force_login(world.user("coordinator"))
    response = client.post(reverse(name, args=[world.own.slug]), payload(value))
    assert response.status_code == 400, value
    assert not model.objects.filter(agency=world.own).exists()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_sensible_money_is_read(client, world, name):
    payload, model = FORMS[name]
    client.force_login(world.user("coordinator"))
    for i, (typed, expected) in enumerate(SENSIBLE.items()):
        data = payload(typed) if name != "registers:asset_new" else _asset(typed, code=f"ค-{i}")
        response = client.post(reverse(name, args=[world.own.slug]), data)
        assert response.status_code == 302, (typed, response.content.decode()[-2000:])
        assert model.objects.filter(agency=world.own).order_by("-pk").first().value == expected


def test_a_gift_beyond_its_column_is_refused_in_thai(client, world):
    """GiftRecord.value holds 12 digits: the form refuses more, beside the field, instead of failing on save."""
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("registers:gift_new", args=[world.own.slug]), _gift("10,000,000,000.00"))
    assert response.status_code == 400
    assert "จำนวนเงินมากเกินไป (ไม่เกิน 9,999,999,999.99 บาท)" in html_lib.unescape(response.content.decode())
    ok = client.post(reverse("registers:gift_new", args=[world.own.slug]), _gift("9,999,999,999.99"))
    assert ok.status_code == 302


@pytest.mark.parametrize("hours", ["1e30", "NaN", "9" * 500, "1e-400", "12,5"])
def test_ethics_hours_refused_in_thai(client, world, hours):
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("registers:ethics_new", args=[world.own.slug]), {
        "fiscal_year": "2568", "title": "อบรมคุณธรรม", "held_on": "15/01/2568", "attendees": "9" * 500,
        "hours": hours, "materials": "", "note": "",
    })
    assert response.status_code == 400
    assert not EthicsActivity.objects.exists()


# --- the asset import --------------------------------------------------------------------------------------

HEADER = "รหัส,ชื่อ,ประเภท,สถานที่,หน่วยผู้ดูแล,มูลค่า,สถานะ\n"


def _import(client, world, text: str):
    client.force_login(world.user("coordinator"))
    return client.post(reverse("registers:asset_import", args=[world.own.slug]),
                       {"file": SimpleUploadedFile("assets.csv", text.encode("utf-8-sig"))})


@pytest.mark.parametrize("value", ["1e30", "NaN", "9" * 500, "99999999999999999999.99", "1,000,000,000,000.00"])
def test_import_refuses_bad_values_per_row(client, world, value):
    response = _import(client, world, HEADER + "ค-1,โต๊ะ,ครุภัณฑ์,ห้อง,,1500.00,ใช้งานได้\n"
                       f'ค-2,เก้าอี้,ครุภัณฑ์,ห้อง,,"{value}",ใช้งานได้\n')
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    assert "แถวที่ 3: มูลค่า" in page
    assert not Asset.objects.exists()


def test_import_refuses_a_decimal_comma_that_adds_a_column(client, world):
    response = _import(client, world, HEADER + "ค-1,โต๊ะ,ครุภัณฑ์,ห้อง,,1500,50,ใช้งานได้\n")
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    assert "แถวที่ 2: มีช่องเกินมา (คอลัมน์ H “ใช้งานได้”) อาจใช้จุลภาคแทนจุดทศนิยมในมูลค่า (1500,50)" in page
    assert "กรุณาใช้จุด เช่น 1500.50" in page
    assert not Asset.objects.exists()


def test_import_refuses_any_filled_cell_right_of_the_header_but_not_blank_padding(client, world):
    response = _import(client, world, HEADER + "ค-1,โต๊ะ,ครุภัณฑ์,ห้อง,,1500.50,ใช้งานได้,ของเกิน\n")
    assert response.status_code == 400
    assert "แถวที่ 2: มีช่องเกินมา (คอลัมน์ H “ของเกิน”)" in html_lib.unescape(response.content.decode())
    assert not Asset.objects.exists()
    padded = _import(client, world, HEADER.rstrip("\n") + ",,\n" + 'ค-1,โต๊ะ,ครุภัณฑ์,ห้อง,,"1,500.50",ใช้งานได้,,\n')
    assert padded.status_code == 302
    assert Asset.objects.get().value == Decimal("1500.50")
