"""Asset register, CSV/XLSX import, inventory checks with QR labels, reports; ethics activities."""

from __future__ import annotations

import io
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.registers.models import Asset, FollowUp
from prongsai.apps.registers.selectors import round_summary
from prongsai.apps.registers.services import (
    RegisterInputError,
    asset_import,
    asset_save,
    discrepancy_follow_up,
    ethics_activity_save,
    inventory_count_record,
    inventory_round_save,
)

pytestmark = pytest.mark.django_db

CSV = (
    "รหัส,ชื่อ,ประเภท,สถานที่,หน่วยผู้ดูแล,มูลค่า,สถานะ\n"
    'ค-100,โต๊ะทำงาน,ครุภัณฑ์,ห้องคลัง,กองคลัง,"3,500.00",ใช้งานได้\n'
    "ว-001,กระดาษ A4,วัสดุ,,สำนักปลัด,120,\n"
)


def test_csv_import_adds_and_updates(world):
    admin = world.user("agency_admin")
    done = asset_import(agency=world.own, actor=admin, filename="a.csv", data=CSV.encode("utf-8-sig"))
    assert (done.rows, done.created, done.updated) == (2, 2, 0)
    desk = Asset.objects.get(agency=world.own, code="ค-100")
    assert desk.value == Decimal("3500.00") and desk.custodian_unit.name_th == "กองคลัง"
    assert Asset.objects.get(code="ว-001").category == "material"
    again = asset_import(agency=world.own, actor=admin, filename="a.csv", data=CSV.replace("3,500.00", "4000").encode())
    assert (again.created, again.updated) == (0, 2)
    assert Asset.objects.get(code="ค-100").value == Decimal("4000")


def test_cp874_csv_is_read(world):
    done = asset_import(agency=world.own, actor=world.user("coordinator"), filename="a.csv", data=CSV.encode("cp874"))
    assert done.created == 2


def test_xlsx_import(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["รหัสครุภัณฑ์", "ชื่อ", "มูลค่า"])
    sheet.append(["ค-200", "เก้าอี้", 1500])
    out = io.BytesIO()
    book.save(out)
    done = asset_import(agency=world.own, actor=world.user("coordinator"), filename="x.xlsx", data=out.getvalue())
    assert done.created == 1 and Asset.objects.get(code="ค-200").value == Decimal("1500")


def test_import_errors_name_the_rows_and_nothing_is_saved(world):
    bad = (
        "รหัส,ชื่อ,ประเภท,หน่วยผู้ดูแล,มูลค่า\n"
        "ค-1,โต๊ะ,ครุภัณฑ์,กองคลัง,100\n"
        ",ไม่มีรหัส,ครุภัณฑ์,,1\n"
        "ค-1,ซ้ำ,ครุภัณฑ์,,1\n"
        "ค-3,ผิด,อาหาร,กองไม่มี,abc\n"
    )
    with pytest.raises(RegisterInputError) as exc:
        asset_import(agency=world.own, actor=world.user("coordinator"), filename="a.csv", data=bad.encode())
    text = exc.value.messages[0]
    assert "แถวที่ 3: ไม่มีรหัส" in text
    assert "แถวที่ 4: รหัส ค-1 ซ้ำกับแถวที่ 2" in text
    assert "แถวที่ 5:" in text and "อาหาร" in text and "กองไม่มี" in text and "abc" in text
    assert not Asset.objects.exists()
    with pytest.raises(RegisterInputError, match="ไม่พบคอลัมน์ รหัส"):
        asset_import(agency=world.own, actor=world.user("coordinator"), filename="a.csv", data="ชื่อ\nโต๊ะ\n".encode())
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        asset_import(agency=world.own, actor=world.user("unit_staff"), filename="a.csv", data=CSV.encode())


def test_import_page(client, client_for, world):
    c = client_for(client, world.user("coordinator"))
    url = reverse("registers:asset_import", args=[world.own.slug])
    response = c.post(url, {"file": SimpleUploadedFile("a.csv", "รหัส,ชื่อ\n,โต๊ะ\n".encode())})
    assert response.status_code == 400 and "แถวที่ 2: ไม่มีรหัส" in response.content.decode()
    response = c.post(url, {"file": SimpleUploadedFile("a.csv", CSV.encode())})
    assert response.status_code == 302 and Asset.objects.filter(agency=world.own).count() == 2
    assert c.get(reverse("registers:asset_import_template", args=[world.own.slug])).status_code == 200


