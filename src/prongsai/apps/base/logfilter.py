"""Keep request data out of the logs on the anonymous paths: the complaint channel (``/p/<agency>/complaints/…``,
``/a/<agency>/complaints/…``), the assessment rounds' survey links (``/r/<code or link>/``) and the pulse surveys'
(``/s/<link>/…``).

Django's own loggers attach the request to their records (``record.request``): a 404 or 400 is logged by
``django.request``, a CSRF failure by ``django.security.csrf``, the development server's access line by
``django.server``. A handler such as ``AdminEmailHandler`` would then copy the request's META, with the IP
address, the user agent and the referrer, into an e-mail. On those paths this filter removes the request from the
record and reduces the message to the method, the path with its code left out (``/r/[ไม่บันทึก]/``) and the
status, with no time. An IIT invitation code with a time and an address beside it would undo the mixing pool of
the rounds (docs/rounds.md).

The path is matched after the normalisation a server may apply (percent-decoding, repeated; ``;`` parameters;
``//``, ``/./``, ``/../``; backslashes; any case), so ``/p/x/%63omplaints/`` or ``//R/<code>/`` is protected too.
The same list is kept by ``deploy/gunicorn.conf.py`` and ``deploy/nginx-prongsai.conf`` (tests/deploy).

Installed on those loggers by ``BaseConfig.ready()`` (so it works whatever ``LOGGING`` says); it also covers any
record written while a protected view runs (``privacy_scope``).
"""

from __future__ import annotations

import contextvars
import logging
import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote

# Matched against ``normalise_path(path)`` (lower case).
PROTECTED_PATH = re.compile(r"^/(?:[pa]/[^/]+/complaints(?:/|$)|[rs](?:/|$))")
_CODE_PATH = re.compile(r"^/([rs])/[^/]+")  # the survey link's code or token: never written out
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
HIDDEN = "[ไม่บันทึก]"
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b")
_in_protected_view: contextvars.ContextVar[bool] = contextvars.ContextVar("prongsai_protected_view", default=False)


def normalise_path(path: str) -> str:
    """The path as a server might route it: no query or fragment, percent-decoded (until nothing changes, at most
    four times), ``;`` parameters dropped from each segment, backslashes as slashes, ``//``, ``.`` and ``..``
    resolved, lower case."""
    text = (path or "").split("?", 1)[0].split("#", 1)[0]
    for _ in range(4):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    text = text.replace("\\", "/")
    text = "/".join(segment.split(";", 1)[0] for segment in text.split("/"))
    normal = posixpath.normpath("/" + text.lstrip("/"))
    if text.endswith("/") and normal != "/":
        normal += "/"
    return normal.lower()


def is_protected_path(path: str) -> bool:
    return bool(PROTECTED_PATH.match(normalise_path(path)))


def shown_path(path: str) -> str:
    """What a record may say about a protected path: normalised, with a survey link's code left out."""
    return _CODE_PATH.sub(lambda m: f"/{m.group(1)}/{HIDDEN}", normalise_path(path))


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
    """Strip request data from records about the protected paths. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = _record_path(record)
        if not (_in_protected_view.get() or is_protected_path(path)):
            return True
        status = getattr(record, "status_code", "")
        if not status and record.name == "django.server" and isinstance(record.args, tuple) and len(record.args) > 1:
            status = record.args[1]
        method = getattr(getattr(record, "request", None), "method", "") or ""
        if not method and record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            method = str(record.args[0]).split(" ", 1)[0][:10]
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record: keep none of its arguments
            message = str(record.msg)
        if record.name == "django.server" or (path and is_protected_path(path)):
            message = f"{record.levelname.lower()}: {method} {shown_path(path)} {status}".replace("  ", " ").strip()
        record.msg = _IP.sub(HIDDEN, message)
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
