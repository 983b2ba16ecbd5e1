"""Assessor mode: an organisation (the assessor, an ``Agency``) runs an ITA-style round for its units (other
``Agency`` rows). Judgements, disputes and results are append-only: every decision is a new row, nothing is
overwritten (docs/rounds.md)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from prongsai.apps.agencies.models import Agency
from prongsai.apps.surveys.models import PulseRound
from prongsai.core.rounds import PHASE_TH, PHASES


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Round(models.Model):
    assessor = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assessment_rounds",
                                 verbose_name="หน่วยงานผู้จัดการประเมิน")
    title = models.CharField("ชื่อรอบการประเมิน", max_length=200)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    # The framework: a NACC year (``framework_year``) or a variant in YAML validated by the core loader.
    framework_year = models.PositiveIntegerField("กรอบการประเมินของ ป.ป.ช. ปี", null=True, blank=True)
    framework_yaml = models.TextField("กรอบการประเมินของรอบ (YAML)", blank=True)
    confirmed_at = models.DateTimeField("ยืนยันผลเมื่อ", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "รอบการประเมินหน่วยงานในสังกัด"
        verbose_name_plural = "รอบการประเมินหน่วยงานในสังกัด"
        ordering = ("-fiscal_year", "-pk")

    def __str__(self) -> str:
        return self.title

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RoundPhase(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("ช่วง", max_length=20, choices=[(k, PHASE_TH[k]) for k in PHASES])
    starts_on = models.DateField("วันเริ่ม")
    ends_on = models.DateField("วันสิ้นสุด")

    class Meta:
        verbose_name = "ช่วงเวลาของรอบ"
        verbose_name_plural = "ปฏิทินของรอบ"
        ordering = ("round", "starts_on", "pk")
        constraints = (models.UniqueConstraint(fields=["round", "kind"], name="round_phase_once"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"


class RoundUnit(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="units")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="round_entries",
                               verbose_name="หน่วยรับการประเมิน")
    group = models.CharField("กลุ่ม", max_length=100, blank=True)
    staff_count = models.PositiveIntegerField("จำนวนบุคลากร (IIT)", null=True, blank=True)
    stakeholder_count = models.PositiveIntegerField("จำนวนผู้รับบริการ (EIT)", null=True, blank=True)
    website = models.URLField("เว็บไซต์หลัก", max_length=500, blank=True)
    registered_at = models.DateTimeField("ลงทะเบียนเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "หน่วยรับการประเมิน"
        verbose_name_plural = "หน่วยรับการประเมิน"
        ordering = ("round", "group", "agency__name_th")
        constraints = (models.UniqueConstraint(fields=["round", "agency"], name="round_unit_once"),)

    def __str__(self) -> str:
        return self.agency.name_th


class RoundRole(models.Model):
    class Kind(models.TextChoices):
        ASSESSOR = "assessor", "ผู้ประเมิน"
        UNIT_COORDINATOR = "unit_coordinator", "ผู้ประสานงานของหน่วยรับการประเมิน"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_roles")
    kind = models.CharField("บทบาท", max_length=20, choices=Kind.choices)
    group = models.CharField("กลุ่มที่รับผิดชอบ", max_length=100, blank=True)  # an assessor's group of units
    unit = models.ForeignKey(RoundUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")

    class Meta:
        verbose_name = "บทบาทในรอบการประเมิน"
        verbose_name_plural = "บทบาทในรอบการประเมิน"
        ordering = ("round", "kind", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user_id}"


class Instrument(models.TextChoices):
    IIT = "IIT", "IIT (บุคลากรภายใน)"
    EIT = "EIT", "EIT (ผู้รับบริการภายนอก)"


class RoundSurvey(models.Model):
    """A unit's IIT or EIT survey. Answers are stored by the survey engine (a ``PulseRound`` of the unit, whose own
    round-wide link is closed); this row carries the open EIT link and the invitations of the closed IIT."""

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="surveys")
    instrument = models.CharField(max_length=3, choices=Instrument.choices)
    pulse = models.OneToOneField(PulseRound, on_delete=models.PROTECT, related_name="round_survey")
    open_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)

    class Meta:
        ordering = ("unit", "instrument")
        constraints = (models.UniqueConstraint(fields=["unit", "instrument"], name="round_survey_once"),)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.instrument}"


class Invitation(models.Model):
    """One closed-IIT invitation: a code handed out on paper, good for one response. Nothing links it to a person
    or to the response it was used for (not even when it was used).

    The row is NOT written when its code answers (that would put the answer's transaction id and position beside
    the code): the answer goes into the survey's mixing pool (``PendingIitAnswer``) and the code is recorded only as
    a keyed digest (``SpentInvitation``). ``used`` is set for all the survey's spent codes at once, by one UPDATE,
    when the survey is closed (``services.pool_flush(final=True)``); codes used before the pool existed keep it."""

    survey = models.ForeignKey(RoundSurvey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ("survey", "pk")

    def __str__(self) -> str:
        return f"รหัสเชิญ {self.pk}"


class SpentInvitation(models.Model):
    """An IIT code that has answered, kept only as a keyed HMAC of the code (``pool.code_digests``: a key derived
    from SECRET_KEY with its own salt). The invitation table holds the codes in clear for printing the cards; without
    the key a dump cannot tell which of them these are. Unique: a code answers once (two concurrent answers with one
    code: the second fails on the constraint, no row lock on the invitation). A random id, so that not even the
    order of the rows in a JSON backup follows the order of answering. Kept for good (it is what refuses a code
    again)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(RoundSurvey, on_delete=models.CASCADE, related_name="spent_codes")
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "รหัสเชิญที่ใช้แล้ว (เก็บเป็นค่าแฮช)"
        verbose_name_plural = "รหัสเชิญที่ใช้แล้ว (เก็บเป็นค่าแฮช)"
        ordering = ("survey", "digest")

    def __str__(self) -> str:
        return "รหัสเชิญที่ใช้แล้ว"


