"""Agency-scoped reads of the national app (they take the ``agency`` the access check resolved)."""

from __future__ import annotations

from typing import Any

import polars as pl

from prongsai.apps.agencies.models import Agency
from prongsai.apps.national.analytics import results_frame
from prongsai.core.national import percentiles


def agency_peer_percentiles(*, agency: Agency, fiscal_year: int) -> dict[str, Any] | None:
    """The agency's percentile among its peers in ``fiscal_year`` (share of peers scoring at or below it): same
    type, same province, national, with the size of each group. None when it has no result that year."""
    year = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1]).filter(pl.col("fiscal_year") == fiscal_year)
    ranked = percentiles(year).with_columns(
        n_national=pl.len(), n_type=pl.len().over("agency_type"), n_province=pl.len().over("province")
    )
    row = ranked.filter(pl.col("agency_pk") == agency.pk)
    if not row.height:
        return None
    return row.select(
        "agency_type", "province", "overall", "pct_national", "pct_type", "pct_province", "n_national", "n_type",
        "n_province",
    ).row(0, named=True) | {"fiscal_year": fiscal_year}
