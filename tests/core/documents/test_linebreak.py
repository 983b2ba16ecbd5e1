"""Thai line breaks and table rows of the PDFs (`write/linebreak.py`, `prepare_for_libreoffice`, the builder's tables)
and the text a poppler-based viewer copies from them (`actual_text_inside_text_objects`).

Measured before the fix, in the progress report of an 11-measure plan (Thai digits): 84 line ends inside a word
(กำลังดำเนิน|การ, ความคืบ|หน้า, ของ|ขวัญ, ตรงไปตรง|มา, เลยกำ|หนด …) and every ำ on pages 2–9 on a line of its own in
pdftotext ("ก ำ ลัง"); in the measures plan 21 (องค์การ|บริหาร…, แนว|ปฏิบัติ, นิติ|การ). After: none of those (what
is left are breaks between the dictionary words of a compound, e.g. เทคโนโลยี|สารสนเทศ in a 2.6 cm column)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.documents.write.docx_thai import CELL_MARGIN_BOTTOM_TW, CELL_MARGIN_TOP_TW, ThaiDocument, docx_xml
from prongsai.core.documents.write.linebreak import (
    KEEP_TOGETHER,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    break_between_words,
    text_width_pt,
    unglued,
    words,
)
from prongsai.core.documents.write.pdf import (
    actual_text_inside_text_objects,
    pdf_text,
    prepare_for_libreoffice,
    soffice_path,
)
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.pipeline import (
    ProgressEvidence,
    ProgressInput,
    ProgressMeasure,
    ProgressTask,
    ReportInput,
    build_progress_report,
    build_report,
    prepare,
    progress_content,
)
from prongsai.core.pipeline.content import Table
from prongsai.core.scoring import score_indicators

AGENCY = "องค์การบริหารส่วนตำบลตัวอย่าง"
EVIDENCE_URL = "https://www.example.go.th/ita/o1"
WHOLE = ["น้ำหนัก", "กำลังดำเนินการ", "งบดำเนินงาน", AGENCY]
SARABUN_SCALE = 11 / 16  # the PDF prints the DOCX's TH Sarabun New sizes in Sarabun at 11/16
CELL_SIDES_CM = 2 * 0.19  # the default left + right cell margin
LABELS = {"กำลังดำเนินการ", "ยังไม่เริ่ม", "ติดปัญหา", "(เลยกำหนด)"}  # ดำเนินการ|แล้วเสร็จ may break

THAI_TEXT = st.text(alphabet=st.sampled_from(list("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอฮะาำิีึืุูเแโใไ่้๊๋็์ั ๆ()0123456789")), max_size=60)


# --- the words -----------------------------------------------------------------------------------------------


def test_phrases_and_the_agency_are_one_word_and_punctuation_is_apart():
    cut = words("สถานะกำลังดำเนินการตามมาตรการขององค์การบริหารส่วนตำบลตัวอย่าง (ถึง ๓๑ มีนาคม)", keep=[AGENCY])
    assert "กำลังดำเนินการ" in cut and AGENCY in cut and "มีนาคม" in cut
    assert words("รายงานการดำเนินการตามมาตรการ")[:4] == ["รายงาน", "การ", "ดำเนินการ", "ตาม"]  # not ดำเนิน|การตาม


def test_a_word_that_fits_is_glued_and_a_word_too_wide_is_left_to_libreoffice():
    glued = break_between_words("กำลังดำเนินการ ติดปัญหา", width_pt=200, size_pt=9)
    assert unglued(glued) == "กำลังดำเนินการ ติดปัญหา"
    assert WORD_JOINER in glued.split(" ")[0] and ZERO_WIDTH_SPACE not in glued.split(" ")[0]
    narrow = break_between_words("กำลังดำเนินการ", width_pt=40, size_pt=9)  # 56 pt wide: falls back to its words
    assert narrow.split(ZERO_WIDTH_SPACE)[0].replace(WORD_JOINER, "") == "กำลัง"
    assert break_between_words("no Thai here", width_pt=10, size_pt=9) == "no Thai here"


@settings(max_examples=200, deadline=None)
@given(THAI_TEXT, st.floats(min_value=20, max_value=500))
def test_the_added_characters_never_part_a_mark_from_its_letter(text, width):
    out = break_between_words(text, width_pt=width, size_pt=11)
    assert unglued(out) == text
    for i, ch in enumerate(out):
        if ch in (WORD_JOINER, ZERO_WIDTH_SPACE) and i + 1 < len(out):
            nxt = out[i + 1]
            assert unicodedata.category(nxt) != "Mn" and nxt not in "ะาำๅ", repr(out)
            assert i == 0 or out[i - 1] not in "เแโใไ", repr(out)


def test_the_copy_libreoffice_prints_is_glued_but_the_docx_is_not():
    doc = ThaiDocument(digits="thai", author=AGENCY)
    doc.paragraph(f"{AGENCY} กำหนดน้ำหนักของงบดำเนินงาน")
    doc.table(["สถานะ"], [["กำลังดำเนินการ"]], widths_cm=[3])
    original = docx_xml(doc.to_bytes())
    assert WORD_JOINER not in original and ZERO_WIDTH_SPACE not in original
    copy = docx_xml(prepare_for_libreoffice(doc.to_bytes())[0])
    texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", copy)
    assert any(WORD_JOINER in t for t in texts)
    assert [unglued(t) for t in texts] == re.findall(r"<w:t[^>]*>([^<]*)</w:t>", original)


# --- tables: room for the marks, columns wide enough for their words --------------------------------------------


def test_table_cells_leave_room_above_and_below_the_marks_and_are_never_distributed():
    doc = ThaiDocument(thai_distribute=True)
    doc.table(["ปี่ ป้า"], [["น้ำ ฎีกา กตัญญู"]])
    xml = docx_xml(doc.to_bytes())
    margins = re.search(r"<w:tblCellMar>(.*?)</w:tblCellMar>", xml).group(1)
    assert re.search(rf'<w:top w:w="{CELL_MARGIN_TOP_TW}" w:type="dxa"/>', margins)
    assert re.search(rf'<w:bottom w:w="{CELL_MARGIN_BOTTOM_TW}" w:type="dxa"/>', margins)
    assert CELL_MARGIN_TOP_TW >= 40 and CELL_MARGIN_BOTTOM_TW >= 40  # 0.07 cm: ปี่'s tone mark clears the line
    assert margins.index("<w:top") < margins.index("<w:bottom")  # the schema's order
    cells = re.findall(r"<w:tc>.*?</w:tc>", xml)
    assert cells and not any("thaiDistribute" in c or 'w:val="both"' in c for c in cells)


def _progress(plan) -> ProgressInput:
    statuses = ["done", "in_progress", "not_started", "blocked"]
    measures, i = [], 0
    for m in plan.measures:
        tasks = []
        span = (m.end - m.start).days
        for k, step in enumerate(m.steps_th):
            status = statuses[i % 4]
            i += 1
            tasks.append(ProgressTask(
                title_th=step, owner_unit=m.responsible_unit.split(" (")[0],
                due=m.start + timedelta(days=round(span * (k + 1) / len(m.steps_th))), status=status,
                progress={"done": 100, "in_progress": 60, "not_started": 0, "blocked": 30}[status],
                evidence=[ProgressEvidence(label="รายงานการประชุม", url=EVIDENCE_URL)] if k == 0 else [],
                notes_th=["รอผลการพิจารณาของคณะกรรมการ"] if status == "blocked" else [],
            ))
        measures.append(ProgressMeasure(number=m.number, title_th=m.title_th, responsible_unit=m.responsible_unit,
                                        start=m.start, end=m.end, tasks=tasks))
    first = plan.measures[0]
    measures.append(ProgressMeasure(
        number=len(measures) + 1, title_th="ทบทวนน้ำหนักของงบดำเนินงานที่ใช้ในแต่ละมาตรการ", responsible_unit="กองคลัง",
        start=first.start, end=first.end, tasks=[ProgressTask(
            title_th="สรุปงบดำเนินงานที่ใช้จริงเทียบกับน้ำหนักของแต่ละมาตรการ", owner_unit="กองคลัง", due=first.end,
            status="in_progress", progress=50)],
    ))
    return ProgressInput(agency_name=AGENCY, place="อำเภอเหนือ จังหวัดตัวอย่าง", fiscal_year=plan.fiscal_year,
                         period="6", as_of=date(2026, 4, 2), measures=measures)


@pytest.fixture(scope="module")
def drafted():
    registry = FrameworkRegistry()
    result = score_indicators(registry.get(2568), dict(zip(range(1, 11), [
        93.76, 88.66, 95.22, 88.93, 95.18, 86.60, 76.62, 78.27, 79.85, 70.50], strict=True)))
    data = ReportInput(agency_name=AGENCY, district="เหนือ", province="ตัวอย่าง", units=["สำนักปลัด", "กองคลัง", "กองช่าง"],
                       result=result, document_date=date(2025, 10, 15), signer_name="นายสมชาย ใจดี")
    analysis, plan = prepare(data, registry=registry)
    return data, analysis, plan


def test_every_heading_and_status_of_the_progress_tables_fits_its_column(drafted):
    _data, _analysis, plan = drafted
    tables = [b for b in progress_content(_progress(plan)).blocks if isinstance(b, Table)]
    assert tables
    for table in tables:
        size = table.size * SARABUN_SCALE
        for col, width in enumerate(table.widths_cm):
            room = (width - CELL_SIDES_CM) / 2.54 * 72
            lines = [line for r in table.rows for line in str(r[col]).split("\n") if line in LABELS]
            for line in [table.header[col], *lines]:
                assert text_width_pt(line, size, bold=True) <= room, (table.header, line, width)


# --- the PDFs -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(drafted, tmp_path_factory):
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make debian-deps` installs it")
    data, analysis, plan = drafted
    folder = tmp_path_factory.mktemp("linebreak")
    out = {}
    for name, doc in (
        ("progress", build_progress_report(_progress(plan), digits="thai")),
        ("measures", build_report("measures", analysis, plan, data, digits="thai")),
        ("analysis", build_report("analysis", analysis, plan, data, digits="thai")),
    ):
        path = folder / f"{name}.pdf"
        doc.to_pdf(path)
        out[name] = path
    return out


def _split(text: str, word: str) -> list[str]:
    """Where `word` runs across a line (or page) break of the extracted text."""
    breaks = {i for i, c in enumerate(text) if c in "\n\f"}
    kept = [i for i, c in enumerate(text) if c not in "\n\f"]
    flat = "".join(text[i] for i in kept)
    return [
        text[kept[m.start()] : kept[m.end() - 1] + 1].replace("\n", "⏎")
        for m in re.finditer(re.escape(word), flat)
        if any(kept[m.start()] < b < kept[m.end() - 1] for b in breaks)
    ]


def _pdftotext(path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", ["progress", "measures", "analysis"])
def test_no_word_of_the_list_is_split_across_lines(name, pdfs):
    pdfium, raw = pdf_text(pdfs[name]), _pdftotext(pdfs[name], "-raw")
    assert AGENCY in pdfium.replace("\n", "")
    for word in WHOLE:
        assert _split(pdfium, word) == [], word
        assert _split(raw, word) == [], word
    if name == "progress":
        assert "กำลังดำเนินการ" in pdfium and "งบดำเนินงาน" in pdfium and "น้ำหนัก" in pdfium
    if name == "analysis":
        assert "น้ำหนัก" in pdfium


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_sara_am_stays_in_its_word_on_every_page_in_a_poppler_viewer(pdfs):
    """PDFium rewrote pages 2+ for their Thai page numbers and left each ActualText span outside its text object, so
    poppler copied "ก ำ ลัง" there; the spans are put back inside (`actual_text_inside_text_objects`)."""
    for options in ((), ("-layout",), ("-raw",)):
        text = _pdftotext(pdfs["progress"], *options)
        assert text.count("\f") >= 3  # several pages, numbered in Thai digits
        assert "ก ำ" not in text and not re.search(r"(^|\s)ำ", text, re.M), options
        assert "กำลังดำเนินการ" in text and "สำนักปลัด" in text
    assert "- ๒ -" in pdf_text(pdfs["progress"])


def test_actual_text_repair_leaves_other_files_alone():
    assert actual_text_inside_text_objects(b"not a pdf") == b"not a pdf"
    assert actual_text_inside_text_objects(b"%PDF-1.4\nstartxref\n12\n%%EOF") == b"%PDF-1.4\nstartxref\n12\n%%EOF"
    assert set(KEEP_TOGETHER) >= {"กำลังดำเนินการ", "น้ำหนัก", "งบดำเนินงาน"}
