"""Reads for the provincial and national dashboards: the database's results as one Polars frame, then
``prongsai.core.national`` (summary, percentiles) on it. No Python loops over rows.

``results_frame(fiscal_years=…)`` runs ONE query (results with their agency, the agency's national code and
the ten indicator scores as correlated subqueries on the unique (result, number) index), builds a
``pl.DataFrame`` from ``values_list`` and caches it with Django's cache under a key made of the years and the
data's stamp (the latest national import's time, the latest result change and the number of results), so a
new import or an edit through the form is seen at once and nothing else recomputes.

The dashboards' figures (``region_summary``) are read from ``NationalAggregate``, one row per year, region and
agency type, materialised by ``national.aggregates`` (on import, on every result save/publish/unpublish and by
``rebuild_national_aggregates``) and served only while its generation is the year's current one
(``NationalYearState``, bumped in the writing transaction): one query per view, whatever the number of agencies.
A row that is missing or of an older generation is computed here from the frame and stored, by ONE request
per year, generation and region (``region_figures``: a lock in the cache); while it computes, the others are served
the region's previous row, marked as such (``Figures.as_of``: the page says the figures are being updated and of
when they are), never as current. The year's frame is built once per generation the same way. With
``PRONGSAI_NATIONAL_AGGREGATES`` off, the summary comes from the Django cache under the data stamp as before
(kept to measure the difference: docs/performance.md).

Region reads are not agency-scoped, so they live here rather than in ``selectors.py`` (whose functions take the
``agency`` the access check resolved). The caller passes a ``Region`` that ``agencies.access`` resolved.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, F, FloatField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce

from prongsai.apps.agencies.models import AgencyKind
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.apps.base import versions
from prongsai.apps.national.models import NationalAggregate, NationalImport, NationalYearState
from prongsai.core.national import INDICATOR_COLS, INSTRUMENT_COLS
from prongsai.core.national_regions import COMPARABLE_SHARE
from prongsai.core.national_regions import region_summary as core_region_summary

CACHE_SECONDS = 3600
KIND_LABELS = {k.value: str(k.label) for k in AgencyKind}


def _indicator(n: int) -> Subquery:
    return Subquery(IndicatorScore.objects.filter(result=OuterRef("pk"), number=n).values("score")[:1])


def stored_results_rows(*, agency_ids: list[int], fiscal_years: list[int]) -> list[tuple]:
    """(result id, agency pk, fiscal year, overall, level, ind_1 … ind_10) of these agencies and years."""
    return list(
        AssessmentResult.objects.filter(agency_id__in=agency_ids, fiscal_year__in=fiscal_years)
        .annotate(**{c: _indicator(int(c.removeprefix("ind_"))) for c in INDICATOR_COLS})
        .values_list("pk", "agency_id", "fiscal_year", "overall", "level", *INDICATOR_COLS)
    )


FRAME_FIELDS = (
    "agency_id", "fiscal_year", "overall", "level", "passed", "instrument_scores", "agency__name_th",
    "agency__slug", "agency__province", "agency__district", "agency__kind", "agency__national_code__code",
    "agency__national_code__agency_type", "published",
)  # fmt: skip
FRAME_SCHEMA = {
    "agency_pk": pl.Int64, "fiscal_year": pl.Int32, "overall": pl.Float64, "level": pl.String, "passed": pl.Boolean,
    "instruments": pl.Object, "name": pl.String, "slug": pl.String, "province": pl.String, "district": pl.String,
    "kind": pl.String, "code": pl.String, "file_type": pl.String, "published": pl.Boolean,
    **{c: pl.Float64 for c in INDICATOR_COLS},
}  # fmt: skip


def data_stamp() -> str:
    """Changes whenever results change: the latest import, the latest result edit, the number of results."""
    latest_import = NationalImport.objects.order_by(F("applied_at").desc(nulls_last=True)).values("applied_at")[:1]
    agg = AssessmentResult.objects.aggregate(
        last=Max("updated_at"), n=Count("pk"), imported=Max(Subquery(latest_import))
    )  # one query (the dashboards and every agency's peers panel ask for it on each view)
    if not agg["n"]:
        agg["imported"] = NationalImport.objects.aggregate(last=Max("applied_at"))["last"]
    imported = agg["imported"]
    return f"{agg['n']}-{agg['last'].timestamp() if agg['last'] else 0}-{imported.timestamp() if imported else 0}"


def _build(fiscal_years: list[int]) -> pl.DataFrame:
    """Two queries: the results with their agency, then the ten indicator scores per result pivoted by the
    database (one pass over the scores grouped by result, as floats: no correlated subquery per row and score, no
    Decimal per value), joined here."""
    published = Q(published_version__isnull=False)
    fields = ["pk", *("overall_f" if f == "overall" else f for f in FRAME_FIELDS)]
    rows = list(
        AssessmentResult.objects.filter(fiscal_year__in=fiscal_years)
        .annotate(published=ExpressionWrapper(published, output_field=BooleanField()))
        .annotate(overall_f=Cast("overall", FloatField()))
        .values_list(*fields)
    )
    scores = list(
        IndicatorScore.objects.filter(result__fiscal_year__in=fiscal_years)
        .order_by()
        .values("result_id")
        .annotate(**{c: Max(Cast("score", FloatField()), filter=Q(number=int(c.removeprefix("ind_"))))
                     for c in INDICATOR_COLS})
        .values_list("result_id", *INDICATOR_COLS)
    )
    base_schema = {k: v for k, v in FRAME_SCHEMA.items() if k not in INDICATOR_COLS}
    raw = pl.DataFrame(rows, schema={"result_pk": pl.Int64, **base_schema}, orient="row", strict=False)
    per_result = pl.DataFrame(
        scores, schema={"result_pk": pl.Int64, **{c: pl.Float64 for c in INDICATOR_COLS}}, orient="row"
    )
    raw = raw.join(per_result, on="result_pk", how="left").drop("result_pk")
    if raw.height:
        inst = pl.Series("instruments", raw.get_column("instruments").to_list()).struct.unnest()
    else:
        inst = pl.DataFrame(schema={c.upper(): pl.Float64 for c in INSTRUMENT_COLS})
    return (
        raw.drop("instruments")
        .with_columns(
            *[inst.get_column(c.upper()).cast(pl.Float64).alias(c) for c in INSTRUMENT_COLS],
            agency_id=pl.col("agency_pk").cast(pl.String),
            agency_type=pl.coalesce(
                pl.when(pl.col("file_type") != "").then(pl.col("file_type")),
                pl.col("kind").replace_strict(KIND_LABELS, default="อื่น ๆ"),
            ),
            province=pl.when(pl.col("province") == "").then(pl.lit("(ไม่ระบุจังหวัด)")).otherwise(pl.col("province")),
        )
        .drop("file_type")
    )


def _frame_key(years: list[int], stamp: str) -> str:
    return f"prongsai:national:frame:{','.join(map(str, years))}:{stamp}"


def results_frame(*, fiscal_years: list[int], stamp: str | None = None) -> pl.DataFrame:
    """Every agency's results of these years as one frame (cached per years and data stamp, or the ``stamp``
    given: the aggregates pass the year's generation, read before the data)."""
    years = sorted(set(fiscal_years))
    key = _frame_key(years, stamp or data_stamp())
    frame = cache.get(key)
    if frame is None:
        frame = _build(years)
        cache.set(key, frame, CACHE_SECONDS)
    return frame


