"""Shared form pieces of the apps: Thai error messages, Thai date and money fields, a ModelForm with Thai
messages on every field, and the view step that runs a service and keeps its error beside what the user typed.

Dates are typed in the Thai way (วว/ดด/ปปปป, B.E.) and stored as Gregorian dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from prongsai.core.money import MAX_BAHT, AmountError, parse_baht
from prongsai.core.thaidate import ThaiDateError, parse_thai_date, thai_date_words, typed_be_date

T = TypeVar("T")

REQUIRED = "กรุณากรอกช่องนี้"
NUL_TH = "มีอักขระที่ใช้ไม่ได้ (อักขระว่าง NUL) กรุณาพิมพ์ใหม่"


def field_messages(max_length: int | None = None, **extra: str) -> dict[str, str]:
    """Thai ``error_messages`` for a form field: required, invalid, the length limit, and any ``extra`` codes."""
    out = {"required": REQUIRED, "invalid": "รูปแบบไม่ถูกต้อง", "null_characters_not_allowed": NUL_TH, **extra}
    if max_length:
        out["max_length"] = f"ยาวไม่เกิน {max_length:,} ตัวอักษร"
    return out


# Django's own messages of number fields and of the model's validators that its Thai translation lacks.
NUMBER_MESSAGES = {
    "invalid": "กรุณากรอกเป็นตัวเลข",
    "min_value": "ต้องไม่น้อยกว่า %(limit_value)s",
    "max_value": "ต้องไม่เกิน %(limit_value)s",
    "max_digits": "ตัวเลขยาวเกินไป (ไม่เกิน %(max)s หลัก)",
    "max_decimal_places": "ทศนิยมไม่เกิน %(max)s ตำแหน่ง",
    "max_whole_digits": "ตัวเลขหน้าจุดทศนิยมไม่เกิน %(max)s หลัก",
    "step_size": "ต้องเป็นผลคูณของ %(limit_value)s",
}


def lines(raw: str) -> list[str]:
    """One item per non-blank line, inner spaces collapsed."""
    return [" ".join(line.split()) for line in (raw or "").splitlines() if line.strip()]


def save_form(request: Any, form: Any, save: Callable[[], T]) -> tuple[bool, T | None]:
    """On a valid POST, run the service call `save`; its ValidationError becomes a form error.

    Returns (saved, what the service returned).
    """
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, save()
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return False, None


class ThaiDateInput(forms.TextInput):
    """The one date box of the site: a text box for วว/ดด/ปปปป (B.E.), numeric keypad on phones, with the date read
    back in words under it ("วันพุธที่ 15 มกราคม พ.ศ. 2568": by the server for the value it shows, by the page script
    ``static/prongsai/thaidate.js`` as one types) and, with the script, a Thai month calendar to pick from. Without
    JavaScript it is a plain text box and still works. Never the browser's own date input, which shows Gregorian
    years in the browser's own format under a "พ.ศ." hint. ``data-min``/``data-max`` (ISO) limit the calendar."""

    template_name = "base/widgets/thai_date.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "placeholder": "วว/ดด/ปปปป", "autocomplete": "off",
                          "spellcheck": "false", "data-thai-date": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            context["widget"]["words"] = thai_date_words(parse_thai_date(value)) if value else ""
        except ThaiDateError:
            context["widget"]["words"] = ""
        return context


class BEDateField(forms.Field):
    """A date typed the Thai way → a Gregorian ``date``: ``15/01/2568``, ``15 ม.ค. 2568``, ``15 มกราคม 2568``,
    ``๑๕/๐๑/๒๕๖๘``, ``2025-01-15`` (ISO) all give ``date(2025, 1, 15)`` (``core.thaidate.parse_thai_date``: a year from
    2400 is B.E., below it C.E.; a two-digit year is refused, as it could be either). Shown as ``15/01/2568`` in a
    `ThaiDateInput`; errors in Thai beside the field."""

    widget = ThaiDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", field_messages())
        kwargs.setdefault("help_text", "วัน/เดือน/ปี พ.ศ. เช่น 15/01/2568 หรือ 15 ม.ค. 2568")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, date):
            return typed_be_date(value)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # a stored ISO date (plan JSON)
            try:
                return typed_be_date(parse_thai_date(value))
            except ThaiDateError:
                return value
        return value

    def to_python(self, value):
        if isinstance(value, date):
            return value
        if not str(value or "").strip():
            return None
        try:
            return parse_thai_date(value)
        except ThaiDateError as exc:
            raise forms.ValidationError(exc.th, code=exc.code) from None

    def limit(self, first: date | None, last: date | None) -> None:
        """Let the calendar offer only days from `first` to `last` (the form still checks the range itself)."""
        if first is not None:
            self.widget.attrs["data-min"] = first.isoformat()
        if last is not None:
            self.widget.attrs["data-max"] = last.isoformat()


