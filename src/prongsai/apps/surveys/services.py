"""Writes for pulse surveys. Staff writes are audited; an answer is never: ``pulse_submit`` takes no person at all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.surveys.models import (
    FormLength,
    OfficialSurveyLink,
    PulseAnswer,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    SurveyKind,
)
from prongsai.apps.surveys.questions import Point, question_year_for, round_blocks, short_form_codes
from prongsai.apps.surveys.watch import note_created

MAX_OWN_QUESTIONS = 30


class SurveyInputError(ValidationError):
    """A survey rule was broken; the message is Thai."""


def _require_manager(*, actor: Any, agency: Agency) -> None:
    try:
        allowed = agency_access(user=actor, agency=agency).can_edit_results
    except Http404:
        allowed = False
    if not allowed:
        raise SurveyInputError("ท่านไม่มีสิทธิ์ดำเนินการนี้ (เฉพาะผู้ดูแลระบบของหน่วยงานหรือผู้ประสานงาน ITA)")


def _own(obj: Any, agency: Agency) -> None:
    if obj is None or obj.agency_id != agency.pk:
        raise SurveyInputError("ข้อมูลนี้ไม่ใช่ของหน่วยงานนี้")


@transaction.atomic
def pulse_round_create(
    *,
    agency: Agency,
    actor: Any,
    kind: str,
    title: str,
    fiscal_year: int,
    closes_on: date,
    length: str = FormLength.FULL,
) -> PulseRound:
    """Open a pulse round. ``length`` (IIT only): every question of the year, or the short form
    (``core/frameworks/short_forms.yaml``); a round of the agency's own questions asks all of them."""
    _require_manager(actor=actor, agency=agency)
    length = length or FormLength.FULL
    if length not in FormLength.values:
        raise SurveyInputError("จำนวนข้อของแบบสำรวจไม่ถูกต้อง")
    if kind not in SurveyKind.values:
        raise SurveyInputError("ประเภทแบบสำรวจไม่ถูกต้อง")
    if not title.strip():
        raise SurveyInputError("กรุณาระบุชื่อรอบ")
    if not 2500 <= fiscal_year <= 2700:
        raise SurveyInputError("ปีงบประมาณเป็นปี พ.ศ. เช่น 2569")
    if closes_on < timezone.localdate():
        raise SurveyInputError("วันปิดรับคำตอบต้องไม่ก่อนวันนี้")
    question_year = None
    if kind == SurveyKind.IIT:
        question_year = question_year_for(fiscal_year)
        if question_year is None:
            raise SurveyInputError("ยังไม่มีข้อคำถาม IIT ในกรอบการประเมินของระบบ")
        if length == FormLength.SHORT and not short_form_codes(question_year):
            raise SurveyInputError(f"ยังไม่มีแบบสั้นสำหรับข้อคำถามปี {question_year} กรุณาเลือกแบบครบทุกข้อ")
    else:
        length = FormLength.FULL
    item = PulseRound.objects.create(
        agency=agency,
        kind=kind,
        title=title.strip()[:200],
        fiscal_year=fiscal_year,
        question_year=question_year,
        length=length,
        closes_on=closes_on,
    )
    audit_record(
        actor=actor,
        agency=agency,
        action="pulse_round.created",
        target=item,
        before=None,
        after={"kind": kind, "fiscal_year": fiscal_year, "question_year": question_year, "length": length},
    )
    return item


@transaction.atomic
def pulse_round_close(*, agency: Agency, actor: Any, round: PulseRound) -> PulseRound:
    _require_manager(actor=actor, agency=agency)
    _own(round, agency)
    if round.is_closed:
        return round
    round.is_closed = True
    round.save(update_fields=["is_closed"])
    audit_record(
        actor=actor,
        agency=agency,
        action="pulse_round.closed",
        target=round,
        before={"is_closed": False},
        after={"is_closed": True},
    )
    return round


@transaction.atomic
def pulse_question_add(
    *, agency: Agency, actor: Any, round: PulseRound, indicator: int, text: str, scale: str
) -> PulseQuestion:
    """Add one of the agency's own questions to an EIT-style round, before anyone has answered."""
    _require_manager(actor=actor, agency=agency)
    _own(round, agency)
    round = PulseRound.objects.select_for_update().get(pk=round.pk)
    if round.kind != SurveyKind.EIT:
        raise SurveyInputError("ข้อคำถาม IIT มาจากกรอบการประเมิน เพิ่มเองไม่ได้")
    if PulseResponse.all_objects.filter(round=round).exists():  # answers set aside count here too
        raise SurveyInputError("มีผู้ตอบแล้ว แก้ไขข้อคำถามไม่ได้ (ผลจะเทียบกันไม่ได้) กรุณาเปิดรอบใหม่")
    if indicator not in (6, 7, 8):
        raise SurveyInputError("ข้อคำถามแบบ EIT ต้องสัมพันธ์กับตัวชี้วัดที่ 6, 7 หรือ 8")
    if scale not in PulseQuestion.Scale.values:
        raise SurveyInputError("มาตรวัดไม่ถูกต้อง")
    if not text.strip():
        raise SurveyInputError("กรุณาพิมพ์ข้อคำถาม")
    count = round.questions.count()
    if count >= MAX_OWN_QUESTIONS:
        raise SurveyInputError(f"เพิ่มได้ไม่เกิน {MAX_OWN_QUESTIONS} ข้อ")
    item = PulseQuestion.objects.create(
        round=round, number=count + 1, indicator=indicator, text=text.strip()[:500], scale=scale
    )
    audit_record(
        actor=actor,
        agency=agency,
        action="pulse_question.created",
        target=item,
        before=None,
        after={"round": round.pk, "indicator": indicator, "text": item.text},
    )
    return item


