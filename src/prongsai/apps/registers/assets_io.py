"""Reading an asset list (CSV or XLSX with Thai headers) into rows for ``services.asset_import``.

Headers (first row; order free; other columns ignored):
``รหัส`` (required), ``ชื่อ`` (required), ``ประเภท`` (ครุภัณฑ์/วัสดุ), ``สถานที่``, ``หน่วยผู้ดูแล`` (a unit's exact
name), ``มูลค่า``, ``สถานะ`` (ใช้งานได้/ชำรุด/สูญหาย/จำหน่ายแล้ว). Errors name the row as Excel shows it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from prongsai.apps.registers.models import AssetCategory, AssetStatus
from prongsai.core.money import AmountError, parse_baht
from prongsai.core.thai import to_arabic_digits

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_REPORTED = 20
MAX_VALUE = Decimal("999999999999.99")  # Asset.value: DecimalField(max_digits=14, decimal_places=2)

HEADERS = {
    "code": ("รหัส", "รหัสครุภัณฑ์", "เลขครุภัณฑ์", "code"),
    "name": ("ชื่อ", "ชื่อครุภัณฑ์", "รายการ", "name"),
    "category": ("ประเภท", "category"),
    "location": ("สถานที่", "สถานที่ตั้ง", "ที่ตั้ง", "location"),
    "custodian_unit": ("หน่วยผู้ดูแล", "ส่วนราชการผู้ดูแล", "ผู้ดูแล", "custodian unit"),
    "value": ("มูลค่า", "มูลค่า (บาท)", "ราคา", "value"),
    "status": ("สถานะ", "status"),
}
TEMPLATE_HEADER = ["รหัส", "ชื่อ", "ประเภท", "สถานที่", "หน่วยผู้ดูแล", "มูลค่า", "สถานะ"]
STATUS_WORDS = {**{s.label: s.value for s in AssetStatus}, "ชำรุด": AssetStatus.REPAIR, "ส่งซ่อม": AssetStatus.REPAIR}
CATEGORY_WORDS = {c.label: c.value for c in AssetCategory}


class RegisterInputError(ValidationError):
    """A register rule was broken; the message is Thai and shown to the person."""


class AssetImportError(RegisterInputError):
    """The file cannot be imported; the message names each bad row (Thai)."""


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int


def _table(filename: str, data: bytes) -> list[list[str]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise AssetImportError("ไฟล์ใหญ่เกิน 5 MB")
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        from prongsai.core.documents.read._common import check_zip
        from prongsai.core.errors import DocumentError

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:  # member count and unpacked size (zip bombs)
                check_zip(zf, filename, "สมุดงาน", "workbook")
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except DocumentError as exc:
            raise AssetImportError(exc.th) from None
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise AssetImportError("อ่านไฟล์ Excel ไม่ได้ (ไฟล์เสียหรือไม่ใช่ .xlsx)") from None
    if not filename.lower().endswith(".csv"):
        raise AssetImportError("รองรับเฉพาะไฟล์ .csv และ .xlsx")
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AssetImportError("อ่านไฟล์ CSV ไม่ได้: ต้องเป็น UTF-8 หรือ Windows ภาษาไทย (cp874)")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise AssetImportError(f"อ่านไฟล์ CSV ไม่ได้: {exc}") from None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _extra_cell(raw: list[str], width: int, value_column: int | None) -> str:
    """A filled cell right of the header's last column (blank padding is fine): the Thai problem, or ""."""
    extra = next((i for i in range(width, len(raw)) if raw[i].strip()), None)
    if extra is None:
        return ""
    where = f"มีช่องเกินมา (คอลัมน์ {_column_letter(extra)} “{raw[extra].strip()[:30]}”)"
    if value_column is not None and value_column + 1 < len(raw):
        whole, cents = to_arabic_digits(raw[value_column]).strip(), to_arabic_digits(raw[value_column + 1]).strip()
        if re.fullmatch(r"[0-9]+", whole) and re.fullmatch(r"[0-9]{1,2}", cents):
            return (f"{where} อาจใช้จุลภาคแทนจุดทศนิยมในมูลค่า ({whole},{cents}) กรุณาใช้จุด เช่น {whole}.{cents}")
    return f"{where} ข้อความหรือจำนวนเงินที่มีจุลภาค (,) ต้องอยู่ในเครื่องหมายคำพูด เช่น \"1,500.50\""


