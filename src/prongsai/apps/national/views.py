"""Provincial and national dashboards and the bulk import of many agencies' results. Thin views: access through
``agencies.access.region_view`` (404 for a region one may not see), reads in ``analytics``, writes in ``services``."""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from prongsai.apps.agencies.access import is_system_admin
from prongsai.apps.assessments.charts import column_chart
from prongsai.apps.base import versions
from prongsai.apps.base.kept_pages import kept_page
from prongsai.apps.base.public_cache import SITE as PUBLIC_SITE
from prongsai.apps.base.public_cache import version_name as public_version_name
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.national import analytics
from prongsai.apps.national.access import Regions, region_view
from prongsai.apps.national.forms import NationalUploadForm
from prongsai.apps.national.models import NationalImport
from prongsai.apps.national.services import (
    NationalImportRefused,
    confirmation_token,
    national_import_confirm,
    national_import_prepare,
    stored_frame,
)
from prongsai.core.errors import ProngsaiError
from prongsai.core.national import PASS_LINE

PAGE_SIZE = 25
SORTS = {
    # key → (column, descending by default); nation ranks provinces, a province ranks agencies
    "nation": {"rank": ("mean", True), "name": ("province", False), "passing": ("passing", True),
               "agencies": ("agencies", True)},
    "province": {"rank": ("overall", True), "name": ("name", False), "pct_type": ("pct_type", True)},
}  # fmt: skip


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _histogram(hist: list[dict[str, Any]], total: int) -> Any:
    counts = {int(h["bin"]): h["agencies"] for h in hist}
    low = min(counts) if counts else 0
    items = [
        (str(b), f"{b}–{b + 4.99:.2f} คะแนน: {counts.get(b, 0):,} หน่วยงาน", 100 * counts.get(b, 0) / max(total, 1))
        for b in range(low, 100, 5)
    ]
    return column_chart(items, pass_line=None)


def _ranking(rows: list[dict[str, Any]], kind: str, sort: str, order: str) -> list[dict[str, Any]]:
    if not rows:
        return []
    column, descending = SORTS[kind].get(sort, SORTS[kind]["rank"])
    if order in ("asc", "desc"):
        descending = order == "desc"
    frame = pl.DataFrame(rows)
    return frame.sort(column, "rank", descending=[descending, False], nulls_last=True).to_dicts()


def _dashboard(request: HttpRequest, regions: Regions, province: str | None) -> HttpResponse:
    years = analytics.available_years()
    fiscal_year = _int(request.GET.get("fy")) or analytics.default_year()
    agency_type = request.GET.get("type", "").replace("\x00", "").strip()[:80]  # PostgreSQL refuses NUL in text
    figures = analytics.dashboard_figures(
        province=province, fiscal_year=fiscal_year, agency_type=agency_type or None
    ) if fiscal_year in years else analytics.Figures(None)
    data, version = figures.data, figures.version
    kind = "nation" if province is None else "province"
    sort, order = request.GET.get("sort", "rank"), request.GET.get("order", "")
    context: dict[str, Any] = {
        "regions": regions,
        "province": province,
        "years": years,
        "fiscal_year": fiscal_year,
        "agency_type": agency_type,
        "data": data,
        "sort": sort if sort in SORTS[kind] else "rank",
        "order": order,
        "pass_line": PASS_LINE,
        "visible_provinces": sorted(regions.provinces),
        "thai_digits": request.GET.get("digits") == "thai",
        # the previous figures, served while another request recomputes them after a change: the page says so
        "updating_as_of": figures.as_of,
    }

    def page(extra: dict[str, Any]) -> HttpResponse:
        if data is not None:
            key = _section_key(request, version, province, fiscal_year)
            html = cache.get(key) if key else None
            if html is None:
                html = render_to_string(
                    "national/_dashboard_data.html",
                    _section_context(request, context, data, kind, fiscal_year, order),
                )
                if key:
                    cache.set(key, html, SECTION_SECONDS)
            context["data_html"] = mark_safe(html)  # rendered by our template (autoescaped) or read back from it
        return render(request, "national/dashboard.html", {**context, **extra})

    # The whole page kept per person (base.kept_pages) under the served row's version and everything else it shows;
    # not when this request computed the figures (no row to key on) nor for system administrators (their header
    # lists every agency, which no version follows).
    user = request.user
    keep = SECTION_SECONDS if (
        getattr(settings, "PRONGSAI_DASHBOARD_PAGES", True) and version is not None and not is_system_admin(user)
    ) else 0
    if not keep:
        return page({})
    person, results, site = versions.versions(
        [versions.person_name(user.pk), versions.RESULTS, public_version_name(PUBLIC_SITE)]
    )
    parts = [
        request.scheme, request.get_host(), request.get_full_path(), timezone.localdate().isoformat(),
        version, figures.as_of, person, results, site, versions.code_stamp(),
        user.pk, user.get_username(), user.get_full_name(), user.is_staff, user.is_superuser,
        regions.nation, sorted(regions.provinces),
    ]
    return kept_page(request, name="national", parts=parts, seconds=keep, render=page)


SECTION_SECONDS = 3600
SECTION_PARAMS = frozenset({"fy", "type", "sort", "order", "page", "digits"})


