"""Forms of the framework workbench. Every field speaks Thai, numbers are checked before the schema sees them, and
each form keeps what the person typed when a save is refused."""

from __future__ import annotations

from typing import Any

from django import forms

from prongsai.apps.base.forms import check_upload_size, upload_field
from prongsai.core.frameworks.schema import CONFIDENCE_TH
from prongsai.core.frameworks.sheet import MAX_SHEET_BYTES

REQUIRED = "กรุณากรอกช่องนี้"
NUMBER = {
    "required": REQUIRED,
    "invalid": "กรุณากรอกเป็นตัวเลข เช่น 0.3 หรือ 85",
    "min_value": "ต้องไม่น้อยกว่า %(limit_value)s",
    "max_value": "ต้องไม่เกิน %(limit_value)s",
}
TEXT = {"required": REQUIRED, "max_length": "ยาวเกินไป (ไม่เกิน %(limit_value)d ตัวอักษร)"}
CHOICE = {"required": "กรุณาเลือก", "invalid_choice": "ตัวเลือกไม่ถูกต้อง"}
CONFIDENCE_CHOICES = [(k, v) for k, v in CONFIDENCE_TH.items()]
PERIOD_CHOICES = [
    ("", "ตามค่าเริ่มต้นของระบบ"),
    ("current", "ปีงบประมาณที่ประเมิน"),
    ("previous", "ปีงบประมาณก่อนหน้า"),
    ("current_or_previous", "ปีที่ประเมินหรือปีก่อนหน้า"),
    ("any", "ไม่จำกัดปี"),
]
SHEET_SUFFIXES = (".xlsx", ".csv")
YAML_SUFFIXES = (".yaml", ".yml")


def lines(text: str) -> list[str]:
    """Non-empty lines of a textarea, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _text(label: str, *, required: bool = True, max_length: int = 500, area: bool = False, **kw: Any):
    widget = forms.Textarea(attrs={"rows": kw.pop("rows", 3)}) if area else None
    return forms.CharField(label=label, required=required, max_length=max_length, error_messages=TEXT,
                           widget=widget, **kw)


def _number(label: str, *, required: bool = True, low: float = 0, high: float = 100, **kw: Any):
    return forms.FloatField(label=label, required=required, min_value=low, max_value=high, error_messages=NUMBER,
                            localize=False, **kw)


class ReasonForm(forms.Form):
    """What every save carries: the version the person started from, and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages={
        "required": "ข้อมูลฉบับของกรอบการประเมินหายไป กรุณาเปิดหน้านี้ใหม่",
        "invalid": "ข้อมูลฉบับของกรอบการประเมินไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่",
        "min_value": "ข้อมูลฉบับของกรอบการประเมินไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่",
    })
    reason = _text("เหตุผลของการเปลี่ยนแปลง", max_length=2000, area=True, rows=2,
                   help_text="บันทึกไว้ในประวัติของกรอบการประเมิน เช่น “ตามคู่มือการประเมิน ITA ปี 2570 หน้า 12”")


class SectionForm(forms.Form):
    """Where a section comes from (one source a line) and how sure we are."""

    source = _text("ที่มาของข้อมูล (หนึ่งบรรทัดต่อหนึ่งแหล่ง)", max_length=4000, area=True,
                   help_text="เช่น ชื่อคู่มือ หน้า และวันที่ประกาศ")
    confidence = forms.ChoiceField(label="ความเชื่อมั่น", choices=CONFIDENCE_CHOICES, error_messages=CHOICE)
    notes = _text("หมายเหตุ", required=False, max_length=2000, area=True, rows=2)

    def clean_source(self) -> list[str]:
        value = lines(self.cleaned_data["source"])
        if not value:
            raise forms.ValidationError("กรุณาระบุที่มาอย่างน้อยหนึ่งบรรทัด")
        return value

    @staticmethod
    def initial_for(section: dict[str, Any] | None) -> dict[str, Any]:
        section = section or {}
        return {"source": "\n".join(section.get("source", [])), "confidence": section.get("confidence", "unknown"),
                "notes": section.get("notes", "")}

    def apply(self, section: dict[str, Any]) -> None:
        section["source"] = self.cleaned_data["source"]
        section["confidence"] = self.cleaned_data["confidence"]
        if self.cleaned_data["notes"].strip():
            section["notes"] = self.cleaned_data["notes"].strip()
        else:
            section.pop("notes", None)


