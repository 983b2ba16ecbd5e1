"""The dashboard's query budget: at most 15 SQL queries per render for a large agency (many years, plans and
tasks) and in the states where a panel asks more, the same number whatever their count (no N+1); what changed shows
on the next render, and the cached board is renewed by the next result save (docs/performance.md, "Dashboard")."""

from __future__ import annotations

import copy
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.assessments.demo import DEMO_SLUG

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}
BUDGET = 15


@pytest.fixture
def demo(db):
    from prongsai.apps.agencies.models import Agency

    call_command("load_demo", **QUIET)
    call_command("load_national_demo", "--agencies", "40", "--fy", "2567", "--fy", "2568", **QUIET)
    return Agency.objects.get(slug=DEMO_SLUG)


def _grow(agency, *, years: int, plans: int, tasks: int) -> None:
    """More years of results, more plans (copies of the demo plan) and more open tasks, some overdue."""
    from prongsai.apps.assessments.models import AssessmentResult
    from prongsai.apps.assessments.services import result_record
    from prongsai.apps.plans.models import Plan, PlanMeasure, Task

    latest = AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").first()
    scores = {s.number: s.score for s in latest.indicator_scores.all()}
    have = set(AssessmentResult.objects.filter(agency=agency).values_list("fiscal_year", flat=True))
    for year in [y for y in range(2563, 2571) if y not in have][:years]:
        result_record(agency=agency, fiscal_year=year, indicator_scores=scores)
    plan = Plan.objects.filter(agency=agency).first()
    measure = PlanMeasure.objects.filter(plan=plan).first()
    task = Task.objects.filter(measure=measure).first()
    used = set(Plan.objects.filter(agency=agency).values_list("fiscal_year", flat=True))
    for year in [y for y in range(2560, 2575) if y not in used][:plans]:
        other = copy.copy(plan)
        other.pk, other.fiscal_year = None, year
        other.save()
        PlanMeasure.objects.create(agency=agency, plan=other, number=1, data=measure.data)
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(
            agency=agency, measure=measure, position=100 + i, title_th=f"งานเพิ่ม {i}", owner_unit=task.owner_unit,
            due=today + timedelta(days=(i % 30) - 15),
        )
        for i in range(tasks)
    )


def _count(client, agency) -> tuple[int, bytes]:
    url = reverse("assessments:dashboard", args=[agency.slug])
    client.get(url)  # per-process caches (frameworks, the national frame) are warm in a running server
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content


def test_dashboard_queries_do_not_grow_with_years_plans_tasks(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    small, _ = _count(client, demo)
    _grow(demo, years=3, plans=6, tasks=300)
    large, html = _count(client, demo)
    assert large == small, "the number of queries grows with the years, plans or tasks: an N+1"
    assert "งานเพิ่ม" in html.decode()  # the overdue tasks are on the page


def test_dashboard_query_budget_without_the_next_tasks_panel(client, demo, django_user_model, monkeypatch):
    from prongsai.apps.base import next_tasks

    monkeypatch.setattr(next_tasks, "_PROVIDERS", [])
    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    _grow(demo, years=3, plans=6, tasks=300)
    assert _count(client, demo)[0] <= BUDGET


def test_dashboard_query_budget_large_agency(client, demo, django_user_model, django_assert_max_num_queries):
    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    _grow(demo, years=3, plans=6, tasks=300)
    url = reverse("assessments:dashboard", args=[demo.slug])
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)


def _oit_checklist(agency) -> None:
    """This fiscal year's OIT checklist with one item without evidence (the OIT provider then reads its items)."""
    from prongsai.apps.frameworks.selectors import current_fiscal_year
    from prongsai.apps.oit.models import OitChecklist, OitItem

    checklist = OitChecklist.objects.create(agency=agency, fiscal_year=current_fiscal_year())
    OitItem.objects.create(agency=agency, checklist=checklist, position=1, code="O1", data={"urls": []})


