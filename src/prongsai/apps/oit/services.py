"""Writes for OIT evidence: the checklist and its items, evidence files, clarifications, website checks, uptime.

Every service is keyword-only, checks the person's ``Access`` again, validates before writing, runs in one
transaction and writes an audit entry. A refusal raises ``OitRefused`` (a ``ValidationError`` with the Thai
message and the form field it belongs to); ``NotAllowed`` when the role does not allow it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base import files
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.siteurl import configured_site_url, follow_site
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.oit.convert import core_checklist, core_item, site_report
from prongsai.apps.oit.models import CheckStatus, OitChecklist, OitFile, OitItem, SiteCheck, UptimeProbe
from prongsai.apps.portal.selectors import evidence_for_agency
from prongsai.core.errors import ProngsaiError
from prongsai.core.oit import UptimeSample, apply_site_report, build_checklist, draft_clarification
from prongsai.core.oit.checklist import STATUS_TH, carry_evidence, has_work, match_items

logger = logging.getLogger(__name__)

MAX_URLS = 10
MAX_STEPS = 12
MAX_FILES_PER_ITEM = 20


class OitRefused(ValidationError):
    def __init__(self, th: str, *, field: str | None = None) -> None:
        super().__init__(th, code="oit_refused")
        self.th = th
        self.field = field


class NotAllowed(OitRefused):
    """The person's role does not allow this (the view answers 403)."""


def allow_private() -> bool:
    """Whether the web app may crawl and probe private/loopback addresses (False unless a test or an intranet
    installation sets ``PRONGSAI_OIT_ALLOW_PRIVATE``)."""
    return bool(getattr(settings, "PRONGSAI_OIT_ALLOW_PRIVATE", False))


def _need_edit(access: Access, agency_id: int) -> None:
    if access.agency.pk != agency_id:
        raise NotAllowed("ข้อมูลนี้ไม่ได้อยู่ในหน่วยงานของท่าน")
    if not access.can_edit_results:
        raise NotAllowed("ท่านดูรายการตรวจได้ แต่แก้ไขไม่ได้ (ต้องเป็นผู้ประสานงาน ITA หรือผู้ดูแลระบบของหน่วยงาน)")



_URL = URLValidator(schemes=["http", "https"])


def clean_url(url: str, *, field: str = "urls") -> str:
    url = (url or "").strip()
    if len(url) > 1000:
        raise OitRefused("ที่อยู่เว็บยาวเกิน 1,000 ตัวอักษร", field=field)
    try:
        _URL(url)
    except ValidationError:
        raise OitRefused(
            f"“{url[:80]}” ไม่ใช่ที่อยู่เว็บ ต้องขึ้นต้นด้วย http:// หรือ https:// เช่น https://www.example.go.th/ita",
            field=field,
        ) from None
    return url


# --- the checklist -----------------------------------------------------------------------------------------


@transaction.atomic
def checklist_create(
    *, agency: Agency, access: Access, actor: Any, fiscal_year: int, base_url: str | None = None
) -> OitChecklist:
    """The year's checklist from its framework (or the existing one). URLs are pre-filled from the portal's
    published OIT evidence links (``portal.EvidenceLink``) of the same year; links to this site's own pages follow
    ``base_url`` (the request's ``https://host:port``), else the configured site address (``base.siteurl``)."""
    base = base_url or configured_site_url()
    _need_edit(access, agency.pk)
    existing = OitChecklist.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if existing is not None:
        return existing
    try:
        framework = framework_registry().get(fiscal_year)
    except ProngsaiError as exc:
        raise OitRefused(f"ไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year}: {exc.th}", field="fiscal_year") from exc
    checklist = build_checklist(framework, agency=agency.name_th, main_site=agency.website or None)
    links: dict[str, list] = {}
    for link in evidence_for_agency(agency=agency, fiscal_year=fiscal_year, published_only=True):
        links.setdefault(link.item_code.strip().lower(), []).append(link)
    prefilled = 0
    for it in checklist.items:
        found = links.get(it.code.lower(), [])
        if found:
            it.urls = [follow_site(lk.url, base) for lk in found][:MAX_URLS]
            notes = [lk.note.strip() for lk in found if lk.note.strip()]
            if notes:
                it.explanation = "\n".join(notes)
            prefilled += 1
    row = OitChecklist.objects.create(
        agency=agency, fiscal_year=fiscal_year, main_site=agency.website, framework_origin=framework.origin[:300],
        created_by=real_actor(actor),
    )
    OitItem.objects.bulk_create(
        OitItem(agency=agency, checklist=row, position=n, code=it.code.lower(), data=it.model_dump(mode="json"))
        for n, it in enumerate(checklist.items)
    )
    audit_record(
        actor=actor, agency=agency, action="oit.checklist_created", target=row, before=None,
        after={"fiscal_year": fiscal_year, "items": len(checklist.items), "prefilled": prefilled},
    )
    return row


