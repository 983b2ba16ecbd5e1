"""The portal's pages.

Public (``/p/<slug>/…``, no login, Thai): home, results per year, news, the OIT page, the open-data
catalogue and downloads, questions and answers, e-service. Public views read no request data but the form
fields, and write only through services.

Staff (``/a/<agency_slug>/portal/…``): every view wears ``@agency_view``; writing needs
``PORTAL_EDIT`` (the permission of those who edit the agency's data), reading lists needs ``view``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.forms import save_form
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.selectors import results_overview_for_agency
from prongsai.apps.complaints.protect import form_token, form_token_problem, rate_allow
from prongsai.apps.downloads import mark_attachment
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.portal import opendata
from prongsai.apps.portal.forms import (
    AnswerForm,
    EvidenceForm,
    HideForm,
    NewsForm,
    QuestionForm,
    ServiceRequestForm,
    ServiceStatusForm,
    ServiceTypeForm,
    TrackForm,
)
from prongsai.apps.portal.selectors import (
    attachment_for_agency,
    attachments_for_request,
    current_fiscal_year,
    evidence_link_for_agency,
    latest_approved_plan,
    news_for_agency,
    news_item,
    oit_default_year,
    oit_page,
    oit_years,
    public_document,
    public_plans_for_year,
    qa_statistics,
    question_for_agency,
    questions_for_staff,
    questions_public,
    service_history,
    service_request_by_code,
    service_request_for_agency,
    service_requests_for_agency,
    service_statistics,
    service_type_for_agency,
    service_types_for_agency,
    year_analysis,
)
from prongsai.apps.portal.services import (
    PortalInputError,
    evidence_save,
    news_draft_from_plan,
    news_save,
    question_answer,
    question_ask,
    question_moderate,
    service_request_file,
    service_request_status_set,
    service_type_save,
)
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import thai_date

PORTAL_EDIT = "edit_results"  # who may edit portal content: agency admins, ITA coordinators, system admins
PAGE_SIZE = 20


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _public(request: HttpRequest, template: str, agency: Agency, section: str, status: int = 200, **context: Any):
    return render(request, template, {"agency": agency, "portal_section": section, **context}, status=status)


# --- public: home, results, news ---------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    overview = results_overview_for_agency(agency=agency)
    return _public(
        request,
        "portal/home.html",
        agency,
        "home",
        latest=overview.results[0] if overview.results else None,
        news=list(news_for_agency(agency=agency)[:5]),
        fiscal_year=current_fiscal_year(agency=agency),
    )


@require_safe
def results(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _public(
        request, "portal/results.html", agency, "results", overview=results_overview_for_agency(agency=agency)
    )


@require_safe
def result_year(request: HttpRequest, slug: str, fiscal_year: int) -> HttpResponse:
    agency = _agency(slug)
    found = [r for r in results_overview_for_agency(agency=agency).results if r.fiscal_year == fiscal_year]
    if not found:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    return _public(
        request,
        "portal/result_year.html",
        agency,
        "results",
        r=found[0],
        oit=oit_page(agency=agency, fiscal_year=fiscal_year),
        analysis=year_analysis(agency=agency, fiscal_year=fiscal_year),
        plans=public_plans_for_year(agency=agency, fiscal_year=fiscal_year),
    )


@require_safe
def plan_document(request: HttpRequest, slug: str, document_id: object) -> HttpResponse:
    """A ready document of an approved plan of this agency, as an attachment; 404 for anything else."""
    from prongsai.apps.plans import files

    agency = _agency(slug)
    doc = public_document(agency=agency, document_id=document_id)
    if doc is None:
        raise Http404("ไม่พบเอกสาร")
    try:
        handle = open(files.path_of(doc.stored_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError as exc:
        raise Http404("ไม่พบไฟล์ของเอกสารนี้") from exc
    response = FileResponse(handle, content_type=files.CONTENT_TYPES.get(doc.fmt, "application/octet-stream"))
    return mark_attachment(response, doc.filename or f"document.{doc.fmt}")


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
    if fiscal_year is None:
        fiscal_year = oit_default_year(agency=agency)
    page = oit_page(agency=agency, fiscal_year=fiscal_year)
    if page is None:
        raise Http404("ไม่มีกรอบการประเมินของปีนี้")
    return _public(request, "portal/oit.html", agency, "oit", page=page, years=years)


# --- public: open data -------------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def data_catalog(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _public(request, "portal/data_catalog.html", agency, "data", datasets=list(opendata.DATASETS.values()))


@require_safe
def data_catalog_json(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    base = _base_url(request)
    doc = {"datasets": [opendata.metadata_for(d, agency, base_url=base) for d in opendata.DATASETS.values()]}
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
    found = opendata.DATASETS.get(dataset)
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
        rows=preview,
        total=len(rows),
        meta_json=json.dumps({k: v for k, v in meta.items() if k != "resources"}, ensure_ascii=False, indent=1),
    )


@require_safe
def dataset_download(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    agency = _agency(slug)
    found = opendata.DATASETS.get(dataset)
    if found is None or fmt not in opendata.FORMATS:
        raise Http404("ไม่พบชุดข้อมูล")
    body = opendata.export(found, agency, fmt, base_url=_base_url(request))
    response = HttpResponse(body, content_type=opendata.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{agency.slug}-{found.slug}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- public: questions and answers -------------------------------------------------------------------------

QA_FORM = "question"


@require_http_methods(["GET", "HEAD", "POST"])
def qa(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    form = QuestionForm()
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        problem = (
            "ส่งแบบฟอร์มไม่สำเร็จ กรุณาลองอีกครั้ง"
            if form.honeypot_filled()
            else form_token_problem(agency=agency, form=QA_FORM, token=request.POST.get("ft", ""))
        )
        if form.is_valid() and not problem:
            if not rate_allow(agency=agency, scope="question.ask", limit=60, window_seconds=3600):
                form.add_error(None, "ขณะนี้มีผู้ส่งคำถามจำนวนมาก กรุณาลองใหม่ในอีกหนึ่งชั่วโมง")
                status = 429
            else:
                question = question_ask(
                    agency=agency,
                    kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    display_name=form.cleaned_data["display_name"],
                    contact=form.cleaned_data["contact"],
                )
                messages.success(request, f"ได้รับคำถามเลขที่ {question.pk} แล้ว คำตอบจะแสดงในหน้านี้")
                return redirect(reverse("portal:qa", args=[agency.slug]) + f"#q-{question.pk}")
        else:
            if problem:
                form.add_error(None, problem)
            status = 400
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
        problem = (
            "ส่งแบบฟอร์มไม่สำเร็จ กรุณาลองอีกครั้ง"
            if form.honeypot_filled()
            else form_token_problem(agency=agency, form=ES_FORM, token=request.POST.get("ft", ""))
        )
        if form.is_valid() and not problem:
            if not rate_allow(agency=agency, scope="eservice.file", limit=120, window_seconds=3600):
                form.add_error(None, "ขณะนี้มีผู้ยื่นคำขอจำนวนมาก กรุณาลองใหม่ในอีกหนึ่งชั่วโมง")
                status = 429
            else:
                try:
                    filed = service_request_file(
                        agency=agency,
                        service_type=service,
                        name=form.cleaned_data["name"],
                        contact=form.cleaned_data["contact"],
                        details=form.cleaned_data["details"],
                        uploads=form.uploads(),
                    )
                except PortalInputError as exc:
                    form.add_error(None, exc.messages[0])
                    status = 400
                else:
                    return _public(
                        request,
                        "portal/eservice_filed.html",
                        agency,
                        "eservice",
                        status=201,
                        service=service,
                        filed=filed,
                    )
        else:
            if problem:
                form.add_error(None, problem)
            status = 400
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


@require_http_methods(["GET", "HEAD", "POST"])
def eservice_track(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow a request by its tracking number (POST: the number stays out of URLs and logs)."""
    agency = _agency(slug)
    form, found, status = TrackForm(), None, 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            found = service_request_by_code(agency=agency, code=form.cleaned_data["code"])
            if found is None:
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


