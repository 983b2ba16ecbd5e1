"""Template filters for Thai display: scores, digits and Buddhist-era dates.

Every filter returns plain text, which the template engine then escapes; none marks output safe.

    {% load thai %}
    {{ result.overall|score:thai_digits }}      93.76 or ๙๓.๗๖
    {{ result.fiscal_year|digits:thai_digits }}  2568 or ๒๕๖๘
    {{ result.updated_at|be_date }}             21 พฤศจิกายน 2568
    {{ agency|place_th }}                        อำเภอเหนือ จังหวัดตัวอย่าง (each kind word once)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import dateformat, formats, timezone

from prongsai.core.scoring import round2
from prongsai.core.thai import BE_OFFSET, format_score, to_thai_digits

register = template.Library()

_YEAR_CODES = re.compile(r"\\.|[Yy]")


@register.filter
def score(value: float | Decimal | None, thai_digits: bool = False) -> str:
    """A score with two decimals, as published (half up); "–" when missing."""
    if value is None or value == "":
        return "–"
    return format_score(round2(value), thai_digits=bool(thai_digits))


@register.filter
def digits(value: object, thai_digits: bool = False) -> str:
    """Any value as text, with Thai digits on request."""
    text = "" if value is None else str(value)
    return to_thai_digits(text) if thai_digits else text


@register.filter
def be_date(value: date | datetime | None, arg: str = "DATE_FORMAT") -> str:
    """A date in the current locale's format with the Buddhist-era year (2025 → 2568).

    ``arg`` is a format name (``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, ``DATETIME_FORMAT``) or a format
    string. Django's own ``date`` filter prints the Gregorian year, hence this filter.
    """
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    fmt = formats.get_format(arg) if arg and arg.isupper() else (arg or formats.get_format("DATE_FORMAT"))
    be = str(value.year + BE_OFFSET)

    def _year(match: re.Match[str]) -> str:
        code = match.group(0)
        if code.startswith("\\"):
            return code
        return "".join("\\" + c for c in (be if code == "Y" else be[-2:]))

    return dateformat.format(value, _YEAR_CODES.sub(_year, fmt))


@register.filter
def place_th(agency: object) -> str:
    """An agency's (or a parsed document's agency's) district and province as Thai writes them, each kind word
    once whether the field holds เหนือ or อำเภอเหนือ (`core.places.place_th`); "" when neither is known."""
    from prongsai.core.places import place_th as _place_th

    return _place_th(district=getattr(agency, "district", None), province=getattr(agency, "province", None))
