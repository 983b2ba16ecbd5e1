"""OIT evidence on a phone (Debian's chromium through Playwright, JavaScript off): the coordinator reaches the
checklist through the agency menu, makes the year's checklist, fills one item (a bad URL is refused in Thai and
what was typed stays), sees the readiness count move, and an auditor reads the item and the uptime history without
any edit control. Screenshots go to tests/browser/artifacts/ (oit-*.png)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import agency_menu_link, shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def people(agency):
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set

    users = {}
    for username, role in (("o-coordinator", Role.COORDINATOR), ("o-auditor", Role.AUDITOR)):
        user = get_user_model()(username=username, first_name="ทดสอบ")
        user.set_password(PASSWORD)
        user.save()
        membership_set(user=user, agency=agency, role=role)
        users[role.value] = user
    return users


def _log_in(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()


def test_checklist_item_and_uptime_on_a_phone(phone, agency, people):
    from django.utils import timezone

    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.oit import services
    from prongsai.apps.oit.models import OitItem
    from prongsai.core.oit import UptimeSample

    page = phone
    _log_in(page, "o-coordinator")
    page.goto(f"{page.base}/a/{agency.slug}/")
    agency_menu_link(page, "หลักฐาน OIT").click()
    page.wait_for_load_state()
    page.locator("#id_fiscal_year").select_option("2566")
    page.get_by_role("button", name="สร้างรายการตรวจจากกรอบการประเมินของปีนี้").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/a/{agency.slug}/oit/2566/")
    total = OitItem.objects.filter(agency=agency).count()
    assert page.locator("#readiness").inner_text() == f"พร้อม 0/{total} ข้อ"
    shot(page, "oit-checklist")

    page.locator("#item-o1").get_by_role("link", name="O1").click()
    page.wait_for_load_state()
    page.locator("#id_responsible").fill("นางสาวทดสอบ นักวิเคราะห์นโยบายและแผน")
    page.locator("#id_urls").fill("www.example.go.th/ita/o1")
    page.locator("#id_how_to_find").fill("หน้าหลัก\nITA 2566\nO1 โครงสร้าง")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert "ต้องขึ้นต้นด้วย http:// หรือ https://" in page.content()
    assert page.locator("#id_responsible").input_value() == "นางสาวทดสอบ นักวิเคราะห์นโยบายและแผน"
    shot(page, "oit-item-refused")
    page.locator("#id_urls").fill("https://www.example.go.th/ita/o1")
    for box in page.locator('input[name="parts"]').all():
        box.check()
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#readiness").inner_text() == f"พร้อม 1/{total} ข้อ"
    assert "เผยแพร่แล้ว" in page.locator("#item-o1").inner_text()
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_load_state()

    # probes of the main website: up, down twice, up again
    Agency.objects.filter(pk=agency.pk).update(website="https://www.example.go.th/")
    agency.refresh_from_db()
    now = timezone.now()
    for minutes, ok in ((20, True), (15, False), (10, False), (5, True)):
        services.uptime_record(agency=agency, url=agency.website, sample=UptimeSample(
            checked_at=now - timedelta(minutes=minutes), ok=ok, status=200 if ok else None, elapsed_ms=180.0,
            error=None if ok else "เชื่อมต่อไม่ได้ (ConnectError)"))

    _log_in(page, "o-auditor")
    item = OitItem.objects.get(agency=agency, code="o1")
    page.goto(f"{page.base}/a/{agency.slug}/oit/items/{item.pk}/")
    assert page.locator("#id_responsible").count() == 0
    assert page.get_by_role("link", name="https://www.example.go.th/ita/o1").is_visible()
    page.goto(f"{page.base}/a/{agency.slug}/oit/uptime/?days=7")
    assert "50.00%" in page.locator("#window-7").inner_text()
    assert "เชื่อมต่อไม่ได้" in page.locator("#outages").inner_text()
    assert page.locator("svg.uptime-svg").is_visible()
    shot(page, "oit-uptime")


DRIVE = "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefgh/view?usp=sharing"


def test_a_long_drive_link_wraps_on_a_phone(chromium_browser, live_server, agency, people):
    """A long address (a Google Drive link, as agencies often paste) wraps on a 390-pixel phone instead of making
    the item and completeness pages scroll sideways. JavaScript on only to measure the page."""
    from django.conf import settings as django_settings
    from django.test import Client

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.oit import services

    coordinator = people["coordinator"]
    access = agency_access(user=coordinator, agency=agency)
    checklist = services.checklist_create(agency=agency, access=access, actor=coordinator, fiscal_year=2566)
    item = checklist.items.order_by("position").first()
    services.item_update(item=item, access=access, actor=coordinator, version=item.version,
                         responsible="นางสาวทดสอบ", urls=[DRIVE], how_to_find=["หน้าหลัก", "ITA"], parts_done=set(),
                         status="in_progress", explanation="")
    client = Client()
    client.force_login(coordinator)
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    try:
        for path in (f"/a/{agency.slug}/oit/items/{item.pk}/", f"/a/{agency.slug}/oit/2566/completeness/"):
            page.goto(live_server.url + path)
            assert DRIVE in page.content()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    finally:
        context.close()
