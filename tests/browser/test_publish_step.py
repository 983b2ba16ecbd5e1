"""Nothing is published without the publish action, in a real browser (Debian chromium, phone size):
the coordinator imports the year's results and has a ready measures document; neither is on the public portal nor
in the open-data CSV until the publish action; after it both are. Reuses the staff fixtures of test_staff_flows."""

from __future__ import annotations

import pytest

from .conftest import PHONE, agency_menu_link, shot
from .test_staff_flows import _log_in, _page, _report, files_dir, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_page(chromium_browser, live_server):
    context, page = _page(chromium_browser, live_server, PHONE)
    yield page
    context.close()


def _public(page, path: str):
    """A public page or file as a visitor sees it (a fresh context: no session)."""
    context = page.context.browser.new_context(locale="th-TH")
    try:
        response = context.request.get(f"{page.base}{path}")
        return response.status, response.text()
    finally:
        context.close()


def _csv_years(page, slug: str) -> set[str]:
    status, text = _public(page, f"/p/{slug}/data/ita-results.csv")
    assert status == 200
    return {line.split(",", 1)[0].strip('"\ufeff') for line in text.splitlines()[1:]}


def _ready_document(agency, staff):  # noqa: F811
    """The 2569 measures plan drafted from the imported 2568 results, approved, with a ready DOCX (as the background
    job leaves it)."""
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.base import files
    from prongsai.apps.plans import services
    from prongsai.apps.plans.models import GeneratedDocument

    coordinator, executive = staff["coordinator"], staff["executive"]
    acc = agency_access(user=coordinator, agency=agency)
    plan = services.plan_draft(agency=agency, access=acc, actor=coordinator, results_fiscal_year=2568)
    services.plan_submit(plan=plan, access=acc, actor=coordinator, version=plan.version)
    plan.refresh_from_db()
    services.plan_approve(plan=plan, access=agency_access(user=executive, agency=agency), actor=executive,
                          version=plan.version)
    plan.refresh_from_db()
    return GeneratedDocument.objects.create(
        agency=agency, plan=plan, plan_version=plan.version, kind="measures", fmt="docx", status="ready",
        filename=f"{agency.slug}-2569-measures.docx",
        stored_name=files.store(b"PK\x03\x04 measures", folder=f"documents/{agency.pk}", suffix="docx"),
    )


def test_nothing_is_public_before_the_publish_action(phone_page, agency, staff):  # noqa: F811
    page, slug = phone_page, agency.slug
    _log_in(page, "b-coordinator")
    # import the 2568 results (saved, not published)
    agency_menu_link(page, "ผลการประเมินรายปี").click()
    page.goto(f"{page.base}/a/{slug}/results/import/")
    page.get_by_label("ไฟล์ผลการประเมิน").set_input_files(
        files=[{"name": "ผลITA2568.txt", "mimeType": "text/plain", "buffer": _report(agency.name_th)}]
    )
    page.get_by_role("button", name="อ่านไฟล์และตรวจทาน").click()
    page.wait_for_load_state()
    page.get_by_label("บันทึกผลปีงบประมาณ 2568 ชุดนี้").check()
    page.get_by_role("button", name="ยืนยันและบันทึก").click()
    page.wait_for_load_state()
    assert "บันทึกผลการประเมินจากไฟล์แล้ว" in page.content()

    # saved is not public: not on the portal, not in open data (the fixture's 2567 result was never published either)
    status, html = _public(page, f"/p/{slug}/results/")
    assert status == 200 and f"/p/{slug}/results/2568/" not in html
    assert _public(page, f"/p/{slug}/results/2568/")[0] == 404
    assert "2568" not in _csv_years(page, slug)
    document = _ready_document(agency, staff)
    assert _public(page, f"/p/{slug}/results/documents/{document.pk}/")[0] == 404

    # the publish action: the result, with its "I understand" box
    page.goto(f"{page.base}/a/{slug}/results/2568/")
    publish = page.get_by_role("button", name="เผยแพร่ฉบับที่ 1")
    publish.click()  # not ticked: the browser refuses (required), nothing goes public
    assert "2568" not in _csv_years(page, slug)
    page.locator("#publish-understood").check()
    publish.click()
    page.wait_for_load_state()
    shot(page, "publish-step-result-published")
    status, html = _public(page, f"/p/{slug}/results/2568/")
    assert status == 200 and "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in html
    assert "2568" in _csv_years(page, slug)
    assert "2567" not in _csv_years(page, slug)  # only what was published
    assert f"/results/documents/{document.pk}/" not in html  # the plan's document is still internal

    # the publish action: the measures document
    page.goto(f"{page.base}/a/{slug}/plans/2569/documents/")
    page.get_by_role("button", name="เผยแพร่", exact=True).first.click()
    page.wait_for_load_state()
    assert "เผยแพร่แล้ว" in page.content()
    status, html = _public(page, f"/p/{slug}/results/2568/")
    assert f"/results/documents/{document.pk}/" in html
    assert _public(page, f"/p/{slug}/results/documents/{document.pk}/")[0] == 200
