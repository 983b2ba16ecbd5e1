"""Reading the OIT item sheet an officer typed from the NACC manual (core/frameworks/sheet.py)."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import random
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core.frameworks import sheet as sheet_module
from prongsai.core.frameworks.loader import FrameworkRegistry, framework_from_raw
from prongsai.core.frameworks.sheet import (
    MAX_ITEMS,
    MAX_SHEET_BYTES,
    OitSheet,
    SheetError,
    SheetItem,
    SheetProblem,
    framework_with_oit_items,
    read_oit_sheet,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "frameworks" / "sheets" / "oit-2570.csv"
HEADER = ["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"]


def xlsx(rows: list[list], *, title: str = "OIT", before: list[list[list]] = ()) -> bytes:
    """An .xlsx whose sheet `title` holds `rows` (row 1 first); `before`: sheets in front of it."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, other in enumerate(before):
        ws = wb.create_sheet(f"อื่น{n}")
        for row in other:
            ws.append(row)
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def problems(data: bytes, filename: str) -> list[SheetProblem]:
    with pytest.raises(SheetError) as info:
        read_oit_sheet(data, filename)
    assert info.value.problems
    return info.value.problems


def triples(sheet: OitSheet) -> list[tuple[str, str, str]]:
    return [(it.code, it.title_th, it.subindicator) for it in sheet.items]


# --- reading -----------------------------------------------------------------------------------------------


def test_fixture_csv_reads_every_item_with_parts_periods_and_names():
    sheet = read_oit_sheet(FIXTURE.read_bytes(), FIXTURE.name)
    assert sheet.sheet_name is None and sheet.header_row == 3
    assert [it.code for it in sheet.items] == [f"O{n}" for n in range(1, 9)]
    first, second = sheet.items[0], sheet.items[1]
    assert first.required_parts == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"] and first.period == "any"
    assert second.required_parts == ["ชื่อ", "ตำแหน่ง", "รูปถ่าย"] and second.period is None
    assert second.row == 5  # a quoted multi-line cell is one spreadsheet row
    assert [it.subindicator for it in sheet.items] == ["9.1"] * 3 + ["9.2"] * 2 + ["9.3", "10.1", "10.1"]
    assert sheet.items[4].subindicator_title == "การบริหารงาน"  # named on the row above only
    assert [it.period for it in sheet.items[3:5]] == ["current", "previous"]
    assert any("แถวว่าง 1 แถว" in n for n in sheet.notes)
    assert any("ชื่อเรื่อง" in n for n in sheet.notes)


def test_xlsx_with_title_rows_blank_rows_merged_subindicator_and_unused_column():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "รายการ"
    ws.append(["รายการข้อ OIT ปี 2570"])
    ws.merge_cells("A1:E1")
    ws.append(["หน่วยงาน: สมมติ"])
    ws.append([])
    ws.append(["ลำดับ", "ตัวชี้วัดย่อย", "ชื่อตัวชี้วัดย่อย", "ข้อ", "ชื่อข้อ"])
    ws.append([1, 9.1, "ข้อมูลพื้นฐาน", "O1", "โครงสร้าง"])
    ws.append([2, None, None, "O2", "ผู้บริหาร"])
    ws.append([])
    ws.append([])
    ws.append([3, 10.1, "มาตรการภายใน", "O3", "แผนป้องกันการทุจริต"])
    ws.merge_cells("B5:B6")
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = read_oit_sheet(buffer.getvalue(), "oit.xlsx")
    assert sheet.sheet_name == "รายการ" and sheet.header_row == 4
    assert triples(sheet) == [("O1", "โครงสร้าง", "9.1"), ("O2", "ผู้บริหาร", "9.1"), ("O3", "แผนป้องกันการทุจริต", "10.1")]
    assert [it.row for it in sheet.items] == [5, 6, 9]
    assert sheet.items[1].subindicator_title == "ข้อมูลพื้นฐาน"
    notes = " ".join(sheet.notes)
    assert "ข้ามแถวว่าง 2 แถว" in notes and "ข้ามแถวชื่อเรื่องเหนือหัวตาราง 2 แถว" in notes
    assert "ลำดับ" in notes and "แถวบน" in notes


