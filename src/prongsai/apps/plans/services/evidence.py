"""Writes for the evidence of a task: a web address, or a file sniffed from its bytes and stored under a random
name (the file is removed again when its row or audit entry cannot be written); removing a piece of evidence (a
duplicate upload, a wrong link): the row and its audit entry in one transaction, the stored file after it commits,
as the OIT checklist's files are (``oit.services.file_remove``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from prongsai.apps.agencies.access import Access
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base import files
from prongsai.apps.base.actors import real_actor
from prongsai.apps.plans.models import Evidence, Task
from prongsai.apps.plans.rules import can_update_task
from prongsai.apps.plans.services._common import PlanRefused, _need

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
    real = real_actor(actor)
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


@transaction.atomic
def evidence_remove(*, evidence: Evidence, access: Access, actor: Any) -> None:
    """Remove a piece of evidence of a task: only those who may update the task (``rules.can_update_task``). The
    audit entry keeps what it was (title, address or file name, kind, SHA-256); a stored file is deleted from
    the private storage once the transaction has committed (a rolled-back removal keeps it)."""
    evidence = Evidence.objects.select_for_update(of=("self",)).select_related("task").filter(pk=evidence.pk).first()
    if evidence is None:
        raise PlanRefused("หลักฐานนี้ถูกลบไปแล้ว")
    task = evidence.task
    _need(can_update_task(access, task), "ท่านลบหลักฐานได้เฉพาะงานของส่วนราชการที่ท่านสังกัด")
    if task.agency_id != access.agency.pk:
        raise PlanRefused("หลักฐานนี้ไม่ใช่ของหน่วยงานนี้")
    before: dict[str, Any] = {"task": task.title_th, "title": evidence.title}
    if evidence.is_file:
        before.update(file=evidence.original_name, kind=evidence.kind, sha256=evidence.sha256)
    else:
        before["url"] = evidence.url
    stored = evidence.stored_name
    evidence.delete()
    audit_record(actor=actor, agency=access.agency, action="evidence.removed", target=task, before=before, after=None)
    if stored:
        transaction.on_commit(lambda: files.remove(stored))
