"""Sign-in security: lockout after repeated failures (django-axes), Thai password rules, session cookies, and the
optional TOTP second factor (django-otp) with the administrators' requirement."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.web.security.ip import client_ip

PASSWORD = "test-password-123"


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# --- lockout ------------------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_from_that_address_with_a_thai_page(client, world):
    for _ in range(4):
        response = _login(client, "coordinator", "wrong")
        assert response.status_code == 200 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    fifth = _login(client, "coordinator", "wrong")
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert '<html lang="th">' in html and "ระงับการเข้าสู่ระบบชั่วคราว" in html and "30 นาที" in html
    # even the right password is refused now, and nobody is signed in
    locked = _login(client, "coordinator", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, world):
    for _ in range(5):
        _login(client, "coordinator", "wrong")
    assert _login(client, "coordinator", PASSWORD).status_code == 429
    # the same person from another address, and another person from this address, still sign in
    assert _login(Client(REMOTE_ADDR="10.9.8.7"), "coordinator", PASSWORD).status_code == 302
    assert _login(Client(), "auditor", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, world):
    for _ in range(4):
        _login(client, "coordinator", "wrong")
    assert _login(client, "coordinator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "coordinator", "wrong").status_code == 200
    assert _login(client, "coordinator", PASSWORD).status_code == 302


def test_the_lockout_ends_after_thirty_minutes(client, world):
    for _ in range(5):
        _login(client, "coordinator", "wrong")
    assert _login(client, "coordinator", PASSWORD).status_code == 429
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=31))
    assert _login(client, "coordinator", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too(client, world):
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 429


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout_without_a_trusted_proxy(client, world, settings):
    settings.PRONGSAI_TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        _login(client, "coordinator", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _login(client, "coordinator", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts(client, world, settings):
    settings.PRONGSAI_TRUSTED_PROXY_COUNT = 1
    # nginx appends the real address; whatever the client wrote on the left is ignored
    for n in range(5):
        _login(client, "coordinator", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.10")
    assert _login(client, "coordinator", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 429
    # another citizen behind the same proxy is not locked out
    assert _login(client, "coordinator", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.11").status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "127.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (1, "not-an-address", "127.0.0.1"),
        (2, "1.2.3.4", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_ip(settings, count, forwarded, expected):
    settings.PRONGSAI_TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


# --- passwords ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1-cd", "รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย 10 ตัวอักษร"),
        ("password123", "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย"),
        ("98127634509182", "รหัสผ่านต้องไม่เป็นตัวเลขล้วน"),
        ("abcdefghijklmnop", "รหัสผ่านต้องมีทั้งตัวอักษรและตัวเลขหรือสัญลักษณ์"),
        ("ทดสอบรหัสผ่านยาวมาก", "รหัสผ่านต้องมีทั้งตัวอักษรและตัวเลขหรือสัญลักษณ์"),
        ("coordinator1", "คล้ายกับข้อมูลของท่าน"),
    ],
)
def test_weak_passwords_are_refused_in_thai(client, world, new, message):
    client.force_login(world.user("coordinator"))
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    world.user("coordinator").refresh_from_db()
    assert world.user("coordinator").check_password(PASSWORD)


def test_the_password_rules_are_shown_in_thai(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("password_change")).content.decode()
    assert "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร" in html
    assert "Your password" not in html


def test_a_strong_thai_password_is_accepted(client, world):
    client.force_login(world.user("coordinator"))
    new = "ใสสะอาด-๒๕๖๘-โปร่ง"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    world.user("coordinator").refresh_from_db()
    assert world.user("coordinator").check_password(new)


# --- sessions -----------------------------------------------------------------------------------------------


def test_the_session_cookie_is_httponly_samesite_lax_and_expires(client, world, settings):
    response = _login(client, "coordinator", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 12 * 3600
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_production_session_and_security_settings():
    from tests.web.test_security_and_settings import _prod

    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE and s.SESSION_COOKIE_HTTPONLY;"
        "assert s.SESSION_COOKIE_SAMESITE == 'Lax' and s.CSRF_COOKIE_SAMESITE == 'Lax';"
        "assert 0 < s.SESSION_COOKIE_AGE <= 12 * 3600;"
        "assert s.SECURE_HSTS_SECONDS >= 31536000 and s.SECURE_HSTS_INCLUDE_SUBDOMAINS and s.SECURE_SSL_REDIRECT;"
        "assert s.SECURE_CONTENT_TYPE_NOSNIFF and s.X_FRAME_OPTIONS == 'DENY';"
        "assert s.SECURE_REFERRER_POLICY == 'same-origin';"
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "assert d['frame-ancestors'] == [\"'none'\"] and d['script-src'] == [\"'self'\"];"
        "assert 'axes.middleware.AxesMiddleware' == s.MIDDLEWARE[-1];"
        "assert s.AXES_FAILURE_LIMIT == 5 and s.AXES_COOLOFF_TIME == 0.5;"
        "assert s.PRONGSAI_REQUIRE_ADMIN_OTP is True;"
        "assert s.PRONGSAI_TRUSTED_PROXY_COUNT == 1;"
        "assert 'PBKDF2' in s.PASSWORD_HASHERS[0] or 'Argon2' in s.PASSWORD_HASHERS[0]"
    )
    done = _prod(code, PRONGSAI_REQUIRE_ADMIN_OTP="1", PRONGSAI_BEHIND_PROXY="1")
    assert done.returncode == 0, done.stderr


def test_the_admin_otp_requirement_is_off_for_demo_and_tests_and_on_by_default_in_production(settings, tmp_path):
    from tests.web.test_security_and_settings import _prod

    assert settings.PRONGSAI_REQUIRE_ADMIN_OTP is False
    code = "import django; django.setup(); from django.conf import settings as s; print(s.PRONGSAI_REQUIRE_ADMIN_OTP)"
    assert _prod(code).stdout.strip() == "True"
    assert _prod(code, PRONGSAI_REQUIRE_ADMIN_OTP="0").stdout.strip() == "False"
    local = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("PRONGSAI_REQUIRE", "DJANGO_SETTINGS"))},
             "DJANGO_SETTINGS_MODULE": "prongsai.web.settings.local", "PRONGSAI_DATA_DIR": str(tmp_path)},
    )
    assert local.stdout.strip() == "False", local.stderr


# --- TOTP ---------------------------------------------------------------------------------------------------


def _code(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:0{device.digits}d}"


def _wait_out_throttle(user) -> None:
    """As if the delay after a wrong code had passed."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)


