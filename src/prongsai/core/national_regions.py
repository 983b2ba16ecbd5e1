"""What the provincial and national dashboards show for one year and one region, from a results frame (pure
Polars, no Django): ``region_summary`` (``national.summary`` with the full ranking, coverage, the agency types, how
many results are published) and ``year_regions`` (the nation and every province of a year at once, what the web app
materialises per year: docs/performance.md, "National aggregates").

The frame has one row per agency and fiscal year with the columns of ``core.national`` (agency_id, agency_type,
province, fiscal_year, ind_1 … ind_10, iit, eit, oit, overall, level, passed) plus, for the provincial ranking, the
agency's ``name``, ``slug`` and ``code``, and optionally ``published`` (the agency has published that result).
Each year's summary reads that year and the year before (coverage and year-on-year): a change in year Y changes
the summaries of Y and Y + 1.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from prongsai.core.national import percentiles, summary

# Two years are compared, and a year is the dashboards' default, only when its number of results is at least this
# share of the other's (the year before): a year with 1 result against 302 the year before says nothing of either.
COMPARABLE_SHARE = 0.5


def comparable(count: int, other: int) -> bool:
    return not count or not other or min(count, other) >= COMPARABLE_SHARE * max(count, other)


def region_summary(
    frame: pl.DataFrame,
    *,
    fiscal_year: int,
    province: str | None,
    agency_type: str | None = None,
    ranked: pl.DataFrame | None = None,
) -> dict[str, Any] | None:
    """``summary`` of one year for the nation (``province`` None) or one province, optionally one agency type, with
    the whole ranking, coverage against the year before and the agency types of the year. None: no result there.
    ``ranked``: the year's rows with ``percentiles`` (all agency types), computed once by a caller that summarises
    every province of the year (``year_regions``); ignored with an ``agency_type`` (ranked within that type)."""
    frame = frame.filter(pl.col("fiscal_year").is_in([fiscal_year, fiscal_year - 1]))
    types = sorted(frame.filter(pl.col("fiscal_year") == fiscal_year).get_column("agency_type").unique().to_list())
    if agency_type:
        frame = frame.filter(pl.col("agency_type") == agency_type)
    scope = frame if province is None else frame.filter(pl.col("province") == province)
    this_year = scope.filter(pl.col("fiscal_year") == fiscal_year)
    if not this_year.height:
        return None
    data = summary(
        frame, fiscal_year=fiscal_year, province=province, top=frame.height or 1,
        ranked=None if agency_type else ranked,
    )
    # Coverage: how many of the scope's agencies (those with a result this year or the year before) have one.
    this_ids = this_year.get_column("agency_id").n_unique()
    before_ids = scope.filter(pl.col("fiscal_year") == fiscal_year - 1).get_column("agency_id").n_unique()
    data["coverage"] = {
        "agencies": this_ids,
        "known": scope.get_column("agency_id").n_unique(),
        "previous_year": fiscal_year - 1,
        "previous": before_ids,
        "comparable": comparable(this_ids, before_ids),
        # results of the year their agencies have published (the rest are drafts or imported, not yet public)
        "published": int(this_year.get_column("published").sum()) if "published" in this_year.columns else None,
    }
    if data["year_on_year"] and not data["coverage"]["comparable"]:
        data["year_on_year"] = None  # never compare years of very different coverage (the page says why)
    if province is not None and "name" in frame.columns:  # names and slugs for the agency ranking
        names = frame.filter(pl.col("fiscal_year") == fiscal_year).select("agency_id", "name", "slug", "code")
        ranking = pl.DataFrame(data["ranking"]).join(names, on="agency_id", how="left")
        data["ranking"] = ranking.sort("rank", "name").to_dicts()
    data["agency_types"] = types
    data["agency_type"] = agency_type or ""
    return data


def year_regions(frame: pl.DataFrame, *, fiscal_year: int) -> dict[str, dict[str, Any]]:
    """The nation's (key ``""``) and every province's summary of the year (no agency-type filter): what the
    dashboards open on. Provinces without a result that year are left out."""
    frame = frame.filter(pl.col("fiscal_year").is_in([fiscal_year, fiscal_year - 1]))
    out: dict[str, dict[str, Any]] = {}
    nation = region_summary(frame, fiscal_year=fiscal_year, province=None)
    if nation is None:
        return out
    out[""] = nation
    year = frame.filter(pl.col("fiscal_year") == fiscal_year)
    ranked = percentiles(year)  # once for every province (each ranking shows the national percentile)
    for province in year.get_column("province").unique().sort().to_list():
        found = region_summary(frame, fiscal_year=fiscal_year, province=province, ranked=ranked)
        if found is not None:
            out[province] = found
    return out
