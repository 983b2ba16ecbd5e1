"""The complaint channel's public pages (``/p/<slug>/complaints/…``, no login): file a complaint, follow it with
the receipt code and add information, yearly statistics. These views read nothing from the request but the form
fields: no IP address, user agent, referrer, cookie-based session or user is looked at or stored, and their log
records are stripped of request data (``base.logfilter``). The one exception is the abuse limits (``base.abuse``): they
count per client under a keyed, hourly-changing hash of the address, in the cache only. Responses are ``no-store``,
send no referrer and set no cookie (the forms are CSRF-exempt: the signed single-use form token stands in).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.abuse import (
    FormReplayed,
    Limit,
    anonymous_form_view,
    form_token,
    form_token_read,
    form_token_spend,
    limit_count,
    limit_reached,
    limit_take,
)
from prongsai.apps.base.logfilter import privacy_scope
from prongsai.apps.complaints.forms import AddInformationForm, ComplaintForm, FollowForm
from prongsai.apps.complaints.selectors import (
    complaint_by_receipt,
    complaint_messages,
    complaint_statistics,
    complaint_status_history,
)
from prongsai.apps.complaints.services import ComplaintInputError, complaint_file, complaint_reporter_add

FORM = "complaint"
# Per client (base.abuse): every POST that writes (filing, adding information), accepted or refused; wrong receipt
# codes. Nothing per agency: one client can never shut the channel for everyone else.
WRITES = Limit("complaint.post", "PRONGSAI_COMPLAINT_POSTS_PER_CLIENT", 20)
WRONG_CODES = Limit(
    "complaint.lookup-failed", "PRONGSAI_LOOKUP_FAILURES_PER_CLIENT", 20, "PRONGSAI_LOOKUP_WINDOW_SECONDS", 600
)
TOO_MANY_POSTS = (
    "มีการส่งแบบฟอร์มจากเครือข่ายที่ท่านใช้อยู่จำนวนมากในช่วงนี้ กรุณารอประมาณหนึ่งชั่วโมงแล้วลองใหม่"
    " หรือใช้เครือข่ายอื่น ข้อมูลที่กรอกไว้ยังอยู่ครบ"
)
REPLAYED = (
    "แบบฟอร์มนี้ส่งเรื่องไปแล้ว (แบบฟอร์มหนึ่งชุดส่งได้ครั้งเดียว) ระบบจึงไม่บันทึกซ้ำ"
    " หากท่านยังไม่ได้รับรหัสติดตามเรื่อง เช่น กดปุ่มส่งสองครั้ง กรุณาส่งเรื่องอีกครั้งด้วยแบบฟอร์มด้านล่าง"
)


def _wrong_codes_message() -> str:
    return (
        "มีการกรอกรหัสที่ไม่ถูกต้องจากเครือข่ายที่ท่านใช้อยู่หลายครั้ง"
        f" กรุณารอประมาณ {WRONG_CODES.minutes()} นาทีแล้วลองใหม่"
    )


def protected(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An anonymous form page (``base.abuse.anonymous_form_view``: CSRF-exempt, no cookie, ``no-store``,
    ``Referrer-Policy: no-referrer``) whose log records, written meanwhile, carry no request data."""

    @wraps(view)
    def private(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with privacy_scope():
            return view(request, *args, **kwargs)

    return anonymous_form_view(private)


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
    if not limit_take(request, WRITES):
        form.is_valid()
        form.add_error(None, TOO_MANY_POSTS)
        return _complaint_page(request, agency, form, status=429)
    if form.honeypot_filled():
        form.is_valid()
        form.add_error(None, "ส่งแบบฟอร์มไม่สำเร็จ กรุณาลองอีกครั้ง")
        return _complaint_page(request, agency, form, status=400)
    problem, nonce = form_token_read(agency=agency, form=FORM, token=request.POST.get("ft", ""))
    if not form.is_valid() or problem:
        if problem:
            form.add_error(None, problem)
        return _complaint_page(request, agency, form, status=400)
    try:
        filed = form_token_spend(
            nonce=nonce,
            message=REPLAYED,
            then=lambda: complaint_file(
                agency=agency,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                details=form.cleaned_data["details"],
                about=form.cleaned_data["about"],
                anonymous=form.anonymous,
                identity=form.identity_data(),
            ),
        )
    except (FormReplayed, ComplaintInputError) as exc:
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
    """Follow a case with its receipt code (POST only: the code never travels in a URL). Wrong codes are counted per
    client: a guesser is slowed down, a reporter on another network with a valid code never is."""
    agency = _agency(slug)
    if request.method != "POST":
        return _follow_page(request, agency, form=FollowForm())
    form = FollowForm(request.POST)
    if limit_reached(request, WRONG_CODES):
        form.is_valid()
        form.add_error(None, _wrong_codes_message())
        return _follow_page(request, agency, form=form, status=429)
    complaint = complaint_by_receipt(agency=agency, code=request.POST.get("receipt", "")) if form.is_valid() else None
    if complaint is None:
        limit_count(request, WRONG_CODES)
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
        if not limit_take(request, WRITES):
            add_form.is_valid()
            add_form.add_error(None, TOO_MANY_POSTS)
            status = 429
        elif add_form.is_valid():
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
