"""Pulse survey rounds and their anonymous answers; links to the official ITAS surveys.

Nothing here points at a person: ``PulseResponse`` and ``PulseAnswer`` have random UUID keys (so not even the order of
submission is kept), no user, session, IP address or user agent, and the day of submission only.

A public link's answers that came in a burst (``PulseBurst``: many answers, each within seconds of the one before)
are tagged with it; staff may set a burst aside. ``PulseResponse.objects`` and ``PulseAnswer.objects`` leave out
the answers of bursts set aside, so every count and score does; ``all_objects`` has every row.
"""

from __future__ import annotations

import math
import secrets
import uuid

from django.db import models

from prongsai.apps.agencies.models import Agency


class SurveyKind(models.TextChoices):
    IIT = "iit", "แบบสำรวจบุคลากรภายใน (แบบ IIT)"
    EIT = "eit", "แบบสำรวจผู้รับบริการ (คำถามของหน่วยงานเอง แบบ EIT)"


class Instrument(models.TextChoices):
    IIT = "IIT", "IIT (ผู้มีส่วนได้ส่วนเสียภายใน)"
    EIT = "EIT", "EIT (ผู้มีส่วนได้ส่วนเสียภายนอก)"


def new_token() -> str:
    return secrets.token_urlsafe(12)


class FormLength(models.TextChoices):
    """How many of the framework's IIT questions a round asks: all of them, or the short set of ``short_forms.yaml``."""

    FULL = "full", "ครบทุกข้อตามกรอบการประเมิน"
    SHORT = "short", "แบบสั้น (ตัวชี้วัดละสองข้อ ตอบได้ในไม่กี่นาที)"


class PulseRound(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="pulse_rounds")
    kind = models.CharField("ประเภท", max_length=4, choices=SurveyKind.choices)
    title = models.CharField("ชื่อรอบ", max_length=200)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    # IIT: the framework year whose IIT questions are asked (the latest one up to ``fiscal_year`` that has them).
    question_year = models.PositiveIntegerField("ปีของชุดข้อคำถาม", null=True, blank=True)
    # IIT: all the year's questions, or the short set (``questions.short_form_codes``); the agency's own always all.
    length = models.CharField("จำนวนข้อ", max_length=8, choices=FormLength.choices, default=FormLength.FULL)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    closes_on = models.DateField("ปิดรับคำตอบวันที่")
    is_closed = models.BooleanField("ปิดรอบแล้ว", default=False)
    created_on = models.DateField("วันที่สร้าง", auto_now_add=True)

    class Meta:
        verbose_name = "รอบแบบสำรวจ"
        verbose_name_plural = "รอบแบบสำรวจ"
        ordering = ("agency", "-created_on", "-pk")

    def __str__(self) -> str:
        return self.title