def _locked(item: OitItem, version: int | None) -> OitItem:
    row = (
        OitItem.objects.select_for_update(of=("self",))
        .select_related("checklist")
        .get(pk=item.pk, agency_id=item.agency_id)
    )
    if version is not None and row.version != version:
        raise OitRefused(
            f"มีผู้แก้ไขข้อนี้ไปก่อนหน้าท่าน (ฉบับที่ {row.version}) กรุณาเปิดหน้านี้ใหม่เพื่อดูข้อมูลล่าสุด แล้วแก้ไขอีกครั้ง"
        )
    return row


def _snapshot(data: dict) -> dict[str, Any]:
    return {
        "responsible": data.get("responsible") or "",
        "urls": list(data.get("urls") or []),
        "how_to_find": " → ".join(data.get("how_to_find") or []),
        "parts_done": sorted(p["id"] for p in data.get("parts", []) if p.get("done") is True),
        "status": data.get("status"),
        "explanation": data.get("explanation") or "",
        "clarification": data.get("clarification") or "",
    }


def _save_item(row: OitItem, new_data: dict, *, actor: Any, action: str, extra: dict | None = None) -> OitItem:
    before, after = _snapshot(row.data), _snapshot(new_data)
    changed = {k for k in after if after[k] != before[k]}
    if not changed and not extra:
        return row
    row.data = new_data
    row.version += 1
    row.updated_by = real_actor(actor)
    row.save()
    audit_record(
        actor=actor, agency=row.agency, action=action, target=row,
        before={k: before[k] for k in sorted(changed)},
        after={**{k: after[k] for k in sorted(changed)}, **(extra or {})},
    )
    return row


@transaction.atomic
def item_update(
    *,
    item: OitItem,
    access: Access,
    actor: Any,
    version: int,
    responsible: str,
    urls: list[str],
    how_to_find: list[str],
    parts_done: set[str],
    status: str,
    explanation: str,
) -> OitItem:
    """Save one item's form. Only this item's row is locked: others' edits of other items are untouched."""
    _need_edit(access, item.agency_id)
    responsible = (responsible or "").strip()
    if len(responsible) > 300:
        raise OitRefused("ชื่อและตำแหน่งผู้รับผิดชอบยาวเกิน 300 ตัวอักษร", field="responsible")
    urls = [u.strip() for u in urls if u and u.strip()]
    if len(urls) > MAX_URLS:
        raise OitRefused(f"ใส่ URL ได้ไม่เกิน {MAX_URLS} รายการ", field="urls")
    urls = [clean_url(u) for u in urls]
    steps = [s.strip() for s in how_to_find if s and s.strip()]
    if len(steps) > MAX_STEPS or any(len(s) > 200 for s in steps):
        raise OitRefused(f"วิธีเข้าถึงมีได้ไม่เกิน {MAX_STEPS} ขั้น ขั้นละไม่เกิน 200 ตัวอักษร", field="how_to_find")
    if status not in STATUS_TH:
        raise OitRefused("กรุณาเลือกสถานะ", field="status")
    explanation = (explanation or "").strip()
    if len(explanation) > 3000:
        raise OitRefused("คำอธิบายยาวเกิน 3,000 ตัวอักษร", field="explanation")
    row = _locked(item, version)
    core = core_item(row)
    unknown = set(parts_done) - {p.id for p in core.parts}
    if unknown:
        raise OitRefused("ส่วนประกอบที่เลือกไม่ใช่ของข้อนี้", field="parts")
    core.responsible = responsible or None
    core.urls = urls
    core.how_to_find = steps
    for p in core.parts:
        if p.id in parts_done:
            p.done = True
        elif p.done is True:
            p.done = False
    core.status = status  # type: ignore[assignment]
    core.explanation = explanation or None
    core.files = []  # files live in OitFile rows
    return _save_item(row, core.model_dump(mode="json"), actor=actor, action="oit.item_updated")


