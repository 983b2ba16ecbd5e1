"""Static files and page quality: htmx served from our own files, no CDN, Thai error pages for staff URLs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

HTMX_SHA256 = "491955cd1810747d7d7b9ccb936400afb760e06d25d53e4572b64b6563b2784e"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "prongsai"


def test_htmx_is_vendored_and_unchanged():
    path = finders.find("prongsai/vendor/htmx-2.0.3.min.js")
    assert path
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == HTMX_SHA256


def test_no_template_loads_anything_from_another_site():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for marker in ('<script src="http', '<link rel="stylesheet" href="http', "cdn.", "unpkg", "jsdelivr"):
            assert marker not in text, f"{template}: {marker}"


def test_signed_in_pages_load_htmx_from_static(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("assessments:dashboard", args=[world.own.slug])).content.decode()
    assert '<script src="/static/prongsai/vendor/htmx-2.0.3.min.js" defer></script>' in html
    assert "hx-headers" in html  # htmx requests carry the CSRF token


def test_forbidden_is_a_thai_403(client, world):
    client.force_login(world.user("unit_staff"))
    response = client.get(reverse("assessments:import_upload", args=[world.own.slug]))
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึง" in response.content.decode()


def test_htmx_request_after_the_session_ended_redirects_the_whole_page(client, world):
    response = client.get(reverse("assessments:dashboard", args=[world.own.slug]), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_pages_have_labels_and_landmarks(client, world):
    client.force_login(world.user("agency_admin"))
    for name in ("assessments:dashboard", "assessments:results", "assessments:import_upload", "audit:log"):
        html = client.get(reverse(name, args=[world.own.slug])).content.decode()
        assert '<main id="main">' in html and 'class="skip"' in html
        assert 'aria-label="เมนูของหน่วยงาน"' in html
        assert 'aria-current="page"' in html
    html = client.get(reverse("assessments:results", args=[world.own.slug])).content.decode()
    assert '<label for="id_fiscal_year">' in html
