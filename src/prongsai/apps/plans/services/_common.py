"""What the plan, task and evidence services share: the refusals, the checks every write starts with, the plan
write preamble (rule, agency, row lock, version), version recording, text cleaning and comments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from prongsai.apps.agencies.access import Access
from prongsai.apps.audit.services import actor_label
from prongsai.apps.base.actors import real_actor
from prongsai.apps.plans.inputs import plan_json
from prongsai.apps.plans.models import Comment, Plan, PlanVersion, Task

MAX_COMMENT = 4000
MAX_TITLE = 500


class PlanRefused(ValidationError):
    """A plan or task write that is not allowed or not valid. ``th`` is the Thai message."""

    def __init__(self, th: str, *, field: str | None = None) -> None:
        super().__init__(th, code="plan_refused")
        self.th = th
        self.field = field


class NotAllowed(PlanRefused):
    """The person's role does not allow this write (views answer 403)."""


# --- checks ----------------------------------------------------------------------------------------------


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


def _plan_for_write(
    plan: Plan,
    *,
    access: Access,
    version: int | str | None,
    allowed: bool,
    refusal: str,
    editable: bool = False,
) -> Plan:
    """The preamble of every plan write, in this order: the role's rule (``allowed``, else ``NotAllowed`` with the
    Thai ``refusal``), the person's own agency, the plan row locked for the rest of the transaction, still
    editable (when ``editable``), and ``version`` the one the person saw. Returns the locked plan."""
    _need(allowed, refusal)
    _same_agency(access, plan.agency_id)
    plan = _locked(plan)
    if editable:
        _editable(plan)
    _check_version(plan, version)
    return plan


# --- versions --------------------------------------------------------------------------------------------


def _snapshot(plan: Plan) -> dict[str, Any]:
    return {"status": plan.status, "plan": plan_json(plan)}


def _bump(plan: Plan, *, action: str, actor: Any, note: str = "") -> PlanVersion:
    plan.version += 1
    plan.save()
    return _record_version(plan, action=action, actor=actor, note=note)


def _record_version(plan: Plan, *, action: str, actor: Any, note: str = "") -> PlanVersion:
    real = real_actor(actor)
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


# --- text and comments -----------------------------------------------------------------------------------


def _clean_text(value: str, *, limit: int, what: str, required: bool = True, field: str | None = None) -> str:
    """``value`` stripped; ``PlanRefused`` (on ``field``) when it is missing but ``required`` or longer than
    ``limit``."""
    text = (value or "").strip()
    if required and not text:
        raise PlanRefused(f"กรุณากรอก{what}", field=field)
    if len(text) > limit:
        raise PlanRefused(f"{what}ยาวเกิน {limit:,} ตัวอักษร", field=field)
    return text


def _comment(*, agency_id: int, actor: Any, body: str, kind: str, plan: Plan | None = None, task: Task | None = None):
    real = real_actor(actor)
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
