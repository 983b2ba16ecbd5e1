"""Importing a scan: an image, or a PDF whose pages have no text, read by OCR in a background job.

OCR takes one to three seconds a page, too long for a request. ``import_start`` is what the upload page calls for
any file: a file that needs no OCR goes to ``imports.import_prepare`` as before; a scan is checked for what shows at
once (a corrupt or oversized image, an encrypted PDF, more pages than ``PRONGSAI_OCR_MAX_PAGES``: a Thai refusal
beside the file field), stored privately (``base.files``) and kept in a ``PendingImport`` with status queued, and
``import_read_job`` is queued on Django's task queue (the database backend in production, run by ``db_worker``; the
immediate backend in tests and ``make run``). The job (``import_read``) reads the file with ``imports.read_upload``,
counting the pages on the row as it goes, stores what it read (or the Thai reason it could not) and removes the
file. The review page polls the row until it is ready, then shows the review as for any file.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.imports import (
    PENDING_KEEP,
    ImportRefused,
    _is_workbook,
    _suffix,
    display_name,
    documents_digest,
    import_prepare,
    ocr_max_pages,
    read_upload,
)
from prongsai.apps.assessments.models import PendingImport
from prongsai.apps.base import files
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.forms import max_upload_bytes
from prongsai.core.errors import DocumentError

logger = logging.getLogger(__name__)

Status = PendingImport.ReadStatus
STALLED_AFTER = timedelta(minutes=10)  # a queued scan not started by then: the worker is probably not running
_SUFFIX = {"PNG": "png", "JPEG": "jpg", "TIFF": "tif", "GIF": "gif", "WEBP": "webp", "BMP": "bmp"}


def scan_pages(data: bytes, filename: str) -> int:
    """The pages OCR would read in an upload (0: it is not a scan). ``ImportRefused`` for what shows at once."""
    from prongsai.core.documents.read import detect_kind, ocr_pages_needed

    if not data or len(data) > max_upload_bytes():
        return 0  # read_upload refuses it, with its message
    if _is_workbook(data) or (_suffix(filename) == ".csv" and not data.startswith(b"PK")):
        return 0
    shown = display_name(filename)
    try:
        if detect_kind(data, shown) not in ("image", "pdf"):
            return 0
        return ocr_pages_needed(data, filename=shown, max_ocr_pages=ocr_max_pages())
    except DocumentError as exc:
        raise ImportRefused(exc.th, exc.en) from exc


@transaction.atomic
def import_start(
    *, agency: Agency, actor: Any, data: bytes, filename: str, target_year: int | None = None
) -> PendingImport:
    """Read an uploaded file for review: at once (``import_prepare``), or, for a scan, in a background job. Either
    way the review page of the returned row shows it; nothing is recorded until the person confirms."""
    pages = scan_pages(data, filename)
    if not pages:
        return import_prepare(agency=agency, actor=actor, data=data, filename=filename, target_year=target_year)
    from prongsai.core.documents.read import detect_kind
    from prongsai.core.documents.read._common import image_format

    shown = display_name(filename)
    kind = detect_kind(data, shown)
    suffix = "pdf" if kind == "pdf" else _SUFFIX.get(image_format(data) or "", "img")
    _forget_old(agency)
    pending = PendingImport.objects.create(
        agency=agency,
        uploaded_by=real_actor(actor),
        source_name=shown[:300],
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        documents=[],
        findings=[],
        digest="",
        target_year=target_year,
        status=Status.QUEUED,
        pages_total=pages,
        stored_name=files.store(data, folder=f"imports/{agency.pk}", suffix=suffix),
    )
    pending_id = str(pending.pk)
    transaction.on_commit(lambda: _enqueue(pending_id))
    return pending


def _forget_old(agency: Agency) -> None:
    """Old rows go (as ``import_prepare`` does), and with them any scan a job never read."""
    old = PendingImport.objects.filter(agency=agency, created_at__lt=timezone.now() - PENDING_KEEP)
    for name in old.exclude(stored_name="").values_list("stored_name", flat=True):
        files.remove(name)
    old.delete()


def _enqueue(pending_id: str) -> None:
    """After the row is committed (the worker must see it): queue the job and note its id."""
    result = import_read_job.enqueue(pending_id)
    PendingImport.objects.filter(pk=pending_id).update(task_id=str(result.id)[:64])


def import_read(*, pending_id: str) -> str:
    """Read a queued scan (the worker calls this). Returns the final status."""
    with transaction.atomic():
        pending = PendingImport.objects.select_for_update().filter(pk=pending_id).first()
        if pending is None or pending.status != Status.QUEUED:
            return pending.status if pending is not None else "missing"
        pending.status = Status.RUNNING
        pending.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:  # outside any transaction: the review page sees it at once
        PendingImport.objects.filter(pk=pending_id).update(pages_done=done, pages_total=total)

    documents: list[dict[str, Any]] = []
    findings: list[Any] = []
    error = ""
    try:
        data = files.path_of(pending.stored_name).read_bytes()
        _, docs, findings = read_upload(data, pending.source_name, progress=progress)
        documents = [d.model_dump(mode="json") for d in docs]
    except ImportRefused as exc:
        error = exc.th
    except FileNotFoundError:
        error = "ไม่พบไฟล์ที่รออ่าน (อาจถูกลบไปแล้ว) กรุณานำเข้าไฟล์ใหม่"
    except Exception:  # keep the worker alive; the page shows the failure and the log has the trace
        logger.exception("import: reading scan %s failed", pending_id)
        error = "อ่านไฟล์สแกนไม่สำเร็จเพราะข้อผิดพลาดของระบบ ยังไม่มีการบันทึกข้อมูลใด กรุณาลองอีกครั้ง"
    finally:
        files.remove(pending.stored_name)
    pending.refresh_from_db(fields=["pages_done", "pages_total"])
    pending.stored_name = ""
    pending.read_at = timezone.now()
    if error:
        pending.status, pending.error = Status.FAILED, error
    else:
        pending.status = Status.READY
        pending.documents, pending.findings = documents, findings
        pending.digest = documents_digest(documents, findings)
    pending.save(
        update_fields=["status", "error", "documents", "findings", "digest", "stored_name", "read_at"]
    )
    return pending.status


def reading_stalled(pending: PendingImport) -> bool:
    """A scan still queued long after upload: the page says the background worker may not be running."""
    return pending.status == Status.QUEUED and pending.created_at < timezone.now() - STALLED_AFTER


@task()
def import_read_job(pending_id: str) -> str:
    """The background job (django-tasks) that reads a queued scan: ``import_read``."""
    return import_read(pending_id=pending_id)
