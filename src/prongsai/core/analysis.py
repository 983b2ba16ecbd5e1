"""Analysis of one agency's ITA result: ranking, strengths and weaknesses, trend, distance to the next level.

`analyse()` turns a `ScoreResult` (and, when known, earlier years and question scores) into an `Analysis`:
everything a document writer needs, already computed. The Thai summary sentences are built from the same
numbers as the model, so text and numbers cannot disagree.

Statuses (thresholds are configurable in `AnalysisSettings`):

- ``urgent``   (ต้องแก้ไขโดยเร่งด่วน): score below ``urgent_below`` (default: the year's pass line, 85);
- ``improve``  (ควรพัฒนา): from ``urgent_below`` up to, not including, ``maintain_at``;
- ``maintain`` (ควรรักษามาตรฐาน): at or above ``maintain_at`` (default: the top level's bar, 95).

A document that calls every indicator "below 100 but not below 97" urgent uses
``AnalysisSettings(urgent_below=100, maintain_at=100)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from prongsai.core.documents.model import Agency, QuestionScore
from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks.schema import Framework, LevelRule
from prongsai.core.gains import LevelPath, indicator_gains, path_to_level
from prongsai.core.scoring import Message, ScoreResult, round2, score_indicators, to_decimal
from prongsai.core.thai import format_score, list_th

Status = Literal["urgent", "improve", "maintain"]
STATUS_TH: dict[str, str] = {
    "urgent": "ต้องแก้ไขโดยเร่งด่วน",
    "improve": "ควรพัฒนาให้ดีขึ้น",
    "maintain": "ควรรักษามาตรฐาน",
}
_SEVERITY = {"urgent": 0, "improve": 1, "maintain": 2}
PLUS_POINTS = 10.0  # the "raise an indicator by 10 points" example


# --- settings ----------------------------------------------------------------------------------


class AnalysisSettings(BaseModel):
    """Thresholds and the agency's own target. None means: take it from the year's framework."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Below this an indicator (or instrument) is urgent. None: the year's pass line (85).
    urgent_below: float | None = Field(default=None, ge=0, le=100)
    # At or above this it is to be maintained. None: the top level's bar (95: AA / ผ่านดีเยี่ยม).
    maintain_at: float | None = Field(default=None, ge=0, le=100)
    # A question below this is weak. None: the same as maintain_at.
    weak_question_below: float | None = Field(default=None, ge=0, le=100)
    # Keep at most this many weak questions (the lowest). None: all.
    max_weak_questions: int | None = Field(default=None, ge=1)
    # The agency's own target for the overall score, and/or a level it aims at (e.g. ผ่านดีเยี่ยม).
    target_score: float | None = Field(default=None, ge=0, le=100)
    target_level: str | None = None
    # A change from the previous year at least this large (points) is called out as a rise or a fall.
    notable_change: float = Field(default=1.0, ge=0, le=100)

    @model_validator(mode="after")
    def _order(self) -> AnalysisSettings:
        if self.urgent_below is not None and self.maintain_at is not None and self.urgent_below > self.maintain_at:
            raise ValueError(
                f"เกณฑ์ 'ต้องแก้ไขโดยเร่งด่วน' ({self.urgent_below:g}) ต้องไม่สูงกว่าเกณฑ์ 'รักษามาตรฐาน'"
                f" ({self.maintain_at:g}) / urgent_below must not exceed maintain_at"
            )
        return self


class Thresholds(BaseModel):
    """The thresholds the analysis used, resolved from the settings and the framework."""

    pass_line: float
    urgent_below: float
    maintain_at: float
    weak_question_below: float
    target_score: float | None
    target_level: str | None
    notable_change: float


# --- the model ---------------------------------------------------------------------------------


class IndicatorStanding(BaseModel):
    rank: int  # 1 = highest score; equal scores share a rank (1, 2, 2, 4)
    indicator: int
    name_th: str
    instrument: str
    score: float
    weight_per_point: float  # overall points one indicator point is worth (0.06 / 0.10 / 0.20 in 2564)
    status: Status
    status_th: str
    gap_to_pass: float  # points below the pass line (0 when at or above)
    gap_to_maintain: float  # points below maintain_at
    gap_to_target: float | None  # points below the agency's target score (None: no target set)
    next_level_bar: float | None  # the bar the next level sets for this indicator's instrument (or overall)
    gap_to_next_level: float | None
    step_target: float  # the next threshold above the score: urgent_below, maintain_at or 100
    step_gain: float  # overall points won by raising this indicator alone to step_target
    previous: float | None  # the previous year's score (None: unknown)
    change: float | None


class InstrumentCondition(BaseModel):
    """A level's per-instrument condition (from FY2566: ≥85 for ผ่านดี, ≥95 for ผ่านดีเยี่ยม)."""

    level: str
    min_score: float
    met: bool
    gap: float


class InstrumentStanding(BaseModel):
    code: str
    name_th: str
    weight: float
    indicators: list[int]
    score: float
    status: Status
    status_th: str
    conditions: list[InstrumentCondition]  # empty for years without per-instrument conditions
    next_level_min: float | None  # the next level's per-instrument condition, if it has one
    gap_to_next_level: float | None
    blocks_next_level: bool  # this instrument alone keeps the agency below the next level's condition
    previous: float | None
    change: float | None


