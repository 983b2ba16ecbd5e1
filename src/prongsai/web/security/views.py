"""The TOTP pages: enrolment (``/accounts/otp/``) and the code after the password (``/accounts/otp/verify/``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from prongsai.web.security import otp


class CodeForm(forms.Form):
    code = forms.CharField(
        label="รหัส 6 หลักจากแอปยืนยันตัวตน",
        max_length=12,
        error_messages={
            "required": "กรุณากรอกรหัส 6 หลัก",
            "max_length": "รหัสยาวเกินไป กรุณากรอกรหัส 6 หลัก",
            "null_characters_not_allowed": "กรุณากรอกรหัส 6 หลักเป็นตัวเลข",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    host = {request.get_host()}
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=host, require_https=request.is_secure()):
        return "/"
    return target


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    enrolled = bool(otp.confirmed_devices(request.user))
    if enrolled:
        return render(request, "security/otp_setup.html", {"enrolled": True, "next": _next(request)})
    form = CodeForm(request.POST or None)
    device = otp.pending_device(user=request.user) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and device is not None:
        if otp.enrolment_confirm(request=request, device=device, code=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("code", "รหัสไม่ถูกต้องหรือหมดเวลาแล้ว กรุณากรอกรหัสล่าสุดที่แอปแสดง")
    if device is None:
        device = otp.enrolment_start(user=request.user)
    context = {
        "enrolled": False,
        "form": form,
        "secret": otp.secret_text(device),
        "qr": otp.qr_data_uri(device),
        "required": otp.must_enrol(request.user),
        "next": _next(request),
    }
    return render(request, "security/otp_setup.html", context, status=200 if form.is_bound is False else 400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not otp.needs_code(request.user):
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = otp.code_verify(request=request, code=form.cleaned_data["code"])
        if outcome == "ok":
            return HttpResponseRedirect(_next(request))
        if outcome == "throttled":
            form.add_error("code", "กรอกรหัสผิดหลายครั้ง กรุณารอสักครู่แล้วกรอกรหัสล่าสุดอีกครั้ง")
        else:
            form.add_error("code", "รหัสไม่ถูกต้องหรือหมดเวลาแล้ว กรุณากรอกรหัสล่าสุดที่แอปแสดง")
    if form.is_bound:
        status = 400
    return render(request, "security/otp_verify.html", {"form": form, "next": _next(request)}, status=status)


def lockout(request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None):
    """The Thai page django-axes shows once a username and address have failed too often (HTTP 429)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    from django.conf import settings

    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "security/lockout.html", context, status=429)
