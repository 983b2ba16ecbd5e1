"""Staff in a real browser (Debian's chromium through Playwright, JavaScript on): log in, import results, see the
dashboard, draft a plan and submit it, approve it as the executive, update a task from a phone (HTMX), download
a report. Screenshots go to tests/browser/artifacts/ (staff-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prongsai.apps.plans.models import Plan, PlanStatus, Task

from .conftest import PHONE, shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"
LAPTOP = {"width": 1280, "height": 800}
SCORES_2567 = {1: 95.80, 2: 91.25, 3: 93.40, 4: 90.60, 5: 92.75, 6: 91.10, 7: 89.95, 8: 89.30, 9: 95.00, 10: 92.50}
SCORES_2568 = {1: 97.10, 2: 93.80, 3: 95.45, 4: 93.20, 5: 94.60, 6: 93.35, 7: 92.80, 8: 91.90, 9: 100.0, 10: 97.50}


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    """Evidence and generated documents go to a temporary folder, not ./var."""
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def staff(agency):
    """The agency's units, a 2567 result, and a coordinator, an executive and a unit officer (กองคลัง)."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set, unit_ensure
    from prongsai.apps.assessments.services import result_record

    finance = unit_ensure(agency=agency, name_th="กองคลัง")
    unit_ensure(agency=agency, name_th="สำนักปลัด")
    result_record(agency=agency, fiscal_year=2567, indicator_scores=SCORES_2567)
    users = {}
    for username, role, first in (("b-coordinator", Role.COORDINATOR, "วิภา"), ("b-executive", Role.EXECUTIVE, "ชัยวัฒน์"),
                                  ("b-unit", Role.UNIT_STAFF, "ประเสริฐ")):
        user = get_user_model()(username=username, first_name=first)
        user.set_password(PASSWORD)
        user.save()
        membership_set(user=user, agency=agency, role=role, unit=finance if role == Role.UNIT_STAFF else None)
        users[role.value] = user
    return users


