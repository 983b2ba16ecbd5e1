"""Forms for results: the ten indicator scores of a year, the year picker, the file upload.

Errors are Thai and sit beside their field; a form that fails keeps every value as typed.
Scores may be typed with Thai or Arabic digits (๙๓.๗๖ or 93.76).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from prongsai.apps.assessments.imports import ALLOWED_SUFFIXES
from prongsai.apps.base.forms import check_upload_size, upload_field
from prongsai.core.frameworks.schema import Framework
from prongsai.core.thai import to_arabic_digits

REQUIRED = "กรุณากรอกคะแนน"


def parse_score(raw: str) -> Decimal:
    """A typed score → Decimal, or ``forms.ValidationError`` in Thai."""
    text = to_arabic_digits((raw or "").strip()).replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        raise forms.ValidationError(REQUIRED, code="required")
    if "," in text:
        raise forms.ValidationError("ใช้จุดเป็นจุดทศนิยม เช่น 93.76 (ไม่ใช้จุลภาค)", code="comma")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("ต้องเป็นตัวเลข เช่น 93.76 หรือ ๙๓.๗๖", code="invalid") from None
    if not value.is_finite():
        raise forms.ValidationError("ต้องเป็นตัวเลข เช่น 93.76 หรือ ๙๓.๗๖", code="invalid")
    if not Decimal(0) <= value <= Decimal(100):
        raise forms.ValidationError("คะแนนต้องอยู่ระหว่าง 0 ถึง 100", code="range")
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError("ทศนิยมไม่เกินสองตำแหน่ง", code="decimals")
    return value.quantize(Decimal("0.01"))


class ScoreField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("error_messages", {"required": REQUIRED, "max_length": "ยาวเกินไป",
                                             "null_characters_not_allowed": "ต้องเป็นตัวเลข เช่น 93.76 หรือ ๙๓.๗๖"})
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "score-input"})

    def clean(self, value):
        raw = super().clean(value)
        return parse_score(raw)


class ResultEntryForm(forms.Form):
    """One field per indicator of the year's framework, labelled with its Thai name."""

    note = forms.CharField(
        label="เหตุผลหรือหมายเหตุของการบันทึก (ถ้ามี)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "ยาวไม่เกิน 500 ตัวอักษร"},
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        fields = {}
        for ind in framework.indicators.items:
            fields[f"indicator_{ind.number}"] = ScoreField(
                label=f"ตัวชี้วัดที่ {ind.number} {ind.name_th}", help_text=f"เครื่องมือ {ind.instrument}"
            )
        fields["note"] = self.fields.pop("note")
        self.fields = fields

    def indicator_fields(self):
        return [self[f"indicator_{i.number}"] for i in self.framework.indicators.items]

    def indicator_scores(self) -> dict[int, Decimal]:
        return {i.number: self.cleaned_data[f"indicator_{i.number}"] for i in self.framework.indicators.items}


class YearPickForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label="ปีงบประมาณ (พ.ศ.)",
        coerce=int,
        error_messages={"required": "กรุณาเลือกปีงบประมาณ", "invalid_choice": "ไม่มีกรอบการประเมินของปีที่เลือก"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", "— เลือกปี —")] + [(y, str(y)) for y in sorted(years, reverse=True)]


class ImportUploadForm(forms.Form):
    file = upload_field(
        label="ไฟล์ผลการประเมิน",
        help_text="รองรับ .docx .pdf .html .txt ภาพสแกน .png .jpg .tif (อ่านด้วย OCR) และแม่แบบผลการประเมิน .xlsx/.csv",
        suffixes=ALLOWED_SUFFIXES,
    )

    target_year = forms.TypedChoiceField(
        label="นำเข้าเป็นผลของปีงบประมาณ",
        help_text="ถ้าเลือก ระบบจะแจ้งข้อผิดพลาดเมื่อไฟล์เป็นผลของปีอื่น",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "ไม่มีกรอบการประเมินของปีที่เลือก"},
    )

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_year"].choices = [("", "— ตามที่ระบุในไฟล์ —")] + [
            (y, str(y)) for y in sorted(years or [], reverse=True)
        ]

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])


class PublishForm(forms.Form):
    """Publishing or unpublishing a year's result: the person ticks that they understand what will happen."""

    understood = forms.BooleanField(
        required=True, error_messages={"required": "กรุณาทำเครื่องหมายว่าท่านเข้าใจผลของการดำเนินการนี้ก่อน"}
    )
    version = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
