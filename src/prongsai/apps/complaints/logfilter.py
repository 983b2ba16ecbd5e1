"""Keep request data out of the logs on the complaint path.

Django's own loggers attach the request to their records (``record.request``): a 404 or 400 is logged by
``django.request``, a CSRF failure by ``django.security.csrf``, the development server's access line by
``django.server``. A handler such as ``AdminEmailHandler`` would then copy the request's META, with the IP
address, the user agent and the referrer, into an e-mail. On the complaint path this filter removes the
request from the record and reduces the message to the method, the path and the status.

It is installed on those loggers by ``ComplaintsConfig.ready()`` (so it works whatever ``LOGGING`` says),
and it also covers any record written while a complaint view runs (``privacy_scope``).
"""

from __future__ import annotations

import contextvars
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

PROTECTED_PATH = re.compile(r"^/p/[^/]+/complaints(/|$)")
LOGGERS = (
    "django.request",
    "django.server",
    "django.security",
    "django.security.csrf",
    "django.security.DisallowedHost",
    "django.security.SuspiciousOperation",
    "django.security.RequestDataTooBig",
    "django.security.TooManyFieldsSent",
    "django.security.TooManyFilesSent",
    "prongsai.complaints",
)
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b")
_in_protected_view: contextvars.ContextVar[bool] = contextvars.ContextVar("prongsai_protected_view", default=False)


def is_protected_path(path: str) -> bool:
    return bool(PROTECTED_PATH.match(path or ""))


@contextmanager
def privacy_scope() -> Iterator[None]:
    token = _in_protected_view.set(True)
    try:
        yield
    finally:
        _in_protected_view.reset(token)


def _record_path(record: logging.LogRecord) -> str:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if isinstance(path, str):
        return path
    # django.server: args = (request line, status, size); the request line is "POST /p/x/complaints/ HTTP/1.1"
    if record.name == "django.server" and record.args and isinstance(record.args, tuple):
        parts = str(record.args[0]).split(" ")
        return parts[1] if len(parts) > 1 else ""
    return ""


class RequestPrivacyFilter(logging.Filter):
    """Strip request data from records about the complaint path. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = _record_path(record)
        if not (_in_protected_view.get() or is_protected_path(path)):
            return True
        status = getattr(record, "status_code", "")
        method = getattr(getattr(record, "request", None), "method", "") or ""
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record: keep none of its arguments
            message = str(record.msg)
        if record.name == "django.server" or (path and is_protected_path(path)):
            shown = path.split("?", 1)[0]
            message = f"{record.levelname.lower()}: {method} {shown} {status}".replace("  ", " ").strip()
        record.msg = _IP.sub("[ไม่บันทึก]", message)
        record.args = ()
        if hasattr(record, "request"):
            record.request = None
        if hasattr(record, "server_time"):
            record.server_time = ""
        return True


_FILTER = RequestPrivacyFilter()


def install_request_privacy_filter() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
