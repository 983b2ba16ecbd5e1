"""Reads for pulse surveys, always for one agency; results only from the minimum number of respondents on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl
from django.db.models import Count, Q, QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.selectors import results_for_agency
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.surveys.models import (
    FormLength,
    OfficialSurveyLink,
    PulseAnswer,
    PulseBurst,
    PulseRound,
    SurveyKind,
)
from prongsai.apps.surveys.questions import (
    QuestionBlock,
    iit_codes,
    indicator_names,
    min_respondents,
    question_year_note,
    round_blocks,
    scale_scores,
)
from prongsai.core.frameworks.schema import Framework
from prongsai.core.scoring import round2
from prongsai.core.survey import score_responses


def rounds_for_agency(*, agency: Agency) -> QuerySet[PulseRound]:
    counted = Q(responses__burst__isnull=True) | Q(responses__burst__set_aside=False)  # answers set aside do not count
    return (
        PulseRound.objects.filter(agency=agency)
        .annotate(
            n_responses=Count("responses", filter=counted, distinct=True), n_bursts=Count("bursts", distinct=True)
        )
        .order_by("-pk")
    )


def round_for_agency(*, agency: Agency, pk: int) -> PulseRound | None:
    return PulseRound.objects.filter(agency=agency, pk=pk).first()


def round_bursts(*, agency: Agency, round: PulseRound) -> list[PulseBurst]:
    """The round's bursts of answers (newest first), flagged on its page."""
    return list(PulseBurst.objects.filter(round=round, round__agency=agency).order_by("-first_at", "-pk"))


def official_links_for_agency(*, agency: Agency) -> QuerySet[OfficialSurveyLink]:
    return OfficialSurveyLink.objects.filter(agency=agency).order_by("-fiscal_year", "instrument")


def official_link_for_agency(*, agency: Agency, pk: int) -> OfficialSurveyLink | None:
    return OfficialSurveyLink.objects.filter(agency=agency, pk=pk).first()


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    name: str
    pulse: float | None
    official: list[float | None]  # one per year of ``RoundResults.years``


@dataclass(frozen=True)
class QuestionRow:
    code: str
    text: str
    indicator: int
    score: float
    indicator_name: str = ""


@dataclass(frozen=True)
class RoundResults:
    respondents: int
    minimum: int
    shown: bool  # False below the minimum: nothing but the count is computed
    indicators: list[IndicatorRow] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    instrument: str = ""
    instrument_score: float | None = None
    official_instrument: list[float | None] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _answers_frame(round: PulseRound) -> pl.DataFrame:
    rows = list(
        PulseAnswer.objects.filter(response__round=round).values_list("response_id", "question", "sub_item", "answer")
    )
    return pl.DataFrame(
        {
            "respondent": [str(r[0]) for r in rows],
            "question": [r[1] for r in rows],
            "sub_item": [r[2] for r in rows],
            "answer": [r[3] for r in rows],
        },
        schema={"respondent": pl.String, "question": pl.String, "sub_item": pl.String, "answer": pl.String},
    )


