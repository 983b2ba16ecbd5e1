"""Meetings of an agency's working groups (คณะทำงาน ITA, จริยธรรม, ความเสี่ยง …): who was invited and came, the
agenda, the decisions (each may point at the measure it created or amended), photos and the signed minutes.

Every row hangs off an ``Agency`` (directly: selectors filter by it). Dates are Gregorian, fiscal years B.E.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from prongsai.apps.agencies.models import Agency

ITA_GROUP = "คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส"


class Meeting(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    group_name = models.CharField("คณะทำงาน", max_length=300, default=ITA_GROUP)
    number = models.CharField("ครั้งที่", max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    results_fiscal_year = models.PositiveSmallIntegerField("ผลการประเมินปี (พ.ศ.)", null=True, blank=True)
    day = models.DateField("วันที่ประชุม")
    place = models.CharField("สถานที่", max_length=300, blank=True)
    opened_at = models.CharField("เริ่มประชุมเวลา", max_length=20, blank=True)
    closed_at = models.CharField("เลิกประชุมเวลา", max_length=20, blank=True)
    agenda = models.JSONField("ระเบียบวาระ", default=list)
    minute_taker = models.CharField("ผู้จดรายงานการประชุม", max_length=200, blank=True)
    minute_taker_position = models.CharField("ตำแหน่งผู้จด", max_length=300, blank=True)
    checker = models.CharField("ผู้ตรวจรายงานการประชุม", max_length=200, blank=True)
    checker_position = models.CharField("ตำแหน่งผู้ตรวจ", max_length=300, blank=True)
    development_published_at = models.DateTimeField("เผยแพร่รายงานการพัฒนาองค์กรเมื่อ", null=True, blank=True)
    development_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เผยแพร่",
    )
    # The development report as it was published (DOCX in private storage): the public site serves this copy,
    # so later edits of the meeting change nothing public until it is published again.
    development_stored_name = models.CharField("ไฟล์รายงานที่เผยแพร่", max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้บันทึก",
    )
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "การประชุมคณะทำงาน"
        verbose_name_plural = "การประชุมคณะทำงาน"
        ordering = ("agency", "-day", "-pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500) & Q(fiscal_year__lte=2700), name="meeting_fiscal_year_be"
            ),
        )

    def __str__(self) -> str:
        return f"{self.group_name} {self.number}".strip()


class Role(models.TextChoices):
    CHAIR = "chair", "ประธาน"
    VICE_CHAIR = "vice_chair", "รองประธาน"
    MEMBER = "member", "คณะทำงาน"
    SECRETARY = "secretary", "คณะทำงานและเลขานุการ"
    ASSISTANT_SECRETARY = "assistant_secretary", "คณะทำงานและผู้ช่วยเลขานุการ"
    ATTENDEE = "attendee", "ผู้เข้าร่วมประชุม"


class Attendance(models.TextChoices):
    PRESENT = "present", "มาประชุม"
    ABSENT = "absent", "ไม่มาประชุม"
    LEAVE = "leave", "ลาประชุม"


class MeetingPerson(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="people", verbose_name="การประชุม")
    name = models.CharField("ชื่อ", max_length=200)
    position = models.CharField("ตำแหน่ง", max_length=300, blank=True)
    role = models.CharField("บทบาท", max_length=24, choices=Role.choices, default=Role.MEMBER)
    attendance = models.CharField("การเข้าประชุม", max_length=12, choices=Attendance.choices,
                                  default=Attendance.PRESENT)
    note = models.CharField("หมายเหตุ", max_length=300, blank=True)

    class Meta:
        verbose_name = "ผู้เข้าประชุม"
        verbose_name_plural = "ผู้เข้าประชุม"
        ordering = ("meeting", "pk")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """A decision of the meeting; ``indicator`` the one it addresses; ``measure`` the plan measure it made or
    amended (a row of the plans app, through its public services)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name="การประชุม")
    number = models.PositiveSmallIntegerField("ข้อที่")
    text = models.TextField("มติ/แนวทาง")
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัดที่", null=True, blank=True)
    measure = models.ForeignKey(
        "plans.PlanMeasure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="มาตรการ",
    )

    class Meta:
        verbose_name = "มติที่ประชุม"
        verbose_name_plural = "มติที่ประชุม"
        ordering = ("meeting", "number", "pk")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class FileKind(models.TextChoices):
    PHOTO = "photo", "ภาพการประชุม"
    MINUTES = "minutes", "รายงานการประชุมที่ลงนามแล้ว"


class MeetingFile(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files", verbose_name="การประชุม")
    kind = models.CharField("ชนิด", max_length=12, choices=FileKind.choices)
    original_name = models.CharField("ชื่อไฟล์", max_length=255)
    stored_name = models.CharField("ชื่อที่เก็บ", max_length=120)
    content_type = models.CharField("ชนิดเนื้อหา", max_length=120)
    size = models.PositiveIntegerField("ขนาด")
    published = models.BooleanField("เผยแพร่บนเว็บไซต์พร้อมรายงาน", default=False)
    created_at = models.DateTimeField("แนบเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ไฟล์การประชุม"
        verbose_name_plural = "ไฟล์การประชุม"
        ordering = ("meeting", "pk")

    def __str__(self) -> str:
        return self.original_name
