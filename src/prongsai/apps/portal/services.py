"""Writes for the portal. Staff writes are audited in the same transaction; citizens' submissions are kept
in their own rows (question, request), and nothing a citizen wrote is ever deleted."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.services import agency_row_save
from prongsai.apps.complaints.protect import RECEIPT_ALPHABET
from prongsai.apps.portal.models import (
    SERVICE_DONE,
    SERVICE_TRANSITIONS,
    EvidenceLink,
    NewsItem,
    Question,
    QuestionKind,
    ServiceAttachment,
    ServiceRequest,
    ServiceStatus,
    ServiceStatusChange,
    ServiceType,
)
from prongsai.core.thai import fiscal_year_of

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ALLOWED_MAGIC = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class PortalInputError(ValidationError):
    """Bad input for a portal write, with a Thai message."""


def news_save(*, agency: Agency, actor: Any, item: NewsItem | None, data: Mapping[str, Any]) -> NewsItem:
    return agency_row_save(agency=agency, actor=actor, model=NewsItem, instance=item, data=data, action="news")


def news_text_from_plan(plan: Any) -> tuple[str, str]:
    """(title, body) of the news item of an approved plan, as plain text from the core pipeline (``news_text``:
    the same sentences as the news document, from the plan's stored analysis and measures; no DOCX)."""
    from prongsai.apps.plans.inputs import analysis_of, measures_plan, report_input
    from prongsai.core.pipeline import news_text

    decided = timezone.localdate(plan.decided_at) if plan.decided_at else timezone.localdate()
    data = report_input(
        agency=plan.agency,
        results_fiscal_year=plan.results_fiscal_year,
        plan_fiscal_year=plan.fiscal_year,
        coordinator_unit=str(plan.header.get("coordinator") or "") or None,
        document_date=decided,
    )
    news = news_text(analysis_of(plan), measures_plan(plan), data, digits="arabic")
    return news.title[:300], news.body()


@transaction.atomic
def news_draft_from_plan(*, agency: Agency, actor: Any, plan: Any) -> NewsItem:
    """An unpublished news item drafted from the news document of an approved plan; staff edit and publish it."""
    if plan.agency_id != agency.pk or plan.status != "approved":
        raise PortalInputError("ร่างข่าวได้จากแผนมาตรการที่ผู้บริหารอนุมัติแล้วของหน่วยงานนี้เท่านั้น")
    from prongsai.core.errors import ProngsaiError

    try:
        title, body = news_text_from_plan(plan)
    except ProngsaiError as exc:
        raise PortalInputError(exc.th) from exc
    return agency_row_save(
        agency=agency,
        actor=actor,
        model=NewsItem,
        instance=None,
        data={
            "title": title,
            "body": body,
            "published_on": timezone.localdate(),
            "is_published": False,
            "source": "document",
        },
        action="news",
    )


def service_type_save(*, agency: Agency, actor: Any, item: ServiceType | None, data: Mapping[str, Any]) -> ServiceType:
    unit = data.get("unit")
    if unit is not None and unit.agency_id != agency.pk:
        raise PortalInputError("ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานนี้")
    return agency_row_save(
        agency=agency, actor=actor, model=ServiceType, instance=item, data=data, action="service_type"
    )


def evidence_save(*, agency: Agency, actor: Any, item: EvidenceLink | None, data: Mapping[str, Any]) -> EvidenceLink:
    return agency_row_save(agency=agency, actor=actor, model=EvidenceLink, instance=item, data=data, action="evidence")


# --- questions and feedback ------------------------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, agency: Agency, kind: str, subject: str, body: str, display_name: str = "", contact: str = ""
) -> Question:
    if kind not in QuestionKind.values:
        raise PortalInputError("ประเภทไม่ถูกต้อง")
    if not subject.strip() or not body.strip():
        raise PortalInputError("กรุณากรอกหัวข้อและข้อความ")
    return Question.objects.create(
        agency=agency,
        kind=kind,
        subject=subject.strip()[:200],
        body=body.strip()[:5000],
        display_name=display_name.strip()[:100],
        contact=contact.strip()[:300],
    )


@transaction.atomic
def question_answer(*, agency: Agency, question: Question, actor: Any, answer: str) -> Question:
    if question.agency_id != agency.pk:
        raise PortalInputError("ไม่พบคำถามนี้ในหน่วยงาน")
    answer = answer.strip()
    if not answer:
        raise PortalInputError("กรุณากรอกคำตอบ")
    before = {"answer": question.answer}
    question.answer = answer[:10_000]
    if question.answered_at is None:
        question.answered_at = timezone.now()
    question.answered_by = actor
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        actor=actor,
        agency=agency,
        action="question.answered",
        target=question,
        before=before,
        after={"answer": question.answer},
    )
    return question


