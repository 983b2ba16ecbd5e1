"""ThaiDocument: the DOCX XML Word and LibreOffice read (fonts for Thai, A4, page numbers, digits, tables, lists)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import date

import pytest
from lxml import etree

from prongsai.core.documents.write.docx_thai import (
    SARABUN,
    TH_SARABUN_NEW,
    ThaiDocument,
    docx_xml,
    font_policy,
    names_small_em_thai,
    prepare_for_libreoffice,
    retarget_docx,
)
from prongsai.core.documents.write.linebreak import unglued
from prongsai.core.errors import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def xml(data: bytes, part: str = "word/document.xml"):
    return etree.fromstring(docx_xml(data, part).encode())


def sample(**options) -> ThaiDocument:
    doc = ThaiDocument(**options)
    doc.heading("รายงานผลการประเมิน ITA ปีงบประมาณ 2568", level=0)
    doc.heading("1. ผลการประเมิน", level=1)
    doc.paragraph("คะแนนรวม 93.76 คะแนน ดูที่ https://itas.nacc.go.th/2568 หรือ ita2568@example.go.th")
    doc.numbered(["ข้อแรก", "ข้อสอง"])
    doc.numbered(["เริ่มใหม่"])
    doc.bullets(["หัวข้อย่อย"])
    doc.table(
        ["ตัวชี้วัด", "คะแนน", "จำนวน"],
        [["การปฏิบัติหน้าที่", 93.756, 1200], ["การใช้งบประมาณ", 88.1, None]],
        widths_cm=[9, 3.5, 3.5],
    )
    doc.signature("นายสมชาย ใจดี", ["ผู้อำนวยการกองยุทธศาสตร์"], closing="ขอแสดงความนับถือ")
    return doc


@pytest.fixture(scope="module")
def thai_docx() -> bytes:
    return sample(digits="thai").to_bytes()


@pytest.fixture(scope="module")
def arabic_docx() -> bytes:
    return sample(digits="arabic").to_bytes()


def test_defaults_and_styles_set_complex_script_font_and_size(thai_docx):
    styles = xml(thai_docx, "word/styles.xml")
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(f"{W}{attr}") == "TH Sarabun New"
    assert rpr.find(f"{W}sz").get(f"{W}val") == "32"
    assert rpr.find(f"{W}szCs").get(f"{W}val") == "32"  # Thai takes its size from szCs
    assert rpr.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
    for style in styles.findall(f"{W}style"):
        style_rpr = style.find(f"{W}rPr")
        if style_rpr is None:
            continue
        style_fonts = style_rpr.find(f"{W}rFonts")
        if style_fonts is not None:
            assert style_fonts.get(f"{W}cs") == "TH Sarabun New", style.get(f"{W}styleId")
        sz, sz_cs = style_rpr.find(f"{W}sz"), style_rpr.find(f"{W}szCs")
        assert (sz is None) == (sz_cs is None), style.get(f"{W}styleId")
        if sz is not None:
            assert sz.get(f"{W}val") == sz_cs.get(f"{W}val"), style.get(f"{W}styleId")
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']/{W}rPr")
    assert heading.find(f"{W}szCs").get(f"{W}val") == "36"
    assert heading.find(f"{W}bCs") is not None  # bold Thai needs bCs


def test_no_theme_font_attributes_remain(thai_docx):
    for part in ("word/styles.xml", "word/document.xml", "word/numbering.xml"):
        for rfonts in xml(thai_docx, part).iter(f"{W}rFonts"):
            for attr in THEME_ATTRS:
                assert rfonts.get(f"{W}{attr}") is None, (part, attr)


def test_sarabun_policy_writes_the_printed_size(thai_docx):
    data = sample(font_policy="sarabun").to_bytes()
    rpr = xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Sarabun"
    assert rpr.find(f"{W}szCs").get(f"{W}val") == "22"  # 16 pt TH Sarabun New prints like 11 pt Sarabun
    assert SARABUN.pt(16) == 11.0 and SARABUN.pt(18) == 12.5 and TH_SARABUN_NEW.pt(16) == 16.0
    assert font_policy("sarabun") is SARABUN
    with pytest.raises(ValueError):
        font_policy("comic-sans")


def test_a4_page_and_thai_government_margins(thai_docx):
    sect = xml(thai_docx).find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert abs(int(size.get(f"{W}w")) - 11906) <= 2 and abs(int(size.get(f"{W}h")) - 16838) <= 2
    margins = sect.find(f"{W}pgMar")
    cm = {k: int(margins.get(f"{W}{k}")) / 567 for k in ("top", "left", "right", "bottom")}
    assert cm == pytest.approx({"top": 2.5, "left": 3.0, "right": 2.0, "bottom": 2.0}, abs=0.01)


def header_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if re.match(r"word/header\d*\.xml", n))


def test_page_number_field_in_thai_digits(thai_docx, arabic_docx):
    header = header_xml(thai_docx)
    assert 'w:fldCharType="begin"' in header and 'w:fldCharType="end"' in header
    assert re.search(r"<w:instrText[^>]*> PAGE \\\* ThaiArabic", header)
    assert re.search(r"<w:t[^>]*>๑</w:t>", header)  # the cached result Word shows before it updates fields
    sect = xml(thai_docx).find(f"{W}body/{W}sectPr")
    assert sect.find(f"{W}pgNumType").get(f"{W}fmt") == "thaiNumbers"
    assert sect.find(f"{W}titlePg") is not None  # page 1 carries no number
    arabic = header_xml(arabic_docx)
    assert re.search(r"<w:instrText[^>]*> PAGE ", arabic) and "ThaiArabic" not in arabic
    assert xml(arabic_docx).find(f"{W}body/{W}sectPr/{W}pgNumType") is None


def body_text(data: bytes) -> str:
    return "".join(t.text or "" for t in xml(data).iter(f"{W}t"))


def test_thai_digits_when_chosen(thai_docx, arabic_docx):
    text = body_text(thai_docx)
    assert "ปีงบประมาณ ๒๕๖๘" in text and "คะแนนรวม ๙๓.๗๖ คะแนน" in text
    assert "https://itas.nacc.go.th/2568" in text and "ita2568@example.go.th" in text  # addresses keep their digits
    assert "๙๓.๗๖" in text and "๑,๒๐๐" in text  # table numbers: two decimals, thousands separator
    assert not re.search(r"[0-9]", text.replace("https://itas.nacc.go.th/2568", "").replace("ita2568", ""))
    arabic = body_text(arabic_docx)
    assert "ปีงบประมาณ 2568" in arabic and "93.76" in arabic and "1,200" in arabic
    assert not re.search("[๐-๙]", arabic)


def test_dates_and_numbers_helpers():
    doc = ThaiDocument(digits="thai")
    assert doc.date(date(2025, 11, 21)) == "๒๑ พฤศจิกายน ๒๕๖๘"
    assert doc.date(date(2025, 11, 21), short=True) == "๒๑ พ.ย. ๒๕๖๘"
    assert doc.number(1234567.891) == "๑,๒๓๔,๕๖๗.๘๙" and doc.number(85) == "๘๕"
    assert ThaiDocument(digits="arabic").date(date(2024, 10, 1)) == "1 ตุลาคม 2567"
    with pytest.raises(ValueError):
        ThaiDocument(digits="roman")  # type: ignore[arg-type]


def test_table_grid_header_repeat_widths_and_right_aligned_numbers(thai_docx):
    table = xml(thai_docx).find(f"{W}body/{W}tbl")
    assert table.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "TableGrid"
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    widths = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
    assert [round(w / 567, 1) for w in widths] == [9.0, 3.5, 3.5]
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    header_cells = rows[0].findall(f"{W}tc")
    assert all(c.find(f".//{W}jc").get(f"{W}val") == "center" for c in header_cells)
    assert all(c.find(f".//{W}rPr/{W}bCs") is not None for c in header_cells)
    first = rows[1].findall(f"{W}tc")
    assert first[0].find(f".//{W}jc") is None or first[0].find(f".//{W}jc").get(f"{W}val") == "left"
    assert first[1].find(f".//{W}jc").get(f"{W}val") == "right"
    assert [int(c.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for c in first] == widths


def test_lists_are_real_word_lists_in_thai_numbers_and_restart(thai_docx, arabic_docx):
    numbering = xml(thai_docx, "word/numbering.xml")
    paragraphs = [p for p in xml(thai_docx).iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    num_ids = [p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in paragraphs]
    assert len(num_ids) == 4 and num_ids[0] == num_ids[1] and len(set(num_ids)) == 3  # two lists + bullets
    formats = {}
    for num_id in num_ids:
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
        abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
        abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
        formats[num_id] = abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val")
    assert [formats[n] for n in num_ids] == ["thaiNumbers", "thaiNumbers", "thaiNumbers", "bullet"]
    arabic_numbering = docx_xml(arabic_docx, "word/numbering.xml")
    assert "thaiNumbers" not in arabic_numbering


def test_thai_distribute_and_paragraph_indent():
    doc = ThaiDocument(thai_distribute=True)
    body = doc.paragraph("ข้อความ")
    centred = doc.paragraph("กลาง", align="center")
    data = doc.to_bytes()
    jcs = [jc.get(f"{W}val") for jc in xml(data).iter(f"{W}jc")]
    assert jcs[:2] == ["thaiDistribute", "center"]
    assert round(body.paragraph_format.first_line_indent.cm, 2) == 2.5
    assert centred.paragraph_format.first_line_indent is None


def tiny_png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6))
        + chunk(b"IEND", b"")
    )


def test_image_and_signature_block():
    png = tiny_png()
    doc = ThaiDocument()
    doc.image(png, width_cm=8, caption="ภาพที่ 1 คะแนน")
    lines = doc.signature("นางสาวสมหญิง รักดี", "หัวหน้าสำนักงาน", closing="ขอแสดงความนับถือ", blank_lines=2)
    data = doc.to_bytes()
    root = xml(data)
    extent = root.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert round(int(extent.get("cx")) / 360000, 2) == 8.0
    assert "ภาพที่ ๑ คะแนน" in body_text(data)
    assert [p.text for p in lines] == ["ขอแสดงความนับถือ", "", "", "(นางสาวสมหญิง รักดี)", "หัวหน้าสำนักงาน"]
    assert all(p.paragraph_format.keep_with_next for p in lines[:-1])


def test_retarget_docx_scales_th_sarabun_to_sarabun(thai_docx):
    assert names_small_em_thai(thai_docx)
    copy = retarget_docx(thai_docx)
    styles = docx_xml(copy, "word/styles.xml")
    assert "TH Sarabun New" not in styles and 'w:cs="Sarabun"' in styles
    rpr = xml(copy, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr.find(f"{W}szCs").get(f"{W}val") == "22" and rpr.find(f"{W}sz").get(f"{W}val") == "22"
    heading = xml(copy, "word/styles.xml").find(f"{W}style[@{W}styleId='Heading1']/{W}rPr/{W}szCs")
    assert heading.get(f"{W}val") == "25"  # 18 pt × 11/16
    sarabun = sample(font_policy="sarabun").to_bytes()
    assert not names_small_em_thai(sarabun) and retarget_docx(sarabun) == sarabun


def test_prepare_for_libreoffice_types_list_labels_and_page_digits(thai_docx, arabic_docx):
    copy, fixups = prepare_for_libreoffice(thai_docx)
    assert fixups.thai_page_digits
    assert fixups.top_margin_pt == pytest.approx(70.85, abs=0.1)
    text = unglued(body_text(copy))  # the copy breaks lines between words (tests/core/documents/test_linebreak.py)
    assert "๑.ข้อแรก" in text and "๒.ข้อสอง" in text and "๑.เริ่มใหม่" in text  # restarted; a tab follows the label
    paragraphs = list(xml(copy).iter(f"{W}p"))
    assert sum(p.find(f"{W}pPr/{W}numPr") is not None for p in paragraphs) == 1  # only the bullet list stays
    header = header_xml(copy)
    assert "ThaiArabic" not in header and re.search(r"> PAGE ", header)
    assert 'w:fmt="thaiNumbers"' not in docx_xml(copy)
    _copy, arabic_fixups = prepare_for_libreoffice(arabic_docx)
    assert not arabic_fixups.thai_page_digits
    distributed = ThaiDocument(thai_distribute=True)
    distributed.paragraph("ข้อความ")
    assert 'w:val="both"' in docx_xml(prepare_for_libreoffice(distributed.to_bytes())[0])


def test_broken_docx_is_a_document_error():
    with pytest.raises(DocumentError) as error:
        docx_xml(b"not a zip")
    assert "DOCX" in error.value.th
