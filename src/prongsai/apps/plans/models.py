"""The measures plan, its approval, and the tracking of its tasks.

- ``Plan``: one per agency and plan fiscal year (B.E.). The plan's header (title, basis, reporting dates, notes)
  is the core ``MeasuresPlan`` JSON without its measures; the measures are ``PlanMeasure`` rows, each holding one
  core ``Measure`` JSON, so that tasks can point at a measure that keeps its identity when others are added or
  removed. Every write re-validates the whole plan through ``prongsai.core.plan`` (``services.plan_of``).
  Status: draft → submitted → approved, or → returned (with the executive's comment) → submitted again.
- ``PlanVersion``: a snapshot after every change (the plan JSON and its status); never changed.
- ``Task``: a piece of a measure with an owner unit, a due date inside the plan's fiscal year, a status and a
  progress percentage. ``Evidence``: a web address or an uploaded file (random stored name, never served inline).
- ``Comment``: on a plan (including the executive's reason for returning it) or on a task.
- ``GeneratedDocument``: a DOCX/PDF made by the background worker (``jobs.render_document``).
- ``ReminderSent``: one row per person, agency and day, so that ``send_reminders`` e-mails once a day at most.

Every row hangs off an ``Agency`` (directly: selectors filter by it).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from prongsai.apps.agencies.models import Agency, Unit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "ร่าง"
    SUBMITTED = "submitted", "เสนอผู้บริหารแล้ว รอการอนุมัติ"
    APPROVED = "approved", "ผู้บริหารอนุมัติแล้ว"
    RETURNED = "returned", "ผู้บริหารส่งกลับให้แก้ไข"


EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class Plan(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="plans", verbose_name="หน่วยงาน")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณของแผน (พ.ศ.)")
    results_fiscal_year = models.PositiveSmallIntegerField("ปีของผลการประเมินที่ใช้ (พ.ศ.)")
    status = models.CharField("สถานะ", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    header = models.JSONField("ข้อมูลแผน (ไม่รวมมาตรการ)")
    analysis = models.JSONField("ผลการวิเคราะห์ที่ใช้จัดทำแผน")
    version = models.PositiveIntegerField("ฉบับที่", default=1)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้จัดทำร่าง",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เสนอ",
    )
    submitted_at = models.DateTimeField("เสนอเมื่อ", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้พิจารณา",
    )
    decided_by_label = models.CharField("ชื่อผู้พิจารณา", max_length=300, blank=True)
    decided_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "แผนมาตรการ"
        verbose_name_plural = "แผนมาตรการ"
        ordering = ("agency", "-fiscal_year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="plan_unique_agency_year"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500) & Q(fiscal_year__lte=2700), name="plan_fiscal_year_be"
            ),
        )

    def __str__(self) -> str:
        return f"แผนมาตรการปีงบประมาณ {self.fiscal_year} – {self.agency}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PlanMeasure(models.Model):
    """One measure of a plan: the core ``Measure`` JSON (``data``); ``number`` mirrors ``data["number"]``."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures", verbose_name="แผนมาตรการ")
    number = models.PositiveSmallIntegerField("มาตรการที่")
    data = models.JSONField("ข้อมูลมาตรการ")
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        ordering = ("plan", "number", "pk")

    def __str__(self) -> str:
        return f"มาตรการที่ {self.number} {self.title_th}"

    @property
    def title_th(self) -> str:
        return str(self.data.get("title_th", ""))


class PlanVersion(models.Model):
    """The plan after one change: ``snapshot`` = {"status", "plan": MeasuresPlan JSON}. Never changed."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name="แผนมาตรการ")
    number = models.PositiveIntegerField("ฉบับที่")
    action = models.CharField("การดำเนินการ", max_length=40)
    status = models.CharField("สถานะ", max_length=16, choices=PlanStatus.choices)
    snapshot = models.JSONField("ข้อมูล")
    note = models.TextField("หมายเหตุ", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้ดำเนินการ",
    )
    actor_label = models.CharField("ชื่อผู้ดำเนินการ", max_length=300, blank=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ฉบับของแผนมาตรการ"
        verbose_name_plural = "ประวัติแผนมาตรการ"
        ordering = ("plan", "-number")
        constraints = (models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),)

    def __str__(self) -> str:
        return f"{self.plan} ฉบับที่ {self.number}"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "ยังไม่เริ่ม"
    IN_PROGRESS = "in_progress", "กำลังดำเนินการ"
    DONE = "done", "เสร็จแล้ว"
    BLOCKED = "blocked", "ติดปัญหา"


class Task(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    measure = models.ForeignKey(PlanMeasure, on_delete=models.CASCADE, related_name="tasks", verbose_name="มาตรการ")
    position = models.PositiveSmallIntegerField("ลำดับ", default=1)
    title_th = models.CharField("งาน", max_length=500)
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plan_tasks", verbose_name="ส่วนราชการที่รับผิดชอบ"
    )
    due = models.DateField("กำหนดเสร็จ")
    status = models.CharField("สถานะ", max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField("ความคืบหน้า (ร้อยละ)", default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้ปรับปรุงล่าสุด",
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("ปรับปรุงล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "งานตามมาตรการ"
        verbose_name_plural = "งานตามมาตรการ"
        ordering = ("measure__plan", "measure__number", "position", "pk")
        constraints = (
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="task_progress_range"),
        )
        indexes = (models.Index(fields=["agency", "due"], name="task_agency_due"),)

    def __str__(self) -> str:
        return self.title_th

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE


class Evidence(models.Model):
    """A web address (``url``) or a stored file (``stored_name``, random; ``original_name`` only for display)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence", verbose_name="งาน")
    title = models.CharField("คำอธิบาย", max_length=300)
    url = models.URLField("ที่อยู่เว็บ", max_length=1000, blank=True)
    stored_name = models.CharField("ชื่อไฟล์ที่เก็บ", max_length=120, blank=True)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255, blank=True)
    kind = models.CharField("ชนิดไฟล์", max_length=10, blank=True)
    content_type = models.CharField("ชนิดเนื้อหา", max_length=120, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เพิ่ม",
    )
    created_at = models.DateTimeField("เพิ่มเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "หลักฐานการดำเนินงาน"
        verbose_name_plural = "หลักฐานการดำเนินงาน"
        ordering = ("task", "pk")
        constraints = (
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(stored_name="")) | (~Q(url="") & Q(stored_name="")),
                name="evidence_url_or_file",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.stored_name)


