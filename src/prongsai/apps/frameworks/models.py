"""Framework years stored by the application (the workbench), each change a new, never-changed version.

- ``FrameworkYear``: one fiscal year an administrator has put in or edited. ``version`` is the number of its
  current version: a save names the version it started from and is refused if another save came first
  (optimistic versioning, as plans do).
- ``FrameworkVersion``: the whole framework as data after one change (``raw``, self-contained: no ``extends``),
  with who, when and why. ``raw`` None means "back to the built-in or file framework of that year".
- ``FrameworkEditor``: a person other than a system administrator who may use the workbench (a provincial or
  national overseer of this installation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class FrameworkStatus(models.TextChoices):
    PROVISIONAL = "provisional", "ชั่วคราว"
    CONFIRMED = "confirmed", "ยืนยันแล้ว"


class FrameworkYear(models.Model):
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", unique=True)
    version = models.PositiveIntegerField("ฉบับปัจจุบัน", default=0)
    status = models.CharField(
        "สถานะ", max_length=16, choices=FrameworkStatus.choices, default=FrameworkStatus.PROVISIONAL
    )
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "ปีของกรอบการประเมิน"
        verbose_name_plural = "ปีของกรอบการประเมิน"
        ordering = ("-fiscal_year",)
        constraints = (
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500) & Q(fiscal_year__lte=2700), name="framework_year_be"
            ),
        )

    def __str__(self) -> str:
        return f"กรอบการประเมินปีงบประมาณ {self.fiscal_year} ฉบับที่ {self.version}"


class FrameworkVersion(models.Model):
    year = models.ForeignKey(FrameworkYear, on_delete=models.CASCADE, related_name="versions", verbose_name="ปี")
    number = models.PositiveIntegerField("ฉบับที่")
    raw = models.JSONField("กรอบการประเมิน (ข้อมูล)", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=16, choices=FrameworkStatus.choices)
    reason = models.TextField("เหตุผลของการเปลี่ยนแปลง")
    # "created from 2569", "sheet: รายการ OIT 2570.xlsx", "YAML: 2570.yaml", "edit: OIT items" …
    origin_note = models.CharField("ที่มาของฉบับนี้", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้บันทึก",
    )
    actor_label = models.CharField("ชื่อผู้บันทึก", max_length=300, blank=True)
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ฉบับของกรอบการประเมิน"
        verbose_name_plural = "ฉบับของกรอบการประเมิน"
        ordering = ("year", "-number")
        constraints = (models.UniqueConstraint(fields=["year", "number"], name="framework_version_unique_number"),)

    def __str__(self) -> str:
        return f"กรอบการประเมินปีงบประมาณ {self.year.fiscal_year} ฉบับที่ {self.number}"

    @property
    def origin(self) -> str:
        """What a result scored with this version records as its framework (``AssessmentResult.framework_origin``)."""
        return framework_origin(self.year.fiscal_year, self.number)


def framework_origin(fiscal_year: int, number: int) -> str:
    return f"workbench:{fiscal_year}@v{number}"


class FrameworkEditor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="framework_editor", verbose_name="ผู้ใช้"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้ให้สิทธิ์",
    )
    note = models.CharField("หมายเหตุ", max_length=300, blank=True)
    created_at = models.DateTimeField("ให้สิทธิ์เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ผู้แก้ไขกรอบการประเมิน"
        verbose_name_plural = "ผู้แก้ไขกรอบการประเมิน"

    def __str__(self) -> str:
        return f"ผู้แก้ไขกรอบการประเมิน: {self.user}"
