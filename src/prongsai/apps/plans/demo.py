"""Demo plan for the FICTIONAL demo agency: drafted, returned once, approved, with tasks tracked to today.

A demo step (``base.demo``, registered in ``PlansConfig.ready()``): ``load_demo`` runs it after the demo people
exist. Everything goes through the services (so versions, comments and the audit log look as they would in real
use): the coordinator drafts from the latest
results for the current fiscal year, sets a budget, submits; the executive returns it with a comment; the
coordinator edits and submits again; the executive approves, which creates one task per step. Tasks due before
today are then marked done (a few are left overdue), those due in the next weeks are in progress, and some get
evidence (addresses on the reserved ``.example`` domain) and notes. The measures plan and the analysis are made
as Word files and published on the portal through ``documents.document_publish`` (a ready document is not public
by itself); the approval memo stays internal.

Idempotent: nothing is written when the agency already has a plan for that year (except publishing its documents
when an approved demo plan has none published, e.g. after the migration that stopped listing every ready one).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.plans import documents, services
from prongsai.apps.plans.models import (
    DocumentKind,
    DocumentStatus,
    GeneratedDocument,
    Plan,
    PlanStatus,
    Task,
    TaskStatus,
)
from prongsai.apps.plans.selectors import default_plan_year

DEMO_EMAIL_DOMAIN = "demo-tambon.example"


def _ensure_email(user: Any) -> None:
    if user is not None and not user.email:
        user.email = f"{user.get_username()}@{DEMO_EMAIL_DOMAIN}"
        user.save(update_fields=["email"])


def demo_plan_step(*, agency: Agency, users: dict[str, Any]) -> str:
    """The ``load_demo`` step: the demo plan of the demo agency, by its demo coordinator, executive and unit staff."""
    return demo_plan_load(
        agency=agency,
        coordinator=users["demo-coordinator"],
        executive=users["demo-executive"],
        unit_user=users["demo-unit"],
    )


def demo_plan_load(*, agency: Agency, coordinator: Any, executive: Any, unit_user: Any = None,
                   today: date | None = None) -> str:
    """Create the demo plan if missing. Returns a Thai line for ``load_demo`` to print."""
    today = today or timezone.localdate()
    latest = AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").first()
    if latest is None:
        return "ไม่มีผลการประเมิน จึงไม่ได้สร้างแผนมาตรการสาธิต"
    plan_year = default_plan_year(agency=agency, results_fiscal_year=latest.fiscal_year, today=today)
    existing = Plan.objects.filter(agency=agency, fiscal_year=plan_year).first()
    if existing is not None:
        published = _publish_documents(existing, coordinator=coordinator)
        extra = f" เผยแพร่เอกสาร {published} ฉบับ" if published else ""
        return f"แผนมาตรการสาธิตปีงบประมาณ {plan_year} มีอยู่แล้ว ({existing.get_status_display()}){extra}"
    for user in (coordinator, executive, unit_user):
        _ensure_email(user)

    coord = agency_access(user=coordinator, agency=agency)
    exe = agency_access(user=executive, agency=agency)
    plan = services.plan_draft(
        agency=agency, access=coord, actor=coordinator, results_fiscal_year=latest.fiscal_year,
        plan_fiscal_year=plan_year,
    )
    first = plan.measures.order_by("number").first()
    services.measure_update(
        plan=plan, measure=first, access=coord, actor=coordinator, version=plan.version,
        fields={"budget": Decimal("15000")},
    )
    plan.refresh_from_db()
    first_day = date.fromisoformat(plan.header["reporting"][0]["day"]).replace(month=10, day=1)
    first_day = first_day.replace(year=first_day.year - 1)
    services.measure_add(
        plan=plan, access=coord, actor=coordinator, version=plan.version,
        fields={
            "title_th": "เผยแพร่รายงานการใช้จ่ายงบประมาณรายไตรมาสบนเว็บไซต์หลัก",
            "objective_th": "ให้ประชาชนและบุคลากรตรวจสอบการใช้จ่ายงบประมาณได้ทันเวลา",
            "steps_th": [
                "สรุปผลการเบิกจ่ายไตรมาสที่ 1",
                "สรุปผลการเบิกจ่ายไตรมาสที่ 2 และรายงานรอบ 6 เดือน",
                "สรุปผลการเบิกจ่ายไตรมาสที่ 3",
                "สรุปผลการเบิกจ่ายทั้งปีและเผยแพร่",
            ],
            "responsible_unit": "กองคลัง",
            "start": first_day,
            "end": first_day.replace(year=first_day.year + 1, month=9, day=30),
            "outputs_th": ["รายงานการใช้จ่ายงบประมาณ 4 ฉบับ"],
            "kpi_th": ["เผยแพร่ภายใน 15 วันหลังสิ้นไตรมาส"],
        },
    )
    plan.refresh_from_db()
    services.plan_submit(plan=plan, access=coord, actor=coordinator, version=plan.version,
                         note="เสนอร่างมาตรการตามผลการวิเคราะห์ (ข้อมูลสาธิต)")
    plan.refresh_from_db()
    services.plan_return(
        plan=plan, access=exe, actor=executive, version=plan.version,
        comment="ขอให้ระบุผลผลิตของมาตรการที่ 1 ให้ชัดเจน และตรวจสอบงบประมาณกับกองคลังก่อน (ข้อมูลสาธิต)",
    )
    plan.refresh_from_db()
    services.measure_update(
        plan=plan, measure=first, access=coord, actor=coordinator, version=plan.version,
        fields={"outputs_th": ["รายงานผลการสำรวจรายไตรมาส 4 ฉบับ", "ประกาศสิ่งที่ปรับปรุงจากผลสำรวจบนเว็บไซต์หลัก"]},
    )
    plan.refresh_from_db()
    services.plan_submit(plan=plan, access=coord, actor=coordinator, version=plan.version,
                         note="แก้ไขตามความเห็นของผู้บริหารแล้ว")
    plan.refresh_from_db()
    services.plan_approve(plan=plan, access=exe, actor=executive, version=plan.version,
                          comment="อนุมัติ ให้ทุกส่วนราชการถือปฏิบัติ (ข้อมูลสาธิต)")
    _track(plan, coordinator=coordinator, executive=executive, today=today)
    plan.refresh_from_db()
    published = _publish_documents(plan, coordinator=coordinator)
    tasks = Task.objects.filter(agency=agency, measure__plan=plan)
    overdue = tasks.filter(due__lt=today).exclude(status=TaskStatus.DONE).count()
    return (
        f"แผนมาตรการสาธิตปีงบประมาณ {plan_year}: อนุมัติแล้ว {plan.measures.count()} มาตรการ"
        f" งาน {tasks.count()} งาน (เลยกำหนด {overdue} งาน) เผยแพร่เอกสารบนเว็บไซต์ {published} ฉบับ"
    )


DEMO_PUBLISHED = (DocumentKind.MEASURES, DocumentKind.ANALYSIS)


def _publish_documents(plan: Plan, *, coordinator: Any) -> int:
    """The measures plan and the analysis as Word files, published by the coordinator; how many were published.
    Nothing when the plan is not approved or already has a published document."""
    if plan.status != PlanStatus.APPROVED or GeneratedDocument.objects.filter(
        plan=plan, published_at__isnull=False
    ).exists():
        return 0
    coord = agency_access(user=coordinator, agency=plan.agency)
    count = 0
    for kind in DEMO_PUBLISHED:
        doc = documents.document_request(plan=plan, access=coord, actor=coordinator, kind=kind, fmt="docx")
        if not doc.is_finished:  # in a transaction (load_demo) the queue runs after commit: make it now
            documents.document_render(document_id=str(doc.pk))
            doc.refresh_from_db()
        if doc.status == DocumentStatus.READY:
            documents.document_publish(document=doc, access=coord, actor=coordinator)
            count += 1
    return count


def _track(plan: Plan, *, coordinator: Any, executive: Any, today: date) -> None:
    coord = agency_access(user=coordinator, agency=plan.agency)
    exe = agency_access(user=executive, agency=plan.agency)
    tasks = list(Task.objects.filter(measure__plan=plan).select_related("owner_unit").order_by("due", "pk"))
    past = [t for t in tasks if t.due < today]
    for k, task in enumerate(past):
        if k % 4 == 3:  # left behind: overdue, partly done
            services.task_update(task=task, access=coord, actor=coordinator, status=TaskStatus.IN_PROGRESS,
                                 progress=60, note="รอเอกสารจากผู้รับจ้าง คาดว่าเสร็จภายในสองสัปดาห์ (ข้อมูลสาธิต)")
            continue
        services.task_update(task=task, access=coord, actor=coordinator, status=TaskStatus.DONE, progress=100)
        if k % 2 == 0:
            services.evidence_add(
                task=task, access=coord, actor=coordinator, title=f"หลักฐาน: {task.title_th[:80]}",
                url=f"https://{plan.agency.slug}.example/ita/{plan.fiscal_year}/task-{task.pk}",
            )
    soon = [t for t in tasks if today <= t.due <= today + timedelta(days=45)]
    for k, task in enumerate(soon):
        services.task_update(task=task, access=coord, actor=coordinator, status=TaskStatus.IN_PROGRESS,
                             progress=(30, 50, 70)[k % 3])
    if tasks:
        services.task_comment_add(task=tasks[0], access=exe, actor=executive,
                                  body="ขอให้รายงานผลในการประชุมประจำเดือนด้วย (ข้อมูลสาธิต)")
