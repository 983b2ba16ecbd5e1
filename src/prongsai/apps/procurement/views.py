"""Procurement pages: the public page (O12/O13) and the staff pages (forms and import)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.views import agency_row, row_edit_page
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.procurement.forms import AnnouncementForm, ContractForm, ImportForm, PlanItemForm
from prongsai.apps.procurement.selectors import (
    announcements_for_agency,
    annual_report,
    contract_for_agency,
    contracts_for_agency,
    monthly_summary,
    plan_items_for_agency,
    procurement_years,
)
from prongsai.apps.procurement.services import (
    MAX_IMPORT_BYTES,
    ProcurementInputError,
    announcement_save,
    contract_save,
    contracts_import,
    plan_item_save,
)

PROCUREMENT_EDIT = "edit_procurement"  # who may edit procurement data: agency admins, ITA coordinators, system admins


def _year(request: HttpRequest, agency: Agency, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    if raw.isdecimal() and len(raw) == 4:
        return int(raw)
    return years[0] if years else current_fiscal_year()


@require_safe
def public(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    years = procurement_years(agency=agency)
    year = _year(request, agency, years)
    context = {
        "agency": agency,
        "portal_section": "procurement",
        "years": years,
        "year": year,
        "plan": plan_items_for_agency(agency=agency, fiscal_year=year),
        "announcements": announcements_for_agency(agency=agency, fiscal_year=year),
        "contracts": contracts_for_agency(agency=agency, fiscal_year=year),
        "months": monthly_summary(agency=agency, fiscal_year=year),
        "report": annual_report(agency=agency, fiscal_year=year),
    }
    return render(request, "procurement/public.html", context)


@agency_view("view")
@require_safe
def staff(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    years = procurement_years(agency=agency)
    year = _year(request, agency, years)
    context = {
        "agency": agency,
        "access": access,
        "years": years,
        "year": year,
        "can_edit": access.allows(PROCUREMENT_EDIT),
        "contracts": contracts_for_agency(agency=agency, fiscal_year=year),
        "plan": plan_items_for_agency(agency=agency, fiscal_year=year),
        "announcements": announcements_for_agency(agency=agency, fiscal_year=year),
    }
    return render(request, "procurement/staff.html", context)


def _edit(request, *, agency, access, form, save, item, title) -> HttpResponse:
    done = reverse("procurement:staff", args=[agency.slug])
    return row_edit_page(
        request, agency=agency, access=access, form=form, save=save, item=item, title=title, done=done,
        saved_url=lambda row: done + f"?year={form.cleaned_data['fiscal_year']}",
    )


@agency_view(PROCUREMENT_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def contract_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = agency_row(contract_for_agency, agency=agency, pk=pk)
    form = ContractForm(
        request.POST or None,
        instance=item,
        initial=None if item else {"fiscal_year": current_fiscal_year()},
    )
    return _edit(
        request,
        agency=agency,
        access=access,
        form=form,
        save=contract_save,
        item=item,
        title="แก้ไขรายการจัดซื้อจัดจ้าง" if item else "เพิ่มรายการจัดซื้อจัดจ้าง",
    )


@agency_view(PROCUREMENT_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = PlanItemForm(request.POST or None, initial={"fiscal_year": current_fiscal_year()})
    return _edit(
        request,
        agency=agency,
        access=access,
        form=form,
        save=plan_item_save,
        item=None,
        title="เพิ่มรายการในแผนจัดซื้อจัดจ้าง",
    )


@agency_view(PROCUREMENT_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def announcement_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = AnnouncementForm(request.POST or None, initial={"fiscal_year": current_fiscal_year()})
    return _edit(
        request, agency=agency, access=access, form=form, save=announcement_save, item=None, title="เพิ่มประกาศจัดซื้อจัดจ้าง"
    )


@agency_view(PROCUREMENT_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"default_year": current_fiscal_year()}
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = contracts_import(
                    agency=agency,
                    actor=request.user,
                    data=upload.read(MAX_IMPORT_BYTES + 1),
                    filename=upload.name or "",
                    default_year=form.cleaned_data["default_year"],
                )
            except ProcurementInputError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request,
                    f"นำเข้าแล้ว: เพิ่ม {result.created} รายการ แก้ไข {result.updated} รายการ"
                    f" ไม่เปลี่ยน {result.unchanged} รายการ",
                )
                return redirect("procurement:staff", agency_slug=agency.slug)
    context = {"agency": agency, "access": access, "form": form, "problems": problems}
    return render(request, "procurement/import.html", context, status=status)