class Observation(BaseModel):
    """One strength or weakness, with a Thai sentence built from its numbers."""

    kind: Literal["overall", "instrument", "indicator", "trend", "target"]
    ref: str  # indicator number, instrument code, "overall" …
    name_th: str
    score: float | None
    text_th: str


class WeakQuestion(BaseModel):
    code: str | None
    text: str
    indicator: int | None
    indicator_name_th: str | None
    instrument: str | None
    score: float
    gap: float  # points below weak_question_below
    status: Status  # urgent when below urgent_below, else improve


class TrendPoint(BaseModel):
    fiscal_year: int
    overall: float
    level: str
    passed: bool
    instruments: dict[str, float]
    indicators: dict[str, float]


class Trend(BaseModel):
    points: list[TrendPoint]  # oldest first; the last is the analysed year
    previous_fiscal_year: int
    previous_overall: float
    overall_change: float
    direction: Literal["up", "down", "same"]
    previous_level: str
    level: str
    scheme_changed: bool  # the level scale changed between the two years (e.g. AA…F → ผ่าน…)
    instrument_changes: dict[str, float]
    indicator_changes: dict[str, float]
    rose: list[int]  # indicators up by at least notable_change, biggest rise first
    fell: list[int]  # indicators down by at least notable_change, biggest fall first
    best_year: int
    worst_year: int


class LevelDistance(BaseModel):
    from_level: str
    to_level: str
    min_overall: float
    overall_gap: float  # overall points still missing (0 when the overall is enough)
    min_each_instrument: float | None
    instrument_gaps: dict[str, float]  # instruments below the condition → points missing
    path: LevelPath | None  # the smallest set of indicator raises that reaches the level (gains.path_to_level)


class TargetDistance(BaseModel):
    target_score: float | None
    overall_gap: float | None  # None when no target score
    score_met: bool | None
    target_level: str | None
    level_met: bool | None
    level_path: LevelPath | None  # when the target level is not yet reached


class PointGain(BaseModel):
    rank: int  # 1 = most overall points recoverable (to_100)
    indicator: int
    name_th: str
    instrument: str
    current: float
    weight_per_point: float
    plus_points: float  # the raise used for plus_gain: 10 points, less when the indicator is near 100
    plus_gain: float  # overall points won by raising the indicator by plus_points
    to_pass: float  # overall points won by raising the indicator alone to the pass line
    to_maintain: float  # … to maintain_at
    to_target: float | None  # … to the agency's target score
    to_100: float  # … to 100


class SummarySentence(BaseModel):
    """A Thai sentence and every standalone number in it, in order, as printed."""

    key: str
    text_th: str
    values: list[str]


class Analysis(BaseModel):
    schema_version: Literal[1] = 1
    agency: Agency | None
    fiscal_year: int  # the year the results belong to (B.E.)
    plan_fiscal_year: int  # the year the measures are for (default: fiscal_year + 1)
    framework_origin: str
    level_scheme: Literal["letter", "pass_tiers"]
    levels: list[str]  # the year's levels, best first
    overall: float
    level: str
    level_en: str
    passed: bool
    formula: str
    thresholds: Thresholds
    instruments: list[InstrumentStanding]  # in framework order
    indicators: list[IndicatorStanding]  # ranked, highest first
    urgent: list[int]  # indicator numbers, lowest score first
    improve: list[int]
    maintain: list[int]  # highest score first
    strengths: list[Observation]
    weaknesses: list[Observation]
    weak_questions: list[WeakQuestion]  # lowest first
    questions_given: int
    trend: Trend | None
    next_level: LevelDistance | None  # None at the top level
    higher_levels: list[LevelDistance]  # every level above, nearest first
    target: TargetDistance | None
    gains: list[PointGain]  # ranked: most recoverable overall points first
    summary: list[SummarySentence]
    warnings: list[Message] = []

    def indicator(self, number: int) -> IndicatorStanding:
        for s in self.indicators:
            if s.indicator == number:
                return s
        raise KeyError(number)

    def instrument(self, code: str) -> InstrumentStanding:
        for s in self.instruments:
            if s.code == code:
                return s
        raise KeyError(code)

    def summary_text(self) -> str:
        return " ".join(s.text_th for s in self.summary)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls.model_validate(data)


# --- helpers -----------------------------------------------------------------------------------


class _QuestionLike(Protocol):
    code: str | None
    score: float


def _diff(a: float, b: float) -> float:
    return round2(to_decimal(a) - to_decimal(b))


def _gap(bar: float, score: float) -> float:
    return max(0.0, _diff(bar, score))


def _status(score: float, t: Thresholds) -> Status:
    if score < t.urgent_below:
        return "urgent"
    if score >= t.maintain_at:
        return "maintain"
    return "improve"


def _top_bar(framework: Framework) -> float:
    top = framework.levels.rules[0]
    return top.min_each_instrument if top.min_each_instrument is not None else top.min_overall


def _rule_index(framework: Framework, label: str) -> int:
    labels = [r.label for r in framework.levels.rules]
    if label not in labels:
        raise ScoreInputError(
            f"ไม่มีระดับ '{label}' ในปีงบประมาณ {framework.fiscal_year} (มี {', '.join(labels)})",
            f"FY{framework.fiscal_year} has no level '{label}' (it has {', '.join(labels)})",
        )
    return labels.index(label)