@transaction.atomic
def file_add(*, item: OitItem, access: Access, actor: Any, data: bytes, filename: str) -> OitFile:
    """An evidence file of an item: sniffed from its bytes (``base.files``), stored under a random name."""
    _need_edit(access, item.agency_id)
    try:
        sniffed = files.sniff_evidence(data, filename)
    except files.EvidenceRefused as exc:
        raise OitRefused(exc.th, field="file") from exc
    row = _locked(item, None)
    if row.files.count() >= MAX_FILES_PER_ITEM:
        raise OitRefused(f"ข้อนี้มีไฟล์ครบ {MAX_FILES_PER_ITEM} ไฟล์แล้ว กรุณาลบไฟล์ที่ไม่ใช้ก่อน", field="file")
    name = files.display_filename(filename)
    stored = files.store(data, folder=f"oit/{item.agency_id}", suffix=sniffed.kind)
    try:
        evidence = OitFile.objects.create(
            agency_id=item.agency_id, item=row, stored_name=stored, original_name=name, kind=sniffed.kind,
            content_type=sniffed.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            added_by=real_actor(actor),
        )
        audit_record(
            actor=actor, agency=access.agency, action="oit.file_added", target=row, before=None,
            after={"file": name, "kind": sniffed.kind, "sha256": evidence.sha256},
        )
    except Exception:
        files.remove(stored)
        raise
    return evidence


@transaction.atomic
def file_remove(*, evidence: OitFile, access: Access, actor: Any) -> None:
    _need_edit(access, evidence.agency_id)
    stored, name, item = evidence.stored_name, evidence.original_name, evidence.item
    evidence.delete()
    audit_record(
        actor=actor, agency=access.agency, action="oit.file_removed", target=item, before={"file": name}, after=None
    )
    transaction.on_commit(lambda: files.remove(stored))


@transaction.atomic
def clarification_draft(*, item: OitItem, access: Access, actor: Any, version: int, reason: str) -> OitItem:
    """Draft the ชี้แจงเพิ่มเติม of an item the assessor marked ไม่มี (core ``draft_clarification``); the item
    becomes "disputed". The officer then edits the text (``clarification_save``)."""
    _need_edit(access, item.agency_id)
    reason = (reason or "").strip()
    if not reason:
        raise OitRefused("กรุณาใส่ความเห็นของผู้ประเมินต่อข้อนี้ เช่น “ไม่พบค่าธรรมเนียม”", field="reason")
    if len(reason) > 1000:
        raise OitRefused("ความเห็นของผู้ประเมินยาวเกิน 1,000 ตัวอักษร", field="reason")
    row = _locked(item, version)
    core = core_item(row, row.files.all())
    text = draft_clarification(
        core, reason, fiscal_year=row.checklist.fiscal_year, agency=access.agency.name_th, on=timezone.now()
    )
    core.files = []
    core.clarification = text
    if core.status != "not_applicable":
        core.status = "disputed"
    row.dispute_reason = reason
    return _save_item(row, core.model_dump(mode="json"), actor=actor, action="oit.clarification_drafted",
                      extra={"reason": reason})


