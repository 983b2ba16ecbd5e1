"""Reading an amount of baht that a person typed or a file holds, the one way for every form and import.

Accepted: ``12500``, ``12,500.50`` (commas only as thousands separators, in groups of three), Thai or full-width
digits (``๑๒,๕๐๐.๕๐``), ``บาท`` and ``฿``, spaces, the Thai ``1,000.-``, ``-0``. Numbers from JSON (int, float,
Decimal) are read by value. Refused, each with a Thai message (``AmountError``, a ``ValueError``):

- anything that is not written as plain digits: exponents (``1e30``), ``NaN``, ``Infinity``, hexadecimal, ``--1``,
  control characters;
- a decimal comma (``12,5``, ``97,10``): the message asks for a dot, since reading it as ``125`` would be wrong;
- negative amounts, more than two decimals (``1e-30`` too), more than ``max_value``.

No input raises anything else, and nothing here builds a Decimal larger than the limit (so no
``decimal.InvalidOperation`` from quantising ``1e30``)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_BAHT = Decimal("9999999999999.99")  # the DecimalField(max_digits=15, decimal_places=2) of every money column
MONEY_INVALID_TH = "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 12,500.50"
_CENT = Decimal("0.01")
_AMOUNT = re.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]*))?")
_DECIMAL_COMMA = re.compile(r"[0-9]+(?:,[0-9]{3})*,(?P<frac>[0-9]{1,2})")
_SIGNS = {"-": "-", "\u2212": "-", "\u2013": "-", "+": "+", "\uff0b": "+", "\uff0d": "-"}
_PUNCT = str.maketrans({"\uff0c": ",", "\uff0e": ".", "\u066b": ".", "\u066c": ","})


class AmountError(ValueError):
    """An amount that cannot be read. ``th`` (also ``str()``) is the Thai message; ``code`` names the problem:
    ``invalid``, ``decimal_comma``, ``negative``, ``decimals``, ``max``."""

    def __init__(self, th: str, code: str) -> None:
        super().__init__(th)
        self.th = th
        self.code = code


def _too_big(max_value: Decimal) -> AmountError:
    return AmountError(f"จำนวนเงินมากเกินไป (ไม่เกิน {max_value:,.2f} บาท)", "max")


def _digits(text: str) -> str:
    """Every decimal digit (Thai, full-width, any script) as 0–9."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def parse_baht(raw: object, *, max_value: Decimal = MAX_BAHT) -> Decimal | None:
    """``raw`` as baht with two decimals; ``None`` when blank (``""``, spaces, ``-``). Raises ``AmountError``."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise AmountError(MONEY_INVALID_TH, "invalid")
    if isinstance(raw, int | float | Decimal):
        return _from_number(raw, max_value)
    text = _digits("".join(str(raw).split())).translate(_PUNCT)
    text = text.replace("บาท", "").replace("฿", "").removesuffix(".-")
    if text in ("", "-"):
        return None
    sign = _SIGNS.get(text[0], "")
    body = text[1:] if sign else text
    found = _AMOUNT.fullmatch(body)
    if not body or found is None or (found.group("int") is None and not found.group("frac")):
        comma = _DECIMAL_COMMA.fullmatch(body)
        if comma is not None:
            whole = body[: comma.start("frac") - 1].replace(",", "")
            raise AmountError(
                f"ใช้จุด (.) เป็นจุดทศนิยม ไม่ใช้จุลภาค (,) เช่น {whole}.{comma.group('frac').ljust(2, '0')}",
                "decimal_comma",
            )
        raise AmountError(MONEY_INVALID_TH, "invalid")
    whole = (found.group("int") or "0").replace(",", "").lstrip("0") or "0"
    frac = found.group("frac") or ""
    if frac[2:].strip("0"):
        raise AmountError("ทศนิยมไม่เกินสองตำแหน่ง เช่น 12,500.50", "decimals")
    if len(whole) > len(str(int(max_value))):
        raise _too_big(max_value)
    amount = Decimal(f"{whole}.{frac[:2].ljust(2, '0')}")
    if sign == "-" and amount:
        raise AmountError("จำนวนเงินต้องไม่ติดลบ", "negative")
    if amount > max_value:
        raise _too_big(max_value)
    return amount


def _from_number(raw: int | float | Decimal, max_value: Decimal) -> Decimal:
    try:
        value = Decimal(str(raw)) if not isinstance(raw, Decimal) else raw
    except (InvalidOperation, ValueError):
        raise AmountError(MONEY_INVALID_TH, "invalid") from None
    if not value.is_finite():
        raise AmountError(MONEY_INVALID_TH, "invalid")
    if value.is_zero():
        return Decimal("0.00")
    if value < 0:
        raise AmountError("จำนวนเงินต้องไม่ติดลบ", "negative")
    if value.adjusted() >= len(str(int(max_value))):
        raise _too_big(max_value)
    rounded = value.quantize(_CENT)  # at most 15 digits: within the default context
    if rounded != value:
        raise AmountError("ทศนิยมไม่เกินสองตำแหน่ง เช่น 12,500.50", "decimals")
    if rounded > max_value:
        raise _too_big(max_value)
    return rounded
