"""OCR of scans: our own fixture document, scanned synthetically, reads back with every field right; what OCR read is
marked; `check` turns likely misreadings into notes; bad input is a clear Thai error.

The scans are made here (``tests/fixtures/documents/scans.py``): the DOCX fixture converted to PDF by LibreOffice
(once per session), rasterised at 150 dpi in grey with copier speckle, sensor noise and a rotation of ±1° (fixed
seed), saved as PNG, JPEG and an image-only PDF. Speed is measured by ``bench/bench_ocr.py``, not here.
"""

from __future__ import annotations

import importlib.util
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from prongsai.core.documents.check import check_parsed
from prongsai.core.documents.ocr_marks import mark_ocr
from prongsai.core.documents.parse import parse_text
from prongsai.core.documents.read import needs_ocr, read_bytes, read_document
from prongsai.core.documents.read import ocr as ocr_reader
from prongsai.core.errors import DocumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scans = _load("ocr_scans", FIXTURES / "scans.py")
G = _load("documents_fixture_generator", FIXTURES / "generate.py")

needs_tesseract = pytest.mark.skipif(
    not ocr_reader.ocr_available(), reason="Tesseract with the Thai model is not installed; `make debian-deps`"
)


def _fields(doc) -> dict:
    data = doc.to_json_dict()
    for key in ("source", "ocr", "ocr_fields"):
        data.pop(key)
    return data


