"""Abuse limits for the anonymous public forms (complaints, e-service, questions, surveys), without keeping anything
that identifies a person (docs/complaints.md, "Abuse limits").

- **Form tokens** (``form_token``, ``form_token_read``): a signed token in a hidden field (``ft``) that names the
  agency and the form, carries the time the form was shown (too fast: a robot; older than
  ``PRONGSAI_FORM_MAX_SECONDS``: stale) and a random nonce. ``form_token_spend`` records the nonce's digest as spent
  in the same transaction as what the form stores (``SpentFormToken``, primary key = digest): a replay, even a
  concurrent one, fails on the key, gets ``FormReplayed`` (a Thai message) and stores nothing. Spent rows are kept
  to the day after the token could have expired, then pruned.
- **Per-client limits** (``Limit``, ``limit_take``, ``limit_reached``, ``limit_count``): counters in Django's cache
  (``CACHES["abuse"]``), keyed by an HMAC of the client's address under a random salt that lives only in the cache
  and is replaced every hour. The address (``PRONGSAI_CLIENT_IP_CALLABLE``: REMOTE_ADDR, or what a trusted proxy
  saw) is never stored, logged or put in the database; an IPv6 address counts by its /64, what one household or
  phone gets. A client over its limit gets 429; every other client goes on as before. A window starts with the
  client's first counted request (so a burst cannot straddle two fixed windows), and the salt's change every hour
  starts every count again: a client gets at most twice a limit around that change.
- **Anonymous form pages** (``anonymous_form_view``): these forms need no login and use no session, so they are
  ``csrf_exempt`` and set no cookie at all (Django's CSRF cookie would be a long-lived identifier of the
  reporter's browser). The signed, form-bound, single-use token does what the CSRF token did (a forged request must
  first fetch a form, which any attacker could do anyway); a POST that a browser marks as coming from another site
  (``Sec-Fetch-Site: cross-site``, or an ``Origin`` of another host) is refused, so another site cannot make its
  visitors' browsers send forms for it. Responses are ``no-store`` with ``Referrer-Policy: no-referrer``: the
  reporter's next click does not name the page.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from prongsai.apps.base.models import SpentFormToken

T = TypeVar("T")
logger = logging.getLogger("prongsai.abuse")

TOKEN_SALT = "prongsai.public-form"
HONEYPOT_FIELD = "website"
SALT_KEY = "prongsai:abuse:salt"
SALT_SECONDS = 3600
NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"
REPLAYED = "แบบฟอร์มนี้ส่งไปแล้ว (แบบฟอร์มหนึ่งชุดส่งได้ครั้งเดียว) ระบบจึงไม่บันทึกซ้ำ"


class FormReplayed(ValidationError):
    """The form's token was used before: nothing was stored this time."""


# --- form tokens --------------------------------------------------------------------------------------------------


def min_fill_seconds() -> float:
    return float(getattr(settings, "PRONGSAI_FORM_MIN_SECONDS", 3))


def max_form_age() -> int:
    return int(getattr(settings, "PRONGSAI_FORM_MAX_SECONDS", 4 * 3600))


def form_token(*, agency: Any, form: str) -> str:
    """A signed token for one showing of ``form`` of ``agency``: the time it was shown and a random nonce."""
    # truncated, never rounded up: a token must not be dated in the future
    shown = math.floor(time.time() * 100) / 100
    data = {"a": agency.pk, "f": form, "t": shown, "n": secrets.token_urlsafe(16)}
    return signing.dumps(data, salt=TOKEN_SALT, compress=True)


