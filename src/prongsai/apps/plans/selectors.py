"""Reads for plans, tasks, evidence, documents, reminders and the calendar. Every selector takes the ``agency``
the access check resolved and filters by it, so an id of another agency's row finds nothing (404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Prefetch, QuerySet, Subquery
from django.utils import timezone

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.frameworks.selectors import current_fiscal_year
from prongsai.apps.plans.models import (
    Comment,
    Evidence,
    GeneratedDocument,
    Plan,
    PlanMeasure,
    PlanStatus,
    PlanVersion,
    Task,
    TaskStatus,
)
from prongsai.core.calendar import FiscalCalendar, load_calendar
from prongsai.core.thai import fiscal_year_of

DEFAULT_REMINDER_DAYS = 14


def _reminder_days() -> int:
    return int(getattr(settings, "PRONGSAI_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def plans_for_agency(*, agency: Agency) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(agency=agency)
        .annotate(measure_count=Count("measures", distinct=True))
        .order_by("-fiscal_year")
    )


def plan_for_year(*, agency: Agency, fiscal_year: int) -> Plan | None:
    return Plan.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related("agency").first()


def measures_for_plan(*, agency: Agency, plan: Plan) -> list[PlanMeasure]:
    tasks = Task.objects.select_related("owner_unit").order_by("position", "pk")
    return list(
        PlanMeasure.objects.filter(agency=agency, plan=plan)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("number", "pk")
    )


def measure_for_plan(*, agency: Agency, plan: Plan, measure_id: int) -> PlanMeasure | None:
    return PlanMeasure.objects.filter(agency=agency, plan=plan, pk=measure_id).first()


def plan_versions(*, agency: Agency, plan: Plan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(agency=agency, plan=plan).order_by("-number")


def plan_comments(*, agency: Agency, plan: Plan) -> QuerySet[Comment]:
    return Comment.objects.filter(agency=agency, plan=plan).order_by("created_at", "pk")


def draft_choices(*, agency: Agency) -> list[int]:
    """Results years a plan can be drafted from: every year with a result, newest first."""
    return list(
        AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    )


def default_plan_year(*, agency: Agency, results_fiscal_year: int, today: date | None = None) -> int:
    """results + 1, or the current fiscal year when the results are older (a late start still plans this year)."""
    current = fiscal_year_of(today or timezone.localdate())
    return min(max(results_fiscal_year + 1, current), results_fiscal_year + 3)


def units_for_tasks(*, agency: Agency) -> QuerySet[Unit]:
    return Unit.objects.filter(agency=agency).order_by("pk")


# --- tasks ---------------------------------------------------------------------------------------------


def tasks_for_agency(
    *,
    agency: Agency,
    unit: Unit | None = None,
    status: str = "",
    fiscal_year: int | None = None,
    when: str = "",
    today: date | None = None,
) -> QuerySet[Task]:
    """Tasks of the agency's plans, by due date. ``when``: ``overdue`` | ``soon`` | ``open`` (not done)."""
    today = today or timezone.localdate()
    tasks = Task.objects.filter(agency=agency).select_related("owner_unit", "measure__plan")
    if unit is not None:
        tasks = tasks.filter(owner_unit=unit)
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if fiscal_year is not None:
        tasks = tasks.filter(measure__plan__fiscal_year=fiscal_year)
    if when == "overdue":
        tasks = tasks.filter(due__lt=today).exclude(status=TaskStatus.DONE)
    elif when == "soon":
        tasks = tasks.filter(due__gte=today, due__lte=today + timedelta(days=_reminder_days())).exclude(
            status=TaskStatus.DONE
        )
    elif when == "open":
        tasks = tasks.exclude(status=TaskStatus.DONE)
    return tasks.annotate(evidence_count=Count("evidence", distinct=True)).order_by("due", "measure__number", "pk")


def task_for_agency(*, agency: Agency, task_id: int) -> Task | None:
    return (
        Task.objects.filter(agency=agency, pk=task_id)
        .select_related("owner_unit", "measure__plan__agency")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .first()
    )


def task_evidence(*, agency: Agency, task: Task) -> QuerySet[Evidence]:
    return Evidence.objects.filter(agency=agency, task=task).order_by("pk")


def task_comments(*, agency: Agency, task: Task) -> QuerySet[Comment]:
    return Comment.objects.filter(agency=agency, task=task).order_by("created_at", "pk")


def evidence_for_agency(*, agency: Agency, evidence_id: int) -> Evidence | None:
    return Evidence.objects.filter(agency=agency, pk=evidence_id).first()


def task_years(*, agency: Agency, unit: Unit | None = None) -> list[int]:
    """The fiscal years whose plans have tasks (of `unit` when given), latest first."""
    plans = Plan.objects.filter(agency=agency, measures__tasks__isnull=False)
    if unit is not None:
        plans = plans.filter(measures__tasks__owner_unit=unit)
    return list(plans.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def task_year_to_open(*, agency: Agency, unit: Unit | None = None, today: date | None = None) -> int | None:
    """The fiscal year the task page opens on: the person's current tasks. The current fiscal year (by today's
    date) when it has tasks (of `unit` when given: a unit officer's own), else the latest earlier year with tasks,
    else the nearest later one; without any of the unit's tasks, the same over all the agency's tasks. None when
    the agency has no task at all."""
    current = current_fiscal_year(today=today)
    choices = [task_years(agency=agency, unit=unit)] if unit is not None else []
    choices.append(task_years(agency=agency))
    for years in choices:
        if not years:
            continue
        if current in years:
            return current
        earlier = [y for y in years if y < current]
        return max(earlier) if earlier else min(years)
    return None


# --- documents -----------------------------------------------------------------------------------------


def document_for_agency(*, agency: Agency, document_id: Any) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(agency=agency, pk=document_id).select_related("plan").first()


def documents_for_plan(*, agency: Agency, plan: Plan, limit: int = 12) -> list[GeneratedDocument]:
    return list(GeneratedDocument.objects.filter(agency=agency, plan=plan).order_by("-created_at")[:limit])


# --- reminders -----------------------------------------------------------------------------------------


@dataclass
class Reminders:
    today: date
    days: int
    overdue: list[Task] = field(default_factory=list)
    soon: list[Task] = field(default_factory=list)
    unit: Unit | None = None
    has_tasks: bool = False
    plan_waiting_year: int | None = None  # the newest submitted plan waiting for the executive

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.soon)