def _per_results_version(name: str, compute: Any) -> Any:
    """``compute()`` kept in the cache under the ``results`` version (``base.versions``: renewed by every change of
    any result): the dashboards ask these on every view, and each is a scan of every result in the country."""
    key = f"prongsai:national:{name}:{versions.version(versions.RESULTS)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def available_years() -> list[int]:
    return _per_results_version("years", lambda: sorted(
        AssessmentResult.objects.order_by().values_list("fiscal_year", flat=True).distinct(), reverse=True))


def results_per_year() -> dict[int, int]:
    """How many results each fiscal year has (every agency)."""
    def count() -> dict[int, int]:
        rows = AssessmentResult.objects.order_by().values("fiscal_year").annotate(n=Count("pk"))
        return {r["fiscal_year"]: r["n"] for r in rows}

    return _per_results_version("per-year", count)


def default_year(counts: dict[int, int] | None = None) -> int | None:
    """The latest year with a meaningful coverage: its results are at least ``COMPARABLE_SHARE`` of the year
    before's (or there is no year before); else the year with the most results."""
    counts = results_per_year() if counts is None else counts
    for year in sorted(counts, reverse=True):
        before = counts.get(year - 1, 0)
        if not before or counts[year] >= COMPARABLE_SHARE * before:
            return year
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def region_summary(
    *, province: str | None, fiscal_year: int, agency_type: str | None = None
) -> dict[str, Any] | None:
    """``core.national.summary`` of one year for the nation (``province`` None) or one province, optionally one
    agency type; with the full ranking (the page sorts and pages it) and the agency types present. None: no data.
    Kept in Django's cache under the data's stamp, like the frame: a page view reads one small dict, a new import
    or a result edit changes the stamp (docs/performance.md, "National dashboards"). With the aggregates on (the
    default), the materialised row instead (``stored_region_summary``)."""
    return region_summary_version(province=province, fiscal_year=fiscal_year, agency_type=agency_type)[0]


