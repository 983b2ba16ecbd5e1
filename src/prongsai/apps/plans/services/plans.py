"""Writes for plans: drafting, editing measures and the approval workflow (submit, approve, return) with
comments.

Plan writes take ``version``, the version the person saw (``_common._plan_for_write``): a plan changed by someone
else in between is refused (nothing is overwritten), and a form posted twice does not act twice. Each plan write
bumps ``Plan.version``, adds a ``PlanVersion`` snapshot and an audit entry, in one transaction. Every edit is
validated through the core (``MeasuresPlan.from_json_dict``): a plan with a date outside its fiscal year is never
stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import actor_label, audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.plans.inputs import plan_json, report_input
from prongsai.apps.plans.models import Comment, CommentKind, Plan, PlanMeasure, PlanStatus
from prongsai.apps.plans.rules import can_comment, can_decide, can_manage_plans
from prongsai.apps.plans.services import tasks as task_services
from prongsai.apps.plans.services._common import (
    MAX_COMMENT,
    NotAllowed,
    PlanRefused,
    _bump,
    _clean_text,
    _comment,
    _need,
    _plan_for_write,
    _record_version,
    _same_agency,
)
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.plan import MeasuresPlan, PlanError

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


def _validated(plan: Plan, rows: list[PlanMeasure]) -> MeasuresPlan:
    try:
        return MeasuresPlan.from_json_dict(plan_json(plan, rows))
    except PlanError as exc:
        raise PlanRefused(exc.th) from exc


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
    from prongsai.core.pipeline import prepare

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
    real = real_actor(actor)
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


def _measures_for_edit(
    plan: Plan, *, access: Access, version: int | str | None
) -> tuple[Plan, list[PlanMeasure]]:
    """The preamble of the measure edits: the locked, editable plan the person saw and its measures in order."""
    refusal = "ท่านไม่มีสิทธิ์แก้ไขแผนมาตรการ"
    plan = _plan_for_write(
        plan, access=access, version=version, allowed=can_manage_plans(access), refusal=refusal, editable=True
    )
    return plan, list(plan.measures.order_by("number", "pk"))


def _plan_changed(
    plan: Plan, *, action: str, actor: Any, before: dict[str, Any] | None, after: dict[str, Any], note: str = ""
) -> None:
    """The end of every change to a plan: the version bumped with its snapshot, and the audit entry
    ``plan.<action>`` with the state before and after."""
    _bump(plan, action=action, actor=actor, note=note)
    audit_record(
        actor=actor, agency=plan.agency, action=f"plan.{action}", target=plan, before=before, after=after, note=note
    )


def _measure_in(rows: list[PlanMeasure], measure: PlanMeasure) -> PlanMeasure:
    row = next((r for r in rows if r.pk == measure.pk), None)
    if row is None:
        raise PlanRefused("ไม่พบมาตรการนี้ในแผน")
    return row


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
    plan, rows = _measures_for_edit(plan, access=access, version=version)
    row = _measure_in(rows, measure)
    changes = _changes(fields)
    before_data = dict(row.data)
    row.data = {**row.data, **changes}
    checked = _validated(plan, rows)
    row.data = checked.measure(row.number).model_dump(mode="json")
    changed = {k for k in EDITABLE_FIELDS if before_data.get(k) != row.data.get(k)}
    if not changed:
        return row
    row.save()
    _plan_changed(
        plan,
        action="measure_updated",
        actor=actor,
        before={"number": row.number, **{k: before_data.get(k) for k in sorted(changed)}},
        after={"number": row.number, **{k: row.data.get(k) for k in sorted(changed)}},
    )
    return row


@transaction.atomic
def measure_add(
    *, plan: Plan, access: Access, actor: Any, version: int | str | None, fields: Mapping[str, Any]
) -> PlanMeasure:
    """A measure written by the agency (kind ``custom``), placed before the follow-up measure."""
    plan, rows = _measures_for_edit(plan, access=access, version=version)
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
    _plan_changed(
        plan,
        action="measure_added",
        actor=actor,
        before=None,
        after={"number": new.number, "title_th": new.title_th, "measures": len(rows)},
    )
    return new


@transaction.atomic
def measure_remove(*, plan: Plan, measure: PlanMeasure, access: Access, actor: Any, version: int | str | None) -> None:
    """Remove a measure that has no tasks yet (tasks and their evidence are never thrown away with it)."""
    plan, rows = _measures_for_edit(plan, access=access, version=version)
    row = _measure_in(rows, measure)
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
    _plan_changed(plan, action="measure_removed", actor=actor, before=before, after={"measures": len(rows)})


# --- the approval workflow -----------------------------------------------------------------------------


def _status_change(plan: Plan, *, action: str, actor: Any, new_status: str, note: str) -> None:
    before = {"status": plan.get_status_display(), "version": plan.version}
    plan.status = new_status
    _plan_changed(
        plan,
        action=action.split(".", 1)[1],
        actor=actor,
        before=before,
        after={"status": plan.get_status_display(), "version": plan.version, **({"comment": note} if note else {})},
        note=note,
    )


@transaction.atomic
def plan_submit(*, plan: Plan, access: Access, actor: Any, version: int | str | None, note: str = "") -> Plan:
    """Draft or returned → submitted to the executive. The plan must be valid as a whole."""
    plan = _plan_for_write(
        plan, access=access, version=version, allowed=can_manage_plans(access), refusal="ท่านไม่มีสิทธิ์เสนอแผนมาตรการ"
    )
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise PlanRefused(f"เสนอได้เฉพาะร่างหรือแผนที่ส่งกลับ แผนนี้มีสถานะ “{plan.get_status_display()}”")
    note = _clean_text(note, limit=MAX_COMMENT, what="หมายเหตุ", required=False)
    rows = list(plan.measures.order_by("number", "pk"))
    if not rows:
        raise PlanRefused("แผนยังไม่มีมาตรการ")
    _validated(plan, rows)
    real = real_actor(actor)
    plan.submitted_by = real
    plan.submitted_at = timezone.now()
    if note:
        _comment(agency_id=plan.agency_id, actor=actor, body=note, kind=CommentKind.SUBMISSION, plan=plan)
    _status_change(plan, action="plan.submitted", actor=actor, new_status=PlanStatus.SUBMITTED, note=note)
    return plan


def _decide_checks(plan: Plan, access: Access, actor: Any, version: int | str | None) -> Plan:
    refusal = "เฉพาะผู้บริหารของหน่วยงานเท่านั้นที่อนุมัติหรือส่งกลับแผนมาตรการได้"
    plan = _plan_for_write(plan, access=access, version=version, allowed=can_decide(access), refusal=refusal)
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanRefused(
            f"พิจารณาได้เฉพาะแผนที่เสนอแล้ว แผนนี้มีสถานะ “{plan.get_status_display()}”"
        )
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and actor_id in (plan.drafted_by_id, plan.submitted_by_id):
        raise NotAllowed("ผู้จัดทำหรือผู้เสนอแผนพิจารณาแผนของตนเองไม่ได้")
    return plan


def _mark_decided(plan: Plan, *, actor: Any) -> None:
    real = real_actor(actor)
    plan.decided_by = real
    plan.decided_by_label = actor_label(real)[:300]
    plan.decided_at = timezone.now()


@transaction.atomic
def plan_approve(*, plan: Plan, access: Access, actor: Any, version: int | str | None, comment: str = "") -> Plan:
    """Submitted → approved, by the executive. Measures without tasks get one task per step (owner: the
    measure's unit, due dates spread over the measure's time), so tracking starts at once."""
    plan = _decide_checks(plan, access, actor, version)
    comment = _clean_text(comment, limit=MAX_COMMENT, what="ความเห็น", required=False)
    _mark_decided(plan, actor=actor)
    if comment:
        _comment(agency_id=plan.agency_id, actor=actor, body=comment, kind=CommentKind.APPROVAL, plan=plan)
    _status_change(plan, action="plan.approved", actor=actor, new_status=PlanStatus.APPROVED, note=comment)
    task_services._tasks_from_steps(plan, actor=actor)  # looked up on its module (tests patch it there)
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, access: Access, actor: Any, version: int | str | None, comment: str) -> Plan:
    """Submitted → returned for changes, by the executive, with the reason (required; kept as a comment)."""
    plan = _decide_checks(plan, access, actor, version)
    comment = _clean_text(comment, limit=MAX_COMMENT, what="เหตุผลที่ส่งกลับ", field="comment")
    _mark_decided(plan, actor=actor)
    _comment(agency_id=plan.agency_id, actor=actor, body=comment, kind=CommentKind.RETURN, plan=plan)
    _status_change(plan, action="plan.returned", actor=actor, new_status=PlanStatus.RETURNED, note=comment)
    return plan


@transaction.atomic
def plan_comment_add(*, plan: Plan, access: Access, actor: Any, body: str) -> Comment:
    _need(can_comment(access), "ท่านไม่มีสิทธิ์แสดงความเห็น")
    _same_agency(access, plan.agency_id)
    body = _clean_text(body, limit=MAX_COMMENT, what="ความเห็น", field="body")
    comment = _comment(agency_id=plan.agency_id, actor=actor, body=body, kind=CommentKind.COMMENT, plan=plan)
    audit_record(
        actor=actor, agency=plan.agency, action="plan.commented", target=plan, before=None, after={"comment": body}
    )
    return comment
