"""Forms of the complaint channel. Every message is Thai and sits beside its field; the forms work
without JavaScript."""

from __future__ import annotations

import re

from django import forms

from prongsai.apps.base.abuse import HONEYPOT_FIELD
from prongsai.apps.base.forms import field_messages
from prongsai.apps.complaints.models import ComplaintKind
from prongsai.apps.complaints.protect import receipt_well_formed
from prongsai.core.thai import to_arabic_digits


def clean_phone(raw: str) -> str:
    """A Thai phone number (9–10 digits, Thai or Arabic digits, spaces and dashes allowed), or ""."""
    text = to_arabic_digits((raw or "").strip())
    if not text:
        return ""
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0\d{8,9}", digits):
        raise forms.ValidationError("หมายเลขโทรศัพท์ไม่ถูกต้อง เช่น 081 234 5678 หรือ 02 123 4567", code="phone")
    return digits


class PublicForm(forms.Form):
    """A public form with the anti-robot fields: a signed token (``ft``) and a honeypot (``website``)."""

    ft = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="เว้นว่างช่องนี้ไว้",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())


class ComplaintForm(PublicForm):
    kind = forms.ChoiceField(
        label="ประเภทเรื่อง", choices=ComplaintKind.choices,
        error_messages=field_messages(invalid_choice="กรุณาเลือกประเภทเรื่อง"),
    )
    subject = forms.CharField(label="เรื่อง", max_length=200, error_messages=field_messages(200))
    details = forms.CharField(
        label="รายละเอียด",
        help_text="เกิดอะไรขึ้น ที่ไหน เมื่อใด มีหลักฐานหรือพยานหรือไม่ (อย่าใส่ข้อมูลที่ระบุตัวท่าน หากต้องการปกปิดตัวตน)",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=field_messages(10_000),
    )
    about = forms.CharField(
        label="ผู้ถูกร้องเรียนหรือหน่วยที่เกี่ยวข้อง (ถ้ามี)", required=False, max_length=500,
        error_messages=field_messages(500),
    )
    identity = forms.ChoiceField(
        label="การเปิดเผยตัวตน",
        choices=(
            ("anonymous", "ไม่เปิดเผยตัวตน (ไม่ต้องกรอกชื่อ ติดตามเรื่องด้วยรหัสติดตามเท่านั้น)"),
            ("named", "แจ้งชื่อโดยให้เก็บเป็นความลับ (เฉพาะเจ้าหน้าที่รับเรื่องที่ได้รับแต่งตั้ง เปิดดูได้เมื่อมีเหตุผลและมีบันทึก)"),
        ),
        initial="anonymous",
        widget=forms.RadioSelect,
        error_messages=field_messages(invalid_choice="กรุณาเลือกว่าจะเปิดเผยตัวตนหรือไม่"),
    )
    name = forms.CharField(label="ชื่อ-นามสกุล", required=False, max_length=200, error_messages=field_messages(200))
    phone = forms.CharField(label="โทรศัพท์", required=False, max_length=30, error_messages=field_messages(30))
    email = forms.EmailField(
        label="อีเมล",
        required=False,
        max_length=254,
        error_messages=field_messages(254, invalid="อีเมลไม่ถูกต้อง เช่น name@example.com"),
    )
    address = forms.CharField(
        label="ที่อยู่สำหรับติดต่อกลับ",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=field_messages(500),
    )

    field_order = ("kind", "subject", "details", "about", "identity", "name", "phone", "email", "address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "phone", "email", "address"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        if data.get("identity") == "named" and not (data.get("name") or "").strip():
            self.add_error("name", "กรุณากรอกชื่อ หรือเลือก ไม่เปิดเผยตัวตน")
        return data

    @property
    def anonymous(self) -> bool:
        return self.cleaned_data.get("identity") != "named"

    def identity_data(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") or "" for k in ("name", "phone", "email", "address")}


class ReceiptField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "รหัสติดตามเรื่อง")
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("error_messages", field_messages(40))
        kwargs.setdefault("help_text", "16 ตัวอักษร เช่น 7K3M-Q9TB-2XWD-HF4R (ไม่ต้องสนใจตัวพิมพ์เล็กใหญ่และขีด)")
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        if value and not receipt_well_formed(value):
            raise forms.ValidationError("รหัสติดตามต้องมี 16 ตัวอักษร", code="receipt")
        return value


class FollowForm(forms.Form):
    receipt = ReceiptField()


class AddInformationForm(forms.Form):
    receipt = ReceiptField(widget=forms.HiddenInput)
    body = forms.CharField(
        label="ข้อมูลเพิ่มเติมถึงเจ้าหน้าที่",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=field_messages(10_000),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="ข้อความถึงผู้แจ้ง", max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=field_messages(10_000),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="เปลี่ยนสถานะเป็น", error_messages=field_messages(invalid_choice="เลือกสถานะที่เปลี่ยนได้")
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="เหตุผลที่ต้องเปิดดูตัวตนผู้แจ้ง",
        help_text="บันทึกไว้ในประวัติของเรื่องและบันทึกการเปลี่ยนแปลงของหน่วยงาน",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=field_messages(2000, min_length="กรุณาระบุเหตุผลอย่างน้อย 10 ตัวอักษร"),
    )


class DesignateForm(forms.Form):
    user = forms.ChoiceField(
        label="บุคลากรที่จะแต่งตั้ง", error_messages=field_messages(invalid_choice="เลือกบุคลากรของหน่วยงาน")
    )

    def __init__(self, *args, candidates: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "— เลือก —"), *[(str(pk), label) for pk, label in candidates]]
