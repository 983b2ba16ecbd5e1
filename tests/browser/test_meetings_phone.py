"""A working-group meeting on a phone (Debian's chromium through Playwright, JavaScript on): the coordinator opens
"การประชุมคณะทำงาน" from the agency menu, records a meeting with its agenda drafted from the 2568 analysis, the
attendance, a decision that becomes a measure of the draft plan, and downloads the development report
("การนำผลการประเมิน ITA ไปพัฒนาองค์กร") and the minutes. Screenshots: tests/browser/artifacts/meetings-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PHONE, agency_menu_link, shot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"
SCORES_2568 = {1: 93.76, 2: 88.66, 3: 95.22, 4: 88.93, 5: 95.18, 6: 86.60, 7: 76.62, 8: 78.27, 9: 79.85, 10: 87.50}


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"


@pytest.fixture
def coordinator(agency):
    """The 2568 results, the units, a coordinator and the draft plan of 2569 drafted from those results."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set, unit_ensure
    from prongsai.apps.assessments.services import result_record
    from prongsai.apps.plans.services import plan_draft

    unit_ensure(agency=agency, name_th="สำนักปลัด")
    unit_ensure(agency=agency, name_th="กองคลัง")
    result_record(agency=agency, fiscal_year=2568, indicator_scores=SCORES_2568)
    user = get_user_model()(username="m-coordinator", first_name="วิภา")
    user.set_password(PASSWORD)
    user.save()
    membership_set(user=user, agency=agency, role=Role.COORDINATOR)
    plan_draft(agency=agency, access=agency_access(user=user, agency=agency), actor=user, results_fiscal_year=2568)
    return user


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(
        viewport=PHONE, locale="th-TH", accept_downloads=True, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_meeting_on_a_phone_from_the_menu_to_the_development_report(page, agency, coordinator):
    from prongsai.apps.meetings.models import Decision, Meeting
    from prongsai.apps.plans.models import PlanMeasure
    from prongsai.core.documents.read import read_bytes

    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_username").fill("m-coordinator")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()
    page.goto(f"{page.base}/a/{agency.slug}/")
    agency_menu_link(page, "การประชุมคณะทำงาน").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="การประชุมคณะทำงาน").is_visible()
    page.get_by_role("link", name="บันทึกการประชุม").click()
    page.wait_for_load_state()

    # the meeting, its agenda drafted from the 2568 analysis
    page.get_by_label("ครั้งที่").fill("1/2569")
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("2569")
    page.get_by_label("วันที่ประชุม").fill("2 เม.ย. 2569")
    page.get_by_label("สถานที่").fill("ห้องประชุม อบต.")
    page.get_by_label("ประธานในที่ประชุม").fill("นายณัฐพล ศรีจันทร์")
    page.get_by_label("ตำแหน่งประธาน").fill(f"นายก{agency.name_th}")
    page.get_by_label("ร่างระเบียบวาระจากผลการประเมินปี").select_option("2568")
    shot(page, "meetings-new")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_load_state()
    assert "บันทึกการประชุมแล้ว" in page.content()
    assert page.get_by_role("heading", name="ระเบียบวาระที่ 4", exact=False).first.is_visible()
    meeting = Meeting.objects.get(agency=agency)

    # attendance: counts that do not add up are refused in Thai beside the field, then corrected
    page.get_by_label("รายชื่อ", exact=False).fill(
        "นางสาวสมศรี ใจดี | ปลัด อบต. | คณะทำงานและเลขานุการ | มาประชุม\n"
        "นายสมชาย มั่นคง | ผู้อำนวยการกองคลัง | คณะทำงาน | ลาประชุม | ติดราชการ"
    )
    page.get_by_label("จำนวนผู้มาประชุม (รวมประธาน)").fill("3")
    page.get_by_label("จำนวนผู้ลาประชุม").fill("1")
    page.get_by_role("button", name="บันทึกผู้เข้าประชุม").click()
    page.wait_for_load_state()
    assert "ไม่ตรงกับรายชื่อ" in page.content()
    page.get_by_label("จำนวนผู้มาประชุม (รวมประธาน)").fill("2")
    page.get_by_role("button", name="บันทึกผู้เข้าประชุม").click()
    page.wait_for_load_state()
    assert "บันทึกผู้เข้าประชุมแล้ว" in page.content()
    assert "มาประชุม 2 คน" in page.content() and "ลาประชุม 1 คน" in page.content()

    # a decision that becomes a measure of the draft plan
    measures_before = PlanMeasure.objects.filter(plan__agency=agency).count()
    page.get_by_label("มติ/แนวทาง").fill("เผยแพร่ข้อมูลข่าวสารผ่านช่องทางที่หลากหลายและเข้าถึงง่าย")
    page.get_by_label("ตัวชี้วัดที่แก้ไข").select_option("9")
    page.get_by_label("เพิ่มเป็นมาตรการใหม่ในร่างแผน").check()
    page.get_by_role("button", name="บันทึกมติ").click()
    page.wait_for_load_state()
    assert "บันทึกมติแล้ว" in page.content()
    decision = Decision.objects.get(meeting=meeting)
    assert decision.measure is not None
    assert PlanMeasure.objects.filter(plan__agency=agency).count() == measures_before + 1
    shot(page, "meetings-detail")

    # the development report and the minutes, as Word files, from stored data
    name, data = _download(page, page.get_by_role("link", name="Word").nth(1))
    assert name == f"{agency.slug}-2569-development.docx"
    text = read_bytes(data, filename=name).text
    assert "การนำผลการประเมิน ITA ไปพัฒนาองค์กร" in text
    assert agency.name_th in text and "นายณัฐพล ศรีจันทร์" in text
    assert "เผยแพร่ข้อมูลข่าวสารผ่านช่องทางที่หลากหลายและเข้าถึงง่าย" in text
    name, data = _download(page, page.get_by_role("link", name="Word").first)
    assert name == f"{agency.slug}-2569-minutes.docx"
    assert "รายงานการประชุม" in read_bytes(data, filename=name).text

    # the plan page shows the meeting the new measure came from
    page.goto(f"{page.base}/a/{agency.slug}/plans/2569/")
    assert page.locator(".measure-origin").first.is_visible()
    assert "ครั้งที่ 1/2569" in page.locator(".measure-origin").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