class YearCreateForm(forms.Form):
    fiscal_year = forms.IntegerField(label="ปีงบประมาณใหม่ (พ.ศ.)", min_value=2500, max_value=2700, error_messages={
        "required": REQUIRED, "invalid": "กรุณากรอกปี พ.ศ. เป็นตัวเลข เช่น 2571",
        "min_value": "ปีงบประมาณต้องเป็นปี พ.ศ. ตั้งแต่ 2500", "max_value": "ปีงบประมาณต้องไม่เกิน 2700",
    })
    base_year = forms.TypedChoiceField(label="สร้างจากปี", coerce=int, error_messages=CHOICE,
                                       help_text="คัดลอกทุกส่วนจากปีนี้ แล้วตั้งเป็นฉบับชั่วคราว ความเชื่อมั่นต่ำ")
    reason = _text("เหตุผล", max_length=2000, area=True, rows=2,
                   help_text="เช่น “เตรียมปีงบประมาณ 2571 ก่อนได้รับคู่มือ”")

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base_year"].choices = [(y, str(y)) for y in sorted(years, reverse=True)]


class WeightRow(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=10)
    weight = _number("น้ำหนัก", low=0, high=1, help_text="ระหว่าง 0 ถึง 1 ทุกเครื่องมือรวมกันต้องเท่ากับ 1")


class LevelRow(forms.Form):
    label = _text("ชื่อระดับ", max_length=60)
    label_en = _text("ชื่อภาษาอังกฤษ", max_length=60)
    passed = forms.BooleanField(label="ผ่าน", required=False)
    min_overall = _number("คะแนนรวมตั้งแต่")
    max_overall = _number("คะแนนรวมไม่เกิน", required=False)
    min_each_instrument = _number("ทุกเครื่องมือต้องได้อย่างน้อย", required=False)


class IndicatorRow(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=99)
    name_th = _text("ชื่อตัวชี้วัด", max_length=300)
    name_en = _text("ชื่อภาษาอังกฤษ", max_length=300)


class SubindicatorRow(forms.Form):
    old_code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
    code = forms.RegexField(label="รหัส", regex=r"^\d{1,2}\.\d{1,2}$", max_length=5, error_messages={
        "required": REQUIRED, "invalid": "รหัสตัวชี้วัดย่อยต้องเป็นรูปแบบ 9.1"})
    indicator = forms.TypedChoiceField(label="ตัวชี้วัด", coerce=int, error_messages=CHOICE)
    name_th = _text("ชื่อตัวชี้วัดย่อย", required=False, max_length=300)

    def __init__(self, *args: Any, indicators: list[int] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(n, str(n)) for n in indicators]


class OitItemRow(forms.Form):
    code = forms.RegexField(label="ข้อ", regex=r"^[oO]\d{1,3}$", max_length=4, error_messages={
        "required": REQUIRED, "invalid": "รหัสข้อ OIT ต้องเป็นรูปแบบ O1 ถึง O999"})
    title_th = _text("ชื่อข้อ", required=False, max_length=500)
    subindicator = _text("ตัวชี้วัดย่อย", max_length=5)
    required_parts = _text("สิ่งที่ต้องมี (หนึ่งบรรทัดต่อหนึ่งรายการ)", required=False, max_length=4000, area=True)
    period = forms.ChoiceField(label="ช่วงเวลาของข้อมูล", choices=PERIOD_CHOICES, required=False,
                               error_messages=CHOICE)
    source = _text("ที่มา", required=False, max_length=500)
    confidence = forms.ChoiceField(label="ความเชื่อมั่น", choices=[("", "ตามส่วน OIT"), *CONFIDENCE_CHOICES],
                                   required=False, error_messages=CHOICE)

    def clean_code(self) -> str:
        return "O" + self.cleaned_data["code"][1:]


class QuestionRow(forms.Form):
    old_code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
    code = forms.RegexField(label="รหัส", regex=r"^[a-z]\d{1,3}$", max_length=4, error_messages={
        "required": REQUIRED, "invalid": "รหัสข้อคำถามต้องเป็นอักษรเล็กตามด้วยตัวเลข เช่น i1 หรือ e5"})
    indicator = forms.TypedChoiceField(label="ตัวชี้วัด", coerce=int, error_messages=CHOICE)
    text_th = _text("ข้อคำถาม", max_length=1000, area=True, rows=2)
    scale = forms.ChoiceField(label="มาตรวัด", error_messages=CHOICE)

    def __init__(self, *args: Any, indicators: list[int] = (), scales: list[str] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(n, str(n)) for n in indicators]
        self.fields["scale"].choices = [(s, s) for s in scales]


class _UniqueCodes(forms.BaseFormSet):
    """Rows whose ``code`` must not repeat: the second one gets the error beside it."""

    code_label = "รหัส"

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            code = (form.cleaned_data.get("code") or "").lower()
            if code and code in seen:
                form.add_error("code", f"{self.code_label} {form.cleaned_data['code']} ซ้ำกับแถวก่อนหน้า")
            seen.add(code)


def row_formset(form: type[forms.Form], *, extra: int = 0, can_delete: bool = False, can_order: bool = False,
                unique: bool = False) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form, formset=_UniqueCodes if unique else forms.BaseFormSet, extra=extra, can_delete=can_delete,
        can_order=can_order, max_num=400, absolute_max=400,
    )


