"""The dashboards' materialised figures (``national.aggregates``): never stale (an import, a save, a publish or an
unpublish shows on the very next request), recomputed after commit and by the rebuild command, the same figures
as the per-request path, and a view's queries do not grow with the number of agencies or years."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.web.national.conftest import as_bytes, synthetic

from prongsai.apps.assessments.services import result_publish, result_record, result_unpublish
from prongsai.apps.base import result_events
from prongsai.apps.national import analytics
from prongsai.apps.national.aggregates import mark_changed, refresh_years
from prongsai.apps.national.models import NationalAggregate, NationalYearState
from prongsai.apps.national.services import national_results_apply, validated_or_refused

NATION = reverse("national:home")


def _figure(html: str, name: str) -> str:
    return html.split(f'data-figure="{name}">')[1].split("<")[0].strip()


def _agencies(client, url: str = NATION) -> int:
    return int(_figure(client.get(url + "?fy=2568").content.decode(), "agencies"))


def _generation(year: int) -> int:
    return NationalYearState.objects.filter(fiscal_year=year).values_list("generation", flat=True).first() or 0


def test_listener_is_registered_through_base():
    assert mark_changed in result_events.registered()


def test_an_import_shows_on_the_next_request(client, world, loaded):
    client.force_login(world.user("system_admin"))
    before = _agencies(client)
    row = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="")
    assert row.generation == _generation(2568) and row.data["agencies"] == before  # materialised by that view
    more = synthetic(10, (2568,), seed=9).with_columns(agency_id=pl.format("X{}", pl.col("agency_id")))
    national_results_apply(validated=validated_or_refused(as_bytes(more), "more.csv"), source_name="more.csv")
    assert _generation(2568) > row.generation and _generation(2569) > 0  # this year and the next (year-on-year)
    assert _agencies(client) == before + 10


def test_a_save_publish_and_unpublish_show_on_the_next_request(client, world, loaded):
    client.force_login(world.user("system_admin"))
    url = reverse("national:province", args=["ทดสอบ"]) + "?fy=2568"
    html = client.get(url).content.decode()
    assert _figure(html, "mean") != "80.00" and "แล้ว 1 จาก 1" in _figure(html, "published")
    scores = {n: 80.0 for n in range(1, 11)}
    result_record(agency=world.own, fiscal_year=2568, indicator_scores=scores)  # a draft: counted here (not public)
    html = client.get(url).content.decode()
    assert _figure(html, "mean") == "80.00"
    result_unpublish(agency=world.own, fiscal_year=2568, actor=None)
    assert "แล้ว 0 จาก 1" in _figure(client.get(url).content.decode(), "published")
    result_publish(agency=world.own, fiscal_year=2568, actor=None)
    assert "แล้ว 1 จาก 1" in _figure(client.get(url).content.decode(), "published")


def test_a_row_of_an_older_generation_is_never_served(client, world, loaded):
    client.force_login(world.user("system_admin"))
    before = _agencies(client)
    row = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="")
    row.data["agencies"] = 999999
    row.save(update_fields=["data"])
    assert _agencies(client) == 999999  # proves the page reads the stored row …
    mark_changed(fiscal_years=[2568])  # … and that a bump (in the writer's transaction) makes it unreachable
    assert _agencies(client) == before


def test_refresh_after_commit_then_one_read_per_view(client, world, loaded, django_capture_on_commit_callbacks):
    more = synthetic(5, (2568,), seed=11).with_columns(agency_id=pl.format("Y{}", pl.col("agency_id")))
    with django_capture_on_commit_callbacks(execute=True):  # the job runs at once (immediate backend in tests)
        national_results_apply(validated=validated_or_refused(as_bytes(more), "y.csv"), source_name="y.csv")
    provinces = set(loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").unique().to_list())
    stored = NationalAggregate.objects.filter(fiscal_year=2568, agency_type="", generation=_generation(2568))
    assert {"", *provinces} <= set(stored.values_list("province", flat=True))
    assert NationalAggregate.objects.filter(fiscal_year=2569, generation=_generation(2569)).count() == 0
    client.force_login(world.user("system_admin"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(NATION + "?fy=2568")
    summary_reads = [q["sql"] for q in ctx.captured_queries if "national_nationalaggregate" in q["sql"]]
    assert len(summary_reads) == 1 and "INSERT" not in summary_reads[0].upper()


def test_same_figures_as_the_per_request_path(world, loaded, settings):
    province = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").mode().sort()[0]
    for where in (None, province):
        for kind in (None, "อบต."):
            stored = analytics.region_summary(province=where, fiscal_year=2568, agency_type=kind)
            settings.PRONGSAI_NATIONAL_AGGREGATES = False
            fresh = analytics.region_summary(province=where, fiscal_year=2568, agency_type=kind)
            settings.PRONGSAI_NATIONAL_AGGREGATES = True
            assert stored == fresh, (where, kind)


def test_rebuild_command(world, loaded, capsys):
    NationalAggregate.objects.all().delete()
    call_command("rebuild_national_aggregates")
    assert "คำนวณตัวเลขภาพรวมใหม่แล้ว" in capsys.readouterr().out
    for year in (2567, 2568):
        assert NationalAggregate.objects.filter(
            fiscal_year=year, province="", agency_type="", generation=_generation(year)
        ).exists()
    assert refresh_years([2570]) == 0  # a year without results writes nothing


@pytest.mark.parametrize("where", ["nation", "province"])
def test_queries_do_not_grow_with_agencies_or_years(client, world, where):
    """The second view of a page (its figures materialised by the first) costs the same number of queries with
    30 agencies × 2 years and with 300 agencies × 5 years."""
    client.force_login(world.user("system_admin"))
    counts = []
    for n, years in ((30, (2567, 2568)), (300, (2564, 2565, 2566, 2567, 2568))):
        frame = synthetic(n, years, seed=n).with_columns(agency_id=pl.format("Q{}-{}", pl.lit(n), pl.col("agency_id")))
        national_results_apply(validated=validated_or_refused(as_bytes(frame), "q.csv"), source_name="q.csv")
        url = NATION if where == "nation" else reverse("national:province", args=["ทดสอบ"])
        assert client.get(url + "?fy=2568").status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url + "?fy=2568&page=2&sort=name").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 12, counts


def test_a_refresh_leaves_a_year_changed_while_its_frame_was_read(world, loaded, monkeypatch):
    """Under constant writes the job does not spend the cores on figures already stale: a year whose generation
    moved while its frame was read is left to the job that change queued (its previous rows stay, for the note)."""
    from prongsai.apps.national import aggregates

    refresh_years([2568])
    before = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="")
    real = aggregates.generation_frame

    def changed_meanwhile(year, generation, **kwargs):
        frame = real(year, generation, **kwargs)
        mark_changed(fiscal_years=[year])  # a writer commits now (its after-commit job is not run in a test)
        return frame

    monkeypatch.setattr(aggregates, "generation_frame", changed_meanwhile)
    assert refresh_years([2568]) == 0
    row = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="")
    assert row.generation == before.generation < _generation(2568)
    monkeypatch.undo()
    assert refresh_years([2568]) > 0
    assert NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="").generation == _generation(2568)
