"""Documents made from a plan: analysis, measures, news, memo (core pipeline ``build_report``) and the 6-month and
annual progress reports (core pipeline ``build_progress_report``), as DOCX or PDF.

A request (``document_request``) stores a ``GeneratedDocument`` row and enqueues ``document_render_job`` on
Django's task queue (``django-tasks``; the database backend in production, run by ``db_worker``). The worker
(``document_render``) builds the DOCX, converts it to PDF with LibreOffice when asked (about 2 s and 200 MB, which
is why it is not done in the request), stores the file under a random name and marks the row ready or failed.
The download page polls until then. A document of the same plan version, kind, format and digits made the same
day is reused instead of made again.

Publishing is a separate, deliberate act (``document_publish`` / ``document_unpublish``, by someone with
``edit_portal``, audited): a ready document is internal until then, and the approval memo (``INTERNAL_KINDS``) can
never be published. Only a ready document of the approved plan as it was approved is published; publishing one
replaces the published document of the same kind and format.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.apps.agencies.access import Access
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base import files
from prongsai.apps.base.actors import real_actor
from prongsai.apps.plans.inputs import analysis_of, measures_plan, progress_input, report_input
from prongsai.apps.plans.models import (
    INTERNAL_KINDS,
    DocumentFormat,
    DocumentKind,
    DocumentStatus,
    GeneratedDocument,
    Plan,
    PlanStatus,
)
from prongsai.apps.plans.services import NotAllowed, PlanRefused
from prongsai.core.errors import ProngsaiError

logger = logging.getLogger(__name__)

PLAN_KINDS = (DocumentKind.ANALYSIS, DocumentKind.MEASURES, DocumentKind.NEWS, DocumentKind.MEMO)
PROGRESS_KINDS = (DocumentKind.PROGRESS6, DocumentKind.PROGRESS12)
FILE_STEMS = {
    "analysis": "analysis",
    "measures": "measures",
    "news": "news",
    "memo": "memo",
    "progress6": "progress-6-months",
    "progress12": "progress-12-months",
}


def _filename(doc: GeneratedDocument, plan: Plan) -> str:
    return f"{plan.agency.slug}-{plan.fiscal_year}-{FILE_STEMS[doc.kind]}.{doc.fmt}"


@transaction.atomic
def document_request(
    *, plan: Plan, access: Access, actor: Any, kind: str, fmt: str, digits: str = "thai"
) -> GeneratedDocument:
    """Queue a document (or reuse today's identical one). Anyone who may view the agency may ask."""
    if access.agency.pk != plan.agency_id or not access.can_view:
        raise NotAllowed("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")
    if kind not in DocumentKind.values:
        raise PlanRefused("กรุณาเลือกเอกสาร", field="kind")
    if fmt not in DocumentFormat.values:
        raise PlanRefused("กรุณาเลือกรูปแบบไฟล์", field="fmt")
    if digits not in ("thai", "arabic"):
        raise PlanRefused("กรุณาเลือกชนิดตัวเลข", field="digits")
    if kind in PROGRESS_KINDS and not plan.measures.filter(tasks__isnull=False).exists():
        raise PlanRefused("แผนนี้ยังไม่มีงานที่ติดตาม จึงยังจัดทำรายงานความคืบหน้าไม่ได้", field="kind")
    if kind in PLAN_KINDS:
        today = timezone.localdate()
        reuse = (
            GeneratedDocument.objects.filter(
                agency_id=plan.agency_id, plan=plan, plan_version=plan.version, kind=kind, fmt=fmt, digits=digits,
                created_at__date=today,
            )
            .exclude(status=DocumentStatus.FAILED)
            .order_by("-created_at")
            .first()
        )
        if reuse is not None:
            return reuse
    real = real_actor(actor)
    doc = GeneratedDocument(
        agency_id=plan.agency_id, plan=plan, plan_version=plan.version, kind=kind, fmt=fmt, digits=digits,
        requested_by=real,
    )
    doc.filename = _filename(doc, plan)
    doc.save()
    audit_record(
        actor=actor, agency=plan.agency, action="document.requested", target=plan, before=None,
        after={"kind": doc.get_kind_display(), "format": fmt, "digits": digits, "version": plan.version},
    )
    document_id = str(doc.pk)
    transaction.on_commit(lambda: _enqueue(document_id))
    return doc


def _enqueue(document_id: str) -> None:
    """After the row is committed (the worker must see it): put the job on the queue and note its id."""
    result = document_render_job.enqueue(document_id)
    GeneratedDocument.objects.filter(pk=document_id).update(task_id=str(result.id)[:64])


def build_docx(doc: GeneratedDocument) -> bytes:
    """The DOCX of a requested document, from the plan as stored now (core builders)."""
    from prongsai.core.pipeline import build_progress_report, build_report

    plan = doc.plan
    today = timezone.localdate()
    if doc.kind in PROGRESS_KINDS:
        data = progress_input(plan=plan, period="6" if doc.kind == DocumentKind.PROGRESS6 else "12", as_of=today)
        return build_progress_report(data, digits=doc.digits).to_bytes()
    data = report_input(
        agency=plan.agency,
        results_fiscal_year=plan.results_fiscal_year,
        plan_fiscal_year=plan.fiscal_year,
        coordinator_unit=str(plan.header.get("coordinator") or "") or None,
        document_date=today,
    )
    return build_report(doc.kind, analysis_of(plan), measures_plan(plan), data, digits=doc.digits).to_bytes()


def document_render(*, document_id: str) -> str:
    """Make the file of a queued document (the worker calls this). Returns the final status."""
    from prongsai.core.documents.write.pdf import docx_to_pdf

    with transaction.atomic():
        found = GeneratedDocument.objects.select_for_update(of=("self",)).select_related("plan__agency")
        doc = found.filter(pk=document_id).first()
        if doc is None or doc.is_finished:
            return doc.status if doc is not None else "missing"
        doc.status = DocumentStatus.RUNNING
        doc.save(update_fields=["status"])
    try:
        data = build_docx(doc)
        if doc.fmt == DocumentFormat.PDF:
            data = docx_to_pdf(data)
        stored = files.store(data, folder=f"documents/{doc.agency_id}", suffix=doc.fmt)
    except ProngsaiError as exc:
        doc.status, doc.error = DocumentStatus.FAILED, exc.th
    except Exception:  # keep the worker alive; the page shows the failure and the log has the trace
        logger.exception("document %s failed", document_id)
        doc.status, doc.error = DocumentStatus.FAILED, "จัดทำเอกสารไม่สำเร็จเพราะข้อผิดพลาดของระบบ กรุณาลองอีกครั้ง"
    else:
        doc.status, doc.stored_name, doc.size = DocumentStatus.READY, stored, len(data)
    doc.finished_at = timezone.now()
    doc.save(update_fields=["status", "stored_name", "size", "error", "finished_at"])
    return doc.status


def _publication(doc: GeneratedDocument) -> dict[str, Any]:
    return {"kind": doc.get_kind_display(), "format": doc.fmt, "version": doc.plan_version}


def _locked(document: GeneratedDocument, access: Access) -> GeneratedDocument:
    """The document, locked, once the caller may publish in its agency (``NotAllowed``: 403)."""
    if access.agency.pk != document.agency_id:
        raise NotAllowed("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")
    if not access.can_edit_portal:
        raise NotAllowed("ท่านไม่มีสิทธิ์เผยแพร่เอกสารบนเว็บไซต์ของหน่วยงาน")
    found = GeneratedDocument.objects.select_for_update(of=("self",)).select_related("plan", "plan__agency")
    return found.get(pk=document.pk, agency_id=access.agency.pk)


@transaction.atomic
def document_publish(*, document: GeneratedDocument, access: Access, actor: Any) -> GeneratedDocument:
    """Publish a ready document of an approved plan on the portal (and unpublish the one it replaces: the same
    kind and format). Refused (``PlanRefused``, Thai): an internal kind, a document not ready, a plan not approved,
    a document made from a version before approval. Publishing what is already published changes nothing."""
    doc = _locked(document, access)
    if doc.kind in INTERNAL_KINDS:
        raise PlanRefused(f"{doc.get_kind_display()}เป็นเอกสารภายในหน่วยงาน เผยแพร่บนเว็บไซต์ไม่ได้")
    if doc.status != DocumentStatus.READY:
        raise PlanRefused("เอกสารนี้ยังจัดทำไม่เสร็จ จึงยังเผยแพร่ไม่ได้")
    plan = doc.plan
    if plan.status != PlanStatus.APPROVED:
        raise PlanRefused("เผยแพร่ได้เฉพาะเอกสารของแผนที่ผู้บริหารอนุมัติแล้ว")
    if doc.plan_version != plan.version:
        raise PlanRefused(
            f"เอกสารนี้จัดทำจากแผนฉบับที่ {doc.plan_version} ก่อนผู้บริหารอนุมัติ (ฉบับที่อนุมัติคือ {plan.version}) "
            "กรุณาจัดทำเอกสารใหม่แล้วจึงเผยแพร่"
        )
    if doc.published_at is not None:
        return doc
    replaced = GeneratedDocument.objects.select_for_update().filter(
        agency_id=doc.agency_id, plan=plan, kind=doc.kind, fmt=doc.fmt, published_at__isnull=False
    ).exclude(pk=doc.pk)
    for old in replaced:
        old.published_at, old.published_by = None, None
        old.save(update_fields=["published_at", "published_by"])
        audit_record(actor=actor, agency=plan.agency, action="document.unpublished", target=old,
                     before=_publication(old), after={"replaced": True})
    doc.published_at, doc.published_by = timezone.now(), real_actor(actor)
    doc.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, agency=plan.agency, action="document.published", target=doc, before=None,
                 after=_publication(doc))
    return doc


@transaction.atomic
def document_unpublish(*, document: GeneratedDocument, access: Access, actor: Any) -> GeneratedDocument:
    """Take a document off the portal. One that is not published is left as it is."""
    doc = _locked(document, access)
    if doc.published_at is None:
        return doc
    before = _publication(doc)
    doc.published_at, doc.published_by = None, None
    doc.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, agency=doc.plan.agency, action="document.unpublished", target=doc, before=before,
                 after=None)
    return doc


@task()
def document_render_job(document_id: str) -> str:
    """The background job (django-tasks) that makes a queued document: ``document_render``. Declared here, beside
    the service that queues it and the one it runs; ``jobs`` lists it."""
    return document_render(document_id=document_id)

