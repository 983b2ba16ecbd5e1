"""Importing results from a file: upload → read and check → review → confirm. Services (writes) for the web.

1. ``import_prepare`` reads the uploaded bytes with the core and stores what it read in a ``PendingImport``:
   - an Excel workbook (a zip holding ``xl/``), or a ``.csv`` → the results template
     (``core.documents.template.import_results``; one set of results per column);
   - anything else → ``core.documents.read.read_bytes`` (kind from the content's magic bytes; programs,
     archives and old Office files are refused whatever the name says), then
     ``core.documents.check.check_text`` (parse + findings);
   - a scan (an image, a PDF with pages without text) → the same, by OCR, in a background job:
     ``scan_imports.import_start`` keeps the file until the job has read it, and the review page shows the
     job's progress until then.
   The file name is only shown (made display-safe) and, for a text file, its ``.csv`` ending chooses the
   template reader; it is never used as a path. The bytes are written to disk only inside a private
   temporary folder under a fixed name, for the template reader, and removed at once.
2. The review page (``selectors.import_review``) shows what was read and the findings, and hands out a
   token signed with ``django.core.signing``: the pending import's id, the digest of what was shown and
   the person's id.
3. ``import_confirm`` checks the token against the stored rows and saves the chosen sets through
   ``services.result_record``: exactly what was reviewed, never a new reading of the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import AssessmentResult, PendingImport, ResultSource
from prongsai.apps.assessments.selectors import (
    OVERRIDE_REASON_MIN,
    PENDING_TTL,
    cannot_save_reason,
    import_review,
    pending_expired,
)
from prongsai.apps.assessments.services import ResultInputError, result_record
from prongsai.apps.audit.services import audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.forms import max_upload_bytes
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.documents.model import ParsedDocument
from prongsai.core.errors import DocumentError, ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry

logger = logging.getLogger(__name__)

TOKEN_SALT = "prongsai.assessments.import-confirm"
PENDING_KEEP = timedelta(days=7)  # pending rows are removed after this (confirmed or not)
ALLOWED_SUFFIXES = (".txt", ".csv", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


class ImportRefused(ResultInputError):
    """An upload or a confirmation that is refused; ``th`` is Thai. Nothing has been written."""


def display_name(name: str) -> str:
    """An uploaded file's name, safe to show and store: last path part, no control characters, ≤ 120 chars."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join("?" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in base).strip() or "(ไม่มีชื่อ)"
    return clean if len(clean) <= 120 else clean[:57] + "…" + clean[-60:]


