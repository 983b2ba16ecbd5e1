"""ITA results. Overall score, level and instrument scores are never typed in: the service computes
them with ``prongsai.core.scoring`` from the indicator scores and the fiscal year's framework."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from prongsai.apps.agencies.models import Agency

SCORE_RANGE = Q(score__gte=0) & Q(score__lte=100)


class AssessmentResult(models.Model):
    """One agency's ITA result for one fiscal year (B.E.)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assessment_results", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    overall = models.DecimalField("คะแนนรวม", max_digits=5, decimal_places=2)
    level = models.CharField("ระดับผลการประเมิน", max_length=40)
    passed = models.BooleanField("ผ่านเกณฑ์")
    # {"IIT": 93.1, "EIT": 88.0, "OIT": 95.5}: two decimals, in the framework's instrument order.
    instrument_scores = models.JSONField("คะแนนรายเครื่องมือ", default=dict)
    # Which framework scored it: "built-in:2568.yaml" or the user's file.
    framework_origin = models.CharField("กรอบการประเมินที่ใช้คำนวณ", max_length=500, blank=True)
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    # What the public sees (portal, open data): this version's snapshot, once someone with ``edit_portal``
    # published it (``services.result_publish``). None: nothing of this year is public. A later save is a draft
    # until it is published in turn.
    published_version = models.ForeignKey(
        "AssessmentResultVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ฉบับที่เผยแพร่",
    )
    published_at = models.DateTimeField("เผยแพร่เมื่อ", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เผยแพร่",
    )

    class Meta:
        verbose_name = "ผลการประเมิน"
        verbose_name_plural = "ผลการประเมิน"
        ordering = ("agency", "-fiscal_year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="result_unique_agency_year"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500) & Q(fiscal_year__lte=2700), name="result_fiscal_year_be"
            ),
            models.CheckConstraint(condition=Q(overall__gte=0) & Q(overall__lte=100), name="result_overall_range"),
        )

    def __str__(self) -> str:
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}: {self.overall} ({self.level})"


class IndicatorScore(models.Model):
    """One indicator's score (as entered, at most two decimals) within a result."""

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="indicator_scores", verbose_name="ผลการประเมิน"
    )
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "คะแนนตัวชี้วัด"
        verbose_name_plural = "คะแนนตัวชี้วัด"
        ordering = ("result", "number")
        constraints = (
            models.UniqueConstraint(fields=["result", "number"], name="indicator_unique_per_result"),
            models.CheckConstraint(condition=SCORE_RANGE, name="indicator_score_range"),
        )

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number}: {self.score}"


class QuestionScore(models.Model):
    """One question's (or OIT item's) score within a result, as read from an imported document.

    Kept so that the weakest questions can be shown; replaced as a whole by the next import that
    carries question scores, never typed in one by one.
    """

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="question_scores", verbose_name="ผลการประเมิน"
    )
    position = models.PositiveSmallIntegerField("ลำดับ")
    code = models.CharField("รหัสข้อ", max_length=20, blank=True)
    text = models.TextField("ข้อคำถาม")
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัดที่", null=True, blank=True)
    instrument = models.CharField("เครื่องมือ", max_length=10, blank=True)
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "คะแนนรายข้อคำถาม"
        verbose_name_plural = "คะแนนรายข้อคำถาม"
        ordering = ("result", "position")
        constraints = (
            models.UniqueConstraint(fields=["result", "position"], name="question_unique_position"),
            models.CheckConstraint(condition=SCORE_RANGE, name="question_score_range"),
        )

    def __str__(self) -> str:
        return f"{self.code or '-'} {self.text[:60]}: {self.score}"


class ResultSource(models.TextChoices):
    FORM = "form", "กรอกในแบบฟอร์ม"
    IMPORT = "import", "นำเข้าจากไฟล์"
    SYSTEM = "system", "ระบบ (คำสั่งผู้ดูแล)"
    DEMO = "demo", "ข้อมูลสาธิต"