@transaction.atomic
def question_moderate(*, agency: Agency, question: Question, actor: Any, hide: bool, reason: str = "") -> Question:
    """Hide (with a reason) or show again. Nothing is deleted; the public page says an item was hidden."""
    if question.agency_id != agency.pk:
        raise PortalInputError("ไม่พบคำถามนี้ในหน่วยงาน")
    reason = reason.strip()
    if hide and len(reason) < 5:
        raise PortalInputError("กรุณาระบุเหตุผลที่ซ่อน (อย่างน้อย 5 ตัวอักษร)")
    before = {"is_hidden": question.is_hidden, "hidden_reason": question.hidden_reason}
    question.is_hidden = hide
    question.hidden_reason = reason[:300] if hide else question.hidden_reason
    question.save(update_fields=["is_hidden", "hidden_reason"])
    audit_record(
        actor=actor,
        agency=agency,
        action="question.hidden" if hide else "question.unhidden",
        target=question,
        before=before,
        after={"is_hidden": question.is_hidden, "hidden_reason": question.hidden_reason},
        note=reason,
    )
    return question


# --- e-service ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _content_type(data: bytes) -> str | None:
    for magic, kind in ALLOWED_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def _clean_filename(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ()\u0E00-\u0E7F]", "_", base).strip(" .") or "ไฟล์แนบ"
    return base[:200]


def check_uploads(uploads: list[Upload]) -> list[tuple[str, str, bytes]]:
    """(filename, content type, bytes) for each upload, or ``PortalInputError`` in Thai."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise PortalInputError(f"แนบไฟล์ได้ไม่เกิน {MAX_ATTACHMENTS} ไฟล์")
    out = []
    for up in uploads:
        if len(up.data) > MAX_ATTACHMENT_BYTES:
            raise PortalInputError(f"ไฟล์ {_clean_filename(up.name)} ใหญ่เกิน {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
        if not up.data:
            raise PortalInputError(f"ไฟล์ {_clean_filename(up.name)} ว่างเปล่า")
        kind = _content_type(up.data)
        if kind is None:
            raise PortalInputError(f"ไฟล์ {_clean_filename(up.name)} ไม่ใช่ PDF, JPEG หรือ PNG")
        out.append((_clean_filename(up.name), kind, up.data))
    return out


def _tracking_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"ES-{raw[:4]}-{raw[4:]}"


def tracking_normalise(code: str) -> str:
    from prongsai.core.thai import to_arabic_digits

    text = re.sub(r"[\s\-]", "", to_arabic_digits(code or "").upper())
    text = text.removeprefix("ES")
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(text) != 8 or any(ch not in RECEIPT_ALPHABET for ch in text):
        return ""
    return f"ES-{text[:4]}-{text[4:]}"


@transaction.atomic
def service_request_file(
    *, agency: Agency, service_type: ServiceType, name: str, contact: str, details: str, uploads: list[Upload]
) -> ServiceRequest:
    if service_type.agency_id != agency.pk or not service_type.is_active:
        raise PortalInputError("งานบริการนี้ไม่เปิดรับคำขอ")
    if not name.strip() or not contact.strip():
        raise PortalInputError("กรุณากรอกชื่อและช่องทางติดต่อ")
    files = check_uploads(uploads)
    code = _tracking_code()
    while ServiceRequest.objects.filter(tracking_code=code).exists():
        code = _tracking_code()
    request = ServiceRequest.objects.create(
        agency=agency,
        service_type=service_type,
        tracking_code=code,
        fiscal_year=fiscal_year_of(timezone.localdate()),
        requester_name=name.strip()[:200],
        requester_contact=contact.strip()[:300],
        details=details.strip()[:5000],
    )
    for filename, content_type, data in files:
        ServiceAttachment.objects.create(
            request=request, filename=filename, content_type=content_type, size=len(data), data=data
        )
    ServiceStatusChange.objects.create(request=request, status=ServiceStatus.RECEIVED)
    return request


@transaction.atomic
def service_request_status_set(
    *, agency: Agency, request: ServiceRequest, actor: Any, status: str, note: str = ""
) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk, agency=agency)
    if status not in SERVICE_TRANSITIONS.get(request.status, ()):
        raise PortalInputError("เปลี่ยนเป็นสถานะนี้จากสถานะปัจจุบันไม่ได้")
    before = request.status
    request.status = status
    request.completed_at = timezone.now() if status in SERVICE_DONE else None
    request.save(update_fields=["status", "completed_at"])
    ServiceStatusChange.objects.create(request=request, status=status, note=note.strip()[:500], changed_by=actor)
    audit_record(
        actor=actor,
        agency=agency,
        action="service_request.status_changed",
        target=request,
        before={"status": before},
        after={"status": status},
        note=note.strip()[:500],
    )
    return request
