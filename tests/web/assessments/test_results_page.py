"""The first page: the demo agency's results, as the core computes them, in Thai."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.demo import DEMO_SCORES
from prongsai.apps.assessments.services import result_record
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators
from prongsai.core.thai import to_thai_digits


def _section(html: str, fiscal_year: int) -> str:
    match = re.search(rf'<section class="year" id="fy-{fiscal_year}".*?</section>', html, re.S)
    assert match, f"no section for {fiscal_year}"
    return match.group(0)


def _expected():
    registry = default_registry()
    years = sorted(set(DEMO_SCORES) & set(registry.years()))
    assert years, "no demo year has a framework"
    return {fy: (registry.get(fy), score_indicators(registry.get(fy), DEMO_SCORES[fy])) for fy in years}


def test_home_shows_the_demo_agency_and_each_years_core_score(client, demo_agency):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert demo_agency.name_th in html
    assert "หน่วยงานสมมุติ" in html
    for unit in ("สำนักปลัด", "กองคลัง", "กองช่าง"):
        assert unit in html
    for fiscal_year, (framework, expected) in _expected().items():
        section = _section(html, fiscal_year)
        assert f"ปีงบประมาณ พ.ศ. {fiscal_year}" in section
        assert f'<dd class="overall">{expected.overall:.2f}</dd>' in section
        assert f'<dd class="level">{expected.level}</dd>' in section
        for code, value in expected.instruments.items():
            assert code in section
            assert f"{value:.2f}" in section
        for indicator in framework.indicators.items:
            assert indicator.name_th in section
        assert ("ผ่าน" if expected.passed else "ไม่ผ่าน") in section


def test_thai_digits_on_request(client, demo_agency):
    html = client.get("/?digits=thai").content.decode()
    for fiscal_year, (_, expected) in _expected().items():
        section = _section(html, fiscal_year)
        assert to_thai_digits(f"{expected.overall:.2f}") in section
        assert f"ปีงบประมาณ พ.ศ. {to_thai_digits(str(fiscal_year))}" in section


def test_agency_page_by_slug(client, demo_agency):
    response = client.get(reverse("assessments:agency_results", kwargs={"slug": demo_agency.slug}))
    assert response.status_code == 200
    assert demo_agency.name_th in response.content.decode()


def test_empty_database_shows_a_thai_empty_state(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "ยังไม่มีข้อมูลหน่วยงาน" in response.content.decode()


def test_agency_name_with_script_is_escaped(client, db):
    evil = '<script>alert("x")</script> อบต.ทดสอบ'
    agency = Agency.objects.create(name_th=evil, slug="evil", district="<b>เขต</b>")
    year = max(default_registry().years())
    result_record(agency=agency, fiscal_year=year, indicator_scores=dict.fromkeys(range(1, 11), 90))
    for url in ("/", "/agencies/evil/"):
        html = client.get(url).content.decode()
        assert "<script" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<b>เขต</b>" not in html


def test_unknown_page_is_a_thai_404(client, db):
    response = client.get("/no-such-page/<x>")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "ไม่พบหน้าที่ต้องการ" in html
    assert "<x>" not in html


def test_unknown_agency_is_a_thai_404(client, db):
    response = client.get("/agencies/no-such-agency/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_reports_a_broken_database(client, db, monkeypatch):
    from django.db import DatabaseError, connection

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content != b"ok"


def test_static_css_uses_sarabun_without_downloads(client):
    from django.contrib.staticfiles import finders

    css_path = finders.find("prongsai/site.css")
    assert css_path
    css = Path(css_path).read_text(encoding="utf-8")
    assert '"Sarabun"' in css
    assert "googleapis" not in css and "@import" not in css
    # the only files the stylesheet names are our own Sarabun fonts, served from this site
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls and all(u.strip("\"'").startswith("../fonts/sarabun/Sarabun-") for u in urls), urls
    for url in urls:
        assert finders.find("fonts/sarabun/" + url.strip("\"'").rsplit("/", 1)[1]), url


@pytest.mark.django_db
def test_page_references_no_external_fonts(client, demo_agency):
    html = client.get("/").content.decode()
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
