"""Writes for ITA results. Keyword-only, typed, atomic.

Overall score, level, pass and instrument scores are computed here by ``prongsai.core.scoring``
from the indicator scores and the fiscal year's framework; nobody types them in. A core error
(unknown year, a missing indicator, a score outside 0–100) becomes a ``ResultInputError`` with the
core's Thai message, and nothing is written.

Every save that changes something adds an ``AssessmentResultVersion`` (the history of the year) and
an audit entry with the state before and after, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import (
    AssessmentResult,
    AssessmentResultVersion,
    IndicatorScore,
    QuestionScore,
    ResultSource,
)
from prongsai.apps.audit.services import actor_label, audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.public_cache import public_version_bump
from prongsai.apps.base.result_events import results_changed
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.frameworks.schema import Framework
from prongsai.core.scoring import CENT, check_score, score_indicators, to_decimal

MAX_QUESTIONS = 500
MAX_QUESTION_TEXT = 2000


class ResultInputError(ValidationError):
    """Scores that cannot be recorded. ``messages[0]`` (and ``th``) is Thai; ``en`` is English."""

    def __init__(self, th: str, en: str | None = None) -> None:
        super().__init__(th, code="result_input")
        self.th = th
        self.en = en or th


def _framework(fiscal_year: int, registry: FrameworkRegistry | None) -> Framework:
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise ResultInputError(
            f"ปีงบประมาณต้องเป็นปี พ.ศ. (ตัวเลข เช่น 2568) แต่ได้ {fiscal_year!r}",
            f"the fiscal year must be a B.E. year (a number such as 2568), got {fiscal_year!r}",
        )
    try:
        return (registry or framework_registry()).get(fiscal_year)
    except ProngsaiError as exc:
        raise ResultInputError(exc.th, exc.en) from exc


def _entered_scores(indicator_scores: Mapping[int | str, object]) -> dict[int, Decimal]:
    """The scores as stored: at most two decimals, as the NACC publishes them (never rounded silently)."""
    out: dict[int, Decimal] = {}
    for key, value in indicator_scores.items():
        number = int(key)
        score = to_decimal(value)  # the core has already checked it is a number from 0 to 100
        if score != score.quantize(CENT):
            raise ResultInputError(
                f"ตัวชี้วัดที่ {number}: คะแนนต้องมีทศนิยมไม่เกินสองตำแหน่ง แต่ได้ {value}",
                f"indicator {number}: at most two decimals, got {value}",
            )
        out[number] = score.quantize(CENT)
    return out


def _entered_questions(framework: Framework, questions: Sequence[Any]) -> list[dict[str, Any]]:
    """Question scores as stored: code, text, indicator, instrument, score (two decimals, half up)."""
    if len(questions) > MAX_QUESTIONS:
        raise ResultInputError(
            f"คะแนนรายข้อคำถามมากเกินไป ({len(questions)} ข้อ เกิน {MAX_QUESTIONS} ข้อ)",
            f"too many question scores ({len(questions)}, over {MAX_QUESTIONS})",
        )
    numbers = {i.number for i in framework.indicators.items}
    codes = {i.code for i in framework.instruments.items}
    instrument_of = {i.number: i.instrument for i in framework.indicators.items}
    out = []
    for position, raw in enumerate(questions, start=1):
        q = raw.model_dump() if hasattr(raw, "model_dump") else dict(raw)
        text = " ".join(str(q.get("text") or "").split())[:MAX_QUESTION_TEXT]
        code = str(q.get("code") or "").strip()[:20]
        where = f"ข้อคำถามลำดับที่ {position}" + (f" ({code})" if code else "")
        if not text and not code:
            raise ResultInputError(f"{where}: ไม่มีข้อความของข้อคำถาม", f"question {position}: no text")
        try:
            score = check_score(q.get("score"), where, f"question {position}")
        except ProngsaiError as exc:
            raise ResultInputError(exc.th, exc.en) from exc
        indicator = q.get("indicator")
        if indicator is not None and indicator not in numbers:
            raise ResultInputError(
                f"{where}: ไม่มีตัวชี้วัดที่ {indicator} ในปีงบประมาณ {framework.fiscal_year}",
                f"question {position}: no indicator {indicator} in FY{framework.fiscal_year}",
            )
        instrument = str(q.get("instrument") or "") or instrument_of.get(indicator, "")
        if instrument and instrument not in codes:
            raise ResultInputError(f"{where}: ไม่รู้จักเครื่องมือ {instrument}", f"question {position}: unknown {instrument}")
        out.append(
            {
                "position": position,
                "code": code,
                "text": text or code,
                "indicator": indicator,
                "instrument": instrument,
                "score": score.quantize(CENT, rounding=ROUND_HALF_UP),
            }
        )
    return out


def _stored_questions(result: AssessmentResult) -> list[dict[str, Any]]:
    return [
        {
            "position": q.position,
            "code": q.code,
            "text": q.text,
            "indicator": q.indicator,
            "instrument": q.instrument,
            "score": q.score,
        }
        for q in result.question_scores.order_by("position")
    ]


def result_snapshot(result: AssessmentResult) -> dict[str, Any]:
    """The result as plain JSON (decimals as two-decimal strings): what a version and the audit log keep."""
    return {
        "fiscal_year": result.fiscal_year,
        "overall": f"{to_decimal(result.overall):.2f}",
        "level": result.level,
        "passed": result.passed,
        "instruments": {code: f"{value:.2f}" for code, value in result.instrument_scores.items()},
        "indicators": {str(s.number): f"{s.score:.2f}" for s in result.indicator_scores.order_by("number")},
        "questions": [
            {
                "code": q["code"],
                "text": q["text"],
                "indicator": q["indicator"],
                "instrument": q["instrument"],
                "score": f"{q['score']:.2f}",
            }
            for q in _stored_questions(result)
        ],
        "framework_origin": result.framework_origin,
    }


def _audit_view(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the audit log shows: the snapshot with the question list reduced to its count."""
    if snapshot is None:
        return None
    view = {k: v for k, v in snapshot.items() if k != "questions"}
    view["question_count"] = len(snapshot.get("questions", []))
    return view


