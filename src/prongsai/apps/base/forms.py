"""Shared form pieces of the apps: Thai error messages, Thai date and money fields, a ModelForm with Thai
messages on every field, and the view step that runs a service and keeps its error beside what the user typed.

Dates are typed in the Thai way (วว/ดด/ปปปป, B.E.) and stored as Gregorian dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from prongsai.core.thai import BE_OFFSET, to_arabic_digits

T = TypeVar("T")

REQUIRED = "กรุณากรอกช่องนี้"


def field_messages(max_length: int | None = None, **extra: str) -> dict[str, str]:
    """Thai ``error_messages`` for a form field: required, invalid, the length limit, and any ``extra`` codes."""
    out = {"required": REQUIRED, "invalid": "รูปแบบไม่ถูกต้อง", **extra}
    if max_length:
        out["max_length"] = f"ยาวไม่เกิน {max_length:,} ตัวอักษร"
    return out


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


class BEDateField(forms.Field):
    """``15/01/2568`` (B.E.), ``15/01/2025`` or ``2025-01-15`` → ``date(2025, 1, 15)``."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", field_messages())
        kwargs.setdefault("help_text", "วัน/เดือน/ปี พ.ศ. เช่น 15/01/2568")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "วว/ดด/ปปปป", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
        return value

    def to_python(self, value):
        text = to_arabic_digits(str(value or "")).strip()
        if not text:
            return None
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
            if not m:
                raise forms.ValidationError("วันที่ไม่ถูกต้อง ใช้รูปแบบ วว/ดด/ปปปป เช่น 15/01/2568", code="invalid")
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y > 2400:
            y -= BE_OFFSET
        if not 1950 <= y <= 2150:
            raise forms.ValidationError("ปีไม่ถูกต้อง ใช้ปี พ.ศ. เช่น 2568", code="year")
        try:
            return date(y, mo, d)
        except ValueError:
            raise forms.ValidationError("ไม่มีวันที่นี้ในปฏิทิน", code="invalid") from None


class MoneyField(forms.Field):
    """``1,234.50`` or ``๑,๒๓๔.๕๐`` → ``Decimal("1234.50")``; not negative, at most two decimals."""

    widget = forms.TextInput

    def __init__(self, *, max_value: Decimal = Decimal("9999999999999.99"), **kwargs):
        kwargs.setdefault("error_messages", field_messages())
        super().__init__(**kwargs)
        self.max_value = max_value
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        return f"{value:,.2f}" if isinstance(value, Decimal) else value

    def to_python(self, value):
        text = to_arabic_digits(str(value or "")).replace(",", "").replace(" ", "").replace("บาท", "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("ต้องเป็นจำนวนเงิน เช่น 150,000.00", code="invalid") from None
        if not amount.is_finite() or amount < 0:
            raise forms.ValidationError("จำนวนเงินต้องไม่ติดลบ", code="negative")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError("ทศนิยมไม่เกินสองตำแหน่ง", code="decimals")
        if amount > self.max_value:
            raise forms.ValidationError("จำนวนเงินมากเกินไป", code="max")
        return amount.quantize(Decimal("0.01"))


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
            if isinstance(f, forms.TypedChoiceField | forms.ChoiceField | forms.ModelChoiceField):
                f.error_messages["invalid_choice"] = "กรุณาเลือกจากรายการ"

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
