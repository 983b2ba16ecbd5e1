"""The next tasks the agency home keeps per person (``base.next_tasks``, ``@kept_with_agency_data``;
docs/performance.md, "Dashboard: per-person work"): what changes shows on the very next render, whether the
provider's data is audited (a task, a plan submitted: audited writes renew the agency's data version) or not (a
complaint filed by the public: its model's signals renew the agency's staff version), and two people never get each
other's list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.base import next_tasks
from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data, next_tasks_for

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}


@pytest.fixture
def demo(db):
    from prongsai.apps.agencies.models import Agency

    call_command("load_demo", **QUIET)
    cache.clear()
    return Agency.objects.get(slug=DEMO_SLUG)


def _user(django_user_model, name):
    return django_user_model.objects.get(username=name)


def _tasks(client, user, agency) -> list[NextTask]:
    client.force_login(user)
    response = client.get(reverse("assessments:dashboard", args=[agency.slug]))
    assert response.status_code == 200
    return list(response.context["next_tasks"])


def _live(user, agency) -> list[NextTask]:
    from prongsai.apps.agencies.access import agency_access

    return next_tasks_for(user=user, access=agency_access(user=user, agency=agency), agency=agency)


def _count(items: list[NextTask], text: str) -> int:
    return sum(t.count or 0 for t in items if text in t.text)


@pytest.fixture(autouse=True)
def _next_tasks_layer_only(settings):
    """These tests read the next tasks from the page's context: the whole page kept per person (a layer above,
    tests/web/assessments/test_dashboard_kept_page.py) would leave no context to read."""
    settings.PRONGSAI_DASHBOARD_PAGES = False


def test_the_providers_kept_are_those_whose_data_is_versioned():
    kept = {f"{p.__module__}.{p.__name__}" for p in next_tasks.registered() if next_tasks._is_kept(p)}
    live = {f"{p.__module__}.{p.__name__}" for p in next_tasks.registered() if not next_tasks._is_kept(p)}
    assert kept == {
        "prongsai.apps.plans.next_tasks.approvals",
        "prongsai.apps.plans.next_tasks.my_tasks",
        "prongsai.apps.oit.next_tasks.missing_evidence",
        "prongsai.apps.surveys.next_tasks.open_surveys",
        # written without an audit entry of the agency, but their models' signals renew its staff version
        "prongsai.apps.complaints.next_tasks.complaints_waiting",
        "prongsai.apps.rounds.next_tasks.assessor_work",
        "prongsai.apps.rounds.next_tasks.unit_judgements",
    }
    assert live == {"prongsai.apps.plans.next_tasks.deadlines"}  # the ITA calendar: files on disk


def test_kept_and_live_lists_are_the_same_for_each_role(client, demo, django_user_model):
    for name in ("demo-coordinator", "demo-executive", "demo-unit", "demo-admin"):
        user = _user(django_user_model, name)
        first = _tasks(client, user, demo)
        again = _tasks(client, user, demo)  # the kept providers from the cache
        assert first == again == _live(user, demo), name


def test_a_task_given_to_the_persons_unit_shows_on_the_next_render(client, demo, django_user_model):
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.base.next_tasks import month_end
    from prongsai.apps.plans.models import PlanMeasure
    from prongsai.apps.plans.services import task_create
    from prongsai.core.thai import fiscal_year_period

    coordinator, unit_person = _user(django_user_model, "demo-coordinator"), _user(django_user_model, "demo-unit")
    unit = agency_access(user=unit_person, agency=demo).unit
    measure = PlanMeasure.objects.filter(agency=demo).select_related("plan").order_by("-plan__fiscal_year").first()
    first, last = fiscal_year_period(measure.plan.fiscal_year)
    today = timezone.localdate()
    due = min(max(today, first), last)
    assert due <= month_end(today)
    before = _count(_tasks(client, unit_person, demo), unit.name_th)
    assert _count(_tasks(client, unit_person, demo), unit.name_th) == before  # kept
    task_create(measure=measure, access=agency_access(user=coordinator, agency=demo), actor=coordinator,
                title_th="งานที่เพิ่งมอบให้", owner_unit=unit, due=due)
    assert _count(_tasks(client, unit_person, demo), unit.name_th) == before + 1


def test_a_plan_submitted_shows_on_the_executives_next_render(client, demo, django_user_model):
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.base.public_cache import public_version_bump
    from prongsai.apps.plans.models import Plan, PlanStatus
    from prongsai.apps.plans.services import plan_submit

    coordinator, executive = _user(django_user_model, "demo-coordinator"), _user(django_user_model, "demo-executive")
    plan = Plan.objects.filter(agency=demo).order_by("-fiscal_year").first()
    Plan.objects.filter(agency=demo).exclude(pk=plan.pk).update(status=PlanStatus.APPROVED)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RETURNED)
    public_version_bump(agency=demo)  # rows written behind the services' back: renewed as their audit entry would
    assert not [t for t in _tasks(client, executive, demo) if t.order == 10]
    assert not [t for t in _tasks(client, executive, demo) if t.order == 10]  # kept
    plan.refresh_from_db()
    plan_submit(plan=plan, access=agency_access(user=coordinator, agency=demo), actor=coordinator,
                version=plan.version)
    approvals = [t for t in _tasks(client, executive, demo) if t.order == 10]
    assert approvals and str(plan.fiscal_year) in approvals[0].text


def test_a_complaint_filed_by_the_public_shows_on_the_next_render(client, demo, django_user_model):
    from prongsai.apps.complaints.models import ComplaintKind, ComplaintOfficer
    from prongsai.apps.complaints.services import complaint_file

    user = _user(django_user_model, "demo-coordinator")
    ComplaintOfficer.objects.get_or_create(agency=demo, user=user)
    text = "เรื่องร้องเรียนที่ยังไม่ยุติ"
    before = _count(_tasks(client, user, demo), text)
    assert _count(_tasks(client, user, demo), text) == before
    complaint_file(agency=demo, kind=ComplaintKind.SERVICE, subject="เรื่องทดสอบ", details="รายละเอียด")  # no audit
    assert _count(_tasks(client, user, demo), text) == before + 1


def test_two_people_never_get_each_others_list(demo, django_user_model, monkeypatch):
    """Two people with the same role, agency, data version and day: each their own kept items."""
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import Membership

    @kept_with_agency_data
    def whose(*, user, access, agency, today):
        return [NextTask(text=f"ของ {user.username}", count=1, url="/")]

    monkeypatch.setattr(next_tasks, "_PROVIDERS", [whose])
    one = _user(django_user_model, "demo-coordinator")
    other = django_user_model.objects.create_user(username="another-coordinator", password="x-Passw0rd-long")
    role = Membership.objects.get(agency=demo, user=one).role
    Membership.objects.create(agency=demo, user=other, role=role)
    day = date(2026, 12, 7)
    for _ in range(2):
        for person in (one, other, one):
            access = agency_access(user=person, agency=demo)
            items = next_tasks_for(user=person, access=access, agency=demo, today=day, data_version="v1", seconds=60)
            assert [t.text for t in items] == [f"ของ {person.username}"]


def test_a_change_of_role_or_unit_is_another_kept_list(demo, django_user_model):
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.agencies.models import Membership, Role

    user = _user(django_user_model, "demo-unit")
    day = timezone.localdate()
    as_unit = next_tasks_for(user=user, access=agency_access(user=user, agency=demo), agency=demo, today=day,
                             data_version="v1", seconds=60)
    Membership.objects.filter(agency=demo, user=user).update(role=Role.EXECUTIVE, unit=None)
    access = agency_access(user=user, agency=demo)
    as_executive = next_tasks_for(user=user, access=access, agency=demo, today=day, data_version="v1", seconds=60)
    assert as_executive == next_tasks_for(user=user, access=access, agency=demo, today=day)  # not the unit's list
    assert not any("งานของ" in t.text for t in as_executive) and any("งานของ" in t.text for t in as_unit)