class CommentKind(models.TextChoices):
    COMMENT = "comment", "ความเห็น"
    RETURN = "return", "เหตุผลที่ส่งกลับให้แก้ไข"
    APPROVAL = "approval", "ความเห็นเมื่ออนุมัติ"
    SUBMISSION = "submission", "หมายเหตุเมื่อเสนอ"
    PROGRESS = "progress", "บันทึกความคืบหน้า"


class Comment(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="comments", verbose_name="แผนมาตรการ"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="comments", verbose_name="งาน"
    )
    kind = models.CharField("ชนิด", max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField("ข้อความ")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เขียน",
    )
    author_label = models.CharField("ชื่อผู้เขียน", max_length=300, blank=True)
    plan_version = models.PositiveIntegerField("ฉบับของแผน", null=True, blank=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ความเห็น"
        verbose_name_plural = "ความเห็น"
        ordering = ("created_at", "pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(task__isnull=False), name="comment_on_plan_or_task"
            ),
        )

    def __str__(self) -> str:
        return self.body[:80]


class DocumentKind(models.TextChoices):
    ANALYSIS = "analysis", "การวิเคราะห์ผลการประเมิน ITA"
    MEASURES = "measures", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    NEWS = "news", "ข่าวประชาสัมพันธ์"
    MEMO = "memo", "บันทึกข้อความขออนุมัติ"
    PROGRESS6 = "progress6", "รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน"
    PROGRESS12 = "progress12", "รายงานผลการดำเนินการตามมาตรการ รอบ 12 เดือน"


# Who a document of each kind is for. The approval memo is internal: it never leaves the agency (there is no way
# to publish it). The others may be published on the portal, but only after someone with ``edit_portal`` chooses
# to (``documents.document_publish``); a ready document is not public by being ready.
INTERNAL_KINDS = frozenset({DocumentKind.MEMO})
PUBLIC_KINDS = frozenset(set(DocumentKind) - INTERNAL_KINDS)


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    PDF = "pdf", "PDF"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "รอคิว"
    RUNNING = "running", "กำลังจัดทำ"
    READY = "ready", "พร้อมดาวน์โหลด"
    FAILED = "failed", "จัดทำไม่สำเร็จ"


class GeneratedDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents", verbose_name="แผนมาตรการ")
    plan_version = models.PositiveIntegerField("ฉบับของแผน")
    kind = models.CharField("เอกสาร", max_length=16, choices=DocumentKind.choices)
    fmt = models.CharField("รูปแบบไฟล์", max_length=8, choices=DocumentFormat.choices)
    digits = models.CharField("ตัวเลข", max_length=8, default="thai")
    status = models.CharField("สถานะ", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    stored_name = models.CharField("ชื่อไฟล์ที่เก็บ", max_length=120, blank=True)
    filename = models.CharField("ชื่อไฟล์สำหรับดาวน์โหลด", max_length=200, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    error = models.TextField("ข้อผิดพลาด", blank=True)
    task_id = models.CharField("รหัสงานในคิว", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้สั่ง",
    )
    created_at = models.DateTimeField("สั่งเมื่อ", auto_now_add=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)
    published_at = models.DateTimeField("เผยแพร่เมื่อ", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="ผู้เผยแพร่",
    )

    class Meta:
        verbose_name = "เอกสารที่จัดทำ"
        verbose_name_plural = "เอกสารที่จัดทำ"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.fmt})"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.READY, DocumentStatus.FAILED)

    @property
    def is_internal(self) -> bool:
        """Of a kind that is never published (the approval memo)."""
        return self.kind in INTERNAL_KINDS

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and not self.is_internal


class ReminderSent(models.Model):
    """``send_reminders`` e-mailed this person about this agency's tasks on this day."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="หน่วยงาน")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="ผู้รับ")
    day = models.DateField("วันที่")
    tasks = models.PositiveIntegerField("จำนวนงาน")
    created_at = models.DateTimeField("ส่งเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "การแจ้งเตือนทางอีเมล"
        verbose_name_plural = "การแจ้งเตือนทางอีเมล"
        constraints = (models.UniqueConstraint(fields=["agency", "user", "day"], name="reminder_once_a_day"),)

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
