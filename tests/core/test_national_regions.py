"""``core.national_regions``: the nation and every province of a year at once (``year_regions``, which ranks the
year's agencies once for every province's national percentile) gives the same figures as one region at a time."""

from __future__ import annotations

import polars as pl

from prongsai.core.national_regions import region_summary, year_regions
from prongsai.core.synthetic import generate_years


def test_year_regions_equal_one_region_at_a_time():
    frame = generate_years([2567, 2568], n_agencies=300, seed=5).with_columns(
        name=pl.format("หน่วยงาน {}", pl.col("agency_id")), slug=pl.col("agency_id").cast(pl.String),
        code=pl.col("agency_id").cast(pl.String),
    )
    regions = year_regions(frame, fiscal_year=2568)
    provinces = frame.filter(pl.col("fiscal_year") == 2568).get_column("province").unique().to_list()
    assert set(regions) == {"", *provinces}
    for key, data in regions.items():
        assert data == region_summary(frame, fiscal_year=2568, province=key or None), key
        if key:
            assert all("pct_national" in row for row in data["ranking"])