def test_first_sheet_with_a_header_is_used():
    data = xlsx([HEADER, ["O1", "ก", "9.1"]], title="OIT", before=[[["คำอธิบาย"], ["ไม่มีตาราง"]], []])
    sheet = read_oit_sheet(data, "book.xlsx")
    assert sheet.sheet_name == "OIT" and triples(sheet) == [("O1", "ก", "9.1")]


@pytest.mark.parametrize("code", ["ข้อ", "code", "รหัส", "CODE", " Code ", "code:", "\ufeffcode", "ข้อ (code)", "รหัสข้อ"])
@pytest.mark.parametrize("title", ["ชื่อข้อ", "title", "รายการ", "Title.", "ชื่อข้อ *"])
def test_header_spellings_for_code_and_title(code, title):
    data = csv_bytes([[code, title, "ตัวชี้วัดย่อย"], ["O1", "โครงสร้าง", "9.1"]])
    assert triples(read_oit_sheet(data, "a.csv")) == [("O1", "โครงสร้าง", "9.1")]


@pytest.mark.parametrize("sub", ["ตัวชี้วัดย่อย", "subindicator", "Sub-Indicator", "sub indicator", "SUB_INDICATOR"])
@pytest.mark.parametrize("sub_title", ["ชื่อตัวชี้วัดย่อย", "subindicator_title", "Subindicator Title"])
@pytest.mark.parametrize("parts", ["ส่วนประกอบที่ต้องมี", "required_parts", "Required parts"])
@pytest.mark.parametrize("period", ["ช่วงเวลา", "period", "Period:"])
def test_header_spellings_for_the_other_columns(sub, sub_title, parts, period):
    data = csv_bytes([["code", "title", sub, sub_title, parts, period], ["O1", "ก", "9.1", "พื้นฐาน", "ก;ข", "ปีก่อนหน้า"]])
    (item,) = read_oit_sheet(data, "a.csv").items
    assert item == SheetItem(2, "O1", "ก", "9.1", "พื้นฐาน", ["ก", "ข"], "previous")


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_any_column_order(order):
    columns = [["ข้อ", "O1", "O2"], ["ชื่อข้อ", "ก", "ข"], ["ตัวชี้วัดย่อย", "9.1", "9.2"], ["ชื่อตัวชี้วัดย่อย", "พื้นฐาน", ""]]
    rows = [[columns[i][r] for i in order] for r in range(3)]
    sheet = read_oit_sheet(xlsx(rows), "a.xlsx")
    assert triples(sheet) == [("O1", "ก", "9.1"), ("O2", "ข", "9.2")]
    assert sheet.items[0].subindicator_title == "พื้นฐาน" and sheet.items[1].subindicator_title is None


@pytest.mark.parametrize("written", ["O1", "o1", "O 1", "O๑", "o.1", "O-01", "O001", "1", "๑", " o1 ", "Ｏ１", 1, 1.0])
def test_code_spellings_normalise(written):
    assert triples(read_oit_sheet(xlsx([HEADER, [written, "ก", "9.1"]]), "a.xlsx")) == [("O1", "ก", "9.1")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("9.1", "9.1"), ("๙.๑", "9.1"), ("9.10", "9.10"), ("10.1", "10.1"), (9.1, "9.1"), (10.12, "10.12"),
     ("๑๐.๒", "10.2"), ("ตัวชี้วัดย่อยที่ 9.3", "9.3"), (" 9 . 4 ", "9.4")],
)
def test_subindicator_spellings_text_and_numbers(written, expected):
    (item,) = read_oit_sheet(xlsx([HEADER, ["O1", "ก", written]]), "a.xlsx").items
    assert item.subindicator == expected


def test_numeric_9_10_cannot_be_told_from_9_1_but_text_can():
    # Excel stores the number 9.10 as 9.1: documented; text cells keep their digits.
    (number,) = read_oit_sheet(xlsx([HEADER, ["O1", "ก", 9.10]]), "a.xlsx").items
    (text,) = read_oit_sheet(csv_bytes([HEADER, ["O1", "ก", "9.10"]]), "a.csv").items
    assert number.subindicator == "9.1" and text.subindicator == "9.10"


