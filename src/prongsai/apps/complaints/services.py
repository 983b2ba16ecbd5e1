"""Writes for the complaint channel. Officer actions are audited (who, which case, which status; never the
content). A reporter's own actions are not written to the audit log: its time stamps to the second would be
a fingerprint. The case's own rows keep dates only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from prongsai.apps.agencies.models import Agency, Membership
from prongsai.apps.agencies.notices import access_notice_send, access_watchers, person_label
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.per_request import per_request
from prongsai.apps.complaints.crypto import open_json, seal_json
from prongsai.apps.complaints.models import (
    CLOSED_STATUSES,
    TRANSITIONS,
    Complaint,
    ComplaintKind,
    ComplaintMessage,
    ComplaintOfficer,
    ComplaintStatus,
    ComplaintStatusChange,
    IdentityDisclosure,
    MessageAuthor,
)
from prongsai.apps.complaints.protect import receipt_hash, receipt_new
from prongsai.core.thai import fiscal_year_of

MAX_TEXT = 10_000
IDENTITY_FIELDS = ("name", "phone", "email", "address")


class ComplaintInputError(ValidationError):
    """Bad input for the complaint channel, with a Thai message."""


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    receipt: str  # shown to the reporter once, never stored


def is_complaint_officer(*, user: Any, agency: Agency) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return ComplaintOfficer.objects.filter(agency=agency, user=user).exists()


def officer_memo_key(*, user: Any, agency: Agency) -> str:
    """The key under which a page keeps ``is_complaint_officer`` for the request (``base.per_request`` on the
    request's ``Access``): the next-tasks provider learns it with its count, the menu reads it."""
    return f"complaints.officer:{getattr(user, 'pk', None)}:{agency.pk}"


def is_complaint_officer_on_page(*, user: Any, agency: Agency, access: Any) -> bool:
    """``is_complaint_officer`` for showing a link, asked once per request (kept on ``access``). The officer
    views and services check ``is_complaint_officer`` themselves, never this."""
    return per_request(access, officer_memo_key(user=user, agency=agency),
                       lambda: is_complaint_officer(user=user, agency=agency))


def _today():
    return timezone.localdate()


def _next_number(agency: Agency, fiscal_year: int) -> str:
    prefix = f"{fiscal_year}-"
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one number at a time per agency
    last = Complaint.objects.filter(agency=agency, fiscal_year=fiscal_year).aggregate(m=Max("number"))["m"]
    seq = int(last.removeprefix(prefix)) + 1 if last and last.startswith(prefix) else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def complaint_file(
    *,
    agency: Agency,
    kind: str,
    subject: str,
    details: str,
    about: str = "",
    anonymous: bool = True,
    identity: dict[str, str] | None = None,
) -> Filed:
    """File a complaint. Returns the complaint and its receipt code (the code itself is not stored)."""
    if kind not in ComplaintKind.values:
        raise ComplaintInputError("ประเภทเรื่องไม่ถูกต้อง")
    if not subject.strip() or not details.strip():
        raise ComplaintInputError("กรุณากรอกเรื่องและรายละเอียด")
    identity = {k: (identity or {}).get(k, "").strip() for k in IDENTITY_FIELDS}
    if anonymous:
        identity = {}
    elif not identity["name"]:
        raise ComplaintInputError("กรุณากรอกชื่อผู้แจ้ง หรือเลือกไม่เปิดเผยตัวตน")
    identity = {k: v for k, v in identity.items() if v}
    today = _today()
    fiscal_year = fiscal_year_of(today)
    for _ in range(5):
        receipt = receipt_new()
        digest = receipt_hash(receipt)
        if not Complaint.objects.filter(receipt_hash=digest).exists():
            break
    complaint = Complaint.objects.create(
        agency=agency,
        number=_next_number(agency, fiscal_year),
        fiscal_year=fiscal_year,
        kind=kind,
        subject=subject.strip()[:500],
        details=details.strip()[:MAX_TEXT],
        about=about.strip()[:1000],
        anonymous=anonymous,
        identity_sealed=seal_json(identity),
        receipt_hash=digest,
        status=ComplaintStatus.RECEIVED,
        received_on=today,
    )
    ComplaintStatusChange.objects.create(complaint=complaint, status_to=ComplaintStatus.RECEIVED, changed_on=today)
    return Filed(complaint=complaint, receipt=receipt)


@transaction.atomic
def complaint_reporter_add(*, complaint: Complaint, body: str) -> ComplaintMessage:
    """The reporter adds information (through the receipt code). Allowed while the case is open."""
    if complaint.status in CLOSED_STATUSES:
        raise ComplaintInputError("เรื่องนี้ยุติแล้ว จึงเพิ่มข้อมูลไม่ได้ หากมีข้อมูลใหม่ กรุณาแจ้งเป็นเรื่องใหม่")
    if not body.strip():
        raise ComplaintInputError("กรุณากรอกข้อความ")
    return ComplaintMessage.objects.create(
        complaint=complaint, author=MessageAuthor.REPORTER, body=body.strip()[:MAX_TEXT], written_on=_today()
    )


def _require_officer(officer: Any, complaint: Complaint) -> None:
    if not is_complaint_officer(user=officer, agency=complaint.agency):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่รับเรื่องร้องเรียนที่ได้รับแต่งตั้งเท่านั้น")


@transaction.atomic
def complaint_reply(*, complaint: Complaint, officer: Any, body: str) -> ComplaintMessage:
    _require_officer(officer, complaint)
    if not body.strip():
        raise ComplaintInputError("กรุณากรอกข้อความถึงผู้แจ้ง")
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        author=MessageAuthor.OFFICER,
        body=body.strip()[:MAX_TEXT],
        written_on=_today(),
        officer=officer,
    )
    audit_record(
        actor=officer,
        agency=complaint.agency,
        action="complaint.replied",
        target=complaint,
        before=None,
        after={"number": complaint.number},
    )
    return message