def _resolve(framework: Framework, settings: AnalysisSettings) -> Thresholds:
    pass_line = framework.pass_line.score
    urgent = settings.urgent_below if settings.urgent_below is not None else pass_line
    maintain = settings.maintain_at if settings.maintain_at is not None else _top_bar(framework)
    if urgent > maintain:
        raise ScoreInputError(
            f"เกณฑ์ 'ต้องแก้ไขโดยเร่งด่วน' ({urgent:g}) สูงกว่าเกณฑ์ 'รักษามาตรฐาน' ({maintain:g})",
            f"urgent_below ({urgent:g}) is above maintain_at ({maintain:g})",
        )
    if settings.target_level is not None:
        _rule_index(framework, settings.target_level)
    return Thresholds(
        pass_line=pass_line,
        urgent_below=urgent,
        maintain_at=maintain,
        weak_question_below=settings.weak_question_below if settings.weak_question_below is not None else maintain,
        target_score=settings.target_score,
        target_level=settings.target_level,
        notable_change=settings.notable_change,
    )


def _competition_ranks(values: list[float]) -> list[int]:
    """Ranks for values already sorted high → low: equal values share the rank of the first."""
    ranks: list[int] = []
    for i, v in enumerate(values):
        ranks.append(ranks[-1] if i and v == values[i - 1] else i + 1)
    return ranks


def _check_inputs(framework: Framework, result: ScoreResult) -> None:
    if framework.fiscal_year != result.fiscal_year:
        raise ScoreInputError(
            f"ผลการประเมินเป็นของปีงบประมาณ {result.fiscal_year} แต่กรอบการประเมินเป็นของปี {framework.fiscal_year}",
            f"the result is for FY{result.fiscal_year} but the framework is FY{framework.fiscal_year}",
        )
    expected = {str(i.number) for i in framework.indicators.items}
    if set(result.indicators) != expected:
        raise ScoreInputError(
            "ต้องมีคะแนนครบทุกตัวชี้วัดจึงจะวิเคราะห์ผลได้ (ผลที่มีเฉพาะคะแนนรายเครื่องมือวิเคราะห์ไม่ได้)",
            "every indicator score is needed for the analysis (instrument-only results cannot be analysed)",
        )


def _previous_results(result: ScoreResult, history: Iterable[ScoreResult]) -> list[ScoreResult]:
    by_year: dict[int, ScoreResult] = {}
    for h in history:
        if h.fiscal_year > result.fiscal_year:
            raise ScoreInputError(
                f"ผลของปีงบประมาณ {h.fiscal_year} อยู่หลังปีที่วิเคราะห์ ({result.fiscal_year}) จึงใช้เปรียบเทียบย้อนหลังไม่ได้",
                f"FY{h.fiscal_year} is after the analysed year FY{result.fiscal_year}",
            )
        if h.fiscal_year == result.fiscal_year:
            if h.overall == result.overall and h.indicators == result.indicators:
                continue  # the analysed result itself, passed along with the others
            raise ScoreInputError(
                f"ผลย้อนหลังมีปีงบประมาณ {h.fiscal_year} ซึ่งเป็นปีที่วิเคราะห์ แต่คะแนนไม่ตรงกัน",
                f"the history holds FY{h.fiscal_year}, the analysed year, with different scores",
            )
        if h.fiscal_year in by_year:
            raise ScoreInputError(
                f"ผลย้อนหลังมีปีงบประมาณ {h.fiscal_year} ซ้ำกัน", f"FY{h.fiscal_year} appears twice in the history"
            )
        by_year[h.fiscal_year] = h
    return [by_year[y] for y in sorted(by_year)]


def _point(r: ScoreResult) -> TrendPoint:
    return TrendPoint(
        fiscal_year=r.fiscal_year,
        overall=r.overall,
        level=r.level,
        passed=r.passed,
        instruments=dict(r.instruments),
        indicators=dict(r.indicators),
    )


def _trend(result: ScoreResult, previous: list[ScoreResult], t: Thresholds, labels: set[str]) -> Trend | None:
    if not previous:
        return None
    prev = previous[-1]
    change = _diff(result.overall, prev.overall)
    ind_changes = {
        k: _diff(v, prev.indicators[k]) for k, v in result.indicators.items() if k in prev.indicators
    }
    inst_changes = {
        k: _diff(v, prev.instruments[k]) for k, v in result.instruments.items() if k in prev.instruments
    }
    rose = sorted((int(k) for k, d in ind_changes.items() if d > 0 and d >= t.notable_change),
                  key=lambda n: (-ind_changes[str(n)], n))
    fell = sorted((int(k) for k, d in ind_changes.items() if d < 0 and -d >= t.notable_change),
                  key=lambda n: (ind_changes[str(n)], n))
    points = [_point(r) for r in [*previous, result]]
    best = max(points, key=lambda p: (p.overall, p.fiscal_year))
    worst = min(points, key=lambda p: (p.overall, -p.fiscal_year))
    return Trend(
        points=points,
        previous_fiscal_year=prev.fiscal_year,
        previous_overall=prev.overall,
        overall_change=change,
        direction="up" if change > 0 else "down" if change < 0 else "same",
        previous_level=prev.level,
        level=result.level,
        scheme_changed=prev.level not in labels,
        instrument_changes=inst_changes,
        indicator_changes=ind_changes,
        rose=rose,
        fell=fell,
        best_year=best.fiscal_year,
        worst_year=worst.fiscal_year,
    )


