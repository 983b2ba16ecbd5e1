"""The results template: export a blank .xlsx/.csv, fill it, import it back as ParsedDocuments."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from prongsai.core.documents.model import Agency, Overall, ParsedDocument, QuestionScore
from prongsai.core.documents.template import (
    QUESTIONS_SHEET,
    RESULTS_SHEET,
    VALUE_COLUMN,
    export_template,
    import_results,
)
from prongsai.core.errors import DocumentError


def key_rows(ws) -> dict[str, int]:
    return {ws.cell(row, 1).value: row for row in range(1, ws.max_row + 1)}


def fill_xlsx(path, sets: dict[int, dict[str, object]], questions: list[list[object]] = ()) -> None:
    wb = load_workbook(path)
    ws = wb[RESULTS_SHEET]
    rows = key_rows(ws)
    for number, values in sets.items():
        for key, value in values.items():
            ws.cell(rows[key], VALUE_COLUMN + number - 1, value)
    for question in questions:
        wb[QUESTIONS_SHEET].append(list(question))
    wb.save(path)


def fill_csv(path, values: dict[str, str], questions: list[list[str]] = ()) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row and row[0] in values:
            row[1] = values[row[0]]
    rows += [list(q) for q in questions]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def errors_of(path) -> DocumentError:
    with pytest.raises(DocumentError) as err:
        import_results(path)
    return err.value


# --- export ----------------------------------------------------------------------------------------


def test_xlsx_template_layout(tmp_path):
    path = export_template(tmp_path / "แม่แบบ.xlsx", fiscal_year=2568)
    wb = load_workbook(path)
    assert wb.sheetnames == [RESULTS_SHEET, QUESTIONS_SHEET]
    ws = wb[RESULTS_SHEET]
    assert ws["B1"].value == "รายการ" and ws["B2"].value == "Item"
    assert ws["D1"].value == "ชุดที่ 1" and ws["D2"].value == "Set 1"
    rows = key_rows(ws)
    assert list(rows)[2:9] == [
        "agency_name",
        "district",
        "province",
        "fiscal_year",
        "document_year",
        "overall_score",
        "level",
    ]
    assert ws.cell(rows["fiscal_year"], VALUE_COLUMN).value == 2568
    assert ws.cell(rows["indicator_1"], 2).value == "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"
    assert ws.cell(rows["indicator_10"], 2).value == "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"
    assert "IIT" in rows and "EIT" in rows and "OIT" in rows
    qs = wb[QUESTIONS_SHEET]
    assert [c.value for c in qs[1]][:5] == [
        "รหัสข้อ",
        "ข้อคำถาม",
        "ตัวชี้วัด (1–10)",
        "เครื่องมือ (IIT/EIT/OIT)",
        "คะแนน (0–100)",
    ]
    assert [c.value for c in qs[2]][:5] == ["Code", "Question", "Indicator (1–10)", "Instrument", "Score (0–100)"]


def test_indicator_names_can_be_given(tmp_path):
    path = export_template(tmp_path / "t.xlsx", indicator_names={1: "ชื่อใหม่"})
    ws = load_workbook(path)[RESULTS_SHEET]
    rows = key_rows(ws)
    assert ws.cell(rows["indicator_1"], 2).value == "ตัวชี้วัดที่ 1 ชื่อใหม่"
    assert ws.cell(rows["indicator_2"], 2).value == "ตัวชี้วัดที่ 2"


def test_csv_template_layout(tmp_path):
    path = export_template(tmp_path / "t.csv", fiscal_year=2567)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel shows the Thai
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    keyed = {r[0]: r for r in rows if r}
    assert keyed["key"] == ["key", "value", "label"]
    assert keyed["fiscal_year"][1] == "2567"
    assert keyed["indicator_9"][2].startswith("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล")
    assert rows[-2][0] == "questions"
    assert rows[-1] == ["code", "text", "indicator", "instrument", "score"]


def test_export_refuses_other_formats_and_gregorian_years(tmp_path):
    with pytest.raises(DocumentError, match=r"\.xlsx"):
        export_template(tmp_path / "t.ods")
    with pytest.raises(DocumentError, match=r"พ\.ศ\."):
        export_template(tmp_path / "t.xlsx", fiscal_year=2025)


# --- round trips ------------------------------------------------------------------------------------

SET_1 = {
    "agency_name": "องค์การบริหารส่วนตำบลทดสอบ",
    "district": "เมืองตัวอย่าง",
    "province": "ตัวอย่าง",
    "document_year": 2569,
    "overall_score": 91.88,
    "level": "AA",
    "IIT": 95.5,
    "EIT": 88.25,
    "OIT": 92,
    **{f"indicator_{n}": 80 + n for n in range(1, 11)},
}
SET_2 = {"fiscal_year": 2567, "overall_score": 85.5, "indicator_9": 100}
QUESTIONS = [
    ["i1", "บุคลากรปฏิบัติงานอย่างเท่าเทียม", 1, "IIT", 90.5],
    [None, "ข้อไม่มีรหัส", None, None, 70],
    ["o1", "โครงสร้าง", 9, "OIT", 100, 2],
]


def expected(source: str) -> list[ParsedDocument]:
    return [
        ParsedDocument(
            source=source,
            agency=Agency(name="องค์การบริหารส่วนตำบลทดสอบ", district="เมืองตัวอย่าง", province="ตัวอย่าง"),
            fiscal_year=2568,
            document_year=2569,
            overall=Overall(score=91.88, level="AA"),
            instruments={"IIT": 95.5, "EIT": 88.25, "OIT": 92.0},
            indicators={str(n): float(80 + n) for n in range(1, 11)},
            questions=[
                QuestionScore(code="i1", text="บุคลากรปฏิบัติงานอย่างเท่าเทียม", indicator=1, instrument="IIT", score=90.5),
                QuestionScore(text="ข้อไม่มีรหัส", score=70),
            ],
        ),
        ParsedDocument(
            source=source,
            fiscal_year=2567,
            overall=Overall(score=85.5),
            indicators={"9": 100.0},
            questions=[QuestionScore(code="o1", text="โครงสร้าง", indicator=9, instrument="OIT", score=100)],
        ),
    ]


def test_xlsx_round_trip(tmp_path):
    path = export_template(tmp_path / "ผล.xlsx", fiscal_year=2568)
    fill_xlsx(path, {1: SET_1, 2: SET_2}, QUESTIONS)
    assert import_results(path) == expected(str(path))


def test_csv_round_trip(tmp_path):
    path = export_template(tmp_path / "ผล.csv", fiscal_year=2568)
    fill_csv(
        path, {k: str(v) for k, v in SET_1.items()}, [["" if c is None else str(c) for c in q] for q in QUESTIONS[:2]]
    )
    assert import_results(path) == expected(str(path))[:1]


def test_thai_digits_be_prefix_percent_and_blanks(tmp_path):
    path = export_template(tmp_path / "t.xlsx")
    fill_xlsx(
        path,
        {1: {"fiscal_year": "พ.ศ. ๒๕๖๘", "overall_score": "๘๕.๕๐", "IIT": " 90 % ", "EIT": "   ", "level": "ผ่าน"}},
        [["E1", "ข้อ ๑", "๖", "eit", "๗๕"]],
    )
    (doc,) = import_results(path)
    assert doc.fiscal_year == 2568
    assert doc.overall == Overall(score=85.5, level="ผ่าน")
    assert doc.instruments == {"IIT": 90.0}
    assert doc.questions == [QuestionScore(code="E1", text="ข้อ ๑", indicator=6, instrument="EIT", score=75)]
    assert doc.agency == Agency() and doc.indicators == {}


def test_csv_saved_as_unicode_text_by_excel(tmp_path):
    path = tmp_path / "ผล.csv"
    path.write_bytes("key\tvalue\r\nagency_name\tเทศบาลตำบลทดสอบ\r\nIIT\t๙๐\r\n".encode("utf-16"))
    (doc,) = import_results(path)
    assert doc.agency.name == "เทศบาลตำบลทดสอบ" and doc.instruments == {"IIT": 90}


def test_csv_saved_by_thai_excel_in_cp874(tmp_path):
    path = tmp_path / "ผล.csv"
    path.write_bytes("key,value\r\nagency_name,เทศบาลตำบลทดสอบ\r\noverall_score,๙๐\r\n".encode("cp874"))
    (doc,) = import_results(path)
    assert doc.agency.name == "เทศบาลตำบลทดสอบ" and doc.overall.score == 90


# --- validation ---------------------------------------------------------------------------------------


def test_blank_template_is_a_clear_error(tmp_path):
    for name in ("t.xlsx", "t.csv"):
        path = export_template(tmp_path / name, fiscal_year=2568)  # a prefilled year alone is not a result
        assert "ยังไม่ได้กรอก" in errors_of(path).th


def test_gregorian_year_names_the_cell_and_asks_for_be(tmp_path):
    path = export_template(tmp_path / "t.xlsx")
    fill_xlsx(path, {1: {"fiscal_year": 2025, "overall_score": 90}})
    row = key_rows(load_workbook(path)[RESULTS_SHEET])["fiscal_year"]
    error = errors_of(path)
    assert f"ชีต “{RESULTS_SHEET}” แถว {row} เซลล์ D{row}" in error.th
    assert "ค.ศ." in error.th and "พ.ศ." in error.th and "2568" in error.th
    assert "Gregorian" in error.en


def test_all_errors_are_reported_together_with_their_cells(tmp_path):
    path = export_template(tmp_path / "t.xlsx")
    fill_xlsx(
        path,
        {1: {"overall_score": 100.5, "document_year": 2800}, 3: {"indicator_2": "เก้าสิบ"}},
        [["x", "", 11, "ABC", ""], ["y", "ข้อ", 1, "IIT", 50, 99]],
    )
    error = errors_of(path)
    rows = key_rows(load_workbook(path)[RESULTS_SHEET])
    for needle in (
        f"เซลล์ D{rows['overall_score']}: คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
        f"เซลล์ D{rows['document_year']}: ปีงบประมาณต้องเป็นปี พ.ศ. 2500–2700",
        f"เซลล์ F{rows['indicator_2']}: ต้องเป็นตัวเลข",
        f"ชีต “{QUESTIONS_SHEET}” แถว 3 เซลล์ B3: ต้องมีข้อความข้อคำถาม",
        "เซลล์ C3: ตัวชี้วัดต้องเป็นเลข 1–10",
        "เซลล์ D3: เครื่องมือต้องเป็น IIT, EIT หรือ OIT",
        "เซลล์ E3: ต้องมีคะแนน",
        "เซลล์ F4: ชุดที่ต้องเป็นเลข",
    ):
        assert needle in error.th, needle
    assert "8 รายการ" in error.th


def test_unknown_and_repeated_keys(tmp_path):
    path = export_template(tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8-sig")
    extra = "\nscore_total,90\noverall_score,80\nnote,\nquestions,"
    path.write_text(text.replace("\nquestions,", extra, 1), encoding="utf-8-sig")
    fill_csv(path, {"overall_score": "70"})
    error = errors_of(path)
    assert "ไม่รู้จักรหัส “score_total”" in error.th
    assert "รหัส “overall_score” ซ้ำ" in error.th
    assert "บรรทัด" in error.th and "line" in error.en


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"PK\x03\x04 truncated zip", "t.xlsx", "เสียหาย"),
        (bytes(range(256)) * 4, "t.xlsx", "เสียหาย"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "t.xls", ".xlsx"),
        (b"key,value\n", "t.txt", ".xlsx หรือ .csv"),
        (b"key,value\nagency_name,a\x00b\n", "t.csv", "ไม่ใช่ไฟล์ CSV"),
        (b"key,value\nagency_name,\xff\xff\n", "t.csv", "CSV UTF-8"),
        (b"key,value\nagency_name," + b"x" * 200_000 + b"\n", "t.csv", "CSV"),
    ],
)
def test_broken_files_are_document_errors(tmp_path, content, name, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert words in errors_of(path).th


def test_truncated_real_xlsx_is_a_document_error(tmp_path):
    path = export_template(tmp_path / "t.xlsx")
    fill_xlsx(path, {1: SET_2})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "เสียหาย" in errors_of(path).th


def test_workbook_without_the_results_sheet(tmp_path):
    path = tmp_path / "อื่น.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    error = errors_of(path)
    assert RESULTS_SHEET in error.th and "Sheet1" in error.th


def test_zip_bomb_xlsx_is_refused(tmp_path):
    path = export_template(tmp_path / "t.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/bomb.bin", bytes(150_000_000))
    assert "zip bomb" in errors_of(path).th


def test_missing_file(tmp_path):
    assert "ไม่พบไฟล์" in errors_of(tmp_path / "ไม่มี.xlsx").th


@settings(
    max_examples=100, deadline=30_000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=4096),
    ext=st.sampled_from([".xlsx", ".csv", ".xls", ""]),
    magic=st.sampled_from([b"", b"PK\x03\x04"]),
)
def test_random_bytes_only_give_document_errors(tmp_path, data, ext, magic):
    path = tmp_path / f"random{ext}"
    path.write_bytes(magic + data)
    try:
        import_results(path)
    except DocumentError as exc:
        assert exc.th and exc.en
