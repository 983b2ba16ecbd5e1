"""Thin views: resolve the agency through the access check, read through selectors, write through one service.

Public (anyone): ``/`` and ``/agencies/<slug>/``, the published results of an agency. A signed-in
person who opens ``/`` is sent to their own dashboard instead.
Staff (``/a/<agency_slug>/…``): every view wears ``@agency_view(<permission>)``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import (
    Access,
    agencies_visible_to,
    agency_view,
    landing_for_member,
    landing_without_agency,
)
from prongsai.apps.agencies.models import Agency
from prongsai.apps.agencies.selectors import agencies_for_landing, agency_for_home, units_for_agency
from prongsai.apps.assessments.forms import ImportUploadForm, PublishForm, ResultEntryForm, YearPickForm
from prongsai.apps.assessments.imports import (
    ImportRefused,
    confirmation_token,
    import_confirm,
    max_upload_bytes,
    ocr_max_pages,
    template_bytes,
)
from prongsai.apps.assessments.models import PendingImport
from prongsai.apps.assessments.scan_imports import import_start, reading_stalled
from prongsai.apps.assessments.selectors import (
    DASHBOARD_CACHE_SECONDS,
    dashboard_versions,
    dashboard_with_charts,
    import_review,
    pending_import_for_agency,
    public_results_overview,
    question_scores_for_result,
    result_for_year,
    result_publication,
    result_versions,
    results_overview_for_agency,
)
from prongsai.apps.assessments.services import ResultInputError, result_publish, result_record, result_unpublish
from prongsai.apps.base.kept_pages import kept_page
from prongsai.apps.base.next_tasks import access_signature, live_next_tasks, next_tasks_for
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.documents.read.ocr import max_pages_default
from prongsai.core.errors import ProngsaiError

SESSION_AGENCY = "prongsai.agency"


def _wants_thai_digits(request: HttpRequest) -> bool:
    return request.GET.get("digits") == "thai"


# --- public -----------------------------------------------------------------------------------------


def _results_page(request: HttpRequest, agency: Agency | None, *, landing: bool = False) -> HttpResponse:
    context = {"agency": agency, "thai_digits": _wants_thai_digits(request), "public": True}
    if landing:  # the site's landing page: every agency's portal, the home agency first
        context["portals"], context["portals_total"] = agencies_for_landing(agency=agency)
    if agency is not None:
        context["units"] = list(units_for_agency(agency=agency))
        context["overview"] = public_results_overview(agency=agency)  # published versions only
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
        elsewhere = landing_for_member(user=request.user) if slugs else None
        if elsewhere:
            return redirect(elsewhere)  # e.g. an assessor: their open round's page, not the office's dashboard
        if len(slugs) == 1:
            return redirect("assessments:dashboard", agency_slug=slugs[0])
        landing = landing_without_agency(user=request.user) if not slugs else None
        if landing:
            return redirect(landing)  # e.g. a regional viewer without an agency of their own
        return redirect("agencies:choose")
    return _results_page(request, agency_for_home(), landing=True)


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
    # the board and its SVG charts come from the cache while the agency's data is unchanged (selectors), and so do
    # the board's rendered fragments (the template's {% cache %}, under the same data version)
    user = request.user
    data_version, person, results = dashboard_versions(agency=agency, user_id=user.pk)
    # how long the rendered fragments are kept (PRONGSAI_DASHBOARD_FRAGMENTS off: rendered on every view, to measure)
    seconds = DASHBOARD_CACHE_SECONDS if getattr(settings, "PRONGSAI_DASHBOARD_FRAGMENTS", True) else 0
    today = timezone.localdate()
    # the next tasks that are not kept (files on disk: the ITA calendar), asked on every view; the kept page's key
    live = live_next_tasks(user=user, access=access, agency=agency, today=today)

    def page(extra: dict[str, object]) -> HttpResponse:
        board, charts = dashboard_with_charts(
            agency=agency, fiscal_year=_year_param(request), data_version=data_version
        )
        context = {
            "agency": agency,
            "access": access,
            "board": board,
            "fragment_seconds": seconds,
            # the fragments' keys; with the fragments off, a key of this request only, so nothing kept is ever read
            "data_version": data_version if seconds else f"off-{uuid.uuid4().hex}",
            "thai_digits": _wants_thai_digits(request),
            **charts,
            # the person's next tasks, first on the page; the apps contribute them (base.next_tasks); those that
            # read only versioned data are kept per person under the data version and the person's own version
            "next_tasks": next_tasks_for(user=user, access=access, agency=agency, today=today,
                                         data_version=f"{data_version}:{person}", seconds=seconds, live=live),
            **extra,
        }
        context["progress_tasks"] = [t for t in context["next_tasks"] if t.progress]
        return render(request, "assessments/dashboard.html", context)

    # The whole page kept per person (base.kept_pages): its key names everything the page shows. Not for system
    # administrators (their header lists every agency, which no version follows).
    keep = seconds if getattr(settings, "PRONGSAI_DASHBOARD_PAGES", True) and not access.is_system_admin else 0
    parts = [
        request.scheme, request.get_host(), request.get_full_path(), today.isoformat(),
        data_version, person, results,
        agency.pk, agency.slug, agency.name_th,
        user.pk, user.get_username(), user.get_full_name(), user.is_staff, user.is_superuser,
        access_signature(access), access.role_label, repr(sorted(live.items())),
    ]
    return kept_page(request, name="dashboard", parts=parts, seconds=keep, render=page)


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
    return _detail_page(request, agency, access, fiscal_year)


def _detail_page(
    request: HttpRequest, agency: Agency, access: Access, fiscal_year: int, publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
        "publication": result_publication(agency=agency, result=result),
        "publish_form": publish_form,
        "thai_digits": _wants_thai_digits(request),
    }
    return render(request, "assessments/result_detail.html", context, status=status)


def _publication_change(
    request: HttpRequest, agency: Agency, access: Access, fiscal_year: int, *, publish: bool
) -> HttpResponse:
    if result_for_year(agency=agency, fiscal_year=fiscal_year) is None:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, agency, access, fiscal_year, publish_form=form, status=400)
    try:
        if publish:
            result_publish(
                agency=agency, fiscal_year=fiscal_year, actor=request.user, version=form.cleaned_data["version"]
            )
        else:
            result_unpublish(agency=agency, fiscal_year=fiscal_year, actor=request.user)
    except ResultInputError as exc:
        form.add_error(None, exc.th)
        return _detail_page(request, agency, access, fiscal_year, publish_form=form, status=400)
    if publish:
        messages.success(request, f"เผยแพร่ผลการประเมินปีงบประมาณ {fiscal_year} บนเว็บไซต์และข้อมูลเปิดแล้ว")
    else:
        messages.success(
            request, f"ยกเลิกการเผยแพร่ผลปีงบประมาณ {fiscal_year} แล้ว ประชาชนจะไม่เห็นผลปีนี้บนเว็บไซต์และข้อมูลเปิด"
        )
    return redirect("assessments:result_detail", agency_slug=agency.slug, fiscal_year=fiscal_year)


@agency_view("edit_portal")
@require_POST
def result_publish_view(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    """Publish the year's newest version on the portal and in open data (``edit_portal``, with "I understand")."""
    return _publication_change(request, agency, access, fiscal_year, publish=True)


