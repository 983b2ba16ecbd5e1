"""Procurement forms: a contract, a plan item, an announcement, and the import upload."""

from __future__ import annotations

from django import forms

from prongsai.apps.base.forms import BEDateField, MoneyField, ThaiModelForm, field_messages, https_urls
from prongsai.apps.procurement.models import Announcement, Contract, PlanItem


class FiscalYearMixin:
    def clean_fiscal_year(self):
        year = self.cleaned_data.get("fiscal_year")
        if year is not None and not 2500 <= year <= 2700:
            raise forms.ValidationError("ปีงบประมาณเป็นปี พ.ศ. เช่น 2568")
        return year


class ContractForm(FiscalYearMixin, ThaiModelForm):
    project_money = MoneyField(label="วงเงินงบประมาณ (บาท)")
    price_build = MoneyField(label="ราคากลาง (บาท)", required=False)
    price_agree = MoneyField(label="ราคาที่ตกลงซื้อหรือจ้าง (บาท)", required=False)
    contract_date = BEDateField(label="วันที่ทำสัญญา", required=False)
    contract_finish_date = BEDateField(label="วันสิ้นสุดสัญญา", required=False)
    announce_date = BEDateField(label="วันที่ประกาศ", required=False)

    class Meta:
        model = Contract
        fields = (
            "fiscal_year",
            "project_id",
            "project_name",
            "project_type",
            "purchase_method",
            "budget_category",
            "project_money",
            "price_build",
            "price_agree",
            "winner",
            "winner_tin",
            "contract_no",
            "contract_date",
            "contract_finish_date",
            "announce_date",
            "project_status",
            "reason",
        )

    def clean_winner_tin(self):
        tin = (self.cleaned_data.get("winner_tin") or "").replace("-", "").replace(" ", "")
        if tin and (not (tin.isascii() and tin.isdecimal()) or len(tin) != 13):
            raise forms.ValidationError("เลขประจำตัวผู้เสียภาษีต้องเป็นตัวเลข 13 หลัก")
        return tin

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_date"), data.get("contract_finish_date")
        if start and end and end < start:
            self.add_error("contract_finish_date", "วันสิ้นสุดสัญญาต้องไม่ก่อนวันที่ทำสัญญา")
        return data


class PlanItemForm(FiscalYearMixin, ThaiModelForm):
    budget_amount = MoneyField(label="วงเงินงบประมาณ (บาท)")
    planned_month = BEDateField(label="เดือนที่คาดว่าจะจัดหา", help_text="วันใดก็ได้ในเดือนนั้น เช่น 01/03/2568")

    class Meta:
        model = PlanItem
        fields = (
            "fiscal_year",
            "project_name",
            "budget_category",
            "budget_amount",
            "purchase_method",
            "planned_month",
            "unit_name",
        )


class AnnouncementForm(FiscalYearMixin, ThaiModelForm):
    announce_date = BEDateField(label="วันที่ประกาศ")

    class Meta:
        model = Announcement
        fields = ("fiscal_year", "kind", "title", "announce_date", "project_id", "url")
        formfield_callback = https_urls


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ CSV หรือ JSON (รูปแบบข้อมูล e-GP)",
        error_messages=field_messages(required="กรุณาเลือกไฟล์", empty="ไฟล์ว่างเปล่า", missing="กรุณาเลือกไฟล์"),
    )
    default_year = forms.IntegerField(
        label="ปีงบประมาณ (ใช้เมื่อไฟล์ไม่มีคอลัมน์ budget_year)",
        min_value=2500,
        max_value=2700,
        error_messages=field_messages(
            min_value="ปี พ.ศ. เช่น 2568", max_value="ปี พ.ศ. เช่น 2568", invalid="ปี พ.ศ. เช่น 2568"
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not name.endswith((".csv", ".json")):
            raise forms.ValidationError("รองรับเฉพาะไฟล์ .csv หรือ .json")
        return f
