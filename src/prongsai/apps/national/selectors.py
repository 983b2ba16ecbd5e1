"""Agency-scoped reads of the national app (they take the ``agency`` the access check resolved)."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.core.cache import cache

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base import versions
from prongsai.apps.national.analytics import CACHE_SECONDS, results_frame
from prongsai.core.national import percentiles


def agency_peer_percentiles(*, agency: Agency, fiscal_year: int) -> dict[str, Any] | None:
    """The agency's percentile among its peers in ``fiscal_year`` (share of peers scoring at or below it): same
    type, same province, national, with the size of each group. None when it has no result that year.
    Every agency's row of the year is computed once per ``results`` version (``base.versions``: every change of any
    agency's results renews it) and kept in Django's cache (the agency's dashboard reads one small dict instead of
    ranking the whole country, or even counting every result, on every view)."""
    stamp = versions.version(versions.RESULTS)
    own_key = f"prongsai:national:peers:{fiscal_year}:{stamp}:{agency.pk}"
    found = cache.get(own_key)
    if found is None:
        key = f"prongsai:national:peers:{fiscal_year}:{stamp}"
        table = cache.get(key)
        if table is None:
            table = _peer_table(fiscal_year, stamp)
            cache.set(key, table, CACHE_SECONDS)
        found = {"row": table.get(agency.pk)}
        cache.set(own_key, found, CACHE_SECONDS)
    row = found["row"]
    return None if row is None else row | {"fiscal_year": fiscal_year}


def _peer_table(fiscal_year: int, stamp: str) -> dict[int, dict[str, Any]]:
    frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1], stamp=f"results-{stamp}")
    year = frame.filter(pl.col("fiscal_year") == fiscal_year)
    ranked = percentiles(year).with_columns(
        n_national=pl.len(), n_type=pl.len().over("agency_type"), n_province=pl.len().over("province")
    )
    rows = ranked.select(
        "agency_pk", "agency_type", "province", "overall", "pct_national", "pct_type", "pct_province", "n_national",
        "n_type", "n_province",
    ).to_dicts()
    return {row.pop("agency_pk"): row for row in rows}
