"""Reads for the provincial and national dashboards: the database's results as one Polars frame, then
``prongsai.core.national`` (summary, percentiles) on it. No Python loops over rows.

``results_frame(fiscal_years=…)`` runs ONE query (results with their agency, the agency's national code and
the ten indicator scores as correlated subqueries on the unique (result, number) index), builds a
``pl.DataFrame`` from ``values_list`` and caches it with Django's cache under a key made of the years and the
data's stamp (the latest national import's time, the latest result change and the number of results), so a
new import or an edit through the form is seen at once and nothing else recomputes.

Region reads are not agency-scoped, so they live here rather than in ``selectors.py`` (whose functions take the
``agency`` the access check resolved). The caller passes a ``Region`` that ``agencies.access`` resolved.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.core.cache import cache
from django.db.models import Count, F, Max, OuterRef, Subquery

from prongsai.apps.agencies.models import AgencyKind
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.apps.national.models import NationalImport
from prongsai.core.national import INDICATOR_COLS, INSTRUMENT_COLS, summary

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
    "agency__national_code__agency_type",
)  # fmt: skip
FRAME_SCHEMA = {
    "agency_pk": pl.Int64, "fiscal_year": pl.Int32, "overall": pl.Float64, "level": pl.String, "passed": pl.Boolean,
    "instruments": pl.Object, "name": pl.String, "slug": pl.String, "province": pl.String, "district": pl.String,
    "kind": pl.String, "code": pl.String, "file_type": pl.String, **{c: pl.Float64 for c in INDICATOR_COLS},
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
    rows = list(
        AssessmentResult.objects.filter(fiscal_year__in=fiscal_years)
        .annotate(**{c: _indicator(int(c.removeprefix("ind_"))) for c in INDICATOR_COLS})
        .values_list(*FRAME_FIELDS, *INDICATOR_COLS)
    )
    raw = pl.DataFrame(rows, schema=FRAME_SCHEMA, orient="row", strict=False)
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


def results_frame(*, fiscal_years: list[int]) -> pl.DataFrame:
    """Every agency's results of these years as one frame (cached per years and data stamp)."""
    years = sorted(set(fiscal_years))
    key = f"prongsai:national:frame:{','.join(map(str, years))}:{data_stamp()}"
    frame = cache.get(key)
    if frame is None:
        frame = _build(years)
        cache.set(key, frame, CACHE_SECONDS)
    return frame


def available_years() -> list[int]:
    return sorted(AssessmentResult.objects.order_by().values_list("fiscal_year", flat=True).distinct(), reverse=True)


# Two years are compared, and a year is the dashboards' default, only when its number of results is at least this
# share of the other's (the year before): a year with 1 result against 302 the year before says nothing of either.
COMPARABLE_SHARE = 0.5


def results_per_year() -> dict[int, int]:
    """How many results each fiscal year has (every agency)."""
    rows = AssessmentResult.objects.order_by().values("fiscal_year").annotate(n=Count("pk"))
    return {r["fiscal_year"]: r["n"] for r in rows}


def comparable(count: int, other: int) -> bool:
    return not count or not other or min(count, other) >= COMPARABLE_SHARE * max(count, other)


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
    or a result edit changes the stamp (docs/performance.md, "National dashboards")."""
    key = f"prongsai:national:summary:{province}:{fiscal_year}:{agency_type or ''}:{data_stamp()}"
    found = cache.get(key)
    if found is None:
        found = {"data": _region_summary(province=province, fiscal_year=fiscal_year, agency_type=agency_type)}
        cache.set(key, found, CACHE_SECONDS)
    return found["data"]


def _region_summary(*, province: str | None, fiscal_year: int, agency_type: str | None) -> dict[str, Any] | None:
    frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1])
    types = sorted(frame.filter(pl.col("fiscal_year") == fiscal_year).get_column("agency_type").unique().to_list())
    if agency_type:
        frame = frame.filter(pl.col("agency_type") == agency_type)
    scope = frame if province is None else frame.filter(pl.col("province") == province)
    if not scope.filter(pl.col("fiscal_year") == fiscal_year).height:
        return None
    data = summary(frame, fiscal_year=fiscal_year, province=province, top=frame.height or 1)
    # Coverage: how many of the scope's agencies (those with a result this year or the year before) have one.
    this_ids = scope.filter(pl.col("fiscal_year") == fiscal_year).get_column("agency_id").n_unique()
    before_ids = scope.filter(pl.col("fiscal_year") == fiscal_year - 1).get_column("agency_id").n_unique()
    data["coverage"] = {
        "agencies": this_ids,
        "known": scope.get_column("agency_id").n_unique(),
        "previous_year": fiscal_year - 1,
        "previous": before_ids,
        "comparable": comparable(this_ids, before_ids),
    }
    if data["year_on_year"] and not data["coverage"]["comparable"]:
        data["year_on_year"] = None  # never compare years of very different coverage (the page says why)
    if province is not None:  # names and slugs for the agency ranking (the core ranks by agency_id)
        names = frame.filter(pl.col("fiscal_year") == fiscal_year).select("agency_id", "name", "slug", "code")
        ranking = pl.DataFrame(data["ranking"]).join(names, on="agency_id", how="left")
        data["ranking"] = ranking.sort("rank", "name").to_dicts()
    data["agency_types"] = types
    data["agency_type"] = agency_type or ""
    return data


def provinces_with_results(*, fiscal_year: int) -> list[str]:
    frame = results_frame(fiscal_years=[fiscal_year, fiscal_year - 1])
    return sorted(frame.filter(pl.col("fiscal_year") == fiscal_year).get_column("province").unique().to_list())


def pending_import_for(*, user: Any, pending_id: Any) -> NationalImport | None:
    """A person's own import waiting for review (another's is None: 404)."""
    return NationalImport.objects.filter(pk=pending_id, uploaded_by=user).first()