def form_token_read(*, agency: Any, form: str, token: str) -> tuple[str, str]:
    """(problem, nonce): problem is empty when the token is good, else a Thai reason that tells a person what to do.
    The nonce is what ``form_token_spend`` spends."""
    retry = "กรุณาส่งแบบฟอร์มอีกครั้ง"
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=max_form_age())
    except signing.SignatureExpired:
        return f"แบบฟอร์มนี้เปิดค้างไว้นานเกินไป {retry}", ""
    except signing.BadSignature:
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}", ""
    if not isinstance(data, dict):
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}", ""
    nonce = data.get("n")
    if data.get("a") != agency.pk or data.get("f") != form or not isinstance(nonce, str) or not nonce:
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}", ""
    try:
        shown = float(data.get("t", 0))
    except (TypeError, ValueError):
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}", ""
    if time.time() - shown < min_fill_seconds():
        return f"ส่งเร็วเกินไป {retry}", ""
    return "", nonce


def form_token_problem(*, agency: Any, form: str, token: str) -> str:
    """Only the problem of ``form_token_read`` (empty when the token is good)."""
    return form_token_read(agency=agency, form=form, token=token)[0]


def _nonce_digest(nonce: str) -> str:
    return hashlib.sha256(b"prongsai-form-nonce-v1:" + nonce.encode("utf-8")).hexdigest()


def form_token_spend(*, nonce: str, then: Callable[[], T], message: str = REPLAYED) -> T:
    """Spend the token's ``nonce`` and run ``then`` (the form's one write) in one transaction. A nonce spent before
    raises ``FormReplayed(message)`` and ``then`` never runs; when ``then`` raises, nothing is spent either, so the
    person can correct the form and send it again."""
    if not nonce:
        raise FormReplayed("แบบฟอร์มไม่สมบูรณ์ กรุณาส่งแบบฟอร์มอีกครั้ง")
    today = timezone.localdate()
    keep_days = 1 + math.ceil(max_form_age() / 86400)
    with transaction.atomic():
        SpentFormToken.objects.filter(expires_on__lt=today).delete()
        try:
            with transaction.atomic():
                SpentFormToken.objects.create(digest=_nonce_digest(nonce), expires_on=today + timedelta(days=keep_days))
        except IntegrityError:
            raise FormReplayed(message) from None
        return then()


# --- per-client limits --------------------------------------------------------------------------------------------


HONEYPOT_REFUSED = "ส่งแบบฟอร์มไม่สำเร็จ กรุณาลองอีกครั้ง"


def public_form_submit(
    request: HttpRequest,
    form: Any,
    *,
    limit: Limit,
    agency: Any,
    form_name: str,
    too_many: str,
    save: Callable[[], T],
    errors: tuple[type[Exception], ...] = (FormReplayed,),
) -> tuple[int, T | None]:
    """A public form's POST, in order: the client's limit (429; what was typed stays), the honeypot and the signed
    form token, the form's own checks (400), then ``save()`` with the token spent in the same transaction.
    Returns ``(0, what save returned)`` when saved, else ``(status, None)`` with the reason on the form.
    ``errors``: the exceptions of ``save`` shown on the form (their first message)."""
    if not limit_take(request, limit):
        form.is_valid()
        form.add_error(None, too_many)
        return 429, None
    problem, nonce = (
        (HONEYPOT_REFUSED, "")
        if form.honeypot_filled()
        else form_token_read(agency=agency, form=form_name, token=request.POST.get("ft", ""))
    )
    if not form.is_valid() or problem:
        if problem:
            form.add_error(None, problem)
        return 400, None
    try:
        return 0, form_token_spend(nonce=nonce, then=save)
    except errors as exc:
        form.add_error(None, exc.messages[0])
        return 400, None


def _cache():
    return caches["abuse"] if "abuse" in settings.CACHES else caches["default"]


_FALLBACK_SALT = secrets.token_bytes(32)  # only when the cache keeps nothing (a dummy cache): limits do not work then


def _salt() -> bytes:
    cache = _cache()
    salt = cache.get(SALT_KEY)
    if salt is None:
        cache.add(SALT_KEY, secrets.token_bytes(32), timeout=SALT_SECONDS)
        salt = cache.get(SALT_KEY)
    return salt if isinstance(salt, bytes) else _FALLBACK_SALT


