"""Signing in and out, the agency switcher, and where "/" takes each person."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from prongsai.apps.agencies.models import Role
from prongsai.apps.agencies.services import membership_set


def test_login_page_is_thai_and_has_csrf(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "เข้าสู่ระบบ" in html and '<html lang="th">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_username">' in html and '<label for="id_password">' in html


def test_wrong_password_is_a_thai_error_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in html
    assert 'value="coordinator"' in html


def test_login_takes_a_one_agency_person_to_their_dashboard(client, world):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == reverse("assessments:dashboard", args=[world.own.slug])


def test_login_returns_to_the_page_asked_for(client, world):
    target = reverse("assessments:results", args=[world.own.slug])
    first = client.get(target)
    assert first.status_code == 302 and first["Location"] == f"{reverse('login')}?next={target}"
    response = client.post(
        reverse("login") + f"?next={target}", {"username": "auditor", "password": "test-password-123", "next": target}
    )
    assert response["Location"] == target


def test_login_refuses_a_next_on_another_site(client, world):
    response = client.post(
        reverse("login"), {"username": "auditor", "password": "test-password-123", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_login_post_needs_csrf(world):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 403


def test_logout_is_a_post(client, world):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("assessments:dashboard", args=[world.own.slug])).status_code == 302


def test_a_person_in_several_agencies_gets_the_switcher(client, world):
    person = world.user("executive")
    membership_set(user=person, agency=world.foreign, role=Role.AUDITOR)
    client.force_login(person)
    assert client.get("/")["Location"] == reverse("agencies:choose")
    chooser = client.get(reverse("agencies:choose")).content.decode()
    assert world.own.name_th in chooser and world.foreign.name_th in chooser
    dashboard = client.get(reverse("assessments:dashboard", args=[world.foreign.slug])).content.decode()
    assert 'id="switch-agency"' in dashboard
    assert f'<option value="{world.own.slug}">' in dashboard
    assert f'<option value="{world.foreign.slug}" selected>' in dashboard
    # the switcher's target, and "/" remembers the last agency
    switched = client.get(reverse("agencies:choose"), {"agency": world.own.slug})
    assert switched["Location"] == reverse("assessments:dashboard", args=[world.own.slug])
    assert client.get("/")["Location"] == reverse("assessments:dashboard", args=[world.foreign.slug])


def test_the_switcher_never_offers_a_foreign_agency(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("assessments:dashboard", args=[world.own.slug])).content.decode()
    assert world.foreign.slug not in html
    assert client.get(reverse("agencies:choose"), {"agency": world.foreign.slug}).status_code == 404


def test_a_person_without_agency_is_told_so(client, world):
    client.force_login(world.user("outsider"))
    assert client.get("/")["Location"] == reverse("agencies:choose")
    assert "ยังไม่ได้เป็นสมาชิกของหน่วยงานใด" in client.get(reverse("agencies:choose")).content.decode()


def test_the_system_admin_sees_every_agency(client, world):
    client.force_login(world.user("system_admin"))
    html = client.get(reverse("agencies:choose")).content.decode()
    assert world.own.name_th in html and world.foreign.name_th in html


def test_the_public_page_stays_for_anonymous_visitors(client, world):
    html = client.get("/").content.decode()
    assert "เข้าสู่ระบบสำหรับเจ้าหน้าที่" in html
    assert "<script" not in html  # no JavaScript on public pages


def test_password_change(client, world):
    client.force_login(world.user("coordinator"))
    bad = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a-long-new-pass-42", "new_password2": "a-long-new-pass-42"},
    )
    assert bad.status_code == 200 and "รหัสผ่านเดิมไม่ถูกต้อง" in bad.content.decode()
    good = client.post(
        reverse("password_change"),
        {
            "old_password": "test-password-123",
            "new_password1": "a-long-new-pass-42",
            "new_password2": "a-long-new-pass-42",
        },
    )
    assert good.status_code == 302
    world.user("coordinator").refresh_from_db()
    assert world.user("coordinator").check_password("a-long-new-pass-42")