def parse_asset_file(*, filename: str, data: bytes, units: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for the asset register, or ``AssetImportError`` naming every bad row (nothing is imported then)."""
    table = [row for row in _table(filename, data) if any(cell.strip() for cell in row)]
    if not table:
        raise AssetImportError("ไฟล์ว่าง ไม่มีข้อมูล")
    header = [cell.strip().lower() for cell in table[0]]
    columns: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, cell in enumerate(header):
            if cell in names:
                columns[key] = i
                break
    missing = [HEADERS[k][0] for k in ("code", "name") if k not in columns]
    if missing:
        allowed = ", ".join(TEMPLATE_HEADER)
        raise AssetImportError(f"ไม่พบคอลัมน์ {', '.join(missing)} ในแถวหัวตาราง (หัวตารางที่ใช้ได้: {allowed})")
    if len(table) - 1 > MAX_ROWS:
        raise AssetImportError(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว กรุณาแบ่งไฟล์")
    width = max(i for i, cell in enumerate(table[0]) if cell.strip()) + 1  # the header's last named column
    rows, errors, seen = [], [], {}
    for number, raw in enumerate(table[1:], start=2):

        def cell(key: str, raw=raw) -> str:
            i = columns.get(key)
            return to_arabic_digits(raw[i]).strip() if i is not None and i < len(raw) else ""

        extra = _extra_cell(raw, width, columns.get("value"))
        if extra:  # the row's cells are shifted: what else is wrong follows from this
            errors.append(f"แถวที่ {number}: {extra}")
            continue
        problems = []
        code, name = cell("code"), cell("name")
        if not code:
            problems.append("ไม่มีรหัส")
        elif len(code) > 60:
            problems.append("รหัสยาวเกิน 60 ตัวอักษร")
        elif code in seen:
            problems.append(f"รหัส {code} ซ้ำกับแถวที่ {seen[code]}")
        else:
            seen[code] = number
        if not name:
            problems.append("ไม่มีชื่อ")
        category = CATEGORY_WORDS.get(cell("category") or "ครุภัณฑ์")
        if category is None:
            problems.append(f"ประเภท “{cell('category')}” ไม่ถูกต้อง (ครุภัณฑ์ หรือ วัสดุ)")
        status = STATUS_WORDS.get(cell("status") or "ใช้งานได้")
        if status is None:
            problems.append(f"สถานะ “{cell('status')}” ไม่ถูกต้อง ({', '.join(s.label for s in AssetStatus)})")
        unit = None
        if cell("custodian_unit"):
            unit = units.get(cell("custodian_unit"))
            if unit is None:
                problems.append(f"ไม่พบหน่วยผู้ดูแล “{cell('custodian_unit')}” ในหน่วยงาน")
        try:
            value = parse_baht(cell("value"), max_value=MAX_VALUE) or Decimal("0.00")
        except AmountError as exc:
            problems.append(f"มูลค่า “{cell('value')[:30]}”: {exc.th}")
            value = Decimal("0")
        if problems:
            errors.append(f"แถวที่ {number}: " + "; ".join(problems))
            continue
        rows.append(
            {
                "code": code,
                "name": name[:300],
                "category": category,
                "location": cell("location")[:300],
                "custodian_unit": unit,
                "value": value,
                "status": status,
            }
        )
    if errors:
        more = f"\nและอีก {len(errors) - MAX_REPORTED} แถว" if len(errors) > MAX_REPORTED else ""
        raise AssetImportError("นำเข้าไม่ได้ ไม่มีการบันทึกข้อมูลใด ๆ:\n" + "\n".join(errors[:MAX_REPORTED]) + more)
    if not rows:
        raise AssetImportError("ไฟล์ไม่มีแถวข้อมูล")
    return rows
