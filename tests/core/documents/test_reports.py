"""The four report documents (analysis, measures, news, memo): what they say, and that they read back.

Round trip: every kind, in both digit styles, as DOCX (read back by `read_document`) and as PDF (LibreOffice),
parsed by `prongsai parse` gives the analysis' numbers and `prongsai check` reports nothing. The PDF tests skip
only when soffice is absent (`make debian-deps` installs it)."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest

from prongsai.core.documents.check import check_parsed
from prongsai.core.documents.model import Agency, ParsedDocument, QuestionScore
from prongsai.core.documents.parse import parse_text
from prongsai.core.documents.read import read_document
from prongsai.core.documents.write.docx_thai import docx_xml
from prongsai.core.documents.write.pdf import pdf_fonts, pdf_text, soffice_path
from prongsai.core.pipeline import (
    KINDS,
    ReportError,
    ReportInput,
    build_report,
    prepare,
    results_from_json,
    results_from_parsed,
)
from prongsai.core.scoring import score_indicators

AGENCY = "องค์การบริหารส่วนตำบลบ้านตัวอย่าง"
SIGNER = "นายสมชาย ใจดี"
VALUES_2567 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]
THAI_DIGIT = re.compile("[๐-๙]")
ARABIC_DIGIT = re.compile("[0-9]")

needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed; `make debian-deps` installs it"
)


def result_of(registry, fy, values):
    return score_indicators(registry.get(fy), {i + 1: v for i, v in enumerate(values)})


@pytest.fixture(scope="module")
def reg():
    from prongsai.core.frameworks import FrameworkRegistry

    return FrameworkRegistry()


@pytest.fixture(scope="module")
def data(reg) -> ReportInput:
    return ReportInput(
        agency_name=AGENCY,
        district="เมืองตัวอย่าง",
        province="ตัวอย่าง",
        website="https://www.bantuayang.go.th",
        units=["สำนักปลัด", "กองคลัง", "กองช่าง"],
        signer_name=SIGNER,
        result=result_of(reg, 2567, VALUES_2567),
        history=[
            result_of(reg, 2566, [v - 3 for v in VALUES_2567]),
            result_of(reg, 2565, [v - 5 for v in VALUES_2567]),
        ],
        document_date=date(2024, 10, 15),
    )


@pytest.fixture(scope="module")
def prepared(data, reg):
    return prepare(data, registry=reg)


@pytest.fixture(scope="module")
def pdfs(data, prepared, tmp_path_factory):
    """Every kind in both digit styles as PDF (converted once for the module)."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make debian-deps` installs it")
    analysis, plan = prepared
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for kind in KINDS:
        for digits in ("thai", "arabic"):
            path = folder / f"{kind}-{digits}.pdf"
            build_report(kind, analysis, plan, data, digits=digits).to_pdf(path)
            out[kind, digits] = path
    return out


def flat(text: str) -> str:
    """Text with the line breaks of wrapping removed (a PDF line may end inside a word), no-break spaces as spaces."""
    return text.replace("\n", "").replace("\u00a0", " ")


def plain(text: str) -> str:
    """No-break spaces (between พ.ศ. and the year, inside dates) as spaces."""
    return text.replace("\u00a0", " ")


def assert_same_numbers(doc: ParsedDocument, kind: str, analysis, data: ReportInput) -> None:
    assert doc.agency.name == data.full_name()
    if kind != "memo" or doc.agency.district is not None:
        assert doc.agency.district == "เมืองตัวอย่าง"
        assert doc.agency.province == "ตัวอย่าง"
    assert doc.fiscal_year == analysis.fiscal_year
    assert doc.document_year == analysis.plan_fiscal_year
    assert doc.overall.score == analysis.overall
    assert doc.overall.level == analysis.level
    expected_indicators = {str(s.indicator): s.score for s in analysis.indicators}
    expected_instruments = {i.code: i.score for i in analysis.instruments}
    if kind in ("analysis", "measures"):
        assert doc.indicators == expected_indicators
    else:
        assert all(expected_indicators[k] == v for k, v in doc.indicators.items())
    if kind in ("analysis", "measures", "news"):
        assert doc.instruments == expected_instruments
    else:
        assert all(expected_instruments[k] == v for k, v in doc.instruments.items())


def round_trip(path, kind, analysis, data):
    text = read_document(path).text
    result = parse_text(text, str(path))
    assert_same_numbers(result.document, kind, analysis, data)
    report = check_parsed(result)
    assert report.findings == [], [f.message for f in report.findings]
    return text


