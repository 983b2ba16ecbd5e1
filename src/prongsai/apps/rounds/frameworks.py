"""A round's framework (a NACC year, or its variant YAML validated by the core loader) and what it asks: the survey
questions as the survey engine's question blocks, and the OIT items."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.surveys.questions import Point, QuestionBlock
from prongsai.core.frameworks.schema import Framework
from prongsai.core.rounds import framework_from_text, instrument_indicators, with_survey_questions


@lru_cache(maxsize=64)
def _from_text(digest: str, text: str) -> tuple[Framework, tuple[str, ...]]:
    framework, notes = with_survey_questions(framework_from_text(text, registry=framework_registry()))
    return framework, tuple(notes)


@lru_cache(maxsize=16)
def _from_year(year: int) -> tuple[Framework, tuple[str, ...]]:
    framework, notes = with_survey_questions(framework_registry().get(year))
    return framework, tuple(notes)


def round_framework_and_notes(round) -> tuple[Framework, tuple[str, ...]]:
    """Raises the core's ``ProngsaiError`` (Thai message) for a bad variant or an unknown year."""
    if round.framework_yaml:
        text = round.framework_yaml
        return _from_text(hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
    return _from_year(round.framework_year)


def round_framework(round) -> Framework:
    return round_framework_and_notes(round)[0]


def survey_blocks(framework: Framework, instrument: str) -> list[QuestionBlock]:
    """The questions of one instrument (IIT or EIT) as the survey engine's blocks (form field ``i1__a``)."""
    wanted = set(instrument_indicators(framework, instrument))
    section = framework.questions
    if section is None:
        return []
    blocks = []
    for n, q in enumerate((q for q in section.items if q.indicator in wanted), start=1):
        points = tuple(
            Point(field=f"{q.code}__{s.code}", question=q.code, sub_item=s.code, text=s.text_th or "",
                  options=tuple(section.scales[s.scale].options))
            for s in q.sub_items
        )
        blocks.append(QuestionBlock(code=q.code, number=n, indicator=q.indicator, text=q.text_th, points=points))
    return blocks


def survey_points(framework: Framework, instrument: str) -> list[Point]:
    return [p for b in survey_blocks(framework, instrument) for p in b.points]


def oit_items(framework: Framework) -> list[tuple[str, str, str]]:
    """(code, title, sub-indicator) of every OIT item of the framework."""
    if framework.oit is None:
        return []
    return [(it.code, it.title_th or "(ยังไม่ทราบชื่อข้อ)", sub.code) for sub, it in framework.oit.items()]


def oit_codes(framework: Framework) -> list[str]:
    return [code for code, _, _ in oit_items(framework)]
