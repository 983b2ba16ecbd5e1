"""The complaint channel's public pages (``/p/<slug>/complaints/…``, no login): file a complaint, follow it with
the receipt code and add information, yearly statistics. These views read nothing from the request but the form
fields: no IP address, user agent, referrer, cookie-based session or user is looked at or stored, and their log
records are stripped of request data (``logfilter``). Responses are ``no-store`` and send no referrer onward.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.forms import AddInformationForm, ComplaintForm, FollowForm
from prongsai.apps.complaints.logfilter import privacy_scope
from prongsai.apps.complaints.protect import form_token, form_token_problem, rate_allow, rate_count
from prongsai.apps.complaints.selectors import (
    complaint_by_receipt,
    complaint_messages,
    complaint_statistics,
    complaint_status_history,
)
from prongsai.apps.complaints.services import ComplaintInputError, complaint_file, complaint_reporter_add

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
