"""Thin views: resolve the agency through the access check, read through selectors, write through one service.

Public (anyone): ``/`` and ``/agencies/<slug>/``, the published results of an agency. A signed-in
person who opens ``/`` is sent to their own dashboard instead.
Staff (``/a/<agency_slug>/…``): every view wears ``@agency_view(<permission>)``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agencies_visible_to, agency_view, landing_without_agency
from prongsai.apps.agencies.models import Agency
from prongsai.apps.agencies.selectors import agency_for_home, units_for_agency
from prongsai.apps.assessments.charts import column_chart, line_chart
from prongsai.apps.assessments.forms import ImportUploadForm, ResultEntryForm, YearPickForm
from prongsai.apps.assessments.imports import (
    ImportRefused,
    confirmation_token,
    import_confirm,
    import_prepare,
    max_upload_bytes,
    template_bytes,
)
from prongsai.apps.assessments.selectors import (
    dashboard_for_agency,
    import_review,
    pending_import_for_agency,
    question_scores_for_result,
    result_for_year,
    result_versions,
    results_overview_for_agency,
)
from prongsai.apps.assessments.services import ResultInputError, result_record
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.errors import ProngsaiError

SESSION_AGENCY = "prongsai.agency"


def _wants_thai_digits(request: HttpRequest) -> bool:
    return request.GET.get("digits") == "thai"


# --- public -----------------------------------------------------------------------------------------


def _results_page(request: HttpRequest, agency: Agency | None) -> HttpResponse:
    context = {"agency": agency, "thai_digits": _wants_thai_digits(request), "public": True}
    if agency is not None:
        context["units"] = list(units_for_agency(agency=agency))
        context["overview"] = results_overview_for_agency(agency=agency)
    return render(request, "assessments/results.html", context)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the person's dashboard (or the list of their agencies). Otherwise the public results page."""
    if request.user.is_authenticated:
        visible = agencies_visible_to(user=request.user)
        last = request.session.get(SESSION_AGENCY)
        if last and visible.filter(slug=last).exists():
            return redirect("assessments:dashboard", agency_slug=last)
        slugs = list(visible.values_list("slug", flat=True)[:2])
        if len(slugs) == 1:
            return redirect("assessments:dashboard", agency_slug=slugs[0])
        landing = landing_without_agency(user=request.user) if not slugs else None
        if landing:
            return redirect(landing)  # e.g. a regional viewer without an agency of their own
        return redirect("agencies:choose")
    return _results_page(request, agency_for_home())


@require_safe
def agency_results(request: HttpRequest, slug: str) -> HttpResponse:
    return _results_page(request, get_object_or_404(Agency, slug=slug))


# --- dashboard --------------------------------------------------------------------------------------


def _year_param(request: HttpRequest, name: str = "year") -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdecimal() and len(raw) == 4 else None