@transaction.atomic
def clarification_save(*, item: OitItem, access: Access, actor: Any, version: int, text: str) -> OitItem:
    _need_edit(access, item.agency_id)
    text = (text or "").strip()
    if not text:
        raise OitRefused("คำชี้แจงว่างเปล่า กรุณาพิมพ์ข้อความ หรือร่างใหม่จากความเห็นของผู้ประเมิน", field="text")
    if len(text) > 20000:
        raise OitRefused("คำชี้แจงยาวเกิน 20,000 ตัวอักษร", field="text")
    row = _locked(item, version)
    core = core_item(row)
    core.clarification = text
    return _save_item(row, core.model_dump(mode="json"), actor=actor, action="oit.clarification_saved")


# --- the website checker -----------------------------------------------------------------------------------


def checks_per_hour() -> int:
    return int(getattr(settings, "PRONGSAI_OIT_CHECKS_PER_HOUR", 6))


def check_stale_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "PRONGSAI_OIT_CHECK_STALE_SECONDS", 1800)))


@transaction.atomic
def site_check_request(*, agency: Agency, access: Access, actor: Any, fiscal_year: int, url: str = "") -> SiteCheck:
    """Queue a check of the agency's main website (or ``url``). One check at a time per agency, and at most
    ``PRONGSAI_OIT_CHECKS_PER_HOUR`` an hour. A host on a private or loopback network is refused."""
    from prongsai.core.oit.crawler import _blocked_address, normalise_url

    _need_edit(access, agency.pk)
    if fiscal_year not in framework_registry().years():
        raise OitRefused(f"ไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year}", field="fiscal_year")
    raw = (url or "").strip() or agency.website
    if not raw:
        raise OitRefused("หน่วยงานยังไม่ได้บันทึกเว็บไซต์หลัก กรุณาพิมพ์ที่อยู่เว็บไซต์ที่จะตรวจ", field="url")
    target = normalise_url(raw) if len(raw) <= 500 else None
    if target is None:
        raise OitRefused("ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อโดเมน เช่น https://www.example.go.th",
                         field="url")
    if not allow_private() and _private_host(urlsplit(target).hostname or "", _blocked_address):
        raise OitRefused("ตรวจไม่ได้: ชื่อโดเมนนี้ชี้ไปยังเครือข่ายภายใน (private/loopback) ไม่ใช่เว็บไซต์สาธารณะ", field="url")
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one request at a time per agency
    now = timezone.now()
    pending = SiteCheck.objects.filter(agency=agency, status__in=(CheckStatus.QUEUED, CheckStatus.RUNNING))
    pending.filter(created_at__lt=now - check_stale_after()).update(
        status=CheckStatus.FAILED, error="การตรวจนี้ค้างนานเกินไป (ตัวประมวลผลงานเบื้องหลังอาจหยุดทำงาน) จึงยกเลิก",
        finished_at=now,
    )
    if pending.exists():
        raise OitRefused("กำลังตรวจเว็บไซต์ของหน่วยงานอยู่ กรุณารอให้เสร็จก่อนสั่งตรวจใหม่")
    recent = SiteCheck.objects.filter(agency=agency, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= checks_per_hour():
        raise OitRefused(f"สั่งตรวจได้ไม่เกิน {checks_per_hour()} ครั้งต่อชั่วโมง กรุณารอสักครู่แล้วลองใหม่")
    check = SiteCheck.objects.create(agency=agency, fiscal_year=fiscal_year, url=target, requested_by=real_actor(actor))
    audit_record(
        actor=actor, agency=agency, action="oit.check_requested", target=check, before=None,
        after={"url": target, "fiscal_year": fiscal_year},
    )
    check_id = check.pk
    transaction.on_commit(lambda: _enqueue(check_id))
    return check


def _private_host(host: str, blocked) -> bool:
    """An IP address typed as such is judged without a lookup; a name by what it resolves to (the core's check)."""
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return blocked(host)


def _enqueue(check_id: int) -> None:
    result = site_check_job.enqueue(check_id)
    SiteCheck.objects.filter(pk=check_id).update(task_id=str(result.id)[:64])


def _crawl_config():
    from prongsai.core.oit import CrawlConfig

    return CrawlConfig(
        allow_private=allow_private(),
        max_pages=int(getattr(settings, "PRONGSAI_OIT_MAX_PAGES", 300)),
        max_seconds=float(getattr(settings, "PRONGSAI_OIT_MAX_SECONDS", 600)),
        timeout=float(getattr(settings, "PRONGSAI_OIT_TIMEOUT", 15)),
        concurrency=int(getattr(settings, "PRONGSAI_OIT_CONCURRENCY", 4)),
    )


def site_check_run(*, check_id: int) -> str:
    """Run a queued check (the worker calls this): crawl, judge, store the report (and its PDF). Returns the
    final status. Never raises for the site's trouble: the row says failed, with the reason in Thai."""
    from prongsai.core.oit import check_site_sync

    with transaction.atomic():
        check = SiteCheck.objects.select_for_update().filter(pk=check_id).first()
        if check is None or check.status != CheckStatus.QUEUED:
            return check.status if check is not None else "missing"
        check.status, check.started_at = CheckStatus.RUNNING, timezone.now()
        check.save(update_fields=["status", "started_at"])
    report = None
    try:
        framework = framework_registry().get(check.fiscal_year)  # the installation's year, workbench included
        report = check_site_sync(check.url, framework, config=_crawl_config())
    except ProngsaiError as exc:
        check.status, check.error = CheckStatus.FAILED, exc.th
    except Exception:  # keep the worker alive; the page shows the failure and the log has the trace
        logger.exception("website check %s failed", check_id)
        check.status, check.error = CheckStatus.FAILED, "ตรวจไม่สำเร็จเพราะข้อผิดพลาดของระบบ กรุณาลองอีกครั้ง"
    if report is not None and report.pages_crawled == 0:  # not even the home page: say why, judge nothing
        check.status = CheckStatus.FAILED
        check.error = " ".join(report.notes) or "เปิดหน้าหลักของเว็บไซต์ไม่ได้ จึงตรวจไม่ได้"
        check.error_technical = "\n".join(report.technical)
    elif report is not None:
        counts = report.counts()
        check.status, check.report = CheckStatus.DONE, report.model_dump(mode="json")
        check.found, check.doubtful, check.missing = counts["found"], counts["doubtful"], counts["missing"]
        if getattr(settings, "PRONGSAI_OIT_PDF", True):
            check.pdf_stored_name = _render_pdf(report, check.agency_id)
    check.finished_at = timezone.now()
    check.save(update_fields=["status", "error", "error_technical", "report", "found", "doubtful", "missing",
                              "pdf_stored_name", "finished_at"])
    return check.status


@task()
def site_check_job(check_id: int) -> str:
    """The background job (django-tasks) that runs a queued check: ``site_check_run``. Declared here, beside the
    service that queues it and the one it runs; ``jobs`` lists it."""
    return site_check_run(check_id=check_id)


def _render_pdf(report, agency_id: int) -> str:
    from prongsai.core.oit.report import render_pdf

    try:
        data = render_pdf(report)
    except ProngsaiError as exc:
        logger.warning("website check PDF not made: %s", exc)
        return ""
    except Exception:
        logger.exception("website check PDF failed")
        return ""
    return files.store(data, folder=f"oitcheck/{agency_id}", suffix="pdf")


@transaction.atomic
def site_check_apply(
    *, check: SiteCheck, access: Access, actor: Any, mark_published: bool = False, base_url: str | None = None
) -> OitChecklist:
    """Fill the year's checklist from a finished check (core ``apply_site_report``): empty URLs and how-to-find
    paths, parts the checker saw; with ``mark_published``, found items become published. Creates the year's
    checklist first when there is none."""
    _need_edit(access, check.agency_id)
    report = site_report(check)
    if check.status != CheckStatus.DONE or report is None:
        raise OitRefused("การตรวจนี้ยังไม่เสร็จ จึงยังนำผลไปใช้ไม่ได้")
    checklist = checklist_create(agency=access.agency, access=access, actor=actor, fiscal_year=check.fiscal_year,
                                 base_url=base_url)
    rows = list(OitItem.objects.select_for_update().filter(checklist=checklist, agency_id=check.agency_id,
                                                           retired=False).order_by("position"))
    core = core_checklist(checklist, rows, agency_name=access.agency.name_th)
    try:
        apply_site_report(core, report, mark_published=mark_published)
    except ProngsaiError as exc:
        raise OitRefused(exc.th) from exc
    changed = 0
    for row, it in zip(rows, core.items, strict=True):
        new = it.model_dump(mode="json")
        if new != row.data:
            row.data, row.version, row.updated_by = new, row.version + 1, real_actor(actor)
            row.save()
            changed += 1
    if core.main_site and not checklist.main_site:
        checklist.main_site = core.main_site[:500]
        checklist.save(update_fields=["main_site"])
    audit_record(
        actor=actor, agency=access.agency, action="oit.check_applied", target=checklist, before=None,
        after={"check": check.pk, "url": check.url, "items": changed, "mark_published": mark_published},
    )
    return checklist


# --- following the year's framework when its OIT list changes --------------------------------------------------


@dataclass
class FollowReport:
    checklists: int = 0  # checklists brought up to date
    carried: int = 0  # items whose evidence moved to an item of the new list
    added: int = 0  # new items (blank)
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)  # (agency, old code, title): kept apart
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (agency, old code, new code) where they differ

    def add(self, other: FollowReport) -> None:
        self.checklists += other.checklists
        self.carried += other.carried
        self.added += other.added
        self.unmatched += other.unmatched
        self.moved += other.moved


