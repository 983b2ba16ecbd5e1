"""``reminders_for`` reads both lists, "has tasks" and the plan waiting for approval in two queries when something is
due (three when nothing is); the lists are exactly what ``tasks_for_agency(when="overdue"/"soon")[:limit]`` give
(docs/performance.md, "Dashboard")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from prongsai.apps.agencies.models import Unit
from prongsai.apps.plans.models import PlanStatus, Task, TaskStatus
from prongsai.apps.plans.selectors import reminders_for, tasks_for_agency

TODAY = date(2026, 1, 20)


@pytest.fixture
def many_tasks(world, plan):
    """Tasks overdue, due soon, later, done, in two units, several on the same day."""
    measure = plan.measures.order_by("number").first()
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    office = Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
    rows = []
    for i in range(40):
        rows.append(Task(
            agency=world.own, measure=measure, position=500 + i, title_th=f"งาน {i}",
            owner_unit=(finance, office)[i % 2], due=TODAY + timedelta(days=(i % 9) * 4 - 16),
            status=TaskStatus.DONE if i % 7 == 0 else TaskStatus.NOT_STARTED,
        ))
    Task.objects.bulk_create(rows)
    return finance


@pytest.mark.parametrize("limit", [1, 3, 8, 200])
@pytest.mark.parametrize("by_unit", [False, True])
def test_the_lists_are_those_of_tasks_for_agency(world, many_tasks, limit, by_unit):
    unit = many_tasks if by_unit else None
    r = reminders_for(agency=world.own, unit=unit, today=TODAY, limit=limit)
    for got, when in ((r.overdue, "overdue"), (r.soon, "soon")):
        want = list(tasks_for_agency(agency=world.own, unit=unit, when=when, today=TODAY)[:limit])
        assert [t.pk for t in got] == [t.pk for t in want]
        assert [t.evidence_count for t in got] == [t.evidence_count for t in want]
        assert all(t.owner_unit.name_th and t.measure.plan.fiscal_year for t in got)
    assert r.has_tasks


def test_two_queries_when_due_three_when_not(world, plan, many_tasks, django_assert_num_queries):
    plan.__class__.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    with django_assert_num_queries(2):
        r = reminders_for(agency=world.own, today=TODAY, limit=8)
        assert r.has_tasks and r.plan_waiting_year == plan.fiscal_year and r.overdue and r.soon
    Task.objects.filter(agency=world.own).delete()
    with django_assert_num_queries(3):
        r = reminders_for(agency=world.own, today=TODAY, limit=8)
    assert not r.has_tasks and r.plan_waiting_year == plan.fiscal_year and r.count == 0
    plan.__class__.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    assert reminders_for(agency=world.own, today=TODAY).plan_waiting_year is None