class MoneyField(forms.Field):
    """``1,234.50`` or ``๑,๒๓๔.๕๐`` → ``Decimal("1234.50")``; not negative, at most two decimals. Read by
    ``core.money.parse_baht``: ``1e30``, ``NaN``, a decimal comma (``12,5``) and the like get a Thai error beside
    the field, never an exception."""

    widget = forms.TextInput

    def __init__(self, *, max_value: Decimal = MAX_BAHT, **kwargs):
        kwargs.setdefault("error_messages", field_messages())
        super().__init__(**kwargs)
        self.max_value = max_value
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        return f"{value:,.2f}" if isinstance(value, Decimal) and value.is_finite() else value

    def to_python(self, value):
        try:
            return parse_baht(value, max_value=self.max_value)
        except AmountError as exc:
            raise forms.ValidationError(exc.th, code=exc.code) from None


def https_urls(field, **kwargs):
    """``Meta.formfield_callback``: URL fields assume https:// when the scheme is left out."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ThaiModelForm(forms.ModelForm):
    """A ModelForm with Thai messages on every field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            limit = getattr(f, "max_length", None)
            f.error_messages = {**f.error_messages, **field_messages(limit)}
            if isinstance(f, forms.URLField):
                f.error_messages["invalid"] = "ที่อยู่เว็บไม่ถูกต้อง ต้องขึ้นต้นด้วย https:// หรือ http://"
            if isinstance(f, forms.IntegerField | forms.DecimalField | MoneyField):
                f.error_messages = {**NUMBER_MESSAGES, **f.error_messages, "invalid": NUMBER_MESSAGES["invalid"]}
            if isinstance(f, forms.TypedChoiceField | forms.ChoiceField | forms.ModelChoiceField):
                f.error_messages["invalid_choice"] = "กรุณาเลือกจากรายการ"
        for name, f in self.fields.items():
            if isinstance(f, MoneyField):  # the column's limit, so that no amount is refused later in English
                column = next((c for c in self._meta.model._meta.fields if c.name == name), None)
                if isinstance(column, models.DecimalField):
                    places = column.decimal_places
                    largest = Decimal(10) ** (column.max_digits - places) - Decimal(1).scaleb(-places)
                    f.max_value = min(f.max_value, largest)

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- file uploads of import pages -------------------------------------------------------------------------------

DEFAULT_UPLOAD_MAX_BYTES = 10_000_000


def max_upload_bytes() -> int:
    """The largest import file accepted (``PRONGSAI_IMPORT_MAX_BYTES``)."""
    from django.conf import settings

    return int(getattr(settings, "PRONGSAI_IMPORT_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


UPLOAD_ERRORS = {
    "required": "กรุณาเลือกไฟล์",
    "empty": "ไฟล์ว่างเปล่า ไม่มีเนื้อหา",
    "invalid": "ส่งไฟล์ไม่สำเร็จ กรุณาเลือกไฟล์ใหม่",
    "missing": "ไม่พบไฟล์ที่ส่งมา",
    "max_length": "ชื่อไฟล์ยาวเกินไป",
}


def upload_field(*, label: str, help_text: str, suffixes: tuple[str, ...]) -> forms.FileField:
    """A file field of an import page: Thai errors, the browser's file picker limited to ``suffixes``."""
    return forms.FileField(
        label=label,
        help_text=help_text,
        error_messages=UPLOAD_ERRORS,
        max_length=255,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(suffixes)}),
    )


def check_upload_size(upload):
    """The upload, or a Thai error when it is over ``PRONGSAI_IMPORT_MAX_BYTES``."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            f"ไฟล์ใหญ่เกินกำหนด ({upload.size / 1e6:,.1f} MB เกิน {limit / 1e6:,.1f} MB)", code="too_big"
        )
    return upload
