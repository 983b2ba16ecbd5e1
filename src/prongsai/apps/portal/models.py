"""What the portal publishes: news, questions and answers, e-service, and the OIT evidence links.

Nothing a citizen wrote is deleted: abusive questions are hidden (with a reason, audited) and the public
page says that something was hidden. Contact details that citizens leave are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.complaints.crypto import EncryptedTextField

NO_FEE = "ไม่มีค่าธรรมเนียม"


class NewsItem(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="news_items", verbose_name="หน่วยงาน")
    title = models.CharField("หัวข้อข่าว", max_length=300)
    body = models.TextField("เนื้อหา")
    published_on = models.DateField("วันที่เผยแพร่")
    is_published = models.BooleanField("เผยแพร่", default=True)
    source = models.CharField("ที่มา", max_length=20, default="staff")  # "staff" or "document" (drafted from a file)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ข่าวประชาสัมพันธ์"
        verbose_name_plural = "ข่าวประชาสัมพันธ์"
        ordering = ("-published_on", "-pk")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    QUESTION = "question", "คำถาม"
    FEEDBACK = "feedback", "ข้อเสนอแนะหรือความคิดเห็น"


class Question(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="questions", verbose_name="หน่วยงาน")
    kind = models.CharField("ประเภท", max_length=10, choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    subject = models.CharField("หัวข้อ", max_length=200)
    body = models.TextField("ข้อความ")
    display_name = models.CharField("ชื่อที่แสดง", max_length=100, blank=True)
    contact = EncryptedTextField("ช่องทางติดต่อกลับ (ไม่เผยแพร่)", blank=True)
    asked_at = models.DateTimeField("ถามเมื่อ", auto_now_add=True)
    answer = models.TextField("คำตอบ", blank=True)
    answered_at = models.DateTimeField("ตอบเมื่อ", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField("ซ่อนจากหน้าสาธารณะ", default=False)
    hidden_reason = models.CharField("เหตุผลที่ซ่อน", max_length=300, blank=True)

    class Meta:
        verbose_name = "คำถามและข้อเสนอแนะ"
        verbose_name_plural = "คำถามและข้อเสนอแนะ"
        ordering = ("-asked_at", "-pk")

    def __str__(self) -> str:
        return f"ถาม-ตอบ #{self.pk}"


class ServiceType(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="service_types", verbose_name="หน่วยงาน")
    name = models.CharField("ชื่องานบริการ", max_length=200)
    description = models.TextField("คำอธิบาย", blank=True)
    steps = models.TextField("ขั้นตอน", help_text="บรรทัดละหนึ่งขั้นตอน")
    duration_days = models.PositiveIntegerField("ระยะเวลาดำเนินการ (วันทำการ)")
    fee_amount = models.DecimalField("ค่าธรรมเนียม (บาท)", max_digits=12, decimal_places=2, null=True, blank=True)
    fee_note = models.CharField("รายละเอียดค่าธรรมเนียม", max_length=300, blank=True)
    required_documents = models.TextField("เอกสารที่ต้องใช้", blank=True, help_text="บรรทัดละหนึ่งรายการ")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="service_types", verbose_name="ผู้รับผิดชอบ"
    )
    is_active = models.BooleanField("เปิดรับคำขอ", default=True)

    class Meta:
        verbose_name = "งานบริการ"
        verbose_name_plural = "งานบริการ"
        ordering = ("agency", "name", "pk")

    def __str__(self) -> str:
        return self.name

    @property
    def fee_text(self) -> str:
        if not self.fee_amount:
            return self.fee_note or NO_FEE
        text = f"{self.fee_amount:,.2f} บาท"
        return f"{text} ({self.fee_note})" if self.fee_note else text

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class ServiceStatus(models.TextChoices):
    RECEIVED = "received", "รับคำขอแล้ว"
    IN_PROGRESS = "in_progress", "กำลังดำเนินการ"
    NEED_DOCUMENTS = "need_documents", "รอเอกสารเพิ่มเติม"
    COMPLETED = "completed", "ดำเนินการเสร็จแล้ว"
    REJECTED = "rejected", "ไม่อนุมัติ/ยกเลิก"


SERVICE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ServiceStatus.RECEIVED: (ServiceStatus.IN_PROGRESS, ServiceStatus.NEED_DOCUMENTS, ServiceStatus.REJECTED),
    ServiceStatus.IN_PROGRESS: (ServiceStatus.NEED_DOCUMENTS, ServiceStatus.COMPLETED, ServiceStatus.REJECTED),
    ServiceStatus.NEED_DOCUMENTS: (ServiceStatus.IN_PROGRESS, ServiceStatus.REJECTED),
    ServiceStatus.COMPLETED: (),
    ServiceStatus.REJECTED: (),
}
SERVICE_DONE = (ServiceStatus.COMPLETED, ServiceStatus.REJECTED)


class ServiceRequest(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="service_requests")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="requests")
    tracking_code = models.CharField("เลขติดตาม", max_length=20, unique=True)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    requester_name = EncryptedTextField("ชื่อผู้ยื่นคำขอ")
    requester_contact = EncryptedTextField("ช่องทางติดต่อ")
    details = models.TextField("รายละเอียดคำขอ", blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.RECEIVED)
    submitted_at = models.DateTimeField("ยื่นเมื่อ", auto_now_add=True)
    completed_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "คำขอรับบริการ"
        verbose_name_plural = "คำขอรับบริการ"
        ordering = ("-submitted_at", "-pk")

    def __str__(self) -> str:
        return f"คำขอ {self.tracking_code}"

    def next_statuses(self) -> list[tuple[str, str]]:
        return [(s, ServiceStatus(s).label) for s in SERVICE_TRANSITIONS[self.status]]


class ServiceAttachment(models.Model):
    """A file attached to a request, kept in the database (no media folder to configure or back up apart)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("ชื่อไฟล์", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ("request", "pk")

    def __str__(self) -> str:
        return self.filename


class ServiceStatusChange(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=ServiceStatus.choices)
    note = models.CharField("หมายเหตุถึงผู้ยื่นคำขอ", max_length=500, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("request", "pk")

    def __str__(self) -> str:
        return f"{self.request.tracking_code}: {self.status}"


class EvidenceLink(models.Model):
    """Where an OIT item's information is published (the OIT page is generated from these)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="evidence_links", verbose_name="หน่วยงาน")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    item_code = models.CharField("ข้อ OIT", max_length=8)
    title = models.CharField("ชื่อข้อมูล", max_length=300)
    url = models.URLField("ที่อยู่ (URL)", max_length=1000)
    note = models.CharField("คำอธิบายตำแหน่งข้อมูล", max_length=500, blank=True)
    is_published = models.BooleanField("เผยแพร่", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ลิงก์หลักฐาน OIT"
        verbose_name_plural = "ลิงก์หลักฐาน OIT"
        ordering = ("agency", "fiscal_year", "item_code", "pk")
        indexes = (models.Index(fields=["agency", "fiscal_year"], name="evidence_agency_year"),)

    def __str__(self) -> str:
        return f"{self.item_code} {self.title}"
