"""The dashboards' materialised figures (``NationalAggregate``): marking them stale, recomputing, rebuilding.

- ``mark_changed`` is registered with ``base.result_events`` (``NationalConfig.ready``): every result save,
  publish, unpublish (``assessments.services``) and bulk import (``national.services``) calls it INSIDE its
  transaction. It bumps the generation (``NationalYearState``) of the changed years and of the year after each
  (whose coverage and year-on-year read the year before), in that same transaction: from the commit on, the rows
  computed before are never served as current (``analytics.region_figures`` serves a row as current only with
  the year's generation; else one request recomputes it while the others get the previous row marked as such:
  the page says the figures are being updated and of when they are). Then, on commit, it queues
  ``refresh_job``, which recomputes the nation and every province of those years (and the nation per agency
  type) in the background (``db_worker``; at once with the immediate backend of ``make run`` and the tests).
  Nothing stale is served as current whether or not the job has run yet: the first view of a region after a
  change computes what it needs.
- Coalescing (``queue_refresh``): a job is queued for a year only when none is waiting for it
  (``NationalYearState.refresh_queued_at``, claimed by one conditional UPDATE per year), and runs
  ``PRONGSAI_NATIONAL_REFRESH_DELAY`` seconds later (a backend that can defer), so many changes in that window
  give one recompute per year. The job clears the mark BEFORE it reads the generation: a change committed
  before the clearing is in what it recomputes; a change after it finds no mark and queues another job. A mark
  older than ``QUEUED_EXPIRES`` (a job lost with its worker) no longer holds the year back.
- ``refresh_years`` / ``rebuild`` (``rebuild_national_aggregates``, ``prongsai rebuild-national``): recompute now.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.national.analytics import (
    aggregates_enabled,
    generation_frame,
    store_aggregates,
    year_generation,
)
from prongsai.apps.national.models import NationalAggregate, NationalYearState
from prongsai.core.national_regions import region_summary, year_regions

log = logging.getLogger(__name__)

QUEUED_EXPIRES = timedelta(minutes=15)  # a queued mark older than this is taken as a lost job


def _bump(years: set[int]) -> None:
    """A new generation for these years, in the caller's transaction (two queries whatever the number of years)."""
    NationalYearState.objects.bulk_create(
        [NationalYearState(fiscal_year=y, generation=0) for y in sorted(years)], ignore_conflicts=True
    )
    NationalYearState.objects.filter(fiscal_year__in=years).update(generation=F("generation") + 1)


def mark_changed(*, fiscal_years: Iterable[int], agency: Any = None, reason: str = "saved") -> None:
    """The ``base.result_events`` listener: the years' figures (and the next years') are stale from this
    transaction's commit on; recompute them after the commit."""
    years = {int(y) for y in fiscal_years}
    affected = years | {y + 1 for y in years}
    _bump(affected)
    if aggregates_enabled():
        transaction.on_commit(lambda: queue_refresh(sorted(affected)))


def refresh_delay() -> float:
    return float(getattr(settings, "PRONGSAI_NATIONAL_REFRESH_DELAY", 5))


def queue_refresh(years: Iterable[int]) -> list[int]:
    """Queue one ``refresh_job`` for those of the years that have none waiting (one conditional UPDATE per year,
    atomic against a concurrent writer's); returns the years queued. Called after the commit."""
    now = timezone.now()
    waiting = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - QUEUED_EXPIRES)
    claimed = [
        y for y in sorted({int(y) for y in years})
        if NationalYearState.objects.filter(waiting, fiscal_year=y).update(refresh_queued_at=now)
    ]  # fmt: skip
    if not claimed:
        return []
    try:
        job = refresh_job
        delay = refresh_delay()
        if delay > 0 and job.get_backend().supports_defer:
            job = job.using(run_after=now + timedelta(seconds=delay))
        job.enqueue(claimed)
    except Exception:  # the figures are computed on the next view anyway; never fail the write that committed
        NationalYearState.objects.filter(fiscal_year__in=claimed, refresh_queued_at=now).update(refresh_queued_at=None)
        log.exception("could not queue the national aggregates' refresh of %s", claimed)
        return []
    return claimed


def refresh_years(fiscal_years: Iterable[int]) -> int:
    """Recompute, for each year that has results, the nation and every province (all agency types) and the nation
    per agency type, under the generation read before the data; drop the year's rows of older generations. A year
    whose generation moved while its frame was read is skipped (the job the change queued recomputes it).
    Returns the number of rows written."""
    written = 0
    present = set(AssessmentResult.objects.order_by().values_list("fiscal_year", flat=True).distinct())
    for year in sorted(set(fiscal_years)):
        generation = year_generation(year)
        if year not in present:
            NationalAggregate.objects.filter(fiscal_year=year).exclude(generation=generation).delete()
            continue
        frame = generation_frame(year, generation)
        if year_generation(year) != generation:
            # Changed again while the frame was read: these figures would be stale before they are stored. The
            # change that moved the generation queued the next job (or found one waiting), which recomputes the
            # year; meanwhile pages compute what they show. Under constant writes this keeps the worker from
            # spending the cores on figures nobody will be served as current.
            log.info("national aggregates of %s changed during the refresh: left to the next job", year)
            continue
        rows = [
            NationalAggregate(fiscal_year=year, province=province, agency_type="", generation=generation, data=data)
            for province, data in year_regions(frame, fiscal_year=year).items()
        ]
        types = frame.filter(pl.col("fiscal_year") == year).get_column("agency_type").unique().sort().to_list()
        rows += [
            NationalAggregate(
                fiscal_year=year,
                province="",
                agency_type=kind,
                generation=generation,
                data=region_summary(frame, fiscal_year=year, province=None, agency_type=kind),
            )
            for kind in types
        ]
        store_aggregates(rows)
        NationalAggregate.objects.filter(fiscal_year=year).exclude(generation=generation).delete()
        written += len(rows)
    return written


@task()
def refresh_job(fiscal_years: list[int]) -> int:
    """The background job queued after changes (``queue_refresh``): clear the years' queued mark (committed at
    once), then ``refresh_years``, which reads each year's generation after that: every change committed before
    the clearing is recomputed here, and one after it queues a new job."""
    NationalYearState.objects.filter(fiscal_year__in=fiscal_years).update(refresh_queued_at=None)
    return refresh_years(fiscal_years)


def rebuild(fiscal_years: Iterable[int] | None = None) -> dict[str, Any]:
    """Start again from the results: a new generation for the years (every year with results, and the year after
    each, when none are given), then recompute them. For a database written around the services (a restore, a
    manual fix, an agency's province or type edited)."""
    if fiscal_years is None:
        present = set(AssessmentResult.objects.order_by().values_list("fiscal_year", flat=True).distinct())
        stored = set(NationalAggregate.objects.order_by().values_list("fiscal_year", flat=True).distinct())
        years = present | {y + 1 for y in present} | stored
    else:
        years = {int(y) for y in fiscal_years}
    if not years:
        return {"fiscal_years": [], "rows": 0}
    with transaction.atomic():
        _bump(years)
    return {"fiscal_years": sorted(years), "rows": refresh_years(years)}