def test_thai_digits_in_titles_become_arabic_only_in_codes():
    (item,) = read_oit_sheet(csv_bytes([HEADER, ["O๑๒", "รายงาน ๖ เดือน", "๙.๒"]]), "a.csv").items
    assert (item.code, item.subindicator, item.title_th) == ("O12", "9.2", "รายงาน ๖ เดือน")


def test_subindicator_heading_rows_and_name_inside_the_code_cell():
    rows = [HEADER, ["", "", "9.1 ข้อมูลพื้นฐาน"], ["O1", "ก", ""], ["O2", "ข", ""], ["", "", "9.2"], ["O3", "ค", ""]]
    sheet = read_oit_sheet(csv_bytes(rows), "a.csv")
    assert triples(sheet) == [("O1", "ก", "9.1"), ("O2", "ข", "9.1"), ("O3", "ค", "9.2")]
    assert sheet.items[0].subindicator_title == "ข้อมูลพื้นฐาน" and sheet.items[2].subindicator_title is None


def test_titles_are_cleaned_of_pdf_copy_artefacts():
    title = "การ\u200bเปิดโอกาส\u00a0ให้\nมีส่วนร่วม ประจ\u0e4d\u0e32ปี"
    (item,) = read_oit_sheet(csv_bytes([HEADER, ["O1", title, "9.5"]]), "a.csv").items
    assert item.title_th == "การเปิดโอกาส ให้ มีส่วนร่วม ประจำปี"


@pytest.mark.parametrize(
    ("written", "period"),
    [("ปีปัจจุบัน", "current"), ("ปีที่ประเมิน", "current"), ("current", "current"), ("ปีก่อนหน้า", "previous"),
     ("previous", "previous"), ("ปีที่แล้ว", "previous"), ("ปีที่ประเมินหรือปีก่อนหน้า", "current_or_previous"),
     ("current_or_previous", "current_or_previous"), ("Current or previous", "current_or_previous"),
     ("ไม่จำกัด", "any"), ("any", "any"), ("", None)],
)
def test_period_words(written, period):
    (item,) = read_oit_sheet(csv_bytes([[*HEADER, "ช่วงเวลา"], ["O1", "ก", "9.1", written]]), "a.csv").items
    assert item.period == period


