"""A home page per role: the "next tasks" registry and its providers, the landing after sign-in, and the
agency menu grouped by work, showing only the links the role can use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.base import next_tasks
from prongsai.apps.base.next_tasks import NextTask, next_tasks_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)  # fiscal year 2570


def _tasks(world, role, today=TODAY):
    user = world.user(role)
    return next_tasks_for(user=user, access=agency_access(user=user, agency=world.own), agency=world.own, today=today)


def _texts(items):
    return [t.text for t in items]


# --- the registry --------------------------------------------------------------------------------------------------


def test_registry_collects_sorted_and_every_app_registers():
    names = {f"{p.__module__}.{p.__name__}" for p in next_tasks.registered()}
    assert {
        "prongsai.apps.plans.next_tasks.approvals",
        "prongsai.apps.plans.next_tasks.my_tasks",
        "prongsai.apps.plans.next_tasks.deadlines",
        "prongsai.apps.oit.next_tasks.missing_evidence",
        "prongsai.apps.complaints.next_tasks.complaints_waiting",
        "prongsai.apps.surveys.next_tasks.open_surveys",
        "prongsai.apps.rounds.next_tasks.assessor_work",
        "prongsai.apps.rounds.next_tasks.unit_judgements",
    } <= names

    def late(**_):
        return [NextTask("ทีหลัง", 1, "/b", order=90), NextTask("ก่อน", 1, "/a", order=1)]

    def early(**_):
        return [NextTask("กลาง", None, "/c", order=50)]

    saved = list(next_tasks._PROVIDERS)
    next_tasks._PROVIDERS.clear()
    try:
        next_tasks.register(late)
        next_tasks.register(late)  # once only
        next_tasks.register(early)
        assert next_tasks.registered() == (late, early)
        assert _texts(next_tasks_for(user=None, access=None, agency=None, today=TODAY)) == ["ก่อน", "กลาง", "ทีหลัง"]
        next_tasks.unregister(late)
        assert next_tasks.registered() == (early,)
    finally:
        next_tasks._PROVIDERS[:] = saved


def test_month_end():
    assert next_tasks.month_end(date(2026, 12, 7)) == date(2026, 12, 31)
    assert next_tasks.month_end(date(2027, 2, 1)) == date(2027, 2, 28)


# --- providers per role --------------------------------------------------------------------------------------------


@pytest.fixture
def plan_submitted(world):
    from prongsai.apps.plans.models import Plan, PlanMeasure, PlanStatus, Task

    plan = Plan.objects.create(agency=world.own, fiscal_year=2570, results_fiscal_year=2568,
                               status=PlanStatus.SUBMITTED, header={}, analysis={})
    measure = PlanMeasure.objects.create(agency=world.own, plan=plan, number=1, data={})
    finance = world.user("unit_staff").memberships.get().unit
    for n, due in enumerate((TODAY - timedelta(days=3), TODAY + timedelta(days=5), TODAY + timedelta(days=60))):
        Task.objects.create(agency=world.own, measure=measure, position=n + 1, title_th=f"งานที่ {n + 1}",
                            owner_unit=finance, due=due)
    return plan


def test_executive_leads_with_the_approval(world, plan_submitted):
    items = _tasks(world, "executive")
    first = items[0]
    assert first.text == "แผนมาตรการปี 2570 รอท่านพิจารณาอนุมัติ"
    assert first.count == 1 and first.action == "พิจารณาอนุมัติ"
    assert first.url == reverse("plans:plan_detail", args=[world.own.slug, 2570])
    # nobody else is asked to approve
    for role in ("coordinator", "unit_staff", "auditor", "agency_admin"):
        assert not any("รอท่านพิจารณาอนุมัติ" in t for t in _texts(_tasks(world, role))), role


def test_unit_staff_see_their_tasks_due_this_month(world, plan_submitted):
    items = _tasks(world, "unit_staff")
    mine = next(t for t in items if t.text.startswith("งานของกองคลัง"))
    assert mine.count == 2  # the overdue one and the one due this month; not the one in two months
    assert "เลยกำหนดแล้ว 1 งาน" in mine.text
    assert items[0] == mine or items[0].order <= mine.order


def test_coordinator_sees_missing_oit_evidence(world):
    from prongsai.apps.oit.models import OitChecklist, OitFile, OitItem

    items = _tasks(world, "coordinator")
    assert any(t.text == "ยังไม่ได้สร้างรายการหลักฐาน OIT ของปี 2570" for t in items)
    checklist = OitChecklist.objects.create(agency=world.own, fiscal_year=2570)
    a = OitItem.objects.create(agency=world.own, checklist=checklist, position=1, code="o1", data={})
    OitItem.objects.create(agency=world.own, checklist=checklist, position=2, code="o2", data={"urls": ["https://x.go.th"]})
    OitItem.objects.create(agency=world.own, checklist=checklist, position=3, code="o3", data={})
    OitItem.objects.create(agency=world.own, checklist=checklist, position=4, code="o4", data={}, retired=True)
    OitFile.objects.create(agency=world.own, item=a, stored_name="x", original_name="x.pdf", kind="pdf",
                           content_type="application/pdf", size=1)
    missing = next(t for t in _tasks(world, "coordinator") if "OIT" in t.text)
    assert (missing.text, missing.count) == ("ข้อ OIT ปี 2570 ที่ยังไม่มีหลักฐาน", 1)
    for role in ("unit_staff", "executive", "auditor"):
        assert not any("OIT" in t for t in _texts(_tasks(world, role))), role


def test_complaint_officer_gets_a_count_and_nothing_else(world):
    from prongsai.apps.complaints.models import Complaint, ComplaintOfficer

    complaint = Complaint.objects.filter(agency=world.own)
    assert not complaint.exists()
    officer = world.user("coordinator")
    ComplaintOfficer.objects.create(agency=world.own, user=officer)
    row = {"agency": world.own, "number": "1/2570", "kind": Complaint._meta.get_field("kind").choices[0][0],
           "receipt_hash": "a" * 64, "received_on": TODAY}
    Complaint.objects.create(**row, fiscal_year=2570, subject="เรื่องลับที่ไม่ควรปรากฏ", details="รายละเอียดลับ")
    items = [t for t in _tasks(world, "coordinator") if "ร้องเรียน" in t.text]
    assert [(t.text, t.count) for t in items] == [("เรื่องร้องเรียนที่ยังไม่ยุติ รอเจ้าหน้าที่ดำเนินการ", 1)]
    assert not any("ร้องเรียน" in t for t in _texts(_tasks(world, "agency_admin")))  # not designated
    assert not any("เรื่องลับ" in t.text or "1/2570" in t.text for t in items)


def test_open_surveys_and_deadlines(world):
    from prongsai.apps.surveys.models import PulseRound

    PulseRound.objects.create(agency=world.own, kind=PulseRound._meta.get_field("kind").choices[0][0],
                              title="สำรวจ", closes_on=TODAY + timedelta(days=3), fiscal_year=2570)
    PulseRound.objects.create(agency=world.own, kind=PulseRound._meta.get_field("kind").choices[0][0],
                              title="ปิดแล้ว", closes_on=TODAY + timedelta(days=3), fiscal_year=2570, is_closed=True)
    items = _tasks(world, "auditor")
    assert [(t.text, t.count) for t in items if "แบบสำรวจ" in t.text] == [("แบบสำรวจภายในที่เปิดรับคำตอบอยู่", 1)]
    for t in items:
        assert t.url.startswith(f"/a/{world.own.slug}/")


def test_deadlines_follow_the_calendar_of_the_current_fiscal_year(world):
    from prongsai.core.calendar import load_calendar

    cal = load_calendar(2570)
    entry = cal.entries[0]
    day = entry.first_day
    items = [t for t in _tasks(world, "executive", today=day) if t.text.startswith("กำหนดการ ITA เดือนนี้")]
    assert len(items) == 1 and entry.title_th in items[0].text
    assert items[0].url == reverse("plans:calendar", args=[world.own.slug]) + "?year=2570"


# --- the dashboard shows them first --------------------------------------------------------------------------------


def test_dashboard_panel_comes_before_the_charts(world, plan_submitted, client, client_for):
    body = client_for(client, world.user("executive")).get(f"/a/{world.own.slug}/").content.decode()
    panel = body.index("งานถัดไปของท่าน")
    assert panel < body.index("แผนมาตรการปี 2570 รอท่านพิจารณาอนุมัติ") < body.index("คะแนนรายเครื่องมือ")
    assert reverse("plans:plan_detail", args=[world.own.slug, 2570]) in body


# --- the menu per role ---------------------------------------------------------------------------------------------


def _menu(client, client_for, world, role):
    response = client_for(client, world.user(role)).get(f"/a/{world.own.slug}/")
    return {(g.label, link.label) for g in response.context["nav_groups"] for link in g.links}


def test_menu_shows_only_what_the_role_can_use(world, client, client_for):
    auditor = _menu(client, client_for, world, "auditor")
    labels = {label for _, label in auditor}
    assert "ทะเบียนพัสดุ" not in labels and "กรอกผลการประเมิน" not in labels and "จัดการเว็บไซต์" not in labels
    assert "บุคลากร" not in labels and "เรื่องร้องเรียน" not in labels
    assert ("ผู้ดูแล", "บันทึกการเปลี่ยนแปลง") in auditor and ("ผลการประเมิน", "ภาพรวม") in auditor

    coordinator = {label for _, label in _menu(client, client_for, world, "coordinator")}
    assert {"ทะเบียนพัสดุ", "กรอกผลการประเมิน", "จัดการเว็บไซต์", "หลักฐาน OIT"} <= coordinator
    assert "บุคลากร" not in coordinator and "บันทึกการเปลี่ยนแปลง" not in coordinator

    unit = {label for _, label in _menu(client, client_for, world, "unit_staff")}
    assert "งานที่ติดตาม" in unit and "ทะเบียนพัสดุ" not in unit and "บันทึกการเปลี่ยนแปลง" not in unit

    admin = _menu(client, client_for, world, "agency_admin")
    assert ("ผู้ดูแล", "บุคลากร") in admin and ("เรื่องร้องเรียน", "เจ้าหน้าที่รับเรื่องร้องเรียน") in admin
    groups = [g.label for g in client_for(client, world.user("agency_admin")).get(
        f"/a/{world.own.slug}/").context["nav_groups"]]
    assert groups == ["ผลการประเมิน", "มาตรการและงาน", "เว็บไซต์และ OIT", "ทะเบียน", "เรื่องร้องเรียน", "ผู้ดูแล"]


def test_every_menu_link_answers_for_its_role(world, client, client_for):
    for role in ("agency_admin", "coordinator", "unit_staff", "executive", "auditor"):
        c = client_for(client, world.user(role))
        for group in c.get(f"/a/{world.own.slug}/").context["nav_groups"]:
            for link in group.links:
                assert c.get(link.url).status_code == 200, (role, link.url)


def test_menu_marks_the_current_page_and_folds_on_a_phone(world, client, client_for):
    body = client_for(client, world.user("coordinator")).get(reverse("plans:tasks", args=[world.own.slug]))
    html = body.content.decode()
    assert '<details class="menu-fold"><summary>เมนู</summary>' in html  # one menu, folded on a phone (CSS)
    assert html.count('aria-current="page"') == 1 and 'aria-current="page">งานที่ติดตาม</a>' in html


# --- landing and the assessment round ------------------------------------------------------------------------------


@pytest.fixture
def demo_round(db):
    from prongsai.apps.rounds.demo import rounds_demo_load

    return rounds_demo_load(password="test-password-123").round


def test_assessor_lands_on_the_round_and_sees_items_to_judge(demo_round, client, client_for):
    from django.contrib.auth import get_user_model

    assessor = get_user_model().objects.get(username="demo-assessor-1")
    response = client_for(client, assessor).get("/")
    office = demo_round.assessor.slug
    assert response.status_code == 302
    assert response.url == reverse("rounds:detail", args=[office, demo_round.pk])
    access = agency_access(user=assessor, agency=demo_round.assessor)
    items = next_tasks_for(user=assessor, access=access, agency=demo_round.assessor)
    work = [t for t in items if "ข้อ OIT" in t.text]
    assert work and work[0].url == reverse("rounds:queue", args=[office, demo_round.pk])


def test_member_without_round_work_still_lands_on_the_dashboard(world, client, client_for):
    response = client_for(client, world.user("auditor")).get("/")
    assert response.url == reverse("assessments:dashboard", args=[world.own.slug])


def test_unit_home_shows_what_is_judged_so_far(demo_round, client, client_for):
    from django.contrib.auth import get_user_model

    from prongsai.apps.rounds.models import Judgement

    coordinator = get_user_model().objects.get(username="demo-round-unit-2")
    unit = demo_round.units.get(agency__slug="demo-round-unit-2")
    assert Judgement.objects.filter(unit=unit, passed=False).exists()
    body = client_for(client, coordinator).get("/a/demo-round-unit-2/").content.decode()
    assert "ยังไม่มีผลการประเมิน" not in body
    assert "ผลการตรวจข้อมูล OIT ใน" in body and "ไม่ผ่าน" in body
    assert reverse("rounds:detail", args=["demo-round-unit-2", demo_round.pk]) + "#oit" in body


def test_unit_without_judgements_still_says_no_results(world, client, client_for):
    from prongsai.apps.assessments.models import AssessmentResult

    AssessmentResult.objects.filter(agency=world.own).delete()
    body = client_for(client, world.user("unit_staff")).get(f"/a/{world.own.slug}/").content.decode()
    assert "ยังไม่มีผลการประเมิน" in body


def test_providers_stay_small(world, plan_submitted, django_assert_max_num_queries):
    from prongsai.apps.complaints.models import ComplaintOfficer

    ComplaintOfficer.objects.create(agency=world.own, user=world.user("coordinator"))
    user = world.user("coordinator")
    access = agency_access(user=user, agency=world.own)
    n = len(next_tasks.registered())
    with django_assert_max_num_queries(2 * n + 2):
        next_tasks_for(user=user, access=access, agency=world.own, today=TODAY)
