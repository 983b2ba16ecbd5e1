"""Provincial and national dashboards: the figures are core.national's on the same data; cache; percentiles."""

from __future__ import annotations

import polars as pl
import pytest
from django.urls import reverse

from prongsai.apps.national.analytics import region_summary
from prongsai.apps.national.selectors import agency_peer_percentiles
from prongsai.apps.national.services import national_results_apply, validated_or_refused
from prongsai.core.national import agency_percentile, prepare, summary


def _figure(html: str, name: str) -> str:
    return html.split(f'data-figure="{name}">')[1].split("<")[0].strip()


def test_national_dashboard_numbers_equal_core_summary(client, world, loaded):
    """The DB holds the world's two agencies too: the expected figures are core's on the file plus those two."""
    core_frame = prepare(loaded)
    ours = region_summary(province=None, fiscal_year=2568)
    assert ours["agencies"] == core_frame.filter(pl.col("fiscal_year") == 2568).height + 2
    # Compare on exactly the same rows: the file's agencies only, by province (the world's are in other provinces).
    province = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").mode().sort()[0]
    expected = summary(core_frame, fiscal_year=2568, province=province, top=1000)
    got = region_summary(province=province, fiscal_year=2568)
    for key in ("agencies", "mean", "median", "passing", "meets_target", "indicators", "instruments", "histogram",
                "levels", "weakest_indicator", "agencies_below_85_per_indicator", "year_on_year"):
        assert got[key] == expected[key], key
    assert [r["overall"] for r in got["ranking"]] == [r["overall"] for r in expected["ranking"]]

    client.force_login(world.user("system_admin"))
    html = client.get(reverse("national:province", args=[province]) + "?fy=2568").content.decode()
    assert _figure(html, "agencies") == str(expected["agencies"])
    assert _figure(html, "mean") == f"{expected['mean']:.2f}"
    assert _figure(html, "passing") == f"ร้อยละ {expected['passing'] * 100:.2f}"
    assert _figure(html, "mean_change") == f"{expected['year_on_year']['mean_change']:+.2f}"
    nation = client.get(reverse("national:home") + "?fy=2568")
    assert nation.status_code == 200 and _figure(nation.content.decode(), "agencies") == str(ours["agencies"])


def test_filter_by_agency_type_and_sorted_paged_ranking(client, world, loaded):
    year = loaded.filter(pl.col("fiscal_year") == 2568)
    kind = year.get_column("agency_type").mode().sort()[0]
    client.force_login(world.user("system_admin"))
    html = client.get(reverse("national:home"), {"fy": 2568, "type": kind}).content.decode()
    extra = sum(a.get_kind_display() == kind for a in (world.own, world.foreign))  # the world's agencies, by kind
    assert _figure(html, "agencies") == str(year.filter(pl.col("agency_type") == kind).height + extra)
    response = client.get(reverse("national:home"), {"fy": 2568, "sort": "name", "order": "asc"})
    names = [r["province"] for r in response.context["page"]]
    assert names == sorted(names) and len(names) <= 25


def test_cache_follows_a_new_import(client, world, loaded, make_frame, make_file):
    before = region_summary(province=None, fiscal_year=2568)["agencies"]
    more = make_frame(10, (2568,), seed=9).with_columns(agency_id=pl.format("X{}", pl.col("agency_id")))
    national_results_apply(validated=validated_or_refused(make_file(more, "csv"), "more.csv"))
    assert region_summary(province=None, fiscal_year=2568)["agencies"] == before + 10


def test_agency_percentile_among_peers_on_its_dashboard(client, world, loaded):
    from prongsai.apps.national.analytics import results_frame

    frame = results_frame(fiscal_years=[2568, 2567])
    expected = agency_percentile(frame, str(world.own.pk), 2568)
    got = agency_peer_percentiles(agency=world.own, fiscal_year=2568)
    assert (got["pct_national"], got["pct_type"], got["pct_province"]) == (
        expected["pct_national"], expected["pct_type"], expected["pct_province"],
    )
    assert got["n_province"] == 1 and got["pct_province"] == 100.0  # alone in its (test) province
    client.force_login(world.user("unit_staff"))
    html = client.get(reverse("assessments:dashboard", args=[world.own.slug]) + "?year=2568").content.decode()
    assert "ตำแหน่งเทียบกับหน่วยงานอื่น" in html
    assert _figure(html, "pct_national") == str(expected["pct_national"])


@pytest.mark.django_db
def test_empty_database_shows_an_empty_dashboard(client, world):
    client.force_login(world.user("system_admin"))
    response = client.get(reverse("national:home"), {"fy": 2550})
    assert response.status_code == 200 and "ยังไม่มีผลการประเมิน" in response.content.decode()