# --- DOCX --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["thai", "arabic"])
@pytest.mark.parametrize("kind", KINDS)
def test_docx_round_trip(kind, digits, data, prepared, tmp_path):
    analysis, plan = prepared
    path = tmp_path / f"{kind}.docx"
    build_report(kind, analysis, plan, data, digits=digits, charts=kind == "analysis").save(path)
    text = round_trip(path, kind, analysis, data)
    if digits == "thai":
        assert THAI_DIGIT.search(text)
        assert not ARABIC_DIGIT.search(text)
    else:
        assert not THAI_DIGIT.search(text)
    xml = docx_xml(path.read_bytes())
    assert "TH Sarabun New" in docx_xml(path.read_bytes(), "word/styles.xml")
    assert "<w:tbl>" in xml or kind in ("news", "memo")


def test_weak_questions_read_back_as_questions(reg, tmp_path):
    data = ReportInput(
        agency_name="บ้านใหม่",
        agency_type="เทศบาลตำบล",
        result=result_of(reg, 2564, VALUES_2567),
        questions=[QuestionScore(code="i19", text="", score=70.0), QuestionScore(code="i4", text="", score=88.25)],
        document_date=date(2021, 10, 20),
    )
    analysis, plan = prepare(data, registry=reg)
    assert [q.code for q in analysis.weak_questions] == ["i19", "i4"]
    for digits in ("thai", "arabic"):
        path = tmp_path / f"analysis-{digits}.docx"
        build_report("analysis", analysis, plan, data, digits=digits, charts=False).save(path)
        result = parse_text(read_document(path).text)
        assert result.document.agency.name == "เทศบาลตำบลบ้านใหม่"
        assert result.document.indicators == {str(s.indicator): s.score for s in analysis.indicators}
        assert [(q.code, q.score) for q in result.document.questions] == [("i19", 70.0), ("i4", 88.25)]
        assert check_parsed(result).findings == []


@pytest.mark.parametrize(
    ("fy", "values", "history"),
    [
        (2568, [100.0] * 10, [(2567, [100.0] * 9 + [98.0])]),  # the top level
        (2566, [97.5, 96.0, 98.2, 95.1, 96.4, 84.1, 83.0, 83.67, 100, 100], [(2565, [90.0] * 10)]),  # EIT blocks
        (2568, [95.55, 97.72, 91.01, 97.93, 99.52, 90.55, 88.68, 98.58, 82.89, 75.56],
         [(2567, [96.55, 96.72, 92.01, 95.93, 99.52, 94.55, 84.68, 98.58, 92.89, 95.56])]),  # falls
    ],
)
def test_other_results_round_trip_too(fy, values, history, reg, tmp_path):
    data = ReportInput(
        agency_name="เทศบาลเมืองตัวอย่าง",
        province="ตัวอย่าง",
        result=result_of(reg, fy, values),
        history=[result_of(reg, y, v) for y, v in history],
        document_date=date(2025, 10, 20),
    )
    analysis, plan = prepare(data, registry=reg)
    for kind in KINDS:
        path = tmp_path / f"{kind}.docx"
        build_report(kind, analysis, plan, data, digits="thai", charts=False).save(path)
        result = parse_text(read_document(path).text)
        doc = result.document
        assert (doc.agency.name, doc.fiscal_year, doc.document_year) == ("เทศบาลเมืองตัวอย่าง", fy, fy + 1)
        assert (doc.overall.score, doc.overall.level) == (analysis.overall, analysis.level)
        assert check_parsed(result).findings == [], kind


def test_the_timeline_shades_each_measures_months(data, prepared):
    analysis, plan = prepared
    xml = docx_xml(build_report("measures", analysis, plan, data).to_bytes())
    shaded = len(re.findall(r'<w:shd [^>]*w:fill="(?:A6A6A6|404040)"', xml))
    months = sum((m.end.year - m.start.year) * 12 + m.end.month - m.start.month + 1 for m in plan.measures)
    assert shaded == months
    for month in ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."):
        assert f">{month}<" in xml


def test_measures_document_holds_the_whole_plan(data, prepared, tmp_path):
    analysis, plan = prepared
    path = tmp_path / "measures.docx"
    build_report("measures", analysis, plan, data, digits="arabic").save(path)
    text = plain(read_document(path).text)
    for m in plan.measures:
        assert m.title_th in text
        assert m.responsible_unit in text
        assert all(step in text for step in m.steps_th)
        assert all(k in text for k in m.kpi_th)
        assert all(f"{e.code} {e.title_th}" in text for e in m.evidence)
    assert "1 ตุลาคม 2567 ถึง 30 กันยายน 2568" in text
    assert "31 มีนาคม 2568" in text and "รายงานผลการดำเนินการตามมาตรการรอบ 6 เดือนต่อผู้บริหาร" in text
    assert "15 ตุลาคม 2567" in text and SIGNER in text and "นายกองค์การบริหารส่วนตำบลบ้านตัวอย่าง" in text