def _level_distance(framework: Framework, result: ScoreResult, rule: LevelRule) -> LevelDistance:
    inst_gaps = {}
    if rule.min_each_instrument is not None:
        inst_gaps = {
            code: _gap(rule.min_each_instrument, v)
            for code, v in result.instruments.items()
            if v < rule.min_each_instrument
        }
    return LevelDistance(
        from_level=result.level,
        to_level=rule.label,
        min_overall=rule.min_overall,
        overall_gap=_gap(rule.min_overall, result.overall),
        min_each_instrument=rule.min_each_instrument,
        instrument_gaps=inst_gaps,
        path=path_to_level(framework, result, rule.label),
    )


def _raised_gain(framework: Framework, result: ScoreResult, n: int, to: float) -> float:
    scores = {int(k): to_decimal(v) for k, v in result.indicators.items()}
    scores[n] = max(scores[n], to_decimal(to))
    return round2(to_decimal(score_indicators(framework, scores).overall) - to_decimal(result.overall))


def _key(t: float) -> str:
    return f"{t:g}"


def _question_fields(q: Any, framework: Framework) -> tuple[str | None, str, int | None, str | None, float]:
    code = getattr(q, "code", None)
    text = getattr(q, "text", None)
    indicator = getattr(q, "indicator", None)
    instrument = getattr(q, "instrument", None)
    known = None
    if code and framework.questions is not None:
        known = next((x for x in framework.questions.items if x.code.lower() == str(code).lower()), None)
    if known is not None:
        indicator = indicator if indicator is not None else known.indicator
        text = text or known.text_th
    if indicator is not None and not 1 <= int(indicator) <= len(framework.indicators.items):
        raise ScoreInputError(
            f"ข้อคำถาม {code or text}: ไม่มีตัวชี้วัดที่ {indicator}", f"question {code or text}: no indicator {indicator}"
        )
    if instrument is None and indicator is not None:
        instrument = framework.indicator(int(indicator)).instrument
    score = getattr(q, "score", None)
    if isinstance(score, bool) or not isinstance(score, int | float | Decimal) or not 0 <= score <= 100:
        raise ScoreInputError(
            f"ข้อคำถาม {code or text}: คะแนนต้องเป็นตัวเลข 0 ถึง 100 แต่ได้ {score!r}",
            f"question {code or text}: score must be a number 0-100, got {score!r}",
        )
    return (str(code) if code else None, text or (str(code) if code else ""), indicator, instrument, round2(score))


# --- Thai sentences ----------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    """The standalone numbers of a sentence (digits glued to Latin letters, as in 'i4', are not numbers)."""
    return _NUMBER.findall(text)


