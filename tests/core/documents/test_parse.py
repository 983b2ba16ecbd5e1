"""Reading ITA documents: the seeds, our own varied documents, messy text, and inputs that must not crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core.documents.model import ParsedDocument
from prongsai.core.documents.parse import parse_text
from prongsai.core.thai import normalise_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = FIXTURES / "seeds"
CLEAN = FIXTURES / "documents" / "clean"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def parsed(prefix: str) -> ParsedDocument:
    return parse_text(seed(prefix), f"{prefix}.txt").document


# --- normalisation ------------------------------------------------------------------------------------


def test_normalise_text_repairs_extraction_damage():
    assert normalise_text("น\u0e4d\u0e49\u0e32") == "น้ำ"  # decomposed SARA AM with a tone mark between
    assert normalise_text("ทํา") == "ทำ"
    assert normalise_text("ประ\u200bเมิน\u200c") == "ประเมิน"
    assert normalise_text("ที ่ พ ุ่ม") == "ที่ พุ่ม"
    assert normalise_text("เเปลก") == "แปลก"
    assert normalise_text("a   b\u00a0\u00a0c") == "a b c"
    assert normalise_text("๙๙.๕๐") == "๙๙.๕๐"  # Thai digits are kept


def test_normalise_text_keeps_lines_and_tabs():
    text = "ก\r\nข\tค\rง"
    out = normalise_text(text)
    assert out == "ก\nข\tค\nง"
    assert out.count("\n") == 2


@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


# --- the seeds ----------------------------------------------------------------------------------------


def test_seed_000_meeting_of_2569_about_2568_results():
    doc = parsed("000")
    assert doc.agency.name == "องค์การบริหารส่วนตำบลพยุหะบุรี"
    assert doc.agency.district == "แก่งกระจาน"
    assert doc.agency.province == "เพชรบุรี"
    assert doc.fiscal_year == 2568
    assert doc.document_year == 2569
    assert doc.overall.score == 87.85
    assert doc.overall.level == "ผ่านดีเยี่ยม"
    assert doc.indicators == {} and doc.instruments == {} and doc.questions == []


def test_seed_001_news_of_2569_about_68_results():
    doc = parsed("001")
    assert doc.agency.name == "องค์การบริหารส่วนตำบลลีเซ"
    assert doc.fiscal_year == 2568  # "ผลประเมิน ITA ปี 68", "ปีงบประมาณที่ผ่านมา"
    assert doc.document_year == 2569
    assert doc.overall.score is None and doc.overall.level is None
    assert doc.indicators == {}


def test_seed_002_measures_of_2567_analysing_2566_results():
    doc = parsed("002")
    assert doc.agency.name == "องค์การบริหารส่วนตำบลโละจูด"  # the official subdistrict in อ.แว้ง, not the form used most
    assert doc.agency.district == "แวง"
    assert doc.agency.province == "นราธิวาส"
    assert doc.fiscal_year == 2566
    assert doc.document_year == 2567  # the measures run 1 Oct 2566 – 30 Sep 2567
    assert doc.overall.score == 99.50
    assert doc.overall.level == "ผ่านดีเยี่ยม"
    # The results table wins over the running text (97.07 / 97.09 for indicators 6 and 7).
    assert doc.indicators == {
        "1": 100.0,
        "2": 100.0,
        "3": 100.0,
        "4": 99.07,
        "5": 100.0,
        "6": 98.54,
        "7": 98.54,
        "8": 98.54,
        "9": 100.0,
        "10": 100.0,
    }
    assert len(doc.questions) == 16
    first = doc.questions[0]
    assert first.instrument == "EIT" and first.indicator == 6 and first.score == 97.09
    assert first.text.startswith("หน่วยงานปฏิบัติ หรือ ให้บริการแก่ท่าน")
    assert [q.indicator for q in doc.questions].count(7) == 5
    assert [q.indicator for q in doc.questions].count(8) == 5
    assert min(q.score for q in doc.questions) == 97.00


def test_seed_003_no_results_stated():
    doc = parsed("003")
    assert doc.agency.name == "องค์การบริหารส่วนตำบลเมืองคง"
    assert doc.document_year == 2569
    assert doc.fiscal_year is None  # it states no results
    assert doc.overall.score is None and doc.indicators == {}


def test_seed_004_ranked_table_rows_are_ranks_not_indicators():
    doc = parsed("004")
    assert doc.agency.name == "องค์การบริหารส่วนตำบลบางเคชะ"
    assert doc.fiscal_year == 2563 and doc.document_year == 2563
    assert doc.overall.score == 85.32
    assert doc.overall.level == "A"
    assert doc.indicators == {
        "1": 93.76,
        "2": 88.66,
        "3": 95.22,
        "4": 88.93,
        "5": 95.18,
        "6": 86.60,
        "7": 76.62,
        "8": 78.27,
        "9": 79.85,
        "10": 87.50,
    }


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_key_is_always_present(prefix):
    data = parsed(prefix).to_json_dict()
    assert set(data) == {
        "source",
        "agency",
        "fiscal_year",
        "document_year",
        "overall",
        "instruments",
        "indicators",
        "questions",
        "other_years",
        "ocr",
        "ocr_fields",
    }
    assert set(data["agency"]) == {"name", "district", "province"}
    assert set(data["overall"]) == {"score", "level"}


# --- our own documents --------------------------------------------------------------------------------

CLEAN_EXPECTED = {
    "01_thetsaban_measures_2568.txt": dict(
        agency=("เทศบาลตำบลบ้านใหม่", "เมืองลำปาง", "ลำปาง"),
        fiscal_year=2567,
        document_year=2568,
        overall=(91.27, "ผ่านดี"),
        indicators=10,
        instruments={},
    ),
    "02_obj_report_2567_spaces.txt": dict(
        agency=("องค์การบริหารส่วนจังหวัดสุโขทัย", None, None),
        fiscal_year=2567,
        document_year=2567,
        overall=(93.11, "ผ่านดี"),
        indicators=10,
        instruments={"IIT": 95.10, "EIT": 90.60, "OIT": 93.50},
    ),
    "03_obt_analysis_2566_broken.txt": dict(
        agency=("องค์การบริหารส่วนตำบลทุ่งโพธิ์", "นาดี", "ปราจีนบุรี"),
        fiscal_year=2566,
        document_year=2566,
        overall=(87.87, "ผ่าน"),
        indicators=10,
        instruments={},
    ),
    "04_obt_other_agencies.txt": dict(
        agency=("องค์การบริหารส่วนตำบลหนองแค", "หนองแค", "สระบุรี"),
        fiscal_year=2568,
        document_year=2569,
        overall=(96.12, None),  # "องค์การบริหารส่วนตำบลหนองแคได้คะแนน 96.12 คะแนน"
        indicators=0,
        instruments={},
    ),
    "05_letter_scale_2564_text.txt": dict(
        agency=("เทศบาลเมืองบางกรวย", None, "นนทบุรี"),
        fiscal_year=2564,
        document_year=2564,
        overall=(86.83, "A"),
        indicators=10,
        instruments={},
    ),
    "06_minutes_numbers.txt": dict(
        agency=("องค์การบริหารส่วนตำบลดอนแก้ว", None, None),
        fiscal_year=None,
        document_year=2568,
        overall=(None, None),
        indicators=0,
        instruments={},
    ),
    "07_question_table_codes.txt": dict(
        agency=("องค์การบริหารส่วนตำบลแม่ทา", None, None),
        fiscal_year=2568,
        document_year=2568,
        overall=(None, None),
        indicators=0,
        instruments={},
    ),
    "08_two_year_comparison.txt": dict(
        agency=("องค์การบริหารส่วนตำบลห้วยทราย", None, None),
        fiscal_year=2567,
        document_year=2567,
        overall=(None, None),
        indicators=10,
        instruments={},
    ),
    "09_pdf_artifacts.txt": dict(
        agency=("องค์การบริหารส่วนตำบลน้ำเกี๋ยน", None, None),
        fiscal_year=2567,
        document_year=2568,
        overall=(96.35, "ผ่านดีเยี่ยม"),
        indicators=0,
        instruments={"IIT": 97.00, "EIT": 95.50, "OIT": 96.50},
    ),
}


def test_every_clean_document_has_expectations():
    assert sorted(p.name for p in CLEAN.glob("*.txt")) == sorted(CLEAN_EXPECTED)


@pytest.mark.parametrize("name", sorted(CLEAN_EXPECTED))
def test_clean_documents(name):
    want = CLEAN_EXPECTED[name]
    doc = parse_text((CLEAN / name).read_text(encoding="utf-8"), name).document
    assert (doc.agency.name, doc.agency.district, doc.agency.province) == want["agency"]
    assert doc.fiscal_year == want["fiscal_year"]
    assert doc.document_year == want["document_year"]
    assert (doc.overall.score, doc.overall.level) == want["overall"]
    assert len(doc.indicators) == want["indicators"]
    assert doc.instruments == want["instruments"]


def test_two_year_table_is_read_in_the_results_year_column():
    doc = parse_text((CLEAN / "08_two_year_comparison.txt").read_text(encoding="utf-8")).document
    assert doc.indicators["1"] == 95.20 and doc.indicators["10"] == 100.0


def test_broken_line_ranked_table_with_thai_digits():
    doc = parse_text((CLEAN / "03_obt_analysis_2566_broken.txt").read_text(encoding="utf-8")).document
    assert doc.indicators["3"] == 97.20  # rank 1
    assert doc.indicators["10"] == 78.00  # rank 10
    assert doc.indicators["8"] == 80.02


def test_question_codes_give_the_instrument():
    doc = parse_text((CLEAN / "07_question_table_codes.txt").read_text(encoding="utf-8")).document
    assert [(q.code, q.instrument, q.score) for q in doc.questions] == [
        ("i1", "IIT", 92.5),
        ("i2", "IIT", 90.0),
        ("i3", "IIT", 88.75),
    ]


def test_question_codes_give_the_indicator_when_the_year_lists_its_questions():
    text = "ผลการประเมิน IIT ประจำปีงบประมาณ พ.ศ. 2564\nข้อ\tข้อคำถาม\tคะแนน\ni7\tการใช้งบประมาณ\t88.00\n"
    doc = parse_text(text).document
    assert doc.questions[0].indicator == 2


# --- small documents, one feature each ----------------------------------------------------------------

HEAD = "องค์การบริหารส่วนตำบลทดสอบ อำเภอเมือง จังหวัดน่าน\nรายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567\n"


def doc_of(body: str) -> ParsedDocument:
    return parse_text(HEAD + body).document


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร ได้คะแนน ๙๗.๐๙ คะแนน", {"7": 97.09}),
        ("ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร ได้คะแนน 97.09 คะแนน", {"7": 97.09}),
        ("ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร ได้คะแนน 9๗.๐9 คะแนน", {"7": 97.09}),  # mixed digits
        ("ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน : 88.50", {"8": 88.50}),  # a variant name
        ("ตัวชี้วัดที่ 6 คุณภาพดำเนินการ ได้คะแนน 90.00 คะแนน", {"6": 90.00}),  # a name close to the official one
        ("ตัวชี้วัดที่ 5 การแก้ปัญหาการทุจริต ได้ 91.25", {"5": 91.25}),
        ("ประสิทธิภาพ การสื่อสาร\t85.00", {"7": 85.00}),  # a word broken by a space
        ("ตัวชี้วัดที่\tคะแนน\n1\t95.00\n2\t96.00", {"1": 95.00, "2": 96.00}),  # numbers only under a header
        ("1   การใช้อำนาจ   95.22\n2   การใช้งบประมาณ   93.00", {"3": 95.22, "2": 93.00}),
        ("อันดับ\tตัวชี้วัด\tคะแนน\n1\tการเปิดเผยข้อมูล\t99.00\n2\tการใช้อำนาจ\t98.00", {"9": 99.00, "3": 98.00}),
    ],
)
def test_indicator_scores_in_many_layouts(body, expected):
    assert doc_of(body).indicators == expected


@pytest.mark.parametrize(
    "body",
    [
        "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ ควรรักษามาตรฐาน ตัวชี้วัดที่ 2 การใช้งบประมาณ",  # names, no scores
        "เป้าหมาย ทุกตัวชี้วัดต้องได้ 85 คะแนนขึ้นไป",  # a target
        "การใช้อำนาจ ร้อยละ 80",
        "1.1 การปฏิบัติหน้าที่ ตามมาตรฐาน",  # a section number
        "ตัวชี้วัดที่ 6\tหน่วยงานปฏิบัติงานตามขั้นตอน มากน้อยเพียงใด\t97.09",  # a question, not the indicator
    ],
)
def test_no_indicator_score_where_none_is_stated(body):
    assert doc_of(body).indicators == {}


def test_overall_score_and_level_variants():
    doc = doc_of("คะแนนภาพรวม : ๘๗.๘๕ คะแนน\nระดับผลการประเมิน : ผ่าน")
    assert (doc.overall.score, doc.overall.level) == (87.85, "ผ่าน")
    doc = doc_of("หน่วยงานมีคะแนนในภาพรวมอยู่ที่ 91.02 คะแนน อยู่ในระดับผ่านดี")
    assert (doc.overall.score, doc.overall.level) == (91.02, "ผ่านดี")


def test_aspirations_and_targets_are_not_the_level_or_the_score():
    doc = doc_of("มุ่งยกระดับผ่านดีเยี่ยม โดยมีเป้าหมายคะแนนภาพรวม 95 คะแนนขึ้นไป")
    assert doc.overall.level is None and doc.overall.score is None


def test_instrument_scores():
    doc = doc_of("คะแนน IIT 95.10 คะแนน EIT 90.60 และ OIT 93.50\nEIT ส่วนที่ 1 88.00")
    assert doc.instruments == {"IIT": 95.10, "EIT": 90.60, "OIT": 93.50}


def test_results_year_and_document_year():
    doc = parse_text(
        "การนำผลการประเมินไปพัฒนาองค์กร ประจำปีงบประมาณ พ.ศ. 2569\n"
        "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568 ได้คะแนนภาพรวม 90.00 คะแนน"
    ).document
    assert (doc.fiscal_year, doc.document_year) == (2568, 2569)


def test_relative_results_year():
    doc = parse_text("แผนพัฒนา ประจำปีงบประมาณ พ.ศ. 2568\nนำผลการประเมิน ITA ในปีที่ผ่านมา มาปรับปรุง").document
    assert (doc.fiscal_year, doc.document_year) == (2567, 2568)


def test_zero_width_and_decomposed_am_in_names():
    text = "องค์การบริหารส่วนตำบลนํ้าดิบ อำเภอป่าซาง\nองค์การบริหารส่วนตำบลน\u200b้ำดิบ ได้คะแนน 90.00"
    assert parse_text(text).document.agency.name == "องค์การบริหารส่วนตำบลน้ำดิบ"


def test_agency_name_broken_across_lines():
    r = parse_text("หัวข้อ : องค์การบริหารส่วนตำบลลีเซ นำผล\nเมื่อวันที่ 1 มกราคม 2568 องค์การ\nบริหารส่วนตำบลลีเซ พบจุด")
    assert list(r.own_forms) == ["ลีเซ"]
    assert len(r.own_forms["ลีเซ"]) == 2


def test_offsets_are_into_the_normalised_text():
    r = parse_text("ทดสอบ\u200b\nคะแนนภาพรวม   87.85 คะแนน")
    claim = r.overall_claims[0]
    assert r.text[claim.value_start : claim.end] == "87.85"
    assert r.line_of(claim.value_start) == 2


# --- robustness ---------------------------------------------------------------------------------------

_PIECES = [
    "ตัวชี้วัดที่",
    "คะแนน",
    "ระดับ",
    "ผ่าน",
    "ผ่านดีเยี่ยม",
    "องค์การบริหารส่วนตำบล",
    "อบต.",
    "ปีงบประมาณ",
    "พ.ศ.",
    "มาตรการ",
    "ตุลาคม",
    "กันยายน",
    " – ",
    "ถึง",
    "ผลการประเมิน",
    "ภาพรวม",
    "IIT",
    "EIT",
    "OIT",
    "ITA",
    "การใช้อำนาจ",
    "ข้อคำถาม",
    "อันดับ",
    "อำเภอ",
    "จังหวัด",
    "นายก",
    "นาย",
    "1",
    "๒",
    "๕",
    "๖",
    "8",
    ".",
    ":",
    "(",
    ")",
    "\t",
    "\n",
    " ",
    "\u0e4d",
    "\u0e32",
    "\u200b",
    "๙๙.๕๐",
    "2566",
    "2567",
    "๒๕๖๘",
    "68",
    "100.00",
    "ก",
    "ข",
    "ใต้",
    "ได้",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=300).map("".join))
def test_no_input_of_document_pieces_crashes(text):
    from prongsai.core.documents.check import check_parsed

    result = parse_text(text)
    ParsedDocument.model_validate(result.document.to_json_dict())
    for finding in check_parsed(result).findings:  # the checker copes with whatever the parser found
        assert all(result.text[e.start : e.end] == e.text for e in finding.evidence)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_no_input_of_any_characters_crashes(text):
    parse_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ ได้คะแนน 95.00 คะแนน\n" * 3000,
        "องค์การบริหารส่วนตำบลก" * 3000,
        "๑.๑ ข้อความ\n" * 15000,
        "95.00\t" * 30000,
        "1 ตุลาคม 2566 – 30 กันยายน 2567 " * 4000,
        "ข้อความ\tคะแนน\tx\n" * 5000,
        "\u0e48\u0e34" * 50000,
        " \t\n" * 100000,
    ],
)
def test_large_repetitive_inputs_do_not_hang(text):
    start = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("name", ["แก่งเสี้ยน", "ขอนแก่น", "พบพระ", "ในเมือง", "มีชัย", "ทุ่งใหญ่"])
def test_agency_names_that_start_like_common_words(name):
    r = parse_text(f"องค์การบริหารส่วนตำบล{name} อำเภอเมือง\nองค์การบริหารส่วนตำบล{name}ได้คะแนน 90.00 คะแนน")
    assert r.document.agency.name == f"องค์การบริหารส่วนตำบล{name}"
    assert list(r.own_forms) == [name] and len(r.own_forms[name]) == 2


def test_a_type_without_a_name_is_no_mention_of_an_agency():
    r = parse_text("องค์การบริหารส่วนตำบลหนองแค อำเภอหนองแค\nทุกองค์การบริหารส่วนตำบล ในเขตอำเภอหนองแค ได้ร่วมลงนาม")
    assert list(r.own_forms) == ["หนองแค"] and r.other_forms == {}


def test_a_weight_column_is_not_the_score():
    doc = doc_of("ตัวชี้วัด\tน้ำหนัก\tคะแนน\nการปฏิบัติหน้าที่\t6\t95.00\nการเปิดเผยข้อมูล\t20\t88.50")
    assert doc.indicators == {"1": 95.00, "9": 88.50}


def test_a_row_with_several_scores_and_no_header_says_nothing():
    doc = doc_of("การปฏิบัติหน้าที่\t95.00\t96.00")
    assert doc.indicators == {}


def test_periods_in_several_spellings():
    for text in (
        "ระยะเวลา ตั้งแต่วันที่ 1 ตุลาคม 2566 ถึงวันที่ 30 กันยายน 2567",
        "ระยะเวลา ๑ ต.ค. ๖๖ - ๓๐ ก.ย. ๖๗",
        "ระยะเวลา 1 ตุลาคม พ.ศ. 2566 – 30 กันยายน พ.ศ. 2567",
    ):
        (period,) = parse_text(text).periods
        assert period.fiscal_year == 2567, text


def test_only_abbreviated_mentions_still_name_the_agency():
    doc = parse_text("ประกาศเจตนารมณ์ สุจริต โปร่งใส อบต.คลองขวาง ใสสะอาด ๒๕๖๗\nเว็บไซต์ อบต.คลองขวาง").document
    assert doc.agency.name == "องค์การบริหารส่วนตำบลคลองขวาง"


def test_parse_file_reads_any_supported_kind(tmp_path):
    from prongsai.core.documents.check import check_file
    from prongsai.core.documents.parse import parse_file

    (path,) = SEEDS.glob("004_*.txt")
    assert parse_file(path).document.overall.score == 85.32
    assert check_file(path).findings == []