class PulseQuestion(models.Model):
    """The agency's own question (EIT-style rounds): NOT a question of the NACC."""

    class Scale(models.TextChoices):
        FOUR_LEVEL = "four_level", "มากน้อยเพียงใด (4 ระดับ)"
        YES_NO = "yes_no_good", "มี/ไม่มี (การมีเป็นสิ่งดี)"

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("ข้อที่")
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัดที่", choices=[(6, "6"), (7, "7"), (8, "8")])
    text = models.CharField("ข้อคำถาม", max_length=500)
    scale = models.CharField("มาตรวัด", max_length=12, choices=Scale.choices, default=Scale.FOUR_LEVEL)

    class Meta:
        verbose_name = "ข้อคำถามของหน่วยงาน"
        verbose_name_plural = "ข้อคำถามของหน่วยงาน"
        ordering = ("round", "number")
        constraints = (models.UniqueConstraint(fields=["round", "number"], name="pulse_question_number_once"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class PulseBurst(models.Model):
    """A run of answers to one public link that came too fast: at least ``PRONGSAI_SURVEY_BURST_MIN_ANSWERS``, each
    within ``PRONGSAI_SURVEY_BURST_GAP_SECONDS`` of the one before (``surveys.bursts``). The only place a time of
    day is kept, and only for such a run as a whole: ordinary answers keep their day and nothing more. Staff see it
    flagged and may set it aside (its answers leave every count and score) or restore it; both are audited.
    ``managed_elsewhere``: the link is an assessment round's, whose round admin decides (apps/rounds)."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="bursts")
    first_at = models.DateTimeField("คำตอบแรกของช่วง")
    last_at = models.DateTimeField("คำตอบล่าสุดของช่วง")
    answers = models.PositiveIntegerField("จำนวนคำตอบในช่วง")
    set_aside = models.BooleanField("กันออกจากผล", default=False)
    managed_elsewhere = models.BooleanField("ผู้จัดการประเมินของรอบเป็นผู้พิจารณา", default=False)

    class Meta:
        verbose_name = "ช่วงคำตอบที่เข้ามาถี่ผิดปกติ"
        verbose_name_plural = "ช่วงคำตอบที่เข้ามาถี่ผิดปกติ"
        ordering = ("round", "-first_at")

    def __str__(self) -> str:
        return self.summary_th

    @property
    def seconds(self) -> int:
        return max(1, math.ceil((self.last_at - self.first_at).total_seconds()))

    @property
    def summary_th(self) -> str:
        """"ผิดปกติ: 60 คำตอบใน 2 วินาที" (minutes from two minutes on)."""
        seconds = self.seconds
        span = f"{seconds} วินาที" if seconds < 120 else f"{math.ceil(seconds / 60)} นาที"
        return f"ผิดปกติ: {self.answers} คำตอบใน {span}"


class CountedResponses(models.Manager):
    """Responses that count: those of bursts set aside are left out."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().exclude(burst__set_aside=True)


class EveryRow(models.Manager):
    """Every row, those of bursts set aside included."""


class CountedAnswers(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().exclude(response__burst__set_aside=True)


class PulseResponse(models.Model):
    """One anonymous response: a random id and the day it was sent, nothing else (and, only when it came in a burst,
    that burst)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField("วันที่ตอบ")
    burst = models.ForeignKey(
        PulseBurst, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = CountedResponses()
    all_objects = EveryRow()

    class Meta:
        verbose_name = "ชุดคำตอบ (ไม่ระบุตัวตน)"
        verbose_name_plural = "ชุดคำตอบ (ไม่ระบุตัวตน)"
        ordering = ("round", "id")

    def __str__(self) -> str:
        return str(self.id)


class PulseAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(PulseResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=8)  # ``i1`` (framework) or ``q3`` (the agency's own question 3)
    sub_item = models.CharField(max_length=8, blank=True)
    answer = models.CharField(max_length=60)  # the option label of the scale

    objects = CountedAnswers()
    all_objects = EveryRow()

    class Meta:
        verbose_name = "คำตอบ"
        verbose_name_plural = "คำตอบ"
        ordering = ("response", "question", "sub_item")

    def __str__(self) -> str:
        return f"{self.question}{self.sub_item}: {self.answer}"


class OfficialSurveyLink(models.Model):
    """The NACC's ITAS survey link for one year and instrument, typed in by staff, for a poster with its QR code."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="official_survey_links")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    instrument = models.CharField("แบบสำรวจ", max_length=3, choices=Instrument.choices)
    url = models.URLField("ลิงก์แบบสำรวจในระบบ ITAS", max_length=500)
    note = models.CharField("ข้อความบนโปสเตอร์", max_length=300, blank=True)

    class Meta:
        verbose_name = "ลิงก์แบบสำรวจทางการ (ITAS)"
        verbose_name_plural = "ลิงก์แบบสำรวจทางการ (ITAS)"
        ordering = ("agency", "-fiscal_year", "instrument")

    def __str__(self) -> str:
        return f"{self.instrument} {self.fiscal_year}"
