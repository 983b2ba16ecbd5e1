"""Gains: how many overall points an improvement is worth, and the smallest path to the next level.

An indicator point is worth `instrument weight / number of indicators in the instrument` overall
points (FY2564: 0.06 for indicators 1–5, 0.10 for 6–8, 0.20 for 9–10). Every figure here is
recomputed through the scoring engine, so rounding is the same as in a published result.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from pydantic import BaseModel

from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks.schema import Framework, LevelRule
from prongsai.core.scoring import CENT, ScoreResult, mean, round2, score_indicators, to_decimal

DEFAULT_TARGETS = (85.0, 95.0, 100.0)
HUNDRED = Decimal(100)


class IndicatorGain(BaseModel):
    indicator: int
    name_th: str
    instrument: str
    current: float
    points_per_indicator_point: float
    gains: dict[str, float]  # target score → overall points won by raising this indicator to it


class ImprovementStep(BaseModel):
    indicator: int
    name_th: str
    from_score: float
    to_score: float
    overall_points: float  # what this step adds to the overall on its own


class LevelPath(BaseModel):
    from_level: str
    to_level: str
    steps: list[ImprovementStep]
    indicator_points: float  # sum of the raises
    overall_after: float
    level_after: str


class GainsReport(BaseModel):
    fiscal_year: int
    overall: float
    level: str
    targets: list[float]
    indicators: list[IndicatorGain]  # ranked: most overall points at the highest target first
    next_level: LevelPath | None  # None when already at the top level

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


def _scores(result: ScoreResult) -> dict[int, Decimal]:
    if not result.indicators:
        raise ScoreInputError(
            "ต้องมีคะแนนรายตัวชี้วัดจึงจะคำนวณคะแนนที่เพิ่มได้",
            "indicator scores are needed to compute gains",
        )
    return {int(k): to_decimal(v) for k, v in result.indicators.items()}


def _target_key(target: float) -> str:
    return f"{target:g}"


def indicator_gains(
    framework: Framework, result: ScoreResult, targets: tuple[float, ...] = DEFAULT_TARGETS
) -> list[IndicatorGain]:
    """For each indicator, the overall points won by raising it (alone) to each target."""
    for t in targets:
        if not 0 <= t <= 100:
            raise ScoreInputError(
                f"คะแนนเป้าหมายต้องอยู่ระหว่าง 0 ถึง 100 แต่ได้ {t}",
                f"target must be between 0 and 100, got {t}",
            )
    scores = _scores(result)
    out = []
    for n, current in scores.items():
        ind = framework.indicator(n)
        gains = {}
        for t in targets:
            raised = dict(scores)
            raised[n] = max(current, to_decimal(t))
            gains[_target_key(t)] = round2(score_indicators(framework, raised).overall - result.overall)
        out.append(
            IndicatorGain(
                indicator=n,
                name_th=ind.name_th,
                instrument=ind.instrument,
                current=float(current),
                points_per_indicator_point=round(framework.indicator_weight(n), 6),
                gains=gains,
            )
        )
    top = _target_key(max(targets)) if targets else None
    if top is not None:
        out.sort(key=lambda g: (-g.gains[top], g.indicator))
    return out


def _ceil2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_CEILING)


def _fill_lowest_first(
    scores: dict[int, Decimal], indicators: list[int], needed: Decimal
) -> None:
    """Raise the lowest of `indicators` towards 100 first, until their sum has grown by `needed`."""
    for n in sorted(indicators, key=lambda k: (scores[k], k)):
        if needed <= 0:
            return
        raise_by = min(HUNDRED - scores[n], needed)
        scores[n] = min(HUNDRED, _ceil2(scores[n] + raise_by))
        needed -= raise_by


def _rule_holds(framework: Framework, rule: LevelRule, scores: dict[int, Decimal]) -> bool:
    result = score_indicators(framework, scores)
    rules = framework.levels.rules
    return rules.index(next(r for r in rules if r.label == result.level)) <= rules.index(rule)


def path_to_level(framework: Framework, result: ScoreResult, level: str | None = None) -> LevelPath | None:
    """The smallest set of raises that reaches `level` (default: the next level up).

    Smallest means the fewest indicator points in total: instrument conditions first, then the
    indicators whose points weigh most; within equal weight, the lowest indicator first up to 100,
    which also touches the fewest indicators. None when the result is already at the top level.
    """
    rules = framework.levels.rules
    labels = [r.label for r in rules]
    current_index = labels.index(result.level)
    if level is None:
        if current_index == 0:
            return None
        target = rules[current_index - 1]
    else:
        if level not in labels:
            raise ScoreInputError(
                f"ไม่มีระดับ '{level}' ในปีงบประมาณ {framework.fiscal_year} (มี {', '.join(labels)})",
                f"FY{framework.fiscal_year} has no level '{level}' (it has {', '.join(labels)})",
            )
        target = rules[labels.index(level)]
    original = _scores(result)
    scores = dict(original)

    if target.min_each_instrument is not None:
        floor = to_decimal(target.min_each_instrument)
        for inst in framework.instruments.items:
            current = mean([scores[n] for n in inst.indicators])
            if round2(current) < target.min_each_instrument:
                _fill_lowest_first(scores, inst.indicators, (floor - current) * len(inst.indicators))

    by_weight = sorted({framework.indicator_weight(n) for n in scores}, reverse=True)
    for weight in by_weight:
        overall = to_decimal(score_indicators(framework, scores).overall)
        deficit = to_decimal(target.min_overall) - overall
        if deficit <= 0:
            break
        group = [n for n in scores if framework.indicator_weight(n) == weight]
        _fill_lowest_first(scores, group, deficit / to_decimal(weight))

    # Two-decimal rounding can leave the result a hair short: nudge the last raised indicator.
    raised = [n for n in scores if scores[n] != original[n]]
    for _ in range(200):
        if _rule_holds(framework, target, scores) or not raised:
            break
        n = next((k for k in reversed(raised) if scores[k] < HUNDRED), None)
        if n is None:
            break
        scores[n] = min(HUNDRED, scores[n] + CENT)

    after = score_indicators(framework, scores)
    steps = []
    for n in sorted(raised, key=lambda k: (-framework.indicator_weight(k), k)):
        alone = dict(original)
        alone[n] = scores[n]
        steps.append(
            ImprovementStep(
                indicator=n,
                name_th=framework.indicator(n).name_th,
                from_score=float(original[n]),
                to_score=float(scores[n]),
                overall_points=round2(score_indicators(framework, alone).overall - result.overall),
            )
        )
    return LevelPath(
        from_level=result.level,
        to_level=target.label,
        steps=steps,
        indicator_points=round2(sum((scores[n] - original[n] for n in raised), Decimal(0))),
        overall_after=after.overall,
        level_after=after.level,
    )


def gains_report(
    framework: Framework, result: ScoreResult, targets: tuple[float, ...] = DEFAULT_TARGETS
) -> GainsReport:
    return GainsReport(
        fiscal_year=result.fiscal_year,
        overall=result.overall,
        level=result.level,
        targets=list(targets),
        indicators=indicator_gains(framework, result, targets),
        next_level=path_to_level(framework, result),
    )
