"""Which fiscal years a Thai text talks about: B.E. years, short years, ranges and dates (Thai or Arabic digits).

    fiscal_years_mentioned("แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)")          → {2566, 2567, 2568, 2569, 2570}
    fiscal_years_mentioned("ระหว่าง ๑ ตุลาคม ๒๕๖๗ ถึง ๓๑ มีนาคม ๒๕๖๘")      → {2568}   (dates → their fiscal year)
    fiscal_years_mentioned("ประจำปีงบประมาณ 68")                          → {2568}
"""

from __future__ import annotations

import re
from datetime import date

from prongsai.core.thai import ce_year, fiscal_year_of, to_arabic_digits

MIN_BE, MAX_BE = 2500, 2700
MAX_RANGE = 10  # a range longer than this is not a period (e.g. "2500-2600" in a table)

_MONTHS = [
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
]
_MONTH_NUMBER = {}
for _n, (_full, _abbr) in enumerate(_MONTHS, start=1):
    _MONTH_NUMBER[_full] = _n
    _MONTH_NUMBER[_abbr] = _n
    _MONTH_NUMBER[_abbr.replace(".", "")] = _n  # "ตค" is rare; "ต.ค" without the last dot is common
    _MONTH_NUMBER[_abbr.rstrip(".")] = _n
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTH_NUMBER), key=len, reverse=True))
_BE = r"พ\.?\s?ศ\.?"
# "ตุลาคม 2567", "ต.ค. 67", "ก.ย. พ.ศ. 2568"
_DATE = re.compile(rf"({_MONTH_ALT})\s*(?:{_BE}\s*)?(25\d\d|\d\d)(?!\d)")
# "2566 - 2570", "2566–70", "2566 ถึง 2570", "2566 - พ.ศ. 2570"
_RANGE = re.compile(rf"(?<!\d)(25\d\d)\s*(?:-|–|—|ถึง)\s*(?:{_BE}\s*)?(25\d\d|\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(25\d\d)(?!\d)")
# "ปีงบประมาณ 68", "ปี 68", "พ.ศ. 68"
_SHORT = re.compile(rf"(?:ปีงบประมาณ|ปีงบ\.?|ปี|{_BE})\s*(?:{_BE}\s*)?(\d\d)(?!\d)")


def _full_year(text: str) -> int | None:
    n = int(text)
    if n < 100:
        n = 2500 + n if n >= 50 else None  # "ปี 68" → 2568; two digits below 50 are not a year here
        if n is None:
            return None
    return n if MIN_BE <= n <= MAX_BE else None


def fiscal_years_mentioned(text: str) -> set[int]:
    """Every B.E. fiscal year the text names: plain years, year ranges (expanded), dates (as their fiscal year)."""
    if not text:
        return set()
    text = to_arabic_digits(text)
    found: set[int] = set()
    spans: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        year = _full_year(m.group(2))
        if year is None:
            continue
        found.add(fiscal_year_of(date(ce_year(year), _MONTH_NUMBER[m.group(1)], 1)))
        spans.append(m.span())
    masked = _mask(text, spans)
    spans = []
    for m in _RANGE.finditer(masked):
        start = _full_year(m.group(1))
        end_text = m.group(2)
        end = _full_year(end_text if len(end_text) == 4 else m.group(1)[:2] + end_text)
        if start is None or end is None or not 0 <= end - start <= MAX_RANGE:
            continue
        found.update(range(start, end + 1))
        spans.append(m.span())
    masked = _mask(masked, spans)
    for m in _YEAR.finditer(masked):
        year = _full_year(m.group(1))
        if year is not None:
            found.add(year)
    for m in _SHORT.finditer(masked):
        year = _full_year(m.group(1))
        if year is not None:
            found.add(year)
    return found


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, last = [], 0
    for a, b in spans:
        out.append(text[last:a])
        out.append(" " * (b - a))
        last = b
    out.append(text[last:])
    return "".join(out)