def test_required_parts_split_on_lines_semicolons_and_bullets():
    cell = "• แผนผัง\n- ชื่อผู้บริหาร;ตำแหน่ง\n\n•ช่องทางติดต่อ"
    (item,) = read_oit_sheet(xlsx([[*HEADER, "ส่วนประกอบที่ต้องมี"], ["O1", "ก", "9.1", cell]]), "a.xlsx").items
    assert item.required_parts == ["แผนผัง", "ชื่อผู้บริหาร", "ตำแหน่ง", "ช่องทางติดต่อ"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(encoding, delimiter):
    rows = [["รายการข้อ OIT ปี ๒๕๗๐"], HEADER, ["O1", "โครงสร้าง, อำนาจหน้าที่", "9.1"], ["O2", "ผู้บริหาร; ติดต่อ", "9.1"]]
    sheet = read_oit_sheet(csv_bytes(rows, delimiter=delimiter, encoding=encoding), "a.csv")
    assert triples(sheet) == [("O1", "โครงสร้าง, อำนาจหน้าที่", "9.1"), ("O2", "ผู้บริหาร; ติดต่อ", "9.1")]
    if encoding in ("cp874", "tis-620"):
        assert any("TIS-620" in n for n in sheet.notes)


def test_repeated_header_rows_are_skipped():
    sheet = read_oit_sheet(csv_bytes([HEADER, ["O1", "ก", "9.1"], HEADER, ["O2", "ข", "9.2"]]), "a.csv")
    assert [it.code for it in sheet.items] == ["O1", "O2"]


def test_a_plain_negative_number_is_not_a_formula():
    rows = [[*HEADER, "หมายเหตุ"], ["O1", "ก", "9.1", "-3"], ["O2", "ข", "9.1", "+4.5"]]
    sheet = read_oit_sheet(csv_bytes(rows), "a.csv")
    assert len(sheet.items) == 2


# --- refusing bad input ------------------------------------------------------------------------------------


def test_duplicate_codes_name_both_rows():
    (problem,) = problems(csv_bytes([HEADER, ["O1", "ก", "9.1"], ["O2", "ข", "9.1"], ["o 1", "ค", "9.2"]]), "a.csv")
    assert problem.row == 4 and problem.column == "ข้อ"
    assert "แถวที่ 2" in problem.message_th and "แถวที่ 4" in problem.message_th and "O1" in problem.message_th


def test_missing_title_names_the_row_and_column():
    (problem,) = problems(xlsx([["รายการข้อ OIT"], HEADER, ["O1", "ก", "9.1"], ["O2", None, "9.1"]]), "a.xlsx")
    assert problem.text_th() == "แถวที่ 4 (ชื่อข้อ): ไม่มีชื่อข้อ"
    assert problem.sheet == "OIT"


@pytest.mark.parametrize(("code", "words"), [("", "ไม่มีรหัสข้อ"), ("X1", "'X1' ไม่ถูกต้อง"), ("O0", "ไม่ถูกต้อง"),
                                             ("i1", "ไม่ถูกต้อง"), ("O1a", "ไม่ถูกต้อง"), ("O12345", "ไม่ถูกต้อง")])
def test_missing_or_malformed_code(code, words):
    (problem,) = problems(csv_bytes([HEADER, ["O1", "ก", "9.1"], [code, "ข", "9.1"]]), "a.csv")
    assert problem.row == 3 and problem.column == "ข้อ" and words in problem.message_th


@pytest.mark.parametrize("sub", ["9", "x", "9.1.2", "0.1", "123.4", "9,1"])
def test_malformed_subindicator(sub):
    (problem,) = problems(csv_bytes([HEADER, ["O1", "ก", sub]]), "a.csv")
    assert problem.row == 2 and problem.column == "ตัวชี้วัดย่อย" and "ไม่ถูกต้อง" in problem.message_th


def test_first_item_without_subindicator_and_no_subindicator_column():
    (problem,) = problems(csv_bytes([HEADER, ["O1", "ก", ""]]), "a.csv")
    assert problem.text_th() == "แถวที่ 2 (ตัวชี้วัดย่อย): ไม่มีตัวชี้วัดย่อย (เช่น 9.1)"
    (problem,) = problems(csv_bytes([["ข้อ", "ชื่อข้อ"], ["O1", "ก"]]), "a.csv")
    assert problem.row == 1 and "ไม่มีคอลัมน์ตัวชี้วัดย่อย" in problem.message_th


def test_excel_date_in_the_subindicator_column():
    (problem,) = problems(xlsx([HEADER, ["O1", "ก", datetime(2026, 1, 9, tzinfo=UTC).replace(tzinfo=None)]]), "a.xlsx")
    assert problem.row == 2 and "วันที่" in problem.message_th


def test_conflicting_subindicator_names_and_unknown_period():
    rows = [[*HEADER, "ชื่อตัวชี้วัดย่อย", "ช่วงเวลา"], ["O1", "ก", "9.1", "พื้นฐาน", ""], ["O2", "ข", "9.1", "อื่น", "บางปี"]]
    found = problems(csv_bytes(rows), "a.csv")
    assert {(p.row, p.column) for p in found} == {(3, "ชื่อตัวชี้วัดย่อย"), (3, "ช่วงเวลา")}
    assert any("แถวที่ 2" in p.message_th for p in found)


def test_xlsx_formula_cells_are_refused_never_evaluated():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["รายการ OIT"])
    ws.append(HEADER)
    ws.append(["O1", "ก", "9.1"])
    ws.append(["O2", "=A1", "9.1"])
    ws["D3"] = "=SUM(1,2)"
    buffer = io.BytesIO()
    wb.save(buffer)
    found = problems(buffer.getvalue(), "a.xlsx")
    assert [(p.row, p.column) for p in found] == [(3, "คอลัมน์ D"), (4, "ชื่อข้อ")]
    assert all("สูตร" in p.message_th for p in found)


