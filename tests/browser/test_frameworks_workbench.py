"""The framework workbench in a real browser (Debian's chromium, 1366 px wide): a system administrator imports the
year's OIT item list as typed from the manual, reviews it, saves it, and brings the agencies' OIT checklists up to
date from the effects page; the evidence an agency entered before is carried to the new list or kept.

Screenshots: tests/browser/artifacts/frameworks-*.png; with PRONGSAI_DOC_SCREENSHOTS=1 also the documentation's
docs/img/frameworks/*.png (a test run never changes tracked files otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"
WIDE = {"width": 1366, "height": 900}
ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "tests" / "fixtures" / "frameworks" / "workbench" / "oit-2570-manual.csv"
DOCS_IMG = ROOT / "docs" / "img" / "frameworks"


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    settings.PRONGSAI_REQUIRE_ADMIN_OTP = False
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def wide(chromium_browser, live_server):
    context = chromium_browser.new_context(viewport=WIDE, locale="th-TH", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _docs_shot(page, name: str) -> None:
    shot(page, f"frameworks-{name}")
    if os.environ.get("PRONGSAI_DOC_SCREENSHOTS"):
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / f"{name}.png"), full_page=True)


def _checklist_with_evidence(agency):
    """The agency's FY2570 OIT checklist (built-in list) with evidence entered on O1 and O8."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set
    from prongsai.apps.oit import services
    from prongsai.apps.oit.models import OitItem

    user = get_user_model().objects.create_user("b-coordinator", password=PASSWORD, first_name="วิภา")
    membership_set(user=user, agency=agency, role=Role.COORDINATOR)
    access = agency_access(user=user, agency=agency)
    checklist = services.checklist_create(agency=agency, access=access, actor=user, fiscal_year=2570)
    for code, link in (("o1", "https://www.example.go.th/structure"), ("o8", "https://www.example.go.th/manual")):
        item = OitItem.objects.get(checklist=checklist, code=code)
        services.item_update(item=item, access=access, actor=user, version=item.version, responsible="สำนักปลัด",
                             urls=[link], how_to_find=["หน้าแรก", "เกี่ยวกับเรา"], parts_done=set(),
                             status="published", explanation="")
    return checklist


def test_import_sheet_review_save_and_checklists_follow(wide, agency):
    from django.contrib.auth import get_user_model

    from prongsai.apps.frameworks.selectors import framework_for
    from prongsai.apps.oit.models import OitItem

    get_user_model().objects.create_superuser("b-root", password=PASSWORD, first_name="สมศรี")
    checklist = _checklist_with_evidence(agency)
    page = wide
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill("b-root")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="กรอบการประเมิน").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="กรอบการประเมิน ITA รายปี").is_visible()
    _docs_shot(page, "list")

    page.get_by_role("link", name="2570", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="นำเข้ารายการข้อ OIT จากไฟล์ Excel/CSV").click()
    page.locator("#id_file").set_input_files(str(SHEET))
    page.get_by_role("button", name="อ่านไฟล์และตรวจทาน").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="ตรวจทานรายการข้อ OIT ปีงบประมาณ 2570").is_visible()
    assert page.get_by_text("ช่องทางแจ้งเรื่องร้องเรียนการทุจริต").first.is_visible()
    _docs_shot(page, "review")
    assert framework_for(fiscal_year=2570).origin.startswith("built-in:")  # the review saved nothing

    page.get_by_label("เหตุผลของการบันทึก").fill("รายการข้อ OIT ตามคู่มือการประเมิน ITA ปี 2570")
    page.get_by_role("button", name="ยืนยันและบันทึกฉบับใหม่").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="ผลกระทบของกรอบการประเมินปีงบประมาณ 2570").is_visible()
    assert page.get_by_text(agency.name_th).first.is_visible()
    fw = framework_for(fiscal_year=2570)
    assert fw.origin == "workbench:2570@v1" and len(fw.oit.items()) == 8
    shot(page, "frameworks-effects")

    page.get_by_role("button", name="ปรับรายการตรวจทุกหน่วยงานให้ตรงกับรายการข้อปัจจุบัน").click()
    page.wait_for_load_state()
    assert page.get_by_text("ปรับรายการตรวจแล้ว 1 หน่วยงาน").is_visible()
    assert page.get_by_text("หลักฐานที่ไม่มีข้อใหม่รองรับ (เก็บไว้ ไม่ได้ลบ)").is_visible()
    shot(page, "frameworks-effects-done")

    items = {i.code: i for i in OitItem.objects.filter(checklist=checklist)}
    active = sorted(code for code, i in items.items() if not i.retired)
    assert active == sorted(f"o{n}" for n in range(1, 9))
    assert items["o1"].data["urls"] == ["https://www.example.go.th/structure"]  # carried to the new O1
    kept = [i for i in items.values() if i.retired]
    assert [i.data["urls"] for i in kept] == [["https://www.example.go.th/manual"]]  # the old O8: kept

    page.goto(f"{page.base}/frameworks/2570/")
    assert page.get_by_role("heading", name="กรอบการประเมินปีงบประมาณ 2570").is_visible()
    _docs_shot(page, "year")
