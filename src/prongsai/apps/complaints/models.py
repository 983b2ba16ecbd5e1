"""The complaint channel's records. What is stored, and what is not:

- Content (subject, details, who it is about, every message) is encrypted at rest (``EncryptedTextField``).
- A named reporter's identity and contact details are one sealed JSON value (``identity_sealed``), opened
  only by ``services.complaint_identity_reveal`` with a recorded reason.
- The receipt code is never stored: only its SHA-256 (``receipt_hash``; the code carries 80 random bits).
- No IP address, user agent, referrer, session or user is stored for the reporter. Dates are kept to the
  day (``received_on``), not to the second, so that a time stamp cannot be matched with other logs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.crypto import EncryptedTextField


class ComplaintKind(models.TextChoices):
    CORRUPTION = "corruption", "การทุจริตหรือประพฤติมิชอบ"
    MISCONDUCT = "misconduct", "การปฏิบัติหน้าที่ไม่เหมาะสมของเจ้าหน้าที่"
    PROCUREMENT = "procurement", "การจัดซื้อจัดจ้าง"
    SERVICE = "service", "การให้บริการ"
    OTHER = "other", "อื่น ๆ"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "รับเรื่องแล้ว"
    SCREENING = "screening", "ตรวจสอบเบื้องต้น"
    AWAITING_INFO = "awaiting_info", "รอข้อมูลเพิ่มเติมจากผู้แจ้ง"
    INVESTIGATING = "investigating", "อยู่ระหว่างตรวจสอบข้อเท็จจริง"
    FORWARDED = "forwarded", "ส่งต่อหน่วยงานที่มีอำนาจหน้าที่ (ยุติในหน่วยงาน)"
    SUBSTANTIATED = "substantiated", "ยุติ: มีมูล ดำเนินการแล้ว"
    UNSUBSTANTIATED = "unsubstantiated", "ยุติ: ไม่มีมูล"
    REJECTED = "rejected", "ยุติ: ไม่รับไว้พิจารณา"


S = ComplaintStatus
# The case workflow: from each status, where it may go next. Closed statuses go nowhere.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.SCREENING, S.FORWARDED, S.REJECTED),
    S.SCREENING: (S.INVESTIGATING, S.AWAITING_INFO, S.FORWARDED, S.UNSUBSTANTIATED, S.REJECTED),
    S.AWAITING_INFO: (S.SCREENING, S.INVESTIGATING, S.REJECTED),
    S.INVESTIGATING: (S.AWAITING_INFO, S.SUBSTANTIATED, S.UNSUBSTANTIATED, S.FORWARDED),
    S.FORWARDED: (),
    S.SUBSTANTIATED: (),
    S.UNSUBSTANTIATED: (),
    S.REJECTED: (),
}
OPEN_STATUSES = (S.RECEIVED, S.SCREENING, S.AWAITING_INFO, S.INVESTIGATING)
CLOSED_STATUSES = (S.FORWARDED, S.SUBSTANTIATED, S.UNSUBSTANTIATED, S.REJECTED)


class ComplaintOfficer(models.Model):
    """A person designated to read and handle an agency's complaints. Nobody else may, not even a system
    administrator who has not been designated."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="complaint_officers", verbose_name="หน่วยงาน"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_officer_of", verbose_name="ผู้ใช้"
    )
    designated_at = models.DateTimeField("แต่งตั้งเมื่อ", auto_now_add=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "เจ้าหน้าที่รับเรื่องร้องเรียน"
        verbose_name_plural = "เจ้าหน้าที่รับเรื่องร้องเรียน"
        ordering = ("agency", "pk")
        constraints = (models.UniqueConstraint(fields=["agency", "user"], name="complaint_officer_once"),)

    def __str__(self) -> str:
        return f"{self.user} – {self.agency}"


class Complaint(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="complaints", verbose_name="หน่วยงาน")
    number = models.CharField("เลขที่เรื่อง", max_length=20)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    kind = models.CharField("ประเภท", max_length=20, choices=ComplaintKind.choices)
    subject = EncryptedTextField("เรื่อง")
    details = EncryptedTextField("รายละเอียด")
    about = EncryptedTextField("ผู้ถูกร้องหรือหน่วยที่เกี่ยวข้อง", blank=True)
    anonymous = models.BooleanField("ไม่เปิดเผยตัวตน", default=True)
    identity_sealed = models.TextField("ข้อมูลผู้แจ้ง (เข้ารหัส)", blank=True)
    receipt_hash = models.CharField("ค่าแฮชของรหัสติดตาม", max_length=64, unique=True)
    status = models.CharField("สถานะ", max_length=20, choices=ComplaintStatus.choices, default=S.RECEIVED)
    received_on = models.DateField("วันที่รับเรื่อง")
    closed_on = models.DateField("วันที่ยุติเรื่อง", null=True, blank=True)

    class Meta:
        verbose_name = "เรื่องร้องเรียน"
        verbose_name_plural = "เรื่องร้องเรียน"
        ordering = ("-received_on", "-pk")
        constraints = (models.UniqueConstraint(fields=["agency", "number"], name="complaint_number_per_agency"),)
        indexes = (models.Index(fields=["agency", "fiscal_year"], name="complaint_agency_year"),)

    def __str__(self) -> str:  # used as the audit log's target label: never the content
        return f"เรื่องร้องเรียนเลขที่ {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def next_statuses(self) -> list[tuple[str, str]]:
        return [(s, ComplaintStatus(s).label) for s in TRANSITIONS[self.status]]


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", "ผู้แจ้ง"
    OFFICER = "officer", "เจ้าหน้าที่"


class ComplaintMessage(models.Model):
    """A message in the case, either way: the reporter adds information, an officer answers or asks."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    author = models.CharField("ผู้เขียน", max_length=10, choices=MessageAuthor.choices)
    body = EncryptedTextField("ข้อความ")
    written_on = models.DateField("วันที่")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "ข้อความในเรื่องร้องเรียน"
        verbose_name_plural = "ข้อความในเรื่องร้องเรียน"
        ordering = ("complaint", "pk")

    def __str__(self) -> str:
        return f"ข้อความในเรื่องร้องเรียนเลขที่ {self.complaint.number}"


class ComplaintStatusChange(models.Model):
    """Each step of the workflow, shown to the reporter by date (no officer name is shown to them)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="status_changes")
    status_from = models.CharField(max_length=20, choices=ComplaintStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=ComplaintStatus.choices)
    changed_on = models.DateField("วันที่")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("complaint", "pk")

    def __str__(self) -> str:
        return f"{self.complaint.number}: {self.status_from or '-'} → {self.status_to}"


class IdentityDisclosure(models.Model):
    """Each time an officer opened a named reporter's identity, and why."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="disclosures")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("เหตุผล")
    disclosed_at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        ordering = ("complaint", "-pk")

    def __str__(self) -> str:
        return f"{self.complaint.number}: {self.officer}"

