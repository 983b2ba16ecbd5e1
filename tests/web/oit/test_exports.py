"""What leaves the app: the ITAS export (XLSX/CSV, no formula can run) and the clarification (DOCX)."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.oit import services


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"agency_slug": world.own.slug, **kwargs})


def _publish(world, access, item, **kwargs):
    values = {"responsible": "นางสาวทดสอบ", "urls": ["https://www.own.go.th/ita/o1"],
              "how_to_find": ["หน้าหลัก", "ITA", "O1 โครงสร้าง"], "parts_done": set(), "status": "published",
              "explanation": ""}
    values.update(kwargs)
    item.refresh_from_db()
    return services.item_update(item=item, access=access("coordinator"), actor=world.user("coordinator"),
                                version=item.version, **values)


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_itas_export_xlsx_and_csv_say_which_items_are_there(client, world, checklist, access):
    first = checklist.items.order_by("position").first()
    _publish(world, access, first)
    client.force_login(world.user("auditor"))  # every member may download
    xlsx = client.get(_url("oit:itas_export", world, fiscal_year=2566, fmt="xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment;") and xlsx["X-Content-Type-Options"] == "nosniff"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย")
    assert len(rows) == 1 + checklist.items.count()
    assert rows[1][0].startswith("O1 ") and rows[1][1] == "มี" and rows[1][2] == "https://www.own.go.th/ita/o1"
    assert rows[1][3] == "หน้าหลัก → ITA → O1 โครงสร้าง"
    assert rows[2][1] == "ไม่มี" and rows[2][3] == "ยังไม่มีข้อมูลเผยแพร่"
    csv_response = client.get(_url("oit:itas_export", world, fiscal_year=2566, fmt="csv"))
    assert csv_response.content.startswith(b"\xef\xbb\xbf")  # Excel shows Thai
    rows_csv = _csv_rows(csv_response)
    assert rows_csv[1] == [str(v) for v in rows[1]]
    assert client.get(_url("oit:itas_export", world, fiscal_year=2566, fmt="ods")).status_code == 404


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_itas_export_never_starts_a_cell_with_a_formula(client, world, checklist, access, payload):
    """openpyxl stores "=…" as a formula: the export (core ``itas_rows``) neutralises the texts an officer types at
    the start of a cell, while the stored text stays as typed."""
    first, second = checklist.items.order_by("position")[:2]
    _publish(world, access, first, how_to_find=[payload, "ITA"])
    _publish(world, access, second, how_to_find=[], explanation=payload, status="not_applicable", urls=[])
    client.force_login(world.user("coordinator"))
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(_url("oit:itas_export", world, fiscal_year=2566, fmt="xlsx")).content)
    ).active
    for row in sheet.iter_rows(min_row=2, max_row=3):
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    assert sheet["D2"].value == f"'{payload} → ITA" and sheet["D3"].value == f"'{payload}"
    rows = _csv_rows(client.get(_url("oit:itas_export", world, fiscal_year=2566, fmt="csv")))
    for row in rows[1:3]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row
    # what is stored is what the officer typed
    first.refresh_from_db()
    assert first.data["how_to_find"][0] == payload


def test_clarification_is_drafted_edited_and_downloaded_as_a_thai_docx(client, world, checklist, access):
    item = checklist.items.order_by("position").first()
    _publish(world, access, item)
    item.refresh_from_db()
    client.force_login(world.user("coordinator"))
    url = _url("oit:clarification", world, pk=item.pk)
    assert client.post(url, {"action": "draft", "version": item.version, "reason": ""}).status_code == 400
    response = client.post(url, {"action": "draft", "version": item.version, "reason": "ไม่พบแผนผังโครงสร้าง"})
    assert response.status_code == 302
    item.refresh_from_db()
    text = item.data["clarification"]
    assert "“ไม่พบแผนผังโครงสร้าง”" in text and "https://www.own.go.th/ita/o1" in text
    assert "หน้าหลัก → ITA → O1 โครงสร้าง" in text and world.own.name_th in text
    assert item.data["status"] == "disputed" and item.dispute_reason == "ไม่พบแผนผังโครงสร้าง"
    edited = text + "\nขอแนบภาพหน้าจอประกอบการพิจารณา"
    assert client.post(url, {"action": "save", "version": item.version, "text": edited}).status_code == 302
    assert AuditEntry.objects.filter(action="oit.clarification_saved").exists()
    client.force_login(world.user("executive"))
    page = client.get(url).content.decode()
    assert "ขอแนบภาพหน้าจอประกอบการพิจารณา" in page and 'name="text"' not in page
    download = client.get(_url("oit:clarification_docx", world, pk=item.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(download.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "ขอชี้แจงเพิ่มเติมผลการประเมิน OIT" in body
    assert "ขอแนบภาพหน้าจอประกอบการพิจารณา" in body
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๖" in body  # Thai digits by default
    assert "https://www.own.go.th/ita/o1" in body  # addresses keep their digits
    arabic = docx.Document(io.BytesIO(client.get(_url("oit:clarification_docx", world, pk=item.pk)
                                                 + "?digits=arabic").content))
    assert "ปีงบประมาณ พ.ศ. 2566" in "\n".join(p.text for p in arabic.paragraphs)


def test_no_clarification_yet_is_404(client, world, checklist):
    item = checklist.items.order_by("position").first()
    client.force_login(world.user("coordinator"))
    assert client.get(_url("oit:clarification_docx", world, pk=item.pk)).status_code == 404
