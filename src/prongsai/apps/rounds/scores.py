"""Scoring a round from the database: each unit's anonymous survey answers (stored by the survey engine) and the
final judgement of each OIT item, through ``core.rounds.score_round``."""

from __future__ import annotations

import polars as pl

from prongsai.apps.rounds.frameworks import round_framework
from prongsai.apps.rounds.models import Instrument, Judgement, Round, RoundUnit
from prongsai.apps.surveys.models import PulseAnswer
from prongsai.apps.surveys.questions import min_respondents
from prongsai.core.rounds import UnitInput, UnitScore, minimum_sample, sample_size_rules, score_round


def unit_minimums(round: Round, unit: RoundUnit) -> dict[str, int]:
    """Minimum respondents per instrument from the unit's registered counts (0 while not registered)."""
    rules, _ = sample_size_rules(round_framework(round))
    return {
        "IIT": minimum_sample(rules.iit, unit.staff_count or 0),
        "EIT": minimum_sample(rules.eit, unit.stakeholder_count or 0),
    }


def final_verdicts(unit: RoundUnit) -> dict[str, bool]:
    """The latest judgement of every item judged (second reviews and dispute decisions come later, so they win)."""
    out: dict[str, bool] = {}
    for item, passed in Judgement.objects.filter(unit=unit).order_by("pk").values_list("item", "passed"):
        out[item] = passed
    return out


def _answers(unit: RoundUnit) -> pl.DataFrame:
    rows = list(
        PulseAnswer.objects.filter(response__round__round_survey__unit=unit).values_list(
            "response_id", "question", "sub_item", "answer"
        )
    )
    return pl.DataFrame(
        {"respondent": [str(r[0]) for r in rows], "question": [r[1] for r in rows],
         "sub_item": [r[2] for r in rows], "answer": [r[3] for r in rows]},
        schema={"respondent": pl.String, "question": pl.String, "sub_item": pl.String, "answer": pl.String},
    )


def response_counts(unit: RoundUnit) -> dict[str, int]:
    return {s.instrument: s.pulse.responses.count() for s in unit.surveys.select_related("pulse")}


def compute_round(round: Round) -> list[tuple[RoundUnit, UnitScore]]:
    framework = round_framework(round)
    units = list(round.units.select_related("agency").order_by("pk"))
    inputs = []
    for unit in units:
        minimums = unit_minimums(round, unit)
        # never fewer than the survey engine's floor for showing results (anonymity), nor 0 before registration
        floor = min_respondents()
        minimums = {k: max(v, floor) for k, v in minimums.items()}
        inputs.append(
            UnitInput(key=str(unit.pk), answers=_answers(unit), oit=final_verdicts(unit),
                      respondents=response_counts(unit), minimums=minimums)
        )
    return list(zip(units, score_round(framework, inputs), strict=True))


__all__ = ["Instrument", "compute_round", "final_verdicts", "response_counts", "unit_minimums"]
