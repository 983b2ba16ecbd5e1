"""Dates as Thai people type and read them: Buddhist-era years, Thai month names, Thai or Arabic digits.

    parse_thai_date("15/01/2568")            → date(2025, 1, 15)
    parse_thai_date("15 ม.ค. 2568")          → date(2025, 1, 15)
    parse_thai_date("๑๕ มกราคม ๒๕๖๘")        → date(2025, 1, 15)
    parse_thai_date("วันพุธที่ 15 มกราคม พ.ศ. 2568") → date(2025, 1, 15)   (what `thai_date_words` writes)
    parse_thai_date("2025-01-15")            → date(2025, 1, 15)           (ISO, a browser's or a program's)
    thai_date_words(date(2025, 1, 15))       → "วันพุธที่ 15 มกราคม พ.ศ. 2568"
    typed_be_date(date(2025, 1, 15))         → "15/01/2568"

Which era a year is in (decided once, here and in the page script ``static/prongsai/thaidate.js``):

* a year of 2400 or more is B.E. (2568 → 2025); a year below 2400 is C.E., as typed from a Gregorian calendar
  (2025 stays 2025) — the two ranges cannot be confused, so a Gregorian year is accepted, not refused; the page shows
  the date back in words with its B.E. year ("พ.ศ. 2568"), so the person sees how it was read;
* a two-digit year (68, 99) is refused: it could be either era (2568 or 1968; 2599 or 1999), so the message asks
  for the four digits of the B.E. year;
* ``พ.ศ.`` or ``ค.ศ.`` written before the year says the era outright;
* the date must fall between 1 January 1950 and 31 December 2150 (C.E.), else the year is refused with a Thai
  message: 1800, 2300 or 3000 are typing mistakes, not dates of a public agency's work.

Errors are `ThaiDateError` with a Thai message and a code (``invalid``, ``year``, ``day``). Pure core: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from prongsai.core.thai import BE_OFFSET, to_arabic_digits

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT_TH = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # date.weekday() order
BE_FROM = 2400  # a year from here on is B.E.
FIRST_YEAR, LAST_YEAR = 1950, 2150  # C.E. years a date may fall in
FORMAT_HINT_TH = "วว/ดด/ปปปป เช่น 15/01/2568 หรือ 15 ม.ค. 2568"
MAX_LENGTH = 64  # "วันพฤหัสบดีที่ 30 พฤศจิกายน พ.ศ. 2568" is 36 characters; anything longer is not a date

# month words without dots or spaces → month number
_MONTH_WORDS = {**{m: i for i, m in enumerate(MONTHS_TH, 1)},
                **{s.replace(".", ""): i for i, s in enumerate(MONTHS_SHORT_TH, 1)}}
_WEEKDAY = re.compile(r"^วัน(?:" + "|".join(WEEKDAYS_TH) + r")(?:ที่)?\s*")
_ERA = re.compile(r"(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*(?=\d{2,4}\s*$)")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([\u0e01-\u0e4e.\s]+?)\s*(\d{2}|\d{4})$")


class ThaiDateError(ValueError):
    """A date that cannot be read; ``th`` is the Thai message, ``code`` one of invalid, year, day."""

    def __init__(self, th: str, code: str) -> None:
        super().__init__(th)
        self.th = th
        self.code = code


def _year(raw: str, era: str | None) -> int:
    year = int(raw)
    if len(raw) == 2:
        raise ThaiDateError(
            "วันที่ไม่ถูกต้อง ใส่ปี พ.ศ. ให้ครบสี่หลัก เช่น 15/01/2568 (ปีสองหลักอ่านได้ทั้ง พ.ศ. และ ค.ศ.)", "year"
        )
    if era == "be" or (era is None and year >= BE_FROM):
        return year - BE_OFFSET
    return year


def parse_thai_date(text: str) -> date:
    """The date `text` says (module docstring for the forms and the era rule). Raises `ThaiDateError`."""
    cleaned = " ".join(unicodedata.normalize("NFC", to_arabic_digits(str(text or ""))).split())
    if not cleaned:
        raise ThaiDateError("กรุณากรอกวันที่", "invalid")
    if len(cleaned) > MAX_LENGTH:
        raise ThaiDateError(f"วันที่ไม่ถูกต้อง ใช้รูปแบบ {FORMAT_HINT_TH}", "invalid")
    cleaned = _WEEKDAY.sub("", cleaned)
    era = None
    m = _ERA.search(cleaned)
    if m:
        era = "be" if m.group(1).startswith("พ") else "ce"
        cleaned = (cleaned[: m.start()] + cleaned[m.end() :]).strip()
    if (m := _ISO.match(cleaned)) is not None:
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    elif (m := _NUMERIC.match(cleaned)) is not None:
        d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
    elif (m := _WORDS.match(cleaned)) is not None and "".join(m.group(2).split()).replace(".", "") in _MONTH_WORDS:
        d, mo, y = int(m.group(1)), _MONTH_WORDS["".join(m.group(2).split()).replace(".", "")], m.group(3)
    else:
        raise ThaiDateError(f"วันที่ไม่ถูกต้อง ใช้รูปแบบ {FORMAT_HINT_TH}", "invalid")
    year = _year(y, era)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ThaiDateError(
            f"ปีไม่ถูกต้อง ใช้ปี พ.ศ. {FIRST_YEAR + BE_OFFSET}–{LAST_YEAR + BE_OFFSET} เช่น 2568", "year"
        )
    try:
        return date(year, mo, d)
    except ValueError:
        raise ThaiDateError("ไม่มีวันที่นี้ในปฏิทิน", "day") from None


def thai_date_words(day: date, *, weekday: bool = True) -> str:
    """``วันพุธที่ 15 มกราคม พ.ศ. 2568`` (with ``weekday=False``: ``15 มกราคม พ.ศ. 2568``)."""
    words = f"{day.day} {MONTHS_TH[day.month - 1]} พ.ศ. {day.year + BE_OFFSET}"
    return f"วัน{WEEKDAYS_TH[day.weekday()]}ที่ {words}" if weekday else words


def typed_be_date(day: date) -> str:
    """How the date box shows a date: ``15/01/2568``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


__all__ = [
    "FORMAT_HINT_TH",
    "MONTHS_SHORT_TH",
    "MONTHS_TH",
    "WEEKDAYS_TH",
    "ThaiDateError",
    "parse_thai_date",
    "thai_date_words",
    "typed_be_date",
]
