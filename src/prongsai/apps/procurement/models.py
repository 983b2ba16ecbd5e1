"""Procurement rows. Money is Decimal (two places), dates are dates; column names follow the national
e-GP data (``project_id``, ``project_money``, ``price_agree`` …) so that exports line up with it."""

from __future__ import annotations

from django.db import models

from prongsai.apps.agencies.models import Agency


class BudgetCategory(models.TextChoices):
    INVESTMENT = "investment", "งบลงทุน"
    OPERATING = "operating", "งบดำเนินงาน"
    SUBSIDY = "subsidy", "งบเงินอุดหนุน"
    OTHER = "other", "งบรายจ่ายอื่น"
    UNSPECIFIED = "unspecified", "ไม่ระบุ"


class PurchaseMethod(models.TextChoices):
    SPECIFIC = "specific", "เฉพาะเจาะจง"
    E_BIDDING = "e_bidding", "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"
    E_MARKET = "e_market", "ตลาดอิเล็กทรอนิกส์ (e-market)"
    SELECTION = "selection", "คัดเลือก"
    OTHER = "other", "อื่น ๆ"


class PlanItem(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="procurement_plan_items")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    project_name = models.CharField("ชื่อโครงการ/รายการ", max_length=500)
    budget_category = models.CharField(
        "ประเภทงบประมาณ", max_length=20, choices=BudgetCategory.choices, default=BudgetCategory.UNSPECIFIED
    )
    budget_amount = models.DecimalField("วงเงินงบประมาณ (บาท)", max_digits=15, decimal_places=2)
    purchase_method = models.CharField("วิธีจัดหา", max_length=20, choices=PurchaseMethod.choices)
    planned_month = models.DateField("ช่วงเวลาที่คาดว่าจะจัดหา (เดือน)", help_text="วันที่ใดก็ได้ในเดือนนั้น")
    unit_name = models.CharField("หน่วยที่รับผิดชอบ", max_length=200, blank=True)

    class Meta:
        verbose_name = "รายการในแผนจัดซื้อจัดจ้าง"
        verbose_name_plural = "แผนการจัดซื้อจัดจ้าง"
        ordering = ("agency", "fiscal_year", "planned_month", "pk")

    def __str__(self) -> str:
        return self.project_name


class Announcement(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", "ประกาศเชิญชวน"
        WINNER = "winner", "ประกาศผู้ชนะการเสนอราคา"
        CANCELLATION = "cancellation", "ประกาศยกเลิก"
        OTHER = "other", "ประกาศอื่น"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="procurement_announcements")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    kind = models.CharField("ประเภทประกาศ", max_length=20, choices=Kind.choices)
    title = models.CharField("ชื่อประกาศ", max_length=500)
    announce_date = models.DateField("วันที่ประกาศ")
    project_id = models.CharField("เลขที่โครงการ (e-GP)", max_length=40, blank=True)
    url = models.URLField("ลิงก์ประกาศ", max_length=1000, blank=True)

    class Meta:
        verbose_name = "ประกาศจัดซื้อจัดจ้าง"
        verbose_name_plural = "ประกาศจัดซื้อจัดจ้าง"
        ordering = ("agency", "-announce_date", "-pk")

    def __str__(self) -> str:
        return self.title


class Contract(models.Model):
    """One procurement with its result, as in the e-GP contract data (one row per contract)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="procurement_contracts")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    project_id = models.CharField("เลขที่โครงการ (e-GP)", max_length=40, blank=True)
    project_name = models.CharField("ชื่อโครงการ", max_length=500)
    project_type = models.CharField("ประเภทการจัดหา", max_length=100, blank=True)
    purchase_method = models.CharField("วิธีจัดหา", max_length=200)
    budget_category = models.CharField(
        "ประเภทงบประมาณ", max_length=20, choices=BudgetCategory.choices, default=BudgetCategory.UNSPECIFIED
    )
    project_money = models.DecimalField("วงเงินงบประมาณ (บาท)", max_digits=15, decimal_places=2)
    price_build = models.DecimalField("ราคากลาง (บาท)", max_digits=15, decimal_places=2, null=True, blank=True)
    price_agree = models.DecimalField("ราคาที่ตกลงซื้อหรือจ้าง (บาท)", max_digits=15, decimal_places=2, null=True, blank=True)
    winner = models.CharField("ผู้ได้รับการคัดเลือก", max_length=300, blank=True)
    winner_tin = models.CharField("เลขประจำตัวผู้เสียภาษีของผู้ได้รับการคัดเลือก", max_length=20, blank=True)
    contract_no = models.CharField("เลขที่สัญญา", max_length=100, blank=True)
    contract_date = models.DateField("วันที่ทำสัญญา", null=True, blank=True)
    contract_finish_date = models.DateField("วันสิ้นสุดสัญญา", null=True, blank=True)
    announce_date = models.DateField("วันที่ประกาศ", null=True, blank=True)
    project_status = models.CharField("สถานะโครงการ", max_length=100, blank=True)
    reason = models.CharField("เหตุผลที่คัดเลือกโดยสังเขป", max_length=500, blank=True)

    class Meta:
        verbose_name = "รายการจัดซื้อจัดจ้าง"
        verbose_name_plural = "รายการจัดซื้อจัดจ้าง"
        ordering = ("agency", "-fiscal_year", "contract_date", "pk")
        indexes = (models.Index(fields=["agency", "fiscal_year"], name="contract_agency_year"),)

    def __str__(self) -> str:
        return self.project_name

    @property
    def is_investment(self) -> bool:
        return self.budget_category == BudgetCategory.INVESTMENT