@agency_view("edit_portal")
@require_POST
def result_unpublish_view(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    return _publication_change(request, agency, access, fiscal_year, publish=False)


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
                messages.success(
                    request,
                    f"บันทึกผลการประเมินปีงบประมาณ {fiscal_year} แล้ว (ฉบับร่าง ประชาชนจะเห็นเมื่อผู้มีสิทธิ์กด “เผยแพร่”)",
                )
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
        form = ImportUploadForm(request.POST, request.FILES, years=framework_registry().years())
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                pending = import_start(  # a scan is read by OCR in a background job; the review page waits
                    agency=agency, actor=request.user, data=b"".join(upload.chunks()), filename=upload.name or "",
                    target_year=form.cleaned_data.get("target_year"),
                )
            except ImportRefused as exc:
                form.add_error("file", exc.th)
            else:
                return redirect("assessments:import_review", agency_slug=agency.slug, pending_id=pending.pk)
    else:
        year = _year_param(request)
        form = ImportUploadForm(initial={"target_year": year}, years=framework_registry().years())
    context = {
        "agency": agency, "access": access, "form": form, "max_mb": f"{max_upload_bytes() / 1e6:g}",
        "ocr_max_pages": ocr_max_pages() or max_pages_default(),
    }
    return render(request, "assessments/import_upload.html", context, status=400 if form.errors else 200)


def _review_page(
    request: HttpRequest, agency: Agency, access: Access, pending_id: object, error: str = "", status: int = 200
) -> HttpResponse:
    pending = pending_import_for_agency(agency=agency, pending_id=pending_id)
    if pending is None:
        raise Http404("ไม่พบไฟล์นำเข้านี้")
    if pending.status != PendingImport.ReadStatus.READY or request.headers.get("HX-Request") == "true":
        return _reading_page(request, agency, access, pending)
    review = import_review(agency=agency, pending=pending)
    context = {
        "agency": agency,
        "access": access,
        "review": review,
        "token": confirmation_token(pending=pending, user=request.user),
        "error": error,
    }
    return render(request, "assessments/import_review.html", context, status=status)


def _reading_page(request: HttpRequest, agency: Agency, access: Access, pending: PendingImport) -> HttpResponse:
    """A scan being read by OCR: its progress, polled (htmx) until it is read; then the review page loads."""
    context = {"agency": agency, "access": access, "pending": pending, "stalled": reading_stalled(pending)}
    if request.headers.get("HX-Request") == "true":  # the status block polls itself
        response = render(request, "assessments/_import_reading.html", context)
        if pending.status in (PendingImport.ReadStatus.READY, PendingImport.ReadStatus.FAILED):
            response["HX-Refresh"] = "true"  # read: the whole page loads (the review, or the reason it failed)
    else:
        response = render(request, "assessments/import_reading.html", context)
    response["Cache-Control"] = "no-store"
    return response


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
            overrides={
                int(key.removeprefix("override-")): request.POST.get(f"reason-{key.removeprefix('override-')}", "")
                for key in request.POST
                if key.startswith("override-") and key.removeprefix("override-").isdecimal()
                and len(key) < 20 and request.POST.get(key) == "yes"
            },
        )
    except ImportRefused as exc:
        return _review_page(request, agency, access, pending_id, error=exc.th, status=400)
    years = ", ".join(str(r.fiscal_year) for r in saved)
    messages.success(
        request,
        f"บันทึกผลการประเมินจากไฟล์แล้ว ปีงบประมาณ {years} (ฉบับร่าง ประชาชนจะเห็นเมื่อผู้มีสิทธิ์กด “เผยแพร่”)",
    )
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