@transaction.atomic
def result_record(
    *,
    agency: Agency,
    fiscal_year: int,
    indicator_scores: Mapping[int | str, object],
    registry: FrameworkRegistry | None = None,
    questions: Sequence[Any] | None = None,
    actor: Any = None,
    source: ResultSource | str = ResultSource.SYSTEM,
    source_name: str = "",
    note: str = "",
) -> AssessmentResult:
    """Record (or replace) an agency's result for a fiscal year from its indicator scores.

    Every indicator of the year must be given, each 0–100 with at most two decimals. ``questions``
    (dicts or ``QuestionScore`` models with code, text, indicator, instrument, score) replace the year's
    question scores; ``None`` keeps them. The result is written only when something differs from what
    is stored, so recording the same scores twice changes nothing. A change adds a version (``actor``,
    ``source``, ``source_name``, ``note``) and an audit entry. Raises ``ResultInputError`` (Thai
    message) and writes nothing on bad input.
    """
    if agency.pk is None:
        raise ResultInputError("ต้องบันทึกข้อมูลหน่วยงานก่อนบันทึกผลการประเมิน", "save the agency first")
    source = ResultSource(str(source))
    framework = _framework(fiscal_year, registry)
    try:
        scored = score_indicators(framework, indicator_scores)
    except ProngsaiError as exc:
        raise ResultInputError(exc.th, exc.en) from exc
    entered = _entered_scores(indicator_scores)
    entered_questions = _entered_questions(framework, questions) if questions is not None else None
    values = {
        "overall": to_decimal(scored.overall).quantize(CENT),
        "level": scored.level,
        "passed": scored.passed,
        "instrument_scores": dict(scored.instruments),
        "framework_origin": framework.origin,
    }

    result = AssessmentResult.objects.select_for_update().filter(agency=agency, fiscal_year=fiscal_year).first()
    before: dict[str, Any] | None = None
    if result is not None:
        stored = {s.number: s.score for s in result.indicator_scores.all()}
        same_questions = entered_questions is None or entered_questions == _stored_questions(result)
        if stored == entered and same_questions and all(getattr(result, f) == v for f, v in values.items()):
            return result  # nothing to change
        before = result_snapshot(result)
        for field, value in values.items():
            setattr(result, field, value)
        result.save()
        if stored != entered:
            result.indicator_scores.all().delete()
            IndicatorScore.objects.bulk_create(
                IndicatorScore(result=result, number=n, score=score) for n, score in sorted(entered.items())
            )
    else:
        result = AssessmentResult.objects.create(agency=agency, fiscal_year=fiscal_year, **values)
        IndicatorScore.objects.bulk_create(
            IndicatorScore(result=result, number=n, score=score) for n, score in sorted(entered.items())
        )
    if entered_questions is not None and (before is None or entered_questions != _stored_questions(result)):
        result.question_scores.all().delete()
        QuestionScore.objects.bulk_create(QuestionScore(result=result, **q) for q in entered_questions)

    after = result_snapshot(result)
    last = result.versions.order_by("-number").values_list("number", flat=True).first() or 0
    person = real_actor(actor)
    AssessmentResultVersion.objects.create(
        result=result,
        number=last + 1,
        snapshot=after,
        source=source,
        source_name=source_name[:300],
        note=note,
        actor=person,
        actor_label=actor_label(person)[:300],
    )
    results_changed(fiscal_years={fiscal_year}, agency=agency, reason="saved")  # e.g. national aggregates
    how = source.label + (f" “{source_name}”" if source_name else "")
    audit_record(
        actor=person,
        agency=agency,
        action="result.created" if before is None else "result.updated",
        target=result,
        before=_audit_view(before),
        after=_audit_view(after),
        note=f"{how}" + (f": {note}" if note else ""),
    )
    return result


@dataclass(frozen=True)
class RescoreReport:
    rescored: int  # results whose score, level or framework changed (each a new version)
    failed: list[tuple[str, str]]  # (agency name, Thai reason) of results the new framework cannot score