class AssessmentResultVersion(models.Model):
    """A saved state of a result. Every save that changes something adds one; none is ever changed.

    ``snapshot`` holds what the result was after that save: overall, level, pass, instrument and
    indicator scores (strings with their two decimals), the question scores, and the framework used.
    The highest ``number`` is the current state; the ones before it are the history.
    """

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="versions", verbose_name="ผลการประเมิน"
    )
    number = models.PositiveIntegerField("ฉบับที่")
    snapshot = models.JSONField("ข้อมูล")
    source = models.CharField("ที่มา", max_length=16, choices=ResultSource.choices, default=ResultSource.SYSTEM)
    source_name = models.CharField("ชื่อไฟล์ที่นำเข้า", max_length=300, blank=True)
    note = models.TextField("เหตุผล/หมายเหตุ", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้บันทึก",
    )
    actor_label = models.CharField("ชื่อผู้บันทึก", max_length=300, blank=True)
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ฉบับของผลการประเมิน"
        verbose_name_plural = "ประวัติผลการประเมิน"
        ordering = ("result", "-number")
        constraints = (models.UniqueConstraint(fields=["result", "number"], name="result_version_unique_number"),)

    def __str__(self) -> str:
        return f"{self.result} ฉบับที่ {self.number}"


class PendingImport(models.Model):
    """An uploaded file, read and checked, waiting for a person to confirm it on the review screen.

    What was read is stored here (``documents``: ParsedDocument JSON, one per set of results) with the
    checker's ``findings``; confirming saves exactly these, never a re-reading of the file. The file
    itself is not kept: only its SHA-256 and a display-safe name. ``digest`` seals ``documents`` and
    ``findings``; the confirmation token signs the digest.

    A scan (an image, a PDF without text) is read by OCR in a background job (``scan_imports``): the row is made
    at upload with ``status`` queued and the file in private storage (``stored_name``), the job counts the pages
    it has read (``pages_done`` of ``pages_total``) and, when done, fills ``documents`` and removes the file; a
    failure leaves ``error`` (Thai). Only a ready row can be reviewed and confirmed.
    """

    class ReadStatus(models.TextChoices):
        QUEUED = "queued", "รอคิวอ่าน"
        RUNNING = "running", "กำลังอ่าน"
        READY = "ready", "อ่านแล้ว"
        FAILED = "failed", "อ่านไม่สำเร็จ"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="pending_imports", verbose_name="หน่วยงาน"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="ผู้นำเข้า"
    )
    source_name = models.CharField("ชื่อไฟล์", max_length=300)
    kind = models.CharField("ชนิด", max_length=16)  # txt, docx, pdf, html (read_bytes) or xlsx, csv (template)
    size = models.PositiveIntegerField("ขนาด (ไบต์)")
    sha256 = models.CharField("SHA-256 ของไฟล์", max_length=64)
    documents = models.JSONField("ข้อมูลที่อ่านได้")
    findings = models.JSONField("ผลการตรวจ", default=list)  # one list of findings per document
    digest = models.CharField("ลายนิ้วมือข้อมูล", max_length=64)
    # The fiscal year the person said they import (optional): a set of another year is an error on the review.
    target_year = models.PositiveSmallIntegerField("ปีงบประมาณที่จะบันทึก", null=True, blank=True)
    created_at = models.DateTimeField("นำเข้าเมื่อ", auto_now_add=True)
    confirmed_at = models.DateTimeField("ยืนยันเมื่อ", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้ยืนยัน",
    )
    # Reading a scan by OCR in the background (scan_imports); a file read at upload is ready at once.
    status = models.CharField("สถานะการอ่าน", max_length=8, choices=ReadStatus.choices, default=ReadStatus.READY)
    pages_done = models.PositiveIntegerField("หน้าที่อ่านแล้ว", default=0)
    pages_total = models.PositiveIntegerField("หน้าที่ต้องอ่าน", default=0)
    error = models.TextField("เหตุที่อ่านไม่สำเร็จ", blank=True, default="")
    stored_name = models.CharField("ไฟล์ที่รออ่าน", max_length=100, blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    read_at = models.DateTimeField("อ่านเสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "ไฟล์นำเข้าที่รอยืนยัน"
        verbose_name_plural = "ไฟล์นำเข้าที่รอยืนยัน"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.agency} – {self.source_name}"
