"""Assets on a phone (Debian's chromium through Playwright, JavaScript off): borrowing goes request → approval by
a different person → hand-over (condition recorded) → return, and the borrower is offered no approval of their own
request; an
inventory check round records counts on the checklist, lists the discrepancy and follows it up. Screenshots go to
tests/browser/artifacts/ (registers-*.png)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from .conftest import PHONE, agency_menu_link, shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def people(agency):
    """A coordinator (who borrows), an agency admin (who approves), a unit officer; two assets of กองคลัง."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set, unit_ensure
    from prongsai.apps.registers.services import asset_save

    finance = unit_ensure(agency=agency, name_th="กองคลัง")
    users = {}
    for username, role, first in (
        ("r-coordinator", Role.COORDINATOR, "วิภา"),
        ("r-admin", Role.AGENCY_ADMIN, "สมศักดิ์"),
        ("r-unit", Role.UNIT_STAFF, "ประเสริฐ"),
    ):
        user = get_user_model()(username=username, first_name=first)
        user.set_password(PASSWORD)
        user.save()
        membership_set(user=user, agency=agency, role=role, unit=finance if role == Role.UNIT_STAFF else None)
        users[role.value] = user
    for code, name in (("ค-001", "เครื่องฉายภาพ"), ("ค-002", "โน้ตบุ๊ก")):
        asset_save(
            agency=agency,
            actor=users["agency_admin"],
            item=None,
            data={
                "code": code,
                "name": name,
                "category": "durable",
                "location": "ห้องประชุม",
                "custodian_unit": finance,
                "value": Decimal("25000.00"),
                "status": "available",
                "note": "",
            },
        )
    return users