def reminders_for(*, agency: Agency, unit: Unit | None = None, today: date | None = None, limit: int = 20) -> Reminders:
    """What is overdue and what is due within ``PRONGSAI_REMINDER_DAYS`` (default 14) days, not done.
    ``unit``: only that unit's tasks (unit staff)."""
    today = today or timezone.localdate()
    out = Reminders(today=today, days=_reminder_days(), unit=unit)
    waiting = Plan.objects.filter(agency=agency, status=PlanStatus.SUBMITTED).order_by("-fiscal_year")
    waiting_year = Subquery(waiting.values("fiscal_year")[:1])
    # Two queries when something is due (what tasks_for_agency(when="overdue"/"soon")[:limit] give, each row
    # carrying the year of the plan waiting for approval); nothing due: one small query more (any task, that year).
    # (One query with a window function over every task cost ~45 ms on SQLite for 300 tasks: not kept.)
    # The measure's and the plan's JSON columns are not read from a reminder: deferred, they are neither decoded
    # (~0.2 ms a row) nor carried through the GROUP BY of the evidence count.
    def part(when: str) -> list[Task]:
        return list(tasks_for_agency(agency=agency, unit=unit, when=when, today=today)
                    .defer("measure__data", "measure__plan__header", "measure__plan__analysis")
                    .annotate(waiting_year=waiting_year)[:limit])

    out.overdue, out.soon = part("overdue"), part("soon")
    rows = out.overdue + out.soon
    if rows:
        out.has_tasks, out.plan_waiting_year = True, rows[0].waiting_year
    else:
        base = Task.objects.filter(agency=agency, **({"owner_unit": unit} if unit is not None else {}))
        out.has_tasks, out.plan_waiting_year = Agency.objects.filter(pk=agency.pk).values_list(
            Exists(base), waiting_year).get()
    return out


# --- calendar ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarLine:
    start: date | None
    end: date
    title_th: str
    kind: str  # nacc | practice | plan | task
    kind_th: str
    source: str = ""
    confidence_th: str = ""
    note_th: str = ""
    url: str = ""


@dataclass
class AgencyCalendar:
    fiscal_year: int
    calendar: FiscalCalendar
    lines: list[CalendarLine]
    years: list[int]


def calendar_for_agency(*, agency: Agency, fiscal_year: int) -> AgencyCalendar:
    """The year's ITA calendar (NACC deadlines when known, the agency's practice) with this agency's own plan
    milestones and the months its tasks fall due."""
    cal = load_calendar(fiscal_year)
    lines = [
        CalendarLine(
            start=e.start,
            end=e.end,
            title_th=e.title_th,
            kind=e.kind,
            kind_th=e.kind_th,
            source="; ".join(e.source),
            confidence_th=e.confidence_th,
            note_th=e.note_th,
        )
        for e in cal.entries
    ]
    plan = plan_for_year(agency=agency, fiscal_year=fiscal_year)
    if plan is not None:
        known = {(e.end, e.title_th) for e in cal.entries}
        for ms in plan.header.get("reporting") or []:
            day = date.fromisoformat(ms["day"])
            if (day, ms["title_th"]) in known:
                continue  # the plan keeps the agency's usual date: shown once, as practice
            lines.append(
                CalendarLine(start=None, end=day, title_th=ms["title_th"], kind="plan",
                             kind_th="กำหนดในแผนมาตรการของหน่วยงาน")
            )
        months: dict[tuple[int, int], list[int]] = {}
        for due, status in Task.objects.filter(agency=agency, measure__plan=plan).values_list("due", "status"):
            counts = months.setdefault((due.year, due.month), [0, 0])
            counts[0] += 1
            counts[1] += status != TaskStatus.DONE
        for (year, month), (n, open_) in sorted(months.items()):
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            lines.append(
                CalendarLine(
                    start=first, end=last, title_th=f"งานตามมาตรการครบกำหนดในเดือนนี้ {n} งาน (ยังไม่เสร็จ {open_} งาน)",
                    kind="task", kind_th="งานตามมาตรการ",
                )
            )
    lines.sort(key=lambda line: (line.start or line.end, line.end, line.kind))
    years = sorted(
        {fiscal_year, fiscal_year_of(timezone.localdate()), *Plan.objects.filter(agency=agency).values_list(
            "fiscal_year", flat=True)}
        | set(_calendar_years()),
        reverse=True,
    )
    return AgencyCalendar(fiscal_year=fiscal_year, calendar=cal, lines=lines, years=years)


def _calendar_years() -> list[int]:
    from prongsai.core.calendar import known_years

    return known_years()
