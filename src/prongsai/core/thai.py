"""Thai text helpers: digits, Buddhist-era years and fiscal years, score formatting."""

from __future__ import annotations

from datetime import date

BE_OFFSET = 543
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """๙๙.๕๐ → 99.50 (other characters unchanged)."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """99.50 → ๙๙.๕๐ (other characters unchanged)."""
    return text.translate(_TO_THAI)


def format_score(value: float, *, thai_digits: bool = False) -> str:
    """A score as published: two decimals, Thai digits on request."""
    text = f"{value:.2f}"
    return to_thai_digits(text) if thai_digits else text


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """The B.E. fiscal year (ปีงบประมาณ) a date falls in: 1 Oct 2024 – 30 Sep 2025 is 2568."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_period(fiscal_year_be: int) -> tuple[date, date]:
    ce = ce_year(fiscal_year_be)
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def thai_date(day: date, *, thai_digits: bool = False, short: bool = False) -> str:
    """21 พฤศจิกายน 2568 (B.E. year, Thai month name); short gives 21 พ.ย. 2568."""
    from pythainlp.util import thai_strftime

    return thai_strftime(day, "%-d %b %Y" if short else "%-d %B %Y", thaidigit=thai_digits)


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above/below take none."""
    import unicodedata

    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a display width (ljust/rjust count Thai marks as columns, which misaligns tables)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill
