"""Thin views for OIT evidence: the checklist per year, items, files, completeness, the ITAS export, clarifications,
the website checker and the uptime history. Every view wears ``@agency_view``; reading needs "view", changing
needs "edit_results" (checked again by the service). Rows come from selectors scoped by the resolved agency, so
another agency's id answers 404."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base import files
from prongsai.apps.base.downloads import mark_attachment, stored_file_response
from prongsai.apps.oit import selectors, services
from prongsai.apps.oit.convert import site_report
from prongsai.apps.oit.documents import clarification_docx, uptime_docx
from prongsai.apps.oit.forms import (
    ApplyForm,
    CheckForm,
    ClarificationForm,
    ConfirmForm,
    DraftForm,
    FileForm,
    ItemForm,
    YearForm,
)
from prongsai.apps.oit.models import CheckStatus, OitChecklist, OitItem
from prongsai.apps.portal.selectors import oit_default_year
from prongsai.core.oit import VERDICT_TH, itas_export
from prongsai.core.oit.checker import FIX_PREFIX
from prongsai.core.oit.report import render_html

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _refused(form, exc: services.OitRefused) -> None:
    if isinstance(exc, services.NotAllowed):
        raise PermissionDenied(exc.th)
    form.add_error(exc.field if exc.field in form.fields else None, exc.th)


def _need_edit(access: Access) -> None:
    if not access.can_edit_results:
        raise PermissionDenied("ท่านดูได้ แต่แก้ไขไม่ได้ (ต้องเป็นผู้ประสานงาน ITA หรือผู้ดูแลระบบของหน่วยงาน)")


def _checklist(agency: Agency, fiscal_year: int) -> OitChecklist:
    checklist = selectors.checklist_for_year(agency=agency, fiscal_year=fiscal_year)
    if checklist is None:
        raise Http404("ยังไม่มีรายการตรวจของปีนี้")
    return checklist


def _item(agency: Agency, pk: int) -> OitItem:
    item = selectors.item_for_agency(agency=agency, pk=pk)
    if item is None:
        raise Http404("ไม่พบข้อนี้")
    return item


def _item_url(item: OitItem) -> str:
    return reverse("oit:item", kwargs={"agency_slug": item.agency.slug, "pk": item.pk})


# --- the checklist -----------------------------------------------------------------------------------------


@agency_view("view")
@require_safe
def index(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    return _index(request, agency, access)


def _index(request, agency, access, form=None, status=200):
    checklists = list(selectors.checklists_for_agency(agency=agency))
    made = {c.fiscal_year for c in checklists}
    years = [y for y in selectors.framework_years(agency=agency) if y not in made]
    if form is None and access.can_edit_results and years:
        default = oit_default_year(agency=agency)
        form = YearForm(years=years, initial={"fiscal_year": default if default in years else years[0]})
    context = {
        "agency": agency, "access": access, "checklists": checklists, "form": form,
        "running": selectors.running_check(agency=agency),
    }
    return render(request, "oit/index.html", context, status=status)


@agency_view("edit_results")
@require_POST
def checklist_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = YearForm(request.POST, years=selectors.framework_years(agency=agency))
    if form.is_valid():
        try:
            checklist = services.checklist_create(
                agency=agency, access=access, actor=request.user, fiscal_year=form.cleaned_data["fiscal_year"],
                base_url=request.build_absolute_uri("/"),
            )
        except services.OitRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"สร้างรายการตรวจหลักฐาน OIT ปีงบประมาณ {checklist.fiscal_year} แล้ว")
            return redirect("oit:checklist", agency_slug=agency.slug, fiscal_year=checklist.fiscal_year)
    return _index(request, agency, access, form=form, status=400)


@agency_view("view")
@require_safe
def checklist(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    page = selectors.checklist_page(agency=agency, checklist=_checklist(agency, fiscal_year))
    return render(request, "oit/checklist.html", {"agency": agency, "access": access, "page": page})


@agency_view("edit_results")
@require_POST
def checklist_follow(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    """Bring the checklist up to the year's current OIT list; evidence moves by title or code, none is dropped."""
    try:
        report = services.checklist_update_to_framework(
            agency=agency, access=access, actor=request.user, fiscal_year=fiscal_year
        )
    except services.NotAllowed as exc:
        raise PermissionDenied(exc.th) from exc
    except services.OitRefused as exc:
        messages.error(request, exc.th)
    else:
        kept = f" หลักฐานของ {len(report.unmatched)} ข้อเดิมที่ไม่ตรงกับข้อใหม่เก็บไว้ท้ายหน้า" if report.unmatched else ""
        done = f"ปรับรายการตรวจตามรายการข้อ OIT ปัจจุบันแล้ว ย้ายหลักฐาน {report.carried} ข้อ ข้อใหม่ {report.added} ข้อ"
        messages.success(request, done + kept)
    return redirect("oit:checklist", agency_slug=agency.slug, fiscal_year=fiscal_year)


@agency_view("view")
@require_safe
def completeness(request: HttpRequest, fiscal_year: int, *, agency: Agency, access: Access) -> HttpResponse:
    page = selectors.checklist_page(agency=agency, checklist=_checklist(agency, fiscal_year))
    return render(request, "oit/completeness.html", {"agency": agency, "access": access, "page": page})


@agency_view("view")
@require_safe
def itas_download(request: HttpRequest, fiscal_year: int, fmt: str, *, agency: Agency, access: Access):
    """ข้อ, มี/ไม่มี, URL, คำอธิบาย as ITAS asks (core ``itas_export``); no cell can start a formula."""
    if fmt not in ("xlsx", "csv"):
        raise Http404("ส่งออกได้เฉพาะ .xlsx หรือ .csv")
    core = selectors.checklist_core(agency=agency, checklist=_checklist(agency, fiscal_year))
    with tempfile.TemporaryDirectory() as tmp:
        path = itas_export(core, Path(tmp) / f"itas.{fmt}")
        data = path.read_bytes()
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    return mark_attachment(HttpResponse(data, content_type=content_type), f"oit-itas-{agency.slug}-{fiscal_year}.{fmt}")


# --- one item ----------------------------------------------------------------------------------------------


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def item(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    row = _item(agency, pk)
    detail = selectors.item_detail(agency=agency, item=row)
    if request.method == "POST":
        _need_edit(access)
        form = ItemForm(request.POST, item=detail.item)
        if form.is_valid():
            try:
                services.item_update(item=row, access=access, actor=request.user, **form.service_kwargs())
            except services.OitRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, f"บันทึกข้อ {detail.item.code.upper()} แล้ว")
                return redirect("oit:checklist", agency_slug=agency.slug, fiscal_year=row.checklist.fiscal_year)
        return _item_page(request, agency, access, detail, form=form, status=400)
    return _item_page(request, agency, access, detail)


def _item_page(request, agency, access, detail, *, form=None, file_form=None, status=200):
    can = access.can_edit_results
    if form is None and can:
        form = ItemForm(initial=ItemForm.initial_of(detail.item, detail.row.version), item=detail.item)
    context = {
        "agency": agency, "access": access, "detail": detail, "item": detail.item, "row": detail.row,
        "form": form if can else None, "file_form": (file_form or FileForm()) if can else None,
        "fiscal_year": detail.row.checklist.fiscal_year,
    }
    return render(request, "oit/item.html", context, status=status)