def test_memo_layout(data, prepared, tmp_path):
    analysis, plan = prepared
    path = tmp_path / "memo.docx"
    build_report("memo", analysis, plan, data, digits="thai").save(path)
    lines = [line.strip() for line in plain(read_document(path).text).splitlines() if line.strip()]
    assert "บันทึกข้อความ" in lines[:2]
    assert any(line.startswith("ส่วนราชการ") and "สำนักปลัด" in line for line in lines)
    assert any(line.startswith("ที่") and re.search(r"\tวันที่\s+๑๕ ตุลาคม ๒๕๖๗$", line) for line in lines)
    subject = next(line for line in lines if line.startswith("เรื่อง"))
    assert "ขออนุมัติมาตรการ" in subject and "ขออนุญาตเผยแพร่บนเว็บไซต์หลัก" in subject
    assert "เรียน  นายกองค์การบริหารส่วนตำบลบ้านตัวอย่าง" in lines
    assert "ความเห็นของนายกองค์การบริหารส่วนตำบลบ้านตัวอย่าง" in lines
    assert f"({SIGNER})" in lines


# --- PDF ---------------------------------------------------------------------------------------------------


@needs_soffice
@pytest.mark.parametrize("digits", ["thai", "arabic"])
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_round_trip(kind, digits, data, prepared, pdfs):
    analysis, _plan = prepared
    path = pdfs[kind, digits]
    round_trip(path, kind, analysis, data)


@needs_soffice
@pytest.mark.parametrize("digits", ["thai", "arabic"])
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_is_correct_thai_and_fonts_are_embedded(kind, digits, pdfs):
    text = pdf_text(pdfs[kind, digits])
    fonts = pdf_fonts(pdfs[kind, digits])
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert all("Sarabun" in name for name, _ in fonts), fonts
    body = flat(text)
    assert AGENCY in body
    # marks in their order: tone marks after vowels, SARA AM whole, ำ with a tone mark (น้ำ) where used
    for phrase in ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ประจำปีงบประมาณ พ.ศ."):
        assert phrase in body
    assert "\u0e4d\u0e32" not in text and "\u0e33\u0e32" not in text  # no decomposed or doubled SARA AM
    assert not re.search("[\u0e48-\u0e4b][\u0e31\u0e34-\u0e3a\u0e47]", text)  # no tone mark before a vowel
    if kind == "analysis":
        assert "น้ำหนัก" in body and "ต้องแก้ไขโดยเร่งด่วน" in body and "ผู้มีส่วนได้ส่วนเสียภายใน" in body
    if kind in ("measures", "memo"):
        assert "ผู้บริหาร" in body
    month_date = "๑๕ ตุลาคม ๒๕๖๗" if digits == "thai" else "15 ตุลาคม 2567"
    if kind in ("measures", "news", "memo"):
        assert month_date in body  # the B.E. date with the Thai month name
    if digits == "thai":
        assert THAI_DIGIT.search(text) and not ARABIC_DIGIT.search(text)
    else:
        assert ARABIC_DIGIT.search(text) and not THAI_DIGIT.search(text)


@needs_soffice
def test_pdf_pages_are_numbered_from_page_two(pdfs):
    pages = pdf_text(pdfs["measures", "thai"]).split("\f")
    assert len(pages) > 2
    assert "- ๒ -" in pages[1] and "- ๓ -" in pages[2]
    assert "- ๑ -" not in pages[0]


# --- the parser fixes these documents needed -------------------------------------------------------------


def test_a_score_keyword_wrapped_across_pdf_lines_is_read():
    text = (
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 ขององค์การบริหารส่วนตำบลบ้านตัวอย่าง ได้คะแนนภาพ\n"
        "รวม 81.45 คะแนน อยู่ในระดับ ไม่ผ่าน\n"
        "การประเมินคุณธรรมและความ\nโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2567\n"
    )
    doc = parse_text(text).document
    assert (doc.overall.score, doc.overall.level, doc.fiscal_year) == (81.45, "ไม่ผ่าน", 2567)
    # a table row (tabs) does not join the line above
    assert parse_text("หมายเหตุ คะแนนภาพ\nรวม\t81.45\n").document.overall.score is None


