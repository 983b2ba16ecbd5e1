"""Reading amounts of baht (``core.money.parse_baht``): sensible ways of writing money are read, everything else is
a Thai ``AmountError``; no input raises anything else (no ``decimal.InvalidOperation`` from ``1e30``)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.money import MAX_BAHT, MONEY_INVALID_TH, AmountError, parse_baht

THAI = re.compile(r"[\u0e00-\u0e7f]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12500", "12500.00"),
        ("12,500.50", "12500.50"),
        ("1,000", "1000.00"),
        ("๑๒,๕๐๐.๕๐", "12500.50"),
        ("๑๒๓", "123.00"),
        ("１２３", "123.00"),
        ("฿ 1,234.50 บาท", "1234.50"),
        ("1,000.-", "1000.00"),
        ("-0", "0.00"),
        ("+5", "5.00"),
        (".5", "0.50"),
        ("12.", "12.00"),
        ("1.500", "1.50"),  # trailing zeros are no third decimal
        ("0." + "0" * 500, "0.00"),
        ("9999999999999.99", "9999999999999.99"),
        (1234567.5, "1234567.50"),
        (15, "15.00"),
        (Decimal("2.5"), "2.50"),
    ],
)
def test_sensible_amounts_are_read(raw, expected):
    assert parse_baht(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "บาท"])
def test_blank_is_none(raw):
    assert parse_baht(raw) is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1e30", "invalid"), ("1E+50", "invalid"), ("1e-30", "invalid"), ("1e-400", "invalid"), ("NaN", "invalid"),
        ("sNaN", "invalid"), ("Infinity", "invalid"), ("-inf", "invalid"), ("0x10", "invalid"), ("--1", "invalid"),
        ("\x00", "invalid"), ("1\x00", "invalid"), ("²", "invalid"), ("1,00,000", "invalid"), ("1_000", "invalid"),
        ("12,5", "decimal_comma"), ("97,10", "decimal_comma"), ("1,000,50", "decimal_comma"),
        ("-1", "negative"), ("−5", "negative"), (-1, "negative"),
        ("1.001", "decimals"), (0.30000000000000004, "decimals"), (Decimal("1e-999999999"), "decimals"),
        ("9" * 500, "max"), ("10000000000000", "max"), (1e30, "max"), (Decimal("1E+999999"), "max"),
        (float("nan"), "invalid"), (float("inf"), "invalid"), (True, "invalid"),
    ],
)
def test_everything_else_is_a_thai_refusal(raw, code):
    with pytest.raises(AmountError) as refused:
        parse_baht(raw)
    assert refused.value.code == code
    assert THAI.search(refused.value.th)


def test_exponents_get_the_plain_message_and_decimal_commas_a_hint():
    with pytest.raises(AmountError, match=re.escape(MONEY_INVALID_TH)):
        parse_baht("1e30")
    with pytest.raises(AmountError, match=re.escape("เช่น 97.10")):
        parse_baht("97,10")


def test_the_limit_is_the_callers():
    assert parse_baht("999.99", max_value=Decimal("999.99")) == Decimal("999.99")
    with pytest.raises(AmountError, match=re.escape("ไม่เกิน 999.99 บาท")):
        parse_baht("1,000", max_value=Decimal("999.99"))
    assert Decimal("9999999999999.99") == MAX_BAHT


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.one_of(
    st.text(),
    st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙.,-+eE บาท฿\x00", max_size=60),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.integers(),
))
def test_any_input_is_a_bounded_amount_or_a_thai_refusal(raw):
    try:
        amount = parse_baht(raw)
    except AmountError as exc:
        assert THAI.search(exc.th)
        return
    assert amount is None or (Decimal(0) <= amount <= MAX_BAHT and amount == amount.quantize(Decimal("0.01")))