@transaction.atomic
def complaint_status_set(*, complaint: Complaint, officer: Any, status: str) -> Complaint:
    """Move the case along the workflow (``models.TRANSITIONS``)."""
    _require_officer(officer, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if status not in TRANSITIONS.get(complaint.status, ()):
        raise ComplaintInputError("เปลี่ยนเป็นสถานะนี้จากสถานะปัจจุบันไม่ได้")
    before = complaint.status
    complaint.status = status
    complaint.closed_on = _today() if status in CLOSED_STATUSES else None
    complaint.save(update_fields=["status", "closed_on"])
    ComplaintStatusChange.objects.create(
        complaint=complaint, status_from=before, status_to=status, changed_on=_today(), officer=officer
    )
    audit_record(
        actor=officer,
        agency=complaint.agency,
        action="complaint.status_changed",
        target=complaint,
        before={"status": before},
        after={"status": status},
    )
    return complaint


@transaction.atomic
def complaint_identity_reveal(*, complaint: Complaint, officer: Any, reason: str) -> dict[str, str]:
    """Open a named reporter's identity: only an officer, only with a reason; recorded and audited."""
    _require_officer(officer, complaint)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ComplaintInputError("กรุณาระบุเหตุผลที่ต้องเปิดดูตัวตนผู้แจ้ง (อย่างน้อย 10 ตัวอักษร)")
    if complaint.anonymous or not complaint.identity_sealed:
        raise ComplaintInputError("ผู้แจ้งเรื่องนี้ไม่เปิดเผยตัวตน จึงไม่มีข้อมูลให้เปิดดู")
    IdentityDisclosure.objects.create(complaint=complaint, officer=officer, reason=reason[:2000])
    audit_record(
        actor=officer,
        agency=complaint.agency,
        action="complaint.identity_revealed",
        target=complaint,
        before=None,
        after={"number": complaint.number},
        note=reason[:2000],
    )
    return open_json(complaint.identity_sealed)


def _officer_notice(*, agency: Agency, recipients: list[Any], actor: Any, what: str, must_deliver: bool) -> str:
    """Tell the agency's administrators and complaint officers (except ``actor``); the audit note it gives."""
    return access_notice_send(
        agency=agency, recipients=recipients, actor=actor, what=what, when=timezone.now(), must_deliver=must_deliver
    ).note()


@transaction.atomic
def complaint_officer_designate(*, agency: Agency, user: Any, actor: Any) -> ComplaintOfficer:
    """Designate a member of ``agency`` complaint officer: audited, and told to the agency's administrators and
    complaint officers (``agencies.notices``) with who designated whom and when; an administrator designating
    themselves is told to the others the same way. If the notice cannot be sent, nothing is saved."""
    if not Membership.objects.filter(agency=agency, user=user).exists():
        raise ComplaintInputError("ผู้ที่จะแต่งตั้งต้องเป็นบุคลากรของหน่วยงานนี้")
    watchers = access_watchers(agency=agency)  # before the designation: those who already hold the access
    officer, created = ComplaintOfficer.objects.get_or_create(
        agency=agency, user=user, defaults={"designated_by": real_actor(actor)}
    )
    if created:
        itself = real_actor(actor) is not None and actor.pk == user.pk
        whom = "ตนเอง" if itself else f" {person_label(user)} "
        note = _officer_notice(
            agency=agency,
            recipients=watchers,
            actor=actor,
            what=f"{person_label(actor)} แต่งตั้ง{whom}เป็นเจ้าหน้าที่รับเรื่องร้องเรียนของ{agency.name_th}",
            must_deliver=True,
        )
        audit_record(
            actor=actor,
            agency=agency,
            action="complaint_officer.designated",
            target=officer,
            before=None,
            after={"officer": str(user)},
            note=("แต่งตั้งตนเอง · " if itself else "") + note,
        )
    return officer


def _officer_end(*, agency: Agency, officer: ComplaintOfficer, actor: Any, why: str) -> None:
    watchers = access_watchers(agency=agency)  # the revoked officer among them
    note = _officer_notice(
        agency=agency,
        recipients=watchers,
        actor=actor,
        what=f"{person_label(actor)} ยกเลิกการแต่งตั้ง {person_label(officer.user)} "
        f"เป็นเจ้าหน้าที่รับเรื่องร้องเรียนของ{agency.name_th}{why}",
        must_deliver=False,  # taking access away never waits for the mail
    )
    audit_record(
        actor=actor,
        agency=agency,
        action="complaint_officer.revoked",
        target=officer,
        before={"officer": str(officer.user)},
        after=None,
        note=note,
    )
    officer.delete()


@transaction.atomic
def complaint_officer_revoke(*, agency: Agency, officer_id: int, actor: Any) -> None:
    officer = ComplaintOfficer.objects.filter(agency=agency, pk=officer_id).select_related("user").first()
    if officer is None:
        raise ComplaintInputError("ไม่พบเจ้าหน้าที่รับเรื่องร้องเรียนรายนี้ในหน่วยงาน อาจถูกยกเลิกไปแล้ว")
    _officer_end(agency=agency, officer=officer, actor=actor, why="")


@transaction.atomic
def complaint_officer_leave(*, agency: Agency, user: Any, actor: Any) -> None:
    """A person leaves ``agency`` (``agencies.services.membership_remove`` calls this): their designation ends too,
    so that being added again later does not bring it back unannounced."""
    officer = ComplaintOfficer.objects.filter(agency=agency, user=user).select_related("user").first()
    if officer is not None:
        _officer_end(agency=agency, officer=officer, actor=actor, why=" เพราะนำออกจากบุคลากรของหน่วยงาน")
