"""Fixtures for the framework workbench pages: a signed-in system administrator, a granted editor, and OIT item
lists as CSV or XLSX bytes, typed as an officer would from the NACC manual."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse

from prongsai.apps.frameworks.models import FrameworkVersion

# The FY2570 list an officer typed: O1–O4 of 9.1 as before, O5 renamed, a new sub-indicator 9.5 with O40.
SHEET_ROWS = [
    ("O1", "โครงสร้างและอำนาจหน้าที่", "9.1", "ข้อมูลพื้นฐาน", "แผนผังโครงสร้าง\nอำนาจหน้าที่", "ปีที่ประเมิน"),
    ("O2", "ข้อมูลผู้บริหาร", "9.1", "", "", ""),
    ("O3", "ข้อมูลการติดต่อ", "9.1", "", "", ""),
    ("O4", "ข่าวประชาสัมพันธ์", "9.1", "", "", "ปีที่ประเมิน"),
    ("O5", "แผนการดำเนินงานประจำปีฉบับทดสอบ", "9.2", "การบริหารงาน", "", ""),
    ("O40", "ข้อใหม่ของปีทดสอบ", "9.5", "ตัวชี้วัดย่อยใหม่", "", ""),
]
HEADER = ("ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย", "ชื่อตัวชี้วัดย่อย", "ส่วนประกอบที่ต้องมี", "ช่วงเวลา")


def csv_bytes(rows=SHEET_ROWS, header=HEADER, title: str | None = "รายการข้อ OIT ปี 2570 (พิมพ์จากคู่มือ)") -> bytes:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [cell(title)] if title else []
    lines.append(",".join(cell(h) for h in header))
    lines += [",".join(cell(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows=SHEET_ROWS, header=HEADER, formula_at: tuple[int, int] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "OIT 2570"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if formula_at is not None:
        sheet.cell(row=formula_at[0], column=formula_at[1]).value = "=A2&B2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def token_of(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "the review page carries a signed token"
    return match.group(1)


def versions_count() -> int:
    return FrameworkVersion.objects.count()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.user("system_admin"))
    return client


@pytest.fixture
def url():
    def _url(name: str, **kwargs: Any) -> str:
        return reverse(f"frameworks:{name}", kwargs=kwargs or None)

    return _url


def management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "400"}


def form_data(html: str) -> dict[str, Any]:
    """Every input, select and textarea of the page's first POST form with a ``version`` field, as the browser
    would send it (checkboxes only when checked). Good enough for the workbench's own forms."""
    import html as htmllib

    start = html.index('name="version"')
    form_start = html.rfind("<form", 0, start)
    form_end = html.index("</form>", start)
    body = html[form_start:form_end]
    data: dict[str, Any] = {}
    for tag in re.finditer(r"<input([^>]*)>", body):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(1)))
        name = attrs.get("name")
        if not name or attrs.get("type") in ("submit", "button"):
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in tag.group(1):
                data[name] = "on"
            continue
        data[name] = htmllib.unescape(attrs.get("value", ""))
    for tag in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        data[tag.group(1)] = htmllib.unescape(tag.group(2)).removeprefix("\n")
    for tag in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', tag.group(2))
        data[tag.group(1)] = htmllib.unescape(chosen.group(1)) if chosen else ""
    return data
