"""E-service and open data (CSV/JSON/XLSX, GD-Catalog metadata, typed values, formula injection)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.portal.models import ServiceRequest, ServiceType
from prongsai.apps.portal.services import service_type_save

from .conftest import PDF, token_from

pytestmark = pytest.mark.django_db


def _service(world, **extra) -> ServiceType:
    data = {
        "name": "ขอรับเบี้ยยังชีพ",
        "description": "",
        "steps": "ยื่นคำขอ\nตรวจสอบ\nแจ้งผล",
        "duration_days": 15,
        "fee_amount": None,
        "fee_note": "",
        "required_documents": "บัตรประชาชน",
        "unit": None,
        "is_active": True,
    }
    data.update(extra)
    return service_type_save(agency=world.own, actor=world.user("coordinator"), item=None, data=data)


def test_service_type_form_and_no_fee_wording(client, world):
    url = f"/a/{world.own.slug}/portal/eservice/types/new/"
    client.force_login(world.user("auditor"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("coordinator"))
    bad = client.post(url, {"name": "", "steps": "", "duration_days": "0", "fee_amount": "-5"})
    html = bad.content.decode()
    assert bad.status_code == 400 and "กรุณากรอกช่องนี้" in html and "จำนวนเงินต้องไม่ติดลบ" in html
    assert "ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 365 วันทำการ" in html
    foreign_unit = world.foreign.units.first()
    bad_unit = client.post(url, {"name": "x", "steps": "a", "duration_days": "3", "unit": str(foreign_unit.pk)})
    assert bad_unit.status_code == 400 and "กรุณาเลือกจากรายการ" in bad_unit.content.decode()
    ok = client.post(
        url,
        {
            "name": "ขอใบอนุญาต",
            "steps": "ยื่น\nรับ",
            "duration_days": "7",
            "fee_amount": "",
            "is_active": "on",
            "unit": str(world.own.units.first().pk),
        },
    )
    assert ok.status_code == 302
    service = ServiceType.objects.get()
    assert service.fee_text == "ไม่มีค่าธรรมเนียม"
    page = client.get(f"/p/{world.own.slug}/eservice/{service.pk}/").content.decode()
    assert 'id="fee">ไม่มีค่าธรรมเนียม<' in page and world.own.units.first().name_th in page
    service_type_save(agency=world.own, actor=None, item=service, data={"fee_amount": Decimal("20.00")})
    assert "20.00 บาท" in client.get(f"/p/{world.own.slug}/eservice/{service.pk}/").content.decode()


def _file_request(client, world, service, **extra):
    url = f"/p/{world.own.slug}/eservice/{service.pk}/"
    data = {
        "ft": token_from(client.get(url).content.decode()),
        "website": "",
        "name": "นางทดสอบ ขอบริการ",
        "contact": "0812223333",
        "details": "ขอรับเบี้ย",
        "attachment_1": io.BytesIO(PDF),
    }
    data["attachment_1"].name = "บัตร.pdf"
    data.update(extra)
    return client.post(url, data)


def test_a_citizen_files_a_request_with_attachments_and_follows_it(client, world):
    service = _service(world)
    response = _file_request(client, world, service)
    assert response.status_code == 201
    code = re.search(r'id="tracking-code"[^>]*>(ES-[0-9A-Z]{4}-[0-9A-Z]{4})<', response.content.decode()).group(1)
    request = ServiceRequest.objects.get()
    assert request.attachments.get().content_type == "application/pdf"
    track = f"/p/{world.own.slug}/eservice/track/"
    found = client.post(track, {"code": code.lower()}).content.decode()
    assert "รับคำขอแล้ว" in found and "นางทดสอบ" not in found  # the tracking page shows no personal data
    missing = client.post(track, {"code": "ES-AAAA-AAAA"})
    assert missing.status_code == 404 and "ไม่พบคำขอตามเลขนี้" in missing.content.decode()
    assert client.post(track, {"code": ""}).status_code == 400
    # staff move it along; the citizen sees it
    client.force_login(world.user("coordinator"))
    staff_url = f"/a/{world.own.slug}/portal/eservice/requests/{request.pk}/"
    assert "นางทดสอบ ขอบริการ" in client.get(staff_url).content.decode()
    assert client.post(staff_url, {"status": "completed"}).status_code == 400  # not from "received"
    assert client.post(staff_url, {"status": "in_progress", "note": "กำลังตรวจสอบเอกสาร"}).status_code == 302
    assert client.post(staff_url, {"status": "completed"}).status_code == 302
    attachment = client.get(f"/a/{world.own.slug}/portal/eservice/attachments/{request.attachments.get().pk}/")
    assert attachment.status_code == 200 and attachment.content == PDF
    client.force_login(world.user("unit_staff"))
    assert client.post(staff_url, {"status": "in_progress"}).status_code == 403
    client.logout()
    assert "ดำเนินการเสร็จแล้ว" in client.post(track, {"code": code}).content.decode()
    assert AuditEntry.objects.filter(action="service_request.status_changed").count() == 2
    # service statistics feed the OIT item and the open data
    stats = json.loads(client.get(f"/p/{world.own.slug}/data/service-statistics.json").content)
    assert stats["records"][0]["requests_received"] == 1 and stats["records"][0]["requests_completed"] == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"name": ""}, "กรุณากรอกช่องนี้"),
        ({"contact": "abc"}, "หมายเลขโทรศัพท์ไม่ถูกต้อง"),
        ({"attachment_1": io.BytesIO(b"MZ\x90\x00 not a pdf")}, "ไม่ใช่ PDF, JPEG หรือ PNG"),
        ({"ft": ""}, "แบบฟอร์มไม่สมบูรณ์"),
        ({"website": "x"}, "ส่งแบบฟอร์มไม่สำเร็จ"),
    ],
)
def test_eservice_form_bad_input(client, world, extra, message):
    if "attachment_1" in extra:
        extra["attachment_1"].name = "virus.pdf"
    response = _file_request(client, world, _service(world), **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_an_inactive_or_foreign_service_takes_no_requests(client, world):
    service = _service(world, is_active=False)
    assert client.get(f"/p/{world.own.slug}/eservice/{service.pk}/").status_code == 404
    assert client.get(f"/p/{world.foreign.slug}/eservice/{_service(world).pk}/").status_code == 404


# --- open data ---------------------------------------------------------------------------------------------


def test_csv_has_a_bom_typed_values_and_neutralised_formulas(client, world, sample_contracts):
    sample_contracts(world)
    response = client.get(f"/p/{world.own.slug}/data/procurement-contracts.csv?header=machine")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    first = next(r for r in rows if r["project_id"] == "67019000001")
    assert first["project_name"].startswith("'=HYPERLINK") and first["winner"] == "'+หจก.ทดสอบ"
    assert first["project_money"] == "1850000.00" and first["price_agree"] == "1695000.50"
    assert (
        first["contract_date"] == "2025-01-15" and first["budget_year"] == "2568" and first["is_investment"] == "true"
    )
    assert list(rows[0]) == [c for c in rows[0]]  # English snake_case column names
    assert all(re.fullmatch(r"[a-z_]+", name) for name in rows[0])


def test_json_is_typed(client, world, sample_contracts):
    sample_contracts(world)
    doc = json.loads(client.get(f"/p/{world.own.slug}/data/procurement-contracts.json").content)
    record = next(r for r in doc["records"] if r["project_id"] == "67019000001")
    assert record["project_money"] == 1850000.0 and isinstance(record["budget_year"], int)
    assert record["contract_date"] == "2025-01-15" and record["is_investment"] is True
    assert record["project_name"] == '=HYPERLINK("http://evil")'  # JSON keeps the text as it is
    fields = {f["id"]: f["type"] for f in doc["fields"]}
    assert fields["project_money"] == "money" and fields["contract_date"] == "date"


def test_xlsx_cells_are_typed_and_never_formulas(client, world, sample_contracts):
    sample_contracts(world)
    response = client.get(f"/p/{world.own.slug}/data/procurement-contracts.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["data"]
    assert [ws[1][0].value, ws[2][0].value] == ["ปีงบประมาณ (พ.ศ.)", "budget_year"]  # Thai labels, then names
    header = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[header.index("project_id")].value == "67019000001")
    cell = {h: c for h, c in zip(header, row, strict=True)}
    assert cell["project_name"].data_type == "s" and cell["project_name"].value.startswith("'=")
    assert isinstance(cell["contract_date"].value, datetime | date)
    assert float(cell["project_money"].value) == 1850000.0 and cell["project_money"].data_type == "n"
    assert "metadata" in wb.sheetnames


def test_every_dataset_carries_gd_catalog_metadata_at_stable_urls(client, world):
    from prongsai.apps.base.opendata import registered_datasets

    DATASETS = registered_datasets()

    catalog = json.loads(client.get(f"/p/{world.own.slug}/data/catalog.json").content)
    assert len(catalog["datasets"]) == len(DATASETS)
    required = {
        "title",
        "data_type",
        "owner_org",
        "maintainer",
        "tag_string",
        "notes",
        "objective",
        "update_frequency_unit",
        "update_frequency_interval",
        "geo_coverage",
        "data_source",
        "data_format",
        "data_category",
        "license_id",
        "data_language",
        "last_updated_date",
        "allow_harvest",
    }
    for meta in catalog["datasets"]:
        assert required <= set(meta), meta["name"]
        assert meta["geo_coverage"] == "เทศบาล/อบต."
        for resource in meta["resources"]:
            path = resource["url"].split("testserver", 1)[1]
            assert client.get(path).status_code == 200, path
    for slug in DATASETS:
        assert client.get(f"/p/{world.own.slug}/data/{slug}/").status_code == 200
    assert client.get(f"/p/{world.own.slug}/data/nothing.csv").status_code == 404
    assert client.get(f"/p/{world.own.slug}/data/ita-results.exe").status_code == 404
    results = json.loads(client.get(f"/p/{world.own.slug}/data/ita-results.json").content)["records"]
    assert {r["fiscal_year"] for r in results} == {2567, 2568}
    assert all(isinstance(r["overall_score"], float) for r in results)
