"""TOTP (django-otp's ``otp_totp``): who must give a code, who must enrol, enrolment and verification."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.apps.agencies.models import Membership, Role

DEVICE_NAME = "แอปยืนยันตัวตน"


def confirmed_devices(user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def needs_code(user) -> bool:
    """Signed in with the password, enrolled, and the code not yet given in this session."""
    return not user.is_verified() and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def gate_state(user) -> tuple[bool, bool]:
    """(has a confirmed device, must enrol) for a signed-in person whose session is not verified, in one query (the
    gate asks on every request; ``needs_code`` and ``must_enrol`` ask the same in two). Plain SQL: building the ORM's
    two subqueries cost more than running them, on every signed-in request."""
    from django.db import connection

    quote = connection.ops.quote_name
    devices, members = TOTPDevice._meta.db_table, Membership._meta.db_table
    sql = (
        f"SELECT EXISTS(SELECT 1 FROM {quote(devices)} WHERE {quote('user_id')} = %s AND {quote('confirmed')}),"
        f" EXISTS(SELECT 1 FROM {quote(members)} WHERE {quote('user_id')} = %s AND {quote('role')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, Role.AGENCY_ADMIN.value])
        has_device, agency_admin = (bool(v) for v in cursor.fetchone())
    require = bool(getattr(settings, "PRONGSAI_REQUIRE_ADMIN_OTP", False))
    administrator = (user.is_superuser and user.is_active) or agency_admin
    return has_device, require and administrator and not has_device


def is_administrator(user) -> bool:
    if user.is_superuser and user.is_active:
        return True
    return Membership.objects.filter(user=user, role=Role.AGENCY_ADMIN).exists()


def must_enrol(user, *, has_device: bool | None = None) -> bool:
    """``PRONGSAI_REQUIRE_ADMIN_OTP`` is on, the person is an administrator, and has no confirmed device
    (``has_device``: already known, e.g. from ``needs_code`` in the same request; not asked again)."""
    if not getattr(settings, "PRONGSAI_REQUIRE_ADMIN_OTP", False) or not is_administrator(user):
        return False
    if has_device is not None:
        return not has_device
    return not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrolment_start(*, user) -> TOTPDevice:
    """A new secret for ``user``: any earlier unconfirmed one is dropped (a secret is shown on one page only)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app."""
    raw = b32encode(device.bin_key).decode("ascii")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())


@transaction.atomic
def enrolment_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    """Confirm ``device`` with a current code; the session counts as verified from then on."""
    if not device.verify_token(_clean(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.cycle_key()
    otp_login(request, device)
    return True


def code_verify(*, request, code: str) -> str:
    """"ok", "wrong" or "throttled" for a code given after the password."""
    devices = confirmed_devices(request.user)
    if devices and not any(device.verify_is_allowed()[0] for device in devices):
        return "throttled"
    for device in devices:
        with transaction.atomic():
            if device.verify_token(_clean(code)):
                request.session.cycle_key()
                otp_login(request, device)
                return "ok"
    return "wrong"
