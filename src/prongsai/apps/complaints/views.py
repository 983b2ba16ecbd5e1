"""The complaint channel's pages.

Public (``/p/<slug>/complaints/…``, no login): file a complaint, follow it with the receipt code and add
information, yearly statistics. These views read nothing from the request but the form fields: no IP
address, user agent, referrer, cookie-based session or user is looked at or stored, and their log records
are stripped of request data (``logfilter``). Responses are ``no-store`` and send no referrer onward.

Staff (``/a/<agency_slug>/complaints/…``): ``@agency_view`` first, then the complaint-officer designation;
everyone else (a system administrator included) gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.forms import (
    AddInformationForm,
    ComplaintForm,
    DesignateForm,
    FollowForm,
    ReplyForm,
    RevealForm,
    StatusForm,
)
from prongsai.apps.complaints.logfilter import privacy_scope
from prongsai.apps.complaints.models import ComplaintStatus
from prongsai.apps.complaints.protect import form_token, form_token_problem, rate_allow, rate_count
from prongsai.apps.complaints.selectors import (
    complaint_by_receipt,
    complaint_disclosures,
    complaint_for_agency,
    complaint_messages,
    complaint_statistics,
    complaint_status_history,
    complaints_for_agency,
    officer_candidates,
    officers_for_agency,
)
from prongsai.apps.complaints.services import (
    ComplaintInputError,
    complaint_file,
    complaint_identity_reveal,
    complaint_officer_designate,
    complaint_officer_revoke,
    complaint_reply,
    complaint_reporter_add,
    complaint_status_set,
    is_complaint_officer,
)

FORM = "complaint"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def protected(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No caching, no referrer sent to other sites, and log records written meanwhile carry no request data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with privacy_scope():
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        # never sent to another site ("no-referrer" would make the form's Origin "null" and fail the CSRF check)
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _complaint_page(request: HttpRequest, agency: Agency, form: ComplaintForm, status: int = 200) -> HttpResponse:
    context = {
        "agency": agency,
        "form": form,
        "token": form_token(agency=agency, form=FORM),
        "portal_section": "complaints",
    }
    return render(request, "complaints/start.html", context, status=status)


@protected
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    if request.method != "POST":
        return _complaint_page(request, agency, ComplaintForm())
    form = ComplaintForm(request.POST)
    if form.honeypot_filled():
        form.is_valid()
        form.add_error(None, "ส่งแบบฟอร์มไม่สำเร็จ กรุณาลองอีกครั้ง")
        return _complaint_page(request, agency, form, status=400)
    problem = form_token_problem(agency=agency, form=FORM, token=request.POST.get("ft", ""))
    if not form.is_valid() or problem:
        if problem:
            form.add_error(None, problem)
        return _complaint_page(request, agency, form, status=400)
    if not rate_allow(
        agency=agency, scope="complaint.file", limit=_limit("PRONGSAI_COMPLAINTS_PER_HOUR", 30), window_seconds=3600
    ):
        form.add_error(None, "ขณะนี้มีการส่งเรื่องจำนวนมาก กรุณาลองใหม่ในอีกหนึ่งชั่วโมง ข้อมูลที่กรอกไว้ยังอยู่ครบ")
        return _complaint_page(request, agency, form, status=429)
    try:
        filed = complaint_file(
            agency=agency,
            kind=form.cleaned_data["kind"],
            subject=form.cleaned_data["subject"],
            details=form.cleaned_data["details"],
            about=form.cleaned_data["about"],
            anonymous=form.anonymous,
            identity=form.identity_data(),
        )
    except ComplaintInputError as exc:
        form.add_error(None, exc.messages[0])
        return _complaint_page(request, agency, form, status=400)
    context = {"agency": agency, "complaint": filed.complaint, "receipt": filed.receipt, "portal_section": "complaints"}
    return render(request, "complaints/receipt.html", context, status=201)


def _follow_page(
    request: HttpRequest,
    agency: Agency,
    *,
    form: FollowForm,
    complaint=None,
    add_form=None,
    added: bool = False,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "agency": agency,
        "form": form,
        "complaint": complaint,
        "added": added,
        "portal_section": "complaints",
    }
    if complaint is not None:
        context["messages_thread"] = complaint_messages(agency=agency, complaint=complaint)
        context["history"] = complaint_status_history(agency=agency, complaint=complaint)
        context["add_form"] = add_form or AddInformationForm(initial={"receipt": form.cleaned_data["receipt"]})
    return render(request, "complaints/follow.html", context, status=status)


@protected
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow a case with its receipt code (POST only: the code never travels in a URL)."""
    agency = _agency(slug)
    if request.method != "POST":
        return _follow_page(request, agency, form=FollowForm())
    form = FollowForm(request.POST)
    limit = _limit("PRONGSAI_RECEIPT_FAILURES_PER_WINDOW", 30)
    window = _limit("PRONGSAI_RECEIPT_WINDOW_SECONDS", 600)
    if rate_count(agency=agency, scope="complaint.receipt_failed", window_seconds=window) >= limit:
        form.is_valid()
        form.add_error(None, "มีการกรอกรหัสไม่ถูกต้องหลายครั้ง กรุณารอประมาณ 10 นาทีแล้วลองใหม่")
        return _follow_page(request, agency, form=form, status=429)
    complaint = complaint_by_receipt(agency=agency, code=request.POST.get("receipt", "")) if form.is_valid() else None
    if complaint is None:
        rate_allow(agency=agency, scope="complaint.receipt_failed", limit=limit, window_seconds=window)
        form = FollowForm(request.POST)
        form.is_valid()
        form.errors.clear()
        form.add_error("receipt", "ไม่พบเรื่องตามรหัสนี้ กรุณาตรวจสอบรหัสแล้วลองอีกครั้ง")
        return _follow_page(request, agency, form=form, status=404)
    add_form = None
    added = False
    status = 200
    if "body" in request.POST:
        add_form = AddInformationForm(request.POST)
        if add_form.is_valid():
            try:
                complaint_reporter_add(complaint=complaint, body=add_form.cleaned_data["body"])
            except ComplaintInputError as exc:
                add_form.add_error("body", exc.messages[0])
                status = 400
            else:
                add_form = None
                added = True
        else:
            status = 400
    return _follow_page(request, agency, form=form, complaint=complaint, add_form=add_form, added=added, status=status)


