"""Assessor mode, the pure part: variant frameworks, minimum samples, the calendar, scoring and ranking a round."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.rounds import (
    DEFAULT_SAMPLE_SIZE,
    PHASES,
    Phase,
    RoundError,
    UnitInput,
    calendar_problems,
    competition_ranks,
    default_calendar,
    framework_from_text,
    minimum_sample,
    phase_open,
    sample_size_rules,
    score_round,
    with_survey_questions,
)

VARIANT = (Path(__file__).resolve().parents[2] / "src/prongsai/apps/rounds/data/demo-variant.yaml").read_text("utf-8")


@pytest.fixture(scope="module")
def variant():
    return framework_from_text(VARIANT)


def test_a_variant_keeps_the_base_years_weights_and_levels_with_its_own_items(variant):
    base = FrameworkRegistry().get(2568)
    assert variant.instruments == base.instruments and variant.levels == base.levels
    assert [it.code for _, it in variant.oit.items()] == ["O1", "O3", "O4", "O9", "O25", "O26"]
    assert sample_size_rules(variant) == (variant.sample_size, False)
    assert sample_size_rules(base) == (DEFAULT_SAMPLE_SIZE, True)


def test_a_bad_variant_is_refused_with_the_field_named():
    bad = VARIANT.replace("minimum: 2, all_if_fewer: true}", "minimum: -1, all_if_fewer: true}", 1)
    with pytest.raises(FrameworkError) as err:
        framework_from_text(bad)
    assert "sample_size" in err.value.th
    with pytest.raises(FrameworkError):
        framework_from_text("extends: [1\n")


def test_a_year_without_iit_questions_borrows_the_latest_earlier_ones_and_says_so():
    framework, notes = with_survey_questions(FrameworkRegistry().get(2568))
    assert {q.code for q in framework.questions.items} >= {"i1", "i5"}
    assert notes and "2565" in notes[0]


@pytest.mark.parametrize(
    "population, iit, eit",
    [(0, 0, 0), (12, 12, 12), (25, 25, 25), (80, 25, 30), (1000, 25, 100), (4000, 25, 400), (5000, 25, 400)],
)
def test_default_minimum_samples(population, iit, eit):
    assert minimum_sample(DEFAULT_SAMPLE_SIZE.iit, population) == iit
    assert minimum_sample(DEFAULT_SAMPLE_SIZE.eit, population) == eit


def test_a_negative_population_is_refused():
    with pytest.raises(RoundError):
        minimum_sample(DEFAULT_SAMPLE_SIZE.iit, -3)


def test_calendar_rules():
    phases = default_calendar(date(2025, 1, 6))
    assert [p.kind for p in phases] == list(PHASES) and calendar_problems(phases) == []
    assert phase_open(phases, "registration", date(2025, 1, 6)) and not phase_open(phases, "scoring", date(2025, 1, 6))
    bad = [Phase("registration", date(2025, 2, 1), date(2025, 1, 1)), Phase("oit_submission", date(2025, 1, 1),
           date(2025, 3, 1)), Phase("oit_submission", date(2025, 1, 1), date(2025, 3, 1))]
    problems = calendar_problems(bad)
    assert any("วันสิ้นสุด" in p for p in problems) and any("ซ้ำ" in p for p in problems)
    assert any("ต้องไม่เริ่มก่อน" in p for p in problems)


def _answers(rows):
    return pl.DataFrame(
        {"respondent": [r[0] for r in rows], "question": [r[1] for r in rows], "sub_item": ["" for _ in rows],
         "answer": [r[2] for r in rows]}
    )


def test_score_round_by_hand(variant):
    everyone_good = [(f"r{n}", q, "มากที่สุด") for n in (1, 2) for q in ("i1", "i2", "i3", "i4", "i5", "e1", "e2", "e3")]
    mixed = [("r1", q, "มากที่สุด") for q in ("i1", "i2", "i3", "i4", "i5", "e1", "e2", "e3")] + [
        ("r2", q, "มาก") for q in ("i1", "i2", "i3", "i4", "i5", "e1", "e2", "e3")
    ]
    enough = {"IIT": 2, "EIT": 2}
    units = [
        UnitInput("a", _answers(everyone_good), {c: True for c in ("O1", "O3", "O4", "O9", "O25", "O26")}, enough,
                  enough),
        UnitInput("b", _answers(mixed), {"O1": True, "O3": False, "O4": True, "O9": True, "O25": True}, enough, enough),
        UnitInput("c", _answers(everyone_good[:8]), {}, {"IIT": 1, "EIT": 1}, enough),
    ]
    a, b, c = score_round(variant, units)
    assert a.result.overall == 100.0 and a.result.level == "ผ่านดีเยี่ยม" and a.rank == 1
    # b: every survey indicator (100 + 66.67) / 2 = 83.335 → 83.34; 9.1 50%, 9.2 100% → 75; 10.1 50% (O26 not given)
    assert b.indicators[1] == 83.34 and b.indicators[9] == 75.0 and b.indicators[10] == 50.0
    # IIT 83.335, EIT 83.335, OIT 62.5 → 0.3·83.335 + 0.3·83.335 + 0.4·62.5 = 75.001 → 75.00
    assert b.result.overall == 75.0 and b.result.level == "ไม่ผ่าน" and b.rank == 2
    assert c.result is None and c.rank is None
    assert any("ยังไม่ถึงขั้นต่ำ 2 คน" in m for m in c.missing)


def test_competition_ranks():
    assert competition_ranks([90.0, 85.5, 85.5, 70.0]) == [1, 2, 2, 4]
