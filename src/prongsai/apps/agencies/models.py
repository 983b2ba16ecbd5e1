"""Agencies, units and people.

The agency is the tenant: every domain record elsewhere hangs off an ``Agency`` (directly or
through a parent), and every selector takes the agency as a keyword argument. A person belongs to
an agency through a ``Membership`` with one role; what each role may do is decided in one place,
``prongsai.apps.agencies.access``. A system administrator is a Django superuser and is not tied
to any agency.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


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


class Role(models.TextChoices):
    """A person's role within one agency (the system administrator is not one: see ``access``)."""

    AGENCY_ADMIN = "agency_admin", "ผู้ดูแลระบบของหน่วยงาน"
    COORDINATOR = "coordinator", "ผู้ประสานงาน ITA"
    UNIT_STAFF = "unit_staff", "เจ้าหน้าที่ส่วนราชการภายใน"
    EXECUTIVE = "executive", "ผู้บริหาร"
    AUDITOR = "auditor", "ผู้ตรวจสอบ (อ่านอย่างเดียว)"


class Membership(models.Model):
    """A person's place in an agency: one role per agency; unit staff also name their unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="ผู้ใช้"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name="หน่วยงาน")
    role = models.CharField("บทบาท", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="ส่วนราชการภายใน",
        help_text="จำเป็นสำหรับเจ้าหน้าที่ส่วนราชการภายใน",
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "สมาชิกของหน่วยงาน"
        verbose_name_plural = "สมาชิกของหน่วยงาน"
        ordering = ("agency", "role", "pk")
        constraints = (
            models.UniqueConstraint(fields=["user", "agency"], name="membership_one_role_per_agency"),
            models.CheckConstraint(
                condition=~Q(role="unit_staff") | Q(unit__isnull=False), name="membership_unit_staff_has_unit"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.UNIT_STAFF and self.unit_id is None:
            raise ValidationError({"unit": "เจ้าหน้าที่ส่วนราชการภายในต้องระบุส่วนราชการที่สังกัด"})
        if self.unit_id is not None and self.agency_id is not None and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": "ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานนี้"})
