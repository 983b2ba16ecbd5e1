"""Who may open the framework workbench: anonymous → login; signed in without the right → 404 (not 403);
a system administrator and a person granted the right → the pages; a revoked right closes them again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.frameworks.models import FrameworkEditor
from prongsai.apps.frameworks.services import editor_grant

PAGES = [
    ("index", {}), ("diff", {}), ("yaml_import", {}), ("year", {"fiscal_year": 2570}),
    ("edit", {"fiscal_year": 2570, "part": "weights"}), ("sheet", {"fiscal_year": 2570}),
    ("versions", {"fiscal_year": 2570}), ("effects", {"fiscal_year": 2570}), ("confirm", {"fiscal_year": 2570}),
    ("export", {"fiscal_year": 2570}),
]


def _url(name, kwargs):
    return reverse(f"frameworks:{name}", kwargs=kwargs or None)


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_is_sent_to_login(client, world, name, kwargs):
    response = client.get(_url(name, kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("role", ["coordinator", "agency_admin", "auditor", "outsider", "foreign"])
def test_signed_in_without_the_right_gets_404(client, world, role):
    client.force_login(world.user(role))
    for name, kwargs in [*PAGES, ("editors", {})]:
        response = client.get(_url(name, kwargs))
        assert response.status_code == 404, (role, name)
        assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
    # a POST that would write is refused the same way, and writes nothing
    assert client.post(_url("index", {}), {"fiscal_year": 2571, "base_year": 2570, "reason": "x"}).status_code == 404


def test_system_admin_and_granted_editor_may_use_it_and_revoke_closes_it(client, world):
    admin, person = world.user("system_admin"), world.user("outsider")
    client.force_login(admin)
    for name, kwargs in PAGES:
        assert client.get(_url(name, kwargs)).status_code == 200, name
    response = client.post(_url("editors", {}), {"action": "grant", "username": "outsider", "note": "จังหวัดทดสอบ"})
    assert response.status_code == 302
    assert FrameworkEditor.objects.filter(user=person).exists()

    client.force_login(person)
    for name, kwargs in PAGES:
        assert client.get(_url(name, kwargs)).status_code == 200, name
    # only a system administrator grants the right
    assert client.get(_url("editors", {})).status_code == 404
    assert client.post(_url("editors", {}), {"action": "revoke", "user": person.pk}).status_code == 404

    client.force_login(admin)
    html = client.get(_url("editors", {})).content.decode()
    assert "outsider" in html and "จังหวัดทดสอบ" in html
    assert client.post(_url("editors", {}), {"action": "revoke", "user": person.pk}).status_code == 302
    assert not FrameworkEditor.objects.filter(user=person).exists()
    client.force_login(person)
    assert client.get(_url("index", {})).status_code == 404


def test_grant_to_an_unknown_name_is_a_thai_error_beside_the_field(client, world):
    client.force_login(world.user("system_admin"))
    response = client.post(_url("editors", {}), {"action": "grant", "username": "no-such-person"})
    assert response.status_code == 400
    assert "ไม่พบผู้ใช้ชื่อนี้" in response.content.decode()
    assert client.post(_url("editors", {}), {"action": "revoke", "user": "abc"}).status_code == 400
    assert client.post(_url("editors", {}), {}).status_code == 400
    assert not FrameworkEditor.objects.exists()


def test_menu_link_only_for_those_who_may_edit(client, world):
    link = reverse("frameworks:index")
    client.force_login(world.user("coordinator"))
    assert f'href="{link}"' not in client.get(reverse("agencies:choose")).content.decode()
    editor_grant(actor=world.user("system_admin"), user=world.user("coordinator"))
    html = client.get(reverse("agencies:choose")).content.decode()
    assert f'href="{link}"' in html and "กรอบการประเมิน" in html
    client.force_login(world.user("system_admin"))
    assert f'href="{link}"' in client.get(reverse("agencies:choose")).content.decode()
