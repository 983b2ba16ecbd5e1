"""PDF text by position: a table written column by column is read row by row again (read/pdf_layout.py,
read/_layout.py); a PDF in reading order is left alone; a proper name broken by a line break in a PDF is one name
(`check` raises no false agency-name mismatch)."""

from __future__ import annotations

import ctypes
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from prongsai.core.documents.check import check_file
from prongsai.core.documents.parse import parse_file, parse_text
from prongsai.core.documents.read import read_document
from prongsai.core.documents.read._layout import Box, cells_of, lay_out, read_out_of_order, regions_of, rows_of
from prongsai.core.documents.read.pdf_layout import page_text
from prongsai.core.documents.write import ThaiDocument
from prongsai.core.documents.write.pdf import font_dir, soffice_path
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.scoring import score_indicators
from prongsai.core.thai import to_thai_digits

VALUES_2567 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")


# --- grouping boxes -----------------------------------------------------------------------------------------


def test_rows_and_cells_from_boxes():
    boxes = [
        Box(10, 10, 60, 20, "ตัวชี้วัด", 0),
        Box(10, 40, 80, 52, "การปฏิบัติหน้าที่", 1),  # marks above and below: a taller box
        Box(200, 11, 230, 20, "คะแนน", 2),
        Box(200, 42, 226, 50, "93.55", 3),
    ]
    rows = rows_of(boxes)
    assert [[b.text for b in row] for row in rows] == [["ตัวชี้วัด", "คะแนน"], ["การปฏิบัติหน้าที่", "93.55"]]
    assert lay_out(boxes) == ["ตัวชี้วัด\tคะแนน", "การปฏิบัติหน้าที่\t93.55"]
    assert read_out_of_order(boxes, min_shared_rows=2)  # column 1, then column 2 from the top again
    row_by_row = [b for row in rows for b in row]
    in_reading_order = [Box(b.left, b.top, b.right, b.bottom, b.text, i) for i, b in enumerate(row_by_row)]
    assert not read_out_of_order(in_reading_order, min_shared_rows=2)


def test_words_close_together_stay_one_cell():
    row = [Box(0, 0, 30, 10, "ตัวชี้วัดที่"), Box(32, 0, 40, 10, "1"), Box(60, 0, 100, 10, "93.55")]
    assert cells_of(row, 10.0) == ["ตัวชี้วัดที่ 1", "93.55"]


def test_two_columns_of_text_are_read_column_by_column_and_a_table_stays_in_rows():
    """The same grouping serves text PDFs and OCR (``ocr.rows_of``): a title over two columns of running text, then
    the left column's lines, then the right's; a table below (a wide name column, a narrow score column) keeps
    its rows."""
    title = [Box(0, 0, 400, 10, "บันทึกผลการประเมิน", 0)]
    left = [Box(0, 20 + 15 * k, 180, 30 + 15 * k, f"ซ้าย{k}", 1 + k) for k in range(5)]
    right = [Box(220, 20 + 15 * k, 400, 30 + 15 * k, f"ขวา{k}", 10 + k) for k in range(5)]
    table = [
        box
        for k in range(4)
        for box in (
            Box(0, 110 + 15 * k, 250, 120 + 15 * k, f"ตัวชี้วัด{k}", 20 + k),
            Box(360, 110 + 15 * k, 400, 120 + 15 * k, "93.55", 30 + k),
        )
    ]
    boxes = title + left + right + table
    assert [[b.text for b in region] for region in regions_of(boxes)][:3] == [
        ["บันทึกผลการประเมิน"],
        [b.text for b in left],
        [b.text for b in right],
    ]
    assert lay_out(boxes) == [
        "บันทึกผลการประเมิน",
        *(b.text for b in left),
        *(b.text for b in right),
        *(f"ตัวชี้วัด{k}\t93.55" for k in range(4)),
    ]
    assert lay_out(table) == [f"ตัวชี้วัด{k}\t93.55" for k in range(4)]  # a table alone: no columns


# --- a PDF written column by column ------------------------------------------------------------------------


