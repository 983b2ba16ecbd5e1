"""Coalesced recomputes of the national figures (many changes in a short window: one job per year; a change after
a job started queues another; nothing is lost) and the dashboards' cached data section (the same HTML as rendered;
a publish shows on the next request; a province's section never reaches a viewer of another province)."""

from __future__ import annotations

import re
from datetime import timedelta

import polars as pl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends
from tests.web.conftest import make_user

from prongsai.apps.assessments.services import result_publish, result_record, result_unpublish
from prongsai.apps.national import aggregates
from prongsai.apps.national.aggregates import queue_refresh, refresh_job
from prongsai.apps.national.models import NationalAggregate, NationalYearState
from prongsai.apps.national.services import regional_viewer_set

NATION = reverse("national:home")
SECTION = "national/_dashboard_data.html"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def _generation(year: int) -> int:
    return NationalYearState.objects.filter(fiscal_year=year).values_list("generation", flat=True).first() or 0


def _queued(year: int):
    return NationalYearState.objects.filter(fiscal_year=year).values_list("refresh_queued_at", flat=True).first()


def _record(world, score: float) -> None:
    result_record(agency=world.own, fiscal_year=2568, indicator_scores={n: score for n in range(1, 11)})


def _own_province_mean() -> float:
    data = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="").data
    return next(r["mean"] for r in data["ranking"] if r["province"] == "ทดสอบ")


@pytest.fixture
def deferred(settings):
    """A backend that keeps the jobs (and can defer them) instead of running them at once."""
    settings.TASKS = DUMMY
    settings.PRONGSAI_NATIONAL_REFRESH_DELAY = 5
    backend = task_backends["default"]
    backend.clear()
    return backend


def test_many_changes_in_the_window_queue_one_job_per_year(world, loaded, deferred, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for score in (70, 75, 80, 85, 90):
            _record(world, score)
    assert sum("mark_changed" in c.__qualname__ for c in callbacks) == 5  # one per change …
    assert len(deferred.results) == 1  # … one job
    job = deferred.results[0]
    assert job.args == [[2568, 2569]]
    assert timedelta(seconds=4) < job.task.run_after - timezone.now() <= timedelta(seconds=5)
    assert _queued(2568) is not None and _queued(2569) is not None
    refresh_job.call(*job.args)  # what db_worker does when its time comes
    assert _queued(2568) is None and _queued(2569) is None
    row = NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="")
    assert row.generation == _generation(2568) and _own_province_mean() == 90.0  # the last change is in it
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, 60)
    assert len(deferred.results) == 2  # after the job, a change queues a new one


def test_a_change_after_the_job_started_queues_another(
    world, loaded, deferred, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, 70)
    assert len(deferred.results) == 1
    real = aggregates.refresh_years

    def racing(years):  # a writer commits while the job is computing (its mark already cleared)
        with django_capture_on_commit_callbacks(execute=True):
            _record(world, 95)
        return real(years)

    monkeypatch.setattr(aggregates, "refresh_years", racing)
    refresh_job.call(*deferred.results[0].args)
    monkeypatch.setattr(aggregates, "refresh_years", real)
    assert len(deferred.results) == 2 and deferred.results[1].args == [[2568, 2569]]
    refresh_job.call(*deferred.results[1].args)
    assert NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="").generation == _generation(2568)
    assert _own_province_mean() == 95.0


def test_a_change_before_the_job_starts_is_in_it(world, loaded, deferred, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, 70)
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, 88)  # a job is waiting: nothing queued …
    assert len(deferred.results) == 1
    refresh_job.call(*deferred.results[0].args)  # … and that job computes it
    assert _own_province_mean() == 88.0
    assert NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="").generation == _generation(2568)


