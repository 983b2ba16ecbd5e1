"""After a change of the year's results, ONE request per (year, generation, region) recomputes the dashboard's
figures (a lock in the cache); while it does, the others are served the region's previous figures with a note
that says so and of when they are, never silently; the new figures replace them as soon as they are stored. No
sleep and no timing here: "another request is computing" is a lock taken in the cache by the test."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.cache import cache
from django.urls import reverse

from prongsai.apps.assessments.services import result_record
from prongsai.apps.national import analytics
from prongsai.apps.national.aggregates import refresh_years
from prongsai.apps.national.models import NationalAggregate, NationalYearState

NATION = reverse("national:home")
NOTE = "ตัวเลขกำลังปรับปรุงตามผลที่บันทึกล่าสุด"
SECTION = "national/_dashboard_data.html"


def _generation(year: int) -> int:
    return NationalYearState.objects.filter(fiscal_year=year).values_list("generation", flat=True).first() or 0


def _figure(html: str, name: str) -> str:
    return html.split(f'data-figure="{name}">')[1].split("<")[0].strip()


def _where(province: str = "") -> dict:
    return {"fiscal_year": 2568, "province": province, "agency_type": ""}


def _hold(province: str = "") -> str:
    """Another request is computing the region under the year's current generation."""
    key = analytics._lock_key(_where(province), _generation(2568))
    assert cache.add(key, 1, 60)
    return key


def _change(world, score: float) -> None:
    """A result saved (in the test's transaction: its after-commit recompute does not run)."""
    result_record(agency=world.own, fiscal_year=2568, indicator_scores={n: score for n in range(1, 11)})


@pytest.fixture
def province_url(world, loaded) -> str:
    return reverse("national:province", args=["ทดสอบ"]) + "?fy=2568"


def test_lock_free_the_request_computes_and_serves_current(client, world, province_url):
    client.force_login(world.user("system_admin"))
    assert _figure(client.get(province_url).content.decode(), "mean") != "80.00"
    _change(world, 80)
    html = client.get(province_url).content.decode()
    assert _figure(html, "mean") == "80.00" and NOTE not in html
    row = NationalAggregate.objects.get(**_where("ทดสอบ"))
    assert row.generation == _generation(2568)


