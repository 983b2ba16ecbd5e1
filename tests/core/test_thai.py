from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from prongsai.core.thai import (
    display_width,
    fiscal_year_of,
    fiscal_year_period,
    format_score,
    pad,
    thai_date,
    to_arabic_digits,
    to_thai_digits,
)


def test_digits_both_ways():
    assert to_arabic_digits("๙๙.๕๐ คะแนน") == "99.50 คะแนน"
    assert to_thai_digits("ปี 2568") == "ปี ๒๕๖๘"
    assert format_score(85, thai_digits=True) == "๘๕.๐๐"


@given(st.text())
def test_digit_conversion_round_trips_any_arabic_text(text):
    arabic = to_arabic_digits(text)
    assert to_arabic_digits(to_thai_digits(arabic)) == arabic


def test_fiscal_years_run_october_to_september():
    assert fiscal_year_of(date(2024, 10, 1)) == 2568
    assert fiscal_year_of(date(2025, 9, 30)) == 2568
    assert fiscal_year_of(date(2025, 10, 1)) == 2569
    assert fiscal_year_period(2567) == (date(2023, 10, 1), date(2024, 9, 30))


def test_thai_dates_use_buddhist_era_and_thai_month_names():
    assert thai_date(date(2025, 11, 21)) == "21 พฤศจิกายน 2568"
    assert thai_date(date(2025, 11, 21), thai_digits=True) == "๒๑ พฤศจิกายน ๒๕๖๘"


def test_display_width_ignores_marks_above_and_below():
    assert display_width("ที่") == 1
    assert display_width("น้ำ") == 2
    assert pad("ผู้ใหญ่", 6) == "ผู้ใหญ่  "
