"""Forms for the No Gift declaration and the gifts register."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from prongsai.apps.base.forms import BEDateField, MoneyField, ThaiModelForm, field_messages
from prongsai.apps.registers.models import (
    Asset,
    AssetStatus,
    EthicsActivity,
    GiftRecord,
    InventoryRound,
    NoGiftDeclaration,
)


class _Year:
    def clean_fiscal_year(self):
        year = self.cleaned_data.get("fiscal_year")
        if year is not None and not 2500 <= year <= 2700:
            raise forms.ValidationError("ปีงบประมาณเป็นปี พ.ศ. เช่น 2568")
        return year


class DeclarationForm(_Year, ThaiModelForm):
    declared_on = BEDateField(label="วันที่ประกาศ")

    class Meta:
        model = NoGiftDeclaration
        fields = ("fiscal_year", "executive_name", "executive_position", "declared_on", "text", "is_published")
        widgets: ClassVar[dict] = {"text": forms.Textarea(attrs={"rows": 8})}


class GiftForm(_Year, ThaiModelForm):
    received_on = BEDateField(label="วันที่ได้รับ")
    value = MoneyField(label="มูลค่าโดยประมาณ (บาท)")

    class Meta:
        model = GiftRecord
        fields = (
            "fiscal_year",
            "received_on",
            "recipient_position",
            "recipient_name",
            "giver",
            "description",
            "occasion",
            "value",
            "action",
            "note",
        )


# --- assets, borrowing, inventory checks, ethics activities ------------------------------------------------


class AssetForm(ThaiModelForm):
    value = MoneyField(label="มูลค่า (บาท)")

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian_unit"].queryset = agency.units.all()

    class Meta:
        model = Asset
        fields = ("code", "name", "category", "location", "custodian_unit", "value", "status", "note")


class AssetImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์รายการครุภัณฑ์ (.csv หรือ .xlsx)",
        help_text="แถวแรกเป็นหัวตาราง: รหัส, ชื่อ, ประเภท, สถานที่, หน่วยผู้ดูแล, มูลค่า, สถานะ",
        error_messages={"required": "กรุณาเลือกไฟล์", "empty": "ไฟล์ว่าง"},
    )


class LoanRequestForm(forms.Form):
    asset = forms.ModelChoiceField(label="ครุภัณฑ์", queryset=Asset.objects.none(), error_messages=field_messages())
    purpose = forms.CharField(label="วัตถุประสงค์", max_length=500, error_messages=field_messages(500))
    due_on = BEDateField(label="กำหนดคืน")
    is_outsider = forms.BooleanField(label="ยืมแทนบุคคลภายนอก (ต้องมีการอนุญาตแล้ว)", required=False)
    borrower_name = forms.CharField(label="ชื่อบุคคลภายนอกผู้ยืม", max_length=200, required=False)
    permitted_by = forms.CharField(label="ผู้อนุญาต", max_length=200, required=False)
    permission_ref = forms.CharField(label="เลขที่หนังสืออนุญาต/อ้างอิง", max_length=200, required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = Asset.objects.filter(agency=agency, status=AssetStatus.AVAILABLE)
        self.fields["asset"].error_messages["invalid_choice"] = "กรุณาเลือกจากรายการ"


class InventoryRoundForm(_Year, ThaiModelForm):
    starts_on = BEDateField(label="วันเริ่ม")
    ends_on = BEDateField(label="วันสิ้นสุด")

    class Meta:
        model = InventoryRound
        fields = ("title", "fiscal_year", "starts_on", "ends_on", "is_closed")


class EthicsActivityForm(_Year, ThaiModelForm):
    held_on = BEDateField(label="วันที่จัด")

    class Meta:
        model = EthicsActivity
        fields = ("fiscal_year", "title", "held_on", "attendees", "hours", "materials", "note")
        widgets: ClassVar[dict] = {"materials": forms.Textarea(attrs={"rows": 4})}
