"""OIT evidence in the web app (docs/oit.md, "In the web app").

- ``OitChecklist``: one per agency and fiscal year (B.E.), built from the year's framework by the core
  ``build_checklist``. Its items are ``OitItem`` rows, one per OIT item, each holding the core ``ChecklistItem``
  JSON, so that two officers editing different items never overwrite each other; an edit locks its row
  (``select_for_update``) and carries the row's ``version`` (a stale form is refused, nothing lost).
- ``OitFile``: an evidence file of an item (sniffed, stored under a random name, served only as an attachment).
- ``SiteCheck``: one run of the website checker (queued → running → done | failed) and its ``SiteReport`` JSON.
- ``UptimeProbe``: one probe of an agency's main website (``probe_uptime``, every 5 minutes).

Every row hangs off an ``Agency`` directly: selectors filter by it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.apps.agencies.models import Agency


class OitChecklist(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    main_site = models.URLField("เว็บไซต์หลัก", max_length=500, blank=True)
    framework_origin = models.CharField("กรอบการประเมินที่ใช้", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้สร้าง",
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "รายการตรวจหลักฐาน OIT"
        verbose_name_plural = "รายการตรวจหลักฐาน OIT"
        ordering = ("agency", "-fiscal_year")
        constraints = (models.UniqueConstraint(fields=["agency", "fiscal_year"], name="oit_checklist_agency_year"),)

    def __str__(self) -> str:
        return f"รายการตรวจ OIT ปีงบประมาณ {self.fiscal_year}"


class OitItem(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    checklist = models.ForeignKey(OitChecklist, on_delete=models.CASCADE, related_name="items",
                                  verbose_name="รายการตรวจ")
    position = models.PositiveIntegerField("ลำดับ")
    code = models.CharField("ข้อ", max_length=8)
    data = models.JSONField("ข้อมูลของข้อ (ChecklistItem)")
    dispute_reason = models.TextField("ความเห็นของผู้ประเมิน", blank=True)
    # An item of an earlier list of the year with no match in the current one: kept with its evidence, shown
    # apart, never exported or counted.
    retired = models.BooleanField("ไม่อยู่ในรายการข้อปัจจุบัน", default=False)
    version = models.PositiveIntegerField("ฉบับที่", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="แก้ไขล่าสุดโดย",
    )
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "ข้อ OIT"
        verbose_name_plural = "ข้อ OIT"
        ordering = ("checklist", "position")
        constraints = (models.UniqueConstraint(fields=["checklist", "code"], name="oit_item_checklist_code"),)

    def __str__(self) -> str:
        return f"ข้อ {self.code.upper()} ปี {self.checklist.fiscal_year}" if self.checklist_id else self.code


class OitFile(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    item = models.ForeignKey(OitItem, on_delete=models.CASCADE, related_name="files", verbose_name="ข้อ OIT")
    stored_name = models.CharField("ชื่อไฟล์ที่เก็บ", max_length=120)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255)
    kind = models.CharField("ชนิดไฟล์", max_length=10)
    content_type = models.CharField("ชนิดเนื้อหา", max_length=120)
    size = models.PositiveIntegerField("ขนาด (ไบต์)")
    sha256 = models.CharField("SHA-256", max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เพิ่ม",
    )
    created_at = models.DateTimeField("เพิ่มเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ไฟล์หลักฐาน OIT"
        verbose_name_plural = "ไฟล์หลักฐาน OIT"
        ordering = ("item", "pk")

    def __str__(self) -> str:
        return self.original_name


class CheckStatus(models.TextChoices):
    QUEUED = "queued", "รอคิว"
    RUNNING = "running", "กำลังตรวจ"
    DONE = "done", "ตรวจเสร็จแล้ว"
    FAILED = "failed", "ตรวจไม่สำเร็จ"


class SiteCheck(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    url = models.URLField("เว็บไซต์ที่ตรวจ", max_length=500)
    status = models.CharField("สถานะ", max_length=16, choices=CheckStatus.choices, default=CheckStatus.QUEUED)
    error = models.TextField("ข้อผิดพลาด", blank=True)  # plain Thai, what the page shows
    # The network errors behind a failed check as the libraries spell them (ConnectError: [Errno -2] …): staff see
    # them behind "รายละเอียด", never in place of the Thai reason.
    error_technical = models.TextField("รายละเอียดทางเทคนิค", blank=True)
    report = models.JSONField("ผลการตรวจ (SiteReport)", null=True, blank=True)
    found = models.PositiveIntegerField("พบ", default=0)
    doubtful = models.PositiveIntegerField("น่าสงสัย", default=0)
    missing = models.PositiveIntegerField("ไม่พบ", default=0)
    pdf_stored_name = models.CharField("ไฟล์ PDF ที่เก็บ", max_length=120, blank=True)
    task_id = models.CharField("รหัสงานในคิว", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้สั่งตรวจ",
    )
    created_at = models.DateTimeField("สั่งเมื่อ", auto_now_add=True)
    started_at = models.DateTimeField("เริ่มตรวจ", null=True, blank=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การตรวจเว็บไซต์"
        verbose_name_plural = "การตรวจเว็บไซต์"
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["agency", "status"], name="oit_check_agency_status"),)

    def __str__(self) -> str:
        return f"ตรวจ {self.url} ปี {self.fiscal_year}"

    @property
    def is_finished(self) -> bool:
        return self.status in (CheckStatus.DONE, CheckStatus.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 1)
        return None


class UptimeProbe(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    url = models.URLField("เว็บไซต์", max_length=500)
    checked_at = models.DateTimeField("ตรวจเมื่อ")
    ok = models.BooleanField("ใช้งานได้")
    status = models.PositiveIntegerField("รหัสตอบกลับ HTTP", null=True, blank=True)
    elapsed_ms = models.FloatField("เวลาตอบสนอง (มิลลิวินาที)", null=True, blank=True)
    error = models.CharField("ปัญหา", max_length=300, blank=True)

    class Meta:
        verbose_name = "ผลตรวจการใช้งานเว็บไซต์"
        verbose_name_plural = "ผลตรวจการใช้งานเว็บไซต์"
        ordering = ("agency", "checked_at")
        indexes = (models.Index(fields=["agency", "checked_at"], name="oit_uptime_agency_time"),)

    def __str__(self) -> str:
        return f"{self.url} {self.checked_at:%Y-%m-%d %H:%M}"