def test_a_question_code_in_thai_digits_reads_as_arabic():
    text = "ข้อ\tข้อคำถาม\tตัวชี้วัด\tคะแนน\ni๑๙\tผู้บริหารเปิดโอกาสให้ซักถาม\t๕\t๗๐.๐๐\n"
    assert [(q.code, q.score) for q in parse_text(text).document.questions] == [("i19", 70.0)]


# --- inputs and errors -------------------------------------------------------------------------------------


def test_agency_names_and_titles(reg):
    r = result_of(reg, 2567, [90.0] * 10)
    assert ReportInput(agency_name="โละจูด", agency_type="องค์การบริหารส่วนตำบล", result=r).full_name() == (
        "องค์การบริหารส่วนตำบลโละจูด"
    )
    town = ReportInput(agency_name="เทศบาลตำบลบ้านใหม่", district="อำเภอเมือง", province="จ.ตราด", result=r)
    assert town.executive_title() == "นายกเทศมนตรีตำบลบ้านใหม่"
    assert town.place() == "อำเภอเมือง จังหวัดตราด"
    assert town.agency() == Agency(name="เทศบาลตำบลบ้านใหม่", district="เมือง", province="ตราด")
    other = ReportInput(agency_name="สำนักงานตัวอย่าง", signer_position="ผู้อำนวยการสำนักงานตัวอย่าง", result=r)
    assert other.executive_title() == "ผู้อำนวยการสำนักงานตัวอย่าง"


def test_unknown_kind_and_mismatched_plan(data, prepared, reg):
    analysis, plan = prepared
    with pytest.raises(ReportError, match="ไม่รู้จักเอกสารชนิด"):
        build_report("letter", analysis, plan, data)
    other = data.model_copy(update={"plan_fiscal_year": 2569})
    analysis_2569, _ = prepare(other, registry=reg)
    with pytest.raises(ReportError, match="ไม่ได้จัดทำจากผลการวิเคราะห์"):
        build_report("memo", analysis_2569, plan, data)


def test_results_from_both_json_shapes(reg, data):
    score_json = data.result.to_json_dict()
    loaded = results_from_json(score_json, reg)
    assert loaded.source == "score" and loaded.result == data.result
    parse_json = {
        "source": "x.pdf",
        "agency": {"name": AGENCY, "district": None, "province": None},
        "fiscal_year": 2567,
        "document_year": 2568,
        "overall": {"score": data.result.overall, "level": data.result.level},
        "instruments": {},
        "indicators": dict(data.result.indicators),
        "questions": [],
    }
    loaded = results_from_json([parse_json], reg)
    assert loaded.source == "parse" and loaded.agency.name == AGENCY and loaded.result == data.result
    # a published overall within 0.02 of the recomputed one is kept; further away is an error
    published = results_from_json({**parse_json, "overall": {"score": 81.46, "level": None}}, reg)
    assert published.result.overall == 81.46
    with pytest.raises(ReportError, match="ไม่ตรงกับที่คำนวณ"):
        results_from_json({**parse_json, "overall": {"score": 82.0, "level": None}}, reg)
    with pytest.raises(ReportError, match="ต้องการเพียงรายการเดียว"):
        results_from_json([parse_json, parse_json], reg)
    with pytest.raises(ReportError, match="ขาดตัวชี้วัดที่ 10"):
        results_from_json({**parse_json, "indicators": {str(k): 90.0 for k in range(1, 10)}}, reg)
    with pytest.raises(ReportError, match="ไม่มีคะแนนภาพรวม"):
        results_from_json({"fiscal_year": 2567, "overall": None, "indicators": {}}, reg)
    with pytest.raises(ReportError, match="ไม่ใช่ผลการประเมิน"):
        results_from_json({"hello": 1}, reg)


def test_history_may_hold_the_overall_only(reg):
    doc = ParsedDocument(source="old.txt", fiscal_year=2565, overall={"score": 88.5, "level": "A"})
    loaded = results_from_parsed(doc, reg, complete=False)
    assert (loaded.result.overall, loaded.result.level, loaded.result.indicators) == (88.5, "A", {})
    with pytest.raises(ReportError, match="ต้องมีคะแนนครบทุกตัวชี้วัด"):
        results_from_parsed(doc, reg)
    with pytest.raises(ReportError, match="ปีงบประมาณใด"):
        results_from_parsed(ParsedDocument(source="x"), reg)


def test_a_docx_is_a_zip_word_opens(data, prepared, tmp_path):
    analysis, plan = prepared
    path = tmp_path / "analysis.docx"
    build_report("analysis", analysis, plan, data).save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert any(name.startswith("word/media/") for name in zf.namelist())  # the charts