def test_asset_rules(world, assets):
    data = {"code": "ค-001", "name": "ซ้ำ", "category": "durable", "location": "", "custodian_unit": None}
    data |= {"value": Decimal("1"), "status": "available", "note": ""}
    with pytest.raises(RegisterInputError, match="มีในทะเบียนแล้ว"):
        asset_save(agency=world.own, actor=world.user("coordinator"), item=None, data=data)
    foreign_unit = world.foreign.units.first()
    with pytest.raises(RegisterInputError, match="ไม่ได้อยู่ในหน่วยงานนี้"):
        asset_save(
            agency=world.own,
            actor=world.user("coordinator"),
            item=None,
            data=data | {"code": "x", "custodian_unit": foreign_unit},
        )
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        asset_save(agency=world.own, actor=world.user("unit_staff"), item=None, data=data | {"code": "y"})


def test_qr_labels(client, client_for, world, assets):
    c = client_for(client, world.user("unit_staff"))
    svg = c.get(reverse("registers:asset_qr", args=[world.own.slug, assets["ค-001"].pk, "svg"]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = c.get(reverse("registers:asset_qr", args=[world.own.slug, assets["ค-001"].pk, "png"]))
    assert png.content.startswith(b"\x89PNG")
    assert c.get(reverse("registers:asset_qr", args=[world.own.slug, assets["ค-001"].pk, "gif"])).status_code == 404
    f = client_for(client, world.user("foreign"))
    assert f.get(reverse("registers:asset_qr", args=[world.foreign.slug, assets["ค-001"].pk, "svg"])).status_code == 404


def _round(world):
    return inventory_round_save(
        agency=world.own,
        actor=world.user("coordinator"),
        item=None,
        data={
            "title": "ตรวจนับประจำปี 2569",
            "fiscal_year": 2569,
            "starts_on": date(2026, 10, 1),
            "ends_on": date(2026, 10, 31),
            "is_closed": False,
        },
    )


def test_inventory_counts_discrepancies_and_follow_up(world, assets):
    rnd = _round(world)
    coordinator = world.user("coordinator")
    inventory_count_record(agency=world.own, actor=coordinator, round=rnd, asset=assets["ค-001"], result="found")
    missing = inventory_count_record(
        agency=world.own, actor=coordinator, round=rnd, asset=assets["ค-002"], result="missing", note="ไม่อยู่ที่ห้อง"
    )
    assert missing.follow_up == FollowUp.OPEN
    summary = round_summary(agency=world.own, round=rnd)
    assert (summary.total, summary.counted, summary.open_follow_ups) == (3, 2, 1)
    with pytest.raises(RegisterInputError, match="ผลการดำเนินการ"):
        discrepancy_follow_up(agency=world.own, actor=coordinator, count=missing, follow_up="resolved", note="")
    discrepancy_follow_up(
        agency=world.own, actor=coordinator, count=missing, follow_up="resolved", note="พบที่กองช่าง ย้ายกลับแล้ว"
    )
    assert round_summary(agency=world.own, round=rnd).open_follow_ups == 0
    # recounting replaces, one row per asset and round
    inventory_count_record(agency=world.own, actor=coordinator, round=rnd, asset=assets["ค-001"], result="damaged")
    assert rnd.counts.count() == 2
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        inventory_count_record(
            agency=world.own, actor=world.user("auditor"), round=rnd, asset=assets["ค-003"], result="found"
        )
    with pytest.raises(RegisterInputError, match="ผลการตรวจนับไม่ถูกต้อง"):
        inventory_count_record(agency=world.own, actor=coordinator, round=rnd, asset=assets["ค-003"], result="x")
    inventory_round_save(agency=world.own, actor=coordinator, item=rnd, data={"is_closed": True})
    with pytest.raises(RegisterInputError, match="ปิดแล้ว"):
        inventory_count_record(agency=world.own, actor=coordinator, round=rnd, asset=assets["ค-003"], result="found")


def test_round_dates(world):
    with pytest.raises(RegisterInputError, match="ไม่ก่อนวันเริ่ม"):
        inventory_round_save(
            agency=world.own,
            actor=world.user("coordinator"),
            item=None,
            data={"title": "x", "fiscal_year": 2569, "starts_on": date(2026, 10, 2), "ends_on": date(2026, 10, 1)},
        )


def test_checklist_page_and_docx_report(client, client_for, world, assets):
    rnd = _round(world)
    inventory_count_record(
        agency=world.own, actor=world.user("coordinator"), round=rnd, asset=assets["ค-002"], result="missing"
    )
    c = client_for(client, world.user("unit_staff"))
    finance = world.own.units.get(name_th="กองคลัง")
    page = c.get(reverse("registers:inventory_checklist", args=[world.own.slug, rnd.pk]) + f"?unit={finance.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "ค-001" in html and "ค-002" in html and "ค-003" not in html
    assert html.count("<svg") == 2
    docx = c.get(reverse("registers:inventory_report", args=[world.own.slug, rnd.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    from prongsai.core.documents.write.docx_thai import docx_xml

    xml = docx_xml(docx.content)
    assert "รายงานผลการตรวจนับพัสดุ" in xml and "ค-002" in xml and "ไม่พบ" in xml
    assert c.get(reverse("registers:inventory_report", args=[world.own.slug, rnd.pk, "txt"])).status_code == 404


def test_ethics_activities_and_summary(client, client_for, world):
    coordinator = world.user("coordinator")
    data = {"fiscal_year": 2569, "title": "อบรมจริยธรรม", "held_on": date(2026, 11, 2), "attendees": 40}
    data |= {"hours": Decimal("3.0"), "materials": "https://example.org/slides.pdf", "note": ""}
    ethics_activity_save(agency=world.own, actor=coordinator, item=None, data=data)
    ethics_activity_save(
        agency=world.own, actor=coordinator, item=None, data=data | {"title": "เดินรณรงค์", "attendees": 10}
    )
    with pytest.raises(RegisterInputError, match="ที่อยู่เว็บ"):
        ethics_activity_save(agency=world.own, actor=coordinator, item=None, data=data | {"materials": "javascript:x"})
    with pytest.raises(RegisterInputError, match="ไม่มีสิทธิ์"):
        ethics_activity_save(agency=world.own, actor=world.user("unit_staff"), item=None, data=data)
    c = client_for(client, world.user("auditor"))
    page = c.get(reverse("registers:ethics", args=[world.own.slug]) + "?year=2569").content.decode()
    assert "อบรมจริยธรรม" in page and "50 คน" in page
    docx = c.get(reverse("registers:ethics_report", args=[world.own.slug, 2569, "docx"]))
    from prongsai.core.documents.write.docx_thai import docx_xml

    xml = docx_xml(docx.content)
    assert "อบรมจริยธรรม" in xml and "https://example.org/slides.pdf" in xml


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_ethics_report_pdf(client, client_for, world):
    c = client_for(client, world.user("coordinator"))
    pdf = c.get(reverse("registers:ethics_report", args=[world.own.slug, 2569, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "args", "who", "status"),
    [
        ("registers:assets", [], "auditor", 200),
        ("registers:asset_new", [], "unit_staff", 403),
        ("registers:asset_new", [], "coordinator", 200),
        ("registers:asset_import", [], "executive", 403),
        ("registers:loans", [], "executive", 200),
        ("registers:loan_new", [], "unit_staff", 200),
        ("registers:inventory", [], "auditor", 200),
        ("registers:inventory_round_new", [], "auditor", 403),
        ("registers:ethics", [], "unit_staff", 200),
        ("registers:ethics_new", [], "unit_staff", 403),
        ("registers:ethics_new", [], "agency_admin", 200),
        ("registers:assets", [], "foreign", 404),
    ],
)
def test_page_permissions(client, client_for, world, assets, name, args, who, status):
    c = client_for(client, world.user(who))
    assert c.get(reverse(name, args=[world.own.slug, *args])).status_code == status


def test_editing_an_asset_through_the_form_saves_and_audits_the_change(client, client_for, world, assets):
    from prongsai.apps.audit.models import AuditEntry

    item = assets["ค-001"]
    c = client_for(client, world.user("coordinator"))
    url = reverse("registers:asset_edit", args=[world.own.slug, item.pk])
    form = {
        "code": "ค-001", "name": "เครื่องฉายภาพ (ซ่อมแล้ว)", "category": "durable", "location": "ห้องประชุม",
        "custodian_unit": item.custodian_unit_id, "value": "25000.00", "status": "available", "note": "",
    }
    before = AuditEntry.objects.filter(action="asset.updated").count()
    response = c.post(url, form)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "เครื่องฉายภาพ (ซ่อมแล้ว)"  # a bound ModelForm mutates its instance: the change must still save
    assert AuditEntry.objects.filter(action="asset.updated").count() == before + 1
