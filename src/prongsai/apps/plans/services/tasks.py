"""Writes for the tasks of an approved plan's measures: the tasks drafted from the steps on approval, tasks added
by hand, progress updates and comments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.plans.models import Comment, CommentKind, Plan, PlanMeasure, Task, TaskStatus
from prongsai.apps.plans.rules import can_comment, can_manage_plans, can_update_task
from prongsai.apps.plans.services._common import (
    MAX_COMMENT,
    MAX_TITLE,
    PlanRefused,
    _clean_text,
    _comment,
    _need,
    _same_agency,
)
from prongsai.core.task_units import fallback_unit, task_unit
from prongsai.core.thai import fiscal_year_period, thai_date

# Status and progress that disagree are refused, never silently changed (a "done" task typed at 80 % stayed 80 % in
# the officer's mind but was stored as 100 %). Each message says how to fix it.
DONE_NEEDS_FULL = "งานที่เสร็จแล้วต้องมีความคืบหน้า 100% หรือเลือกสถานะ “กำลังดำเนินการ”"
FULL_NEEDS_DONE = "ความคืบหน้า 100% คืองานที่เสร็จแล้ว ให้เลือกสถานะ “เสร็จแล้ว” หรือแก้ความคืบหน้าให้น้อยกว่า 100%"


def unit_for_name(agency: Agency, name: str) -> Unit | None:
    """The agency's unit a measure's responsible unit names: exact, then the unit the name starts with
    ("สำนักปลัด (งานการเจ้าหน้าที่)" → สำนักปลัด), then one whose name it contains, else the office that takes what
    no other unit does (สำนักปลัด, สำนักงานปลัดเทศบาล …: ``core.task_units.fallback_unit``)."""
    units = list(Unit.objects.filter(agency=agency).order_by("pk"))
    text = " ".join((name or "").split())
    for test in (
        lambda u: u.name_th == text,
        lambda u: text.startswith(u.name_th),
        lambda u: u.name_th in text,
    ):
        found = [u for u in units if test(u)]
        if found:
            return max(found, key=lambda u: len(u.name_th))
    fallback = fallback_unit([u.name_th for u in units])
    return next((u for u in units if u.name_th == fallback), None)


def _spread(start: date, end: date, n: int) -> list[date]:
    span = (end - start).days
    return [start + timedelta(days=round(span * (i + 1) / n)) for i in range(n)]


def _tasks_from_steps(plan: Plan, *, actor: Any) -> int:
    """One task per step of each measure without tasks, due dates spread over the measure's time. Owner: the
    agency's unit for the step's topic (procurement → กองคลัง/งานพัสดุ, the website → งานประชาสัมพันธ์ …:
    ``core.task_units``), else the measure's responsible unit. Called by ``plan_approve`` inside its transaction."""
    units = list(Unit.objects.filter(agency=plan.agency).order_by("pk"))
    by_name = {u.name_th: u for u in units}
    created = 0
    for row in plan.measures.order_by("number", "pk"):
        if row.tasks.exists():
            continue
        unit = unit_for_name(plan.agency, str(row.data.get("responsible_unit", "")))
        if unit is None:
            continue  # the agency has no units yet: tasks are added by hand later
        steps = [s for s in row.data.get("steps_th") or [] if str(s).strip()] or [row.title_th]
        start, end = date.fromisoformat(row.data["start"]), date.fromisoformat(row.data["end"])
        for position, (step, due) in enumerate(zip(steps, _spread(start, end, len(steps)), strict=True), start=1):
            owner = by_name.get(task_unit(str(step), list(by_name)) or "", unit)
            task = Task.objects.create(
                agency_id=plan.agency_id, measure=row, position=position, title_th=str(step)[:MAX_TITLE],
                owner_unit=owner, due=due,
            )
            created += 1
            audit_record(
                actor=actor, agency=plan.agency, action="task.created", target=task, before=None,
                after=_task_view(task),
            )
    return created


def _task_view(task: Task) -> dict[str, Any]:
    return {
        "task": task.title_th,
        "owner_unit": task.owner_unit.name_th,
        "due": task.due.isoformat(),
        "status": task.get_status_display(),
        "progress": task.progress,
    }