@transaction.atomic
def pulse_submit(*, round: PulseRound, answers: Mapping[str, str]) -> None:
    """Store one anonymous response. ``answers`` maps each answer point's field (``i1__a``) to an option label.

    Deliberately takes no person, request, address or time of day, and returns nothing (not even the response id,
    so that it cannot end up in a page, a cookie or a log). Every point must be answered with one of its options.
    """
    round = PulseRound.objects.select_for_update().get(pk=round.pk)
    today = timezone.localdate()
    if round.is_closed or round.closes_on < today:
        raise SurveyInputError("แบบสำรวจรอบนี้ปิดรับคำตอบแล้ว")
    points = [p for block in round_blocks(round=round) for p in block.points]
    pulse_answers_store(round=round, points=points, answers=answers)


def pulse_answers_check(*, points: Sequence[Point], answers: Mapping[str, str]) -> dict[str, str]:
    """Every point answered with one of its options, else ``SurveyInputError``. Returns only the answers to
    ``points`` (anything else that was posted is dropped). Writes nothing."""
    if not points:
        raise SurveyInputError("แบบสำรวจรอบนี้ยังไม่มีข้อคำถาม")
    missing = [p.field for p in points if answers.get(p.field) not in p.options]
    if missing:
        raise SurveyInputError(f"กรุณาตอบให้ครบทุกข้อ (ยังไม่ได้ตอบหรือคำตอบไม่ถูกต้อง {len(missing)} ข้อ)")
    return {p.field: answers[p.field] for p in points}


@transaction.atomic
def pulse_answers_store(*, round: PulseRound, points: Sequence[Point], answers: Mapping[str, str]) -> None:
    """Store one anonymous response to ``points`` (the caller has checked the round is open to this answer): every
    point answered with one of its options, else ``SurveyInputError`` and nothing stored. Takes no person, request,
    address or time of day, and returns nothing. Also used by assessment rounds (apps/rounds), whose questions
    come from the round's framework."""
    pulse_answers_store_many(round=round, points=points, answer_sets=[answers])


@transaction.atomic
def pulse_answers_store_many(
    *, round: PulseRound, points: Sequence[Point], answer_sets: Sequence[Mapping[str, str]]
) -> int:
    """Store several anonymous responses at once, in the order given (two INSERT statements: the responses, then
    their answers), dated today. Each set is checked as ``pulse_answers_check`` does; one bad set stores nothing.
    Assessment rounds pass their IIT mixing pool here already shuffled (apps/rounds ``pool_flush``). Returns how
    many responses were stored, never their ids."""
    checked = [pulse_answers_check(points=points, answers=answers) for answers in answer_sets]
    today = timezone.localdate()
    responses = PulseResponse.objects.bulk_create([PulseResponse(round=round, submitted_on=today) for _ in checked])
    PulseAnswer.objects.bulk_create(
        [
            PulseAnswer(response=response, question=p.question, sub_item=p.sub_item, answer=answers[p.field])
            for response, answers in zip(responses, checked, strict=True)
            for p in points
        ]
    )
    note_created(round_id=round.pk, response_ids=[r.pk for r in responses])  # only to an open burst watch (watch.py)
    return len(responses)


@transaction.atomic
def official_link_save(*, agency: Agency, actor: Any, fiscal_year: int, instrument: str, url: str, note: str = ""):
    _require_manager(actor=actor, agency=agency)
    item = OfficialSurveyLink(agency=agency, fiscal_year=fiscal_year, instrument=instrument, url=url.strip(), note=note)
    try:
        item.full_clean()
    except ValidationError as exc:
        raise SurveyInputError("ลิงก์หรือข้อมูลไม่ถูกต้อง: ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https://") from exc
    if not item.url.lower().startswith("https://"):
        raise SurveyInputError("ลิงก์แบบสำรวจทางการต้องขึ้นต้นด้วย https://")
    item.save()
    audit_record(
        actor=actor,
        agency=agency,
        action="official_survey_link.created",
        target=item,
        before=None,
        after={"fiscal_year": fiscal_year, "instrument": instrument, "url": item.url},
    )
    return item
