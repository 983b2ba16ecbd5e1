"""Links to this site follow the request's host; the portal's OIT link and the OIT page name the same
year; the landing page links to every agency's portal, the main demo agency first and flagged as demo."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from prongsai.apps.base.siteurl import follow_site
from prongsai.apps.portal.services import evidence_save

pytestmark = pytest.mark.django_db

PROVISIONAL_DAY = date(2026, 12, 7)  # FY2570
MISSING_DAY = date(2027, 12, 7)  # FY2571, no framework


def _local_link(agency, url):
    evidence_save(
        agency=agency, actor=None, item=None,
        data={"fiscal_year": 2568, "item_code": "O1", "title": "หน้าร้องเรียน", "url": url, "note": "",
              "is_published": True},
    )


def test_follow_site_rewrites_only_this_sites_address(settings):
    settings.PRONGSAI_SITE_URL = "http://127.0.0.1:8000"
    assert follow_site("http://127.0.0.1:8000/p/x/", "http://localhost:8123") == "http://localhost:8123/p/x/"
    assert follow_site("https://other.example/p/x/", "http://localhost:8123") == "https://other.example/p/x/"
    settings.PRONGSAI_SITE_URL = "https://ita.example.go.th"
    assert follow_site("https://ita.example.go.th/p/x/", "https://ita.example.go.th") == "https://ita.example.go.th/p/x/"
    # a link stored by a development demo still points at the site being served
    assert follow_site("http://127.0.0.1:8000/p/x/", "https://ita.example.go.th") == "https://ita.example.go.th/p/x/"


def test_public_oit_links_follow_the_request_host(client, world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    _local_link(world.own, "http://127.0.0.1:8000/p/own-tambon/complaints/")
    html = client.get(f"/p/{world.own.slug}/oit/2568/", HTTP_HOST="localhost:8765").content.decode()
    assert 'href="http://localhost:8765/p/own-tambon/complaints/"' in html
    assert "127.0.0.1:8000" not in html


def test_checklist_prefill_follows_the_request_host(client, world, client_for, settings):
    from prongsai.apps.oit.models import OitChecklist, OitItem

    settings.ALLOWED_HOSTS = ["*"]
    _local_link(world.own, "http://127.0.0.1:8000/p/own-tambon/complaints/")
    c = client_for(client, world.user("coordinator"))
    response = c.post(f"/a/{world.own.slug}/oit/new/", {"fiscal_year": 2568}, HTTP_HOST="localhost:8765")
    assert response.status_code in (200, 302)
    checklist = OitChecklist.objects.get(agency=world.own, fiscal_year=2568)
    urls = [u for it in OitItem.objects.filter(checklist=checklist) for u in it.data.get("urls", [])]
    assert "http://localhost:8765/p/own-tambon/complaints/" in urls
    assert not any("127.0.0.1:8000" in u for u in urls)


@pytest.mark.parametrize("today", [PROVISIONAL_DAY, MISSING_DAY], ids=["fy2570", "fy2571-no-framework"])
def test_portal_oit_link_and_page_name_the_same_year(client, world, monkeypatch, today):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    home = client.get(f"/p/{world.own.slug}/").content.decode()
    found = re.search(r'<a href="([^"]+)">การเปิดเผยข้อมูลสาธารณะ \(OIT\) ปีงบประมาณ (\d{4})</a>', home)
    assert found, home
    link, year = found.group(1), found.group(2)
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. {year}</h1>" in html
    default = client.get(f"/p/{world.own.slug}/oit/").content.decode()
    assert f"ปีงบประมาณ พ.ศ. {year}</h1>" in default
    if today == MISSING_DAY:
        assert f"ยังไม่มีข้อมูลการเปิดเผยข้อมูลสาธารณะ (OIT) ของปีงบประมาณ พ.ศ. {year}" in html


def test_landing_page_links_every_portal_main_demo_first(client, demo_agency):
    import io

    from django.core.management import call_command

    from prongsai.apps.agencies.models import Agency

    call_command("load_rounds_demo", stdout=io.StringIO(), stderr=io.StringIO())
    demo_agency.refresh_from_db()
    assert demo_agency.is_demo  # the rounds demo no longer clears it
    assert demo_agency.website == "https://demo-tambon.example/"
    assert not Agency.objects.filter(is_demo=False).exists()
    html = client.get("/").content.decode()
    assert "<h1>องค์การบริหารส่วนตำบลตัวอย่าง</h1>" in html
    links = re.findall(r'<a href="/p/([\w-]+)/">', html)
    assert links[0] == demo_agency.slug
    assert "demo-thetsaban" in links
    portal = client.get(f"/p/{demo_agency.slug}/").content.decode()
    assert "สาธิต" in portal