@protected
@require_safe
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    context = {"agency": agency, "years": complaint_statistics(agency=agency), "portal_section": "complaints"}
    return render(request, "complaints/statistics.html", context)


# --- complaint officers ----------------------------------------------------------------------------------


def _require_officer(request: HttpRequest, agency: Agency) -> None:
    if not is_complaint_officer(user=request.user, agency=agency):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่รับเรื่องร้องเรียนที่ได้รับแต่งตั้งของหน่วยงานนี้เท่านั้น")


@agency_view("view")
@require_safe
def officer_list(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    _require_officer(request, agency)
    status = request.GET.get("status", "open")
    status = status if status in ("open", "closed", "all") else "open"
    context = {
        "agency": agency,
        "access": access,
        "status": status,
        "complaints": complaints_for_agency(agency=agency, status="" if status == "all" else status),
        "years": complaint_statistics(agency=agency),
    }
    response = render(request, "complaints/officer_list.html", context)
    add_never_cache_headers(response)
    return response


@agency_view("view")
@require_http_methods(["GET", "HEAD", "POST"])
def officer_case(request: HttpRequest, pk: int, *, agency: Agency, access: Access) -> HttpResponse:
    _require_officer(request, agency)
    complaint = complaint_for_agency(agency=agency, pk=pk)
    if complaint is None:
        raise Http404("ไม่พบเรื่อง")
    reply_form = ReplyForm()
    status_form = StatusForm(choices=complaint.next_statuses())
    reveal_form = RevealForm()
    identity = None
    code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "reply":
                reply_form = ReplyForm(request.POST)
                if reply_form.is_valid():
                    complaint_reply(complaint=complaint, officer=request.user, body=reply_form.cleaned_data["body"])
                    messages.success(request, "ส่งข้อความถึงผู้แจ้งแล้ว ผู้แจ้งจะเห็นเมื่อติดตามเรื่องด้วยรหัส")
                    return redirect("complaints:officer_case", agency_slug=agency.slug, pk=complaint.pk)
            elif action == "status":
                status_form = StatusForm(request.POST, choices=complaint.next_statuses())
                if status_form.is_valid():
                    new = status_form.cleaned_data["status"]
                    complaint_status_set(complaint=complaint, officer=request.user, status=new)
                    messages.success(request, f"เปลี่ยนสถานะเป็น {ComplaintStatus(new).label} แล้ว")
                    return redirect("complaints:officer_case", agency_slug=agency.slug, pk=complaint.pk)
            elif action == "reveal":
                reveal_form = RevealForm(request.POST)
                if reveal_form.is_valid():
                    identity = complaint_identity_reveal(
                        complaint=complaint, officer=request.user, reason=reveal_form.cleaned_data["reason"]
                    )
                    reveal_form = RevealForm()
            else:
                code = 400
        except ComplaintInputError as exc:
            {"reply": reply_form, "status": status_form, "reveal": reveal_form}[action].add_error(None, exc.messages[0])
        if any(f.errors for f in (reply_form, status_form, reveal_form)):
            code = 400
    context = {
        "agency": agency,
        "access": access,
        "complaint": complaint,
        "messages_thread": complaint_messages(agency=agency, complaint=complaint),
        "history": complaint_status_history(agency=agency, complaint=complaint),
        "disclosures": complaint_disclosures(agency=agency, complaint=complaint),
        "reply_form": reply_form,
        "status_form": status_form,
        "reveal_form": reveal_form,
        "identity": identity,
    }
    response = render(request, "complaints/officer_case.html", context, status=code)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


@agency_view("manage_people")
@require_http_methods(["GET", "HEAD", "POST"])
def officers(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    candidates = [
        (m.user_id, f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})")
        for m in officer_candidates(agency=agency)
    ]
    form = DesignateForm(candidates=candidates)
    code = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                complaint_officer_revoke(
                    agency=agency, officer_id=int(request.POST.get("officer", "0") or 0), actor=request.user
                )
                messages.success(request, "ยกเลิกการแต่งตั้งแล้ว")
                return redirect("complaints:officers", agency_slug=agency.slug)
            form = DesignateForm(request.POST, candidates=candidates)
            if form.is_valid():
                user = get_user_model().objects.get(pk=int(form.cleaned_data["user"]))
                complaint_officer_designate(agency=agency, user=user, actor=request.user)
                messages.success(request, "แต่งตั้งเจ้าหน้าที่รับเรื่องร้องเรียนแล้ว")
                return redirect("complaints:officers", agency_slug=agency.slug)
            code = 400
        except (ComplaintInputError, ValueError) as exc:
            form.add_error(None, getattr(exc, "messages", ["ข้อมูลไม่ถูกต้อง"])[0])
            code = 400
    context = {"agency": agency, "access": access, "form": form, "officers": officers_for_agency(agency=agency)}
    return render(request, "complaints/officers.html", context, status=code)