def test_dashboard_query_budget_holds_in_the_costlier_states(
    client, demo, django_user_model, django_assert_max_num_queries
):
    """The states where a panel asks more: an OIT checklist of the year, the person a complaint officer with open
    cases. (An agency with no task due at all costs one query more: 16; docs/performance.md.)"""
    from prongsai.apps.complaints.models import ComplaintKind, ComplaintOfficer
    from prongsai.apps.complaints.services import complaint_file

    user = django_user_model.objects.get(username="demo-coordinator")
    client.force_login(user)
    _oit_checklist(demo)
    ComplaintOfficer.objects.get_or_create(agency=demo, user=user)
    complaint_file(agency=demo, kind=ComplaintKind.SERVICE, subject="เรื่องทดสอบ", details="รายละเอียด")
    url = reverse("assessments:dashboard", args=[demo.slug])
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        html = client.get(url).content.decode()
    assert "เรื่องร้องเรียนที่ยังไม่ยุติ" in html and "ข้อ OIT ปี" in html


def test_the_next_render_shows_what_changed(client, demo, django_user_model):
    """What the next tasks and the menu read is asked afresh on every request, and the reminders panel is kept only
    under the agency's data version: a designation, a new case, a plan sent for approval, a new overdue task show on
    the very next render."""
    from prongsai.apps.complaints.models import ComplaintKind, ComplaintOfficer
    from prongsai.apps.complaints.services import complaint_file
    from prongsai.apps.plans.models import Plan, PlanStatus, Task

    user = django_user_model.objects.get(username="demo-coordinator")
    client.force_login(user)
    ComplaintOfficer.objects.filter(agency=demo, user=user).delete()
    Plan.objects.filter(agency=demo, status=PlanStatus.SUBMITTED).update(status=PlanStatus.APPROVED)
    url = reverse("assessments:dashboard", args=[demo.slug])
    complaints_url = reverse("complaints:officer_list", args=[demo.slug])
    before = client.get(url).content.decode()
    assert complaints_url not in before and "รอผู้บริหารพิจารณา" not in before and "งานใหม่ที่เลยกำหนด" not in before

    ComplaintOfficer.objects.create(agency=demo, user=user)
    complaint_file(agency=demo, kind=ComplaintKind.SERVICE, subject="เรื่องทดสอบ", details="รายละเอียด")
    middle = client.get(url).content.decode()  # the next tasks and the menu are never cached
    assert complaints_url in middle and "เรื่องร้องเรียนที่ยังไม่ยุติ" in middle

    # The reminders panel is kept under the agency's data version, which every service write renews through its
    # audit entry (audit.services.audit_record); these rows are written behind the services' back, so the test
    # renews it as they would (tests/web/assessments/test_dashboard_fragments.py goes through the services).
    from prongsai.apps.base.public_cache import public_version_bump

    plan = Plan.objects.filter(agency=demo).order_by("-fiscal_year").first()
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    task = Task.objects.filter(agency=demo).first()
    Task.objects.create(agency=demo, measure=task.measure, position=999, title_th="งานใหม่ที่เลยกำหนด",
                        owner_unit=task.owner_unit, due=timezone.localdate() - timedelta(days=400))
    public_version_bump(agency=demo)
    after = client.get(url).content.decode()
    assert complaints_url in after and "เรื่องร้องเรียนที่ยังไม่ยุติ" in after
    assert f"แผนมาตรการปีงบประมาณ {plan.fiscal_year}</a> รอผู้บริหารพิจารณา" in after
    assert "งานใหม่ที่เลยกำหนด" in after


def test_a_result_save_renews_the_cached_board(client, demo, django_user_model):
    from prongsai.apps.assessments.models import AssessmentResult
    from prongsai.apps.assessments.services import result_record

    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    url = reverse("assessments:dashboard", args=[demo.slug])
    client.get(url)
    latest = AssessmentResult.objects.filter(agency=demo).order_by("-fiscal_year").first()
    scores = {s.number: 55.55 for s in latest.indicator_scores.all()}
    result_record(agency=demo, fiscal_year=latest.fiscal_year, indicator_scores=scores)
    assert "55.55" in client.get(url).content.decode()