def region_summary_version(
    *, province: str | None, fiscal_year: int, agency_type: str | None = None
) -> tuple[dict[str, Any] | None, str | None]:
    """``region_summary`` and the version of the stored row it came from (``stored_region_summary_version``);
    None with the aggregates off or when the figures were computed by this call."""
    if aggregates_enabled():
        return stored_region_summary_version(province=province, fiscal_year=fiscal_year, agency_type=agency_type)
    key = f"prongsai:national:summary:{province}:{fiscal_year}:{agency_type or ''}:{data_stamp()}"
    found = cache.get(key)
    if found is None:
        found = {"data": _region_summary(province=province, fiscal_year=fiscal_year, agency_type=agency_type)}
        cache.set(key, found, CACHE_SECONDS)
    return found["data"], None


def dashboard_figures(*, province: str | None, fiscal_year: int, agency_type: str | None = None) -> Figures:
    """What a dashboard view shows: ``region_figures`` (which may be the previous figures, marked, while another
    request recomputes them), or with the aggregates off the cached summary of before."""
    if aggregates_enabled():
        return region_figures(province=province, fiscal_year=fiscal_year, agency_type=agency_type)
    return Figures(*region_summary_version(province=province, fiscal_year=fiscal_year, agency_type=agency_type))


def _region_summary(*, province: str | None, fiscal_year: int, agency_type: str | None) -> dict[str, Any] | None:
    frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1])
    return core_region_summary(frame, fiscal_year=fiscal_year, province=province, agency_type=agency_type)


def aggregates_enabled() -> bool:
    return bool(getattr(settings, "PRONGSAI_NATIONAL_AGGREGATES", True))


def year_generation(fiscal_year: int) -> int:
    return NationalYearState.objects.filter(fiscal_year=fiscal_year).values_list("generation", flat=True).first() or 0


# A lock in the cache (``cache.add``) lasts at most this long: a process that died while computing holds nobody
# back for longer (the others are served the previous row, or compute themselves once their wait is over).
LOCK_SECONDS = 60
# A generation's frame is of use only while the generation is current (seconds, under writes): kept for less time
# than a data-stamp frame, so that a result changed every few seconds does not fill the cache with old frames.
GENERATION_FRAME_SECONDS = 600
BUSY = object()  # another request is computing what was asked for


def _claim(key: str) -> bool:
    return bool(cache.add(key, 1, LOCK_SECONDS))


def _wait_released(key: str, seconds: float) -> None:
    """Until the lock ``key`` is released (or expires), at most ``seconds``."""
    until = time.monotonic() + seconds
    while cache.get(key) is not None and time.monotonic() < until:
        time.sleep(0.05)


def compute_wait() -> float:
    """Seconds a request with nothing to show waits for another request computing the same figures."""
    return float(getattr(settings, "PRONGSAI_NATIONAL_COMPUTE_WAIT", 5))


def serve_stale() -> bool:
    """While one request recomputes a region after a change, are the others served the previous row (with the
    page's note)? Off: every request computes it itself (the behaviour before, kept to measure)."""
    return bool(getattr(settings, "PRONGSAI_NATIONAL_SERVE_STALE", True))


def generation_frame(fiscal_year: int, generation: int, *, wait: bool = True) -> Any:
    """The year's and the year before's results, cached under the year's generation (read BEFORE the data, so the
    frame is never older than the generation it is kept under). Built by one caller at a time: another one waits
    for it (``wait``; at most ``LOCK_SECONDS``, then builds it itself) or gets ``BUSY``."""
    years = [fiscal_year - 1, fiscal_year]
    key = _frame_key(years, f"g{fiscal_year}.{generation}")
    frame = cache.get(key)
    if frame is not None:
        return frame
    lock = key + ":building"
    claimed = _claim(lock)
    if not claimed:
        if not wait:
            return BUSY
        _wait_released(lock, LOCK_SECONDS)
        frame = cache.get(key)
        if frame is not None:
            return frame
    try:
        frame = _build(years)
        cache.set(key, frame, GENERATION_FRAME_SECONDS)
    finally:
        if claimed:
            cache.delete(lock)
    return frame


def store_aggregates(rows: list[NationalAggregate]) -> None:
    """Insert or replace materialised rows (one statement; a concurrent writer of the same key is replaced)."""
    NationalAggregate.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["fiscal_year", "province", "agency_type"],
        update_fields=["generation", "data", "computed_at"], batch_size=200,
    )


def stored_region_summary(
    *, province: str | None, fiscal_year: int, agency_type: str | None = None
) -> dict[str, Any] | None:
    """The materialised figures of the region and year when their generation is the year's current one (one
    query); else computed now from the year's frame and stored under the generation read before the data."""
    return stored_region_summary_version(province=province, fiscal_year=fiscal_year, agency_type=agency_type)[0]


