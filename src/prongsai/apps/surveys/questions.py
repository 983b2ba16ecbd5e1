"""The questions a pulse round asks: the framework year's IIT questions (labels from its scales), or the agency's
own EIT-style questions; an IIT round of the short form asks only the questions ``short_forms.yaml`` lists for its
question year (data, not code). Also the option scores of the scales, from the framework."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from django.conf import settings

from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.surveys.models import FormLength, SurveyKind
from prongsai.core.frameworks.schema import Framework
from prongsai.core.frameworks.short_forms import short_forms


@dataclass(frozen=True)
class Point:
    """One answer point: a radio group in the form."""

    field: str  # form field name, e.g. ``i1__a``
    question: str
    sub_item: str
    text: str  # the sub-item's text ("" for a question with a single point)
    options: tuple[str, ...]


@dataclass(frozen=True)
class QuestionBlock:
    code: str
    number: int
    indicator: int
    text: str
    points: tuple[Point, ...]
    indicator_name: str = ""  # from the round's fiscal year framework (``indicator_names``)


@cache
def _years_with_iit() -> tuple[int, ...]:
    registry = framework_registry()
    out = []
    for year in registry.years():
        framework = registry.get(year)
        if framework.questions is not None and iit_codes(framework):
            out.append(year)
    return tuple(sorted(out))


def iit_indicators(framework: Framework) -> list[int]:
    for instrument in framework.instruments.items:
        if instrument.code == "IIT":
            return list(instrument.indicators)
    return []


def iit_codes(framework: Framework) -> list[str]:
    wanted = set(iit_indicators(framework))
    section = framework.questions
    return [q.code for q in section.items if q.indicator in wanted] if section else []


def question_year_for(fiscal_year: int) -> int | None:
    """The latest framework year up to ``fiscal_year`` whose IIT questions are known (else the earliest one)."""
    years = _years_with_iit()
    if not years:
        return None
    earlier = [y for y in years if y <= fiscal_year]
    return earlier[-1] if earlier else years[0]


def question_year_note(fiscal_year: int, question_year: int | None) -> str:
    """Why a round of ``fiscal_year`` asks another year's questions ("" when it asks its own year's)."""
    if question_year is None or question_year == fiscal_year:
        return ""
    if question_year < fiscal_year:
        return f"ใช้ข้อคำถามของปี {question_year} เพราะกรอบปี {fiscal_year} ยังไม่มีข้อคำถาม"
    return f"ใช้ข้อคำถามของปี {question_year} เพราะระบบยังไม่มีข้อคำถามของปี {fiscal_year} หรือปีก่อนหน้า"


def indicator_names(fiscal_year: int, fallback_year: int | None = None) -> dict[int, str]:
    """Indicator number → Thai name from the year's framework; else the nearest earlier year's, else
    ``fallback_year``'s (the year the questions come from)."""
    registry = framework_registry()
    years = registry.years()
    candidates = [fiscal_year, *sorted((y for y in years if y < fiscal_year), reverse=True)]
    if fallback_year is not None:
        candidates.append(fallback_year)
    for year in candidates:
        if year in years:
            names = {i.number: i.name_th for i in registry.get(year).indicators.items if i.name_th}
            if names:
                return names
    return {}


def iit_blocks(question_year: int) -> list[QuestionBlock]:
    framework = framework_registry().get(question_year)
    section = framework.questions
    wanted = set(iit_indicators(framework))
    blocks = []
    for n, q in enumerate((q for q in section.items if q.indicator in wanted), start=1):
        points = tuple(
            Point(
                field=f"{q.code}__{s.code}",
                question=q.code,
                sub_item=s.code,
                text=s.text_th or "",
                options=tuple(section.scales[s.scale].options),
            )
            for s in q.sub_items
        )
        blocks.append(QuestionBlock(code=q.code, number=n, indicator=q.indicator, text=q.text_th, points=points))
    return blocks


def short_form_codes(question_year: int | None) -> tuple[str, ...]:
    """The question codes the short form asks for ``question_year`` (``short_forms.yaml``), only those the year's
    framework has; () when the year has no short form."""
    if question_year is None:
        return ()
    codes = short_forms().get(question_year, ())
    known = set(iit_codes(framework_registry().get(question_year))) if codes else set()
    return tuple(c for c in codes if c in known)


def short_form_blocks(blocks: list[QuestionBlock], codes: tuple[str, ...]) -> list[QuestionBlock]:
    """Only the blocks of ``codes``, in the framework's order, numbered 1, 2, … as the respondent sees them."""
    wanted = set(codes)
    kept = [b for b in blocks if b.code in wanted]
    return [replace(b, number=n) for n, b in enumerate(kept, start=1)]


@cache
def scale_scores(scale: str) -> dict[str, float]:
    """Option label → score of a scale, from the latest framework year that defines it."""
    registry = framework_registry()
    for year in sorted(registry.years(), reverse=True):
        section = registry.get(year).questions
        if section is not None and scale in section.scales:
            return dict(section.scales[scale].options)
    raise KeyError(scale)


def own_blocks(questions) -> list[QuestionBlock]:
    """Blocks for the agency's own questions (``PulseQuestion`` rows)."""
    return [
        QuestionBlock(
            code=f"q{q.number}",
            number=q.number,
            indicator=q.indicator,
            text=q.text,
            points=(
                Point(
                    field=f"q{q.number}__",
                    question=f"q{q.number}",
                    sub_item="",
                    text="",
                    options=tuple(scale_scores(q.scale)),
                ),
            ),
        )
        for q in questions
    ]


DEFAULT_MIN_RESPONDENTS = 5


def min_respondents() -> int:
    """Results are shown only from this many responses on (setting ``PRONGSAI_SURVEY_MIN_RESPONDENTS``, default 5)."""
    return max(1, int(getattr(settings, "PRONGSAI_SURVEY_MIN_RESPONDENTS", DEFAULT_MIN_RESPONDENTS)))


def round_blocks(*, round) -> list[QuestionBlock]:
    """The questions a ``PulseRound`` asks (resolved through its agency or its public link)."""
    if round.kind == SurveyKind.IIT:
        blocks = iit_blocks(round.question_year) if round.question_year else []
        if round.length == FormLength.SHORT:
            blocks = short_form_blocks(blocks, short_form_codes(round.question_year))
    else:
        blocks = own_blocks(round.questions.order_by("number"))
    names = indicator_names(round.fiscal_year, round.question_year)
    return [replace(b, indicator_name=names.get(b.indicator, "")) for b in blocks]
