"""Synthetic national ITA results: one row per agency and fiscal year, made with Polars (seeded, no loops per row).

The agencies (id, type, province) are the same in every year of one seed; each agency has a lasting
"quality" plus a yearly change, so years are correlated as real results are. Each indicator's shortfall
from 100 is log-normal, scaled per indicator (indicators 9 and 10, the OIT, are the weakest; 3, use of
authority, the strongest, as in the published FY2568 figures) and per year (``CALIBRATION``) so that the
national mean and the share of agencies at or above 85 come close to the published ones (research notes
§8: FY2564 mean 81.25; FY2565 87.57 and 70.52 %; FY2566 90.19 and 80.94 %; FY2567 93.05 and 92.44 %
[derived]; FY2568 93.82 and 94.17 %). The FY2564 pass rate was not published (a middle spread is used);
FY2565's lowest reachable pass rate with this shape is about 72 %, 1.7 points above the published 70.52 %.

Instruments, the overall score and the level are computed from the indicators with Polars expressions
built from the framework year (instrument weights, level rules), with the same rounding as
`prongsai.core.scoring` (two decimals, half up): see `score_frame`, which works on any results frame.

Columns: agency_id, agency_type, province, fiscal_year, ind_1 … ind_10, iit, eit, oit, overall, level,
level_en, passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from prongsai.core.frameworks import default_registry
from prongsai.core.frameworks.schema import Framework

NATIONAL_AGENCIES = 8_300
INDICATORS = tuple(range(1, 11))
U64 = float(2**64)


@dataclass(frozen=True)
class Calibration:
    mean: float  # published national mean of the overall score
    pass_rate: float | None  # published share of agencies with overall >= 85 (None: not published)
    scale: float  # fitted: multiplies every indicator's shortfall
    spread: float  # fitted: standard deviation of the agency effect (log scale)


# Published targets (research notes §8) and the two fitted parameters that reproduce them with seed 1.
CALIBRATION: dict[int, Calibration] = {
    2564: Calibration(81.25, None, 13.385, 0.55),
    2565: Calibration(87.57, 0.7052, 8.717, 0.65),
    2566: Calibration(90.19, 0.8094, 6.857, 0.9),
    2567: Calibration(93.05, 0.9244, 4.79, 0.65),
    2568: Calibration(93.82, 0.9417, 4.242, 0.7),
}

# Relative shortfall of each indicator (1 = IIT duty … 10 = OIT corruption prevention).
WEAKNESS = {1: 0.55, 2: 0.75, 3: 0.2, 4: 0.7, 5: 0.65, 6: 0.6, 7: 0.7, 8: 1.0, 9: 2.3, 10: 2.6}

# Agency types: (code, share of agencies, quality offset: < 0 better, > 0 weaker).
AGENCY_TYPES: tuple[tuple[str, float, float], ...] = (
    ("อบต.", 0.62, 0.15),
    ("เทศบาลตำบล", 0.25, 0.05),
    ("เทศบาลเมือง/นคร", 0.025, -0.1),
    ("อบจ.", 0.009, -0.15),
    ("จังหวัด", 0.009, -0.3),
    ("ส่วนกลาง", 0.04, -0.35),
    ("สถาบันอุดมศึกษา", 0.012, -0.1),
    ("รัฐวิสาหกิจ", 0.007, -0.45),
    ("องค์การมหาชน/อื่น ๆ", 0.028, -0.3),
)


def _provinces() -> list[str]:
    try:
        import geothai

        names = sorted(p.name_th for p in geothai.provinces())
        if names:
            return names
    except Exception:
        pass
    return [f"จังหวัด {i:02d}" for i in range(1, 78)]


def _uniform(expr: pl.Expr, seed: int) -> pl.Expr:
    return (expr.hash(seed) / U64).clip(1e-12, 1 - 1e-12)


def _normal(expr: pl.Expr, seed: int) -> pl.Expr:
    """A standard normal number per row (Box-Muller on two seeded hashes)."""
    u1, u2 = _uniform(expr, seed), _uniform(expr, seed + 7919)
    return (-2.0 * u1.log()).sqrt() * (2 * math.pi * u2).cos()


def agencies(n: int = NATIONAL_AGENCIES, *, seed: int = 1) -> pl.DataFrame:
    """The agencies of one seed: agency_id, agency_type, province, base quality (standard normal)."""
    types = pl.DataFrame(
        {
            "agency_type": [t[0] for t in AGENCY_TYPES],
            "upper": [sum(t[1] for t in AGENCY_TYPES[: i + 1]) for i in range(len(AGENCY_TYPES))],
            "offset": [t[2] for t in AGENCY_TYPES],
        }
    ).with_columns(pl.col("upper") / pl.col("upper").max())
    provinces = pl.DataFrame({"province": _provinces()}).with_row_index("p", offset=0)
    idx = pl.col("agency_id")
    frame = pl.DataFrame({"agency_id": pl.int_range(1, n + 1, eager=True, dtype=pl.Int64)}).with_columns(
        u_type=_uniform(idx, seed + 1),
        p=(_uniform(idx, seed + 2) * provinces.height).floor().cast(pl.UInt32),
        base=_normal(idx, seed + 3),
    )
    frame = frame.sort("u_type").join_asof(types.sort("upper"), left_on="u_type", right_on="upper", strategy="forward")
    return (
        frame.join(provinces, on="p")
        .with_columns(quality=pl.col("base") + pl.col("offset"))
        .select("agency_id", "agency_type", "province", "quality")
        .sort("agency_id")
    )


def _round2(expr: pl.Expr) -> pl.Expr:
    """Half-up to two decimals, as `scoring.round2` (scores are sums of cents over 2, 3, 5: no float near-ties)."""
    return ((expr * 100 + 0.5 + 1e-6).floor() / 100).round(2)


def score_frame(frame: pl.DataFrame | pl.LazyFrame, framework: Framework) -> pl.DataFrame:
    """Add instrument scores, overall, level, level_en and passed to a frame with ind_1 … ind_N columns.

    Instruments are the plain means of their indicators, the overall the weighted sum of the unrounded
    instruments, all published at two decimals; the level is the first of the year's rules that holds
    (overall, and every instrument for rules with a per-instrument minimum), as `scoring.level_for`.
    """
    inst_cols = {}
    for inst in framework.instruments.items:
        cols = [pl.col(f"ind_{n}") for n in inst.indicators]
        inst_cols[inst.code] = pl.sum_horizontal(cols) / len(cols)
    overall = pl.sum_horizontal(
        [float(inst.weight) * e for inst, e in zip(framework.instruments.items, inst_cols.values(), strict=True)]
    )
    lazy = frame.lazy().with_columns(
        *[_round2(e).alias(code.lower()) for code, e in inst_cols.items()], overall=_round2(overall)
    )
    label = label_en = passed = None
    for rule in framework.levels.rules:
        cond = pl.col("overall") >= rule.min_overall
        if rule.min_each_instrument is not None:
            for code in inst_cols:
                cond = cond & (pl.col(code.lower()) >= rule.min_each_instrument)
        if label is None:
            label, label_en = pl.when(cond).then(pl.lit(rule.label)), pl.when(cond).then(pl.lit(rule.label_en))
            passed = pl.when(cond).then(pl.lit(rule.passed))
        else:
            label, label_en = label.when(cond).then(pl.lit(rule.label)), label_en.when(cond).then(pl.lit(rule.label_en))
            passed = passed.when(cond).then(pl.lit(rule.passed))
    last = framework.levels.rules[-1]
    return lazy.with_columns(
        level=label.otherwise(pl.lit(last.label)),
        level_en=label_en.otherwise(pl.lit(last.label_en)),
        passed=passed.otherwise(pl.lit(last.passed)),
    ).collect()


def generate(
    fiscal_year: int,
    *,
    n_agencies: int = NATIONAL_AGENCIES,
    seed: int = 1,
    framework: Framework | None = None,
    calibration: Calibration | None = None,
) -> pl.DataFrame:
    """One synthetic national year of results (see the module docs)."""
    framework = framework or default_registry().get(fiscal_year)
    cal = calibration or CALIBRATION.get(fiscal_year) or CALIBRATION[max(CALIBRATION)]
    base = agencies(n_agencies, seed=seed)
    idx = pl.col("agency_id") * 10_000 + fiscal_year
    year = base.with_columns(z=0.8 * pl.col("quality") + 0.6 * _normal(idx, seed + 17))
    shortfalls = []
    for n in INDICATORS:
        noise = _normal(idx * 16 + n, seed + 100 + n)
        short = (
            cal.scale * WEAKNESS[n] * (cal.spread * pl.col("z") + 0.45 * noise - 0.5 * (cal.spread**2 + 0.45**2)).exp()
        )
        shortfalls.append(_round2((100 - short).clip(0, 100)).alias(f"ind_{n}"))
    results = year.select(
        "agency_id", "agency_type", "province", pl.lit(fiscal_year, dtype=pl.Int32).alias("fiscal_year"), *shortfalls
    )
    return score_frame(results, framework)


def generate_years(years: list[int], *, n_agencies: int = NATIONAL_AGENCIES, seed: int = 1) -> pl.DataFrame:
    return pl.concat([generate(fy, n_agencies=n_agencies, seed=seed) for fy in years])