def _section_key(request: HttpRequest, version: str | None, province: str | None, fiscal_year: int) -> str | None:
    """The cache key of the rendered data section: the stored row's version (id, generation, time computed), the
    region and year, and the query string the section's links repeat ({% querystring %}). Nothing about the
    person: the section is the same for everyone allowed to see the region (``region_view`` refused the others
    before this is read). None (render, do not cache): no stored row, caching off, or parameters the page does
    not know (an unbounded set of keys)."""
    if version is None or not getattr(settings, "PRONGSAI_NATIONAL_FRAGMENT_CACHE", True):
        return None
    params = sorted(request.GET.lists())
    if any(k not in SECTION_PARAMS or len(v) != 1 or len(v[0]) > 100 for k, v in params):
        return None
    raw = "\x1f".join([version, province or "", str(fiscal_year), *(f"{k}={v[0]}" for k, v in params)])
    return "prongsai:national:section:" + hashlib.sha256(raw.encode()).hexdigest()


def _section_context(
    request: HttpRequest, page_context: dict[str, Any], data: dict[str, Any], kind: str, fiscal_year: int, order: str
) -> dict[str, Any]:
    """What ``national/_dashboard_data.html`` needs: the figures, charts, tables and the page of the ranking."""
    context = {
        k: page_context[k] for k in ("province", "agency_type", "data", "sort", "pass_line", "thai_digits")
    }
    context["query"] = request.GET
    try:
        framework = framework_registry().get(fiscal_year)
        names = {str(i.number): i.name_th for i in framework.indicators.items}
    except ProngsaiError:
        names = {}
    context["indicator_rows"] = [
        {"number": n, "name": names.get(n, ""), "mean": v, "change": (data["year_on_year"] or {}).get(
            "indicator_change", {}).get(n), "below": below["agencies_below_85"]}
        for (n, v), below in zip(data["indicators"].items(), data["agencies_below_85_per_indicator"], strict=True)
    ]
    context["weakest_rows"] = [
        {**w, "name": names.get(str(w["weakest"]), ""), "share": w["agencies"] / data["agencies"]}
        for w in data["weakest_indicator"][:5]
    ]
    context["indicator_chart"] = column_chart(
        [(n, names.get(n, ""), v) for n, v in data["indicators"].items()], pass_line=PASS_LINE
    )
    context["instrument_chart"] = column_chart(
        [(k, k, v) for k, v in data["instruments"].items()], pass_line=PASS_LINE
    )
    context["histogram_chart"] = _histogram(data["histogram"], data["agencies"])
    ranking = _ranking(data["ranking"], kind, page_context["sort"], order)
    context["page"] = Paginator(ranking, PAGE_SIZE).get_page(request.GET.get("page"))
    context["sort_keys"] = SORTS[kind]
    return context


@region_view
@require_safe
def home(request: HttpRequest, *, regions: Regions) -> HttpResponse:
    """The nation for those who see it; a provincial viewer goes to their province (or picks one)."""
    if not regions.nation:
        provinces = sorted(regions.provinces)
        if len(provinces) == 1:
            return redirect("national:province", province=provinces[0])
        return render(request, "national/choose.html", {"regions": regions, "provinces": provinces})
    return _dashboard(request, regions, None)


@region_view
@require_safe
def province_dashboard(request: HttpRequest, province: str, *, regions: Regions) -> HttpResponse:
    if "\x00" in province:  # no province has one (and PostgreSQL refuses NUL in text)
        raise Http404("ไม่พบหน้าที่ต้องการ")
    return _dashboard(request, regions, province)


def _upload_page(request: HttpRequest, regions: Regions, form: NationalUploadForm, refused: Any = None) -> HttpResponse:
    context = {"regions": regions, "form": form, "refused": refused, "limit": sorted(regions.provinces)}
    status = 400 if (form.errors or refused) else 200
    return render(request, "national/import_upload.html", context, status=status)


@region_view
def import_upload(request: HttpRequest, *, regions: Regions) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if request.method != "POST":
        return _upload_page(request, regions, NationalUploadForm())
    form = NationalUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, regions, form)
    upload = form.cleaned_data["file"]
    try:
        pending = national_import_prepare(
            actor=request.user, data=b"".join(upload.chunks()), filename=upload.name or "",
            provinces=regions.import_limit,
        )
    except NationalImportRefused as exc:
        return _upload_page(request, regions, form, refused=exc)
    return redirect("national:import_review", pending_id=pending.pk)


def _pending(request: HttpRequest, pending_id: Any) -> NationalImport:
    pending = analytics.pending_import_for(user=request.user, pending_id=pending_id)
    if pending is None:
        raise Http404("ไม่พบไฟล์นำเข้านี้")
    return pending


def _review(request: HttpRequest, regions: Regions, pending: NationalImport, error: str = "", status: int = 200):
    frame = stored_frame(pending)
    per_province = (
        frame.group_by("province").agg(rows=pl.len(), mean=pl.col("overall").mean().round(2)).sort("province")
    )
    context = {
        "regions": regions,
        "pending": pending,
        "plan": pending.plan,
        "provinces": per_province.to_dicts(),
        "sample": frame.head(10).to_dicts(),
        "token": confirmation_token(pending=pending, user=request.user),
        "error": error,
    }
    return render(request, "national/import_review.html", context, status=status)


@region_view
@require_safe
def import_review(request: HttpRequest, pending_id: Any, *, regions: Regions) -> HttpResponse:
    return _review(request, regions, _pending(request, pending_id))


@region_view
@require_POST
def import_confirm(request: HttpRequest, pending_id: Any, *, regions: Regions) -> HttpResponse:
    pending = _pending(request, pending_id)
    try:
        outcome = national_import_confirm(
            pending_id=pending.pk, actor=request.user, token=request.POST.get("token", ""),
            provinces=regions.import_limit,
        )
    except NationalImportRefused as exc:
        pending.refresh_from_db()
        return _review(request, regions, pending, error=exc.th, status=400)
    return render(request, "national/import_done.html", {"regions": regions, "outcome": outcome, "pending": pending})
