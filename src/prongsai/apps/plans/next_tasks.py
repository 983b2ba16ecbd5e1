"""What plans add to the agency home's "next tasks" (``base.next_tasks``; registered in ``PlansConfig.ready()``):
plans waiting for the executive's approval, the unit's tasks due this month or overdue, the ITA deadlines of this
month (the calendar of the current fiscal year)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data, month_end
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.plans.models import Plan, PlanStatus, Task, TaskStatus
from prongsai.core.calendar import CalendarError, load_calendar
from prongsai.core.thai import thai_date


@kept_with_agency_data  # plans change only through plans.services, each with its audit entry
def approvals(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """The executive: plans submitted and waiting for their decision (one query)."""
    if not access.can_approve:
        return []
    years = list(
        Plan.objects.filter(agency=agency, status=PlanStatus.SUBMITTED).order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    if not years:
        return []
    return [NextTask(
        text=f"แผนมาตรการปี {years[0]} รอท่านพิจารณาอนุมัติ" if len(years) == 1
        else f"แผนมาตรการ {len(years)} ฉบับรอท่านพิจารณาอนุมัติ (เริ่มที่ปี {years[0]})",
        count=len(years),
        url=reverse("plans:plan_detail", args=[agency.slug, years[0]]),
        action="พิจารณาอนุมัติ",
        order=10,
    )]


@kept_with_agency_data  # tasks too; the unit (and its name) is part of the key through Access
def my_tasks(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Unit staff: their unit's tasks not done, due by the end of this month (overdue included; one query)."""
    if access.unit is None or access.can_edit_results:
        return []
    counts = Task.objects.filter(
        agency=agency, owner_unit=access.unit, due__lte=month_end(today)
    ).exclude(status=TaskStatus.DONE).aggregate(n_due=Count("pk"), n_overdue=Count("pk", filter=Q(due__lt=today)))
    if not counts["n_due"]:
        return []
    overdue = f" (เลยกำหนดแล้ว {counts['n_overdue']} งาน)" if counts["n_overdue"] else ""
    return [NextTask(
        text=f"งานของ{access.unit.name_th}ที่ครบกำหนดภายในเดือนนี้{overdue}",
        count=counts["n_due"],
        url=reverse("plans:tasks", args=[agency.slug]) + f"?unit={access.unit.pk}&when=open",
        order=20,
    )]


def deadlines(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """Everyone: the ITA calendar's entries of the current fiscal year that run or end this month (no query; not
    kept: the calendar is files on disk, ``PRONGSAI_CALENDAR_PATH``, which no audited write renews)."""
    fiscal_year = current_fiscal_year(today=today)
    try:
        entries = load_calendar(fiscal_year).entries
    except CalendarError:
        return []
    last = month_end(today)
    due = sorted((e for e in entries if today <= e.end and e.first_day <= last), key=lambda e: e.end)
    if not due:
        return []
    first = due[0]
    more = f" และอีก {len(due) - 1} รายการ" if len(due) > 1 else ""
    return [NextTask(
        text=f"กำหนดการ ITA เดือนนี้: {first.title_th} (ถึง {thai_date(first.end, short=True)}){more}",
        count=len(due),
        url=reverse("plans:calendar", args=[agency.slug]) + f"?year={fiscal_year}",
        order=60,
    )]


PROVIDERS = (approvals, my_tasks, deadlines)
