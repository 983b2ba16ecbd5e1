"""Agencies and units.

The agency is the tenant: every domain record elsewhere hangs off an ``Agency`` (directly or
through a parent), and every selector takes the agency as a keyword argument. People, roles and
the single access-check function will live in this app too.
"""

from __future__ import annotations

from django.db import models


class AgencyKind(models.TextChoices):
    SAO = "sao", "อบต."
    TAMBON_MUNICIPALITY = "tambon_municipality", "เทศบาลตำบล"
    TOWN_MUNICIPALITY = "town_municipality", "เทศบาลเมือง"
    CITY_MUNICIPALITY = "city_municipality", "เทศบาลนคร"
    PAO = "pao", "อบจ."
    OTHER = "other", "อื่น ๆ"


class Agency(models.Model):
    """A public agency that goes through the ITA each year."""

    name_th = models.CharField("ชื่อหน่วยงาน", max_length=255)
    slug = models.SlugField("รหัสในที่อยู่เว็บ", max_length=80, unique=True)
    kind = models.CharField("ประเภท", max_length=32, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    district = models.CharField("อำเภอ", max_length=120, blank=True)
    province = models.CharField("จังหวัด", max_length=120, blank=True)
    website = models.URLField("เว็บไซต์", max_length=500, blank=True)
    is_demo = models.BooleanField("ข้อมูลสาธิต", default=False, help_text="หน่วยงานสมมุติสำหรับสาธิตระบบ ไม่ใช่หน่วยงานจริง")
    notes = models.TextField("หมายเหตุ", blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ("name_th", "pk")

    def __str__(self) -> str:
        return self.name_th


class Unit(models.Model):
    """A part of an agency (สำนัก/กอง), e.g. สำนักปลัด, กองคลัง, กองช่าง."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units", verbose_name="หน่วยงาน")
    name_th = models.CharField("ชื่อส่วนราชการ", max_length=255)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ส่วนราชการภายใน"
        verbose_name_plural = "ส่วนราชการภายใน"
        ordering = ("agency", "pk")
        constraints = (models.UniqueConstraint(fields=["agency", "name_th"], name="unit_unique_name_per_agency"),)

    def __str__(self) -> str:
        return self.name_th
