"""The portal's staff pages (``/a/<agency_slug>/portal/…``): every view wears ``@agency_view``; writing needs
``PORTAL_EDIT`` (the permission of those who edit the agency's data), reading lists needs ``view``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.downloads import mark_attachment
from prongsai.apps.base.views import agency_row, row_edit_page
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.portal.forms import (
    AnswerForm,
    EvidenceForm,
    HideForm,
    NewsForm,
    ServiceStatusForm,
    ServiceTypeForm,
)
from prongsai.apps.portal.selectors import (
    attachment_for_agency,
    attachments_for_request,
    evidence_link_for_agency,
    latest_approved_plan,
    news_for_agency,
    news_item,
    oit_default_year,
    oit_page,
    oit_years,
    qa_statistics,
    question_for_agency,
    questions_for_staff,
    service_history,
    service_request_for_agency,
    service_requests_for_agency,
    service_type_for_agency,
    service_types_for_agency,
)
from prongsai.apps.portal.services import (
    PortalInputError,
    evidence_save,
    news_draft_from_plan,
    news_save,
    question_answer,
    question_moderate,
    service_request_status_set,
    service_type_save,
)
from prongsai.apps.portal.views._common import PAGE_SIZE
from prongsai.core.errors import ProngsaiError

PORTAL_EDIT = "edit_portal"  # who may edit portal content: agency admins, ITA coordinators, system admins


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
    item = agency_row(news_item, agency=agency, pk=pk, missing="ไม่พบข่าว", published_only=False)
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
    item = agency_row(service_type_for_agency, agency=agency, pk=pk, missing="ไม่พบงานบริการ", active_only=False)
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
    return int(raw) if raw.isdecimal() and len(raw) == 4 else oit_default_year(agency=agency)


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
    item = agency_row(evidence_link_for_agency, agency=agency, pk=pk, missing="ไม่พบลิงก์")
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