def test_formula_in_a_title_row_is_refused_too():
    found = problems(xlsx([['="รายการ "&2570'], HEADER, ["O1", "ก", "9.1"]]), "a.xlsx")
    assert [p.row for p in found] == [1]


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", " =HYPERLINK(\"x\")", "\t=1"])
def test_csv_formula_starts_are_refused(cell):
    (problem,) = problems(csv_bytes([HEADER, ["O1", cell, "9.1"]]), "a.csv")
    assert problem.row == 2 and problem.column == "ชื่อข้อ" and "สูตร" in problem.message_th


def test_every_problem_is_reported_at_once():
    rows = [HEADER, ["O1", "", "9.1"], ["Z", "ข", "9.1"], ["O3", "ค", "x"], ["O3", "ง", "9.2"]]
    found = problems(csv_bytes(rows), "a.csv")
    assert [p.row for p in found] == [2, 3, 4, 5]
    error = SheetError(found, filename="a.csv")
    assert error.th.count("แถวที่") >= 4 and "a.csv" in error.th and "row 2" in error.en


def test_too_large_file():
    (problem,) = problems(b"x" * (MAX_SHEET_BYTES + 1), "big.csv")
    assert problem.row is None and "ใหญ่เกินไป" in problem.message_th


def test_ten_megabytes_of_garbage_named_xlsx():
    data = random.Random(1).randbytes(10_000_000)
    assert "ใหญ่เกินไป" in problems(data, "oit.xlsx")[0].message_th


@pytest.mark.parametrize("data", [b"", b"garbage", random.Random(2).randbytes(5000), b"PK\x03\x04" + b"\x00" * 100])
def test_random_bytes_named_xlsx_are_not_excel(data):
    (problem,) = problems(data, "oit.xlsx")
    assert "ไม่ใช่ไฟล์ Excel ที่อ่านได้" in problem.message_th


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "ไม่ใช่ไฟล์ Excel" in problems(buffer.getvalue(), "a.xlsx")[0].message_th


def test_zip_bomb_is_refused_before_opening(monkeypatch):
    calls = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(a))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (sheet_module.MAX_UNCOMPRESSED_BYTES + 1))
    data = buffer.getvalue()
    assert len(data) < MAX_SHEET_BYTES
    (problem,) = problems(data, "bomb.xlsx")
    assert "ขยายแล้วใหญ่เกินไป" in problem.message_th and calls == []


