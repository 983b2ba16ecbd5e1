"""Forms of the portal (public and staff). Thai messages beside each field; no JavaScript needed.
Dates are typed in the Thai way (วว/ดด/ปปปป, B.E.) and stored as Gregorian dates."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from prongsai.apps.agencies.models import Unit
from prongsai.apps.base.forms import BEDateField, MoneyField, ThaiModelForm, field_messages, https_urls
from prongsai.apps.complaints.forms import PublicForm, clean_phone
from prongsai.apps.portal.models import EvidenceLink, NewsItem, QuestionKind, ServiceType


class NewsForm(ThaiModelForm):
    published_on = BEDateField(label="วันที่เผยแพร่")

    class Meta:
        model = NewsItem
        fields = ("title", "body", "published_on", "is_published")
        widgets: ClassVar[dict] = {"body": forms.Textarea(attrs={"rows": 10})}


class QuestionForm(PublicForm):
    kind = forms.ChoiceField(
        label="ประเภท",
        choices=QuestionKind.choices,
        initial=QuestionKind.QUESTION,
        widget=forms.RadioSelect,
        error_messages=field_messages(invalid_choice="กรุณาเลือกประเภท"),
    )
    subject = forms.CharField(label="หัวข้อ", max_length=200, error_messages=field_messages(200))
    body = forms.CharField(
        label="ข้อความ", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), error_messages=field_messages(5000)
    )
    display_name = forms.CharField(
        label="ชื่อที่ให้แสดง (ถ้าไม่กรอก จะแสดงว่า ไม่ประสงค์ออกนาม)",
        required=False,
        max_length=100,
        error_messages=field_messages(100),
    )
    contact = forms.CharField(
        label="อีเมลหรือโทรศัพท์สำหรับติดต่อกลับ (ไม่บังคับ ไม่เผยแพร่ และเก็บแบบเข้ารหัส)",
        required=False,
        max_length=200,
        error_messages=field_messages(200),
    )

    def clean_contact(self) -> str:
        value = (self.cleaned_data.get("contact") or "").strip()
        if not value:
            return ""
        if "@" in value:
            forms.EmailField(error_messages={"invalid": "อีเมลไม่ถูกต้อง"}).clean(value)
            return value
        return clean_phone(value)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="คำตอบ (เผยแพร่บนหน้าถาม-ตอบ)",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=field_messages(10_000),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="เหตุผลที่ซ่อน (แสดงต่อสาธารณะ)",
        min_length=5,
        max_length=300,
        error_messages=field_messages(300, min_length="อย่างน้อย 5 ตัวอักษร"),
    )


class ServiceTypeForm(ThaiModelForm):
    fee_amount = MoneyField(
        label="ค่าธรรมเนียม (บาท)", required=False, help_text="เว้นว่างหรือ 0 หากไม่มีค่าธรรมเนียม (จะแสดงว่า ไม่มีค่าธรรมเนียม)"
    )

    class Meta:
        model = ServiceType
        fields = (
            "name",
            "description",
            "steps",
            "duration_days",
            "fee_amount",
            "fee_note",
            "required_documents",
            "unit",
            "is_active",
        )
        widgets: ClassVar[dict] = {
            "steps": forms.Textarea(attrs={"rows": 5}),
            "required_documents": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)
        self.fields["duration_days"].error_messages.update({"invalid": "ต้องเป็นจำนวนวันเต็ม", "min_value": "ต้องไม่ติดลบ"})

    def clean_duration_days(self):
        days = self.cleaned_data.get("duration_days")
        if days is not None and not 1 <= days <= 365:
            raise forms.ValidationError("ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 365 วันทำการ")
        return days


class ServiceRequestForm(PublicForm):
    name = forms.CharField(label="ชื่อ-นามสกุลผู้ยื่นคำขอ", max_length=200, error_messages=field_messages(200))
    contact = forms.CharField(
        label="โทรศัพท์หรืออีเมลสำหรับติดต่อกลับ", max_length=200, error_messages=field_messages(200)
    )
    details = forms.CharField(
        label="รายละเอียดคำขอ",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=field_messages(5000),
    )
    attachment_1 = forms.FileField(label="เอกสารแนบ 1 (PDF, JPEG หรือ PNG ไม่เกิน 5 MB)", required=False)
    attachment_2 = forms.FileField(label="เอกสารแนบ 2", required=False)
    attachment_3 = forms.FileField(label="เอกสารแนบ 3", required=False)

    def clean_contact(self) -> str:
        value = (self.cleaned_data.get("contact") or "").strip()
        if "@" in value:
            forms.EmailField(error_messages={"invalid": "อีเมลไม่ถูกต้อง"}).clean(value)
            return value
        return clean_phone(value)

    def uploads(self):
        from prongsai.apps.portal.services import MAX_ATTACHMENT_BYTES, Upload

        out = []
        for name in ("attachment_1", "attachment_2", "attachment_3"):
            f = self.cleaned_data.get(name)
            if f:
                out.append(Upload(name=f.name or "", data=f.read(MAX_ATTACHMENT_BYTES + 1)))
        return out


class TrackForm(forms.Form):
    code = forms.CharField(
        label="เลขติดตามคำขอ", max_length=30, help_text="เช่น ES-7K3M-Q9TB", error_messages=field_messages(30)
    )


class ServiceStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="เปลี่ยนสถานะเป็น", error_messages=field_messages(invalid_choice="เลือกสถานะที่เปลี่ยนได้")
    )
    note = forms.CharField(
        label="หมายเหตุถึงผู้ยื่นคำขอ (แสดงในหน้าติดตาม)", required=False, max_length=500,
        error_messages=field_messages(500),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class EvidenceForm(ThaiModelForm):
    item_code = forms.ChoiceField(label="ข้อ OIT")

    class Meta:
        model = EvidenceLink
        fields = ("item_code", "title", "url", "note", "is_published")
        formfield_callback = https_urls

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", "— เลือกข้อ —"), *items]
        self.fields["item_code"].error_messages = field_messages(invalid_choice="กรุณาเลือกข้อ OIT ของปีนี้")