class PendingIitAnswer(models.Model):
    """One IIT answer waiting in its survey's mixing pool: the answers sealed with ``PRONGSAI_FIELD_KEYS``, no code,
    no time. When the pool holds ``PRONGSAI_ROUNDS_IIT_POOL_SIZE`` answers, or the survey closes, the pool is
    flushed in one transaction: its answers become the survey engine's anonymous rows in a random order, and these
    rows are deleted (docs/rounds.md, "what the system knows")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(RoundSurvey, on_delete=models.CASCADE, related_name="pending_answers")
    sealed = models.TextField()

    class Meta:
        verbose_name = "คำตอบแบบ IIT ที่รอรวมผล"
        verbose_name_plural = "คำตอบแบบ IIT ที่รอรวมผล"
        ordering = ("survey", "id")

    def __str__(self) -> str:
        return "คำตอบที่รอรวมผล"


class OitSubmission(models.Model):
    """A unit's answer for one OIT item (มี/ไม่มี, URLs, where to find it). A new row per change: the latest counts."""

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="oit_submissions")
    item = models.CharField("ข้อ", max_length=8)
    has_evidence = models.BooleanField("มี/ไม่มี")
    urls = models.TextField("ลิงก์ (บรรทัดละหนึ่งลิงก์)", blank=True)
    explanation = models.TextField("คำอธิบายตำแหน่งของข้อมูล", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "item", "-pk")

    def __str__(self) -> str:
        return f"{self.item} {'มี' if self.has_evidence else 'ไม่มี'}"

    def url_list(self) -> list[str]:
        return [u for u in self.urls.split() if u]


class SiteCheck(models.Model):
    """The website checker's run for a unit (a background task): its report pre-fills the OIT answers."""

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        DONE = "done", "ตรวจเสร็จแล้ว"
        FAILED = "failed", "ตรวจไม่สำเร็จ"

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="site_checks")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "-pk")

    def __str__(self) -> str:
        return f"ตรวจเว็บไซต์ {self.pk}"


class Dispute(models.Model):
    """A unit's objection to a failed item in the clarification window, with text and a new URL."""

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="disputes")
    item = models.CharField("ข้อ", max_length=8)
    text = models.TextField("คำชี้แจง")
    url = models.URLField("ลิงก์ใหม่", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "-pk")

    def __str__(self) -> str:
        return f"โต้แย้ง {self.item}"


class Judgement(models.Model):
    """An assessor's decision on one item: first review, second review or the decision on a dispute. Append-only."""

    class Kind(models.TextChoices):
        FIRST = "first", "ตรวจครั้งแรก"
        SECOND = "second", "ทบทวนโดยผู้ประเมินคนที่สอง"
        DISPUTE = "dispute", "วินิจฉัยคำโต้แย้ง"

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="judgements")
    item = models.CharField("ข้อ", max_length=8)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    passed = models.BooleanField("ผ่าน")
    comment = models.TextField("ความเห็น", blank=True)
    checked_on = models.DateField("วันที่ตรวจ")
    dispute = models.OneToOneField(Dispute, null=True, blank=True, on_delete=models.PROTECT, related_name="decision")
    upheld = models.BooleanField(null=True)  # for a dispute: True when the unit's objection is accepted
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "item", "-pk")

    def __str__(self) -> str:
        return f"{self.item} {'ผ่าน' if self.passed else 'ไม่ผ่าน'}"


class RoundResult(models.Model):
    """One unit's scored result, as a numbered version: scoring again with a change, or a correction after the
    confirmation (with its reason), adds a version; the latest is current."""

    unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="results")
    version = models.PositiveIntegerField()
    overall = models.DecimalField(max_digits=5, decimal_places=2)
    level = models.CharField(max_length=40)
    passed = models.BooleanField()
    rank = models.PositiveIntegerField(null=True)
    data = models.JSONField()  # instruments, indicators, questions, respondents, OIT sub-indicators, warnings
    reason = models.CharField("เหตุผล", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("unit", "-version")
        constraints = (models.UniqueConstraint(fields=["unit", "version"], name="round_result_version_once"),)

    def __str__(self) -> str:
        return f"{self.unit_id} ฉบับที่ {self.version}"
