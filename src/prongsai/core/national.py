"""Provincial and national analytics of ITA results, with Polars (no Python loops over rows).

Input: one row per agency and fiscal year with the columns of `prongsai.core.synthetic` (agency_id,
agency_type, province, fiscal_year, ind_1 … ind_10, iit, eit, oit, overall, level, passed), from a
Parquet or CSV file (`load_results`). Missing instruments/levels are computed from the indicators with
the framework year's rules (`synthetic.score_frame`).

`summary()` gives, for one fiscal year and optionally one province: the number of agencies, mean and
median overall, a histogram of overall scores (5-point bins), counts per level, averages per indicator
and instrument, the share at or above the pass line against the national target (80 % of agencies at 85
or more: national master plan, topic 21), the most common weakest indicator, a ranking of provinces (national
view) or of agencies (provincial view), and the year-on-year movement when the previous year is in the
data. `percentiles()` ranks every agency among its peers: same type, same province, national.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks import default_registry

PASS_LINE = 85.0
NATIONAL_TARGET = 0.80  # share of agencies at or above 85 (national master plan, topic 21, phase 1)
INDICATOR_COLS = [f"ind_{n}" for n in range(1, 11)]
INSTRUMENT_COLS = ["iit", "eit", "oit"]
REQUIRED = ("agency_id", "province", "fiscal_year", *INDICATOR_COLS)


def load_results(path: Path | str) -> pl.DataFrame:
    """Read a results file (.parquet or .csv) and complete missing score columns."""
    path = Path(path)
    if not path.is_file():
        raise ScoreInputError(f"ไม่พบไฟล์ผลการประเมิน: {path}", f"results file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        frame = pl.read_parquet(path)
    elif suffix == ".csv":
        frame = pl.read_csv(path, schema_overrides={"agency_id": pl.String})
    else:
        raise ScoreInputError(
            f"อ่านไฟล์ {path.name} ไม่ได้: รองรับ .parquet และ .csv", f"cannot read {path.name}: use .parquet or .csv"
        )
    return prepare(frame)


def prepare(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ScoreInputError(f"ไม่มีคอลัมน์ {', '.join(missing)}", f"missing column(s): {', '.join(missing)}")
    frame = frame.with_columns(pl.col("agency_id").cast(pl.String), pl.col("fiscal_year").cast(pl.Int32))
    if "agency_type" not in frame.columns:
        frame = frame.with_columns(agency_type=pl.lit(""))
    if all(c in frame.columns for c in (*INSTRUMENT_COLS, "overall", "level", "passed")):
        return frame
    from prongsai.core.synthetic import score_frame

    registry = default_registry()
    base = frame.drop([c for c in (*INSTRUMENT_COLS, "overall", "level", "level_en", "passed") if c in frame.columns])
    parts = [
        score_frame(part, registry.get(int(fy)))
        for (fy,), part in base.partition_by("fiscal_year", as_dict=True).items()  # one per year
    ]
    return pl.concat(parts).sort("fiscal_year", "agency_id")


def percentiles(frame: pl.DataFrame, column: str = "overall") -> pl.DataFrame:
    """Add pct_national, pct_type, pct_province per fiscal year: the share (%) of peers scoring at or below."""

    def pct(*by: str) -> pl.Expr:
        keys = ["fiscal_year", *by]
        return (pl.col(column).rank("max").over(keys) / pl.len().over(keys) * 100).round(1)

    return frame.with_columns(pct_national=pct(), pct_type=pct("agency_type"), pct_province=pct("province"))


def agency_percentile(frame: pl.DataFrame, agency_id: str, fiscal_year: int) -> dict[str, Any]:
    row = percentiles(frame.filter(pl.col("fiscal_year") == fiscal_year)).filter(pl.col("agency_id") == str(agency_id))
    if not row.height:
        raise ScoreInputError(f"ไม่มีหน่วยงาน {agency_id} ในปี {fiscal_year}", f"no agency {agency_id} in FY{fiscal_year}")
    return row.select(
        "agency_id", "agency_type", "province", "overall", "level", "pct_national", "pct_type", "pct_province"
    ).row(0, named=True)


def _stats(year: pl.DataFrame) -> dict[str, Any]:
    agg = year.select(
        agencies=pl.len(),
        mean=pl.col("overall").mean(),
        median=pl.col("overall").median(),
        passing=(pl.col("overall") >= PASS_LINE).mean(),
        **{c: pl.col(c).mean() for c in (*INDICATOR_COLS, *INSTRUMENT_COLS)},
    ).row(0, named=True)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in agg.items()}


def summary(
    frame: pl.DataFrame,
    *,
    fiscal_year: int | None = None,
    province: str | None = None,
    top: int = 10,
    ranked: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """Analytics of one year (default: the latest in the data), nationally or for one province. ``ranked``: the
    year's rows of ``frame`` with ``percentiles`` already added, when the caller ranks many provinces of the same
    year (each province's ranking shows the national percentile, which ranks the whole country)."""
    fy = fiscal_year or int(frame.get_column("fiscal_year").max())
    scope = frame if province is None else frame.filter(pl.col("province") == province)
    year = scope.filter(pl.col("fiscal_year") == fy)
    if not year.height:
        where = f" จังหวัด {province}" if province else ""
        raise ScoreInputError(
            f"ไม่มีผลปี {fy}{where} ในข้อมูล", f"no results for FY{fy}{' in ' + province if province else ''}"
        )
    stats = _stats(year)
    hist = (
        year.with_columns(bin=(pl.col("overall").clip(0, 99.99) / 5).floor() * 5)
        .group_by("bin")
        .agg(agencies=pl.len())
        .sort("bin")
    )
    levels = (
        year.group_by("level")
        .agg(agencies=pl.len(), mean=pl.col("overall").mean().round(2))
        .sort("mean", descending=True)
    )
    weakest = (
        year.select(
            "agency_id",
            weakest=pl.concat_list(INDICATOR_COLS).list.arg_min() + 1,
        )
        .group_by("weakest")
        .agg(agencies=pl.len())
        .sort(["agencies", "weakest"], descending=[True, False])
    )
    below_85 = year.select([(pl.col(c) < PASS_LINE).sum().alias(c) for c in INDICATOR_COLS]).transpose(
        include_header=True, header_name="indicator", column_names=["agencies_below_85"]
    )
    if province is None:
        ranking = (
            year.group_by("province")
            .agg(
                agencies=pl.len(),
                mean=pl.col("overall").mean().round(2),
                passing=(pl.col("overall") >= PASS_LINE).mean().round(4),
            )
            .sort(["mean", "province"], descending=[True, False])  # ties in a stable order
            .with_columns(rank=pl.col("mean").rank("min", descending=True).cast(pl.Int32))
        )
    else:
        ranking = (
            (ranked if ranked is not None else percentiles(frame.filter(pl.col("fiscal_year") == fy)))
            .filter(pl.col("province") == province)
            .sort("overall", descending=True)
            .with_columns(rank=pl.col("overall").rank("min", descending=True).cast(pl.Int32))
            .select("rank", "agency_id", "agency_type", "overall", "level", "pct_national", "pct_type")
        )
    by_type = (
        year.group_by("agency_type")
        .agg(
            agencies=pl.len(),
            mean=pl.col("overall").mean().round(2),
            passing=(pl.col("overall") >= PASS_LINE).mean().round(4),
        )
        .sort(["mean", "agency_type"], descending=[True, False])
    )
    out: dict[str, Any] = {
        "fiscal_year": fy,
        "province": province,
        **{k: stats[k] for k in ("agencies", "mean", "median", "passing")},
        "national_target": NATIONAL_TARGET,
        "meets_target": stats["passing"] >= NATIONAL_TARGET,
        "indicators": {c.removeprefix("ind_"): stats[c] for c in INDICATOR_COLS},
        "instruments": {c.upper(): stats[c] for c in INSTRUMENT_COLS},
        "histogram": hist.to_dicts(),
        "levels": levels.to_dicts(),
        "weakest_indicator": weakest.to_dicts(),
        "agencies_below_85_per_indicator": below_85.to_dicts(),
        "by_type": by_type.to_dicts(),
        "ranking": ranking.head(top).to_dicts(),
        "ranking_bottom": ranking.tail(top).to_dicts() if ranking.height > top else [],
        "year_on_year": None,
    }
    prev = scope.filter(pl.col("fiscal_year") == fy - 1)
    if prev.height:
        before = _stats(prev)
        moves = (
            year.select("agency_id", "overall", "passed")
            .join(
                prev.select("agency_id", pl.col("overall").alias("before"), pl.col("passed").alias("passed_before")),
                on="agency_id",
            )
            .select(
                agencies=pl.len(),
                improved=(pl.col("overall") > pl.col("before")).sum(),
                declined=(pl.col("overall") < pl.col("before")).sum(),
                mean_change=(pl.col("overall") - pl.col("before")).mean().round(2),
                newly_passed=(pl.col("passed") & ~pl.col("passed_before")).sum(),
                newly_failed=(~pl.col("passed") & pl.col("passed_before")).sum(),
            )
            .row(0, named=True)
        )
        out["year_on_year"] = {
            "previous_year": fy - 1,
            "mean_change": round(stats["mean"] - before["mean"], 2),
            "passing_change": round(stats["passing"] - before["passing"], 4),
            "indicator_change": {c.removeprefix("ind_"): round(stats[c] - before[c], 2) for c in INDICATOR_COLS},
            "agencies": moves,
        }
    return out
