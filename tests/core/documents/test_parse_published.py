"""How published texts state results: agencies that are not local governments, news phrasing, levels after a colon
or alone in a cell, multi-year tables, several agencies in one text, group reports read column by column.

The sentences are cut from the real texts in tests/fixtures/real/ (see truth.yaml for where each was published);
the accuracy over the whole corpus is measured by test_real_corpus.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prongsai.core.documents.check import check_text
from prongsai.core.documents.parse import parse_text

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def test_an_institute_with_its_abbreviation_and_thai_digits():
    doc = parse_text(
        "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (สสวท.) ได้รับคะแนนประเมินคุณธรรมและความโปร่งใส"
        "ในการดำเนินงานของหน่วยงานภาครัฐ (Integrity & Transparency Assessment: ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
        " ได้ ๙๑.๑๕ คะแนน อยู่ในระดับผ่าน"
    ).document
    assert doc.agency.name == "สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี"
    assert (doc.fiscal_year, doc.overall.score, doc.overall.level) == (2567, 91.15, "ผ่าน")


@pytest.mark.parametrize(
    ("text", "agency", "score"),
    [
        ("กรมประชาสัมพันธ์ผ่านการประเมินค่า (ITA) ด้วยคะแนนเฉลี่ย 86.48 ในปี พ.ศ. 2563", "กรมประชาสัมพันธ์", 86.48),
        ("ประจำปี 2562 ธนาคารออมสินได้รับผลการประเมิน ITA ด้วยคะแนน 96.31", "ธนาคารออมสิน", 96.31),
        ("ประจำปี 2567 ทางกองทัพเรือได้รับคะแนนการประเมินในภาพรวม 99.21 คะแนน", "กองทัพเรือ", 99.21),
        ("ITA 2566 กรุงเทพมหานครได้คะแนนเฉลี่ย 88.98 อยู่ในระดับผ่าน", "กรุงเทพมหานคร", 88.98),
        ("ปี 2566 MEA หรือการไฟฟ้านครหลวงได้รับผลประเมิน ITA โดย MEA ได้รับผล 95.58 คะแนน", "การไฟฟ้านครหลวง", 95.58),
        (
            "ประจำปี 2564 สถาบันรับรองคุณภาพสถานพยาบาล (องค์การมหาชน) เป็นหน่วยงานในสังกัดกระทรวงสาธารณสุข"
            " ที่ได้ผลการประเมิน ITA ผลคะแนนระดับ A โดยมีระดับคะแนนสูงถึง 92.09",
            "สถาบันรับรองคุณภาพสถานพยาบาล (องค์การมหาชน)",
            92.09,
        ),
    ],
)
def test_agencies_that_are_not_local_governments(text, agency, score):
    doc = parse_text(text).document
    assert (doc.agency.name, doc.overall.score) == (agency, score)


def test_averages_changes_bounds_and_legends_are_not_the_agency_score():
    doc = parse_text(
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๔ สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (สสวท.) โดยได้ผล ๙๕.๖๒ คะแนน"
        " สรุปผลการประเมินภาพรวมระดับประเทศ โดยมีคะแนนเฉลี่ยภาพรวม ๘๑.๒๕ คะแนน"
    ).document
    assert doc.overall.score == 95.62
    doc = parse_text(
        "ไทยพีบีเอส ได้ 95.58 คะแนน ระดับ AA จากการประเมิน ITA ประจำปี 2564 ไทยพีบีเอสได้รับคะแนนเพิ่มขึ้น 9.25 คะแนน"
        " จากการประเมินในปี 2563 จากทั้งหมด 17 หน่วยงาน คะแนนเฉลี่ย 92.67 คะแนน (95.00-100.00 คะแนน)"
    )
    assert [c.value for c in doc.overall_claims] == [95.58]
    assert (doc.document.overall.score, doc.document.overall.level) == (95.58, "AA")
    assert doc.document.other_years == []


def test_a_level_after_a_colon_and_in_quotes():
    doc = parse_text("เทศบาลตำบลสันผักหวาน ผ่านการประเมิน ITA 2566 ด้วยระดับผลการประเมิน คะแนน 97.90 อยู่ในเกณฑ์ : ผ่านดี").document
    assert (doc.fiscal_year, doc.overall.score, doc.overall.level) == (2566, 97.90, "ผ่านดี")
    doc = parse_text("ผลการประเมิน ITA ประจำปี 2567 องค์การบริหารส่วนตำบลหนองบัว\nผลการประเมิน : ผ่าน").document
    assert (doc.overall.score, doc.overall.level) == (None, "ผ่าน")
    doc = parse_text('ไทยพีบีเอส จัดอยู่ในระดับ "ผ่านดี" มีผลคะแนนที่ 95.81 คะแนน ประจำปี 2566').document
    assert (doc.overall.score, doc.overall.level) == (95.81, "ผ่านดี")


def test_a_level_check_works_for_the_new_phrasings():
    # 80.00 cannot be ผ่านดี under the 2567 rules (the pass line is 85).
    head = "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 องค์การบริหารส่วนตำบลหนองบัว"
    report = check_text(f"{head} ได้ 80.00 คะแนน ผลการประเมิน : ผ่านดี")
    assert [f.code for f in report.findings if f.severity == "error"] == ["level-mismatch"]
    assert check_text(f"{head} ได้ 96.00 คะแนน ผลการประเมิน : ผ่านดี").findings == []


def test_a_multi_year_table_gives_the_headline_year_and_the_others():
    doc = parse_text(real("01_ipst_2567_multiyear.txt")).document
    assert (doc.fiscal_year, doc.overall.score, doc.overall.level) == (2567, 91.15, "ผ่าน")
    years = {y.fiscal_year: (y.overall, y.level) for y in doc.other_years}
    assert years[2566] == (86.78, "ผ่าน")  # a level alone in its own cell
    assert years[2564] == (95.62, "AA")
    assert years[2561] == (83.10, "สูงมาก")  # the 2561 scheme's label, as written
    assert years[2560] == (91.35, None)  # "–"
    assert 2567 not in years
    assert [y.fiscal_year for y in doc.other_years] == sorted(years, reverse=True)


def test_other_years_stated_in_running_text():
    doc = parse_text(
        "ประจำปีงบประมาณ พ.ศ.2565 โดยกรมพัฒนาที่ดิน ได้รับผลคะแนน 96.81 คะแนน อยู่ในระดับ AA (ปี 2564 ได้ระดับ A)"
    ).document
    assert (doc.fiscal_year, doc.overall.score, doc.overall.level) == (2565, 96.81, "AA")
    assert [(y.fiscal_year, y.overall, y.level) for y in doc.other_years] == [(2564, None, "A")]
    doc = parse_text(
        "ผลประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ 2568 ของสำนักงานการตรวจเงินแผ่นดิน (สตง.) ระบุว่า"
        " สตง. ได้คะแนนรวมเพิ่มจาก 92.43 คะแนน (ปี 2567) เป็น 94.64 คะแนน"
    ).document
    assert (doc.fiscal_year, doc.overall.score) == (2568, 94.64)
    assert [(y.fiscal_year, y.overall) for y in doc.other_years] == [(2567, 92.43)]


def test_several_agencies_give_one_result_each():
    result = parse_text(real("19_independent_orgs_2568.txt"))
    rows = result.documents
    assert [(d.agency.name, d.overall.score) for d in rows] == [
        ("สำนักงานการตรวจเงินแผ่นดิน", 94.64),
        ("สำนักงานคณะกรรมการการเลือกตั้ง", 93.47),
        ("สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", 93.18),
        ("สำนักงานผู้ตรวจการแผ่นดิน", 90.51),
        ("สำนักงานคณะกรรมการสิทธิมนุษยชนแห่งชาติ", 90.27),
    ]
    assert {d.fiscal_year for d in rows} == {2568}


def test_an_agency_named_in_passing_is_not_a_row():
    result = parse_text(real("29_bangkok_2566_instruments.txt"))
    assert result.rows == []
    assert (result.document.agency.name, result.document.overall.score) == ("กรุงเทพมหานคร", 88.98)


def test_a_provincial_report_table():
    rows = parse_text(real("40_nacc_rpt0505_chonburi.txt")).documents
    assert len(rows) == 14
    first = rows[0]
    assert (first.agency.name, first.agency.district, first.agency.province) == ("เทศบาลตำบลกุฏโง้ง", "พนัสนิคม", "ชลบุรี")
    assert first.overall.score == 97.61


def test_a_group_report_read_column_by_column():
    rows = parse_text(real("11_nacc_group2_2564_provinces.txt")).documents
    assert [d.agency.name for d in rows] == ["จังหวัดตราด", "จังหวัดจันทบุรี", "จังหวัดนครนายก"]  # จนั ทบุรี repaired
    trat = rows[0]
    assert (trat.fiscal_year, trat.overall.score) == (2564, 81.45)
    assert trat.indicators["1"] == 93.55 and trat.indicators["10"] == 65.56
    assert [(y.fiscal_year, y.overall) for y in trat.other_years] == [(2563, 75.62)]


def test_a_row_whose_level_the_score_cannot_have_is_an_error():
    text = (
        "ผลการประเมินรายหน่วยงานภายในจังหวัด ประจำปีงบประมาณ พ.ศ. 2567\n"
        "หน่วยงาน\tคะแนน\tระดับ\n"
        "เทศบาลตำบลกุฏโง้ง\t97.61\tผ่านดีเยี่ยม\n"
        "เทศบาลเมืองพนัสนิคม\t80.00\tผ่าน\n"
    )
    result = parse_text(text)
    assert [(d.agency.name, d.overall.score, d.overall.level) for d in result.documents] == [
        ("เทศบาลตำบลกุฏโง้ง", 97.61, "ผ่านดีเยี่ยม"),
        ("เทศบาลเมืองพนัสนิคม", 80.00, "ผ่าน"),
    ]
    report = check_text(text)
    errors = [f for f in report.findings if f.code == "level-mismatch"]
    assert len(errors) == 1 and "เทศบาลเมืองพนัสนิคม" in errors[0].message and errors[0].expected == "ไม่ผ่าน"


def test_a_name_broken_by_a_line_break_is_one_name():
    text = (
        "รายงานผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567\nองค์การบริหารส่วนตำบลห้วยทรายเหนือ\n\n"
        "ผลการประเมินขององค์การบริหารส่วนตำบลห้วยทราย\nเหนือ ได้คะแนนภาพรวม 91.00 คะแนน อยู่ในระดับ ผ่าน\n"
        "องค์การบริหารส่วนตำบลห้วยทรายเหนือ จะนำผลไปปรับปรุง"
    )
    result = parse_text(text)
    assert result.document.agency.name == "องค์การบริหารส่วนตำบลห้วยทรายเหนือ"
    assert [f for f in check_text(text).findings if f.code == "agency-name-mismatch"] == []