def column_ordered_pdf(lines_above: list[str], columns: list[tuple[float, list[str]]], lines_below: list[str]) -> bytes:
    """A one-page PDF (embedded Sarabun) whose table is drawn one column at a time, as some producers write it."""
    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    data = (font_dir() / "Sarabun-Regular.ttf").read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(document.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    keep = []

    def draw(text: str, x: float, y: float) -> None:
        obj = raw.FPDFPageObj_CreateTextObj(document.raw, font, ctypes.c_float(11))
        utf16 = (text + "\0").encode("utf-16-le")
        keep.append(ctypes.create_string_buffer(utf16, len(utf16)))
        raw.FPDFText_SetText(obj, ctypes.cast(keep[-1], ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)

    y = 780.0
    for line in lines_above:
        draw(line, 72, y)
        y -= 24
    top = y
    for x, cells in columns:
        for i, cell in enumerate(cells):
            draw(cell, x, top - i * 22)
    y = top - 22 * max(len(c) for _, c in columns) - 10
    for line in lines_below:
        draw(line, 72, y)
        y -= 24
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def framework_2567():
    return FrameworkRegistry().get(2567)


@pytest.mark.parametrize("digits", ["arabic", "thai"])
def test_a_table_written_column_by_column_keeps_its_rows(tmp_path, framework_2567, digits):
    def d(value: str) -> str:
        return to_thai_digits(value) if digits == "thai" else value

    names = [f"ตัวชี้วัดที่ {d(str(i.number))} {i.name_th}" for i in framework_2567.indicators.items]
    scores = [d(f"{v:.2f}") for v in VALUES_2567]
    overall = score_indicators(framework_2567, {i + 1: v for i, v in enumerate(VALUES_2567)}).overall
    pdf = column_ordered_pdf(
        [f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {d('2567')}", "องค์การบริหารส่วนตำบลทดสอบ อำเภอเมือง จังหวัดตราด"],
        [(72, ["ตัวชี้วัด", *names]), (420, ["คะแนน", *scores])],
        [f"คะแนนภาพรวม {d(f'{overall:.2f}')} คะแนน"],
    )
    path = tmp_path / "columns.pdf"
    path.write_bytes(pdf)
    # PDFium alone reads every name, then every score: no indicator keeps its score.
    document = pdfium.PdfDocument(pdf)
    plain = document[0].get_textpage().get_text_range()
    document.close()
    assert parse_text(plain).document.indicators == {}
    # Read by position, each row has its name and its score again.
    text = read_document(path).text
    assert re.search(rf"ตัวชี้วัดที่ {d('1')} การปฏิบัติหน้าที่\t{d('93.55')}", text)
    doc = parse_file(path).document
    assert doc.indicators == {str(i + 1): v for i, v in enumerate(VALUES_2567)}
    assert (doc.fiscal_year, doc.overall.score) == (2567, overall)
    assert check_file(path).findings == []


def test_a_pdf_in_reading_order_is_left_as_pdfium_reads_it():
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "ita_2567.pdf"  # LibreOffice
    document = pdfium.PdfDocument(str(fixture))
    try:
        for page in document:
            textpage = page.get_textpage()
            assert page_text(textpage, page.get_height()) == textpage.get_text_range()
            textpage.close()
    finally:
        document.close()


# --- a long name broken across lines in a PDF (LibreOffice) ------------------------------------------------

LONG_NAME = "องค์การบริหารส่วนตำบลห้วยทรายเหนือ"


@needs_soffice
@pytest.mark.parametrize("digits", ["thai", "arabic"])
def test_a_name_broken_across_lines_in_a_pdf_is_not_a_mismatch(tmp_path, framework_2567, digits):
    result = score_indicators(framework_2567, {i + 1: v for i, v in enumerate(VALUES_2567)})
    doc = ThaiDocument(digits=digits)
    doc.heading("รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567", level=0)
    doc.paragraph(f"{LONG_NAME} อำเภอเมืองตัวอย่าง จังหวัดตัวอย่าง", align="center")
    lead = "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    # The name starts a little further along each line, so that at least one line breaks inside it.
    for k in range(0, 24, 2):
        said = f"ได้คะแนนภาพรวม {result.overall:.2f} คะแนน อยู่ในระดับ {result.level}"
        doc.paragraph(f"{lead[: 20 + 3 * k]} {LONG_NAME} {said}")
    doc.table(
        ["ตัวชี้วัด", "คะแนน"],
        [[f"ตัวชี้วัดที่ {i.number} {i.name_th}", VALUES_2567[i.number - 1]] for i in framework_2567.indicators.items],
        widths_cm=[12, 4],
    )
    path = tmp_path / "long-name.pdf"
    doc.to_pdf(path)
    text = read_document(path).text
    broken = [m.group() for m in re.finditer(r"ห้วย\S*\n\S*", text) if "ห้วยทรายเหนือ" not in m.group()]
    assert broken, "no line broke inside the name: the test would prove nothing"
    assert check_file(path).findings == []
    parsed = parse_file(path).document
    assert parsed.agency.name == LONG_NAME
    assert (parsed.fiscal_year, parsed.overall.score, parsed.overall.level) == (2567, result.overall, result.level)
    assert parsed.indicators == {str(i + 1): v for i, v in enumerate(VALUES_2567)}
