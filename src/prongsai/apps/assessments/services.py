"""Writes for ITA results. Keyword-only, typed, atomic.

Overall score, level, pass and instrument scores are computed here by ``prongsai.core.scoring``
from the indicator scores and the fiscal year's framework; nobody types them in. A core error
(unknown year, a missing indicator, a score outside 0–100) becomes a ``ResultInputError`` with the
core's Thai message, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry, default_registry
from prongsai.core.frameworks.schema import Framework
from prongsai.core.scoring import CENT, score_indicators, to_decimal


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
        return (registry or default_registry()).get(fiscal_year)
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


@transaction.atomic
def result_record(
    *,
    agency: Agency,
    fiscal_year: int,
    indicator_scores: Mapping[int | str, object],
    registry: FrameworkRegistry | None = None,
) -> AssessmentResult:
    """Record (or replace) an agency's result for a fiscal year from its indicator scores.

    Every indicator of the year must be given, each 0–100 with at most two decimals. The result is
    written only when something differs from what is stored, so recording the same scores twice
    changes nothing. Raises ``ResultInputError`` (Thai message) and writes nothing on bad input.
    """
    if agency.pk is None:
        raise ResultInputError("ต้องบันทึกข้อมูลหน่วยงานก่อนบันทึกผลการประเมิน", "save the agency first")
    framework = _framework(fiscal_year, registry)
    try:
        scored = score_indicators(framework, indicator_scores)
    except ProngsaiError as exc:
        raise ResultInputError(exc.th, exc.en) from exc
    entered = _entered_scores(indicator_scores)
    values = {
        "overall": to_decimal(scored.overall).quantize(CENT),
        "level": scored.level,
        "passed": scored.passed,
        "instrument_scores": dict(scored.instruments),
        "framework_origin": framework.origin,
    }

    result = AssessmentResult.objects.select_for_update().filter(agency=agency, fiscal_year=fiscal_year).first()
    if result is not None:
        stored = {s.number: s.score for s in result.indicator_scores.all()}
        if stored == entered and all(getattr(result, f) == v for f, v in values.items()):
            return result  # nothing to change
        for field, value in values.items():
            setattr(result, field, value)
        result.save()
        result.indicator_scores.all().delete()
    else:
        result = AssessmentResult.objects.create(agency=agency, fiscal_year=fiscal_year, **values)
    IndicatorScore.objects.bulk_create(
        IndicatorScore(result=result, number=number, score=score) for number, score in sorted(entered.items())
    )
    return result