def round_results(*, agency: Agency, round: PulseRound) -> RoundResults:
    """Scores of a round next to the agency's official results of the same and earlier years."""
    if round.agency_id != agency.pk:
        raise ValueError("round of another agency")
    n = round.responses.count()
    minimum = min_respondents()
    if n < minimum:
        return RoundResults(respondents=n, minimum=minimum, shown=False)
    registry = framework_registry()
    blocks = round_blocks(round=round)
    warnings: list[str] = []
    if round.kind == SurveyKind.IIT and round.question_year:
        framework = registry.get(round.question_year)
        asked = {b.code for b in blocks}
        if round.length == FormLength.SHORT:
            # Score against the questions asked only: those left out by design are not "missing answers".
            framework = _asking_only(framework, asked)
        scored = score_responses(framework, _answers_frame(round)).agency("")
        indicator_scores = {int(k): v for k, v in scored.indicators.items()}
        texts = {b.code: b.text for b in blocks}
        questions = [QuestionRow(q.code, texts.get(q.code, ""), q.indicator, q.score) for q in scored.questions]
        instrument, instrument_score = "IIT", scored.instruments.get("IIT")
        warnings = [w.th for w in scored.warnings]
        if round.length == FormLength.SHORT:
            total = len(iit_codes(registry.get(round.question_year)))
            warnings.insert(
                0,
                f"แบบสั้น: ถาม {len(asked)} จาก {total} ข้อ คะแนนตัวชี้วัดคิดจากข้อที่ถามเท่านั้น"
                " เทียบกับผลทางการได้เพียงคร่าว ๆ",
            )
        note = question_year_note(round.fiscal_year, round.question_year)
        if note:
            warnings.insert(0, f"{note} ข้อคำถามของปี {round.fiscal_year} อาจต่างไป")
    else:
        indicator_scores, questions, instrument_score = _own_scores(round, blocks)
        if round.kind == SurveyKind.EIT:
            instrument = "EIT"
            warnings = ["ข้อคำถามของหน่วยงานเอง ไม่ใช่ข้อคำถามของ ป.ป.ช. เทียบกับผลทางการได้เพียงคร่าว ๆ"]
        else:  # an assessment round's IIT survey: its questions and scores live in the round (apps/rounds)
            instrument = "IIT"
            warnings = ["ข้อคำถามและผลของแบบสำรวจนี้อยู่ในรอบการประเมินที่ผู้จัดการประเมินเปิดไว้"]
    results = [r for r in results_for_agency(agency=agency) if r.fiscal_year <= round.fiscal_year]
    results.sort(key=lambda r: r.fiscal_year, reverse=True)
    years = [r.fiscal_year for r in results]
    official = {r.fiscal_year: {s.number: float(s.score) for s in r.indicator_scores.all()} for r in results}
    names = indicator_names(round.fiscal_year, round.question_year)
    questions = [replace(q, indicator_name=names.get(q.indicator, "")) for q in questions]
    rows = [
        IndicatorRow(
            number=number,
            name=names.get(number, f"ตัวชี้วัดที่ {number}"),
            pulse=indicator_scores.get(number),
            official=[official[y].get(number) for y in years],
        )
        for number in sorted(indicator_scores)
    ]
    return RoundResults(
        respondents=n,
        minimum=minimum,
        shown=True,
        indicators=rows,
        questions=questions,
        instrument=instrument,
        instrument_score=instrument_score,
        official_instrument=[
            float(r.instrument_scores[instrument]) if instrument in (r.instrument_scores or {}) else None
            for r in results
        ],
        years=years,
        warnings=warnings,
    )


def _asking_only(framework: Framework, codes: set[str]) -> Framework:
    """``framework`` whose question section keeps only the questions ``codes`` (a short form's)."""
    section = framework.questions
    if section is None:
        return framework
    kept = section.model_copy(update={"items": [q for q in section.items if q.code in codes]})
    return framework.model_copy(update={"questions": kept})


def _own_scores(round: PulseRound, blocks: list[QuestionBlock]):
    scales = {f"q{q.number}": scale_scores(q.scale) for q in round.questions.all()}
    sums: dict[str, list[float]] = {}
    for question, answer in PulseAnswer.objects.filter(response__round=round).values_list("question", "answer"):
        if question in scales and answer in scales[question]:
            sums.setdefault(question, []).append(scales[question][answer])
    questions = [
        QuestionRow(b.code, b.text, b.indicator, round2(sum(sums[b.code]) / len(sums[b.code])))
        for b in blocks
        if sums.get(b.code)
    ]
    by_indicator: dict[int, list[float]] = {}
    for q in questions:
        by_indicator.setdefault(q.indicator, []).append(q.score)
    indicators = {k: round2(sum(v) / len(v)) for k, v in by_indicator.items()}
    overall = round2(sum(indicators.values()) / len(indicators)) if indicators else None
    return indicators, questions, overall