WeightFormSet = row_formset(WeightRow)
LevelFormSet = row_formset(LevelRow, extra=1, can_delete=True, can_order=True)
IndicatorFormSet = row_formset(IndicatorRow)
SubindicatorFormSet = row_formset(SubindicatorRow, extra=1, can_delete=True, unique=True)
OitItemFormSet = row_formset(OitItemRow, extra=2, can_delete=True, unique=True)
QuestionFormSet = row_formset(QuestionRow, extra=1, can_delete=True, unique=True)


class SourcesForm(forms.Form):
    """Source lines, confidence and notes of every section present in the year (fields ``<section>_source`` …)."""

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for name, label in sections:
            self.fields[f"{name}_source"] = _text(f"{label}: ที่มา (หนึ่งบรรทัดต่อหนึ่งแหล่ง)", max_length=4000,
                                                  area=True)
            self.fields[f"{name}_confidence"] = forms.ChoiceField(
                label=f"{label}: ความเชื่อมั่น", choices=CONFIDENCE_CHOICES, error_messages=CHOICE)
            self.fields[f"{name}_notes"] = _text(f"{label}: หมายเหตุ", required=False, max_length=2000, area=True,
                                                 rows=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, _ in self.sections:
            key = f"{name}_source"
            if key in data and not lines(data[key]):
                self.add_error(key, "กรุณาระบุที่มาอย่างน้อยหนึ่งบรรทัด")
        return data

    def rows(self) -> list[tuple[str, Any, Any, Any]]:
        return [(label, self[f"{name}_source"], self[f"{name}_confidence"], self[f"{name}_notes"])
                for name, label in self.sections]


class SheetUploadForm(forms.Form):
    file = upload_field(
        label="ไฟล์รายการข้อ OIT (.xlsx หรือ .csv)",
        help_text="หนึ่งแถวต่อหนึ่งข้อ: รหัสข้อ ชื่อข้อ ตัวชี้วัดย่อย สิ่งที่ต้องมี ช่วงเวลา ตามที่พิมพ์จากคู่มือ",
        suffixes=SHEET_SUFFIXES,
    )
    base_year = forms.TypedChoiceField(label="ปีที่ใช้เป็นฐาน (เมื่อยังไม่มีปีนี้)", coerce=int, required=False,
                                       error_messages=CHOICE, empty_value=None,
                                       help_text="ส่วนอื่นนอกจากรายการข้อ OIT คัดลอกจากปีนี้")

    def __init__(self, *args: Any, base_years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if base_years is None:
            del self.fields["base_year"]
        else:
            self.fields["base_year"].required = True
            self.fields["base_year"].choices = [(y, str(y)) for y in sorted(base_years, reverse=True)]

    def clean_file(self):
        upload = check_upload_size(self.cleaned_data["file"])
        if upload.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(
                f"ไฟล์ใหญ่เกินกำหนด ({upload.size / 1e6:,.1f} MB เกิน {MAX_SHEET_BYTES / 1e6:,.1f} MB)", code="too_big")
        name = (upload.name or "").lower()
        if not name.endswith(SHEET_SUFFIXES):
            raise forms.ValidationError("รองรับเฉพาะไฟล์ .xlsx และ .csv", code="suffix")
        return upload


class YamlUploadForm(forms.Form):
    file = upload_field(
        label="ไฟล์กรอบการประเมิน (.yaml)",
        help_text="ไฟล์ที่ส่งออกจากโปร่งใสของหน่วยงานอื่น หรือไฟล์รูปแบบเดียวกับคำสั่ง prongsai frameworks",
        suffixes=YAML_SUFFIXES,
    )

    def clean_file(self):
        upload = check_upload_size(self.cleaned_data["file"])
        if not (upload.name or "").lower().endswith(YAML_SUFFIXES):
            raise forms.ValidationError("รองรับเฉพาะไฟล์ .yaml หรือ .yml", code="suffix")
        return upload


class EditorGrantForm(forms.Form):
    username = _text("ชื่อผู้ใช้", max_length=150, help_text="ชื่อที่ใช้เข้าสู่ระบบของผู้ที่จะให้สิทธิ์")
    note = _text("หมายเหตุ", required=False, max_length=300, help_text="เช่น สำนักงานจังหวัด")


class ImportConfirmForm(forms.Form):
    """The review page's form: the signed token of what was reviewed, and why it is saved."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=1_000_000)
    reason = _text("เหตุผลของการบันทึก", max_length=2000, area=True, rows=2,
                   help_text="เช่น “รายการข้อ OIT ตามคู่มือการประเมิน ITA ปี 2570”")


class RescoreForm(forms.Form):
    reason = _text("เหตุผลของการคำนวณใหม่", max_length=2000, area=True, rows=2,
                   help_text="บันทึกไว้ในประวัติของผลการประเมินทุกหน่วยงานที่คำนวณใหม่")
