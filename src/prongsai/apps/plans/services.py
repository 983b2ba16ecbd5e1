"""Writes for plans, approvals, tasks, evidence and comments. Keyword-only, typed, atomic, audited.

Every service takes the ``access`` the view resolved (``agencies.access.agency_access``) and checks the rule in
``rules`` again, so a command or a test is held to the same rules as a page. Bad input raises ``PlanRefused``
(a ``ValidationError`` with a Thai message) before anything is written.

Plan writes take ``version``, the version the person saw: a plan changed by someone else in between is refused
(nothing is overwritten), and a form posted twice does not act twice. Each plan write bumps ``Plan.version``,
adds a ``PlanVersion`` snapshot and an audit entry, in one transaction. Every edit is validated through the core
(``MeasuresPlan.from_json_dict``): a plan with a date outside its fiscal year is never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.audit.services import actor_label, audit_record
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.plans import files
from prongsai.apps.plans.inputs import measures_plan, plan_json, report_input
from prongsai.apps.plans.models import (
    Comment,
    CommentKind,
    Evidence,
    Plan,
    PlanMeasure,
    PlanStatus,
    PlanVersion,
    Task,
    TaskStatus,
)
from prongsai.apps.plans.rules import can_comment, can_decide, can_manage_plans, can_update_task
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.plan import MeasuresPlan, PlanError
from prongsai.core.thai import fiscal_year_period, thai_date

MAX_COMMENT = 4000
MAX_TITLE = 500
# The fields of a measure a person edits on the form (the rest come from the analysis and the knowledge base).
EDITABLE_FIELDS = (
    "title_th",
    "objective_th",
    "steps_th",
    "responsible_unit",
    "co_units",
    "start",
    "end",
    "budget",
    "outputs_th",
    "kpi_th",
    "evidence_th",
)


class PlanRefused(ValidationError):
    """A plan or task write that is not allowed or not valid. ``th`` is the Thai message."""

    def __init__(self, th: str, *, field: str | None = None) -> None:
        super().__init__(th, code="plan_refused")
        self.th = th
        self.field = field


class NotAllowed(PlanRefused):
    """The person's role does not allow this write (views answer 403)."""


# --- helpers -------------------------------------------------------------------------------------------


def _need(allowed: bool, th: str) -> None:
    if not allowed:
        raise NotAllowed(th)