# --- staff ---------------------------------------------------------------------------------------------


def _staff(request: HttpRequest, template: str, agency: Agency, access: Access, status: int = 200, **context: Any):
    return render(request, template, {"agency": agency, "access": access, **context}, status=status)


@agency_view("view")
@require_safe
def staff_index(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    return _staff(
        request,
        "portal/staff/index.html",
        agency,
        access,
        unanswered=questions_for_staff(agency=agency).count(),
        open_requests=service_requests_for_agency(agency=agency, open_only=True).count(),
        can_edit=access.allows(PORTAL_EDIT),
    )


def row_edit_page(
    request: HttpRequest,
    *,
    agency: Agency,
    access: Access,
    form: Any,
    save: Any,
    item: Any,
    title: str,
    done: str,
    extra_data: dict | None = None,
    saved_url: Callable[[], str] | None = None,
) -> HttpResponse:
    """The add/edit page of one row (portal, procurement, registers): a valid POST calls the service ``save``
    and goes to ``saved_url()`` (default ``done``); otherwise the form again, with its errors (400)."""
    saved, _ = save_form(
        request,
        form,
        lambda: save(
            agency=agency, actor=request.user, item=item, data={**form.data_for_service(), **(extra_data or {})}
        ),
    )
    if saved:
        messages.success(request, "บันทึกแล้ว")
        return redirect(saved_url() if saved_url else done)
    status = 400 if request.method == "POST" else 200
    return _staff(request, "portal/staff/edit.html", agency, access, status=status, form=form, title=title, back=done)


@agency_view("view")
@require_safe
def staff_news(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    return _staff(
        request,
        "portal/staff/news.html",
        agency,
        access,
        items=news_for_agency(agency=agency, published_only=False),
        can_edit=access.allows(PORTAL_EDIT),
        approved_plan=latest_approved_plan(agency=agency),
    )


@agency_view(PORTAL_EDIT)
@require_http_methods(["POST"])
def staff_news_draft(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    """Draft an unpublished news item from the news document of the latest approved plan; then edit it."""
    plan = latest_approved_plan(agency=agency)
    problem = "ยังไม่มีแผนมาตรการที่ผู้บริหารอนุมัติแล้ว จึงยังร่างข่าวจากเอกสารไม่ได้"
    if plan is not None:
        try:
            item = news_draft_from_plan(agency=agency, actor=request.user, plan=plan)
        except PortalInputError as exc:
            problem = exc.messages[0]
        else:
            messages.success(request, "ร่างข่าวจากเอกสารข่าวประชาสัมพันธ์แล้ว (ยังไม่เผยแพร่) กรุณาตรวจแก้แล้วเลือกเผยแพร่")
            return redirect("portal:staff_news_edit", agency_slug=agency.slug, pk=item.pk)
    return _staff(
        request,
        "portal/staff/news.html",
        agency,
        access,
        status=400,
        items=news_for_agency(agency=agency, published_only=False),
        can_edit=True,
        approved_plan=plan,
        draft_problem=problem,
    )


@agency_view(PORTAL_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_news_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = None
    if pk is not None:
        item = news_item(agency=agency, pk=pk, published_only=False)
        if item is None:
            raise Http404("ไม่พบข่าว")
    form = NewsForm(request.POST or None, instance=item)
    return row_edit_page(
        request,
        agency=agency,
        access=access,
        form=form,
        save=news_save,
        item=item,
        title="แก้ไขข่าว" if item else "เพิ่มข่าว",
        done=reverse("portal:staff_news", args=[agency.slug]),
    )


@agency_view("view")
@require_safe
def staff_qa(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    show = request.GET.get("show", "unanswered")
    show = show if show in ("unanswered", "hidden", "all") else "unanswered"
    page = Paginator(questions_for_staff(agency=agency, show=show), PAGE_SIZE).get_page(request.GET.get("page"))
    return _staff(
        request, "portal/staff/qa.html", agency, access, page=page, show=show, stats=qa_statistics(agency=agency)
    )


@agency_view(PORTAL_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_qa_item(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    question = question_for_agency(agency=agency, pk=pk)
    if question is None:
        raise Http404("ไม่พบคำถาม")
    answer_form = AnswerForm(initial={"answer": question.answer})
    hide_form = HideForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    question_answer(
                        agency=agency, question=question, actor=request.user, answer=answer_form.cleaned_data["answer"]
                    )
                    messages.success(request, "บันทึกและเผยแพร่คำตอบแล้ว")
                    return redirect("portal:staff_qa_item", agency_slug=agency.slug, pk=question.pk)
            elif action == "hide":
                hide_form = HideForm(request.POST)
                if hide_form.is_valid():
                    question_moderate(
                        agency=agency,
                        question=question,
                        actor=request.user,
                        hide=True,
                        reason=hide_form.cleaned_data["reason"],
                    )
                    messages.success(request, "ซ่อนจากหน้าสาธารณะแล้ว (บันทึกไว้ ไม่ได้ลบ)")
                    return redirect("portal:staff_qa_item", agency_slug=agency.slug, pk=question.pk)
            elif action == "unhide":
                question_moderate(agency=agency, question=question, actor=request.user, hide=False)
                messages.success(request, "แสดงบนหน้าสาธารณะอีกครั้งแล้ว")
                return redirect("portal:staff_qa_item", agency_slug=agency.slug, pk=question.pk)
        except PortalInputError as exc:
            (hide_form if action == "hide" else answer_form).add_error(None, exc.messages[0])
        status = 400
    return _staff(
        request,
        "portal/staff/qa_item.html",
        agency,
        access,
        status=status,
        q=question,
        answer_form=answer_form,
        hide_form=hide_form,
    )


@agency_view("view")
@require_safe
def staff_eservice(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    return _staff(
        request,
        "portal/staff/eservice.html",
        agency,
        access,
        services=service_types_for_agency(agency=agency, active_only=False),
        requests=service_requests_for_agency(agency=agency)[:200],
        can_edit=access.allows(PORTAL_EDIT),
    )


@agency_view(PORTAL_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_service_type_edit(
    request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access
) -> HttpResponse:
    item = None
    if pk is not None:
        item = service_type_for_agency(agency=agency, pk=pk, active_only=False)
        if item is None:
            raise Http404("ไม่พบงานบริการ")
    form = ServiceTypeForm(request.POST or None, instance=item, agency=agency)
    return row_edit_page(
        request,
        agency=agency,
        access=access,
        form=form,
        save=service_type_save,
        item=item,
        title="แก้ไขงานบริการ" if item else "เพิ่มงานบริการ",
        done=reverse("portal:staff_eservice", args=[agency.slug]),
    )


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def staff_service_request(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    found = service_request_for_agency(agency=agency, pk=pk)
    if found is None:
        raise Http404("ไม่พบคำขอ")
    form = ServiceStatusForm(choices=found.next_statuses())
    status = 200
    if request.method == "POST":
        if not access.allows(PORTAL_EDIT):
            raise PermissionDenied("ท่านไม่มีสิทธิ์เปลี่ยนสถานะคำขอ")
        form = ServiceStatusForm(request.POST, choices=found.next_statuses())
        if form.is_valid():
            try:
                service_request_status_set(
                    agency=agency,
                    request=found,
                    actor=request.user,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except PortalInputError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "เปลี่ยนสถานะแล้ว")
                return redirect("portal:staff_service_request", agency_slug=agency.slug, pk=found.pk)
        status = 400
    return _staff(
        request,
        "portal/staff/service_request.html",
        agency,
        access,
        status=status,
        r=found,
        form=form,
        history=service_history(agency=agency, request=found),
        attachments=attachments_for_request(agency=agency, request=found),
        can_edit=access.allows(PORTAL_EDIT),
    )


@agency_view("view")
@require_safe
def staff_attachment(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    found = attachment_for_agency(agency=agency, pk=pk)
    if found is None:
        raise Http404("ไม่พบไฟล์")
    return mark_attachment(HttpResponse(bytes(found.data), content_type=found.content_type), found.filename)


def _oit_items(fiscal_year: int) -> list[tuple[str, str]]:
    try:
        framework = framework_registry().get(fiscal_year)
    except ProngsaiError:
        return []
    return [
        (it.code.upper(), f"{it.code.upper()} {it.title_th or '(ยังไม่ทราบชื่อข้อ)'}") for _, it in framework.oit.items()
    ]


def _year_param(request: HttpRequest, agency: Agency) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else oit_default_year(agency=agency)


@agency_view("view")
@require_safe
def staff_oit(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    fiscal_year = _year_param(request, agency)
    return _staff(
        request,
        "portal/staff/oit.html",
        agency,
        access,
        page=oit_page(agency=agency, fiscal_year=fiscal_year, published_only=False),
        fiscal_year=fiscal_year,
        years=oit_years(agency=agency),
        can_edit=access.allows(PORTAL_EDIT),
    )


@agency_view(PORTAL_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_evidence_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = None
    if pk is not None:
        item = evidence_link_for_agency(agency=agency, pk=pk)
        if item is None:
            raise Http404("ไม่พบลิงก์")
    fiscal_year = item.fiscal_year if item else _year_param(request, agency)
    items = _oit_items(fiscal_year)
    if not items:
        raise Http404("ไม่มีกรอบการประเมินของปีนี้")
    initial = {k: request.GET[k] for k in ("item_code", "title", "url") if k in request.GET and item is None}
    form = EvidenceForm(request.POST or None, instance=item, items=items, initial=initial)
    done = reverse("portal:staff_oit", args=[agency.slug]) + f"?year={fiscal_year}"
    return row_edit_page(
        request,
        agency=agency,
        access=access,
        form=form,
        save=evidence_save,
        item=item,
        title=f"ลิงก์หลักฐาน OIT ปีงบประมาณ {fiscal_year}",
        done=done,
        extra_data={"fiscal_year": fiscal_year},
    )