def _spare_code(pk: int, prefix: str) -> str:
    """A code no item of a list can have (``~``/``x`` + the row id in base 36), unique within the checklist."""
    digits, n = "", pk
    while True:
        n, r = divmod(n, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
        if n == 0:
            return prefix + digits


@transaction.atomic
def checklist_follow_framework(
    *, checklist: OitChecklist, actor: Any, report: FollowReport | None = None
) -> FollowReport:
    """Rebuild one checklist's items from the year's current framework. Evidence moves to the matching new item
    (``core.oit.checklist.match_items``); an old item with work on it and no match is kept, marked ``retired`` and
    listed in the report: nothing is dropped silently. ``report`` adds this checklist's counts to a running one."""
    report = report if report is not None else FollowReport()
    checklist = OitChecklist.objects.select_for_update(of=("self",)).select_related("agency").get(pk=checklist.pk)
    try:
        framework = framework_registry().get(checklist.fiscal_year)
    except ProngsaiError as exc:
        raise OitRefused(f"ไม่มีกรอบการประเมินของปีงบประมาณ {checklist.fiscal_year}: {exc.th}") from exc
    if checklist.framework_origin == framework.origin:
        return report
    agency = checklist.agency
    rows = list(OitItem.objects.select_for_update().filter(checklist=checklist, agency=agency).order_by("position"))
    active = [r for r in rows if not r.retired]
    old_items = {r.code: core_item(r) for r in active}
    blank = build_checklist(framework, agency=agency.name_th, main_site=checklist.main_site or None)
    matches = match_items(
        [(r.code, old_items[r.code].title_th) for r in active], [(it.code, it.title_th) for it in blank.items]
    )
    row_by_code = {r.code: r for r in active}
    for r in rows:  # free every code first: the new list may reuse an old item's code for another item
        r.code = _spare_code(r.pk, "~")
    OitItem.objects.bulk_update(rows, ["code"])
    mine = FollowReport(checklists=1)  # this checklist's counts, for its own audit entry
    used: set[int] = set()
    for n, it in enumerate(blank.items):
        old_code = matches.get(it.code.lower())
        row = row_by_code.get(old_code) if old_code else None
        if row is not None:
            data = carry_evidence(old_items[old_code], it).model_dump(mode="json")
            row.code, row.position, row.data, row.retired = it.code.lower(), n, data, False
            row.version, row.updated_by = row.version + 1, real_actor(actor)
            row.save()
            used.add(row.pk)
            mine.carried += 1
            if old_code != it.code.lower():
                mine.moved.append((agency.name_th, old_code.upper(), it.code.upper()))
        else:
            OitItem.objects.create(
                agency=agency, checklist=checklist, position=n, code=it.code.lower(), data=it.model_dump(mode="json")
            )
            mine.added += 1
    position = len(blank.items)
    for r in rows:
        if r.pk in used:
            continue
        item = core_item(r)
        if r.retired or has_work(item) or r.files.exists():
            if not r.retired:
                mine.unmatched.append((agency.name_th, item.code.upper(), item.title_th or ""))
            r.code, r.position, r.retired = _spare_code(r.pk, "x"), position, True
            r.save(update_fields=["code", "position", "retired"])
            position += 1
        else:
            r.delete()  # a blank item of the old list: nothing to keep
    before = checklist.framework_origin
    checklist.framework_origin = framework.origin[:300]
    checklist.save(update_fields=["framework_origin"])
    audit_record(
        actor=actor, agency=agency, action="oit.checklist_followed_framework", target=checklist,
        before={"framework": before}, after={"framework": framework.origin, "carried": mine.carried,
                                            "unmatched": [c for _, c, _ in mine.unmatched]},
    )
    report.add(mine)
    return report


def checklist_update_to_framework(*, agency: Agency, access: Access, actor: Any, fiscal_year: int) -> FollowReport:
    """An agency's own checklist brought up to the year's current OIT list (its coordinator's action)."""
    _need_edit(access, agency.pk)
    checklist = OitChecklist.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if checklist is None:
        raise OitRefused(f"ยังไม่มีรายการตรวจหลักฐาน OIT ของปีงบประมาณ {fiscal_year}")
    return checklist_follow_framework(checklist=checklist, actor=actor)


def checklists_follow_framework(*, actor: Any, fiscal_year: int) -> FollowReport:
    """Bring every agency's checklist of the year up to the current list (each checklist its own transaction)."""
    from prongsai.apps.oit.selectors import checklists_behind

    report = FollowReport()
    for checklist in checklists_behind(fiscal_year=fiscal_year):
        checklist_follow_framework(checklist=checklist, actor=actor, report=report)
    return report


# --- uptime ------------------------------------------------------------------------------------------------


def uptime_record(*, agency: Agency, url: str, sample: UptimeSample) -> UptimeProbe:
    """Store one probe (no audit entry: a measurement, not a change someone made)."""
    return UptimeProbe.objects.create(
        agency=agency, url=url[:500], checked_at=sample.checked_at, ok=sample.ok, status=sample.status,
        elapsed_ms=sample.elapsed_ms, error=(sample.error or "")[:300],
    )


def uptime_prune(*, keep_days: int = 400) -> int:
    """Delete probes older than ``keep_days`` (the page shows at most 90 days)."""
    deleted, _ = UptimeProbe.objects.filter(checked_at__lt=timezone.now() - timedelta(days=keep_days)).delete()
    return deleted


__all__ = [
    "NotAllowed",
    "OitRefused",
    "checklist_create",
    "clarification_draft",
    "clarification_save",
    "file_add",
    "file_remove",
    "item_update",
    "site_check_apply",
    "site_check_request",
    "site_check_run",
    "uptime_prune",
    "uptime_record",
]