def _enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_enrolment_shows_a_qr_and_the_secret_once_then_confirms_with_a_code(client, world):
    user = world.user("agency_admin")
    client.force_login(user)
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html and "รหัสลับ" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    # a wrong code: a Thai error, nothing enabled
    wrong = client.post(reverse("otp_setup"), {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    _wait_out_throttle(user)
    done = client.post(reverse("otp_setup"), {"code": _code(device), "next": "/a/"})
    assert done.status_code == 302 and done["Location"] == "/a/"
    device.refresh_from_db()
    assert device.confirmed
    # the secret is never shown again
    again = client.get(reverse("otp_setup")).content.decode()
    assert "เปิดใช้การยืนยันตัวตนสองชั้นแล้ว" in again and page.context["secret"] not in again
    assert 'src="data:image/svg+xml' not in again


def test_reloading_the_enrolment_page_replaces_the_secret(client, world):
    user = world.user("coordinator")
    client.force_login(user)
    first = client.get(reverse("otp_setup")).context["secret"]
    second = client.get(reverse("otp_setup")).context["secret"]
    assert first != second
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_an_enrolled_person_gives_a_code_after_the_password(client, world):
    user = world.user("coordinator")
    device = _enrol(user)
    dashboard = reverse("assessments:dashboard", args=[world.own.slug])
    response = _login(client, "coordinator", PASSWORD)
    assert response.status_code == 302
    blocked = client.get(dashboard)
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("otp_verify") + "?next=")
    # nothing else opens either: the public portal, the admin, the password page
    for url in ("/", reverse("password_change"), "/admin/", reverse("portal:home", args=[world.own.slug])):
        assert client.get(url)["Location"].startswith(reverse("otp_verify")), url
    form = client.get(reverse("otp_verify"), {"next": dashboard})
    assert form.status_code == 200 and "กรอกรหัสยืนยันตัวตน" in form.content.decode()
    wrong = client.post(reverse("otp_verify"), {"code": "12345", "next": dashboard})
    assert wrong.status_code == 400 and "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert client.get(dashboard).status_code == 302
    # right after a wrong code even the right one waits (django-otp's growing delay)
    throttled = client.post(reverse("otp_verify"), {"code": _code(device), "next": dashboard})
    assert throttled.status_code == 400 and "กรอกรหัสผิดหลายครั้ง กรุณารอสักครู่" in throttled.content.decode()
    _wait_out_throttle(user)
    device.refresh_from_db()
    ok = client.post(reverse("otp_verify"), {"code": _code(device), "next": dashboard})
    assert ok.status_code == 302 and ok["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_a_used_code_cannot_be_replayed(world):
    user = world.user("coordinator")
    device = _enrol(user)
    first, second = Client(), Client()
    for c in (first, second):
        _login(c, "coordinator", PASSWORD)
    code = _code(device)
    assert first.post(reverse("otp_verify"), {"code": code})["Location"] == "/"
    assert second.post(reverse("otp_verify"), {"code": code}).status_code == 400


def test_the_code_step_refuses_a_next_on_another_site(client, world):
    device = _enrol(world.user("coordinator"))
    _login(client, "coordinator", PASSWORD)
    response = client.post(reverse("otp_verify"), {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_an_htmx_request_of_an_unverified_session_gets_hx_redirect(client, world):
    _enrol(world.user("coordinator"))
    _login(client, "coordinator", PASSWORD)
    response = client.get(reverse("plans:tasks", args=[world.own.slug]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("otp_verify"))


def test_sign_out_stays_open_to_an_unverified_session(client, world):
    _enrol(world.user("coordinator"))
    _login(client, "coordinator", PASSWORD)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(PRONGSAI_REQUIRE_ADMIN_OTP=True)
@pytest.mark.parametrize(("role", "must"), [("agency_admin", True), ("system_admin", True), ("coordinator", False)])
def test_administrators_must_enrol_when_required(client, world, role, must):
    user = world.user(role)
    client.force_login(user)
    dashboard = reverse("assessments:dashboard", args=[world.own.slug])
    response = client.get(dashboard)
    if not must:
        assert response.status_code == 200
        return
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup") + "?next=")
    page = client.get(response["Location"])
    assert "ผู้ดูแลระบบต้องเปิดใช้การยืนยันตัวตนสองชั้นก่อนใช้งานระบบ" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse("otp_setup"), {"code": _code(device), "next": dashboard})
    assert done["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_without_the_requirement_administrators_are_not_forced(client, world):
    client.force_login(world.user("agency_admin"))
    assert client.get(reverse("assessments:dashboard", args=[world.own.slug])).status_code == 200
