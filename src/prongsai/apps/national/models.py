"""Provincial and national analytics: who may see a region, agencies' national codes, bulk imports.

- ``NationalAgencyCode``: the stable identifier a national results file names an agency by (the ``agency_id``
  column), one-to-one with an ``Agency``, with the agency type as the file spells it (``อบต.``, ``ส่วนกลาง`` …;
  ``Agency.kind`` has fewer choices). Kept here so that the agencies app's table stays as it is.
- ``RegionalViewer``: a person who may see the aggregates of one province, or of the nation. A system
  administrator sees the nation without a row (``national.access.regions_visible_to``).
- ``NationalImport``: a results file read and validated, waiting for review (``status`` pending), then applied
  in one transaction (applied). Its ``applied_at`` is what the dashboards' cache is keyed by.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from prongsai.apps.agencies.models import Agency


def province_label(province: str) -> str:
    """How Thai names a province in a sentence: "จังหวัดตราด", but "กรุงเทพมหานคร" (Bangkok is not a จังหวัด) and
    a placeholder such as "(ไม่ระบุจังหวัด)" as it is."""
    name = (province or "").strip()
    if not name or name.startswith("(") or name.startswith("จังหวัด") or name.startswith("กรุงเทพ"):
        return name
    return f"จังหวัด{name}"


class NationalAgencyCode(models.Model):
    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="national_code", verbose_name="หน่วยงาน"
    )
    code = models.CharField("รหัสหน่วยงาน (ไฟล์ผลระดับประเทศ)", max_length=64, unique=True)
    agency_type = models.CharField("ประเภทหน่วยงานตามไฟล์", max_length=80, blank=True)

    class Meta:
        verbose_name = "รหัสหน่วยงานระดับประเทศ"
        verbose_name_plural = "รหัสหน่วยงานระดับประเทศ"
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.code} – {self.agency}"


class RegionScope(models.TextChoices):
    NATION = "nation", "ทั้งประเทศ"
    PROVINCE = "province", "จังหวัด"


class RegionalViewer(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_views", verbose_name="ผู้ใช้"
    )
    scope = models.CharField("ขอบเขต", max_length=16, choices=RegionScope.choices, default=RegionScope.PROVINCE)
    province = models.CharField("จังหวัด", max_length=120, blank=True, help_text="ว่างเมื่อขอบเขตเป็นทั้งประเทศ")
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ผู้ดูภาพรวมระดับจังหวัด/ประเทศ"
        verbose_name_plural = "ผู้ดูภาพรวมระดับจังหวัด/ประเทศ"
        ordering = ("user", "scope", "province")
        constraints = (
            models.UniqueConstraint(fields=["user", "scope", "province"], name="regional_viewer_unique"),
            models.CheckConstraint(
                condition=(Q(scope="nation") & Q(province="")) | (Q(scope="province") & ~Q(province="")),
                name="regional_viewer_province_iff_scope",
            ),
        )

    def __str__(self) -> str:
        where = "ทั้งประเทศ" if self.scope == RegionScope.NATION else province_label(self.province)
        return f"{self.user} – {where}"


class NationalImport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "รอตรวจทาน"
        APPLIED = "applied", "บันทึกแล้ว"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้นำเข้า",
    )
    province = models.CharField("จำกัดเฉพาะจังหวัด", max_length=120, blank=True)
    source_name = models.CharField("ชื่อไฟล์", max_length=300)
    sha256 = models.CharField("SHA-256 ของไฟล์", max_length=64)
    rows = models.PositiveIntegerField("จำนวนแถว")
    fiscal_years = models.JSONField("ปีงบประมาณ", default=list)
    # The validated rows as Parquet: what the review shows and what confirming writes (never the file again).
    data = models.BinaryField("ข้อมูลที่ตรวจแล้ว (Parquet)", editable=False)
    digest = models.CharField("ลายนิ้วมือข้อมูล", max_length=64)
    plan = models.JSONField("สิ่งที่จะเปลี่ยน", default=dict)  # counts: new agencies, new/changed/unchanged results
    status = models.CharField("สถานะ", max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("นำเข้าเมื่อ", auto_now_add=True)
    applied_at = models.DateTimeField("บันทึกเมื่อ", null=True, blank=True, db_index=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้ยืนยัน",
    )
    outcome = models.JSONField("ผลการบันทึก", default=dict)

    class Meta:
        verbose_name = "การนำเข้าผลระดับประเทศ"
        verbose_name_plural = "การนำเข้าผลระดับประเทศ"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.source_name} ({self.rows} แถว)"


class NationalYearState(models.Model):
    """A fiscal year's data generation: bumped (in the writing transaction) by every change of a result of this
    year or the year before (``aggregates.mark_changed``), so an aggregate computed from older data is never served."""

    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ", primary_key=True)
    generation = models.PositiveBigIntegerField("รุ่นของข้อมูล", default=0)
    changed_at = models.DateTimeField("เปลี่ยนล่าสุด", auto_now=True)
    # set when a recompute of the year is queued and not yet started (``aggregates.queue_refresh``); the job clears
    # it before it reads the generation, so a change after that queues another one
    refresh_queued_at = models.DateTimeField("รอคำนวณใหม่ตั้งแต่", null=True, blank=True)

    class Meta:
        verbose_name = "รุ่นข้อมูลผลรายปี"
        verbose_name_plural = "รุ่นข้อมูลผลรายปี"

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.generation}"


class NationalAggregate(models.Model):
    """A dashboard's figures, materialised: ``core.national_regions.region_summary`` of one year for the nation
    (``province`` "") or a province, all agency types (``agency_type`` "") or one. Served as current only while
    its ``generation`` is the year's current one (``NationalYearState``; an older row is shown only with a note
    while one request recomputes it: ``analytics.region_figures``); recomputed on import, on every result
    save/publish/unpublish (after commit, as a background job) and by ``rebuild_national_aggregates``."""

    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ")
    province = models.CharField("จังหวัด (ว่าง: ทั้งประเทศ)", max_length=120, blank=True)
    agency_type = models.CharField("ประเภทหน่วยงาน (ว่าง: ทุกประเภท)", max_length=80, blank=True)
    generation = models.PositiveBigIntegerField("รุ่นของข้อมูลที่ใช้คำนวณ")
    data = models.JSONField("ตัวเลขของหน้า", null=True)  # None: no result in that region and year
    computed_at = models.DateTimeField("คำนวณเมื่อ", auto_now=True)

    class Meta:
        verbose_name = "ตัวเลขภาพรวมที่คำนวณไว้"
        verbose_name_plural = "ตัวเลขภาพรวมที่คำนวณไว้"
        constraints = (
            models.UniqueConstraint(
                fields=["fiscal_year", "province", "agency_type"], name="national_aggregate_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.province or 'ทั้งประเทศ'} {self.agency_type or ''}".strip()