def test_zip_members_together_over_the_limit(monkeypatch):
    monkeypatch.setattr(sheet_module, "MAX_UNCOMPRESSED_BYTES", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(3):
            zf.writestr(f"xl/worksheets/sheet{n}.xml", b"\0" * 60_000)  # each under the limit, together over it
    assert "ขยายแล้วใหญ่เกินไป" in problems(buffer.getvalue(), "bomb.xlsx")[0].message_th


@pytest.mark.parametrize(("data", "name"), [(b"", "a.csv"), (b"\r\n,,,\r\n\r\n", "a.csv"), (xlsx([]), "a.xlsx")])
def test_empty_sheets(data, name):
    assert problems(data, name)[0].message_th == "ไฟล์ว่าง ไม่มีข้อมูล"


@pytest.mark.parametrize("rows", [[["ก", "ข"], ["O1", "โครงสร้าง"]], [["รายการข้อ OIT ปี 2570"], ["ข้อ", "ตัวชี้วัดย่อย"]]])
def test_no_header_row(rows):
    for data, name in ((csv_bytes(rows), "a.csv"), (xlsx(rows), "a.xlsx")):
        assert "ไม่พบแถวหัวตาราง" in problems(data, name)[0].message_th


def test_header_without_items():
    (problem,) = problems(csv_bytes([HEADER, [], []]), "a.csv")
    assert problem.row == 1 and "ไม่มีข้อ OIT" in problem.message_th


def test_too_many_items():
    rows = [HEADER] + [[f"O{n % 999 + 1}", f"ข้อ {n}", "9.1"] for n in range(MAX_ITEMS + 1)]
    (problem,) = problems(csv_bytes([["รายการ"], *rows]), "a.csv")
    assert f"เกิน {MAX_ITEMS:,} แถว" in problem.message_th and problem.row == MAX_ITEMS + 3


def test_problems_stop_after_a_limit():
    rows = [HEADER] + [["O1", "", "x"]] * 400
    found = problems(csv_bytes(rows), "a.csv")
    assert len(found) <= sheet_module.MAX_PROBLEMS + 3 and "หยุดตรวจ" in found[-1].message_th


@pytest.mark.parametrize(
    ("name", "words"), [("oit.xls", ".xls รุ่นเก่า"), ("oit.pdf", "รองรับเฉพาะ"), ("oit", "รองรับเฉพาะ")]
)
def test_unsupported_file_kinds(name, words):
    assert words in problems(b"data", name)[0].message_th


def test_duplicate_header_column():
    (problem,) = problems(csv_bytes([["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย", "code"], ["O1", "ก", "9.1", "O2"]]), "a.csv")
    assert problem.row == 1 and "ซ้ำ" in problem.message_th


# --- the framework -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base():
    return FrameworkRegistry().get(2569)


def test_framework_with_oit_items_replaces_only_the_oit_list(base):
    sheet = read_oit_sheet(FIXTURE.read_bytes(), FIXTURE.name)
    raw = framework_with_oit_items(base, sheet, fiscal_year=2570, source="คู่มือ 2570 (ตาราง)")
    framework = framework_from_raw(raw, "test")
    assert framework.fiscal_year == 2570 and framework.status == "provisional"
    assert framework.oit.source == ["คู่มือ 2570 (ตาราง)"] and framework.oit.confidence == "medium"
    assert [(it.code, it.title_th, s.code) for s, it in framework.oit.items()] == triples(sheet)
    assert [s.code for s in framework.oit.subindicators] == ["9.1", "9.2", "9.3", "10.1"]
    assert framework.oit.subindicators[0].name_th == "ข้อมูลพื้นฐาน"
    o1 = framework.oit.subindicators[0].items[0]
    assert o1.required_parts == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"] and o1.period == "any"
    assert framework.instruments == base.instruments and framework.levels == base.levels
    assert framework.indicators == base.indicators and framework.pass_line == base.pass_line
    assert "2570" in framework.title_th and "2569" not in framework.title_th


def test_subindicator_names_fall_back_to_the_base(base):
    known = next(s for s in base.oit.subindicators if s.name_th)
    sheet = read_oit_sheet(csv_bytes([HEADER, ["O1", "ก", known.code], ["O2", "ข", "10.9"]]), "a.csv")
    with pytest.raises(SheetError) as info:
        framework_with_oit_items(base, sheet, fiscal_year=2570, source="x")
    (problem,) = info.value.problems
    assert problem.row == 3 and "10.9" in problem.message_th and "ไม่ได้ระบุชื่อ" in problem.message_th
    sheet = read_oit_sheet(csv_bytes([HEADER, ["O1", "ก", known.code]]), "a.csv")
    framework = framework_from_raw(framework_with_oit_items(base, sheet, fiscal_year=2570, source="x"), "t")
    assert framework.oit.subindicators[0].name_th == known.name_th


def test_subindicator_of_a_non_oit_indicator_is_refused(base):
    sheet = read_oit_sheet(csv_bytes([[*HEADER, "ชื่อตัวชี้วัดย่อย"], ["O1", "ก", "3.1", "การใช้อำนาจ"]]), "a.csv")
    with pytest.raises(SheetError) as info:
        framework_with_oit_items(base, sheet, fiscal_year=2570, source="x")
    assert "ไม่ใช่ตัวชี้วัดของ OIT" in info.value.problems[0].message_th


# --- properties --------------------------------------------------------------------------------------------

THAI = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุูเแโใไ่้๊๋็์"
SPELLINGS = [
    lambda n: f"O{n}", lambda n: f"o{n}", lambda n: f"O {n}", lambda n: f"o.{n}", lambda n: f"O-{n:02d}",
    lambda n: "O" + str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")), lambda n: str(n),
]
HEADERS = {
    "code": ["ข้อ", "code", "รหัส", "Code"],
    "title": ["ชื่อข้อ", "title", "รายการ", "TITLE"],
    "subindicator": ["ตัวชี้วัดย่อย", "subindicator", "Sub-indicator"],
    "subindicator_title": ["ชื่อตัวชี้วัดย่อย", "subindicator_title"],
    "note": ["หมายเหตุ", "note"],
}
TITLE_ROWS = ["รายการข้อ OIT ปี 2570", "หน่วยงาน: สมมติ", "แหล่งที่มา: คู่มือการประเมิน", "ปรับปรุง ๑ ต.ค."]


@st.composite
def messy_sheets(draw):
    count = draw(st.integers(1, 12))
    numbers = draw(st.lists(st.integers(1, 60), min_size=count, max_size=count, unique=True))
    words = st.text(alphabet=THAI + "ABC abc12", min_size=1, max_size=25)
    titles = [unicodedata.normalize("NFC", " ".join(draw(words).split())) or "ก" for _ in numbers]
    subs = [draw(st.sampled_from(["9.1", "9.2", "9.10", "10.1", "10.2"])) for _ in numbers]
    expected = [(f"O{n}", t, s) for n, t, s in zip(numbers, titles, subs, strict=True)]
    fields = draw(st.permutations(["code", "title", "subindicator", *draw(st.sets(st.sampled_from(["note"])))]))
    header = [draw(st.sampled_from(HEADERS[f])) for f in fields]
    body = []
    for i, (n, title, sub) in enumerate(zip(numbers, titles, subs, strict=True)):
        blank_sub = i > 0 and subs[i - 1] == sub and draw(st.booleans())
        values = {"code": draw(st.sampled_from(SPELLINGS))(n), "title": title, "subindicator": "" if blank_sub else sub,
                  "note": draw(st.sampled_from(["", "ดูคู่มือ", "12"]))}
        body.append([values[f] for f in fields])
        body += [[""] * len(fields)] * draw(st.integers(0, 2))
    top = [[t] for t in draw(st.lists(st.sampled_from(TITLE_ROWS), max_size=3))] + [[]] * draw(st.integers(0, 2))
    kind = draw(st.sampled_from(["xlsx", "csv,", "csv;", "csv\t", "cp874"]))
    return [*top, header, *body], kind, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_sheets())
