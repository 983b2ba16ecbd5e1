"""The second factor's gate. After the password, a person who enrolled a TOTP device reaches nothing but the code
page (and sign-out) until the code is given; with ``PRONGSAI_REQUIRE_ADMIN_OTP`` a system or agency administrator
without a device reaches nothing but the enrolment page. Runs after django-otp's ``OTPMiddleware``."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, get_urlconf, reverse

from prongsai.web.security.otp import gate_state

# Paths an unverified person may still open: the two OTP pages, sign-out, the health check, static files.
EXEMPT_NAMES = ("otp_verify", "otp_setup", "logout", "healthz")


@lru_cache(maxsize=16)
def _exempt_paths(*_urls: object) -> frozenset[str]:
    """The exempt pages' paths, reversed once per URL configuration (the key) instead of on every request."""
    return frozenset(reverse(name) for name in EXEMPT_NAMES)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # A session verified with a code needs nothing more (and costs no query).
        verified = getattr(user, "is_verified", lambda: False)()
        if user is not None and user.is_authenticated and not verified and not self._exempt(request.path_info):
            has_device, enrol = gate_state(user)  # one query for both questions
            if has_device:
                return self._send(request, "otp_verify")
            if enrol:
                return self._send(request, "otp_setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        exempt = _exempt_paths(get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
        return path.startswith(static) or path in exempt

    @staticmethod
    def _send(request: HttpRequest, name: str) -> HttpResponse:
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
