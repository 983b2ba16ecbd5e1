"""The portal's public pages (``/p/<slug>/…``, no login, Thai): home, results per year, news, the OIT page, the
open-data catalogue and downloads, questions and answers, e-service. Public views read no request data but the
form fields, and write only through services; the public forms' abuse limits (``base.abuse``) count per client
under a keyed hash of the address that lives in the cache only. The e-service pages are anonymous form pages
(CSRF-exempt with a single-use form token, no cookie, no referrer).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.selectors import public_results_overview
from prongsai.apps.base.abuse import (
    FormReplayed,
    Limit,
    anonymous_form_view,
    form_token,
    limit_count,
    limit_reached,
    public_form_submit,
)
from prongsai.apps.base.downloads import stored_file_response
from prongsai.apps.base.extensions import public_year_sections
from prongsai.apps.base.opendata import registered_dataset, registered_datasets
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.portal import opendata
from prongsai.apps.portal.forms import QuestionForm, ServiceRequestForm, TrackForm
from prongsai.apps.portal.selectors import (
    news_for_agency,
    news_item,
    oit_page,
    oit_years,
    public_document,
    public_plans_for_year,
    qa_statistics,
    questions_public,
    service_history,
    service_request_by_code,
    service_statistics,
    service_type_for_agency,
    service_types_for_agency,
    year_analysis,
)
from prongsai.apps.portal.services import PortalInputError, question_ask, service_request_file
from prongsai.apps.portal.views._common import PAGE_SIZE
from prongsai.core.thai import thai_date


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _public(request: HttpRequest, template: str, agency: Agency, section: str, status: int = 200, **context: Any):
    return render(request, template, {"agency": agency, "portal_section": section, **context}, status=status)


# --- public: home, results, news ---------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    overview = public_results_overview(agency=agency)
    return _public(
        request,
        "portal/home.html",
        agency,
        "home",
        latest=overview.results[0] if overview.results else None,
        news=list(news_for_agency(agency=agency)[:5]),
        fiscal_year=current_fiscal_year(),
    )


@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _public(
        request, "portal/results.html", agency, "results", overview=public_results_overview(agency=agency)
    )


@require_safe
def result_year(request: HttpRequest, slug: str, fiscal_year: int) -> HttpResponse:
    agency = _agency(slug)
    found = [r for r in public_results_overview(agency=agency).results if r.fiscal_year == fiscal_year]
    if not found:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    return _public(
        request,
        "portal/result_year.html",
        agency,
        "results",
        r=found[0],
        oit=oit_page(agency=agency, fiscal_year=fiscal_year),
        year_analysis=year_analysis(agency=agency, fiscal_year=fiscal_year),
        plans=public_plans_for_year(agency=agency, fiscal_year=fiscal_year),
        # what other apps published for the year (meetings: "การนำผลการประเมิน ITA ไปพัฒนาองค์กร"), base.extensions
        sections=public_year_sections(agency=agency, fiscal_year=fiscal_year),
    )


@require_safe
def plan_document(request: HttpRequest, slug: str, document_id: object) -> HttpResponse:
    """A ready document of an approved plan of this agency, as an attachment; 404 for anything else."""
    from prongsai.apps.base import files

    agency = _agency(slug)
    doc = public_document(agency=agency, document_id=document_id)
    if doc is None:
        raise Http404("ไม่พบเอกสาร")
    return stored_file_response(
        doc.stored_name,
        content_type=files.CONTENT_TYPES.get(doc.fmt, "application/octet-stream"),
        filename=doc.filename or f"document.{doc.fmt}",
        missing="ไม่พบไฟล์ของเอกสารนี้",
    )


@require_safe
def news(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    page = Paginator(news_for_agency(agency=agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return _public(request, "portal/news_list.html", agency, "news", page=page)


@require_safe
def news_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = _agency(slug)
    item = news_item(agency=agency, pk=pk)
    if item is None:
        raise Http404("ไม่พบข่าว")
    return _public(request, "portal/news_detail.html", agency, "news", item=item)


# --- public: OIT -------------------------------------------------------------------------------------------


@require_safe
def oit(request: HttpRequest, slug: str, fiscal_year: int | None = None) -> HttpResponse:
    agency = _agency(slug)
    years = oit_years(agency=agency)
    current = current_fiscal_year()
    if fiscal_year is None:
        fiscal_year = current  # the year the portal's links name; never silently another one
    page = oit_page(agency=agency, fiscal_year=fiscal_year)
    if page is None:
        if fiscal_year != current:
            raise Http404("ไม่มีกรอบการประเมินของปีนี้")
        # The current year has no framework yet: say so for this year and offer the years that have one.
        return _public(request, "portal/oit.html", agency, "oit", page=None, fiscal_year=fiscal_year, years=years)
    return _public(
        request, "portal/oit.html", agency, "oit", page=page, fiscal_year=fiscal_year, years=years,
        base_url=_base_url(request),
    )


# --- public: open data -------------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def data_catalog(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _public(request, "portal/data_catalog.html", agency, "data", datasets=list(registered_datasets().values()))


@require_safe
def data_catalog_json(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    base = _base_url(request)
    doc = {"datasets": [opendata.metadata_for(d, agency, base_url=base) for d in registered_datasets().values()]}
    return JsonResponse(doc, json_dumps_params={"ensure_ascii": False, "indent": 1})


def _preview_value(value: Any) -> Any:
    """A cell of the HTML preview as a Thai reader expects it: dates in B.E. (the downloads keep ISO dates)."""
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, datetime):
        return thai_date(timezone.localdate(value) if timezone.is_aware(value) else value.date())
    if isinstance(value, date):
        return thai_date(value)
    return value


@require_safe
def dataset(request: HttpRequest, slug: str, dataset: str) -> HttpResponse:
    agency = _agency(slug)
    found = registered_dataset(dataset)
    if found is None:
        raise Http404("ไม่พบชุดข้อมูล")
    rows = opendata.dataset_rows(found, agency)
    meta = opendata.metadata_for(found, agency, base_url=_base_url(request))
    preview = [[_preview_value(row.get(c.name)) for c in found.columns] for row in rows[:50]]
    return _public(
        request,
        "portal/dataset.html",
        agency,
        "data",
        dataset=found,
        meta=meta,
        columns=[(c, opendata.TYPE_TH.get(c.type, c.type)) for c in found.columns],
        last_updated=thai_date(date.fromisoformat(meta["last_updated_date"])),
        rows=preview,
        total=len(rows),
        meta_json=json.dumps({k: v for k, v in meta.items() if k != "resources"}, ensure_ascii=False, indent=1),
    )


@require_safe
def dataset_download(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    agency = _agency(slug)
    found = registered_dataset(dataset)
    if found is None or fmt not in opendata.FORMATS:
        raise Http404("ไม่พบชุดข้อมูล")
    # Two header rows (Thai labels, machine names) unless ?header=machine asks for the names only.
    header = "machine" if request.GET.get("header") == "machine" else "thai"
    body = opendata.export(found, agency, fmt, base_url=_base_url(request), header=header)
    response = HttpResponse(body, content_type=opendata.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{agency.slug}-{found.slug}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- public: questions and answers -------------------------------------------------------------------------

QA_FORM = "question"
# Per client (base.abuse); nothing per agency, so that one sender cannot close a form for everyone.
QUESTIONS = Limit("question.post", "PRONGSAI_QUESTION_POSTS_PER_CLIENT", 20)
ESERVICE = Limit("eservice.post", "PRONGSAI_ESERVICE_POSTS_PER_CLIENT", 20)
WRONG_NUMBERS = Limit(
    "eservice.lookup-failed", "PRONGSAI_LOOKUP_FAILURES_PER_CLIENT", 20, "PRONGSAI_LOOKUP_WINDOW_SECONDS", 600
)
TOO_MANY = (
    "มีการส่งแบบฟอร์มจากเครือข่ายที่ท่านใช้อยู่จำนวนมากในช่วงนี้ กรุณารอประมาณหนึ่งชั่วโมงแล้วลองใหม่"
    " ข้อมูลที่กรอกไว้ยังอยู่ครบ"
)


@require_http_methods(["GET", "HEAD", "POST"])
def qa(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    form = QuestionForm()
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        status, question = public_form_submit(
            request,
            form,
            limit=QUESTIONS,
            agency=agency,
            form_name=QA_FORM,
            too_many=TOO_MANY,
            save=lambda: question_ask(
                agency=agency,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                display_name=form.cleaned_data["display_name"],
                contact=form.cleaned_data["contact"],
            ),
        )
        if question is not None:
            messages.success(request, f"ได้รับคำถามเลขที่ {question.pk} แล้ว คำตอบจะแสดงในหน้านี้")
            return redirect(reverse("portal:qa", args=[agency.slug]) + f"#q-{question.pk}")
    page = Paginator(questions_public(agency=agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return _public(
        request,
        "portal/qa.html",
        agency,
        "qa",
        status=status,
        form=form,
        page=page,
        stats=qa_statistics(agency=agency),
        token=form_token(agency=agency, form=QA_FORM),
    )


# --- public: e-service -------------------------------------------------------------------------------------

ES_FORM = "eservice"


@anonymous_form_view
@require_safe
def eservice(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _public(
        request,
        "portal/eservice_list.html",
        agency,
        "eservice",
        services=service_types_for_agency(agency=agency),
        stats=service_statistics(agency=agency),
        track_form=TrackForm(),
    )


@anonymous_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def eservice_type(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = _agency(slug)
    service = service_type_for_agency(agency=agency, pk=pk)
    if service is None:
        raise Http404("ไม่พบงานบริการ")
    form = ServiceRequestForm()
    status = 200
    if request.method == "POST":
        form = ServiceRequestForm(request.POST, request.FILES)
        status, filed = public_form_submit(
            request,
            form,
            limit=ESERVICE,
            agency=agency,
            form_name=ES_FORM,
            too_many=TOO_MANY,
            save=lambda: service_request_file(
                agency=agency,
                service_type=service,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                details=form.cleaned_data["details"],
                uploads=form.uploads(),
            ),
            errors=(FormReplayed, PortalInputError),
        )
        if filed is not None:
            return _public(
                request, "portal/eservice_filed.html", agency, "eservice", status=201, service=service, filed=filed
            )
    return _public(
        request,
        "portal/eservice_type.html",
        agency,
        "eservice",
        status=status,
        service=service,
        form=form,
        token=form_token(agency=agency, form=ES_FORM),
    )


@anonymous_form_view
@require_http_methods(["GET", "HEAD", "POST"])
def eservice_track(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow a request by its tracking number (POST: the number stays out of URLs and logs). Wrong numbers are
    counted per client: a guesser is slowed down, a requester on another network never is."""
    agency = _agency(slug)
    form, found, status = TrackForm(), None, 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if limit_reached(request, WRONG_NUMBERS):
            form.is_valid()
            form.add_error(
                None,
                "มีการกรอกเลขติดตามที่ไม่ถูกต้องจากเครือข่ายที่ท่านใช้อยู่หลายครั้ง"
                f" กรุณารอประมาณ {WRONG_NUMBERS.minutes()} นาทีแล้วลองใหม่",
            )
            status = 429
        elif form.is_valid():
            found = service_request_by_code(agency=agency, code=form.cleaned_data["code"])
            if found is None:
                limit_count(request, WRONG_NUMBERS)
                form.add_error("code", "ไม่พบคำขอตามเลขนี้ กรุณาตรวจสอบเลขติดตามอีกครั้ง")
                status = 404
        else:
            status = 400
    history = service_history(agency=agency, request=found) if found else None
    return _public(
        request,
        "portal/eservice_track.html",
        agency,
        "eservice",
        status=status,
        form=form,
        found=found,
        history=history,
    )