def _same_agency(access: Access, agency_id: int) -> None:
    if access.agency.pk != agency_id:
        raise NotAllowed("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_version(plan: Plan, version: int | str | None) -> None:
    try:
        seen = int(str(version))
    except (TypeError, ValueError):
        raise PlanRefused("ไม่พบฉบับของแผนที่ท่านเปิดอยู่ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง") from None
    if seen != plan.version:
        raise PlanRefused(
            f"แผนนี้ถูกแก้ไขไปแล้ว (ขณะนี้เป็นฉบับที่ {plan.version} ท่านเปิดฉบับที่ {seen}) กรุณาโหลดหน้าใหม่"
            " ตรวจสอบการเปลี่ยนแปลง แล้วทำรายการอีกครั้ง ข้อมูลที่ท่านกรอกยังอยู่ในแบบฟอร์ม"
        )


def _editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise PlanRefused(
            f"แผนที่มีสถานะ “{plan.get_status_display()}” แก้ไขไม่ได้ แก้ไขได้เฉพาะร่างหรือแผนที่ผู้บริหารส่งกลับ"
        )


def _validated(plan: Plan, rows: list[PlanMeasure]) -> MeasuresPlan:
    try:
        return MeasuresPlan.from_json_dict(plan_json(plan, rows))
    except PlanError as exc:
        raise PlanRefused(exc.th) from exc


def _snapshot(plan: Plan) -> dict[str, Any]:
    return {"status": plan.status, "plan": plan_json(plan)}


def _bump(plan: Plan, *, action: str, actor: Any, note: str = "") -> PlanVersion:
    plan.version += 1
    plan.save()
    return _record_version(plan, action=action, actor=actor, note=note)


def _record_version(plan: Plan, *, action: str, actor: Any, note: str = "") -> PlanVersion:
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return PlanVersion.objects.create(
        agency_id=plan.agency_id,
        plan=plan,
        number=plan.version,
        action=action,
        status=plan.status,
        snapshot=_snapshot(plan),
        note=note,
        actor=real,
        actor_label=actor_label(real)[:300],
    )


def _clean_text(value: str, *, limit: int, what: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise PlanRefused(f"กรุณากรอก{what}")
    if len(text) > limit:
        raise PlanRefused(f"{what}ยาวเกิน {limit:,} ตัวอักษร")
    return text


def _comment(*, agency_id: int, actor: Any, body: str, kind: str, plan: Plan | None = None, task: Task | None = None):
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Comment.objects.create(
        agency_id=agency_id,
        plan=plan,
        task=task,
        kind=kind,
        body=body,
        author=real,
        author_label=actor_label(real)[:300],
        plan_version=plan.version if plan is not None else None,
    )


def _renumber(rows: list[PlanMeasure]) -> None:
    for i, row in enumerate(rows, start=1):
        row.number = i
        row.data = {**row.data, "number": i}


# --- drafting ------------------------------------------------------------------------------------------


@transaction.atomic
def plan_draft(
    *,
    agency: Agency,
    access: Access,
    actor: Any,
    results_fiscal_year: int,
    plan_fiscal_year: int | None = None,
    registry: FrameworkRegistry | None = None,
) -> Plan:
    """Draft the plan of ``plan_fiscal_year`` (default: the results year + 1) from the analysis of the results
    and the recommendations (core: analyse → recommend → draft_plan). One plan per agency and year."""
    from prongsai.core.documents.write.reports import prepare

    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์จัดทำแผนมาตรการ")
    _same_agency(access, agency.pk)
    plan_year = plan_fiscal_year or results_fiscal_year + 1
    if not results_fiscal_year < plan_year <= results_fiscal_year + 3:
        raise PlanRefused(
            f"ปีงบประมาณของแผน ({plan_year}) ต้องอยู่หลังปีของผลการประเมิน ({results_fiscal_year}) ไม่เกิน 3 ปี",
            field="plan_fiscal_year",
        )
    if Plan.objects.filter(agency=agency, fiscal_year=plan_year).exists():
        raise PlanRefused(f"มีแผนมาตรการของปีงบประมาณ {plan_year} อยู่แล้ว", field="plan_fiscal_year")
    registry = registry or framework_registry()
    try:
        data = report_input(
            agency=agency, results_fiscal_year=results_fiscal_year, plan_fiscal_year=plan_year, registry=registry
        )
        analysis, drafted = prepare(data, registry=registry)
    except ProngsaiError as exc:
        raise PlanRefused(exc.th, field="results_fiscal_year") from exc
    header = {k: v for k, v in drafted.to_json_dict().items() if k != "measures"}
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    plan = Plan.objects.create(
        agency=agency,
        fiscal_year=plan_year,
        results_fiscal_year=results_fiscal_year,
        header=header,
        analysis=analysis.to_json_dict(),
        drafted_by=real,
    )
    PlanMeasure.objects.bulk_create(
        PlanMeasure(agency=agency, plan=plan, number=m.number, data=m.model_dump(mode="json")) for m in drafted.measures
    )
    _record_version(plan, action="drafted", actor=actor)
    audit_record(
        actor=actor,
        agency=agency,
        action="plan.drafted",
        target=plan,
        before=None,
        after={
            "fiscal_year": plan_year,
            "results_fiscal_year": results_fiscal_year,
            "measures": len(drafted.measures),
            "status": plan.get_status_display(),
        },
    )
    return plan


# --- editing measures ------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _changes(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return {k: _json_value(v) for k, v in fields.items()}


@transaction.atomic
def measure_update(
    *,
    plan: Plan,
    measure: PlanMeasure,
    access: Access,
    actor: Any,
    version: int | str | None,
    fields: Mapping[str, Any],
) -> PlanMeasure:
    """Change a measure's fields (``EDITABLE_FIELDS``). The whole plan is re-validated by the core."""
    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์แก้ไขแผนมาตรการ")
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    _editable(plan)
    _check_version(plan, version)
    rows = list(plan.measures.order_by("number", "pk"))
    row = next((r for r in rows if r.pk == measure.pk), None)
    if row is None:
        raise PlanRefused("ไม่พบมาตรการนี้ในแผน")
    changes = _changes(fields)
    before_data = dict(row.data)
    row.data = {**row.data, **changes}
    checked = _validated(plan, rows)
    row.data = checked.measure(row.number).model_dump(mode="json")
    changed = {k for k in EDITABLE_FIELDS if before_data.get(k) != row.data.get(k)}
    if not changed:
        return row
    row.save()
    _bump(plan, action="measure_updated", actor=actor)
    audit_record(
        actor=actor,
        agency=plan.agency,
        action="plan.measure_updated",
        target=plan,
        before={"number": row.number, **{k: before_data.get(k) for k in sorted(changed)}},
        after={"number": row.number, **{k: row.data.get(k) for k in sorted(changed)}},
    )
    return row


@transaction.atomic
def measure_add(
    *, plan: Plan, access: Access, actor: Any, version: int | str | None, fields: Mapping[str, Any]
) -> PlanMeasure:
    """A measure written by the agency (kind ``custom``), placed before the follow-up measure."""
    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์แก้ไขแผนมาตรการ")
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    _editable(plan)
    _check_version(plan, version)
    rows = list(plan.measures.order_by("number", "pk"))
    data = {"number": len(rows) + 1, "kind": "custom", **_changes(fields)}
    if not all(str(data.get(k) or "").strip() for k in ("title_th", "responsible_unit", "start", "end")):
        raise PlanRefused("กรุณากรอกชื่อมาตรการ ผู้รับผิดชอบ วันเริ่ม และวันสิ้นสุด")
    new = PlanMeasure(agency_id=plan.agency_id, plan=plan, number=data["number"], data=data)
    position = next((i for i, r in enumerate(rows) if r.data.get("kind") == "monitoring"), len(rows))
    rows.insert(position, new)
    _renumber(rows)
    checked = _validated(plan, rows)
    new.data = checked.measure(new.number).model_dump(mode="json")
    for r in rows:
        r.save()
    _bump(plan, action="measure_added", actor=actor)
    audit_record(
        actor=actor,
        agency=plan.agency,
        action="plan.measure_added",
        target=plan,
        before=None,
        after={"number": new.number, "title_th": new.title_th, "measures": len(rows)},
    )
    return new


@transaction.atomic
def measure_remove(*, plan: Plan, measure: PlanMeasure, access: Access, actor: Any, version: int | str | None) -> None:
    """Remove a measure that has no tasks yet (tasks and their evidence are never thrown away with it)."""
    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์แก้ไขแผนมาตรการ")
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    _editable(plan)
    _check_version(plan, version)
    rows = list(plan.measures.order_by("number", "pk"))
    row = next((r for r in rows if r.pk == measure.pk), None)
    if row is None:
        raise PlanRefused("ไม่พบมาตรการนี้ในแผน")
    if row.tasks.exists():
        raise PlanRefused("มาตรการนี้มีงานที่ติดตามอยู่แล้ว จึงลบไม่ได้ (งานและหลักฐานจะหายไปด้วย)")
    if len(rows) == 1:
        raise PlanRefused("แผนต้องมีอย่างน้อยหนึ่งมาตรการ")
    rows.remove(row)
    _renumber(rows)
    _validated(plan, rows)
    before = {"number": row.number, "title_th": row.title_th, "measures": len(rows) + 1}
    row.delete()
    for r in rows:
        r.save()
    _bump(plan, action="measure_removed", actor=actor)
    audit_record(
        actor=actor,
        agency=plan.agency,
        action="plan.measure_removed",
        target=plan,
        before=before,
        after={"measures": len(rows)},
    )


# --- the approval workflow -----------------------------------------------------------------------------


def _status_change(plan: Plan, *, action: str, actor: Any, new_status: str, note: str) -> None:
    before = {"status": plan.get_status_display(), "version": plan.version}
    plan.status = new_status
    _bump(plan, action=action.split(".", 1)[1], actor=actor, note=note)
    audit_record(
        actor=actor,
        agency=plan.agency,
        action=action,
        target=plan,
        before=before,
        after={"status": plan.get_status_display(), "version": plan.version, **({"comment": note} if note else {})},
        note=note,
    )


@transaction.atomic
def plan_submit(*, plan: Plan, access: Access, actor: Any, version: int | str | None, note: str = "") -> Plan:
    """Draft or returned → submitted to the executive. The plan must be valid as a whole."""
    _need(can_manage_plans(access), "ท่านไม่มีสิทธิ์เสนอแผนมาตรการ")
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    _check_version(plan, version)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise PlanRefused(f"เสนอได้เฉพาะร่างหรือแผนที่ส่งกลับ แผนนี้มีสถานะ “{plan.get_status_display()}”")
    note = _clean_text(note, limit=MAX_COMMENT, what="หมายเหตุ", required=False)
    rows = list(plan.measures.order_by("number", "pk"))
    if not rows:
        raise PlanRefused("แผนยังไม่มีมาตรการ")
    _validated(plan, rows)
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    plan.submitted_by = real
    plan.submitted_at = timezone.now()
    if note:
        _comment(agency_id=plan.agency_id, actor=actor, body=note, kind=CommentKind.SUBMISSION, plan=plan)
    _status_change(plan, action="plan.submitted", actor=actor, new_status=PlanStatus.SUBMITTED, note=note)
    return plan


def _decide_checks(plan: Plan, access: Access, actor: Any, version: int | str | None) -> Plan:
    _need(can_decide(access), "เฉพาะผู้บริหารของหน่วยงานเท่านั้นที่อนุมัติหรือส่งกลับแผนมาตรการได้")
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    _check_version(plan, version)
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanRefused(
            f"พิจารณาได้เฉพาะแผนที่เสนอแล้ว แผนนี้มีสถานะ “{plan.get_status_display()}”"
        )
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and actor_id in (plan.drafted_by_id, plan.submitted_by_id):
        raise NotAllowed("ผู้จัดทำหรือผู้เสนอแผนพิจารณาแผนของตนเองไม่ได้")
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, access: Access, actor: Any, version: int | str | None, comment: str = "") -> Plan:
    """Submitted → approved, by the executive. Measures without tasks get one task per step (owner: the
    measure's unit, due dates spread over the measure's time), so tracking starts at once."""
    plan = _decide_checks(plan, access, actor, version)
    comment = _clean_text(comment, limit=MAX_COMMENT, what="ความเห็น", required=False)
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    plan.decided_by = real
    plan.decided_by_label = actor_label(real)[:300]
    plan.decided_at = timezone.now()
    if comment:
        _comment(agency_id=plan.agency_id, actor=actor, body=comment, kind=CommentKind.APPROVAL, plan=plan)
    _status_change(plan, action="plan.approved", actor=actor, new_status=PlanStatus.APPROVED, note=comment)
    _tasks_from_steps(plan, actor=actor)
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, access: Access, actor: Any, version: int | str | None, comment: str) -> Plan:
    """Submitted → returned for changes, by the executive, with the reason (required; kept as a comment)."""
    plan = _decide_checks(plan, access, actor, version)
    try:
        comment = _clean_text(comment, limit=MAX_COMMENT, what="เหตุผลที่ส่งกลับ")
    except PlanRefused as exc:
        raise PlanRefused(exc.th, field="comment") from exc
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    plan.decided_by = real
    plan.decided_by_label = actor_label(real)[:300]
    plan.decided_at = timezone.now()
    _comment(agency_id=plan.agency_id, actor=actor, body=comment, kind=CommentKind.RETURN, plan=plan)
    _status_change(plan, action="plan.returned", actor=actor, new_status=PlanStatus.RETURNED, note=comment)
    return plan


