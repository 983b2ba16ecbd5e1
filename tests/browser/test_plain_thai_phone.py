"""The public pages on a 390 px phone, as a citizen sees them: no sideways page scroll (wide tables scroll
inside their own box), no English words outside the terms every Thai agency uses (ITA, OIT, CSV …), level names and
other short terms on one line, and Thai text drawn in the site's own Sarabun webfont."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from .conftest import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

# Latin words a Thai public page may show: the ITA's own terms and item codes (i4, e2, O12), file formats, the No Gift
# Policy, ITA level letters, the procurement methods the law names (e-bidding, e-market), the licence's identifier
# and the open-data date standard. Addresses (www…, a.b.go.th, ?header=machine) pass too.
ALLOWED = {
    "ITA", "OIT", "IIT", "EIT", "PDF", "CSV", "XLSX", "JSON", "DOCX", "QR", "URL", "e-service", "e-Service", "e-GP",
    "e-bidding", "e-market", "https", "http", "www", "ISO", "AGPL-3.0", "AA", "A", "B", "C", "D", "E", "F",
}
ITEM_CODE = re.compile(r"^[iIeEoO]\d{1,2}(?:\.\d+)?$")
ALLOWED_PHRASES = ("No Gift Policy", "No Gift")
LATIN = re.compile(r"[A-Za-z]")
ADDRESS = re.compile(r"^(?:https?://|www\.|\?|/)|\.[a-z]{2,}(?:/|$)|=")


def latin_words(text: str) -> list[str]:
    """Words of ``text`` with a Latin letter that are neither allowed terms nor addresses."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    out = []
    for raw in text.split():
        word = raw.strip("()[]{}:;,.!?“”\"'·–—→")
        if not LATIN.search(word) or ADDRESS.search(raw) or ADDRESS.search(word):
            continue
        if ITEM_CODE.match(word):
            continue
        if word not in ALLOWED and not all(part in ALLOWED for part in re.split(r"[/,]", word) if part):
            out.append(word)
    return out


def test_latin_word_scan_itself():
    assert latin_words("ผลการประเมิน ITA (OIT) ดาวน์โหลด CSV · No Gift Policy ระดับ AA https://www.example.go.th") == []
    assert latin_words("ข้อมูลส่วน instruments / levels ต่ำ") == ["instruments", "levels"]
    assert latin_words("ConnectError: [Errno -2] Name or service") == ["ConnectError", "Errno", "Name", "or", "service"]
    assert latin_words("เติม ?header=machine ท้ายที่อยู่ demo-thetsaban.example.go.th") == []
    assert latin_words("ต่ำสุดคือข้อ i4 ในตัวชี้วัดที่ 2 ข้อ O12 (e-bidding)") == []
    assert latin_words("ดาวน์โหลด Word (DOCX)") == ["Word"]


@pytest.fixture
def demo(transactional_db):
    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.assessments.demo import DEMO_SLUG

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("load_demo", **quiet)
    call_command("load_portal_demo", **quiet)
    return Agency.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def phone_js(chromium_browser, live_server):
    """A phone-sized page with JavaScript on, so the test can measure the page (the pages themselves need none)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium_browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                           locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


WRAPPED_SHORT_TERMS = """() => {
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top);
    return tops.filter((t, i) => tops.findIndex(u => Math.abs(u - t) < 4) === i).length;
  };
  return [...document.querySelectorAll('.level, .passed, .not-passed, .short')]
    .filter(el => el.textContent.trim() && lines(el) > 1).map(el => el.textContent.trim());
}"""

OUTSIDE_SCROLL_BOXES = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'))
  .slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + el.className)"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_public_pages_on_a_phone_are_plain_thai_and_fit(phone_js, demo):
    page = phone_js
    assert LAUNCH_ARGS  # the shared launch options (Debian's chromium, headless, no network services)
    paths = {
        "portal-home": f"/p/{demo.slug}/",
        "portal-results": f"/p/{demo.slug}/results/",
        "portal-result-year": f"/p/{demo.slug}/results/2568/",
        "open-data": f"/p/{demo.slug}/data/",
        "agency-results": f"/agencies/{demo.slug}/",
        "procurement": f"/p/{demo.slug}/procurement/",
    }
    problems = []
    for name, path in paths.items():
        response = page.goto(page.base + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px Sarabun', 'ก'))"), path
        assert page.evaluate("window.innerWidth") == PHONE["width"], path  # the page did not widen the viewport
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: the page scrolls sideways ({width}px): {page.evaluate(OUTSIDE_SCROLL_BOXES)}")
        words = latin_words(page.evaluate("document.body.innerText"))
        if words:
            problems.append(f"{path}: English words {sorted(set(words))}")
        wrapped = page.evaluate(WRAPPED_SHORT_TERMS)
        if wrapped:
            problems.append(f"{path}: short terms broken across lines {wrapped}")
        page.screenshot(path=str(ARTIFACTS / f"plain-thai-{name}.png"), full_page=True)
    assert problems == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_wide_table_scrolls_inside_its_box(phone_js, demo):
    page = phone_js
    page.goto(f"{page.base}/agencies/{demo.slug}/")
    box = page.locator(".table-scroll").first
    box.wait_for()
    sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert sizes[2] == "auto" and sizes[1] <= PHONE["width"] < sizes[0]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # "เลื่อนดูตารางด้านข้าง →" above a table that overflows its box, and above no other
    hints = page.evaluate("""[...document.querySelectorAll('.table-scroll')].map(el => [
        el.scrollWidth > el.clientWidth + 1, getComputedStyle(el, '::before').visibility])""")
    assert any(overflows for overflows, _ in hints) and not all(overflows for overflows, _ in hints)
    assert all(visibility == ("visible" if overflows else "hidden") for overflows, visibility in hints), hints
