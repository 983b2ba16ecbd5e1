"""Plain Thai for the people who use the site: no developer text on any page, the framework's confidence
notes as one plain sentence for the public (the details for staff only, behind "รายละเอียด"), Thai empty choices in
selects, and Thai error pages even with DEBUG on (make run)."""

from __future__ import annotations

import pytest
from django import forms
from django.db.models import fields as model_fields
from django.test import Client
from django.urls import reverse
from tests.web.security.conftest import every_page, matrix_world  # noqa: F401  (fixtures)

from prongsai.apps.agencies.models import Agency, Membership
from prongsai.apps.base.choices import EMPTY_LABEL
from prongsai.core.frameworks import default_registry

PLAIN_NOTE = "ผลของปีนี้คำนวณตามเกณฑ์การประเมินที่ยังไม่ได้ยืนยันกับคู่มือของสำนักงาน ป.ป.ช. ครบทุกส่วน"

# Text that is for developers, never for the people who use the pages.
DEVELOPER_TEXT = (
    "---------",  # Django's empty choice
    "prongsai.core",  # a module name (the calendar's sources)
    "shared/research",  # the research notes' path
    "ข้อมูลส่วน instruments",
    "ข้อมูลส่วน levels",
    "กรอบของรอบ (YAML)",
    "ConnectError",
    "Traceback",
)


# --- the framework's confidence notes ---------------------------------------------------------------------------


def test_framework_warnings_name_their_sections_in_thai():
    registry = default_registry()
    seen = []
    for year in registry.years():
        for thai, _english in registry.get(year).confidence_warnings():
            seen.append(thai)
            assert "instruments" not in thai and "levels" not in thai, thai
    assert any("ข้อมูลส่วนเครื่องมือประเมิน มีความเชื่อมั่นต่ำ" in t for t in seen)
    assert any("ข้อมูลส่วนเกณฑ์ระดับผลการประเมิน มีความเชื่อมั่นต่ำ" in t for t in seen)


def test_the_public_reads_one_plain_sentence_and_staff_the_details(client, world):
    """FY2568 is provisional with instruments of low confidence: the public pages say so in one sentence."""
    for url in (
        reverse("assessments:agency_results", args=[world.own.slug]),
        reverse("portal:result_year", args=[world.own.slug, 2568]),
    ):
        html = client.get(url).content.decode()
        assert PLAIN_NOTE in html, url
        assert 'class="technical"' not in html and "ความเชื่อมั่นต่ำ" not in html and "GitHub" not in html, url
        assert "instruments" not in html and "levels" not in html, url
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("assessments:dashboard", args=[world.own.slug])).content.decode()
    assert PLAIN_NOTE in html
    note = html.split('<div class="warn framework-note"', 1)[1].split("</div>", 1)[0]
    assert '<details class="technical"><summary>รายละเอียด</summary>' in note
    assert "ข้อมูลส่วนเครื่องมือประเมิน มีความเชื่อมั่นต่ำ" in note and "instruments" not in note


# --- developer text on pages ------------------------------------------------------------------------------------


def test_the_calendar_names_its_sources_without_module_paths(client, world):
    client.force_login(world.user("coordinator"))
    for year in (2565, 2567, 2569):
        html = client.get(reverse("plans:calendar", args=[world.own.slug]) + f"?year={year}").content.decode()
        assert "prongsai.core" not in html and "shared/research" not in html, year
    assert "แนวปฏิบัติของหน่วยงาน" in html


def test_no_page_shows_developer_text(client, client_for, every_page):  # noqa: F811
    world, pages = every_page
    problems = []
    for page in pages:
        client_for(client, world.user(page.role))
        response = client.get(page.url)
        kind = response.get("Content-Type", "")
        if "html" not in kind or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", errors="replace")
        problems += [f"{page.name} ({page.role}): {text!r}" for text in DEVELOPER_TEXT if text in body]
    assert problems == []


# --- the empty choice of selects --------------------------------------------------------------------------------


def test_every_kind_of_select_starts_with_a_thai_empty_choice(world):
    assert EMPTY_LABEL == "— เลือก —"
    assert forms.ModelChoiceField(queryset=Agency.objects.none()).empty_label == EMPTY_LABEL
    assert model_fields.BLANK_CHOICE_DASH == [("", EMPTY_LABEL)]
    role = Membership._meta.get_field("role").formfield()  # a model field with choices, no default
    assert next(iter(role.choices)) == ("", EMPTY_LABEL)

    class UnitForm(forms.ModelForm):
        class Meta:
            model = Membership
            fields = ("unit", "role")

    html = str(UnitForm())
    assert EMPTY_LABEL in html and "---------" not in html


# --- error pages ------------------------------------------------------------------------------------------------

THAI_404 = "ไม่พบหน้าที่ต้องการ"


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.web.error_urls"
    return Client(raise_request_exception=False)


def _get(client, url, status):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_error_pages_are_thai_in_production_and_under_make_run(error_urls, settings, db, debug):
    settings.DEBUG = debug
    for url in ("/no-such-page/", "/test-errors/404/", "/p/no-such-agency/"):
        html = _get(error_urls, url, 404)
        assert THAI_404 in html and "Page not found" not in html and "Using the URLconf" not in html, url
    html = _get(error_urls, "/test-errors/400/", 400)
    assert "คำขอไม่ถูกต้อง" in html or "ไม่ถูกต้อง" in html
    assert "SuspiciousOperation" not in html and "Traceback" not in html
    html = _get(error_urls, "/test-errors/500/", 500)
    assert "ระบบขัดข้อง" in html and "RuntimeError" not in html and "Traceback" not in html


def test_a_developer_can_still_ask_for_django_debug_pages(error_urls, settings, db):
    settings.DEBUG = True
    settings.PRONGSAI_DEBUG_ERROR_PAGES = True  # PRONGSAI_DEBUG_404=1
    assert "Page not found" in _get(error_urls, "/no-such-page/", 404)
    assert "RuntimeError" in _get(error_urls, "/test-errors/500/", 500)


def test_the_thai_error_templates_exist():
    from django.template.loader import get_template

    for name in ("400.html", "403.html", "404.html", "500.html"):
        assert get_template(name).template.source.count("<html") <= 1
