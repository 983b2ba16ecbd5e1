"""The DOCX text reader (zipfile + lxml) gives exactly the text the python-docx reader gave.

``python_docx_read`` below is the reader as it was before (``docx.Document()`` for the package, the same walk of
paragraphs and tables): every document here is read by both and must give the same text, or both must refuse it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from prongsai.core.documents.read import read_bytes, word
from prongsai.core.documents.read._common import ExtractedText, check_chars, check_zip, fail, unify_newlines
from prongsai.core.errors import DocumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def python_docx_read(data: bytes, source: str) -> ExtractedText:
    """The reader before the fast path (word.py up to 2026-12-07), kept here as the reference."""
    import docx

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise fail(source, "ไฟล์ Word (.docx) เสียหาย เปิดไม่ได้", "the Word (.docx) file is corrupt") from exc
    with zf:
        check_zip(zf, source, " Word", "Word")
        if not word.is_docx_zip(zf):
            raise fail(source, "ไม่ใช่ไฟล์ Word (.docx)", "not a Word (.docx) file")
        for info in zf.infolist():
            if info.filename.lower().endswith(".xml") and info.file_size:
                with zf.open(info) as member:
                    if word._declares_dtd(member.read(4096)):
                        raise fail(source, "DOCTYPE/ENTITY", "DOCTYPE/ENTITY")
    try:
        document = docx.Document(io.BytesIO(data))
        related = document.part.related_parts

        def element(rid):
            return getattr(related.get(rid), "element", None)

        headers, footers = word._header_footer_parts(document.element.body, element)
        lines: list[str] = []
        for el in headers:
            lines.extend(word._blocks(el))
        lines.extend(word._blocks(document.element.body))
        for el in footers:
            lines.extend(word._blocks(el))
    except Exception as exc:
        raise fail(source, "ไฟล์ Word (.docx) เสียหาย", f"corrupt ({type(exc).__name__})") from exc
    return ExtractedText(text=check_chars(unify_newlines("\n".join(lines)), source), kind="docx", source=source)


def outcome(reader, data: bytes) -> tuple[str, str]:
    try:
        return "text", reader(data, "a.docx").text
    except DocumentError:
        return "refused", ""


def assert_same(data: bytes) -> str:
    old, new = outcome(python_docx_read, data), outcome(word.read_docx, data)
    assert new == old
    return new[1]


def rezip(base: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def docx_of(build) -> bytes:
    from docx import Document

    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def body_xml(doc, xml: str) -> None:
    from docx.oxml import parse_xml

    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))


# --- what our own writers produce ------------------------------------------------------------------------------


def test_the_fixture_documents():
    for path in sorted(FIXTURES.rglob("*.docx")):
        assert assert_same(path.read_bytes()), path


def test_the_oit_fixture_sites_files():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "oit"))
    from fixture_sites import docx_bytes

    text = assert_same(docx_bytes(("ประกาศ ๑\tข้อ", "แผนปฏิบัติการ ประจำปี 2568", "")))
    assert text == "ประกาศ ๑\tข้อ\nแผนปฏิบัติการ ประจำปี 2568\n"  # the empty paragraph is a line


@pytest.fixture(scope="module")
def reports():
    from prongsai.core.frameworks import FrameworkRegistry
    from prongsai.core.pipeline import KINDS, ReportInput, build_report, prepare
    from prongsai.core.scoring import score_indicators

    reg = FrameworkRegistry()
    values = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]

    def result(fy, shift):
        return score_indicators(reg.get(fy), {i + 1: v - shift for i, v in enumerate(values)})

    data = ReportInput(
        agency_name="องค์การบริหารส่วนตำบลบ้านตัวอย่าง",
        district="เมืองตัวอย่าง",
        province="ตัวอย่าง",
        website="https://www.bantuayang.go.th",
        units=["สำนักปลัด", "กองคลัง"],
        signer_name="นายสมชาย ใจดี",
        result=result(2567, 0),
        history=[result(2566, 3)],
        document_date=date(2024, 10, 15),
    )
    analysis, plan = prepare(data, registry=reg)
    return {
        (kind, digits): build_report(kind, analysis, plan, data, digits=digits).to_bytes()
        for kind in KINDS
        for digits in ("thai", "arabic")
    }


def test_the_four_reports_in_both_digit_styles(reports):
    for (kind, digits), data in reports.items():
        assert assert_same(data), (kind, digits)


def test_the_progress_report():
    from prongsai.core.pipeline import build_progress_report
    from prongsai.core.pipeline.progress import ProgressInput, ProgressMeasure

    progress = ProgressInput(
        agency_name="อบต.ตัวอย่าง",
        fiscal_year=2568,
        period="6",
        as_of=date(2025, 2, 1),
        measures=[ProgressMeasure(number=1, title_th="มาตรการหนึ่ง", start=date(2024, 10, 1), end=date(2025, 9, 30))],
    )
    assert assert_same(build_progress_report(progress).to_bytes())


def test_thai_document_tables_lists_page_breaks_signature():
    from prongsai.core.documents.write.docx_thai import ThaiDocument

    doc = ThaiDocument()
    doc.heading("รายงานผล ITA ๒๕๖๘")
    doc.paragraph("คะแนน\t๙๐.๑๒ คะแนน")
    doc.bullets(["ข้อหนึ่ง", "ข้อสอง"])
    doc.numbered(["ลำดับหนึ่ง", "ลำดับสอง"])
    doc.table(["ตัวชี้วัด", "คะแนน"], [["การปฏิบัติหน้าที่", 93.55], ["การเปิดเผยข้อมูล", None]])
    doc.page_break()
    doc.signature("นายสมชาย ใจดี", "นายกองค์การบริหารส่วนตำบล")
    text = assert_same(doc.to_bytes())
    assert "การปฏิบัติหน้าที่\t" in text and "ตัวชี้วัด\tคะแนน" in text


# --- WordprocessingML the writers do not make, but websites' files do -------------------------------------------


def test_headers_footers_sections_fields_hyperlinks_tabs_breaks():
    def build(doc):
        from docx.enum.section import WD_SECTION
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        doc.sections[0].header.add_paragraph("หัวกระดาษ อบต.ตัวอย่าง")
        doc.sections[0].footer.add_paragraph("ท้ายกระดาษ หน้า")
        rid = doc.part.relate_to("https://www.example.go.th/", RT.HYPERLINK, is_external=True)
        body_xml(
            doc,
            f"""<w:p {NS}>
            <w:r><w:t xml:space="preserve">ลิงก์ </w:t></w:r>
            <w:hyperlink r:id="{rid}"><w:r><w:t>เว็บไซต์หลัก</w:t></w:r></w:hyperlink>
            <w:r><w:tab/><w:t>หน้า </w:t></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>๓</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:fldSimple w:instr=" DATE "><w:r><w:t>๑ ม.ค. ๒๕๖๘</w:t></w:r></w:fldSimple>
            <w:r><w:br/><w:t>บรรทัดใหม่</w:t><w:cr/><w:t>อีก</w:t><w:noBreakHyphen/><w:t>บรรทัด</w:t></w:r>
            <w:r><w:softHyphen/><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>ท้าย</w:t></w:r>
            <w:ins><w:r><w:t>แทรก</w:t></w:r></w:ins><w:del><w:r><w:delText>ลบ</w:delText></w:r></w:del>
            </w:p>""",
        )
        body_xml(
            doc,
            f"""<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>ในกล่องควบคุม</w:t></w:r></w:p>
            </w:sdtContent></w:sdt>""",
        )
        body_xml(doc, f"<w:p {NS}><w:r><w:t>   </w:t></w:r></w:p>")
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.header.is_linked_to_previous = False
        section.header.add_paragraph("หัวกระดาษส่วนที่สอง")
        section.first_page_header.add_paragraph("หน้าแรก")
        section.different_first_page_header_footer = True
        doc.add_paragraph("ส่วนที่สอง")

    text = assert_same(docx_of(build))
    for piece in ("หัวกระดาษส่วนที่สอง", "เว็บไซต์หลัก\tหน้า ๓๑ ม.ค.", "อีก-บรรทัด", "แทรก", "ในกล่องควบคุม"):
        assert piece in text
    assert "PAGE" not in text and "ลบ" not in text


def test_text_boxes_and_nested_tables():
    box = f"""<w:p {NS}><w:r><w:t>ก่อนกล่อง</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">
        <w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>ในกล่องข้อความ</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData>
        </a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>ในกล่องข้อความ</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
        </mc:AlternateContent></w:r></w:p>"""

    def build(doc):
        body_xml(doc, box)
        outer = doc.add_table(rows=2, cols=2)
        outer.cell(0, 0).text = "ตารางนอก"
        inner = outer.cell(0, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "ใน ๑", "ใน ๒"
        big = outer.cell(1, 1).add_table(rows=3, cols=1)
        for i in range(3):
            big.cell(i, 0).text = f"แถว {i} " + "ข้อความยาว " * 30
        outer.cell(1, 0).text = "ซ้าย"

    text = assert_same(docx_of(build))
    assert text.count("ในกล่องข้อความ") == 1 and "ตารางนอก\tใน ๑ ใน ๒" in text


# --- broken and hostile packages: refused by both, with the Thai message ---------------------------------------


@pytest.fixture(scope="module")
def base() -> bytes:
    return docx_of(lambda doc: (doc.sections[0].header.add_paragraph("หัว"), doc.add_paragraph("เนื้อความ")))


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>'
    b"</w:document>"
)


@pytest.mark.parametrize(
    "change",
    [
        {"word/document.xml": LAUGHS},
        {"word/header1.xml": LAUGHS},
        {"word/document.xml": b"<w:document><unclosed>"},
        {"word/header1.xml": b"<w:hdr"},
        {"word/document.xml": b'<w:document xmlns:w="' + W_NS.encode() + b'"/>'},  # no body
        {"word/document.xml": b'<w:other xmlns:w="' + W_NS.encode() + b'"><w:body/></w:other>'},
        {"_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'},
        {"[Content_Types].xml": b"not xml"},
    ],
)
def test_broken_or_hostile_parts_are_refused_by_both(base, change):
    data = rezip(base, replace=change)
    assert outcome(word.read_docx, data) == outcome(python_docx_read, data) == ("refused", "")
    with pytest.raises(DocumentError) as err:
        read_bytes(data, filename="ไฟล์.docx")
    assert "ไฟล์.docx" in err.value.th


def test_an_entity_declaration_gets_the_hostile_file_message(base):
    with pytest.raises(DocumentError) as err:
        read_bytes(rezip(base, replace={"word/document.xml": LAUGHS}), filename="a.docx")
    assert "DOCTYPE/ENTITY" in err.value.th and "อันตราย" in err.value.th


def test_a_missing_header_part_and_a_macro_document_are_refused(base):
    assert outcome(word.read_docx, rezip(base, drop=("word/header1.xml",)))[0] == "refused"
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        types = zf.read("[Content_Types].xml").replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    data = rezip(base, replace={"[Content_Types].xml": types})
    assert outcome(word.read_docx, data) == outcome(python_docx_read, data) == ("refused", "")


def test_parts_the_text_does_not_need_are_not_parsed(base):
    """The one difference, on purpose: python-docx parsed styles, settings, numbering… and refused a file whose
    styles were broken or declared a DOCTYPE; the text reader never opens those parts, so it reads the text."""
    for styles in (b"<w:styles", LAUGHS):
        data = rezip(base, replace={"word/styles.xml": styles})
        assert outcome(python_docx_read, data) == ("refused", "")
        assert outcome(word.read_docx, data) == ("text", "\nหัว\nเนื้อความ")  # the template's empty header line