@pytest.fixture(scope="session")
def fixture_pdf() -> bytes:
    """ita_2567.docx as LibreOffice prints it (the page an agency would print and scan)."""
    from prongsai.core.documents.write.pdf import docx_to_pdf, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make debian-deps` installs it")
    return docx_to_pdf((FIXTURES / "ita_2567.docx").read_bytes())


@pytest.fixture(scope="session")
def expected() -> dict:
    """What parsing the DOCX itself gives."""
    extracted = read_document(FIXTURES / "ita_2567.docx")
    return _fields(parse_text(extracted.text, "ita_2567.docx").document)


# --- every field right on our own document, scanned ---------------------------------------------------------


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "angle"),
    [("png", 1.0), ("jpeg", -1.0), ("pdf", 1.0)],
)
def test_scan_of_our_document_reads_every_field(fixture_pdf, expected, kind, angle):
    pages = scans.scan_pages(fixture_pdf, angle=angle)
    data = {"png": lambda: scans.png(pages[0]), "jpeg": lambda: scans.jpeg(pages[0])}.get(
        kind, lambda: scans.image_pdf(pages)
    )()
    extracted = read_bytes(data, filename=f"สแกน.{kind}")
    assert extracted.kind == ("pdf" if kind == "pdf" else "image")
    assert extracted.ocr and extracted.ocr_pages == (1,)
    result = mark_ocr(parse_text(extracted.text, "สแกน"), extracted)
    got = _fields(result.document)
    # Every field the DOCX states is read the same from the scan.
    for key, value in expected.items():
        if key == "indicators":
            assert {k: got[key].get(k) for k in value} == value
        else:
            assert got[key] == value, key
    # The scan is laid out as printed, one row per table row, so indicator 1 (whose Word cell also holds a note and
    # a nested table) is read too; whatever is read beyond the DOCX must be what the fixture says.
    truth = {"1": 95.5, "2": 88.25}
    assert all(truth[k] == v for k, v in got["indicators"].items())
    doc = result.document
    assert doc.ocr is True
    assert set(doc.ocr_fields) >= {"agency", "fiscal_year", "document_year", "overall.score", "indicators.2"}
    assert check_parsed(result).errors == 0


@needs_tesseract
@pytest.mark.slow
def test_table_cells_come_out_by_position(fixture_pdf):
    """The borderless table's score column is beside its row, separated by a TAB as the Word reader gives it."""
    extracted = read_bytes(scans.png(scans.scan_pages(fixture_pdf)[0]), filename="a.png")
    lines = extracted.text.split("\n")
    assert any(line.endswith("\t๘๘.๒๕") and "การใช้งบประมาณ" in line for line in lines)
    assert any(line.endswith("\t๙๑.๘๘") and "คะแนนรวม" in line for line in lines)


@needs_tesseract
@pytest.mark.slow
def test_pdf_with_one_scanned_page_marks_only_what_it_read(fixture_pdf):
    """Page 1 has a text layer (the title, with the year); page 2 is a scan of the fixture. Only page 2 is read by
    OCR; the overall score comes from it alone, the year also from page 1's text."""
    import fontpkg_sarabun
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Sarabun", fname=str(fontpkg_sarabun.ROOT / "files" / "Sarabun-Regular.ttf"))
    pdf.set_font("Sarabun", size=14)
    pdf.add_page()
    pdf.multi_cell(0, 9, G.TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(io.BytesIO(scans.png(scans.scan_pages(fixture_pdf)[0])), x=0, y=0, w=pdf.w)
    extracted = read_bytes(bytes(pdf.output()), filename="ปน.pdf")
    assert extracted.ocr_pages == (2,)
    assert " ".join(extracted.text.split("\n\f\n")[0].split()) == G.TITLE  # the text layer, as it was
    doc = mark_ocr(parse_text(extracted.text, "ปน.pdf"), extracted).document
    assert doc.overall.score == 91.88 and doc.fiscal_year == 2567
    assert "overall.score" in doc.ocr_fields and "fiscal_year" not in doc.ocr_fields


# --- check: OCR notes, not misspellings ----------------------------------------------------------------------


def _as_ocr(text: str):
    result = parse_text(text, "scan.png")
    result.document.ocr = True
    result.document.set_ocr_lines(frozenset(range(1, text.count("\n") + 2)))
    return result


def test_misreadings_in_ocr_text_are_notes_not_misspellings():
    """A lexicon near-miss, a number with a letter in it, the agency's name a mark off: read from a scan, each is an
    OCR note (info); typed, the misspelling and the name are errors."""
    text = (
        "รายงานผลการประเมิน ITA ขององค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาน ๒๕๖๗\n"
        "องค์การบริหารส่วนตำบลทดสอบ อำเภอเมือง จังหวัดตัวอย่าง\n"
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ ๙o.๕๐ คะแนน\n"
        "องค์การบริหารส่วนตำบลทดส๋อบ ได้คะแนนภาพรวม ๙๐.๕๐ คะแนน\n"
    )
    rep = check_parsed(_as_ocr(text))
    assert rep.errors == 0 and not any(f.code == "misspelling" for f in rep.findings)
    notes = [f for f in rep.findings if f.code == "ocr-suspect"]
    assert {f.expected for f in notes} == {"ประจำปีงบประมาณ", "๙๐.๕๐", "องค์การบริหารส่วนตำบลทดสอบ"}
    assert all(f.severity == "info" and "OCR" in f.message for f in notes)
    typed = check_parsed(parse_text(text, "typed.txt"))
    assert {f.code for f in typed.findings if f.severity == "error"} == {"misspelling", "agency-name-mismatch"}
    assert not any(f.code == "ocr-suspect" for f in typed.findings)


# --- bad input -------------------------------------------------------------------------------------------------


def _photo() -> bytes:
    """Not a document: soft colour gradients and shapes (a fixed seed), like a photograph."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:900, 0:1200]
    rgb = np.stack([x / 1200 * 255, y / 900 * 255, (x + y) / 2100 * 255], axis=-1)
    image = Image.fromarray((rgb + rng.normal(0, 6, rgb.shape)).clip(0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        cx, cy, r = rng.integers(0, 1200), rng.integers(0, 900), rng.integers(40, 200)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    buf = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(2)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


@needs_tesseract
def test_a_photo_is_no_text_in_the_image():
    with pytest.raises(DocumentError) as err:
        read_bytes(_photo(), filename="รูปกิจกรรม.jpg")
    assert "ไม่พบข้อความในภาพ" in err.value.th and "รูปกิจกรรม.jpg" in err.value.th
    assert "no text" in err.value.en


def _blank_scan_pdf(pages: int) -> bytes:
    """An image-only PDF of small blank pages (a scanner's output, without the cost of reading real pages)."""
    images = [Image.new("L", (200, 280), 255) for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=72.0)
    return buf.getvalue()


def test_a_200_page_scan_is_refused_before_any_page_is_read(monkeypatch):
    data = _blank_scan_pdf(200)
    assert needs_ocr(data, "สแกน.pdf")
    monkeypatch.setattr(ocr_reader, "Engine", None)  # reading a page would fail loudly
    with pytest.raises(DocumentError) as err:
        read_bytes(data, filename="สแกน.pdf")
    assert "200" in err.value.th and "50" in err.value.th and "PRONGSAI_OCR_MAX_PAGES" in err.value.th
    monkeypatch.setenv("PRONGSAI_OCR_MAX_PAGES", "120")
    with pytest.raises(DocumentError, match="120"):
        read_bytes(data, filename="สแกน.pdf")
    with pytest.raises(DocumentError, match="เกินกำหนด 20 หน้า"):
        read_bytes(data, filename="สแกน.pdf", max_ocr_pages=20)


@needs_tesseract
def test_multi_page_ocr_reports_progress():
    calls = []
    with pytest.raises(DocumentError, match="ไม่พบข้อความในภาพ"):  # blank pages
        read_bytes(_blank_scan_pdf(3), filename="ว่าง.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_an_encrypted_scan_is_a_password_error():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    buf = io.BytesIO()
    Image.new("L", (300, 400), 255).save(buf, "PNG")
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=pdf.w)
    pdf.set_encryption(owner_password="o", user_password="u")
    with pytest.raises(DocumentError) as err:
        read_bytes(bytes(pdf.output()), filename="ลับ.pdf")
    assert "รหัสผ่าน" in err.value.th


def test_a_corrupt_jpeg_is_a_clear_error():
    buf = io.BytesIO()
    Image.new("L", (400, 300), 200).save(buf, "JPEG")
    data = buf.getvalue()
    for cut in (len(data) // 2, 40):
        with pytest.raises(DocumentError) as err:
            read_bytes(data[:cut], filename="สแกน.jpg")
        assert "ไฟล์ภาพ (JPEG) เสียหาย" in err.value.th and "สแกน.jpg" in err.value.th


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost nothing: what a decompression bomb looks like to a reader."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [9_000, 30_000])  # over our limit; over Pillow's own bomb limit too
def test_a_huge_pixel_image_is_refused_before_decoding(side):
    with pytest.raises(DocumentError) as err:
        read_bytes(_png_header(side, side), filename="ใหญ่.png")
    assert "ล้านพิกเซล" in err.value.th and "ใหญ่.png" in err.value.th


def test_needs_ocr_tells_scans_from_text():
    blank = io.BytesIO()
    Image.new("L", (100, 100), 255).save(blank, "PNG")
    assert needs_ocr(blank.getvalue(), "a.png")
    assert not needs_ocr(_png_header(100, 100), "a.png")  # its pixels are missing: reading says so
    assert needs_ocr((FIXTURES / "scanned.pdf").read_bytes(), "scanned.pdf")
    assert not needs_ocr((FIXTURES / "ita_2567.pdf").read_bytes(), "ita_2567.pdf")
    assert not needs_ocr((FIXTURES / "ita_2567.docx").read_bytes(), "ita_2567.docx")
    assert not needs_ocr(b"not a pdf", "a.pdf")


# --- two columns -----------------------------------------------------------------------------------------------

_NUMBERS = ("หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด")
_FILLER = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐประจำปีงบประมาณ"


def _two_column_scan() -> bytes:
    """A page set in two columns of running text, lines side by side at the same heights: a title over both columns,
    then seven lines a column, each starting with its side and number ("ซ้ายหนึ่ง", "ขวาหนึ่ง", …) and filled to
    the column's width. Drawn with Sarabun at 300 dpi, scanned down to 150 dpi grey with speckle and noise (fixed
    seed), turned by 0.5°."""
    import fontpkg_sarabun
    from PIL import ImageFont

    font = ImageFont.truetype(str(fontpkg_sarabun.ROOT / "files" / "Sarabun-Regular.ttf"), 67)  # 16 pt at 300 dpi
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    margin, gutter = 200, 180
    column = (2480 - 2 * margin - gutter) // 2
    draw.text((margin, 250), "บันทึกผลการประเมินคุณธรรมและความโปร่งใสของหน่วยงาน", font=font, fill=0)

    def line(side: str, number: str) -> str:
        text = f"{side}{number} "
        for ch in _FILLER:
            if font.getlength(text + ch) > column:
                break
            text += ch
        return text

    for k, number in enumerate(_NUMBERS):
        y = 450 + k * 115
        draw.text((margin, y), line("ซ้าย", number), font=font, fill=0)
        draw.text((margin + column + gutter, y), line("ขวา", number), font=font, fill=0)
    rng = np.random.default_rng(19)
    scan = np.asarray(page.resize((1240, 1754), Image.Resampling.LANCZOS)).astype(np.float64)
    scan += rng.normal(0.0, 6.0, scan.shape)
    dots = rng.random(scan.shape)
    scan[dots < 0.001] = 0
    scan[dots > 0.999] = 255
    image = Image.fromarray(np.clip(scan, 0, 255).astype(np.uint8), mode="L")
    image = image.rotate(0.5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(150, 150))
    return buf.getvalue()


@needs_tesseract
@pytest.mark.slow
def test_two_columns_are_read_column_by_column():
    """The left column's lines all come before the right column's, and no line mixes the two (before the shared
    layout grouped them, lines side by side were read as one row: ซ้ายหนึ่ง … ⇥ ขวาหนึ่ง …)."""
    lines = read_bytes(_two_column_scan(), filename="สองคอลัมน์.png").text.split("\n")
    assert "บันทึกผลการประเมิน" in lines[0]

    def where(side: str) -> list[tuple[int, int]]:
        """(line index, number) of each line of ``side`` that OCR read with its marker."""
        found = []
        for i, text in enumerate(lines):
            for n, number in enumerate(_NUMBERS):
                if text.startswith(f"{side}{number}"):
                    found.append((i, n))
        return found

    left, right = where("ซ้าย"), where("ขวา")
    assert len(left) >= 5 and len(right) >= 5, lines
    assert not any("ซ้าย" in text and "ขวา" in text for text in lines), lines
    assert max(i for i, _ in left) < min(i for i, _ in right), lines
    assert [n for _, n in left] == sorted(n for _, n in left) and [n for _, n in right] == sorted(n for _, n in right)


def test_abbreviations_misread_as_thai_or_with_touching_letters_are_written_right():
    # IIT with its two I's touching is read as one wide letter; a Thai reading is never taken for an abbreviation.
    assert [ocr_reader._as_code(t, "") for t in ("NT", "HT", "(WT)", "UT")] == ["IIT", "IIT", "(IIT)", "IIT"]
    assert ocr_reader._as_code("(IT)", "ส่วนได้ส่วนเสียภายใน") == "(IIT)"
    assert ocr_reader._as_code("แร", "") is None and ocr_reader._as_code("MX", "") is None
    W = ocr_reader.Word
    row = [W("ภายใน", 0, 0, 200, 40, 90, 0), W("(แร)", 210, 0, 270, 40, 90, 0), W("แบบวัด", 280, 0, 420, 40, 90, 0)]
    assert ocr_reader._maybe_code(row, 1, 40.0) and not ocr_reader._maybe_code(row, 2, 40.0)
    cells = [W("๘๙.๙๕", 0, 0, 120, 40, 90, 0), W("แห", 300, 0, 350, 40, 90, 0), W("๓๐", 600, 0, 640, 40, 90, 0)]
    assert ocr_reader._maybe_code(cells, 1, 40.0) and not ocr_reader._maybe_code(cells, 0, 40.0)


def test_the_digit_matcher_shrinks_glyphs_as_pillow_does_and_reads_them_together():
    from prongsai.core.documents.read import thai_digits

    rng = np.random.default_rng(1)
    for side in (5, 17, 20, 33, 64, 101):
        square = (rng.random((side, side)) * 255).astype(np.float32)
        pillow = np.asarray(Image.fromarray(square, mode="F").resize((20, 20), Image.Resampling.BOX))
        ours = thai_digits._box_weights(side) @ square.astype(np.float64) @ thai_digits._box_weights(side).T
        assert np.abs(pillow - ours).max() < 1e-3
    glyphs = [(rng.random((30, 20)) > 0.5, None), (rng.random((25, 25)) > 0.4, rng.random((25, 25)) * 255)]
    together, alone = thai_digits.classify_many(glyphs), [thai_digits.classify(m, d) for m, d in glyphs]
    assert [ch for ch, _ in together] == [ch for ch, _ in alone]
    assert [d for _, d in together] == pytest.approx([d for _, d in alone], abs=1e-5)
