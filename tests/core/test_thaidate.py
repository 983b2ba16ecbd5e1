"""Reading and writing Thai dates (`core/thaidate.py`): the forms people type, the era rule, round trips."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.core.thai import to_thai_digits
from prongsai.core.thaidate import (
    MONTHS_SHORT_TH,
    MONTHS_TH,
    ThaiDateError,
    parse_thai_date,
    thai_date_words,
    typed_be_date,
)

JAN_15 = date(2025, 1, 15)


@pytest.mark.parametrize("typed", [
    "15/01/2568", "15/1/2568", "15-01-2568", "15.1.2568", "15 01 2568", " 15 / 01 / 2568 ",
    "๑๕/๐๑/๒๕๖๘",
    "15 ม.ค. 2568", "15 ม.ค.2568", "15ม.ค.2568", "15 มค 2568", "15 มกราคม 2568", "๑๕ มกราคม ๒๕๖๘",
    "15 มกราคม พ.ศ. 2568", "วันพุธที่ 15 มกราคม พ.ศ. 2568", "วันพุธ 15 ม.ค. 2568",
    "2025-01-15", "2568-01-15",  # ISO, in either era
    "15/01/2025", "15 มกราคม 2025", "15 มกราคม ค.ศ. 2025",  # a Gregorian year (below 2400) is C.E.
])
def test_the_forms_people_type(typed):
    assert parse_thai_date(typed) == JAN_15


@pytest.mark.parametrize(("typed", "code", "words"), [
    ("", "invalid", "กรุณากรอกวันที่"),
    ("พรุ่งนี้", "invalid", "วันที่ไม่ถูกต้อง"),
    ("15 จันทร์ 2568", "invalid", "วันที่ไม่ถูกต้อง"),
    ("15/01", "invalid", "วันที่ไม่ถูกต้อง"),
    ("15 ม.ค. 68", "year", "ให้ครบสี่หลัก"),  # two digits: 2568 or 1968? asked, not guessed
    ("01/01/99", "year", "วันที่ไม่ถูกต้อง"),
    ("1" * 200, "invalid", "วันที่ไม่ถูกต้อง"),
    ("31/02/2568", "day", "ไม่มีวันที่นี้ในปฏิทิน"),
    ("29/02/2568", "day", "ไม่มีวันที่นี้"),  # 2025 is no leap year (29/02/2567, in 2024, is a date)
    ("15/13/2568", "day", "ไม่มีวันที่นี้"),
    ("1/1/1800", "year", "ปีไม่ถูกต้อง"),
    ("1/1/2300", "year", "ปีไม่ถูกต้อง"),  # neither a C.E. year of ours nor a B.E. one
    ("1/1/3000", "year", "ปีไม่ถูกต้อง"),
    ("15 มกราคม พ.ศ. 2025", "year", "ปีไม่ถูกต้อง"),  # B.E. said outright: 2025 B.E. is 1482
])
def test_what_is_refused_and_why_in_thai(typed, code, words):
    with pytest.raises(ThaiDateError) as refused:
        parse_thai_date(typed)
    assert refused.value.code == code and words in refused.value.th


def test_the_era_rule_is_2400():
    with pytest.raises(ThaiDateError, match="ปีไม่ถูกต้อง"):
        parse_thai_date("1/1/2399")  # below 2400: C.E., and 2399 C.E. is out of range (not read as B.E. 1856)
    assert parse_thai_date("1/1/2493") == date(1950, 1, 1) and parse_thai_date("31/12/2693") == date(2150, 12, 31)
    assert parse_thai_date("1/1/1950") == date(1950, 1, 1) and parse_thai_date("31/12/2150") == date(2150, 12, 31)


def test_words_and_the_typed_form():
    assert parse_thai_date("29/02/2567") == date(2024, 2, 29)
    assert thai_date_words(JAN_15) == "วันพุธที่ 15 มกราคม พ.ศ. 2568"
    assert thai_date_words(JAN_15, weekday=False) == "15 มกราคม พ.ศ. 2568"
    assert thai_date_words(date(2025, 10, 2)) == "วันพฤหัสบดีที่ 2 ตุลาคม พ.ศ. 2568"
    assert typed_be_date(date(2026, 3, 1)) == "01/03/2569"


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_every_way_of_writing_a_date_reads_back_as_that_date(day):
    be = day.year + 543
    for text in (
        typed_be_date(day),
        to_thai_digits(typed_be_date(day)),
        thai_date_words(day),
        thai_date_words(day, weekday=False),
        f"{day.day} {MONTHS_TH[day.month - 1]} {be}",
        f"{day.day} {MONTHS_SHORT_TH[day.month - 1]} {be}",
        f"{day.day}/{day.month}/{day.year}",  # Gregorian
        day.isoformat(),
    ):
        assert parse_thai_date(text) == day, text