def test_lock_held_serves_the_previous_figures_with_the_note(client, world, province_url):
    client.force_login(world.user("system_admin"))
    before = client.get(province_url).content.decode()
    old_mean = _figure(before, "mean")
    row = NationalAggregate.objects.get(**_where("ทดสอบ"))
    _change(world, 80)
    key = _hold("ทดสอบ")
    response = client.get(province_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert _figure(html, "mean") == old_mean  # the previous figures …
    assert NOTE in html and 'role="status"' in html  # … said to be so
    year_be = str(row.computed_at.astimezone().year + 543)
    assert "ข้อมูล ณ" in html and year_be in html.split(NOTE)[1].split("</p>")[0]  # Buddhist-era date and time
    assert NationalAggregate.objects.get(**_where("ทดสอบ")).generation == row.generation  # nothing computed here
    refresh_years([2568])  # the other request (or the job) stores the new figures …
    cache.delete(key)
    html = client.get(province_url).content.decode()
    assert _figure(html, "mean") == "80.00" and NOTE not in html  # … and the next view shows them as current


def test_the_note_follows_thai_digits(client, world, province_url):
    client.force_login(world.user("system_admin"))
    client.get(province_url)
    _change(world, 80)
    _hold("ทดสอบ")
    note = client.get(province_url + "&digits=thai").content.decode().split(NOTE)[1].split("</p>")[0]
    assert "๒๕" in note and not any(c in note.split("ข้อมูล ณ")[1].split("·")[0] for c in "0123456789")


def test_previous_figures_reuse_the_cached_section(client, world, province_url):
    client.force_login(world.user("system_admin"))
    client.get(province_url)
    client.get(province_url)  # the section of the stored row is now cached
    _change(world, 80)
    _hold("ทดสอบ")
    response = client.get(province_url)
    assert NOTE in response.content.decode()
    assert SECTION not in [t.name for t in response.templates]  # the previous row's section, from the cache


def test_year_frame_being_built_serves_the_previous_figures(client, world, loaded):
    """The region's lock is free but another request is building the year's frame (for another region): this one
    does not build it a second time."""
    client.force_login(world.user("system_admin"))
    client.get(NATION + "?fy=2568")
    _change(world, 80)
    frame_key = analytics._frame_key([2567, 2568], f"g2568.{_generation(2568)}")
    assert cache.add(frame_key + ":building", 1, 60)
    html = client.get(NATION + "?fy=2568").content.decode()
    assert NOTE in html
    assert cache.get(frame_key) is None  # not built here
    cache.delete(frame_key + ":building")
    html = client.get(NATION + "?fy=2568").content.decode()
    assert NOTE not in html and cache.get(frame_key) is not None


def test_nothing_stored_yet_waits_for_the_other_request(client, world, loaded, monkeypatch):
    """No previous figures to show: the request waits for the one computing them and serves what it stored."""
    client.force_login(world.user("system_admin"))
    NationalAggregate.objects.all().delete()
    _hold()
    other, compute = {}, analytics.core_region_summary

    def the_other_request_finishes(key, seconds):
        other["data"] = compute(
            analytics.generation_frame(2568, _generation(2568)), fiscal_year=2568, province=None
        )
        analytics.store_aggregates([NationalAggregate(**_where(), generation=_generation(2568), data=other["data"])])
        cache.delete(key)

    monkeypatch.setattr(analytics, "_wait_released", the_other_request_finishes)

    def never(*args, **kwargs):
        raise AssertionError("computed twice")

    monkeypatch.setattr(analytics, "core_region_summary", never)
    response = client.get(NATION + "?fy=2568")
    assert response.status_code == 200 and NOTE not in response.content.decode()
    assert int(_figure(response.content.decode(), "agencies")) == other["data"]["agencies"]


def test_nothing_stored_and_the_holder_never_finishes_computes_here(client, world, loaded, settings):
    """A request whose lock holder died: after its wait, it computes itself (no error, current figures)."""
    settings.PRONGSAI_NATIONAL_COMPUTE_WAIT = 0
    client.force_login(world.user("system_admin"))
    NationalAggregate.objects.all().delete()
    _hold()
    response = client.get(NATION + "?fy=2568")
    assert response.status_code == 200 and NOTE not in response.content.decode()
    expected = loaded.filter(pl.col("fiscal_year") == 2568).height + 2  # and the two agencies of ``world``
    assert int(_figure(response.content.decode(), "agencies")) == expected
    assert NationalAggregate.objects.get(**_where()).generation == _generation(2568)


def test_summary_reads_never_get_previous_figures(world, loaded, settings):
    """``region_summary`` (exports, tests, the per-request comparison) waits for or does the recompute."""
    settings.PRONGSAI_NATIONAL_COMPUTE_WAIT = 0
    analytics.region_summary(province="ทดสอบ", fiscal_year=2568)
    _change(world, 80)
    _hold("ทดสอบ")
    assert analytics.region_summary(province="ทดสอบ", fiscal_year=2568)["mean"] == 80.0


def test_serving_previous_figures_switched_off_computes_in_every_request(client, world, province_url, settings):
    settings.PRONGSAI_NATIONAL_SERVE_STALE = False
    client.force_login(world.user("system_admin"))
    client.get(province_url)
    _change(world, 80)
    _hold("ทดสอบ")
    html = client.get(province_url).content.decode()
    assert _figure(html, "mean") == "80.00" and NOTE not in html


def test_figures_say_whether_they_are_current(world, loaded):
    first = analytics.region_figures(province=None, fiscal_year=2568)
    assert first.version is None and not first.stale  # computed here
    stored = analytics.region_figures(province=None, fiscal_year=2568)
    assert stored.version and not stored.stale and stored.data == first.data
    _change(world, 80)
    _hold()
    previous = analytics.region_figures(province=None, fiscal_year=2568)
    assert previous.stale and previous.data == first.data and previous.version == stored.version
    assert previous.as_of == NationalAggregate.objects.get(**_where()).computed_at


def test_after_commit_recompute_then_current_without_note(
    client, world, province_url, django_capture_on_commit_callbacks
):
    """With the immediate backend (tests, ``make run``) the recompute runs at the commit: the very next view is
    current, whether or not a request holds a lock."""
    client.force_login(world.user("system_admin"))
    client.get(province_url)
    with django_capture_on_commit_callbacks(execute=True):
        _change(world, 80)
    _hold("ทดสอบ")
    html = client.get(province_url).content.decode()
    assert _figure(html, "mean") == "80.00" and NOTE not in html


@pytest.mark.parametrize("query", ["?fy=2568&page=99999", "?fy=x&type=%00", "?fy=2568&sort=<b>&order=up"])
def test_previous_figures_with_odd_input_never_fail(client, world, loaded, query):
    client.force_login(world.user("system_admin"))
    client.get(NATION + "?fy=2568")
    _change(world, 80)
    _hold()
    assert client.get(NATION + query).status_code == 200


def test_a_nul_in_the_province_or_type_is_not_an_error(client, world, loaded):
    client.force_login(world.user("system_admin"))
    assert client.get("/national/province/%00/?fy=2568").status_code == 404
    assert client.get(reverse("national:province", args=["ทดสอบ"]) + "?fy=2568&type=a%00b").status_code == 200


def test_previous_empty_figures_carry_the_note_too(client, world, loaded):
    """A region whose previous figures were "no result" says it is being updated as well, never silently."""
    client.force_login(world.user("system_admin"))
    client.get(NATION + "?fy=2568")
    NationalAggregate.objects.filter(**_where()).update(data=None)
    _change(world, 80)
    _hold()
    html = client.get(NATION + "?fy=2568").content.decode()
    assert NOTE in html and "ยังไม่มีผลการประเมิน" in html
    assert 'href="/national/?fy=2568"' in html.split(NOTE)[1].split("</p>")[0]  # load the same page again