def results_rescore(*, actor: Any, fiscal_year: int, reason: str) -> RescoreReport:
    """Re-score every result of the year that an earlier framework version scored, from its stored indicator
    scores, with the year's current framework. Each one is a new result version carrying ``reason``, in the
    audit log; a result the new framework cannot score (e.g. a different number of indicators) is left as it
    was and reported. Each result is its own transaction: one that fails never undoes the others."""
    from prongsai.apps.assessments.selectors import results_needing_rescore

    reason = (reason or "").strip()
    if not reason:
        raise ResultInputError("กรุณาระบุเหตุผลของการคำนวณคะแนนใหม่", "a reason is required")
    rescored, failed = 0, []
    for result in results_needing_rescore(fiscal_year=fiscal_year):
        scores = {s.number: s.score for s in result.indicator_scores.all()}
        try:
            result_record(
                agency=result.agency, fiscal_year=fiscal_year, indicator_scores=scores, actor=actor,
                source=ResultSource.SYSTEM, note=f"คำนวณใหม่ตามกรอบการประเมินฉบับปัจจุบัน: {reason}"[:2000],
            )
            rescored += 1
        except ResultInputError as exc:
            failed.append((result.agency.name_th, exc.th))
    return RescoreReport(rescored=rescored, failed=failed)


# --- publishing: what the portal and open data show ---------------------------------------------------------


def _publication(result: AssessmentResult) -> dict[str, Any]:
    version = result.published_version
    return {
        "fiscal_year": result.fiscal_year,
        "version": version.number if version is not None else None,
        "overall": (version.snapshot or {}).get("overall") if version is not None else None,
        "level": (version.snapshot or {}).get("level") if version is not None else None,
    }


def _public_data_changed(*, agency: Agency) -> None:
    """Called in the transaction of every change of what the public sees of the agency's results (publish,
    unpublish): the agency's cached public pages and open data are stale from now on. (Saving a draft changes
    nothing public; its audit entry bumps the version anyway.)"""
    public_version_bump(agency=agency)


def _locked_result(agency: Agency, fiscal_year: int) -> AssessmentResult:
    result = (
        AssessmentResult.objects.select_for_update(of=("self",))
        .select_related("published_version")
        .filter(agency=agency, fiscal_year=fiscal_year)
        .first()
    )
    if result is None:
        raise ResultInputError(
            f"ไม่มีผลการประเมินปีงบประมาณ {fiscal_year} ของหน่วยงานนี้", f"no FY{fiscal_year} result"
        )
    return result


@transaction.atomic
def result_publish(*, agency: Agency, fiscal_year: int, actor: Any, version: int | None = None) -> AssessmentResult:
    """Publish the year's result on the portal and in open data: its newest version, or ``version`` when given,
    which must then still be the newest (a page that showed an older version cannot publish a newer one unseen).
    The public keeps seeing this version until another is published or it is unpublished. Publishing what is
    already published changes nothing. Audited (``result.published``: who, which version, when)."""
    result = _locked_result(agency, fiscal_year)
    latest = result.versions.order_by("-number").first()
    if latest is None:
        raise ResultInputError("ผลการประเมินนี้ยังไม่มีฉบับที่บันทึกไว้ จึงเผยแพร่ไม่ได้", "no version to publish")
    if version is not None and version != latest.number:
        raise ResultInputError(
            f"ผลปีงบประมาณ {fiscal_year} มีฉบับใหม่กว่า (ฉบับที่ {latest.number}) ที่ท่านยังไม่ได้ตรวจดู"
            " กรุณาเปิดหน้าผลการประเมินอีกครั้งแล้วจึงเผยแพร่",
            f"version {version} is no longer the newest ({latest.number})",
        )
    if result.published_version_id == latest.pk:
        return result
    before = _publication(result) if result.published_version_id else None
    person = real_actor(actor)
    result.published_version, result.published_at, result.published_by = latest, timezone.now(), person
    result.save(update_fields=["published_version", "published_at", "published_by"])
    _public_data_changed(agency=agency)
    results_changed(fiscal_years={fiscal_year}, agency=agency, reason="published")
    audit_record(
        actor=person,
        agency=agency,
        action="result.published",
        target=result,
        before=before,
        after=_publication(result),
        note=f"เผยแพร่ผลปีงบประมาณ {fiscal_year} ฉบับที่ {latest.number}",
    )
    return result


@transaction.atomic
def result_unpublish(*, agency: Agency, fiscal_year: int, actor: Any) -> AssessmentResult:
    """Take the year's result off the portal and out of open data. One that is not published is left as it is."""
    result = _locked_result(agency, fiscal_year)
    if result.published_version_id is None:
        return result
    before = _publication(result)
    result.published_version, result.published_at, result.published_by = None, None, None
    result.save(update_fields=["published_version", "published_at", "published_by"])
    _public_data_changed(agency=agency)
    results_changed(fiscal_years={fiscal_year}, agency=agency, reason="unpublished")
    audit_record(
        actor=actor,
        agency=agency,
        action="result.unpublished",
        target=result,
        before=before,
        after=None,
        note=f"ยกเลิกการเผยแพร่ผลปีงบประมาณ {fiscal_year}",
    )
    return result
