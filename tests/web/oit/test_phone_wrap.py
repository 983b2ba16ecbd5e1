"""On a 390-pixel phone, an OIT page with a long address (a Google Drive link, as agencies often paste) wraps the
address instead of making the whole page scroll sideways. Debian's chromium through Playwright, with JavaScript on
only to measure the page; skipped where chromium is not installed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from prongsai.apps.oit import services

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
DRIVE = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefgh/view?usp=sharing"


@pytest.fixture
def browser_page(live_server):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
        yield context, live_server.url
        browser.close()


def test_a_long_drive_link_wraps_on_a_phone(browser_page, world, access, checklist):
    context, base = browser_page
    coordinator = world.user("coordinator")
    item = checklist.items.order_by("position").first()
    services.item_update(item=item, access=access("coordinator"), actor=coordinator, version=item.version,
                         responsible="นางสาวทดสอบ", urls=[DRIVE], how_to_find=["หน้าหลัก", "ITA"], parts_done=set(),
                         status="in_progress", explanation="")
    client = Client()
    client.force_login(coordinator)
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": base}])
    page = context.new_page()
    agency = world.own.slug
    for path in (f"/a/{agency}/oit/items/{item.pk}/", f"/a/{agency}/oit/{checklist.fiscal_year}/completeness/"):
        page.goto(base + path)
        assert DRIVE in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
