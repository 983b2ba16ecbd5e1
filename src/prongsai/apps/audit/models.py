"""One row per change: who (``actor``), what (``action`` on ``target``, with ``before`` and ``after``), when.

Rows are only ever added (``services.audit_record``); nothing updates or deletes them. The actor's
name is copied into ``actor_label`` so that the log still reads right after a user is removed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from prongsai.apps.agencies.models import Agency


class AuditEntry(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="หน่วยงาน",
        help_text="ว่างสำหรับการเปลี่ยนแปลงระดับระบบ",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ดำเนินการ",
    )
    actor_label = models.CharField("ชื่อผู้ดำเนินการ", max_length=300, blank=True)
    action = models.CharField("การดำเนินการ", max_length=80)
    target_type = models.CharField("ประเภทข้อมูล", max_length=100, blank=True)
    target_id = models.CharField("รหัสข้อมูล", max_length=64, blank=True)
    target_label = models.CharField("ข้อมูล", max_length=300, blank=True)
    before = models.JSONField("ก่อนเปลี่ยน", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("หลังเปลี่ยน", null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField("หมายเหตุ", blank=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "รายการบันทึกการเปลี่ยนแปลง"
        verbose_name_plural = "บันทึกการเปลี่ยนแปลง"
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["agency", "-created_at"], name="audit_agency_time"),)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action} {self.target_label}"
