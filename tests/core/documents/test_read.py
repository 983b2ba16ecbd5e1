"""Reading .txt/.docx/.pdf/.html into text: Thai comes out right, and bad input only ever gives a DocumentError."""

from __future__ import annotations

import codecs
import importlib.util
import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core.documents.read import (
    ExtractedText,
    _common,
    read_bytes,
    read_document,
)
from prongsai.core.documents.read import pdf as pdf_reader
from prongsai.core.documents.read import web as html_reader
from prongsai.core.errors import DocumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def _generator():
    spec = importlib.util.spec_from_file_location("documents_fixture_generator", FIXTURES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


G = _generator()
EXTENSIONS = [".txt", ".docx", ".pdf", ".html", ".htm", ".csv", "", ".xyz"]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def only_document_errors(data: bytes, filename: str) -> ExtractedText | None:
    """Read; any outcome but a result or a DocumentError fails the test."""
    try:
        result = read_bytes(data, filename=filename)
    except DocumentError as exc:
        assert exc.th and exc.en and exc.th != exc.en
        return None
    assert isinstance(result.text, str) and result.text.strip()
    assert result.kind in ("txt", "docx", "pdf", "html", "image")
    return result


def rezip(base: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip with members replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return out.getvalue()


def make_pdf(*pages: str, **encryption) -> bytes:
    import fontpkg_sarabun
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Sarabun", fname=str(fontpkg_sarabun.ROOT / "files" / "Sarabun-Regular.ttf"))
    pdf.set_font("Sarabun", size=14)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def make_docx(build) -> bytes:
    from docx import Document

    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- each format reads Thai correctly ---------------------------------------------------------------


def test_docx_paragraphs_tables_header_footer_in_order():
    result = read_document(FIXTURES / "ita_2567.docx")
    assert result.kind == "docx" and result.pages is None
    assert result.source == str(FIXTURES / "ita_2567.docx")
    lines = result.text.split("\n")
    assert lines[0] == G.HEADER
    assert lines[-1] == G.FOOTER
    assert lines[1:3] == [G.TITLE, G.AGENCY]
    # table rows: cells joined by TAB; the cell's second paragraph and the one-row nested table stay in the cell
    assert lines[3:7] == [
        "ตัวชี้วัด\tคะแนน",
        "๑. การปฏิบัติหน้าที่ หมายเหตุ ย่อย ๑ ๑๐๐\t๙๕.๕๐",
        "๒. การใช้งบประมาณ\t๘๘.๒๕",
        "คะแนนรวม\t๙๑.๘๘",
    ]
    assert lines[7] == G.MARKS


def test_pdf_text_layer_in_thai_with_pages():
    result = read_document(FIXTURES / "ita_2567.pdf")
    assert result.kind == "pdf" and result.pages == 2
    first, second = result.text.split("\n\f\n")
    assert G.MARKS in first  # stacked marks, ำ, ฤๅ all exact
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗" in first
    assert G.AGENCY in first
    assert second.split("\n") == [f"{a} {b}" for a, b in G.ROWS]


def test_html_blocks_tables_entities_and_dropped_script():
    result = read_document(FIXTURES / "ita_2567.html")
    assert result.kind == "html"
    lines = result.text.split("\n")
    assert lines[:3] == ["ผล ITA ๒๕๖๗", G.TITLE, f"{G.AGENCY}\xa0& ภาคี"]
    assert lines[3:7] == [
        "ตัวชี้วัด\tคะแนน",
        "๑. การปฏิบัติหน้าที่ ย่อย ๑ ๑๐๐\t๙๕.๕๐",
        "๒. การใช้งบประมาณ\t๘๘.๒๕",
        "คะแนนรวม\t๙๑.๘๘",
    ]
    assert lines[7] == G.MARKS
    assert "ไม่ใช่ข้อความ" not in result.text and "ความเห็น" not in result.text and "padding" not in result.text


def test_html_in_windows_874_reads_like_utf8():
    assert read_document(FIXTURES / "ita_cp874.html").text == read_document(FIXTURES / "ita_2567.html").text


@pytest.mark.parametrize("name", ["ita_tis620.txt", "ita_utf16.txt"])
def test_legacy_and_utf16_text(name):
    result = read_document(FIXTURES / name)
    assert result.kind == "txt"
    assert result.text == G.plain()


@pytest.mark.parametrize(
    "data",
    [
        "ผลการประเมิน\r\nคะแนน ๙๕.๕๐\r\n".encode("utf-8-sig"),
        codecs.BOM_UTF16_BE + "ผลการประเมิน\r\nคะแนน ๙๕.๕๐\r\n".encode("utf-16-be"),
        "ผลการประเมิน\rคะแนน ๙๕.๕๐\n".encode("cp874"),
    ],
)
def test_text_encodings_and_line_endings(data):
    assert read_bytes(data, filename="ผล.txt").text == "ผลการประเมิน\nคะแนน ๙๕.๕๐\n"


def test_read_bytes_matches_read_document_and_names_the_upload():
    data = fixture_bytes("ita_2567.docx")
    uploaded = read_bytes(data, filename="ผลITA.docx")
    assert uploaded.source == "ผลITA.docx"
    assert uploaded.text == read_document(FIXTURES / "ita_2567.docx").text


def test_text_that_starts_like_a_program_header_is_still_text():
    assert read_bytes(b"MZ Trading Co. ITA report", filename="a.txt").text == "MZ Trading Co. ITA report"


def test_magic_bytes_win_over_a_wrong_but_harmless_extension():
    assert read_bytes(fixture_bytes("ita_2567.pdf"), filename="report.txt").kind == "pdf"
    assert read_bytes(fixture_bytes("ita_2567.docx"), filename="report").kind == "docx"
    assert read_bytes("สวัสดี".encode(), filename="no-extension").kind == "txt"


# --- docx details ----------------------------------------------------------------------------------


def test_docx_tracked_changes_keep_insertions_and_drop_deletions():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(doc):
        p = doc.add_paragraph("คะแนน ")
        p._p.append(
            parse_xml(f"<w:del {nsdecls('w')} w:id='1' w:author='a'><w:r><w:delText>๘๐</w:delText></w:r></w:del>")
        )
        p._p.append(parse_xml(f"<w:ins {nsdecls('w')} w:id='2' w:author='a'><w:r><w:t>๙๐</w:t></w:r></w:ins>"))

    assert read_bytes(make_docx(build), filename="a.docx").text == "คะแนน ๙๐"


def test_docx_big_nested_table_splits_the_outer_row():
    def build(doc):
        outer = doc.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "ก่อน"
        inner = outer.cell(0, 0).add_table(rows=2, cols=2)
        for r in range(2):
            for c in range(2):
                inner.cell(r, c).text = f"ใน{r}{c}"
        outer.cell(0, 0).add_paragraph("หลัง")
        outer.cell(0, 1).text = "ขวา"

    assert read_bytes(make_docx(build), filename="a.docx").text.split("\n") == [
        "ก่อน",
        "ใน00\tใน01",
        "ใน10\tใน11",
        "หลัง\tขวา",
    ]


def test_docx_without_text_is_an_error():
    with pytest.raises(DocumentError) as err:
        read_bytes(make_docx(lambda doc: None), filename="ว่าง.docx")
    assert "ไม่พบข้อความ" in err.value.th and "ว่าง.docx" in err.value.th


def test_truncated_docx_is_a_document_error():
    data = fixture_bytes("ita_2567.docx")
    for cut in (len(data) // 2, len(data) - 30, 100):
        with pytest.raises(DocumentError) as err:
            read_bytes(data[:cut], filename="ผล.docx")
        assert "ผล.docx" in err.value.th


def test_docx_with_a_corrupt_document_part_is_a_document_error():
    data = rezip(fixture_bytes("ita_2567.docx"), replace={"word/document.xml": b"<w:document><unclosed>"})
    with pytest.raises(DocumentError, match="เสียหาย"):
        read_bytes(data, filename="a.docx")


def test_zip_bomb_docx_is_refused_before_decompression():
    bomb = rezip(fixture_bytes("ita_2567.docx"), add={"word/media/image1.png": bytes(_common.MAX_ZIP_TOTAL + 1)})
    assert len(bomb) < 1_000_000
    start = time.monotonic()
    with pytest.raises(DocumentError) as err:
        read_bytes(bomb, filename="bomb.docx")
    assert time.monotonic() - start < 2
    assert "zip bomb" in err.value.th


def test_docx_with_too_many_parts_is_refused():
    members = {f"word/media/{i}.bin": b"" for i in range(_common.MAX_ZIP_MEMBERS + 1)}
    with pytest.raises(DocumentError, match="มากผิดปกติ"):
        read_bytes(rezip(fixture_bytes("ita_2567.docx"), add=members), filename="a.docx")


def test_docx_declaring_entities_is_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><d>&b;</d>'
    data = rezip(fixture_bytes("ita_2567.docx"), replace={"word/document.xml": laughs})
    with pytest.raises(DocumentError, match="DOCTYPE"):
        read_bytes(data, filename="a.docx")


def test_other_office_zips_are_named():
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError) as err:
        read_bytes(xlsx.getvalue(), filename="ผล.docx")
    assert "prongsai import" in err.value.th


# --- pdf details ----------------------------------------------------------------------------------


def test_pdf_safe_thai_repairs():
    data = make_pdf("น้ำา ป ี่ กำาลัง  ้ ก ำ")
    # ำ is a spacing vowel, not a combining mark: a space before it is left alone
    assert read_bytes(data, filename="a.pdf").text == "น้ำ ปี่ กำลัง้ ก ำ"
    assert pdf_reader.repair_thai("ผู้ ใหญ่ ที ่") == "ผู้ ใหญ่ ที่"  # a space before a word is kept


def test_pdf_without_text_is_read_by_ocr_and_a_drawing_is_no_text():
    """scanned.pdf has no text layer, only a filled rectangle: OCR reads it and finds no Thai."""
    with pytest.raises(DocumentError) as err:
        read_document(FIXTURES / "scanned.pdf")
    assert "ไม่มีชั้นข้อความ" in err.value.th and "ไม่พบข้อความในภาพ" in err.value.th and "OCR" in err.value.th
    assert "no text layer" in err.value.en and "scanned.pdf" in err.value.en
    with pytest.raises(DocumentError) as err:  # the OIT crawler reads without OCR
        read_document(FIXTURES / "scanned.pdf", ocr=False)
    assert "ไม่มีชั้นข้อความ" in err.value.th and "ไม่ได้เปิดใช้ OCR" in err.value.th


def test_encrypted_pdf_is_a_clear_error():
    data = make_pdf("ลับ", owner_password="o", user_password="u")
    with pytest.raises(DocumentError) as err:
        read_bytes(data, filename="ลับ.pdf")
    assert "รหัสผ่าน" in err.value.th


def test_owner_password_only_pdf_still_reads():
    assert read_bytes(make_pdf("เปิดได้", owner_password="o"), filename="a.pdf").text == "เปิดได้"


def test_truncated_and_corrupt_pdf_are_document_errors():
    data = fixture_bytes("ita_2567.pdf")
    for broken in (data[: len(data) // 2], data[:200], b"%PDF-1.7\n" + bytes(range(256)) * 8):
        with pytest.raises(DocumentError, match="PDF"):
            read_bytes(broken, filename="ผล.pdf")


def test_pdf_page_limit(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(DocumentError, match="เกินกำหนด 2 หน้า"):
        read_bytes(make_pdf("๑", "๒", "๓"), filename="a.pdf")


# --- html details ---------------------------------------------------------------------------------


def test_deeply_nested_html_reads_without_recursion_error():
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "ข้อความลึก" + "</div>" * depth + "</body></html>"
    assert read_bytes(page.encode(), filename="deep.html").text == "ข้อความลึก"


def test_deeply_nested_tables_read():
    depth = 100_000
    page = "<html>" + "<table><tr><td>ก" * depth + "ข" + "</td></tr></table>" * depth
    text = read_bytes(page.encode(), filename="deep.html").text
    assert text.startswith("ก") and text.endswith("ข")
    assert text.count("ก") == depth


def test_html_layout_table_keeps_data_rows():
    page = (
        "<html><table><tr><td>เมนู</td><td><h1>ผล</h1><table>"
        "<tr><td>ตัวชี้วัดที่ ๑</td><td>๙๐</td></tr><tr><td>ตัวชี้วัดที่ ๒</td><td>๘๐</td></tr>"
        "</table>ท้าย</td></tr></table></html>"
    )
    assert read_bytes(page.encode(), filename="a.html").text.split("\n") == [
        "เมนู\tผล",
        "ตัวชี้วัดที่ ๑\t๙๐",
        "ตัวชี้วัดที่ ๒\t๘๐",
        "ท้าย",
    ]


def test_html_pre_and_line_breaks():
    page = "<!doctype html><p>หนึ่ง<br>สอง</p><pre>  ก  ข\n  ค</pre>"
    assert read_bytes(page.encode(), filename="a.html").text == "หนึ่ง\nสอง\n  ก  ข\n  ค"


@pytest.mark.parametrize(
    "body",
    [
        "<!--" * 300_000,
        "<" * 1_000_000,
        "<a " * 300_000,
        "<![CDATA[" * 200_000,
        "<![x" * 200_000 + "]]>",
        "</" * 500_000,
        "<a b='>" * 200_000,
        "<a b=" * 200_000 + ">",
        "<script>" + "</" * 300_000,
        "&#x" * 300_000,
    ],
    ids=["comments", "lt", "open-tags", "cdata", "marked", "end-tags", "quotes", "attrs", "script", "charrefs"],
)
def test_pathological_html_finishes_fast(body):
    start = time.monotonic()
    only_document_errors(("<html><p>ต้น</p>" + body).encode(), "bad.html")
    assert time.monotonic() - start < 15


def test_html_time_guard(monkeypatch):
    monkeypatch.setattr(html_reader, "HTML_SECONDS", -1.0)
    with pytest.raises(DocumentError, match="HTML"):
        read_bytes(b"<html><p>x</p></html>", filename="a.html")


def test_html_saved_as_pdf_is_named_as_a_failed_download():
    with pytest.raises(DocumentError) as err:
        read_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>", filename="ผล.pdf")
    assert "HTML" in err.value.th and "download" in err.value.en


# --- hostile or unsupported input -------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".txt", ".html"])
def test_program_renamed_as_a_document_is_refused(ext):
    with pytest.raises(DocumentError) as err:
        read_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(500), filename=f"ผล{ext}")
    assert "โปรแกรม" in err.value.th and ext in err.value.th


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"\x7fELF\x02\x01\x01" + bytes(100), "a.pdf", "โปรแกรม"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.pdf", "ไฟล์ภาพ (PNG) เสียหาย"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "scan.jpg", "ไฟล์ภาพ (JPEG) เสียหาย"),
        ("ข้อความ".encode(), "scan.png", "ไม่ใช่ไฟล์ภาพ"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", ".docx"),
        (b"{\\rtf1\\ansi hello}", "a.rtf", "RTF"),
        (b"\x1f\x8b\x08" + bytes(100), "a.txt", "บีบอัด"),
        (b"", "empty.txt", "ว่าง"),
        ("ข้อความ".encode(), "a.xyz", ".xyz"),
        (b"not a pdf at all", "a.pdf", "ไม่ใช่ PDF"),
        (b"not a docx at all", "a.docx", "ไม่ใช่ไฟล์ Word"),
        (b"text\x00with\x00nul", "a.txt", "ไม่ใช่ไฟล์ข้อความ"),
        (bytes(range(256)) * 4, "a.txt", "ไม่ใช่ไฟล์ข้อความ"),
    ],
)
def test_unsupported_input_gets_a_clear_thai_error(data, filename, words):
    with pytest.raises(DocumentError) as err:
        read_bytes(data, filename=filename)
    assert words in err.value.th
    assert filename in err.value.th and filename in err.value.en


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path):
    big = tmp_path / "ใหญ่.pdf"
    with big.open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: nothing is written or read
    with pytest.raises(DocumentError) as err:
        read_document(big)
    assert "ใหญ่เกินกำหนด" in err.value.th
    with pytest.raises(DocumentError):
        read_bytes(b"a" * 1001, filename="a.txt", max_bytes=1000)


def test_text_over_the_character_limit_is_refused(monkeypatch):
    monkeypatch.setattr(_common, "MAX_CHARS", 1000)
    monkeypatch.setattr(html_reader, "MAX_CHARS", 1000)
    with pytest.raises(DocumentError, match="ยาวเกิน"):
        read_bytes("ก".encode() * 2000, filename="a.txt")
    with pytest.raises(DocumentError, match="ยาวเกิน"):
        read_bytes(("<html>" + "<p>ข้อความ</p>" * 500).encode(), filename="a.html")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="ไม่พบไฟล์"):
        read_document(tmp_path / "ไม่มี.pdf")
    with pytest.raises(DocumentError, match="ไม่ใช่ไฟล์ปกติ"):
        read_document(tmp_path)


def test_file_name_with_control_characters_is_cleaned_in_messages():
    with pytest.raises(DocumentError) as err:
        read_bytes(b"", filename="a\x1b[31m.txt")
    assert "\x1b" not in err.value.th


# --- property tests: no input crashes or hangs the readers ----------------------------------------------

FAST = settings(max_examples=150, deadline=30_000, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=st.binary(max_size=8192), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_raise_anything_but_document_error(data, ext):
    only_document_errors(data, f"random{ext}")


MAGIC = [
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"%PDF-1.7\n",
    b"<!DOCTYPE html><html>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
]


@FAST
@given(magic=st.sampled_from(MAGIC), data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_behind_magic_never_raise_anything_but_document_error(magic, data, ext):
    only_document_errors(magic + data, f"random{ext}")


@settings(max_examples=60, deadline=30_000, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["ita_2567.docx", "ita_2567.pdf", "ita_2567.html"]), data=st.data())
def test_damaged_real_documents_never_raise_anything_but_document_error(name, data):
    original = bytearray(fixture_bytes(name))
    cut = data.draw(st.integers(min_value=1, max_value=len(original)), label="keep")
    damaged = original[:cut]
    for _ in range(data.draw(st.integers(min_value=0, max_value=8), label="flips")):
        index = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
        damaged[index] = data.draw(st.integers(min_value=0, max_value=255))
    only_document_errors(bytes(damaged), name)


HTML_TOKENS = [
    *"<>/!-[]?'\"=&#; \nกข่ำ",
    *("<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<th>", "<div>", "</div>", "<p>", "<br>", "<pre>"),
    *("</pre>", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<style>", "<svg>", "&amp;", "&#3585;"),
    *("&#x", "<meta charset='tis-620'>", "<a href='", "<?", "<!DOCTYPE html>", "<html>"),
]


@FAST
@given(tokens=st.lists(st.sampled_from(HTML_TOKENS), max_size=400))
def test_html_like_soup_never_raises_anything_but_document_error(tokens):
    only_document_errors("".join(tokens).encode(), "soup.html")