@transaction.atomic
def plan_comment_add(*, plan: Plan, access: Access, actor: Any, body: str) -> Comment:
    _need(can_comment(access), "ท่านไม่มีสิทธิ์แสดงความเห็น")
    _same_agency(access, plan.agency_id)
    try:
        body = _clean_text(body, limit=MAX_COMMENT, what="ความเห็น")
    except PlanRefused as exc:
        raise PlanRefused(exc.th, field="body") from exc
    comment = _comment(agency_id=plan.agency_id, actor=actor, body=body, kind=CommentKind.COMMENT, plan=plan)
    audit_record(
        actor=actor, agency=plan.agency, action="plan.commented", target=plan, before=None, after={"comment": body}
    )
    return comment


# --- tasks -------------------------------------------------------------------------------------------------


def unit_for_name(agency: Agency, name: str) -> Unit | None:
    """The agency's unit a measure's responsible unit names: exact, then the unit the name starts with
    ("สำนักปลัด (งานการเจ้าหน้าที่)" → สำนักปลัด), then one whose name it contains, else the first unit."""
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
    return units[0] if units else None


def _spread(start: date, end: date, n: int) -> list[date]:
    span = (end - start).days
    return [start + timedelta(days=round(span * (i + 1) / n)) for i in range(n)]