def test_messy_sheets_read_back_the_generated_items(case):
    rows, kind, expected = case
    if kind == "xlsx":
        data, name = xlsx(rows), "m.xlsx"
    elif kind == "cp874":
        data, name = csv_bytes(rows, encoding="cp874"), "m.csv"
    else:
        data, name = csv_bytes(rows, delimiter=kind[3]), "m.csv"
    assert triples(read_oit_sheet(data, name)) == expected


VALID_XLSX = xlsx([["รายการ"], HEADER, ["O1", "ก", 9.1], ["O2", "ข", "9.2"]])


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["g.xlsx", "g.csv", "g.tsv", "g.xlsm"]))
def test_garbage_bytes_only_ever_raise_sheet_error(data, name):
    try:
        result = read_oit_sheet(data, name)
    except SheetError as exc:
        assert exc.problems and exc.th
    else:
        assert isinstance(result, OitSheet)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_corrupted_workbooks_only_ever_raise_sheet_error(data):
    raw = bytearray(VALID_XLSX)
    # positions drawn independently of the file's length, so that every run draws the same way
    for _ in range(data.draw(st.integers(1, 20))):
        raw[data.draw(st.integers(0, 1 << 20)) % len(raw)] = data.draw(st.integers(0, 255))
    cut = len(raw) - data.draw(st.integers(0, 1 << 20)) % (len(raw) // 2)
    with contextlib.suppress(SheetError):  # anything else fails the test
        read_oit_sheet(bytes(raw[:cut]), "c.xlsx")


@pytest.mark.parametrize("title", ["ยก", "ลก", "กข"])
def test_short_tis620_text_that_is_also_valid_utf8_reads_as_thai(title):
    # "ยก" in TIS-620 is C2 A1, which UTF-8 reads as "¡" (found by the property test below)
    data = f"code,title,subindicator\nO1,{title},9.1\n".encode("cp874")
    assert [(i.code, i.title_th) for i in read_oit_sheet(data, "list.csv").items] == [("O1", title)]
