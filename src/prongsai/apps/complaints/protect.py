"""Spam and abuse protection for public forms, without third-party services and without identifying anyone.

- ``rate_allow(agency=…, scope=…, limit=…, window_seconds=…)``: a counter per agency and purpose in fixed
  time windows (``RateWindow``). No IP address, cookie or session is used, so a flood slows every visitor
  of that form down for the rest of the window; it never identifies a sender.
- ``form_token(...)`` / ``form_token_problem(...)``: a signed token in a hidden field carrying the time the
  form was shown: too fast (a robot) or too old is refused, and the token names the agency and the form.
- A honeypot field (``website``) that people do not see and robots fill in.
- Receipt codes: 16 characters of Crockford base32 (80 random bits), shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.complaints.models import RateWindow

TOKEN_SALT = "prongsai.public-form"
HONEYPOT_FIELD = "website"
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECEIPT_LENGTH = 16


def min_fill_seconds() -> float:
    return float(getattr(settings, "PRONGSAI_FORM_MIN_SECONDS", 3))


def max_form_age() -> int:
    return int(getattr(settings, "PRONGSAI_FORM_MAX_SECONDS", 4 * 3600))


def form_token(*, agency: Agency, form: str) -> str:
    # the time the form was shown, truncated (never rounded up: a token must not be dated in the future)
    shown = math.floor(time.time() * 100) / 100
    return signing.dumps({"a": agency.pk, "f": form, "t": shown}, salt=TOKEN_SALT, compress=True)


def form_token_problem(*, agency: Agency, form: str, token: str) -> str:
    """Empty when the token is good; else a Thai reason that tells a person what to do."""
    retry = "กรุณาส่งแบบฟอร์มอีกครั้ง"
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=max_form_age())
    except signing.SignatureExpired:
        return f"แบบฟอร์มนี้เปิดค้างไว้นานเกินไป {retry}"
    except signing.BadSignature:
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}"
    if data.get("a") != agency.pk or data.get("f") != form:
        return f"แบบฟอร์มไม่สมบูรณ์ {retry}"
    if time.time() - float(data.get("t", 0)) < min_fill_seconds():
        return f"ส่งเร็วเกินไป {retry}"
    return ""


def _window_start(now: datetime, window_seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window_seconds, tz=UTC)


def rate_count(*, agency: Agency, scope: str, window_seconds: int) -> int:
    start = _window_start(timezone.now(), window_seconds)
    row = RateWindow.objects.filter(agency=agency, scope=scope, window_start=start).first()
    return row.hits if row else 0


def rate_hit(*, agency: Agency, scope: str, window_seconds: int) -> int:
    """Count one event in the current window; returns the count including it."""
    start = _window_start(timezone.now(), window_seconds)
    with transaction.atomic():
        updated = RateWindow.objects.filter(agency=agency, scope=scope, window_start=start).update(hits=F("hits") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateWindow.objects.create(agency=agency, scope=scope, window_start=start, hits=1)
            except IntegrityError:
                RateWindow.objects.filter(agency=agency, scope=scope, window_start=start).update(hits=F("hits") + 1)
        # old windows are of no use: drop those older than a day
        RateWindow.objects.filter(agency=agency, scope=scope, window_start__lt=start - timedelta(days=1)).delete()
    return rate_count(agency=agency, scope=scope, window_seconds=window_seconds)


def rate_allow(*, agency: Agency, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this attempt and say whether it is within ``limit`` for the window."""
    return rate_hit(agency=agency, scope=scope, window_seconds=window_seconds) <= limit


def receipt_new() -> str:
    """A new receipt code, formatted for reading aloud: ``7K3M-Q9TB-2XWD-HF4R``."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalise(code: str) -> str:
    """Forgive what people type: spaces, dashes, lower case, O for 0, I/L for 1; Thai digits too."""
    from prongsai.core.thai import to_arabic_digits

    text = to_arabic_digits(code or "").upper()
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "".join(ch for ch in text if ch in RECEIPT_ALPHABET)


def receipt_hash(code: str) -> str:
    normalised = receipt_normalise(code)
    return hashlib.sha256(b"prongsai-receipt-v1:" + normalised.encode("ascii")).hexdigest()


def receipt_well_formed(code: str) -> bool:
    return len(receipt_normalise(code)) == RECEIPT_LENGTH