@agency_view("view")
@require_safe
def dashboard(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    if request.session.get(SESSION_AGENCY) != agency.slug:
        request.session[SESSION_AGENCY] = agency.slug  # where "/" takes this person next time
    board = dashboard_for_agency(agency=agency, fiscal_year=_year_param(request))
    context = {
        "agency": agency,
        "access": access,
        "board": board,
        "thai_digits": _wants_thai_digits(request),
        "indicator_chart": column_chart(
            [(b.key, b.label, b.score) for b in board.indicators], pass_line=board.pass_line
        ),
        "instrument_chart": column_chart(
            [(b.key, b.label, b.score) for b in board.instruments], pass_line=board.pass_line
        ),
        "trend_chart": line_chart([(str(p.fiscal_year), p.overall) for p in board.trend], pass_line=board.pass_line),
    }
    return render(request, "assessments/dashboard.html", context)


# --- results: list, one year, entry form ------------------------------------------------------------


@agency_view("view")
@require_safe
def results_list(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "overview": results_overview_for_agency(agency=agency),
        "thai_digits": _wants_thai_digits(request),
        "year_form": YearPickForm(years=framework_registry().years()) if access.can_edit_results else None,
    }
    return render(request, "assessments/results_list.html", context)


@agency_view("view")
@require_safe
def result_detail(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    result = result_for_year(agency=agency, fiscal_year=fiscal_year)
    if result is None:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    overview = results_overview_for_agency(agency=agency)
    summary = next(s for s in overview.results if s.fiscal_year == fiscal_year)
    context = {
        "agency": agency,
        "access": access,
        "result": result,
        "summary": summary,
        "questions": list(question_scores_for_result(agency=agency, result=result)),
        "versions": result_versions(agency=agency, result=result),
        "thai_digits": _wants_thai_digits(request),
    }
    return render(request, "assessments/result_detail.html", context)


@agency_view("edit_results")
@require_safe
def result_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    """Pick a fiscal year, then go to its entry form."""
    form = YearPickForm(request.GET or None, years=framework_registry().years())
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["fiscal_year"]
        return redirect("assessments:result_edit", agency_slug=agency.slug, fiscal_year=year)
    return render(request, "assessments/result_new.html", {"agency": agency, "access": access, "form": form})


def _initial_from_import(request: HttpRequest, agency: Agency, fiscal_year: int) -> dict[str, str]:
    """``?from=<pending import>&set=<n>``: the scores an import found for this year, to complete by hand."""
    pending_id, index = request.GET.get("from", ""), request.GET.get("set", "0")
    if not pending_id or not index.isdecimal():
        return {}
    try:
        pending = pending_import_for_agency(agency=agency, pending_id=pending_id)
    except ValidationError:  # not a UUID
        return {}
    if pending is None or int(index) >= len(pending.documents):
        return {}
    doc = pending.documents[int(index)]
    if doc.get("fiscal_year") != fiscal_year:
        return {}
    return {f"indicator_{k}": f"{float(v):.2f}" for k, v in (doc.get("indicators") or {}).items()}


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def result_edit(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    try:
        framework = framework_registry().get(fiscal_year)
    except ProngsaiError as exc:
        raise Http404(exc.th) from exc
    existing = result_for_year(agency=agency, fiscal_year=fiscal_year)
    if request.method == "POST":
        form = ResultEntryForm(request.POST, framework=framework)
        if form.is_valid():
            try:
                result_record(
                    agency=agency,
                    fiscal_year=fiscal_year,
                    indicator_scores=form.indicator_scores(),
                    actor=request.user,
                    source="form",
                    note=form.cleaned_data["note"],
                )
            except ResultInputError as exc:
                form.add_error(None, exc.th)
            else:
                messages.success(request, f"บันทึกผลการประเมินปีงบประมาณ {fiscal_year} แล้ว")
                return redirect("assessments:result_detail", agency_slug=agency.slug, fiscal_year=fiscal_year)
    else:
        initial = {}
        if existing is not None:
            initial = {f"indicator_{s.number}": f"{s.score:.2f}" for s in existing.indicator_scores.all()}
        initial = {**initial, **_initial_from_import(request, agency, fiscal_year)}
        form = ResultEntryForm(initial=initial, framework=framework)
    context = {
        "agency": agency,
        "access": access,
        "form": form,
        "framework": framework,
        "fiscal_year": fiscal_year,
        "existing": existing,
    }
    return render(request, "assessments/result_form.html", context, status=400 if form.errors else 200)


# --- import: upload → review → confirm ----------------------------------------------------------------


@agency_view("edit_results")
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                pending = import_prepare(
                    agency=agency, actor=request.user, data=b"".join(upload.chunks()), filename=upload.name or ""
                )
            except ImportRefused as exc:
                form.add_error("file", exc.th)
            else:
                return redirect("assessments:import_review", agency_slug=agency.slug, pending_id=pending.pk)
    else:
        form = ImportUploadForm()
    context = {"agency": agency, "access": access, "form": form, "max_mb": f"{max_upload_bytes() / 1e6:g}"}
    return render(request, "assessments/import_upload.html", context, status=400 if form.errors else 200)


def _review_page(
    request: HttpRequest, agency: Agency, access: Access, pending_id: object, error: str = "", status: int = 200
) -> HttpResponse:
    pending = pending_import_for_agency(agency=agency, pending_id=pending_id)
    if pending is None:
        raise Http404("ไม่พบไฟล์นำเข้านี้")
    review = import_review(agency=agency, pending=pending)
    context = {
        "agency": agency,
        "access": access,
        "review": review,
        "token": confirmation_token(pending=pending, user=request.user),
        "error": error,
    }
    return render(request, "assessments/import_review.html", context, status=status)


@agency_view("edit_results")
@require_safe
def import_review_page(request: HttpRequest, pending_id: object, *, agency: Agency, access: Access) -> HttpResponse:
    return _review_page(request, agency, access, pending_id)


@agency_view("edit_results")
@require_POST
def import_confirm_view(request: HttpRequest, pending_id: object, *, agency: Agency, access: Access) -> HttpResponse:
    if pending_import_for_agency(agency=agency, pending_id=pending_id) is None:
        raise Http404("ไม่พบไฟล์นำเข้านี้")
    try:
        saved = import_confirm(
            agency=agency,
            pending_id=pending_id,
            actor=request.user,
            token=request.POST.get("token", ""),
            sets=request.POST.getlist("sets"),
        )
    except ImportRefused as exc:
        return _review_page(request, agency, access, pending_id, error=exc.th, status=400)
    years = ", ".join(str(r.fiscal_year) for r in saved)
    messages.success(request, f"บันทึกผลการประเมินจากไฟล์แล้ว ปีงบประมาณ {years}")
    return HttpResponseRedirect(reverse("assessments:results", kwargs={"agency_slug": agency.slug}))


@agency_view("edit_results")
@require_safe
def import_template(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    """A blank results template to fill in (``?fmt=csv`` for CSV; ``?year=2568`` prefills the year)."""
    fmt = "csv" if request.GET.get("fmt") == "csv" else "xlsx"
    year = _year_param(request)
    if year is not None and year not in framework_registry().years():
        year = None
    try:
        data = template_bytes(fiscal_year=year, fmt=fmt)
    except ImportRefused as exc:
        raise Http404(exc.th) from exc
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    name = f"prongsai-results-template{'-' + str(year) if year else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
