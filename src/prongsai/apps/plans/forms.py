"""Forms for plans and tasks. Errors are Thai and sit beside their field; a form that fails keeps every value
as typed (bound forms re-render the POST data). Dates are the site's one Thai date box (`base.forms.BEDateField`:
15/01/2568, 15 ม.ค. 2568, Thai digits, ISO); numbers accept Thai or Arabic digits."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from prongsai.apps.base.files import evidence_max_bytes
from prongsai.apps.base.forms import BEDateField, field_messages, lines
from prongsai.apps.plans.models import DocumentFormat, DocumentKind, TaskStatus
from prongsai.core.money import AmountError, parse_baht
from prongsai.core.thai import fiscal_year_period, thai_date, to_arabic_digits

MAX_BUDGET = Decimal("1000000000")


class LinesField(forms.CharField):
    """One item per line (steps, outputs, KPIs …)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("max_length", 8000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value):
        return lines(super().clean(value))


def parse_budget(raw: str) -> Decimal | None:
    """A measure's budget in baht (``core.money.parse_baht``, at most one billion); blank, ``-``, ``0`` or
    ``ไม่ใช้งบประมาณ`` → ``None``."""
    compact = to_arabic_digits("".join((raw or "").split())).removesuffix("บาท")
    if compact in ("", "-", "0", "ไม่ใช้งบประมาณ"):
        return None
    try:
        return parse_baht(raw, max_value=MAX_BUDGET)
    except AmountError as exc:
        if exc.code == "invalid":
            raise forms.ValidationError(
                "งบประมาณต้องเป็นตัวเลข (บาท) เช่น 20,000 หรือเว้นว่างถ้าไม่ใช้งบประมาณ", code="invalid"
            ) from None
        raise forms.ValidationError(f"งบประมาณ: {exc.th}", code=exc.code) from None


