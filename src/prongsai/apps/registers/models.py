"""No Gift Policy: the executive's declaration per fiscal year and the register of gifts received."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.apps.agencies.models import Agency


class NoGiftDeclaration(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="nogift_declarations")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    executive_name = models.CharField("ชื่อผู้บริหาร", max_length=200)
    executive_position = models.CharField("ตำแหน่ง", max_length=200)
    declared_on = models.DateField("วันที่ประกาศ")
    text = models.TextField("ข้อความประกาศเจตนารมณ์")
    is_published = models.BooleanField("เผยแพร่", default=True)

    class Meta:
        verbose_name = "ประกาศเจตนารมณ์ No Gift Policy"
        verbose_name_plural = "ประกาศเจตนารมณ์ No Gift Policy"
        ordering = ("agency", "-fiscal_year")
        constraints = (models.UniqueConstraint(fields=["agency", "fiscal_year"], name="nogift_once_per_year"),)

    def __str__(self) -> str:
        return f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ {self.fiscal_year}"


class GiftAction(models.TextChoices):
    REFUSED = "refused", "ปฏิเสธการรับ"
    RETURNED = "returned", "ส่งคืนผู้ให้"
    HANDED_OVER = "handed_over", "ส่งมอบเป็นของหน่วยงาน"
    KEPT = "kept", "รับไว้ได้ตามหลักเกณฑ์ (ไม่เกิน 3,000 บาท)"
    OTHER = "other", "อื่น ๆ"


class GiftRecord(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="gift_records")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    received_on = models.DateField("วันที่ได้รับ")
    recipient_position = models.CharField("ตำแหน่งผู้รับ", max_length=200)
    recipient_name = models.CharField("ชื่อผู้รับ (ไม่เผยแพร่)", max_length=200, blank=True)
    giver = models.CharField("ผู้ให้", max_length=300)
    description = models.CharField("รายการทรัพย์สินหรือประโยชน์", max_length=500)
    occasion = models.CharField("โอกาส", max_length=300, blank=True)
    value = models.DecimalField("มูลค่าโดยประมาณ (บาท)", max_digits=12, decimal_places=2)
    action = models.CharField("การดำเนินการ", max_length=20, choices=GiftAction.choices)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)

    class Meta:
        verbose_name = "รายการรับของขวัญหรือประโยชน์"
        verbose_name_plural = "ทะเบียนการรับของขวัญหรือประโยชน์"
        ordering = ("agency", "-received_on", "-pk")

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.description}"


# --- assets, borrowing and inventory checks -------------------------------------------------------


class AssetCategory(models.TextChoices):
    DURABLE = "durable", "ครุภัณฑ์"
    MATERIAL = "material", "วัสดุ"


class AssetStatus(models.TextChoices):
    AVAILABLE = "available", "ใช้งานได้"
    REPAIR = "repair", "ชำรุด/ส่งซ่อม"
    LOST = "lost", "สูญหาย"
    DISPOSED = "disposed", "จำหน่ายแล้ว"


class Asset(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assets")
    code = models.CharField("รหัสครุภัณฑ์", max_length=60)
    name = models.CharField("ชื่อ", max_length=300)
    category = models.CharField("ประเภท", max_length=10, choices=AssetCategory.choices, default=AssetCategory.DURABLE)
    location = models.CharField("สถานที่ตั้ง", max_length=300, blank=True)
    custodian_unit = models.ForeignKey(
        "agencies.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="assets", verbose_name="หน่วยผู้ดูแล"
    )
    value = models.DecimalField("มูลค่า (บาท)", max_digits=14, decimal_places=2, default=0)
    status = models.CharField("สถานะ", max_length=10, choices=AssetStatus.choices, default=AssetStatus.AVAILABLE)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)

    class Meta:
        verbose_name = "ครุภัณฑ์/วัสดุ"
        verbose_name_plural = "ทะเบียนครุภัณฑ์และวัสดุ"
        ordering = ("agency", "code")
        constraints = (models.UniqueConstraint(fields=["agency", "code"], name="asset_code_unique_per_agency"),)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", "ขอยืม"
    APPROVED = "approved", "อนุมัติแล้ว"
    REJECTED = "rejected", "ไม่อนุมัติ"
    HANDED_OVER = "handed_over", "ส่งมอบแล้ว (อยู่ระหว่างยืม)"
    RETURNED = "returned", "คืนแล้ว"


class Loan(models.Model):
    """One borrowing of one asset: request → approval → hand-over → return."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="loans")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="loans", verbose_name="ครุภัณฑ์")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="ผู้ยืม"
    )
    borrower_name = models.CharField("ชื่อผู้ยืม", max_length=200)
    is_outsider = models.BooleanField("ผู้ยืมเป็นบุคคลภายนอก", default=False)
    permitted_by = models.CharField("ผู้อนุญาตให้บุคคลภายนอกยืม", max_length=200, blank=True)
    permission_ref = models.CharField("เลขที่หนังสืออนุญาต/อ้างอิง", max_length=200, blank=True)
    purpose = models.CharField("วัตถุประสงค์", max_length=500)
    due_on = models.DateField("กำหนดคืน")
    status = models.CharField("สถานะ", max_length=12, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    condition_out = models.CharField("สภาพเมื่อส่งมอบ", max_length=500, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    condition_in = models.CharField("สภาพเมื่อรับคืน", max_length=500, blank=True)

    class Meta:
        verbose_name = "การยืมครุภัณฑ์"
        verbose_name_plural = "การยืมครุภัณฑ์"
        ordering = ("agency", "-requested_at", "-pk")

    def __str__(self) -> str:
        return f"ยืม {self.asset} โดย {self.borrower_name}"


class InventoryRound(models.Model):
    """A scheduled inventory check (ตรวจนับพัสดุประจำปี)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="inventory_rounds")
    title = models.CharField("ชื่อรอบการตรวจนับ", max_length=200)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    starts_on = models.DateField("วันเริ่ม")
    ends_on = models.DateField("วันสิ้นสุด")
    is_closed = models.BooleanField("ปิดรอบแล้ว", default=False)

    class Meta:
        verbose_name = "รอบการตรวจนับพัสดุ"
        verbose_name_plural = "รอบการตรวจนับพัสดุ"
        ordering = ("agency", "-starts_on", "-pk")

    def __str__(self) -> str:
        return self.title


class CountResult(models.TextChoices):
    FOUND = "found", "พบ สภาพปกติ"
    DAMAGED = "damaged", "พบ ชำรุด"
    MISSING = "missing", "ไม่พบ"
    WRONG_PLACE = "wrong_place", "พบ ต่างสถานที่"


class FollowUp(models.TextChoices):
    NONE = "none", "ไม่ต้องติดตาม"
    OPEN = "open", "รอดำเนินการ"
    IN_PROGRESS = "in_progress", "กำลังดำเนินการ"
    RESOLVED = "resolved", "ดำเนินการแล้ว"


class InventoryCount(models.Model):
    """What was found for one asset in one round; anything but FOUND is a discrepancy to follow up."""

    round = models.ForeignKey(InventoryRound, on_delete=models.CASCADE, related_name="counts")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="counts")
    result = models.CharField("ผลการตรวจนับ", max_length=12, choices=CountResult.choices)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)
    follow_up = models.CharField("การติดตาม", max_length=12, choices=FollowUp.choices, default=FollowUp.NONE)
    follow_up_note = models.CharField("ผลการติดตาม", max_length=500, blank=True)
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    counted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ผลการตรวจนับ"
        verbose_name_plural = "ผลการตรวจนับ"
        ordering = ("round", "asset__code")
        constraints = (models.UniqueConstraint(fields=["round", "asset"], name="inventory_count_once"),)

    def __str__(self) -> str:
        return f"{self.asset}: {self.get_result_display()}"

    @property
    def is_discrepancy(self) -> bool:
        return self.result != CountResult.FOUND


class EthicsActivity(models.Model):
    """An ethics / integrity activity (อบรม ส่งเสริมคุณธรรมจริยธรรม): attendance, hours, materials."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="ethics_activities")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    title = models.CharField("ชื่อกิจกรรม", max_length=300)
    held_on = models.DateField("วันที่จัด")
    attendees = models.PositiveIntegerField("จำนวนผู้เข้าร่วม (คน)", default=0)
    hours = models.DecimalField("จำนวนชั่วโมง", max_digits=6, decimal_places=1, default=0)
    materials = models.TextField("เอกสาร/สื่อประกอบ (ที่อยู่เว็บ บรรทัดละหนึ่งรายการ)", blank=True)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)

    class Meta:
        verbose_name = "กิจกรรมส่งเสริมคุณธรรมจริยธรรม"
        verbose_name_plural = "กิจกรรมส่งเสริมคุณธรรมจริยธรรม"
        ordering = ("agency", "-held_on", "-pk")

    def __str__(self) -> str:
        return self.title

    @property
    def material_urls(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]