def test_a_failed_enqueue_or_a_lost_job_does_not_hold_the_year(world, loaded, deferred, monkeypatch):
    aggregates.mark_changed(fiscal_years=[2568])  # the rows exist (no on_commit in a test transaction)

    def refuse(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(type(deferred), "enqueue", refuse)
    assert queue_refresh([2568]) == [] and _queued(2568) is None  # the mark is taken back
    monkeypatch.undo()
    assert queue_refresh([2568]) == [2568] and queue_refresh([2568]) == []
    NationalYearState.objects.filter(fiscal_year=2568).update(
        refresh_queued_at=timezone.now() - aggregates.QUEUED_EXPIRES - timedelta(seconds=1)
    )  # its job died with a worker
    assert queue_refresh([2568]) == [2568] and len(deferred.results) == 2


def test_immediate_backend_still_recomputes_each_change(world, loaded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _record(world, 77)
    assert _queued(2568) is None and _own_province_mean() == 77.0


def _page(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def _section_rendered(response) -> bool:
    return SECTION in [t.name for t in response.templates]


@pytest.mark.parametrize(
    "query", ["?fy=2568", "?fy=2568&page=2&sort=name&order=asc", "?fy=2568&digits=thai", "?fy=2568&type=อบต."]
)
def test_cached_section_is_the_html_rendered(client, world, loaded, settings, query):
    client.force_login(world.user("system_admin"))
    province = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").mode().sort()[0]
    for url in (NATION + query, reverse("national:province", args=[province]) + query):
        client.get(url)  # computes and stores the row (nothing to key the section on yet)
        first = client.get(url)
        second = client.get(url)
        assert _section_rendered(first) and not _section_rendered(second)  # the second is read from the cache
        settings.PRONGSAI_NATIONAL_FRAGMENT_CACHE = False
        plain = client.get(url)
        settings.PRONGSAI_NATIONAL_FRAGMENT_CACHE = True
        assert _section_rendered(plain)
        assert _page(first) == _page(second) == _page(plain)
        assert 'data-figure="agencies"' in _page(second)


def test_unknown_parameters_are_not_cached(client, world, loaded):
    client.force_login(world.user("system_admin"))
    client.get(NATION + "?fy=2568")
    for _ in range(2):
        assert _section_rendered(client.get(NATION + "?fy=2568&utm=x"))


def test_a_publish_or_a_save_shows_on_the_next_request(client, world, loaded):
    client.force_login(world.user("system_admin"))
    url = reverse("national:province", args=["ทดสอบ"]) + "?fy=2568"
    client.get(url)
    client.get(url)
    cached = client.get(url)
    assert not _section_rendered(cached) and "แล้ว 1 จาก 1" in _page(cached)
    result_unpublish(agency=world.own, fiscal_year=2568, actor=None)
    assert "แล้ว 0 จาก 1" in _page(client.get(url))
    result_publish(agency=world.own, fiscal_year=2568, actor=None)
    assert "แล้ว 1 จาก 1" in _page(client.get(url))
    _record(world, 80)
    assert 'data-figure="mean">80.00<' in _page(client.get(url))
    aggregates.refresh_years([2568])  # recomputed under the same generation: a new row version, a new key
    assert 'data-figure="mean">80.00<' in _page(client.get(url))


def test_a_province_viewer_never_gets_another_provinces_section(client, world, loaded):
    provinces = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").unique().sort().to_list()
    a, b = provinces[:2]
    client.force_login(world.user("system_admin"))
    admin = {}
    for p in (a, b):
        url = reverse("national:province", args=[p]) + "?fy=2568"
        client.get(url)
        client.get(url)
        admin[p] = _page(client.get(url))  # both sections now cached
    viewer_a, viewer_b = make_user("viewer-a"), make_user("viewer-b")
    regional_viewer_set(user=viewer_a, province=a)
    regional_viewer_set(user=viewer_b, province=b)
    for viewer, mine, other in ((viewer_a, a, b), (viewer_b, b, a)):
        client.force_login(viewer)
        own = client.get(reverse("national:province", args=[mine]) + "?fy=2568")
        assert own.status_code == 200 and not _section_rendered(own)  # the cached section, shared …
        section = admin[mine].split('<section aria-labelledby="sum-title">')[1]
        assert section in _page(own)  # … and it is the province's own
        assert admin[other].split('<section aria-labelledby="sum-title">')[1] not in _page(own)
        refused = client.get(reverse("national:province", args=[other]) + "?fy=2568")
        assert refused.status_code == 404 and 'data-figure="agencies"' not in refused.content.decode()
