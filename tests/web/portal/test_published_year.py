"""The public year page: the analysis of the stored result, approved measures with progress, their documents;
news drafted from the news document of the approved plan (unpublished until staff publish it)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.base import files
from prongsai.apps.plans import services
from prongsai.apps.plans.models import GeneratedDocument, Plan, PlanStatus, Task, TaskStatus
from prongsai.apps.portal.models import NewsItem
from prongsai.apps.portal.selectors import year_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"


def _access(world, role, agency=None):
    return agency_access(user=world.user(role), agency=agency or world.own)


def _draft(world, agency=None, role="coordinator", plan_year=None):
    agency = agency or world.own
    return services.plan_draft(
        agency=agency, access=_access(world, role, agency), actor=world.user(role), results_fiscal_year=2568,
        plan_fiscal_year=plan_year,
    )


def _approve(world, plan):
    plan.refresh_from_db()
    services.plan_submit(plan=plan, access=_access(world, "coordinator"), actor=world.user("coordinator"),
                         version=plan.version)
    plan.refresh_from_db()
    services.plan_approve(plan=plan, access=_access(world, "executive"), actor=world.user("executive"),
                          version=plan.version)
    plan.refresh_from_db()
    return plan


def _document(plan, kind="measures"):
    return GeneratedDocument.objects.create(
        agency=plan.agency, plan=plan, plan_version=plan.version, kind=kind, fmt="docx", status="ready",
        filename=f"{plan.agency.slug}-{plan.fiscal_year}-{kind}.docx",
        stored_name=files.store(b"PK\x03\x04 test", folder=f"documents/{plan.agency_id}", suffix="docx"),
    )


def _publish(world, doc):
    from prongsai.apps.plans.documents import document_publish

    return document_publish(document=doc, access=_access(world, "coordinator"), actor=world.user("coordinator"))


def _page(client, world, year=2568):
    response = client.get(f"/p/{world.own.slug}/results/{year}/")
    assert response.status_code == 200
    # the running text's word-wrap markup (thai_wrap: a span per Thai word, <wbr> between words) taken off
    text = re.sub(r'<span class="w">([^<]*)</span>', r"\1", response.content.decode()).replace("<wbr>", "")
    return html_lib.unescape(text)


def test_without_an_approved_plan_the_analysis_is_computed_live_and_says_so(client, world):
    stored = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568)
    _draft(world)  # a draft plan's snapshot is not public
    found = year_analysis(agency=world.own, fiscal_year=2568)
    assert found is not None and not found.from_plan and found.plan_fiscal_year is None
    analysis = found.analysis
    assert f"{analysis.overall:.2f}" == f"{stored.overall:.2f}"
    assert analysis.level == stored.level
    html = _page(client, world)
    assert "การวิเคราะห์ผลการประเมิน" in html
    assert "วิเคราะห์จากผลการประเมินล่าสุด ยังไม่มีแผนมาตรการที่อนุมัติ" in html
    assert f"คะแนนรวม {stored.overall:.2f}" in html
    for sentence in analysis.summary:
        assert sentence.text_th in html
    for o in analysis.strengths + analysis.weaknesses:
        assert o.text_th in html
    for n in analysis.urgent:
        assert f"ตัวชี้วัดที่ {n} {analysis.indicator(n).name_th}" in html
    # the foreign agency's analysis is its own
    foreign = year_analysis(agency=world.foreign, fiscal_year=2568).analysis
    assert f"{foreign.overall:.2f}" == f"{AssessmentResult.objects.get(agency=world.foreign).overall:.2f}"


def test_with_an_approved_plan_the_page_shows_the_plans_stored_snapshot(client, world):
    """The page and the plan's documents read the same analysis: the snapshot in ``Plan.analysis``, even when
    computing it now would give something else."""
    from prongsai.core.analysis import Analysis

    plan = _approve(world, _draft(world))
    snapshot = dict(plan.analysis)
    marker = "ข้อความสรุปจากผลการวิเคราะห์ที่จัดเก็บไว้ในแผนมาตรการ"
    snapshot["summary"] = [{**snapshot["summary"][0], "text_th": marker}, *snapshot["summary"][1:]]
    Plan.objects.filter(pk=plan.pk).update(analysis=snapshot)  # the live analysis would not say this

    found = year_analysis(agency=world.own, fiscal_year=2568)
    assert found is not None and found.from_plan and found.plan_fiscal_year == plan.fiscal_year
    assert found.analysis == Analysis.from_json_dict(snapshot)
    html = _page(client, world)
    assert marker in html
    assert "วิเคราะห์จากผลการประเมินล่าสุด" not in html
    assert f"ผลการวิเคราะห์ที่ใช้จัดทำแผนมาตรการประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}" in html
    # another agency's approved plan does not change this agency's page, nor the other way round
    assert not year_analysis(agency=world.foreign, fiscal_year=2568).from_plan


def test_unapproved_plans_are_not_public(client, world):
    plan = _draft(world)
    _document(plan)
    first = plan.measures.order_by("number").first()
    assert "มาตรการประจำปีงบประมาณ" not in _page(client, world)
    assert first.title_th not in _page(client, world)
    plan.refresh_from_db()
    services.plan_submit(plan=plan, access=_access(world, "coordinator"), actor=world.user("coordinator"),
                         version=plan.version)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    html = _page(client, world)
    assert "มาตรการประจำปีงบประมาณ" not in html and first.title_th not in html
    assert "/results/documents/" not in html


def test_approved_measures_progress_and_documents(client, world):
    plan = _approve(world, _draft(world))
    measures = list(plan.measures.order_by("number"))
    tasks = list(Task.objects.filter(measure=measures[0]).order_by("pk"))
    assert tasks, "approval creates tasks"
    Task.objects.filter(pk=tasks[0].pk).update(status=TaskStatus.DONE, progress=100)
    Task.objects.filter(measure=measures[0]).exclude(pk=tasks[0].pk).update(status=TaskStatus.IN_PROGRESS, progress=50)
    expected = round((100 + 50 * (len(tasks) - 1)) / len(tasks))
    doc = _document(plan)
    assert f"/results/documents/{doc.pk}/" not in _page(client, world)  # ready is not public
    _publish(world, doc)
    for year in (2568, 2569):  # drafted from the 2568 results; carried out in 2569 (no 2569 result: no page)
        if year == 2569:
            assert client.get(f"/p/{world.own.slug}/results/2569/").status_code == 404
            continue
        html = _page(client, world, year)
        assert f"มาตรการประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}" in html
        for m in measures:
            assert m.title_th in html
        assert str(measures[0].data.get("responsible_unit")) in html
        assert f"เสร็จ 1 จาก {len(tasks)} งาน" in html
        assert f"{expected}%" in html
        assert "25" in html  # B.E. dates
        assert f"/p/{world.own.slug}/results/documents/{doc.pk}/" in html

    response = client.get(f"/p/{world.own.slug}/results/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"PK\x03\x04 test"


def test_documents_of_other_plans_or_agencies_are_404(client, world):
    draft = _draft(world)
    draft_doc = _document(draft)
    assert client.get(f"/p/{world.own.slug}/results/documents/{draft_doc.pk}/").status_code == 404
    approved = _approve(world, _draft(world, plan_year=2570))
    doc = _document(approved)
    assert client.get(f"/p/{world.own.slug}/results/documents/{doc.pk}/").status_code == 404  # not published
    _publish(world, doc)
    assert client.get(f"/p/{world.own.slug}/results/documents/{doc.pk}/").status_code == 200
    # another agency's slug with this document: 404
    assert client.get(f"/p/{world.foreign.slug}/results/documents/{doc.pk}/").status_code == 404
    # not ready: 404
    GeneratedDocument.objects.filter(pk=doc.pk).update(status="queued")
    assert client.get(f"/p/{world.own.slug}/results/documents/{doc.pk}/").status_code == 404


def test_news_drafted_from_the_document_stays_unpublished_until_staff_publish(client, world, client_for):
    staff = client_for(client, world.user("coordinator"))
    url = f"/a/{world.own.slug}/portal/news/draft/"
    # no approved plan yet: refused, nothing made
    _draft(world)
    response = staff.post(url)
    assert response.status_code == 400
    assert "ยังไม่มีแผนมาตรการที่ผู้บริหารอนุมัติแล้ว" in response.content.decode()
    assert not NewsItem.objects.filter(agency=world.own).exists()

    plan = _approve(world, Plan.objects.get(agency=world.own))
    assert "ร่างข่าวจากเอกสารข่าวประชาสัมพันธ์" in staff.get(f"/a/{world.own.slug}/portal/news/").content.decode()
    response = staff.post(url)
    assert response.status_code == 302
    item = NewsItem.objects.get(agency=world.own)
    assert response["Location"] == f"/a/{world.own.slug}/portal/news/{item.pk}/"
    assert not item.is_published and item.source == "document"
    assert f"ประจำปีงบประมาณ พ.ศ. {plan.fiscal_year}" in item.title
    assert "มาตรการ" in item.body and "95.75" in item.body
    # the text is the core pipeline's news text of the plan's stored analysis and measures (no DOCX read back)
    from prongsai.apps.plans.inputs import analysis_of, measures_plan, report_input
    from prongsai.core.pipeline import news_text

    data = report_input(agency=world.own, results_fiscal_year=2568, plan_fiscal_year=plan.fiscal_year,
                        coordinator_unit=plan.header.get("coordinator") or None,
                        document_date=timezone.localdate(plan.decided_at))
    news = news_text(analysis_of(plan), measures_plan(plan), data, digits="arabic")
    assert (item.title, item.body) == (news.title, news.body())
    paragraphs = item.body.split("\n\n")
    assert f"- {measures_plan(plan).measures[0].title_th}" in paragraphs
    assert paragraphs[-1].startswith("ข่าว: ")
    assert "\u00a0" not in item.title + item.body
    assert not any(line.startswith("วันที่ ") for line in paragraphs)
    # not public yet
    client_for(client, None)
    assert item.title not in html_lib.unescape(client.get(f"/p/{world.own.slug}/news/").content.decode())
    assert client.get(f"/p/{world.own.slug}/news/{item.pk}/").status_code == 404

    # a unit staff member may not draft
    assert client_for(client, world.user("unit_staff")).post(url).status_code == 403
    # staff publish it
    staff = client_for(client, world.user("coordinator"))
    response = staff.post(
        f"/a/{world.own.slug}/portal/news/{item.pk}/",
        {"title": item.title, "body": item.body + "\n\nแก้ไขโดยเจ้าหน้าที่", "published_on": "01/10/2568",
         "is_published": "on"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == f"/a/{world.own.slug}/portal/news/"
    item.refresh_from_db()
    assert item.is_published and "แก้ไขโดยเจ้าหน้าที่" in item.body
    client_for(client, None)
    assert client.get(f"/p/{world.own.slug}/news/{item.pk}/").status_code == 200
