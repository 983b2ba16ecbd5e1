"""Answers from public survey links: single-use form tokens, and the burst watch that flags answers coming too fast.

``pulse_answer_take`` is how a public link's answer is stored (the pulse survey page ``/s/…`` and an assessment
round's open EIT link ``/r/…``): in one transaction it spends the form's token (``base.abuse.form_token_spend``: a
replay stores nothing), stores the answer through the caller's ``store`` and counts it in the link's current run.

A run is kept in the cache only (``CACHES["abuse"]``, key per link): the time of its first and last answer, how many,
and the ids of its responses so far; it ends when no answer comes for ``PRONGSAI_SURVEY_BURST_GAP_SECONDS`` and is
then forgotten. When a run reaches ``PRONGSAI_SURVEY_BURST_MIN_ANSWERS`` it becomes one ``PulseBurst`` row (first and
last time, count) and its responses are tagged with it; later answers of the same run join it. Nothing else about an
answer's time is ever written. Staff see each burst as "ผิดปกติ: 60 คำตอบใน 2 วินาที" and may set it aside or restore
it (audited); answers set aside leave every count and score (``PulseResponse.objects``).

Runs are counted per process when the cache is (the default ``locmem``): with several workers, use a shared cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.abuse import form_token_spend
from prongsai.apps.surveys.models import PulseBurst, PulseResponse, PulseRound
from prongsai.apps.surveys.services import SurveyInputError, _own, _require_manager
from prongsai.apps.surveys.watch import collecting

RUN_KEY = "prongsai:surveys:run:{pk}"
SURVEY_REPLAYED = "คำตอบจากแบบฟอร์มนี้บันทึกไว้แล้ว (แบบฟอร์มหนึ่งชุดส่งได้ครั้งเดียว) ขอบคุณที่ตอบแบบสำรวจ"


def burst_min_answers() -> int:
    return max(2, int(getattr(settings, "PRONGSAI_SURVEY_BURST_MIN_ANSWERS", 20)))


def burst_gap_seconds() -> float:
    return max(0.0, float(getattr(settings, "PRONGSAI_SURVEY_BURST_GAP_SECONDS", 10)))


def _cache():
    return caches["abuse"] if "abuse" in settings.CACHES else caches["default"]


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _run_note(*, round: PulseRound, response_ids: list[str], managed_elsewhere: bool) -> None:
    """Count one accepted answer in the link's run (inside the answer's transaction, the round row locked, so the
    runs of one link are counted one answer at a time)."""
    cache, key, now = _cache(), RUN_KEY.format(pk=round.pk), time.time()
    try:
        run = cache.get(key)
    except Exception:  # a cache that is down: no burst watch meanwhile, the answer is still taken
        return
    if not isinstance(run, dict) or now - run["last"] > burst_gap_seconds():
        run = {"first": now, "last": now, "count": 0, "ids": [], "burst": None}
    run["count"] += 1
    run["last"] = now
    if run["burst"] is not None:
        # the run's burst row goes on; if it is gone (its transaction rolled back), the run keeps its ids again
        if PulseBurst.objects.filter(pk=run["burst"], round=round).update(last_at=_moment(now), answers=run["count"]):
            PulseResponse.all_objects.filter(round=round, pk__in=response_ids).update(burst_id=run["burst"])
        else:
            run["burst"] = None
    if run["burst"] is None:
        run["ids"] = [*run["ids"], *response_ids]
        if run["count"] >= burst_min_answers():
            burst = PulseBurst.objects.create(
                round=round, first_at=_moment(run["first"]), last_at=_moment(now), answers=run["count"],
                managed_elsewhere=managed_elsewhere,
            )
            PulseResponse.all_objects.filter(round=round, pk__in=run["ids"]).update(burst=burst)
            run["burst"], run["ids"] = burst.pk, []
    try:
        cache.set(key, run, timeout=max(1, int(burst_gap_seconds()) + 1))
    except Exception:  # a cache that is down: this run is forgotten
        return


@transaction.atomic
def pulse_answer_take(
    *, round: PulseRound, nonce: str, store: Callable[[], Any], managed_elsewhere: bool = False
) -> None:
    """One answer from a public link, in one transaction: spend the form token's ``nonce`` (a replay raises
    ``base.abuse.FormReplayed`` and stores nothing), run ``store`` (which stores one response of ``round`` through
    the survey engine, or raises), and count it in the link's burst watch. Takes no person and returns nothing."""

    def accept() -> None:
        # One answer of this link at a time: only the link's own row is locked (no ordering, so no join: with the
        # model's default ordering FOR UPDATE also locked the agency's row, and every write that names the agency
        # waited for the answer to commit).
        PulseRound.objects.select_for_update(of=("self",)).filter(pk=round.pk).order_by().exists()
        with collecting() as created:
            store()
        ids = [pk for round_id, pk in created if round_id == round.pk]
        _run_note(round=round, response_ids=ids, managed_elsewhere=managed_elsewhere)

    form_token_spend(nonce=nonce, then=accept, message=SURVEY_REPLAYED)


@transaction.atomic
def pulse_burst_mark(*, burst: PulseBurst, set_aside: bool, actor: Any, agency: Agency) -> PulseBurst:
    """Set a burst aside (its answers leave every count and score) or bring it back; audited in ``agency``. The
    caller has checked that ``actor`` may: ``pulse_burst_set_aside`` for a pulse survey, the round admin's check for
    an assessment round's link (apps/rounds)."""
    burst = PulseBurst.objects.select_for_update().get(pk=burst.pk)
    if burst.set_aside == set_aside:
        return burst
    burst.set_aside = set_aside
    burst.save(update_fields=["set_aside"])
    audit_record(
        actor=actor,
        agency=agency,
        action="pulse_burst.set_aside" if set_aside else "pulse_burst.restored",
        target=burst,
        before={"set_aside": not set_aside},
        after={"set_aside": set_aside, "round": burst.round_id, "answers": burst.answers, "summary": burst.summary_th},
    )
    return burst


@transaction.atomic
def pulse_burst_set_aside(
    *, agency: Agency, actor: Any, round: PulseRound, burst_id: int, set_aside: bool
) -> PulseBurst:
    """Staff who manage the agency's surveys (edit_results) set a burst of one of its rounds aside, or restore it."""
    _require_manager(actor=actor, agency=agency)
    _own(round, agency)
    burst = PulseBurst.objects.filter(pk=burst_id, round=round).first()
    if burst is None:
        raise SurveyInputError("ไม่พบช่วงคำตอบที่ผิดปกตินี้ในแบบสำรวจรอบนี้")
    if burst.managed_elsewhere:
        raise SurveyInputError(
            "แบบสำรวจนี้เป็นของรอบการประเมินหน่วยงานในสังกัด ผู้จัดการประเมินของรอบเป็นผู้พิจารณาช่วงคำตอบนี้"
        )
    return pulse_burst_mark(burst=burst, set_aside=set_aside, actor=actor, agency=agency)
