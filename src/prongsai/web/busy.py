"""Graceful degradation under load: a database that is too busy answers a Thai 503 page, never a 500.

``BusyMiddleware`` (in MIDDLEWARE) turns the errors of a saturated database into
"ระบบกำลังมีผู้ใช้งานจำนวนมาก" with ``Retry-After``:

- SQLite: "database is locked" / "database table is locked" after the busy timeout;
- PostgreSQL: connection exhaustion ("too many clients", "remaining connection slots are reserved", SQLSTATE
  53300), statement or lock timeout (57014, 55P03), serialization failure and deadlock (40001, 40P01),
  a server not accepting connections yet (57P03).

Nothing is half-written: every service runs in ``transaction.atomic``, so the error rolled its transaction back.
The middleware also knows whether this request committed anything before the error (it watches the connection's
commits and autocommitted writes during the request): when nothing was, a POST is offered again with the user's
input (not passwords, not files) and a fresh CSRF token; when something may have been, the page says so and asks
the user to check before sending again.

Errors raised outside the view (e.g. saving the session after it) reach ``server_error``, the site's
``handler500``, which answers the same 503 for a busy database and the Thai 500 page otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader

logger = logging.getLogger("prongsai.busy")

BUSY_SQLSTATES = {"53300", "53400", "57014", "55P03", "40001", "40P01", "57P03"}
BUSY_TEXT = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "too many clients",
    "too many connections",
    "remaining connection slots are reserved",
    "canceling statement due to statement timeout",
    "canceling statement due to lock timeout",
    "could not obtain lock",
    "deadlock detected",
    "could not serialize access",
    "the database system is starting up",
)
SECRET_FIELD_HINTS = ("password", "passwd", "secret", "token", "otp", "csrfmiddlewaretoken")
WRITE_VERBS = ("insert", "update", "delete", "replace")


def retry_after_seconds() -> int:
    configured = getattr(settings, "PRONGSAI_BUSY_RETRY_AFTER", None) or os.environ.get("PRONGSAI_BUSY_RETRY_AFTER")
    return int(configured or 10)


def is_busy_error(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) is a database too busy to answer now."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, DatabaseError) or type(exc).__module__.split(".")[0] in ("sqlite3", "psycopg", "psycopg2"):
            code = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
            if code in BUSY_SQLSTATES:
                return True
            text = str(exc).lower()
            if any(marker in text for marker in BUSY_TEXT):
                return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


@dataclass
class _Writes:
    """What this request did to the database: a write waiting for its commit, a write committed."""

    pending: bool = False
    committed: bool = False


def _resubmittable(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST" or request.FILES:
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not any(hint in name.lower() for hint in SECRET_FIELD_HINTS)
        for value in values
    ]


def busy_response(request: HttpRequest, *, may_have_saved: bool = False) -> HttpResponse:
    """The 503 "busy" answer; rendered without touching the database (no context processors)."""
    seconds = retry_after_seconds()
    wants_json = "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        response: HttpResponse = JsonResponse(
            {
                "error": "busy",
                "message_th": "ระบบกำลังมีผู้ใช้งานจำนวนมาก กรุณาลองใหม่อีกครั้ง",
                "retry_after": seconds,
                "saved": "unknown" if may_have_saved else "nothing",
            },
            status=503,
        )
    else:
        is_post = request.method == "POST"
        fields = [] if may_have_saved else _resubmittable(request)
        context: dict[str, Any] = {
            "retry_after": seconds,
            "is_post": is_post,
            "may_have_saved": may_have_saved,
            "had_files": bool(is_post and request.FILES),
            "fields": fields,
            "action": request.get_full_path(),
            "back": request.get_full_path() if not is_post else request.headers.get("Referer", ""),
        }
        # the anonymous public forms (base.abuse.anonymous_form_view) take no CSRF token and must set no cookie
        anonymous = _anonymous_form(request)
        if fields and not anonymous:
            context["csrf_token"] = get_token(request)
        html = loader.render_to_string("busy.html", context)
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
        if anonymous:
            response["Referrer-Policy"] = "no-referrer"
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def _anonymous_form(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "prongsai_anonymous_form", False))


class BusyMiddleware:
    """A view whose database is saturated answers 503 "busy" with Retry-After, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        conn = connections[DEFAULT_DB_ALIAS]
        writes = _Writes()
        request._prongsai_writes = writes  # type: ignore[attr-defined]

        def watch(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if str(sql).lstrip().lower().startswith(WRITE_VERBS):
                if conn.in_atomic_block:
                    writes.pending = True
                else:
                    writes.committed = True  # autocommit: already durable
            return result

        real_commit, real_rollback = conn.commit, conn.rollback
        saved = {name: conn.__dict__[name] for name in ("commit", "rollback") if name in conn.__dict__}

        def commit(*args: Any, **kwargs: Any) -> Any:
            done = real_commit(*args, **kwargs)
            if writes.pending:
                writes.committed, writes.pending = True, False
            return done

        def rollback(*args: Any, **kwargs: Any) -> Any:
            writes.pending = False
            return real_rollback(*args, **kwargs)

        conn.commit, conn.rollback = commit, rollback  # type: ignore[method-assign]
        try:
            with conn.execute_wrapper(watch):
                return self.get_response(request)
        finally:
            for name in ("commit", "rollback"):
                conn.__dict__.pop(name, None)
            conn.__dict__.update(saved)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        writes = getattr(request, "_prongsai_writes", None)
        may_have_saved = bool(writes and writes.committed)
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        return busy_response(request, may_have_saved=may_have_saved)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the busy page for a saturated database (raised outside a view), else the Thai 500 page."""
    exc = sys.exc_info()[1]
    if is_busy_error(exc):
        writes = getattr(request, "_prongsai_writes", None)
        logger.warning("database busy outside the view on %s %s: %s", request.method, request.path, exc)
        return busy_response(request, may_have_saved=bool(writes and writes.committed))
    return HttpResponseServerError(loader.render_to_string("500.html"))
