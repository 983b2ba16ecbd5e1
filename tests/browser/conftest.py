"""Browser tests: Playwright drives Debian's own ``chromium`` (never a downloaded browser) against
pytest-django's ``live_server``, on a phone-sized viewport. Screenshots go to ``tests/browser/artifacts/``.

They skip only when no chromium executable is installed (``make test`` installs it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def chromium_browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium_browser, live_server, settings):
    """A new phone-sized page with JavaScript off (every citizen form must work without it)."""
    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium_browser.new_context(
        viewport=PHONE,
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="th-TH",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_the_phone(page) -> bool:
    """No sideways scrolling on the phone: the page is no wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1 if _js(page) else True


def _js(page) -> bool:
    try:
        page.evaluate("1")
        return True
    except Exception:
        return False


@pytest.fixture
def agency(transactional_db):
    from prongsai.apps.agencies.models import AgencyKind
    from prongsai.apps.agencies.services import agency_ensure

    return agency_ensure(
        slug="browser-tambon", name_th="องค์การบริหารส่วนตำบลทดสอบเบราว์เซอร์", kind=AgencyKind.SAO, province="ทดสอบ"
    )


def agency_menu_link(page, name: str):
    """A link of the agency menu, opening the folded phone menu ("เมนู") first when it is closed."""
    nav = page.locator('nav[aria-label="เมนูของหน่วยงาน"]')
    link = nav.get_by_role("link", name=name)
    summary = nav.locator("summary", has_text="เมนู")
    if not link.is_visible() and summary.count() and summary.is_visible():
        summary.click()
    link.wait_for(state="visible")
    return link