def stored_region_summary_version(
    *, province: str | None, fiscal_year: int, agency_type: str | None = None
) -> tuple[dict[str, Any] | None, str | None]:
    """``stored_region_summary`` and the served row's version ("id.generation.computed-at"): it changes whenever
    the row is recomputed or the year's data changes, so what is rendered from the figures can be cached under
    it. None when the figures were computed by this call (nothing to key on yet). Never the figures of an older
    generation: this waits for (or does) the recompute (``region_figures`` may serve them, marked)."""
    found = region_figures(province=province, fiscal_year=fiscal_year, agency_type=agency_type, stale_ok=False)
    return found.data, found.version


@dataclass(frozen=True)
class Figures:
    """A dashboard's figures as served: ``data`` (None: no result there), ``version`` of the stored row they came
    from (None: computed by this request), and ``as_of`` when they are the PREVIOUS row of the region (the year's
    data changed since; another request is recomputing them): the time that row was computed, which the page
    shows with a note. ``as_of`` None: current."""

    data: dict[str, Any] | None
    version: str | None = None
    as_of: datetime | None = None

    @property
    def stale(self) -> bool:
        return self.as_of is not None


def _row_version(pk: int, generation: int, computed_at: datetime) -> str:
    return f"{pk}.{generation}.{computed_at.timestamp()}"


def region_figures(
    *, province: str | None, fiscal_year: int, agency_type: str | None = None, stale_ok: bool = True
) -> Figures:
    """The region's materialised figures (one query when current). When the year's data changed since the row
    was computed, ONE request per (year, generation, region) recomputes and stores it (a lock in the cache);
    with ``stale_ok`` the others are served the region's previous row with ``as_of`` set (the page says so) and
    see the new figures on their next view once it is stored. With nothing stored yet for the region, they wait
    for that request (``compute_wait``), then compute themselves: a page never fails for want of a lock."""
    where = {"fiscal_year": fiscal_year, "province": province or "", "agency_type": agency_type or ""}
    current = Coalesce(
        Subquery(NationalYearState.objects.filter(fiscal_year=fiscal_year).values("generation")[:1]), Value(0)
    )
    row = NationalAggregate.objects.filter(**where).annotate(current=current).values_list(
        "pk", "generation", "computed_at", "data", "current"
    ).first()
    if row is not None:
        pk, generation, computed_at, data, current_generation = row
        if generation == current_generation:
            return Figures(data, _row_version(pk, generation, computed_at))
        previous = Figures(data, _row_version(pk, generation, computed_at), as_of=computed_at)
    else:
        current_generation, previous = year_generation(fiscal_year), None
    stale_ok = stale_ok and previous is not None and serve_stale()
    data = _compute_region(where, current_generation, wait=not stale_ok)
    if data is BUSY:
        return previous
    return Figures(data)


def _lock_key(where: dict[str, Any], generation: int) -> str:
    raw = "\x1f".join([str(where["fiscal_year"]), str(generation), where["province"], where["agency_type"]])
    return "prongsai:national:computing:" + hashlib.sha256(raw.encode()).hexdigest()


def _compute_region(where: dict[str, Any], generation: int, *, wait: bool) -> Any:
    """Compute the region's figures under ``generation`` and store them, unless another request is doing it:
    then ``BUSY`` (``wait`` False) or, after waiting for it, its stored row (or, if it did not store one, compute
    here after all)."""
    fiscal_year = where["fiscal_year"]
    lock = _lock_key(where, generation)
    claimed = _claim(lock)
    if not claimed and serve_stale():
        if not wait:
            return BUSY
        _wait_released(lock, compute_wait())
        done = NationalAggregate.objects.filter(**where, generation=generation).values_list("data", flat=True)
        for data in done[:1]:
            return data
    try:
        if serve_stale():
            frame = generation_frame(fiscal_year, generation, wait=wait)
            if frame is BUSY:  # the year's frame is being built by another request: its figures come after
                return BUSY
        else:  # every request builds what it misses (before)
            frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1], stamp=f"g{fiscal_year}.{generation}")
        data = core_region_summary(
            frame, fiscal_year=fiscal_year, province=where["province"] or None,
            agency_type=where["agency_type"] or None,
        )
        store_aggregates([NationalAggregate(**where, generation=generation, data=data)])
        return data
    finally:
        if claimed:
            cache.delete(lock)


def provinces_with_results(*, fiscal_year: int) -> list[str]:
    frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1])
    return sorted(frame.filter(pl.col("fiscal_year") == fiscal_year).get_column("province").unique().to_list())


def pending_import_for(*, user: Any, pending_id: Any) -> NationalImport | None:
    """A person's own import waiting for review (another's is None: 404)."""
    return NationalImport.objects.filter(pk=pending_id, uploaded_by=user).first()