def _tasks_from_steps(plan: Plan, *, actor: Any) -> int:
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
            task = Task.objects.create(
                agency_id=plan.agency_id, measure=row, position=position, title_th=str(step)[:MAX_TITLE],
                owner_unit=unit, due=due,
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
    try:
        title = _clean_text(title_th, limit=MAX_TITLE, what="ชื่องาน")
    except PlanRefused as exc:
        raise PlanRefused(exc.th, field="title_th") from exc
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

    ``done`` sets the progress to 100; a task not started has no progress."""
    _need(can_update_task(access, task), "ท่านปรับปรุงได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    task = Task.objects.select_for_update().select_related("owner_unit").get(pk=task.pk)
    if status not in TaskStatus.values:
        raise PlanRefused("กรุณาเลือกสถานะ", field="status")
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise PlanRefused("ความคืบหน้าต้องเป็นร้อยละ 0 ถึง 100", field="progress")
    if status == TaskStatus.DONE:
        progress = 100
    elif status == TaskStatus.NOT_STARTED and progress > 0:
        raise PlanRefused("งานที่ยังไม่เริ่มมีความคืบหน้าไม่ได้ เลือกสถานะ “กำลังดำเนินการ”", field="status")
    elif progress == 100:
        raise PlanRefused("งานที่คืบหน้าร้อยละ 100 ให้เลือกสถานะ “เสร็จแล้ว”", field="status")
    note = _clean_text(note, limit=MAX_COMMENT, what="บันทึก", required=False)
    before = _task_view(task)
    changed = task.status != status or task.progress != progress
    if changed:
        task.status = status
        task.progress = progress
        task.updated_by = actor if getattr(actor, "is_authenticated", False) else None
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
    try:
        body = _clean_text(body, limit=MAX_COMMENT, what="ความเห็น")
    except PlanRefused as exc:
        raise PlanRefused(exc.th, field="body") from exc
    comment = _comment(agency_id=task.agency_id, actor=actor, body=body, kind=CommentKind.COMMENT, task=task)
    audit_record(actor=actor, agency=access.agency, action="task.commented", target=task, before=None,
                 after={"comment": body})
    return comment


# --- evidence ----------------------------------------------------------------------------------------------

_URL = URLValidator(schemes=["http", "https"])


@transaction.atomic
def evidence_add(
    *,
    task: Task,
    access: Access,
    actor: Any,
    title: str = "",
    url: str = "",
    data: bytes | None = None,
    filename: str = "",
) -> Evidence:
    """A web address or a file (sniffed from its bytes, stored under a random name) as evidence of a task."""
    _need(can_update_task(access, task), "ท่านเพิ่มหลักฐานได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    url = (url or "").strip()
    if bool(url) == (data is not None):
        raise PlanRefused("กรุณาใส่ที่อยู่เว็บ หรือเลือกไฟล์ อย่างใดอย่างหนึ่ง", field="url")
    title = (title or "").strip()
    if len(title) > 300:
        raise PlanRefused("คำอธิบายยาวเกิน 300 ตัวอักษร", field="title")
    real = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if url:
        if len(url) > 1000:
            raise PlanRefused("ที่อยู่เว็บยาวเกินไป", field="url")
        try:
            _URL(url)
        except ValidationError:
            raise PlanRefused("ที่อยู่เว็บต้องขึ้นต้นด้วย http:// หรือ https:// เช่น https://www.example.go.th/ita",
                              field="url") from None
        evidence = Evidence.objects.create(
            agency_id=task.agency_id, task=task, title=title or url[:300], url=url, added_by=real
        )
        after = {"task": task.title_th, "url": url}
    else:
        assert data is not None
        try:
            sniffed = files.sniff_evidence(data, filename)
        except files.EvidenceRefused as exc:
            raise PlanRefused(exc.th, field="file") from exc
        name = files.display_filename(filename)
        stored = files.store(data, folder=f"evidence/{task.agency_id}", suffix=sniffed.kind)
        try:  # the row and its audit entry, or no file left behind
            evidence = Evidence.objects.create(
                agency_id=task.agency_id, task=task, title=title or name, stored_name=stored, original_name=name,
                kind=sniffed.kind, content_type=sniffed.content_type, size=len(data),
                sha256=hashlib.sha256(data).hexdigest(), added_by=real,
            )
            after = {"task": task.title_th, "file": name, "kind": sniffed.kind, "sha256": evidence.sha256}
            audit_record(
                actor=actor, agency=access.agency, action="evidence.added", target=evidence, before=None, after=after
            )
        except Exception:
            files.remove(stored)
            raise
        return evidence
    audit_record(actor=actor, agency=access.agency, action="evidence.added", target=evidence, before=None, after=after)
    return evidence


__all__ = [
    "EDITABLE_FIELDS",
    "NotAllowed",
    "PlanRefused",
    "evidence_add",
    "measure_add",
    "measure_remove",
    "measure_update",
    "measures_plan",
    "plan_approve",
    "plan_comment_add",
    "plan_draft",
    "plan_return",
    "plan_submit",
    "task_comment_add",
    "task_create",
    "task_update",
    "unit_for_name",
]