def _check_due(plan: Plan, due: date) -> None:
    first, last = fiscal_year_period(plan.fiscal_year)
    if not first <= due <= last:
        raise PlanRefused(
            f"กำหนดเสร็จ {thai_date(due)} อยู่นอกปีงบประมาณ พ.ศ. {plan.fiscal_year}"
            f" ({thai_date(first)} – {thai_date(last)})",
            field="due",
        )


@transaction.atomic
def task_create(
    *, measure: PlanMeasure, access: Access, actor: Any, title_th: str, owner_unit: Unit, due: date
) -> Task:
    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์เพิ่มงาน")
    _same_agency(access, measure.agency_id)
    if owner_unit.agency_id != measure.agency_id:
        raise PlanRefused("ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานนี้", field="owner_unit")
    title = _clean_text(title_th, limit=MAX_TITLE, what="ชื่องาน", field="title_th")
    _check_due(measure.plan, due)
    position = (measure.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = Task.objects.create(
        agency_id=measure.agency_id, measure=measure, position=position, title_th=title, owner_unit=owner_unit, due=due
    )
    audit_record(actor=actor, agency=measure.plan.agency, action="task.created", target=task, before=None,
                 after=_task_view(task))
    return task


@transaction.atomic
def task_update(
    *, task: Task, access: Access, actor: Any, status: str, progress: int, note: str = ""
) -> Task:
    """Status and progress (0–100) of a task, with an optional note. Unit staff: only their own unit's tasks.

    Status and progress must agree, and nothing is changed behind the person's back: ``done`` needs 100 %, 100 %
    needs ``done``, a task not started has no progress. A disagreement is refused with a Thai message beside the
    field that says how to fix it (`DONE_NEEDS_FULL`, `FULL_NEEDS_DONE`)."""
    _need(can_update_task(access, task), "ท่านปรับปรุงได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    task = Task.objects.select_for_update(of=("self",)).select_related("owner_unit").get(pk=task.pk)
    if status not in TaskStatus.values:
        raise PlanRefused("กรุณาเลือกสถานะ", field="status")
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise PlanRefused("ความคืบหน้าต้องเป็นร้อยละ 0 ถึง 100", field="progress")
    if status == TaskStatus.DONE and progress != 100:
        raise PlanRefused(DONE_NEEDS_FULL, field="progress")
    if status == TaskStatus.NOT_STARTED and progress > 0:
        raise PlanRefused("งานที่ยังไม่เริ่มมีความคืบหน้าไม่ได้ เลือกสถานะ “กำลังดำเนินการ”", field="status")
    if status != TaskStatus.DONE and progress == 100:
        raise PlanRefused(FULL_NEEDS_DONE, field="status")
    note = _clean_text(note, limit=MAX_COMMENT, what="บันทึก", required=False)
    before = _task_view(task)
    changed = task.status != status or task.progress != progress
    if changed:
        task.status = status
        task.progress = progress
        task.updated_by = real_actor(actor)
        task.save()
    if note:
        _comment(agency_id=task.agency_id, actor=actor, body=note, kind=CommentKind.PROGRESS, task=task)
    if changed or note:
        audit_record(
            actor=actor, agency=access.agency, action="task.updated", target=task, before=before,
            after=_task_view(task), note=note,
        )
    return task


@transaction.atomic
def task_comment_add(*, task: Task, access: Access, actor: Any, body: str) -> Comment:
    _need(can_comment(access) or can_update_task(access, task), "ท่านไม่มีสิทธิ์แสดงความเห็นต่องานนี้")
    _same_agency(access, task.agency_id)
    body = _clean_text(body, limit=MAX_COMMENT, what="ความเห็น", field="body")
    comment = _comment(agency_id=task.agency_id, actor=actor, body=body, kind=CommentKind.COMMENT, task=task)
    audit_record(actor=actor, agency=access.agency, action="task.commented", target=task, before=None,
                 after={"comment": body})
    return comment