def _address(request: HttpRequest) -> str:
    """The client's address as counted: an IPv4 address, or the /64 of an IPv6 one; "?" when there is none."""
    raw = import_string(getattr(settings, "PRONGSAI_CLIENT_IP_CALLABLE", "prongsai.web.security.ip.client_ip"))(
        request
    )
    try:
        address = ipaddress.ip_address(raw or "")
    except ValueError:
        return "?"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_tag(request: HttpRequest) -> str:
    """A short-lived pseudonym of the client for counting: HMAC-SHA256(hourly salt, address). Never stored."""
    return hmac.new(_salt(), _address(request).encode("ascii"), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Limit:
    """At most ``allowed()`` counted events per client in ``seconds()``; both are settings (with defaults)."""

    name: str
    setting: str
    default: int
    window_setting: str = ""
    default_window: int = 3600

    def allowed(self) -> int:
        return int(getattr(settings, self.setting, self.default))

    def seconds(self) -> int:
        value = getattr(settings, self.window_setting, self.default_window) if self.window_setting else 0
        return max(1, int(value or self.default_window))

    def minutes(self) -> int:
        """The window in whole minutes, for the Thai message ("กรุณารอประมาณ … นาที")."""
        return max(1, math.ceil(self.seconds() / 60))


def _key(request: HttpRequest, limit: Limit, scope: str) -> str:
    return f"prongsai:abuse:{limit.name}:{scope}:{client_tag(request)}"


def limit_reached(request: HttpRequest, limit: Limit, *, scope: str = "") -> bool:
    """The client has used up ``limit`` (``scope``: e.g. one survey link); counts nothing."""
    try:
        return int(_cache().get(_key(request, limit, scope)) or 0) >= limit.allowed()
    except Exception:  # a cache that is down must not close the forms (fail open)
        _cache_down()
        return False


def limit_count(request: HttpRequest, limit: Limit, *, scope: str = "") -> int:
    """Count one event for the client; returns the count in the current window, this one included (0 when the cache
    cannot be reached: the forms stay open, unlimited, and a warning without request data is logged)."""
    try:
        cache, key = _cache(), _key(request, limit, scope)
        cache.add(key, 0, timeout=limit.seconds())
        try:
            return int(cache.incr(key))
        except ValueError:  # the window ran out between add and incr
            cache.set(key, 1, timeout=limit.seconds())
            return 1
    except Exception:  # a cache that is down must not close the forms (fail open)
        _cache_down()
        return 0


def _cache_down() -> None:
    logger.warning("abuse limits: the cache cannot be reached; the public forms are not limited meanwhile")


def limit_take(request: HttpRequest, limit: Limit, *, scope: str = "") -> bool:
    """Count one event and say whether it is still within the limit."""
    return limit_count(request, limit, scope=scope) <= limit.allowed()


# --- the pages of anonymous forms ---------------------------------------------------------------------------------


def cross_site_post(request: HttpRequest) -> bool:
    """A POST the browser says another site sent (Fetch metadata, else a foreign ``Origin``). A request without
    these headers (an old browser, a script) is not refused here: the form token still has to be good."""
    if request.method != "POST":
        return False
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return urlsplit(origin).netloc.lower() != request.get_host().lower()
    return False


def anonymous_form_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the pages of the login-free public forms (complaints, e-service, survey answers): exempt from Django's
    CSRF check (they set no cookie; the signed single-use form token and the cross-site refusal stand in for it),
    never cached, and ``Referrer-Policy: no-referrer``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if cross_site_post(request):
            response = render(request, "base/cross_site.html", status=403)
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = NO_STORE
        response["Referrer-Policy"] = "no-referrer"
        return response

    wrapper.prongsai_anonymous_form = True  # type: ignore[attr-defined]  # the busy page (web/busy.py) reads it
    return csrf_exempt(wrapper)