def _page(chromium_browser, live_server, viewport):
    context = chromium_browser.new_context(viewport=viewport, locale="th-TH", accept_downloads=True,
                                           is_mobile=viewport == PHONE, has_touch=viewport == PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def laptop(chromium_browser, live_server):
    context, page = _page(chromium_browser, live_server, LAPTOP)
    yield page
    context.close()


@pytest.fixture
def phone_js(chromium_browser, live_server):
    context, page = _page(chromium_browser, live_server, PHONE)
    yield page
    context.close()


def _log_in(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_load_state()


def _report(agency_name: str) -> bytes:
    from prongsai.core.frameworks import default_registry

    framework = default_registry().get(2568)
    lines = [
        "รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2568",
        f"{agency_name} จังหวัดทดสอบ",
        "ตัวชี้วัด\tคะแนน",
        *[f"{i.number}. {i.name_th}\t{SCORES_2568[i.number]:.2f}" for i in framework.indicators.items],
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_import_dashboard_draft_approve_and_download(laptop, agency, staff):
    page = laptop
    # the coordinator logs in and imports the 2568 results
    _log_in(page, "b-coordinator")
    assert page.get_by_role("heading", name="ภาพรวมผลการประเมิน ITA").is_visible()
    page.goto(f"{page.base}/a/{agency.slug}/results/import/")
    page.get_by_label("ไฟล์ผลการประเมิน").set_input_files(
        files=[{"name": "ผลITA2568.txt", "mimeType": "text/plain", "buffer": _report(agency.name_th)}]
    )
    page.get_by_role("button", name="อ่านไฟล์และตรวจทาน").click()
    page.wait_for_load_state()
    assert "ปีงบประมาณ 2568" in page.content()
    shot(page, "staff-import-review")
    page.get_by_label("บันทึกผลปีงบประมาณ 2568 ชุดนี้").check()  # nothing is ticked in advance
    page.get_by_role("button", name="ยืนยันและบันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกผลการประเมินจากไฟล์แล้ว" in page.content()

    # the dashboard shows 2568 and the empty reminders panel
    page.goto(f"{page.base}/a/{agency.slug}/")
    assert page.locator("#summary-title").inner_text().endswith("2568")
    assert page.get_by_role("heading", name="งานที่เลยกำหนดและใกล้ครบกำหนด").is_visible()
    shot(page, "staff-dashboard")

    # draft the plan from the 2568 results, edit a measure, submit it
    page.get_by_role("link", name="แผนมาตรการ").first.click()
    page.get_by_label("ผลการประเมินของปีงบประมาณ").select_option("2568")
    page.get_by_label("ปีงบประมาณของแผน (พ.ศ.)").fill("2569")
    page.get_by_role("button", name="จัดทำร่างแผน").click()
    page.wait_for_load_state()
    assert "จัดทำร่างแผนมาตรการปีงบประมาณ 2569 แล้ว" in page.content()
    page.get_by_role("link", name="แก้ไขมาตรการที่ 1", exact=True).click()
    page.get_by_label("วันสิ้นสุด").fill("2026-10-15")  # outside the fiscal year: refused, typed values kept
    page.get_by_label("งบประมาณ (บาท)").fill("12,500")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("งบประมาณ (บาท)").input_value() == "12,500"
    shot(page, "staff-measure-error")
    page.get_by_label("วันสิ้นสุด").fill("2026-03-31")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert "บันทึกมาตรการที่ 1 แล้ว" in page.content() and "12,500 บาท" in page.content()
    page.get_by_label("หมายเหตุถึงผู้บริหาร (ถ้ามี)").fill("เสนอเพื่อโปรดพิจารณา")
    page.get_by_role("button", name="เสนอผู้บริหารอนุมัติ").click()
    page.wait_for_load_state()
    assert "เสนอผู้บริหารแล้ว" in page.content()
    shot(page, "staff-plan-submitted")
    _log_out(page)

    # the executive approves it
    _log_in(page, "b-executive")
    page.goto(f"{page.base}/a/{agency.slug}/plans/2569/")
    page.get_by_label("ความเห็นของผู้บริหาร").fill("อนุมัติ ให้ทุกส่วนราชการถือปฏิบัติ")
    page.get_by_role("button", name="อนุมัติแผนมาตรการ").click()
    page.wait_for_load_state()
    assert "ผู้บริหารอนุมัติแล้ว" in page.content()
    plan = Plan.objects.get(agency=agency)
    assert plan.status == PlanStatus.APPROVED and Task.objects.filter(measure__plan=plan).exists()
    shot(page, "staff-plan-approved")

    # download the measures document as Word (made by the background job, the status page polls)
    page.get_by_role("link", name="ดาวน์โหลดเอกสาร (DOCX/PDF)").click()
    page.get_by_label("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน").check()
    page.get_by_label("Word (DOCX)").check()
    page.get_by_label("เลขอารบิก (123)").check()
    page.get_by_role("button", name="จัดทำเอกสาร").click()
    link = page.get_by_role("link", name="ดาวน์โหลด")
    link.wait_for()
    shot(page, "staff-document-ready")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{agency.slug}-2569-measures.docx"
    from prongsai.core.documents.read import read_bytes

    text = read_bytes(Path(download.path()).read_bytes(), filename="m.docx").text
    assert agency.name_th in text and "12,500" in text


def test_unit_officer_updates_a_task_on_a_phone(phone_js, agency, staff):
    from datetime import date

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import Role, Unit
    from prongsai.apps.assessments.services import result_record
    from prongsai.apps.plans import services

    result_record(agency=agency, fiscal_year=2568, indicator_scores=SCORES_2568)
    coordinator = staff[Role.COORDINATOR.value]
    access = agency_access(user=coordinator, agency=agency)
    plan = services.plan_draft(agency=agency, access=access, actor=coordinator, results_fiscal_year=2568)
    finance = Unit.objects.get(agency=agency, name_th="กองคลัง")
    task = services.task_create(
        measure=plan.measures.first(), access=access, actor=coordinator,
        title_th="สรุปรายงานการใช้จ่ายงบประมาณไตรมาสแรก", owner_unit=finance, due=date(2026, 1, 15),
    )

    page = phone_js
    _log_in(page, "b-unit")
    page.goto(f"{page.base}/a/{agency.slug}/tasks/")
    card = page.locator(f"#task-{task.pk}")
    assert card.is_visible()
    # keyboard: the skip link is the first stop
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "ข้ามไปยังเนื้อหา"
    _no_sideways_scroll(page, PHONE["width"])
    shot(page, "staff-phone-tasks")
    card.get_by_label("สถานะ").select_option("in_progress")
    card.get_by_label("ความคืบหน้า (ร้อยละ)").fill("๖๐")
    card.get_by_label("บันทึกความคืบหน้า / ปัญหา (ถ้ามี)").fill("รวบรวมใบเสร็จแล้ว")
    url = page.url
    card.get_by_role("button", name="บันทึกความคืบหน้า").click()
    page.locator(f"#task-{task.pk} .saved").wait_for()  # swapped in place by htmx, no page load
    assert page.url == url
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 60)
    shot(page, "staff-phone-task-saved")
    # an invalid value: the card comes back with the error and what was typed
    card = page.locator(f"#task-{task.pk}")
    card.get_by_label("สถานะ").select_option("not_started")
    card.get_by_role("button", name="บันทึกความคืบหน้า").click()
    page.locator(f"#task-{task.pk} .field-error").first.wait_for()
    assert "ยังไม่เริ่มมีความคืบหน้าไม่ได้" in page.locator(f"#task-{task.pk}").inner_text()
    assert page.locator(f"#task-{task.pk}").get_by_label("ความคืบหน้า (ร้อยละ)").input_value() == "60"
    shot(page, "staff-phone-task-error")
