"""The complaint officers' pages (``/a/<agency_slug>/complaints/…``): ``@agency_view`` first, then the
complaint-officer designation; everyone else (a system administrator included) gets 403.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.forms import DesignateForm, ReplyForm, RevealForm, StatusForm
from prongsai.apps.complaints.models import ComplaintStatus
from prongsai.apps.complaints.selectors import (
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
    complaint_identity_reveal,
    complaint_officer_designate,
    complaint_officer_revoke,
    complaint_reply,
    complaint_status_set,
    is_complaint_officer,
)


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
    """Designate (``action=designate``, ``user``) or revoke (``action=revoke``, ``officer``: the designation's id)
    complaint officers. Anything else (no or a malformed id, another agency's officer, an unknown action) is a
    Thai error, 400."""
    candidates = [
        (m.user_id, f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})")
        for m in officer_candidates(agency=agency)
    ]
    form = DesignateForm(candidates=candidates)
    action_error = ""
    code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = 400
        try:
            if action == "revoke":
                raw = request.POST.get("officer", "").strip()
                if not re.fullmatch(r"[0-9]{1,18}", raw):
                    action_error = "ไม่ได้ระบุเจ้าหน้าที่ที่จะยกเลิก หรือระบุไม่ถูกต้อง กรุณาใช้ปุ่มในรายการ"
                else:
                    complaint_officer_revoke(agency=agency, officer_id=int(raw), actor=request.user)
                    messages.success(request, "ยกเลิกการแต่งตั้งแล้ว")
                    return redirect("complaints:officers", agency_slug=agency.slug)
            elif action == "designate":
                form = DesignateForm(request.POST, candidates=candidates)
                if form.is_valid():
                    user = get_user_model().objects.filter(pk=int(form.cleaned_data["user"])).first()
                    if user is None:
                        form.add_error("user", "เลือกบุคลากรของหน่วยงาน")
                    else:
                        complaint_officer_designate(agency=agency, user=user, actor=request.user)
                        messages.success(request, "แต่งตั้งเจ้าหน้าที่รับเรื่องร้องเรียนแล้ว")
                        return redirect("complaints:officers", agency_slug=agency.slug)
            else:
                action_error = "ไม่รู้จักคำสั่งนี้ กรุณาใช้ปุ่มในหน้านี้"
        except ValidationError as exc:  # ComplaintInputError, or the grant's notice could not be sent
            if form.is_bound:
                form.add_error(None, exc.messages[0])
            else:
                action_error = exc.messages[0]
    context = {
        "agency": agency,
        "access": access,
        "form": form,
        "action_error": action_error,
        "officers": officers_for_agency(agency=agency),
    }
    return render(request, "complaints/officers.html", context, status=code)
