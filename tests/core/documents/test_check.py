"""Checking ITA documents: what the seeds must yield, no false alarms elsewhere, and each rule on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from prongsai.core.documents.check import check_results, check_text, possible_levels
from prongsai.core.documents.lexicon import load_lexicon, parse_lexicon
from prongsai.core.documents.model import Agency, Overall, ParsedDocument
from prongsai.core.thai import normalise_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = FIXTURES / "seeds"
CLEAN = FIXTURES / "documents" / "clean"
CODES = {
    "agency-name-mismatch",
    "indicator-score-mismatch",
    "overall-score-mismatch",
    "level-mismatch",
    "fiscal-year-mismatch",
    "misspelling",
}


def check_seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return check_text(path.read_text(encoding="utf-8"), path.name)


def by_code(report, code: str, severity: str = "error"):
    return [f for f in report.findings if f.code == code and f.severity == severity]


def assert_evidence_points_into_the_text(report):
    text = report.result.text
    for f in report.findings:
        assert f.code in CODES
        assert f.message and f.evidence
        for e in f.evidence:
            assert text[e.start : e.end] == e.text


# --- the seeds ----------------------------------------------------------------------------------------


def test_seed_000():
    rep = check_seed("000")
    assert_evidence_points_into_the_text(rep)
    (name,) = by_code(rep, "agency-name-mismatch")
    assert name.expected == "องค์การบริหารส่วนตำบลพยุหะบุรี"
    assert "พยุหสวรรค์" in name.evidence[0].text
    (level,) = by_code(rep, "level-mismatch")
    assert level.expected == "ผ่านดี"
    assert "87.85" in level.message and "ผ่านดีเยี่ยม" in level.message and "2568" in level.message
    (spelling,) = by_code(rep, "misspelling")
    assert spelling.evidence[0].text == "นายกองค้การบริหารส่วนตำบล"
    assert spelling.expected == "นายกองค์การบริหารส่วนตำบล"
    assert rep.errors == 3 and len(rep.findings) == 3


def test_seed_001():
    rep = check_seed("001")
    assert_evidence_points_into_the_text(rep)
    names = by_code(rep, "agency-name-mismatch")
    assert {f.expected for f in names} == {"องค์การบริหารส่วนตำบลลีเซ"}
    written = {e.text for f in names for e in f.evidence}
    assert any(w.endswith("ฮีเซใต้") for w in written) and any(w.endswith("ฮีเซ") for w in written)
    assert len(names) == 2  # three ways: ลีเซ, ฮีเซใต้, ฮีเซ
    spelling = by_code(rep, "misspelling")
    found = sorted(f.evidence[0].text for f in spelling)
    assert found == ["นายกองการบริหารส่วนตำบล", "พัฒนางองค์กร", "พัฒนางองค์กร"]
    lines = sorted(rep.result.line_of(f.evidence[0].start) for f in spelling)
    assert lines[0] == 3 and lines[-1] == 30  # the title line and the signature-like closing line
    assert not by_code(rep, "level-mismatch") and not by_code(rep, "overall-score-mismatch")


def test_seed_002():
    rep = check_seed("002")
    assert_evidence_points_into_the_text(rep)
    names = by_code(rep, "agency-name-mismatch")
    assert {f.expected for f in names} == {"องค์การบริหารส่วนตำบลโละจูด"}  # the official subdistrict name
    assert len(names) >= 3  # several forms
    scores = by_code(rep, "indicator-score-mismatch")
    assert sorted((f.message.split()[0], f.expected) for f in scores) == [("คะแนนตัวชี้วัดที่", 98.54)] * 2
    assert {f.evidence[1].text.split()[1] for f in scores} == {"๖", "๗"}
    assert {f.evidence[1].text.split()[-1] for f in scores} == {"๙๗.๐๗", "๙๗.๐๙"}
    (fy,) = by_code(rep, "fiscal-year-mismatch")
    assert fy.expected == 2567
    assert fy.evidence[-1].text == "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗"
    assert all("๒๕๖๖" in e.text for e in fy.evidence[:-1]) and len(fy.evidence) == 4
    # Its numbers agree: 99.50 overall (recomputed 99.51, within ±0.02) and ผ่านดีเยี่ยม.
    assert not by_code(rep, "overall-score-mismatch") and not by_code(rep, "level-mismatch")
    assert not rep.count("warning")


def test_seed_003():
    rep = check_seed("003")
    assert_evidence_points_into_the_text(rep)
    (spelling,) = rep.findings
    assert spelling.code == "misspelling" and spelling.severity == "error"
    assert spelling.evidence[0].text == "นายกองดีการบริหารส่วนตำบล"
    assert spelling.expected == "นายกองค์การบริหารส่วนตำบล"


def test_seed_004_numbers_are_consistent():
    rep = check_seed("004")
    assert rep.findings == []


# --- no false alarms ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CLEAN.glob("*.txt")), ids=lambda p: p.name)
def test_clean_documents_give_no_findings(path):
    rep = check_text(path.read_text(encoding="utf-8"), path.name)
    assert [(f.code, f.severity, f.message) for f in rep.findings] == []


CORPUS = Path(__file__).resolve().parents[3] / ".venv" / "lib" / "python3.11" / "site-packages" / "pythainlp" / "corpus"


@pytest.mark.parametrize(
    "name", ["orst_words_th.txt", "family_names_th.txt", "person_names_male_th.txt", "person_names_female_th.txt"]
)
def test_dictionary_words_and_proper_names_are_not_misspellings(name):
    import pythainlp

    path = Path(pythainlp.__file__).parent / "corpus" / name
    words = [normalise_text(w.strip()) for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
    hits = load_lexicon().matcher.find("\n".join(words))
    assert [(h.found, h.term.term) for h in hits] == []


def test_valid_near_forms_are_not_flagged():
    text = "พัฒนาองค์การ ดุลพินิจ พัฒนาองค์ความรู้ การแก้ปัญหาการทุจริต รองนายกองค์การบริหารส่วนตำบล ทั่วไป งบประมาณ"
    assert load_lexicon().matcher.find(normalise_text(text)) == []


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("นายกองค์กรบริหารส่วนตำบลหนองบัว", "นายกองค์การบริหารส่วนตำบล"),
        ("ประจำปีงบประมาน 2568", "ประจำปีงบประมาณ"),
        ("ปฎิบัติงาน", "ปฏิบัติ"),
        ("เดือนกรกฏาคม", "กรกฎาคม"),
        ("นายกเทศมนตรีย์ตำบล", "นายกเทศมนตรี"),
        ("ประกาศ ณ วันที่ 1 กุมภาพันธุ์ 2568", "กุมภาพันธ์"),
        ("เว็บไซด์ของหน่วยงาน", "เว็บไซต์"),
        ("ผู้มีส่วนไดส่วนเสีย", "ผู้มีส่วนได้ส่วนเสีย"),  # not listed: found approximately
    ],
)
def test_misspellings(wrong, right):
    hits = load_lexicon().matcher.find(normalise_text(wrong))
    assert [h.term.term for h in hits] == [right]


def test_misspelt_title_is_an_error_and_a_misspelt_word_in_the_body_a_warning():
    body = "ข้อความ " * 40  # a long paragraph ends the title lines
    rep = check_text(f"ประกาศองค์การบริหารส่วนตำบลทดสอบ\n{body}\nเรื่อง การปฎิบัติงาน\nนายสมชาย ใจดี นายกองค์กรบริหารส่วนตำบลทดสอบ")
    severities = {f.expected: f.severity for f in rep.findings if f.code == "misspelling"}
    assert severities == {"ปฏิบัติ": "warning", "นายกองค์การบริหารส่วนตำบล": "error"}


def test_lexicon_rejects_bad_data():
    from prongsai.core.documents.lexicon import LexiconError

    with pytest.raises(LexiconError):
        parse_lexicon({"terms": [{"term": "ก", "category": "nonsense"}]})
    with pytest.raises(LexiconError):
        parse_lexicon({"nothing": 1})
    lex = parse_lexicon({"terms": [{"term": "ประจำปีงบประมาณ", "misspellings": ["ประจำปีงบประมาน"]}]})
    assert lex.matcher.find("ประจำปีงบประมาน")[0].known


# --- agency names -------------------------------------------------------------------------------------


def test_abbreviated_own_name_is_fine_and_other_agencies_are_not_the_own_name():
    rep = check_text(
        "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง\n"
        "อบต.หนองบัว ได้ศึกษาดูงานที่องค์การบริหารส่วนตำบลบางกระเจ้า และเทศบาลตำบลหนองบัวแดง\n"
        "สำนักปลัด อบต. ร่วมกับสำนักงาน ป.ป.ช. และสมาคมองค์การบริหารส่วนตำบลแห่งประเทศไทย\n"
        "องค์การบริหารส่วนตำบลหนองบัวได้คะแนน 90.00 คะแนน"
    )
    assert rep.findings == []


def test_same_person_with_a_different_agency_name_is_a_mismatch():
    rep = check_text(
        "องค์การบริหารส่วนตำบลท่าข้าม อำเภอเมือง\nนายสมชาย ใจดี นายกองค์การบริหารส่วนตำบลท่าข้าม เปิดประชุม\n"
        "ทั้งนี้ นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบลบางปลา กล่าวปิด"
    )
    (f,) = by_code(rep, "agency-name-mismatch")
    assert f.expected == "องค์การบริหารส่วนตำบลท่าข้าม" and f.evidence[0].text.endswith("บางปลา")


def test_decomposed_sara_am_is_the_same_name():
    rep = check_text("องค์การบริหารส่วนตำบลน้ำดิบ อำเภอป่าซาง\nองค์การบริหารส่วนตำบลนํ้าดิบ ได้คะแนน 90.00")
    assert by_code(rep, "agency-name-mismatch") == []


# --- scores and levels --------------------------------------------------------------------------------

TABLE = "\n".join(
    f"{n}\t{name}\t{score}"
    for n, name, score in [
        (1, "การปฏิบัติหน้าที่", "94.12"),
        (2, "การใช้งบประมาณ", "90.45"),
        (3, "การใช้อำนาจ", "93.80"),
        (4, "การใช้ทรัพย์สินของราชการ", "89.27"),
        (5, "การแก้ไขปัญหาการทุจริต", "92.66"),
        (6, "คุณภาพการดำเนินงาน", "90.15"),
        (7, "ประสิทธิภาพการสื่อสาร", "88.40"),
        (8, "การปรับปรุงการทำงาน", "87.95"),
        (9, "การเปิดเผยข้อมูล", "95.00"),
        (10, "การป้องกันการทุจริต", "90.00"),
    ]
)


def results_doc(overall: str, level: str, year: int = 2567) -> str:
    return (
        f"องค์การบริหารส่วนตำบลทดสอบ\nผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}\n"
        f"คะแนนภาพรวม {overall} คะแนน ระดับผลการประเมิน {level}\n\nตัวชี้วัดที่\tชื่อ\tคะแนน\n{TABLE}\n"
    )


def test_consistent_results_give_nothing():
    assert check_text(results_doc("91.27", "ผ่านดี")).findings == []
    assert check_text(results_doc("91.28", "ผ่านดี")).findings == []  # within ±0.02


def test_overall_score_mismatch():
    rep = check_text(results_doc("92.27", "ผ่านดี"))
    (f,) = rep.findings
    assert f.code == "overall-score-mismatch" and f.expected == 91.27


def test_level_label_of_another_scheme():
    rep = check_text(results_doc("91.27", "A"))
    (f,) = rep.findings
    assert f.code == "level-mismatch" and f.expected == "ผ่านดี" and "ไม่มีในเกณฑ์" in f.message


def test_letter_levels_before_2566():
    rep = check_text(results_doc("91.27", "AA", year=2564))
    (f,) = rep.findings
    assert f.code == "level-mismatch" and f.expected == "A"


def test_level_depends_on_instruments_from_2566(registry):
    fw = registry.get(2568)
    assert possible_levels(fw, 87.85, {}) == ["ผ่านดี", "ผ่าน"]
    # One instrument under 85 caps the overall at 0.3 × 84.99 + 0.7 × 100 = 95.50.
    assert possible_levels(fw, 96.00, {}) == ["ผ่านดีเยี่ยม", "ผ่านดี"]
    assert possible_levels(fw, 92.00, {"EIT": 90.0}) == ["ผ่านดี", "ผ่าน"]
    assert possible_levels(fw, 90.00, {"EIT": 80.0}) == ["ผ่าน"]
    assert possible_levels(fw, 96.00, {"EIT": 80.0}) == []  # the instruments contradict the overall
    assert possible_levels(fw, 84.99, {}) == ["ไม่ผ่าน"]
    assert possible_levels(fw, 100.0, {}) == ["ผ่านดีเยี่ยม"]
    assert possible_levels(fw, 91.27, {"IIT": 92.06, "EIT": 88.83, "OIT": 92.5}) == ["ผ่านดี"]
    assert possible_levels(registry.get(2564), 85.0, {}) == ["A"]


def test_possible_level_is_not_flagged_when_instruments_are_unknown():
    text = "องค์การบริหารส่วนตำบลทดสอบ\nผลการประเมิน ITA ปีงบประมาณ 2568 คะแนนภาพรวม 92.10 คะแนน ระดับ ผ่าน"
    assert check_text(text).findings == []
    (f,) = check_text(text + "\nคะแนน IIT 90.00 EIT 88.00 OIT 96.75").findings
    assert f.code == "level-mismatch" and f.expected == "ผ่านดี"


def test_stated_instrument_against_its_indicators():
    body = results_doc("91.27", "ผ่านดี") + "\nคะแนน EIT 95.00 คะแนน"
    (f,) = check_text(body).findings
    assert f.code == "indicator-score-mismatch" and f.expected == 88.83


def test_several_overall_scores_must_agree():
    text = results_doc("91.27", "ผ่านดี") + "\nโดยมีคะแนนในภาพรวมอยู่ที่ 92.00 คะแนน"
    codes = [f.code for f in check_text(text).findings]
    assert "overall-score-mismatch" in codes


def test_check_results_for_imported_rows():
    doc = ParsedDocument(
        source="row 2",
        agency=Agency(name="อบต.ทดสอบ"),
        fiscal_year=2568,
        overall=Overall(score=87.85, level="ผ่านดีเยี่ยม"),
    )
    (f,) = check_results(doc).findings
    assert f.code == "level-mismatch" and f.expected == "ผ่านดี" and f.evidence == []


# --- fiscal years -------------------------------------------------------------------------------------


def test_period_that_is_not_the_fiscal_year_it_claims():
    rep = check_text("มาตรการ ประจำปีงบประมาณ พ.ศ. 2568\nระยะเวลา ปีงบประมาณ พ.ศ. 2567 (1 ตุลาคม 2567 – 30 กันยายน 2568)")
    codes = [(f.code, f.expected) for f in rep.findings]
    assert codes == [("fiscal-year-mismatch", 2568)]


def test_period_matching_its_fiscal_year_is_fine():
    rep = check_text("มาตรการ ประจำปีงบประมาณ พ.ศ. 2568\nระยะเวลา ปีงบประมาณ พ.ศ. 2568 (1 ตุลาคม 2567 – 30 กันยายน 2568)")
    assert rep.findings == []
    rep = check_text("ปีงบประมาณ พ.ศ. 2568 ตั้งแต่ 1 มกราคม 2568 ถึง 31 มีนาคม 2568")  # a part of the year
    assert rep.findings == []


def test_past_measures_named_with_their_own_year_are_fine():
    rep = check_text(
        "มาตรการ ประจำปีงบประมาณ พ.ศ. 2568\nผลการดำเนินงานตามมาตรการที่ผ่านมา ประจำปีงบประมาณ พ.ศ. 2567 ครบถ้วน\n"
        "ระยะเวลา 1 ตุลาคม 2567 – 30 กันยายน 2568"
    )
    assert rep.findings == []


def test_report_json_shape():
    data = check_seed("000").to_json_dict()
    assert set(data) == {"source", "findings", "summary"}
    assert data["summary"] == {"error": 3, "warning": 0, "info": 0}
    f = data["findings"][0]
    assert set(f) == {"code", "severity", "message", "evidence", "expected"}
    assert set(f["evidence"][0]) == {"text", "start", "end"}


def test_misspelt_word_in_the_title_lines_is_an_error():
    rep = check_text("การปฎิบัติงานตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2568\n")
    assert [(f.code, f.severity) for f in rep.findings] == [("misspelling", "error")]


def test_results_of_other_years_are_not_a_conflict():
    text = (
        "องค์การบริหารส่วนตำบลทดสอบ\nการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567\n"
        "ผลการประเมินปี 2566 ได้คะแนนภาพรวม 84.10 คะแนน ระดับไม่ผ่าน\n"
        "ผลการประเมินปี 2567 ได้คะแนนภาพรวม 92.00 คะแนน ระดับผ่านดี\n"
    )
    rep = check_text(text)
    assert rep.result.document.fiscal_year == 2567
    assert rep.result.document.overall.score == 92.00 and rep.result.document.overall.level == "ผ่านดี"
    assert rep.findings == []


def test_targets_are_not_results():
    text = results_doc("91.27", "ผ่านดี") + "\nตั้งเป้าหมายคะแนนภาพรวม 95.00 คะแนน ในปีถัดไป"
    assert check_text(text).findings == []


def test_the_scale_legend_is_not_the_level():
    text = results_doc("91.27", "ผ่านดี", year=2567).replace(" ระดับผลการประเมิน ผ่านดี", "")
    text += "\nเกณฑ์: ระดับ AA 95.00 – 100 คะแนน ระดับ A 85.00 – 94.99 คะแนน ระดับผ่านดีเยี่ยม 95 คะแนนขึ้นไป"
    rep = check_text(text)
    assert rep.result.document.overall.level is None
    assert rep.findings == []
