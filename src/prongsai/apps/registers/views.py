"""No Gift Policy pages: the public declaration and annual report; the staff register."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.downloads import document_response
from prongsai.apps.base.forms import save_form
from prongsai.apps.base.qr import qr_png, qr_svg
from prongsai.apps.base.views import agency_row, found, row_edit_page
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.registers.assets_io import MAX_IMPORT_BYTES, TEMPLATE_HEADER
from prongsai.apps.registers.documents import ethics_report, inventory_report
from prongsai.apps.registers.forms import (
    AssetForm,
    AssetImportForm,
    DeclarationForm,
    EthicsActivityForm,
    GiftForm,
    InventoryRoundForm,
    LoanRequestForm,
)
from prongsai.apps.registers.models import CountResult, FollowUp, LoanStatus
from prongsai.apps.registers.selectors import (
    asset_for_agency,
    assets_for_agency,
    declaration_for_agency,
    declarations_for_agency,
    ethics_activity_for_agency,
    ethics_summary,
    gift_for_agency,
    gift_report,
    gifts_for_agency,
    inventory_count_for_agency,
    inventory_round_for_agency,
    inventory_rounds_for_agency,
    loan_for_agency,
    loans_for_agency,
    overdue_loans,
    round_checklist,
    round_summary,
    units_for_agency,
)
from prongsai.apps.registers.services import (
    asset_import,
    asset_save,
    discrepancy_follow_up,
    ethics_activity_save,
    gift_save,
    inventory_count_record,
    inventory_round_save,
    is_own_loan,
    loan_actions,
    loan_decide,
    loan_hand_over,
    loan_request,
    loan_return,
    nogift_declaration_save,
)

REGISTERS_EDIT = "edit_registers"  # who may edit the registers: agency admins, ITA coordinators, system admins


@require_safe
def nogift(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    context = {
        "agency": agency,
        "portal_section": "nogift",
        "declarations": declarations_for_agency(agency=agency),
        "report": gift_report(agency=agency),
        "gifts": gifts_for_agency(agency=agency)[:200],
    }
    return render(request, "registers/nogift.html", context)


@agency_view("view")
@require_safe
def staff(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(REGISTERS_EDIT),
        "declarations": declarations_for_agency(agency=agency, published_only=False),
        "gifts": gifts_for_agency(agency=agency),
        "report": gift_report(agency=agency),
    }
    return render(request, "registers/staff.html", context)


def _new_row_year(item) -> dict | None:
    """A new row starts in the current fiscal year; an existing row keeps its own."""
    return None if item else {"fiscal_year": current_fiscal_year()}


def _edit(request, *, agency, access, form, save, item, title) -> HttpResponse:
    done = reverse("registers:staff", args=[agency.slug])
    return row_edit_page(request, agency=agency, access=access, form=form, save=save, item=item, title=title, done=done)


def _page(request, **kwargs) -> HttpResponse:
    """A row's add/edit page under the assets, inventory and ethics menu."""
    return row_edit_page(request, template="registers/form.html", **kwargs)


@agency_view(REGISTERS_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def gift_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = agency_row(gift_for_agency, agency=agency, pk=pk)
    form = GiftForm(request.POST or None, instance=item, initial=_new_row_year(item))
    return _edit(
        request,
        agency=agency,
        access=access,
        form=form,
        save=gift_save,
        item=item,
        title="แก้ไขรายการรับของขวัญ" if item else "บันทึกการรับของขวัญหรือประโยชน์",
    )


@agency_view(REGISTERS_EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def declaration_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = agency_row(declaration_for_agency, agency=agency, pk=pk, missing="ไม่พบประกาศ")
    form = DeclarationForm(request.POST or None, instance=item, initial=_new_row_year(item))
    return _edit(
        request,
        agency=agency,
        access=access,
        form=form,
        save=nogift_declaration_save,
        item=item,
        title="ประกาศเจตนารมณ์ No Gift Policy",
    )


# --- assets, borrowing, inventory checks, ethics activities ------------------------------------------------

EDIT = "edit_registers"  # approving loans, handing over, taking back, counting: agency admins and coordinators


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) <= 18 else None


def _form_page(request, *, agency, access, form, title, back, status=200, extra=None) -> HttpResponse:
    context = {"agency": agency, "access": access, "form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "registers/form.html", context, status=status)


@agency_view("view")
@require_safe
def assets(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    unit_id = _int(request.GET.get("unit"))
    q = request.GET.get("q", "")[:100]
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT),
        "assets": assets_for_agency(agency=agency, unit_id=unit_id, q=q),
        "units": units_for_agency(agency=agency),
        "unit_id": unit_id,
        "q": q,
        "overdue": overdue_loans(agency=agency),
    }
    return render(request, "registers/assets.html", context)


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def asset_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = agency_row(asset_for_agency, agency=agency, pk=pk)
    return _page(
        request,
        agency=agency,
        access=access,
        form=AssetForm(request.POST or None, instance=item, agency=agency),
        save=asset_save,
        item=item,
        title=f"แก้ไข {item}" if item else "เพิ่มครุภัณฑ์/วัสดุ",
        done=reverse("registers:assets", args=[agency.slug]),
    )


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def asset_import_view(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = AssetImportForm(request.POST or None, request.FILES or None)
    back = reverse("registers:assets", args=[agency.slug])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "ไฟล์ใหญ่เกิน 5 MB")
        else:
            try:
                done = asset_import(agency=agency, actor=request.user, filename=upload.name, data=upload.read())
            except ValidationError as exc:
                for line in exc.messages[0].splitlines():
                    form.add_error("file", line)
            else:
                counts = f"เพิ่มใหม่ {done.created:,} ปรับปรุง {done.updated:,}"
                messages.success(request, f"นำเข้า {done.rows:,} รายการ ({counts})")
                return redirect(back)
    return _form_page(
        request,
        agency=agency,
        access=access,
        form=form,
        title="นำเข้ารายการครุภัณฑ์",
        back=back,
        status=400 if request.method == "POST" else 200,
        extra={"multipart": True},
    )


@agency_view(EDIT)
@require_safe
def asset_import_template(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    body = "\ufeff" + ",".join(TEMPLATE_HEADER) + "\r\n" + "ตัวอย่าง-001,เครื่องฉายภาพ,ครุภัณฑ์,ห้องประชุม,,25000,ใช้งานได้\r\n"
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="assets-template.csv"'
    return response


def _asset_link(request: HttpRequest, agency: Agency, asset) -> str:
    url = reverse("registers:assets", args=[agency.slug]) + "?" + urlencode({"q": asset.code})
    return request.build_absolute_uri(url)


@agency_view("view")
@require_safe
def asset_qr(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    asset = found(asset_for_agency(agency=agency, pk=pk))
    if fmt not in ("svg", "png"):
        raise Http404("ไม่พบรูปแบบไฟล์")
    link = _asset_link(request, agency, asset)
    if fmt == "png":
        return HttpResponse(qr_png(link), content_type="image/png")
    return HttpResponse(qr_svg(link), content_type="image/svg+xml")


@agency_view("view")
@require_safe
def loans(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    status = request.GET.get("status") or None
    can_edit = access.allows(EDIT)
    loans = loans_for_agency(agency=agency, status=status if status in LoanStatus.values else None)[:500]
    context = {
        "agency": agency,
        "access": access,
        "can_edit": can_edit,
        # per loan, only the actions this person may take (never approving their own request)
        "rows": [
            {"loan": loan, "actions": loan_actions(actor=request.user, loan=loan, can_manage=can_edit),
             "own": is_own_loan(actor=request.user, loan=loan)}
            for loan in loans
        ],
        "overdue": overdue_loans(agency=agency),
        "statuses": LoanStatus.choices,
        "status": status,
        "today": timezone.localdate(),
    }
    return render(request, "registers/loans.html", context)


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def loan_new(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    form = LoanRequestForm(request.POST or None, agency=agency, initial={"asset": _int(request.GET.get("asset"))})
    back = reverse("registers:loans", args=[agency.slug])
    saved, _ = save_form(request, form, lambda: loan_request(agency=agency, actor=request.user, **form.cleaned_data))
    if saved:
        messages.success(request, "ส่งคำขอยืมแล้ว รอผู้มีอำนาจอนุมัติ")
        return redirect(back)
    return _form_page(
        request,
        agency=agency,
        access=access,
        form=form,
        title="ขอยืมครุภัณฑ์",
        back=back,
        status=400 if request.method == "POST" else 200,
    )


LOAN_ACTIONS = {"approve", "reject", "hand-over", "return"}


@agency_view(EDIT)
@require_POST
def loan_action(request: HttpRequest, pk: int, action: str, *, agency: Agency, access: Access) -> HttpResponse:
    loan = found(loan_for_agency(agency=agency, pk=pk))
    if action not in LOAN_ACTIONS:
        raise Http404("ไม่พบคำสั่ง")
    condition = request.POST.get("condition", "")[:500]
    try:
        if action in ("approve", "reject"):
            loan_decide(agency=agency, actor=request.user, loan=loan, approve=action == "approve")
        elif action == "hand-over":
            loan_hand_over(agency=agency, actor=request.user, loan=loan, condition=condition)
        else:
            loan_return(agency=agency, actor=request.user, loan=loan, condition=condition)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "บันทึกแล้ว")
    return redirect("registers:loans", agency.slug)


@agency_view("view")
@require_safe
def inventory(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT),
        "rounds": inventory_rounds_for_agency(agency=agency),
    }
    return render(request, "registers/inventory.html", context)


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def inventory_round_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access):
    item = agency_row(inventory_round_for_agency, agency=agency, pk=pk)
    return _page(
        request,
        agency=agency,
        access=access,
        form=InventoryRoundForm(request.POST or None, instance=item, initial=_new_row_year(item)),
        save=inventory_round_save,
        item=item,
        title="รอบการตรวจนับพัสดุ",
        done=reverse("registers:inventory", args=[agency.slug]),
        saved_url=lambda row: reverse("registers:inventory_round", args=[agency.slug, row.pk]),
    )


@agency_view("view")
@require_safe
def inventory_round(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    item = found(inventory_round_for_agency(agency=agency, pk=pk))
    unit_id = _int(request.GET.get("unit"))
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT) and not item.is_closed,
        "round": item,
        "summary": round_summary(agency=agency, round=item),
        "rows": round_checklist(agency=agency, round=item, unit_id=unit_id),
        "units": units_for_agency(agency=agency),
        "unit_id": unit_id,
        "results": CountResult.choices,
        "follow_ups": [c for c in FollowUp.choices if c[0] != FollowUp.NONE],
    }
    return render(request, "registers/inventory_round.html", context)


@agency_view("view")
@require_safe
def inventory_checklist(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    """A printable checklist of one unit's assets (or all), each with its QR label."""
    item = found(inventory_round_for_agency(agency=agency, pk=pk))
    unit_id = _int(request.GET.get("unit"))
    rows = round_checklist(agency=agency, round=item, unit_id=unit_id)
    labels = [(row, qr_svg(_asset_link(request, agency, row.asset), scale=2).decode("utf-8")) for row in rows]
    unit = units_for_agency(agency=agency).filter(pk=unit_id).first() if unit_id else None
    context = {"agency": agency, "access": access, "round": item, "labels": labels, "unit": unit}
    return render(request, "registers/checklist.html", context)


@agency_view(EDIT)
@require_POST
def inventory_count(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    item = found(inventory_round_for_agency(agency=agency, pk=pk))
    asset = asset_for_agency(agency=agency, pk=_int(request.POST.get("asset")) or 0)
    unit = _int(request.POST.get("unit"))
    url = reverse("registers:inventory_round", args=[agency.slug, item.pk]) + (f"?unit={unit}" if unit else "")
    if asset is None:
        messages.error(request, "ไม่พบครุภัณฑ์ในทะเบียนของหน่วยงาน")
        return redirect(url)
    try:
        inventory_count_record(
            agency=agency,
            actor=request.user,
            round=item,
            asset=asset,
            result=request.POST.get("result", ""),
            note=request.POST.get("note", "")[:500],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"บันทึกผลการตรวจนับ {asset.code} แล้ว")
    return redirect(url)


@agency_view(EDIT)
@require_POST
def inventory_follow_up(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    count = found(inventory_count_for_agency(agency=agency, pk=pk))
    try:
        discrepancy_follow_up(
            agency=agency,
            actor=request.user,
            count=count,
            follow_up=request.POST.get("follow_up", ""),
            note=request.POST.get("note", "")[:500],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "บันทึกการติดตามแล้ว")
    return redirect("registers:inventory_round", agency.slug, count.round_id)



@agency_view("view")
@require_safe
def inventory_report_view(request: HttpRequest, pk: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    item = found(inventory_round_for_agency(agency=agency, pk=pk))
    return document_response(inventory_report(agency=agency, round=item), fmt=fmt, name=f"inventory-{item.pk}")


@agency_view("view")
@require_safe
def ethics(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    year = _int(request.GET.get("year")) or current_fiscal_year()
    context = {
        "agency": agency,
        "access": access,
        "can_edit": access.allows(EDIT),
        "year": year,
        "summary": ethics_summary(agency=agency, fiscal_year=year),
    }
    return render(request, "registers/ethics.html", context)


@agency_view(EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def ethics_edit(request: HttpRequest, pk: int | None = None, *, agency: Agency, access: Access) -> HttpResponse:
    item = agency_row(ethics_activity_for_agency, agency=agency, pk=pk)
    done = reverse("registers:ethics", args=[agency.slug])
    return _page(
        request,
        agency=agency,
        access=access,
        form=EthicsActivityForm(request.POST or None, instance=item, initial=_new_row_year(item)),
        save=ethics_activity_save,
        item=item,
        title="กิจกรรมส่งเสริมคุณธรรมจริยธรรม",
        done=done,
        saved_url=lambda row: done + f"?year={row.fiscal_year}",
    )


@agency_view("view")
@require_safe
def ethics_report_view(request: HttpRequest, year: int, fmt: str, *, agency: Agency, access: Access) -> HttpResponse:
    return document_response(ethics_report(agency=agency, fiscal_year=year), fmt=fmt, name=f"ethics-{year}")
