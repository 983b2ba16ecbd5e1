"""Security headers on every page: CSP without inline script, frame protection, nosniff, referrer policy; HSTS in
production. No template carries an inline script, an on* handler or a style attribute (the CSP would block them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src" / "prongsai"


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# The pages of the login-free forms (complaints, e-service, survey answers) send no referrer at all: the next click of
# a reporter or a respondent must not name the page (base.abuse.anonymous_form_view). Every other page: same-origin.
NO_REFERRER_PAGES = {
    "complaints:start", "complaints:follow", "complaints:statistics",
    "portal:eservice", "portal:eservice_type", "portal:eservice_track",
    "surveys:answer", "surveys:thanks", "rounds:answer", "rounds:thanks",
}


def assert_safe_headers(response, where: str) -> None:
    csp = _csp(response)
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == ("no-referrer" if where in NO_REFERRER_PAGES else "same-origin"), where
    if csp["default-src"] == ["'none'"]:  # a stored file served for download: stricter still
        assert "sandbox" in csp and response["Content-Disposition"].startswith("attachment"), where
        return
    assert csp["default-src"] == ["'self'"], where
    assert csp["script-src"] == ["'self'"], where  # no 'unsafe-inline', no 'unsafe-eval', no nonce needed
    assert "'unsafe-inline'" not in csp["style-src"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], where
    assert csp["form-action"] == ["'self'"], where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


def test_every_page_of_the_matrix_has_the_security_headers(client, client_for, every_page):
    world, pages = every_page
    assert len(pages) > 80
    for page in pages:
        client_for(client, world.user(page.role))
        response = client.get(page.url)
        assert response.status_code == page.ok, (page.name, response.status_code)
        assert_safe_headers(response, page.name)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/", "/healthz"])
def test_public_and_error_pages_have_the_security_headers(client, db, path):
    assert_safe_headers(client.get(path), path)


def test_a_staff_page_has_the_security_headers(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(f"/a/{world.own.slug}/")
    assert response.status_code == 200
    assert_safe_headers(response, "dashboard")


def test_a_style_block_carries_the_requests_nonce(client, world):
    """The only inline styles are <style> blocks with the nonce the CSP header names."""
    from django.urls import reverse
    from django.utils import timezone

    from prongsai.apps.surveys import services as surveys

    pulse = surveys.pulse_round_create(
        agency=world.own, actor=world.user("coordinator"), kind="eit", title="สำรวจ", fiscal_year=2568,
        closes_on=timezone.localdate() + timezone.timedelta(days=3),
    )
    response = client.get(reverse("surveys:answer", kwargs={"token": pulse.token}))
    assert response.status_code == 200
    nonce = re.search(r"<style nonce=\"([^\"]+)\">", response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in _csp(response)["style-src"]


TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))


def test_templates_have_no_inline_script_handlers_or_style_attributes():
    assert len(TEMPLATES) > 50
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path}: inline {match.group(0)}")
        if re.search(r"<script\b[^>]*src=[^>]*>\s*[^<\s]", text):
            offenders.append(f"{path}: script with a body")
        for match in re.finditer(r"<[a-zA-Z][^>]*\s(on[a-z]+|style)\s*=", text):
            offenders.append(f"{path}: {match.group(1)}=")
        for match in re.finditer(r"<style\b[^>]*>", text):
            if "csp_nonce" not in match.group(0):
                offenders.append(f"{path}: <style> without the nonce")
        if "javascript:" in text:
            offenders.append(f"{path}: javascript: URL")
    assert offenders == []


def test_htmx_is_served_locally_and_told_not_to_inject_styles_or_eval(client, world):
    client.force_login(world.user("coordinator"))
    html = client.get(f"/a/{world.own.slug}/").content.decode()
    assert re.search(r'<script src="/static/prongsai/vendor/htmx-2\.0\.3\.min\.js" defer></script>', html)
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_production_sends_hsts_over_https():
    from tests.web.test_security_and_settings import _prod

    code = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz', secure=True, HTTP_HOST='ita.example.go.th');"
        "print(r.status_code); print(r['Strict-Transport-Security']); print(r['Content-Security-Policy']);"
        "print(Client().get('/a/', HTTP_HOST='ita.example.go.th')['Location'])"
    )
    done = _prod(code, DATABASE_URL="sqlite://:memory:")
    assert done.returncode == 0, done.stderr
    status, hsts, csp, redirect = done.stdout.strip().splitlines()[-4:]
    assert status == "200"
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "frame-ancestors 'none'" in csp
    assert redirect == "https://ita.example.go.th/a/"  # plain HTTP goes to HTTPS