def _log_in(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_load_state()


def _be(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_borrow_approve_hand_over_and_return_on_a_phone(phone, agency, people):
    from django.utils import timezone

    from prongsai.apps.registers.models import Loan, LoanStatus

    page = phone
    loans = f"{page.base}/a/{agency.slug}/assets/loans/"
    # the coordinator asks to borrow the projector, reaching the page through the agency menu
    _log_in(page, "r-coordinator")
    page.goto(f"{page.base}/a/{agency.slug}/")
    agency_menu_link(page, "การยืมพัสดุ").click()
    page.wait_for_load_state()
    assert page.url == loans
    page.get_by_role("link", name="ขอยืมครุภัณฑ์").click()
    page.locator("#id_asset").select_option(label="ค-001 เครื่องฉายภาพ")
    page.locator("#id_purpose").fill("ประชุมประชาคมหมู่ 3")
    page.locator("#id_due_on").fill(_be(timezone.localdate() + timedelta(days=7)))
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert page.url == loans
    assert "ส่งคำขอยืมแล้ว รอผู้มีอำนาจอนุมัติ" in page.content()
    row = page.locator("tbody tr", has_text="ค-001")
    assert "ขอยืม" in row.inner_text()

    # the coordinator may approve loans, but not their own request: no อนุมัติ/ไม่อนุมัติ on it, a note instead
    # (a forged POST is still refused by the service: tests/web/registers/test_loans.py)
    assert row.get_by_role("button", name="อนุมัติ", exact=True).count() == 0
    assert row.get_by_role("button", name="ไม่อนุมัติ", exact=True).count() == 0
    assert "คำขอของท่าน รอผู้มีอำนาจคนอื่นอนุมัติ" in row.inner_text()
    assert Loan.objects.get().status == LoanStatus.REQUESTED
    shot(page, "registers-loan-own-request")
    _log_out(page)

    # a unit officer sees the list but no approve control at all
    _log_in(page, "r-unit")
    page.goto(loans)
    assert page.locator("tbody tr", has_text="ค-001").is_visible()
    assert page.get_by_role("button", name="อนุมัติ", exact=True).count() == 0
    _log_out(page)

    # the agency admin approves, hands it over (condition recorded) and takes it back
    _log_in(page, "r-admin")
    page.goto(loans)
    page.locator("tbody tr", has_text="ค-001").get_by_role("button", name="อนุมัติ", exact=True).click()
    page.wait_for_load_state()
    assert "บันทึกแล้ว" in page.content()
    assert "อนุมัติแล้ว" in page.locator("tbody tr", has_text="ค-001").inner_text()

    page.get_by_label("สภาพเมื่อส่งมอบ").fill("สภาพดี ครบชุด พร้อมสายไฟ")
    page.get_by_role("button", name="ส่งมอบ", exact=True).click()
    page.wait_for_load_state()
    row_text = page.locator("tbody tr", has_text="ค-001").inner_text()
    assert "ส่งมอบแล้ว (อยู่ระหว่างยืม)" in row_text and "สภาพดี ครบชุด พร้อมสายไฟ" in row_text
    shot(page, "registers-loan-handed-over")

    page.get_by_label("สภาพเมื่อรับคืน").fill("สภาพดี")
    page.get_by_role("button", name="รับคืน", exact=True).click()
    page.wait_for_load_state()
    row_text = page.locator("tbody tr", has_text="ค-001").inner_text()
    assert "คืนแล้ว" in row_text and "สภาพดี ครบชุด พร้อมสายไฟ / สภาพดี" in row_text
    shot(page, "registers-loan-returned")
    loan = Loan.objects.get()
    assert loan.status == LoanStatus.RETURNED and loan.borrower == people["coordinator"]
    assert page.viewport_size == PHONE


def test_inventory_round_counts_discrepancy_and_follow_up_on_a_phone(phone, agency, people):
    from django.utils import timezone

    from prongsai.apps.registers.models import FollowUp, InventoryCount

    page = phone
    today = timezone.localdate()
    _log_in(page, "r-coordinator")
    page.goto(f"{page.base}/a/{agency.slug}/")
    agency_menu_link(page, "ตรวจนับพัสดุ").click()
    page.wait_for_load_state()
    assert page.url == f"{page.base}/a/{agency.slug}/assets/inventory/"

    # open a round
    page.goto(f"{page.base}/a/{agency.slug}/assets/inventory/new/")
    page.locator("#id_title").fill("ตรวจนับพัสดุประจำปี")
    page.locator("#id_starts_on").fill(_be(today))
    page.locator("#id_ends_on").fill(_be(today + timedelta(days=30)))
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="ตรวจนับพัสดุประจำปี").is_visible()
    assert "ในทะเบียน 2 รายการ · ตรวจนับแล้ว 0" in page.content()

    # record the counts on the checklist: the projector is found, the notebook is missing
    page.get_by_label("ผลการตรวจนับ ค-001").select_option("found")
    page.locator("tbody tr", has_text="ค-001").get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกผลการตรวจนับ ค-001 แล้ว" in page.content()
    page.get_by_label("ผลการตรวจนับ ค-002").select_option("missing")
    page.get_by_label("หมายเหตุ ค-002").fill("ไม่อยู่ที่ห้องประชุม")
    page.locator("tbody tr", has_text="ค-002").get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกผลการตรวจนับ ค-002 แล้ว" in page.content()
    assert "พบ สภาพปกติ" in page.locator("tbody tr", has_text="ค-001").inner_text()
    assert "ไม่พบ" in page.locator("tbody tr", has_text="ค-002").inner_text()
    assert "ค้างติดตาม 1" in page.content()

    # the discrepancy is listed, waiting for follow-up
    discrepancy = page.locator("li", has_text="ค-002 โน้ตบุ๊ก: ไม่พบ")
    assert "รอดำเนินการ" in discrepancy.inner_text()
    assert page.locator("li", has_text="ค-001 เครื่องฉายภาพ").count() == 0
    shot(page, "registers-inventory-discrepancy")

    # follow it up
    discrepancy.get_by_label("การติดตาม").select_option("resolved")
    discrepancy.get_by_label("ผล").fill("พบที่กองช่าง ย้ายกลับแล้ว")
    discrepancy.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกการติดตามแล้ว" in page.content()
    assert "ดำเนินการแล้ว · พบที่กองช่าง ย้ายกลับแล้ว" in page.locator("li", has_text="ค-002 โน้ตบุ๊ก").inner_text()
    assert "ค้างติดตาม 0" in page.content()
    shot(page, "registers-inventory-followed-up")
    missing = InventoryCount.objects.get(asset__code="ค-002")
    assert missing.follow_up == FollowUp.RESOLVED and missing.follow_up_note == "พบที่กองช่าง ย้ายกลับแล้ว"

    # the printable checklist carries a QR label for each asset
    page.get_by_role("link", name="แบบตรวจนับสำหรับพิมพ์ (พร้อม QR)").click()
    page.wait_for_load_state()
    assert page.locator("svg").count() == 2 and "ค-001" in page.content() and "ค-002" in page.content()
    shot(page, "registers-inventory-checklist")


@pytest.fixture
def phone_with_js(chromium_browser, live_server):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium_browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                           locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def test_the_thai_date_box_reads_back_in_words_and_picks_from_a_thai_calendar(phone_with_js, agency, people):
    """The site's one date box with JavaScript on: typed "15 ม.ค. 2568" reads back as วันพุธที่ 15 มกราคม พ.ศ. 2568;
    the calendar shows Thai months and B.E. years and fills in วว/ดด/ปปปป; the server reads what was picked."""
    from django.utils import timezone

    from prongsai.apps.registers.models import Loan

    page = phone_with_js
    _log_in(page, "r-coordinator")
    page.goto(f"{page.base}/a/{agency.slug}/assets/loans/new/")
    box = page.locator("#id_due_on")
    assert box.get_attribute("type") == "text" and box.get_attribute("inputmode") == "numeric"
    words = page.locator("#id_due_on_words")
    box.fill("15 ม.ค. 2568")
    assert words.inner_text() == "วันพุธที่ 15 มกราคม พ.ศ. 2568"
    box.fill("๓๑/๐๒/๒๕๖๘")
    box.dispatch_event("change")
    assert "ยังอ่านเป็นวันที่ไม่ได้" in words.inner_text()
    box.fill("")
    page.get_by_role("button", name="ปฏิทิน", exact=True).click()
    calendar = page.locator("#id_due_on_calendar")
    assert calendar.is_visible()
    later = timezone.localdate() + timedelta(days=40)
    calendar.get_by_label("ปี พ.ศ.").select_option(str(later.year))
    calendar.get_by_label("เดือน", exact=True).select_option(str(later.month))
    assert f"พ.ศ. {later.year + 543}" in calendar.inner_text()
    shot(page, "thai-date-calendar")
    calendar.locator(f'button[data-day="{_be(later)}"]').click()
    assert box.input_value() == _be(later) and calendar.is_hidden()
    assert f"พ.ศ. {later.year + 543}" in words.inner_text()
    shot(page, "thai-date-box")
    page.locator("#id_asset").select_option(label="ค-001 เครื่องฉายภาพ")
    page.locator("#id_purpose").fill("อบรม")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert Loan.objects.get().due_on == later
    assert page.viewport_size == PHONE