@agency_view("edit_results")
@require_POST
def file_add(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    row = _item(agency, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.file_add(item=row, access=access, actor=request.user, data=b"".join(upload.chunks()),
                              filename=upload.name)
        except services.OitRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "แนบไฟล์หลักฐานแล้ว")
            return redirect(_item_url(row) + "#files")
    detail = selectors.item_detail(agency=agency, item=row)
    return _item_page(request, agency, access, detail, file_form=form, status=400)


@agency_view("view")
@require_safe
def file_download(request: HttpRequest, pk: int, *, agency: Agency, access: Access):
    """A stored evidence file, always as an attachment (never inline), with nosniff and a sandbox CSP."""
    evidence = selectors.file_for_agency(agency=agency, pk=pk)
    if evidence is None:
        raise Http404("ไม่พบไฟล์หลักฐานนี้")
    return stored_file_response(
        evidence.stored_name,
        content_type=files.CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
        filename=evidence.original_name,
        missing="ไม่พบไฟล์หลักฐานนี้",
    )


@agency_view("edit_results")
@require_POST
def file_remove(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    evidence = selectors.file_for_agency(agency=agency, pk=pk)
    if evidence is None:
        raise Http404("ไม่พบไฟล์หลักฐานนี้")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return HttpResponse("กรุณายืนยันการลบไฟล์", status=400, content_type="text/plain; charset=utf-8")
    row = evidence.item
    try:
        services.file_remove(evidence=evidence, access=access, actor=request.user)
    except services.NotAllowed as exc:
        raise PermissionDenied(exc.th) from exc
    messages.success(request, f"ลบไฟล์ “{evidence.original_name}” แล้ว")
    return redirect(_item_url(row) + "#files")


# --- clarification -----------------------------------------------------------------------------------------


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def clarification(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    row = _item(agency, pk)
    draft_form = text_form = None
    status = 200
    if request.method == "POST":
        _need_edit(access)
        if request.POST.get("action") == "draft":
            draft_form = DraftForm(request.POST)
            form, call = draft_form, lambda d: services.clarification_draft(
                item=row, access=access, actor=request.user, version=d["version"], reason=d["reason"])
        else:
            text_form = ClarificationForm(request.POST)
            form, call = text_form, lambda d: services.clarification_save(
                item=row, access=access, actor=request.user, version=d["version"], text=d["text"])
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except services.OitRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, "บันทึกคำชี้แจงแล้ว")
                return redirect("oit:clarification", agency_slug=agency.slug, pk=row.pk)
        status = 400
    detail = selectors.item_detail(agency=agency, item=row)
    if access.can_edit_results:
        draft_form = draft_form or DraftForm(initial={"version": row.version, "reason": row.dispute_reason})
        if detail.item.clarification or text_form is not None:
            text_form = text_form or ClarificationForm(
                initial={"version": row.version, "text": detail.item.clarification}
            )
    context = {
        "agency": agency, "access": access, "detail": detail, "item": detail.item, "row": row,
        "draft_form": draft_form, "text_form": text_form, "fiscal_year": row.checklist.fiscal_year,
    }
    return render(request, "oit/clarification.html", context, status=status)


@agency_view("view")
@require_safe
def clarification_download(request: HttpRequest, pk: int, *, agency: Agency, access: Access):
    row = _item(agency, pk)
    detail = selectors.item_detail(agency=agency, item=row)
    if not detail.item.clarification:
        raise Http404("ยังไม่มีคำชี้แจงของข้อนี้")
    digits = "arabic" if request.GET.get("digits") == "arabic" else "thai"
    data = clarification_docx(detail.item, digits=digits)
    name = f"oit-clarification-{row.checklist.fiscal_year}-{row.code}.docx"
    return mark_attachment(HttpResponse(data, content_type=DOCX), name)


# --- website checks ----------------------------------------------------------------------------------------


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def checks(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    years = selectors.framework_years(agency=agency)
    form = None
    status = 200
    if request.method == "POST":
        _need_edit(access)
        form = CheckForm(request.POST, years=years)
        if form.is_valid():
            try:
                check = services.site_check_request(
                    agency=agency, access=access, actor=request.user, fiscal_year=form.cleaned_data["fiscal_year"],
                    url=form.cleaned_data["url"],
                )
            except services.OitRefused as exc:
                _refused(form, exc)
            else:
                check.refresh_from_db()  # without a queue worker the check has already run
                if check.status == CheckStatus.DONE:
                    messages.success(request, "ตรวจเว็บไซต์เสร็จแล้ว")
                elif check.status == CheckStatus.FAILED:
                    messages.error(request, "ตรวจเว็บไซต์ไม่สำเร็จ ดูสาเหตุด้านล่าง")
                else:
                    messages.success(request, "สั่งตรวจเว็บไซต์แล้ว หน้านี้จะแสดงผลเมื่อตรวจเสร็จ")
                return redirect("oit:check", agency_slug=agency.slug, pk=check.pk)
        status = 400
    elif access.can_edit_results:
        form = CheckForm(years=years, initial={"fiscal_year": oit_default_year(agency=agency)})
    context = {
        "agency": agency, "access": access, "form": form, "checks": selectors.site_checks(agency=agency),
        "running": selectors.running_check(agency=agency),
    }
    return render(request, "oit/checks.html", context, status=status)


def _report_rows(report) -> list[dict]:
    rows = []
    for it in report.items:
        parts = [
            {"name": it.part_names.get(pid, pid), "seen": seen} for pid, seen in it.parts.items()
        ]
        rows.append({"item": it, "verdict_th": VERDICT_TH[it.verdict], "parts": parts})
    return rows


@agency_view("view")
@require_safe
def check(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    found = selectors.site_check_for_agency(agency=agency, pk=pk)
    if found is None:
        raise Http404("ไม่พบการตรวจนี้")
    waited = (timezone.now() - found.created_at).total_seconds()
    context = {"agency": agency, "access": access, "check": found, "slow": waited > 120}
    if _is_htmx(request):  # the status block polls itself; once finished, the whole page loads with the results
        response = render(request, "oit/_check_status.html", context)
        response["Cache-Control"] = "no-store"
        if found.is_finished:
            response["HX-Refresh"] = "true"
        return response
    report = site_report(found)
    if report is not None:
        context = {
            **context, "report": report, "rows": _report_rows(report), "fix_prefix": FIX_PREFIX,
            "apply_form": ApplyForm() if access.can_edit_results else None,
            "checklist": selectors.checklist_for_year(agency=agency, fiscal_year=found.fiscal_year),
        }
    response = render(request, "oit/check.html", context)
    if not found.is_finished:
        response["Cache-Control"] = "no-store"
    return response


@agency_view("view")
@require_safe
def check_download(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access):
    found = selectors.site_check_for_agency(agency=agency, pk=pk)
    report = site_report(found) if found is not None else None
    if report is None or fmt not in ("json", "html", "pdf", "docx"):
        raise Http404("ไม่พบผลการตรวจนี้")
    name = f"oit-check-{agency.slug}-{found.fiscal_year}-{found.pk}.{fmt}"
    if fmt == "json":
        body = json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        return mark_attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), name)
    if fmt == "html":
        page = HttpResponse(render_html(report).encode("utf-8"), content_type="text/html; charset=utf-8")
        return mark_attachment(page, name)
    if fmt == "docx":
        from prongsai.core.oit.report import render_docx

        return mark_attachment(HttpResponse(render_docx(report).to_bytes(), content_type=DOCX), name)
    if not found.pdf_stored_name:
        raise Http404("ยังไม่มีไฟล์ PDF ของการตรวจนี้ (ต้องมี LibreOffice บนเซิร์ฟเวอร์) ดาวน์โหลดเป็น DOCX แทนได้")
    return stored_file_response(
        found.pdf_stored_name,
        content_type="application/pdf",
        filename=name,
        missing="ไม่พบไฟล์ PDF ของการตรวจนี้",
    )


@agency_view("edit_results")
@require_POST
def check_apply(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    found = selectors.site_check_for_agency(agency=agency, pk=pk)
    if found is None:
        raise Http404("ไม่พบการตรวจนี้")
    form = ApplyForm(request.POST)
    form.is_valid()
    try:
        checklist_row = services.site_check_apply(
            check=found, access=access, actor=request.user,
            mark_published=bool(form.cleaned_data.get("mark_published")), base_url=request.build_absolute_uri("/"),
        )
    except services.NotAllowed as exc:
        raise PermissionDenied(exc.th) from exc
    except services.OitRefused as exc:
        messages.error(request, exc.th)
        return redirect("oit:check", agency_slug=agency.slug, pk=found.pk)
    messages.success(request, f"นำผลการตรวจเว็บไซต์ไปเติมในรายการตรวจปีงบประมาณ {checklist_row.fiscal_year} แล้ว")
    return redirect("oit:checklist", agency_slug=agency.slug, fiscal_year=checklist_row.fiscal_year)


# --- uptime ------------------------------------------------------------------------------------------------


def _days(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("days", 30))
    except ValueError:
        return 30


@agency_view("view")
@require_safe
def uptime(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    page = selectors.uptime_page(agency=agency, days=_days(request))
    context = {"agency": agency, "access": access, "page": page, "windows": selectors.WINDOWS,
               "now": timezone.now()}
    return render(request, "oit/uptime.html", context)


@agency_view("view")
@require_safe
def uptime_download(request: HttpRequest, *, agency: Agency, access: Access):
    page = selectors.uptime_page(agency=agency, days=_days(request))
    data = uptime_docx(agency_name=agency.name_th, page=page, now=timezone.now())
    return mark_attachment(HttpResponse(data, content_type=DOCX), f"uptime-{agency.slug}.docx")