def _suffix(name: str) -> str:
    base = display_name(name)
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _is_workbook(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return any(n.startswith("xl/") for n in names) and not any(n.startswith("word/") for n in names)


def _read_template(data: bytes, suffix: str, shown: str) -> list[ParsedDocument]:
    from prongsai.core.documents.template import import_results

    with tempfile.TemporaryDirectory(prefix="prongsai-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            docs = import_results(path, max_bytes=max_upload_bytes())
        except DocumentError as exc:
            # The template reader names the file by its path: show the uploaded name instead.
            raise ImportRefused(exc.th.replace(str(path), shown), exc.en.replace(str(path), shown)) from exc
    for doc in docs:
        doc.source = shown
    return docs


def read_upload(
    data: bytes, filename: str, *, progress: Any = None
) -> tuple[str, list[ParsedDocument], list[list[dict[str, Any]]]]:
    """(kind, documents, findings per document) for an uploaded file. Raises ``ImportRefused`` in Thai.

    A scan is read by OCR (``progress(done, total)`` as pages are read; the web app does this in a background job,
    ``scan_imports``): the document says which fields came from the scan, and the checker's notes on likely
    misreadings are OCR notes, not misspellings."""
    from prongsai.core.documents.check import check_results, check_text
    from prongsai.core.documents.read import read_bytes

    shown = display_name(filename)
    limit = max_upload_bytes()
    if not data:
        raise ImportRefused(f"ไฟล์ “{shown}” ว่างเปล่า ไม่มีเนื้อหา", f"“{shown}” is empty")
    if len(data) > limit:
        raise ImportRefused(
            f"ไฟล์ “{shown}” ใหญ่เกินกำหนด ({len(data) / 1e6:,.1f} MB เกิน {limit / 1e6:,.1f} MB)",
            f"“{shown}” is too large",
        )
    try:
        if _is_workbook(data) or (_suffix(filename) == ".csv" and not data.startswith(b"PK")):
            kind = "xlsx" if data.startswith(b"PK") else "csv"
            docs = _read_template(data, f".{kind}", shown)
            findings = []
            for doc in docs:
                report = check_results(doc, registry=framework_registry())
                findings.append([f.model_dump(mode="json") for f in report.findings])
            return kind, docs, findings
        extracted = read_bytes(
            data, filename=shown, max_bytes=limit, max_ocr_pages=ocr_max_pages(), progress=progress
        )
        if extracted.ocr:
            from prongsai.core.documents.check import check_parsed
            from prongsai.core.documents.ocr_marks import mark_ocr
            from prongsai.core.documents.parse import parse_text

            registry = framework_registry()
            parsed = mark_ocr(parse_text(extracted.text, shown, registry=registry), extracted)
            report = check_parsed(parsed, registry=registry)
        else:
            report = check_text(extracted.text, shown, registry=framework_registry())
        if report.result is None:  # the documented shape: the checker keeps its parse result
            from prongsai.core.documents.parse import parse_text

            doc = parse_text(extracted.text, shown, registry=framework_registry()).document
        else:
            doc = report.result.document
        doc.source = shown
        return extracted.kind, [doc], [[f.model_dump(mode="json") for f in report.findings]]
    except ImportRefused:
        raise
    except ProngsaiError as exc:
        raise ImportRefused(exc.th, exc.en) from exc
    except Exception as exc:  # a reader or parser bug: a clear refusal, never a lost page
        logger.exception("import: reading %r failed", shown)
        raise ImportRefused(
            f"ระบบอ่านไฟล์ “{shown}” ไม่สำเร็จเพราะเกิดข้อผิดพลาดภายใน ยังไม่มีการบันทึกข้อมูลใด"
            " กรุณาลองใช้แม่แบบผลการประเมิน (.xlsx) แทน และแจ้งผู้ดูแลระบบ",
            f"reading “{shown}” failed inside the system ({type(exc).__name__}); nothing was saved",
        ) from exc


def ocr_max_pages() -> int | None:
    """``PRONGSAI_OCR_MAX_PAGES`` from the settings (else the core's default: the environment variable, or 50)."""
    value = getattr(settings, "PRONGSAI_OCR_MAX_PAGES", None)
    return int(value) if value else None


def documents_digest(documents: Any, findings: Any) -> str:
    """SHA-256 of what the review shows (documents and findings), in a canonical JSON form."""
    blob = json.dumps({"documents": documents, "findings": findings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@transaction.atomic
def import_prepare(
    *, agency: Agency, actor: Any, data: bytes, filename: str, target_year: int | None = None
) -> PendingImport:
    """Read and check an uploaded file and keep what was read for review. Nothing is recorded yet. ``target_year``:
    the year the person means to import (a set of another year is then a blocking error on the review)."""
    kind, docs, findings = read_upload(data, filename)
    documents = [d.model_dump(mode="json") for d in docs]
    PendingImport.objects.filter(agency=agency, created_at__lt=timezone.now() - PENDING_KEEP).delete()
    return PendingImport.objects.create(
        agency=agency,
        uploaded_by=real_actor(actor),
        source_name=display_name(filename)[:300],
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        documents=documents,
        findings=findings,
        digest=documents_digest(documents, findings),
        target_year=target_year,
    )


def confirmation_token(*, pending: Any, user: Any, salt: str = TOKEN_SALT) -> str:
    """The token a review page puts in its confirm form: signed, bound to this import, its data and the person.

    Any pending import with ``pk`` and ``digest`` (results of one agency, many agencies' results)."""
    return signing.dumps({"p": str(pending.pk), "d": pending.digest, "u": user.pk}, salt=salt)


def check_confirmation_token(
    token: str, *, pending: Any, actor: Any, refused: type[Exception], salt: str = TOKEN_SALT
) -> None:
    """Raise ``refused(th, en)`` unless ``token`` is this import's, for this person, of the data now stored, and
    not expired. The caller still compares the stored data with ``pending.digest``."""
    try:
        claim = signing.loads(token or "", salt=salt, max_age=PENDING_TTL)
    except signing.SignatureExpired as exc:
        raise refused("หน้าตรวจทานหมดอายุแล้ว กรุณานำเข้าไฟล์ใหม่อีกครั้ง", "the review has expired") from exc
    except signing.BadSignature as exc:
        raise refused(
            "ข้อมูลยืนยันไม่ถูกต้อง (ถูกแก้ไขระหว่างทาง) ระบบจึงไม่บันทึก กรุณาเปิดหน้าตรวจทานแล้วยืนยันอีกครั้ง",
            "the confirmation was tampered with; nothing was saved",
        ) from exc
    if not isinstance(claim, dict) or claim.get("p") != str(pending.pk) or claim.get("u") != getattr(actor, "pk", None):
        raise refused(
            "ข้อมูลยืนยันไม่ตรงกับไฟล์นำเข้านี้หรือผู้ใช้นี้ ระบบจึงไม่บันทึก", "the confirmation is for another import"
        )
    if claim.get("d") != pending.digest:
        raise refused(
            "ข้อมูลที่จะบันทึกไม่ตรงกับที่ตรวจทาน ระบบจึงไม่บันทึก กรุณานำเข้าไฟล์ใหม่", "the reviewed data changed"
        )


def savable_sets(pending: PendingImport, registry: FrameworkRegistry | None = None) -> dict[int, str]:
    """Set index → "" when it can be saved, else the Thai reason it cannot."""
    registry = registry or framework_registry()
    out: dict[int, str] = {}
    for index, raw in enumerate(pending.documents):
        doc = ParsedDocument.model_validate(raw)
        out[index] = cannot_save_reason(doc, registry)
    return out


@transaction.atomic
def import_confirm(
    *,
    agency: Agency,
    pending_id: Any,
    actor: Any,
    token: str,
    sets: Sequence[int | str] | None = None,
    overrides: Mapping[int, str] | None = None,
) -> list[AssessmentResult]:
    """Save what was reviewed, as a draft (the public sees it once it is published: ``services.result_publish``).
    Refuses (``ImportRefused``, nothing written) a token that is forged, expired, for another import or person, or
    whose data no longer match the stored rows; a set that cannot be saved; a set with a blocking error (another
    agency's name, another year than chosen, a level the rules do not give) unless ``overrides`` gives, for that
    set's index, a reason of at least ten characters: the reason goes into the version and the audit entry."""
    pending = PendingImport.objects.select_for_update().filter(agency=agency, pk=pending_id).first()
    if pending is None:
        raise ImportRefused("ไม่พบไฟล์นำเข้านี้ อาจหมดอายุหรือถูกลบแล้ว", "no such pending import")
    if pending.status != PendingImport.ReadStatus.READY:  # a scan still being read by OCR, or one that failed
        raise ImportRefused("ไฟล์นี้ยังอ่านไม่เสร็จหรืออ่านไม่สำเร็จ จึงยังบันทึกไม่ได้", "this file has not been read")
    check_confirmation_token(token, pending=pending, actor=actor, refused=ImportRefused)
    if documents_digest(pending.documents, pending.findings) != pending.digest:
        raise ImportRefused(
            "ข้อมูลที่จะบันทึกไม่ตรงกับที่ตรวจทาน ระบบจึงไม่บันทึก กรุณานำเข้าไฟล์ใหม่", "the reviewed data changed"
        )
    if pending_expired(pending):
        raise ImportRefused("หน้าตรวจทานหมดอายุแล้ว กรุณานำเข้าไฟล์ใหม่อีกครั้ง", "the review has expired")
    if pending.confirmed_at is not None:
        raise ImportRefused("ไฟล์นี้ได้รับการยืนยันและบันทึกไปแล้ว", "this import was already confirmed")

    reasons = savable_sets(pending)
    if sets is None:
        chosen = [i for i, why in reasons.items() if not why]
    else:
        try:
            chosen = sorted({int(s) for s in sets})
        except (TypeError, ValueError) as exc:
            raise ImportRefused("เลือกชุดข้อมูลไม่ถูกต้อง", "bad set selection") from exc
    if not chosen:
        raise ImportRefused("ไม่มีชุดผลการประเมินที่เลือกบันทึก", "no set chosen")
    for index in chosen:
        if index not in reasons:
            raise ImportRefused("เลือกชุดข้อมูลไม่ถูกต้อง", "bad set selection")
        if reasons[index]:
            raise ImportRefused(f"ชุดที่ {index + 1}: {reasons[index]}", f"set {index + 1} cannot be saved")
    years = [ParsedDocument.model_validate(pending.documents[i]).fiscal_year for i in chosen]
    if len(set(years)) != len(years):
        raise ImportRefused(
            "เลือกผลการประเมินของปีงบประมาณเดียวกันมากกว่าหนึ่งชุด กรุณาเลือกเพียงชุดเดียวต่อปี", "one set per year"
        )

    review = import_review(agency=agency, pending=pending)
    overrides = overrides or {}
    reasons_given: dict[int, str] = {}
    for index in chosen:
        blocking = review.sets[index].blocking
        if not blocking:
            continue
        reason = " ".join(str(overrides.get(index) or "").split())
        if index not in overrides:
            raise ImportRefused(
                f"ชุดที่ {index + 1}: {blocking[0]} แก้ไฟล์แล้วนำเข้าใหม่ หรือทำเครื่องหมาย “บันทึกทั้งที่มีข้อผิดพลาด”"
                f" พร้อมระบุเหตุผล",
                f"set {index + 1} has blocking errors; fix the file or override with a reason",
            )
        if len(reason) < OVERRIDE_REASON_MIN:
            raise ImportRefused(
                f"ชุดที่ {index + 1}: กรุณาระบุเหตุผลที่บันทึกทั้งที่มีข้อผิดพลาด อย่างน้อย {OVERRIDE_REASON_MIN} ตัวอักษร",
                f"set {index + 1}: an override needs a reason of at least {OVERRIDE_REASON_MIN} characters",
            )
        reasons_given[index] = reason[:1000]

    saved = []
    for index in chosen:
        doc = ParsedDocument.model_validate(pending.documents[index])
        assert doc.fiscal_year is not None  # checked by savable_sets
        override = reasons_given.get(index)
        saved.append(
            result_record(
                agency=agency,
                fiscal_year=doc.fiscal_year,
                indicator_scores={int(k): v for k, v in doc.indicators.items()},
                questions=doc.questions if doc.questions else None,
                actor=actor,
                source=ResultSource.IMPORT,
                source_name=pending.source_name,
                note=(
                    f"บันทึกทั้งที่มีข้อผิดพลาด ({'; '.join(review.sets[index].blocking)}) เหตุผล: {override}"
                    if override
                    else ""
                ),
            )
        )
    pending.confirmed_at = timezone.now()
    pending.confirmed_by = real_actor(actor)
    pending.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        agency=agency,
        action="import.confirmed",
        target=pending,
        before=None,
        after={
            "file": pending.source_name,
            "sha256": pending.sha256,
            "fiscal_years": years,
            **(
                {
                    "overrides": [
                        {"set": i + 1, "errors": review.sets[i].blocking, "reason": why}
                        for i, why in sorted(reasons_given.items())
                    ]
                }
                if reasons_given
                else {}
            ),
        },
        note="; ".join(f"ชุดที่ {i + 1} บันทึกทั้งที่มีข้อผิดพลาด เหตุผล: {why}" for i, why in sorted(reasons_given.items())),
    )
    return saved


def template_bytes(*, fiscal_year: int | None, fmt: str = "xlsx") -> bytes:
    """A blank results template (.xlsx or .csv) to fill in and import; nothing is stored."""
    from prongsai.core.documents.template import export_template

    if fmt not in ("xlsx", "csv"):
        raise ImportRefused("แม่แบบมีเฉพาะ .xlsx และ .csv", "the template is .xlsx or .csv")
    with tempfile.TemporaryDirectory(prefix="prongsai-template-") as folder:
        path = Path(folder) / f"template.{fmt}"
        try:
            export_template(path, fiscal_year=fiscal_year)
        except ProngsaiError as exc:
            raise ImportRefused(exc.th, exc.en) from exc
        return path.read_bytes()
