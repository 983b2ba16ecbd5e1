"""Links people type: ``javascript:``, ``data:`` and ``vbscript:`` URLs are refused by every form and service that
takes a URL (portal OIT evidence links, procurement announcements, task evidence, survey links, ethics materials,
OIT item URLs, the agency's website); ``test_xss.py`` proves a stored one is rendered inert anyway."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.urls import reverse

from prongsai.apps.agencies.models import Agency

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_portal_oit_evidence_link_form_refuses(url):
    from prongsai.apps.portal.forms import EvidenceForm

    form = EvidenceForm(
        data={"item_code": "O1", "title": "ลิงก์", "url": url, "note": "", "is_published": "on"},
        items=[("O1", "โครงสร้าง")],
    )
    assert not form.is_valid() and "url" in form.errors


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_procurement_announcement_form_refuses(world, url):
    from prongsai.apps.procurement.forms import AnnouncementForm

    try:
        form = AnnouncementForm(data={"fiscal_year": "2568", "kind": "plan", "title": "ประกาศ", "url": url,
                                      "announce_date": "1/10/2567"}, years=[2568])
    except TypeError:
        form = AnnouncementForm(data={"fiscal_year": "2568", "kind": "plan", "title": "ประกาศ", "url": url,
                                      "announce_date": "1/10/2567"})
    assert not form.is_valid() and "url" in form.errors


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_agency_website_refuses(url):
    form = modelform_factory(Agency, fields=["website"])(data={"website": url})
    assert not form.is_valid() and "website" in form.errors


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_task_evidence_link_is_refused_over_the_web(client, world, url):
    from datetime import date

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.plans import services
    from prongsai.apps.plans.models import Evidence

    user = world.user("coordinator")
    access = agency_access(user=user, agency=world.own)
    plan = services.plan_draft(agency=world.own, access=access, actor=user, results_fiscal_year=2568)
    task = services.task_create(
        measure=plan.measures.order_by("number").first(), access=access, actor=user, title_th="งาน",
        owner_unit=world.own.units.order_by("pk").first(), due=date(2026, 1, 15),
    )
    client.force_login(user)
    response = client.post(reverse("plans:evidence_add", args=[world.own.slug, task.pk]), {"url": url, "title": ""})
    assert response.status_code == 400
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_official_survey_link_is_refused(world, url):
    from prongsai.apps.surveys import services

    with pytest.raises(ValidationError):
        services.official_link_save(
            agency=world.own, actor=world.user("coordinator"), fiscal_year=2568, instrument="IIT", url=url
        )


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_ethics_materials_refuse(world, url):
    from datetime import date
    from decimal import Decimal

    from prongsai.apps.registers import services

    with pytest.raises(ValidationError):
        services.ethics_activity_save(
            agency=world.own, actor=world.user("coordinator"), item=None,
            data={"fiscal_year": 2568, "title": "อบรม", "held_on": date(2025, 11, 1), "attendees": 10,
                  "hours": Decimal("2.0"), "materials": f"https://example.org/a.pdf\n{url}", "note": ""},
        )


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_oit_item_urls_refuse(url):
    from prongsai.apps.oit import services as oit

    with pytest.raises(ValidationError):
        oit.clean_url(url)
