"""A home page per role, in a real browser (Debian's chromium, JavaScript on to measure): each role signs
in on a 1366 px desktop and on a 390 px phone; its next task is on the first screen, nothing scrolls sideways, and
the menu lists only what the role can use. Screenshots: tests/browser/artifacts/home-<role>-<size>.png."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from .conftest import ARTIFACTS, PHONE, shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"
DESKTOP = {"width": 1366, "height": 768}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def demo(transactional_db):
    """The demo agencies and round, every demo person with a known password, and one piece of work per role."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.models import Agency, Unit
    from prongsai.apps.assessments.demo import DEMO_SLUG
    from prongsai.apps.complaints.models import Complaint, ComplaintKind, ComplaintOfficer
    from prongsai.apps.plans.models import Plan, PlanStatus, Task
    from prongsai.apps.rounds.demo import rounds_demo_load

    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    rounds_demo_load()
    agency = Agency.objects.get(slug=DEMO_SLUG)
    for user in get_user_model().objects.filter(username__startswith="demo-"):
        user.set_password(PASSWORD)
        user.save()
    today = timezone.localdate()
    plan = Plan.objects.filter(agency=agency).order_by("-fiscal_year").first()
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)  # waiting for the executive
    task = Task.objects.filter(agency=agency, measure__plan=plan).first()
    Task.objects.filter(pk=task.pk).update(owner_unit=Unit.objects.get(agency=agency, name_th="กองคลัง"),
                                           due=today + timedelta(days=0), status="not_started")
    officer = get_user_model().objects.create_user("b-officer", password=PASSWORD, first_name="รับเรื่อง")
    from prongsai.apps.agencies.models import Membership, Role

    Membership.objects.create(user=officer, agency=agency, role=Role.AUDITOR)
    ComplaintOfficer.objects.create(agency=agency, user=officer)
    Complaint.objects.create(agency=agency, number="1/2570", fiscal_year=2570, kind=ComplaintKind.choices[0][0],
                             receipt_hash="b" * 64, received_on=today, subject="เนื้อหาลับ", details="รายละเอียดลับ")
    return agency


def _page(chromium_browser, live_server, viewport):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium_browser.new_context(viewport=viewport, locale="th-TH", device_scale_factor=1,
                                           is_mobile=viewport == PHONE, has_touch=viewport == PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    return context, page


def _sign_in(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state("load")


def _no_sideways_scroll(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, page.url


def _on_first_screen(page, locator) -> None:
    locator.wait_for(state="visible")
    box = locator.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"], (page.url, box)


def _menu_labels(page, size: str) -> list[str]:
    menu = page.locator("nav.agency-nav")
    if size == "phone":
        summary = menu.locator("summary", has_text="เมนู")
        _on_first_screen(page, summary)
        links = menu.locator(".menu-groups a")
        assert not links.first.is_visible()  # folded until the button is pressed
        summary.click()
        links.first.wait_for(state="visible")
    else:
        assert not menu.locator("summary").is_visible()  # the desktop menu is open, no button
    return [t.strip() for t in menu.locator(".menu-groups a").all_inner_texts()]


# role → (username, the next task's sentence starts with, links it must see, links it must not see)
ROLES = {
    "executive": ("demo-executive", "แผนมาตรการปี", {"แผนมาตรการ"}, {"ทะเบียนพัสดุ", "กรอกผลการประเมิน"}),
    "coordinator": ("demo-coordinator", None, {"ทะเบียนพัสดุ", "กรอกผลการประเมิน", "หลักฐาน OIT"}, {"บุคลากร"}),
    "unit": ("demo-unit", "งานของกองคลัง", {"งานที่ติดตาม"}, {"ทะเบียนพัสดุ", "จัดการเว็บไซต์", "บันทึกการเปลี่ยนแปลง"}),
    "auditor": ("demo-auditor", None, {"บันทึกการเปลี่ยนแปลง"}, {"ทะเบียนพัสดุ", "การยืมพัสดุ", "กรอกผลการประเมิน"}),
    "officer": ("b-officer", "เรื่องร้องเรียนที่ยังไม่ยุติ", {"เรื่องร้องเรียน"}, {"ทะเบียนพัสดุ"}),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ROLES)
def test_role_home(role, size, demo, chromium_browser, live_server):
    username, lead, must, must_not = ROLES[role]
    context, page = _page(chromium_browser, live_server, SIZES[size])
    try:
        _sign_in(page, username)
        assert page.url.rstrip("/").endswith(f"/a/{demo.slug}"), page.url  # the agency home
        first = page.locator(".next-tasks .next-task").first
        _on_first_screen(page, first)
        if lead:
            task = page.locator(".next-tasks .next-task", has_text=lead).first
            _on_first_screen(page, task)
        if role == "executive":
            _on_first_screen(page, page.get_by_role("link", name="พิจารณาอนุมัติ", exact=True))
        if role == "officer":
            text = page.locator(".next-tasks").inner_text()
            assert "เนื้อหาลับ" not in text and "1/2570" not in text  # a count only
        _no_sideways_scroll(page)
        labels = _menu_labels(page, size)
        assert must <= set(labels), labels
        assert not (must_not & set(labels)), labels
        _no_sideways_scroll(page)
        shot(page, f"home-{role}-{size}")
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_assessor_lands_on_the_round(size, demo, chromium_browser, live_server):
    context, page = _page(chromium_browser, live_server, SIZES[size])
    try:
        _sign_in(page, "demo-assessor-1")
        assert "/a/demo-assessor-office/rounds/" in page.url, page.url  # the round's page, not an empty dashboard
        _on_first_screen(page, page.get_by_role("heading", level=1))
        _no_sideways_scroll(page)
        labels = _menu_labels(page, size)
        assert "การประเมินหน่วยงานในสังกัด" in labels and "ทะเบียนพัสดุ" not in labels, labels
        page.goto(f"{page.base}/a/demo-assessor-office/")
        _on_first_screen(page, page.locator(".next-tasks .next-task", has_text="ข้อ OIT").first)
        _no_sideways_scroll(page)
        shot(page, f"home-assessor-{size}")
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_assessed_unit_sees_what_is_judged(size, demo, chromium_browser, live_server):
    context, page = _page(chromium_browser, live_server, SIZES[size])
    try:
        _sign_in(page, "demo-round-unit-2")
        assert "ยังไม่มีผลการประเมิน" not in page.locator("main").inner_text()
        _on_first_screen(page, page.locator(".next-tasks .next-task", has_text="ผลการตรวจข้อมูล OIT").first)
        _no_sideways_scroll(page)
        shot(page, f"home-round-unit-{size}")
    finally:
        context.close()