class _Sentence:
    """Builds a sentence; every number goes through num()/int() so the values list cannot drift."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.parts: list[str] = []
        self.values: list[str] = []

    def text(self, s: str) -> _Sentence:
        self.parts.append(s)
        return self

    def num(self, value: float) -> str:
        s = format_score(value)
        self.values.append(s)
        return s

    def int(self, value: int) -> str:
        s = str(value)
        self.values.append(s)
        return s

    def build(self) -> SummarySentence:
        return SummarySentence(key=self.key, text_th="".join(self.parts), values=self.values)


def _ind_label(s: _Sentence, n: int, name: str) -> str:
    return f"ตัวชี้วัดที่ {s.int(n)} {name}"


def _list_th(items: list[str]) -> str:
    """"ก ข และค", with a space after และ before a code or a number ("และ EIT")."""
    return list_th(items)


def _indicator_list(s: _Sentence, standings: list[IndicatorStanding]) -> str:
    return _list_th([f"{_ind_label(s, x.indicator, x.name_th)} ({s.num(x.score)} คะแนน)" for x in standings])


def _summary(a: Analysis, framework: Framework) -> list[SummarySentence]:
    out: list[SummarySentence] = []
    t = a.thresholds
    who = a.agency.name if a.agency and a.agency.name else "หน่วยงาน"

    s = _Sentence("overall")
    s.text(f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {s.int(a.fiscal_year)} ของ{who} ได้คะแนนภาพรวม {s.num(a.overall)} คะแนน")
    s.text(f" อยู่ในระดับ {a.level}")
    if a.passed:
        s.text(f" ซึ่งผ่านเกณฑ์ {s.num(t.pass_line)} คะแนน")
    else:
        s.text(f" ซึ่งยังไม่ถึงเกณฑ์ผ่าน {s.num(t.pass_line)} คะแนน")
    out.append(s.build())

    s = _Sentence("instruments")
    parts = [f"{i.code} {s.num(i.score)} คะแนน" for i in a.instruments]
    s.text("คะแนนรายเครื่องมือ: " + " ".join(parts))
    out.append(s.build())

    cond_rules = [r for r in framework.levels.rules if r.min_each_instrument is not None]
    if cond_rules:
        s = _Sentence("instrument_conditions")
        below = [(i, c) for i in a.instruments for c in i.conditions if not c.met]
        if a.next_level is not None and a.next_level.min_each_instrument is not None and a.next_level.instrument_gaps:
            gaps = [
                f"{code} ขาดอีก {s.num(g)} คะแนน" for code, g in a.next_level.instrument_gaps.items()
            ]
            s.text(
                f"ระดับ {a.next_level.to_level} กำหนดให้ทุกเครื่องมือได้ตั้งแต่ {s.num(a.next_level.min_each_instrument)}"
                f" คะแนนขึ้นไป ขณะนี้ " + _list_th(gaps)
            )
        elif not below:
            s.text(f"ทุกเครื่องมือผ่านเงื่อนไขรายเครื่องมือของทุกระดับ (ตั้งแต่ {s.num(cond_rules[0].min_each_instrument)} คะแนน)")
        else:
            s.text("ทุกเครื่องมือผ่านเงื่อนไขรายเครื่องมือของระดับถัดไป")
        out.append(s.build())

    tops = [x for x in a.indicators if x.score == a.indicators[0].score]
    bottoms = [x for x in a.indicators if x.score == a.indicators[-1].score]
    s = _Sentence("ranking")
    if len(tops) == len(a.indicators):
        s.text(f"ทุกตัวชี้วัดได้คะแนนเท่ากัน ({s.num(tops[0].score)} คะแนน)")
    else:
        s.text(f"ตัวชี้วัดที่ได้คะแนนสูงสุดคือ {_list_th([_ind_label(s, x.indicator, x.name_th) for x in tops])}")
        s.text(f" ({s.num(tops[0].score)} คะแนน)")
        s.text(f" และต่ำสุดคือ {_list_th([_ind_label(s, x.indicator, x.name_th) for x in bottoms])}")
        s.text(f" ({s.num(bottoms[0].score)} คะแนน)")
    out.append(s.build())

    by_number = {x.indicator: x for x in a.indicators}
    s = _Sentence("urgent")
    if a.urgent:
        s.text(f"ตัวชี้วัดที่ต้องแก้ไขโดยเร่งด่วน (ต่ำกว่า {s.num(t.urgent_below)} คะแนน) มี {s.int(len(a.urgent))} ตัว ได้แก่ ")
        s.text(_indicator_list(s, [by_number[n] for n in a.urgent]))
    else:
        s.text(f"ไม่มีตัวชี้วัดที่ได้ต่ำกว่า {s.num(t.urgent_below)} คะแนน")
    out.append(s.build())

    if a.improve:
        s = _Sentence("improve")
        s.text(
            f"ตัวชี้วัดที่ควรพัฒนาให้ดีขึ้น (ตั้งแต่ {s.num(t.urgent_below)} แต่ต่ำกว่า {s.num(t.maintain_at)} คะแนน)"
            f" มี {s.int(len(a.improve))} ตัว ได้แก่ "
        )
        s.text(_indicator_list(s, [by_number[n] for n in a.improve]))
        out.append(s.build())

    s = _Sentence("maintain")
    if a.maintain:
        s.text(f"ตัวชี้วัดที่ควรรักษามาตรฐาน (ตั้งแต่ {s.num(t.maintain_at)} คะแนน) มี {s.int(len(a.maintain))} ตัว ได้แก่ ")
        s.text(_indicator_list(s, [by_number[n] for n in a.maintain]))
    else:
        s.text(f"ยังไม่มีตัวชี้วัดที่ได้ตั้งแต่ {s.num(t.maintain_at)} คะแนน")
    out.append(s.build())

    if a.next_level is not None:
        nl = a.next_level
        s = _Sentence("next_level")
        s.text(f"ระดับถัดไปคือ {nl.to_level}")
        if nl.overall_gap > 0:
            s.text(f" ต้องได้คะแนนภาพรวมเพิ่มอีก {s.num(nl.overall_gap)} คะแนน")
        if nl.path is not None and nl.path.steps:
            steps = [
                f"{_ind_label(s, st.indicator, st.name_th)} จาก {s.num(st.from_score)} เป็น {s.num(st.to_score)} คะแนน"
                for st in nl.path.steps
            ]
            s.text(" ทางที่ใช้คะแนนน้อยที่สุดคือยก" + _list_th(steps))
            s.text(f" ซึ่งจะได้คะแนนภาพรวม {s.num(nl.path.overall_after)} คะแนน")
        out.append(s.build())
    else:
        s = _Sentence("next_level")
        s.text(f"หน่วยงานอยู่ในระดับสูงสุดแล้ว ({a.level}) ควรรักษาระดับนี้ไว้")
        out.append(s.build())

    if a.target is not None:
        tg = a.target
        s = _Sentence("target")
        bits = []
        if tg.target_score is not None:
            if tg.score_met:
                bits.append(f"ได้ตามเป้าหมายคะแนนภาพรวมของหน่วยงาน ({s.num(tg.target_score)} คะแนน) แล้ว")
            else:
                bits.append(
                    f"เป้าหมายคะแนนภาพรวมของหน่วยงานคือ {s.num(tg.target_score)} คะแนน"
                    f" ยังขาดอีก {s.num(tg.overall_gap or 0.0)} คะแนน"
                )
        if tg.target_level is not None:
            bits.append(
                f"ได้ระดับเป้าหมาย {tg.target_level} แล้ว" if tg.level_met else f"ยังไม่ถึงระดับเป้าหมาย {tg.target_level}"
            )
        s.text(" ".join(bits))
        out.append(s.build())

    if a.gains and a.gains[0].to_100 > 0:
        g = a.gains[0]
        s = _Sentence("gain_example")
        s.text(
            f"การยก{_ind_label(s, g.indicator, g.name_th)} ขึ้น {s.num(g.plus_points)} คะแนน"
            f" จะเพิ่มคะแนนภาพรวม {s.num(g.plus_gain)} คะแนน"
            f" เพราะคะแนนตัวชี้วัดนี้ {s.int(1)} คะแนนมีค่า {s.num(g.weight_per_point)} คะแนนภาพรวม"
        )
        if g.current + g.plus_points < 100:
            s.text(f" และหากยกขึ้นเต็ม {s.int(100)} คะแนนจะได้เพิ่ม {s.num(g.to_100)} คะแนน")
        out.append(s.build())

    if a.trend is not None:
        tr = a.trend
        s = _Sentence("trend")
        word = {"up": "เพิ่มขึ้น", "down": "ลดลง", "same": "เท่าเดิม"}[tr.direction]
        s.text(f"เทียบกับปีงบประมาณ พ.ศ. {s.int(tr.previous_fiscal_year)} คะแนนภาพรวม{word}")
        if tr.direction != "same":
            s.text(f" {s.num(abs(tr.overall_change))} คะแนน")
        s.text(f" (จาก {s.num(tr.previous_overall)} เป็น {s.num(a.overall)} คะแนน)")
        if tr.rose:
            s.text(" ตัวชี้วัดที่เพิ่มขึ้นชัดเจน: " + _list_th(
                [f"ตัวชี้วัดที่ {s.int(n)} (+{s.num(tr.indicator_changes[str(n)])})" for n in tr.rose]
            ))
        if tr.fell:
            s.text(" ตัวชี้วัดที่ลดลง: " + _list_th(
                [f"ตัวชี้วัดที่ {s.int(n)} (-{s.num(-tr.indicator_changes[str(n)])})" for n in tr.fell]
            ))
        out.append(s.build())

    if a.weak_questions:
        s = _Sentence("weak_questions")
        s.text(
            f"ข้อคำถามที่ได้ต่ำกว่า {s.num(t.weak_question_below)} คะแนนมี {s.int(len(a.weak_questions))} ข้อ"
        )
        lowest = a.weak_questions[0]
        where = f"ข้อ {lowest.code}" if lowest.code else "ข้อคำถามหนึ่ง"
        if lowest.indicator is not None:
            where += f" ในตัวชี้วัดที่ {s.int(lowest.indicator)}"
        s.text(f" ต่ำสุดคือ{where} ({s.num(lowest.score)} คะแนน)")
        out.append(s.build())
    return out


# --- analyse -----------------------------------------------------------------------------------


def analyse(
    framework: Framework,
    result: ScoreResult,
    *,
    agency: Agency | None = None,
    history: Sequence[ScoreResult] = (),
    questions: Sequence[QuestionScore | _QuestionLike] = (),
    settings: AnalysisSettings | None = None,
    plan_fiscal_year: int | None = None,
) -> Analysis:
    """Analyse one result against the framework of the same fiscal year.

    `history` holds earlier years' results (any order; the analysed result itself is ignored if included).
    `questions` are question scores from a parsed document (or from `survey.score_responses`: objects with
    `code` and `score`; texts and indicators come from the framework when missing).
    """
    settings = settings or AnalysisSettings()
    _check_inputs(framework, result)
    t = _resolve(framework, settings)
    previous = _previous_results(result, history)
    prev = previous[-1] if previous else None
    rules = framework.levels.rules
    idx = _rule_index(framework, result.level)
    next_rule = rules[idx - 1] if idx > 0 else None

    # gains
    targets = {t.urgent_below, t.maintain_at, 100.0}
    if t.target_score is not None:
        targets.add(t.target_score)
    raw_gains = {g.indicator: g for g in indicator_gains(framework, result, tuple(sorted(targets)))}
    gains: list[PointGain] = []
    for n, g in raw_gains.items():
        plus = min(PLUS_POINTS, _diff(100, g.current))
        gains.append(
            PointGain(
                rank=0,
                indicator=n,
                name_th=g.name_th,
                instrument=g.instrument,
                current=g.current,
                weight_per_point=g.points_per_indicator_point,
                plus_points=plus,
                plus_gain=_raised_gain(framework, result, n, g.current + plus),
                to_pass=_raised_gain(framework, result, n, t.pass_line),
                to_maintain=g.gains[_key(t.maintain_at)],
                to_target=g.gains[_key(t.target_score)] if t.target_score is not None else None,
                to_100=g.gains[_key(100.0)],
            )
        )
    gains.sort(key=lambda x: (-x.to_100, -x.weight_per_point, x.indicator))
    for i, g in enumerate(gains):
        g.rank = i + 1

    # indicators
    ordered = sorted(framework.indicators.items, key=lambda i: (-result.indicators[str(i.number)], i.number))
    ranks = _competition_ranks([result.indicators[str(i.number)] for i in ordered])
    standings: list[IndicatorStanding] = []
    for rank, ind in zip(ranks, ordered, strict=True):
        score = result.indicators[str(ind.number)]
        status = _status(score, t)
        step = t.urgent_below if status == "urgent" else t.maintain_at if status == "improve" else 100.0
        bar = None
        if next_rule is not None:
            bar = next_rule.min_each_instrument if next_rule.min_each_instrument is not None else next_rule.min_overall
        previous_score = prev.indicators.get(str(ind.number)) if prev else None
        standings.append(
            IndicatorStanding(
                rank=rank,
                indicator=ind.number,
                name_th=ind.name_th,
                instrument=ind.instrument,
                score=score,
                weight_per_point=raw_gains[ind.number].points_per_indicator_point,
                status=status,
                status_th=STATUS_TH[status],
                gap_to_pass=_gap(t.pass_line, score),
                gap_to_maintain=_gap(t.maintain_at, score),
                gap_to_target=_gap(t.target_score, score) if t.target_score is not None else None,
                next_level_bar=bar,
                gap_to_next_level=_gap(bar, score) if bar is not None else None,
                step_target=step,
                step_gain=_raised_gain(framework, result, ind.number, step),
                previous=previous_score,
                change=_diff(score, previous_score) if previous_score is not None else None,
            )
        )
    urgent = [s.indicator for s in sorted(standings, key=lambda s: (s.score, s.indicator)) if s.status == "urgent"]
    improve = [s.indicator for s in sorted(standings, key=lambda s: (s.score, s.indicator)) if s.status == "improve"]
    maintain = [s.indicator for s in standings if s.status == "maintain"]

    # instruments
    cond_rules = [r for r in rules if r.min_each_instrument is not None]
    instruments: list[InstrumentStanding] = []
    for inst in framework.instruments.items:
        score = result.instruments[inst.code]
        status = _status(score, t)
        nmin = next_rule.min_each_instrument if next_rule is not None else None
        prev_score = prev.instruments.get(inst.code) if prev else None
        instruments.append(
            InstrumentStanding(
                code=inst.code,
                name_th=inst.name_th,
                weight=inst.weight,
                indicators=list(inst.indicators),
                score=score,
                status=status,
                status_th=STATUS_TH[status],
                conditions=[
                    InstrumentCondition(
                        level=r.label,
                        min_score=r.min_each_instrument,
                        met=score >= r.min_each_instrument,
                        gap=_gap(r.min_each_instrument, score),
                    )
                    for r in cond_rules
                    if r.min_each_instrument is not None
                ],
                next_level_min=nmin,
                gap_to_next_level=_gap(nmin, score) if nmin is not None else None,
                blocks_next_level=nmin is not None and score < nmin,
                previous=prev_score,
                change=_diff(score, prev_score) if prev_score is not None else None,
            )
        )

    # weak questions
    weak: list[WeakQuestion] = []
    for q in questions:
        code, text, indicator, instrument, score = _question_fields(q, framework)
        if score >= t.weak_question_below:
            continue
        weak.append(
            WeakQuestion(
                code=code,
                text=text,
                indicator=indicator,
                indicator_name_th=framework.indicator(indicator).name_th if indicator is not None else None,
                instrument=instrument,
                score=score,
                gap=_gap(t.weak_question_below, score),
                status="urgent" if score < t.urgent_below else "improve",
            )
        )
    weak.sort(key=lambda w: (w.score, w.indicator or 99, (w.code or "").lower(), w.text))
    if settings.max_weak_questions is not None:
        weak = weak[: settings.max_weak_questions]

    # levels and target
    higher = [_level_distance(framework, result, r) for r in reversed(rules[:idx])]
    target = None
    if t.target_score is not None or t.target_level is not None:
        level_met = None
        level_path = None
        if t.target_level is not None:
            level_met = idx <= _rule_index(framework, t.target_level)
            if not level_met:
                level_path = path_to_level(framework, result, t.target_level)
        target = TargetDistance(
            target_score=t.target_score,
            overall_gap=_gap(t.target_score, result.overall) if t.target_score is not None else None,
            score_met=result.overall >= t.target_score if t.target_score is not None else None,
            target_level=t.target_level,
            level_met=level_met,
            level_path=level_path,
        )

    labels = {r.label for r in rules}
    trend = _trend(result, previous, t, labels)
    strengths, weaknesses = _observations(standings, instruments, trend, target, result, t)

    analysis = Analysis(
        agency=agency,
        fiscal_year=result.fiscal_year,
        plan_fiscal_year=plan_fiscal_year if plan_fiscal_year is not None else result.fiscal_year + 1,
        framework_origin=framework.origin,
        level_scheme=framework.levels.scheme,
        levels=[r.label for r in rules],
        overall=result.overall,
        level=result.level,
        level_en=result.level_en,
        passed=result.passed,
        formula=result.formula,
        thresholds=t,
        instruments=instruments,
        indicators=standings,
        urgent=urgent,
        improve=improve,
        maintain=maintain,
        strengths=strengths,
        weaknesses=weaknesses,
        weak_questions=weak,
        questions_given=len(questions),
        trend=trend,
        next_level=higher[0] if higher else None,
        higher_levels=higher,
        target=target,
        gains=gains,
        summary=[],
        warnings=list(result.warnings),
    )
    if analysis.plan_fiscal_year < analysis.fiscal_year:
        raise ScoreInputError(
            f"ปีงบประมาณของมาตรการ ({analysis.plan_fiscal_year}) ต้องไม่ก่อนปีของผลการประเมิน ({analysis.fiscal_year})",
            f"the plan year ({analysis.plan_fiscal_year}) cannot be before the results year ({analysis.fiscal_year})",
        )
    analysis.summary = _summary(analysis, framework)
    return analysis


def _observations(
    standings: list[IndicatorStanding],
    instruments: list[InstrumentStanding],
    trend: Trend | None,
    target: TargetDistance | None,
    result: ScoreResult,
    t: Thresholds,
) -> tuple[list[Observation], list[Observation]]:
    strengths: list[Observation] = []
    weaknesses: list[Observation] = []
    for s in standings:  # highest first
        label = f"ตัวชี้วัดที่ {s.indicator} {s.name_th}"
        if s.status == "maintain":
            strengths.append(
                Observation(
                    kind="indicator", ref=str(s.indicator), name_th=s.name_th, score=s.score,
                    text_th=f"{label} ได้ {format_score(s.score)} คะแนน"
                    f" ถึงเกณฑ์รักษามาตรฐาน ({format_score(t.maintain_at)})",
                )
            )
    for s in sorted(standings, key=lambda x: (x.score, x.indicator)):
        label = f"ตัวชี้วัดที่ {s.indicator} {s.name_th}"
        if s.status == "urgent":
            weaknesses.append(
                Observation(
                    kind="indicator", ref=str(s.indicator), name_th=s.name_th, score=s.score,
                    text_th=f"{label} ได้ {format_score(s.score)} คะแนน ต่ำกว่าเกณฑ์ {format_score(t.urgent_below)}"
                    f" อยู่ {format_score(_gap(t.urgent_below, s.score))} คะแนน ต้องแก้ไขโดยเร่งด่วน",
                )
            )
        elif s.status == "improve":
            weaknesses.append(
                Observation(
                    kind="indicator", ref=str(s.indicator), name_th=s.name_th, score=s.score,
                    text_th=f"{label} ได้ {format_score(s.score)} คะแนน ยังขาดอีก {format_score(s.gap_to_maintain)}"
                    f" คะแนนจึงถึงเกณฑ์ {format_score(t.maintain_at)} ควรพัฒนาให้ดีขึ้น",
                )
            )
    for i in instruments:
        top = i.conditions[0] if i.conditions else None
        if top is not None and top.met:
            strengths.append(
                Observation(
                    kind="instrument", ref=i.code, name_th=i.name_th, score=i.score,
                    text_th=f"{i.code} ได้ {format_score(i.score)} คะแนน ผ่านเงื่อนไขรายเครื่องมือของระดับ {top.level}"
                    f" ({format_score(top.min_score)})",
                )
            )
        if i.blocks_next_level and i.next_level_min is not None:
            weaknesses.append(
                Observation(
                    kind="instrument", ref=i.code, name_th=i.name_th, score=i.score,
                    text_th=f"{i.code} ได้ {format_score(i.score)} คะแนน ต่ำกว่าเงื่อนไขรายเครื่องมือ"
                    f" ({format_score(i.next_level_min)}) ของระดับถัดไป"
                    f" อยู่ {format_score(i.gap_to_next_level or 0)} คะแนน",
                )
            )
    if trend is not None:
        for n in trend.rose:
            d = trend.indicator_changes[str(n)]
            s = next(x for x in standings if x.indicator == n)
            strengths.append(
                Observation(
                    kind="trend", ref=str(n), name_th=s.name_th, score=s.score,
                    text_th=f"ตัวชี้วัดที่ {n} {s.name_th} เพิ่มขึ้น {format_score(d)} คะแนน"
                    f"จากปีงบประมาณ {trend.previous_fiscal_year}",
                )
            )
        for n in trend.fell:
            d = trend.indicator_changes[str(n)]
            s = next(x for x in standings if x.indicator == n)
            weaknesses.append(
                Observation(
                    kind="trend", ref=str(n), name_th=s.name_th, score=s.score,
                    text_th=f"ตัวชี้วัดที่ {n} {s.name_th} ลดลง {format_score(-d)} คะแนน"
                    f"จากปีงบประมาณ {trend.previous_fiscal_year}",
                )
            )
    if target is not None and target.target_score is not None:
        obs = Observation(
            kind="target", ref="overall", name_th="คะแนนภาพรวม", score=result.overall,
            text_th=(
                f"คะแนนภาพรวม {format_score(result.overall)} ถึงเป้าหมายของหน่วยงาน ({format_score(target.target_score)})"
                if target.score_met
                else f"คะแนนภาพรวม {format_score(result.overall)} ยังต่ำกว่าเป้าหมายของหน่วยงาน"
                f" ({format_score(target.target_score)}) อยู่ {format_score(target.overall_gap or 0)} คะแนน"
            ),
        )
        (strengths if target.score_met else weaknesses).append(obs)
    return strengths, weaknesses