class VersionForm(forms.Form):
    """Every plan action carries the version the person saw (see ``services``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={"required": "ไม่พบฉบับของแผน"})


class MeasureForm(VersionForm):
    title_th = forms.CharField(label="ชื่อมาตรการ", max_length=500, error_messages={"required": "กรุณากรอกชื่อมาตรการ"})
    objective_th = forms.CharField(
        label="วัตถุประสงค์", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    steps_th = LinesField(label="ขั้นตอนการดำเนินการ", help_text="หนึ่งขั้นตอนต่อหนึ่งบรรทัด เมื่ออนุมัติแผน แต่ละขั้นตอนจะเป็นงานที่ติดตาม")
    responsible_unit = forms.CharField(
        label="ผู้รับผิดชอบ", max_length=300, error_messages={"required": "กรุณาระบุส่วนราชการที่รับผิดชอบ"},
        widget=forms.TextInput(attrs={"list": "unit-names", "autocomplete": "off"}),
    )
    co_units = LinesField(
        label="ผู้ร่วมดำเนินการ", help_text="หนึ่งส่วนราชการต่อหนึ่งบรรทัด", widget=forms.Textarea(attrs={"rows": 2})
    )
    start = BEDateField(label="วันเริ่ม", error_messages=field_messages(required="กรุณาระบุวันเริ่ม"))
    end = BEDateField(label="วันสิ้นสุด", error_messages=field_messages(required="กรุณาระบุวันสิ้นสุด"))
    budget = forms.CharField(
        label="งบประมาณ (บาท)", required=False, max_length=30, help_text="เว้นว่างถ้าไม่ใช้งบประมาณ",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages=field_messages(30),
    )
    outputs_th = LinesField(label="ผลผลิต", widget=forms.Textarea(attrs={"rows": 2}))
    kpi_th = LinesField(label="ตัวชี้วัดความสำเร็จ", widget=forms.Textarea(attrs={"rows": 2}))
    evidence_th = LinesField(label="หลักฐานที่จะเก็บ", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        first, last = fiscal_year_period(fiscal_year)
        span = f"{thai_date(first)} – {thai_date(last)}"
        for name in ("start", "end"):
            self.fields[name].help_text = f"วัน/เดือน/ปี พ.ศ. ภายในปีงบประมาณ พ.ศ. {fiscal_year} ({span})"
            self.fields[name].limit(first, last)

    def clean_budget(self):
        return parse_budget(self.cleaned_data.get("budget", ""))

    def clean(self):
        data = super().clean()
        first, last = fiscal_year_period(self.fiscal_year)
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not first <= day <= last:
                span = f"({thai_date(first)} – {thai_date(last)})"
                self.add_error(name, f"{thai_date(day)} อยู่นอกปีงบประมาณ พ.ศ. {self.fiscal_year} {span}")
        start, end = data.get("start"), data.get("end")
        if start and end and start > end and "end" not in self.errors:
            self.add_error("end", f"วันสิ้นสุดต้องไม่ก่อนวันเริ่ม ({thai_date(start)})")
        return data

    def measure_fields(self) -> dict:
        names = ("title_th", "objective_th", "steps_th", "responsible_unit", "co_units", "start", "end", "budget",
                 "outputs_th", "kpi_th", "evidence_th")
        return {n: self.cleaned_data[n] for n in names}

    @staticmethod
    def initial_from(data: dict, version: int) -> dict:
        initial = {k: data.get(k) for k in ("title_th", "objective_th", "steps_th", "responsible_unit", "co_units",
                                             "start", "end", "outputs_th", "kpi_th", "evidence_th")}
        budget = data.get("budget")
        initial["budget"] = "" if budget in (None, "") else f"{Decimal(str(budget)):f}".removesuffix(".00")
        initial["version"] = version
        return initial


class DraftForm(forms.Form):
    results_fiscal_year = forms.TypedChoiceField(
        label="ผลการประเมินของปีงบประมาณ", coerce=int,
        error_messages={"required": "กรุณาเลือกปีของผลการประเมิน", "invalid_choice": "ไม่มีผลการประเมินของปีนี้"},
    )
    plan_fiscal_year = forms.CharField(
        label="ปีงบประมาณของแผน (พ.ศ.)", required=False, max_length=8,
        help_text="เว้นว่าง: ปีถัดจากปีของผลการประเมิน",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
        error_messages=field_messages(8),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results_fiscal_year"].choices = [(y, f"{y}") for y in years]

    def clean_plan_fiscal_year(self):
        raw = to_arabic_digits(self.cleaned_data.get("plan_fiscal_year", "").strip())
        if not raw:
            return None
        if not raw.isdecimal() or len(raw) != 4 or not 2500 <= int(raw) <= 2700:
            raise forms.ValidationError("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2570")
        return int(raw)


class PlanActionForm(VersionForm):
    note = forms.CharField(
        label="หมายเหตุถึงผู้บริหาร (ถ้ามี)", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(VersionForm):
    comment = forms.CharField(
        label="ความเห็นของผู้บริหาร", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="จำเป็นเมื่อส่งกลับให้แก้ไข: ระบุสิ่งที่ต้องแก้",
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="ความเห็น", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "กรุณาพิมพ์ความเห็น", "max_length": "ยาวไม่เกิน 4,000 ตัวอักษร"},
    )


class TaskForm(forms.Form):
    title_th = forms.CharField(label="งาน", max_length=500, error_messages={"required": "กรุณากรอกชื่องาน"})
    owner_unit = forms.ModelChoiceField(
        label="ส่วนราชการที่รับผิดชอบ", queryset=None, empty_label="– เลือก –",
        error_messages={"required": "กรุณาเลือกส่วนราชการ", "invalid_choice": "กรุณาเลือกส่วนราชการของหน่วยงานนี้"},
    )
    due = BEDateField(label="กำหนดเสร็จ", error_messages=field_messages(required="กรุณาระบุกำหนดเสร็จ"))

    def __init__(self, *args, units, fiscal_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units
        first, last = fiscal_year_period(fiscal_year)
        self.fields["due"].help_text = (
            f"วัน/เดือน/ปี พ.ศ. ภายในปีงบประมาณ พ.ศ. {fiscal_year} ({thai_date(first)} – {thai_date(last)})"
        )
        self.fields["due"].limit(first, last)


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label="สถานะ", choices=TaskStatus.choices, error_messages={"required": "กรุณาเลือกสถานะ"})
    progress = forms.CharField(
        label="ความคืบหน้า (ร้อยละ)", max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
        error_messages=field_messages(6, required="กรุณากรอกความคืบหน้า 0–100"),
    )
    note = forms.CharField(
        label="บันทึกความคืบหน้า / ปัญหา (ถ้ามี)", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_progress(self):
        raw = to_arabic_digits(self.cleaned_data["progress"].strip()).removesuffix("%").strip()
        if not raw.isdecimal() or not 0 <= int(raw) <= 100:
            raise forms.ValidationError("ความคืบหน้าต้องเป็นจำนวนเต็ม 0 ถึง 100")
        return int(raw)


class EvidenceForm(forms.Form):
    title = forms.CharField(label="คำอธิบาย (ถ้ามี)", required=False, max_length=300)
    url = forms.CharField(
        label="ที่อยู่เว็บ (URL)", required=False, max_length=1000,
        help_text="เช่น หน้าข่าวหรือหน้าเอกสารบนเว็บไซต์หลักของหน่วยงาน",
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    file = forms.FileField(label="หรือแนบไฟล์", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"PDF, Word, Excel, PowerPoint, รูปภาพ PNG/JPEG/GIF หรือข้อความ ไม่เกิน {evidence_max_bytes() / 1e6:g} MB"
        )

    def clean(self):
        data = super().clean()
        url, upload = (data.get("url") or "").strip(), data.get("file")
        if not url and upload is None and not self.errors:
            raise forms.ValidationError("กรุณาใส่ที่อยู่เว็บ หรือเลือกไฟล์ อย่างใดอย่างหนึ่ง")
        if url and upload is not None:
            raise forms.ValidationError("ใส่ที่อยู่เว็บ หรือเลือกไฟล์ อย่างใดอย่างหนึ่งเท่านั้น")
        if upload is not None and upload.size > evidence_max_bytes():
            self.add_error("file", f"ไฟล์ใหญ่เกิน {evidence_max_bytes() / 1e6:g} MB")
        return data


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label="เอกสาร", choices=DocumentKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "กรุณาเลือกเอกสาร"})
    fmt = forms.ChoiceField(label="รูปแบบไฟล์", choices=DocumentFormat.choices, widget=forms.RadioSelect,
                            initial=DocumentFormat.DOCX, error_messages={"required": "กรุณาเลือกรูปแบบไฟล์"})
    digits = forms.ChoiceField(
        label="ตัวเลข", choices=[("thai", "เลขไทย (๑๒๓)"), ("arabic", "เลขอารบิก (123)")], widget=forms.RadioSelect,
        initial="thai", error_messages={"required": "กรุณาเลือกชนิดตัวเลข"},
    )
