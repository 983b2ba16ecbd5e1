"""Private files: evidence uploads and generated documents.

- Stored under ``settings.PRONGSAI_FILES_DIR`` (default ``<data dir>/files``), never under STATIC or MEDIA URLs:
  they are served only by views that check access, as attachments with ``X-Content-Type-Options: nosniff``.
- Stored names are random (``evidence/<agency id>/<32 hex>.<kind>``); the name the user gave is kept only for
  display and for the download's file name.
- Evidence content is sniffed from its bytes, never trusted from the name or the browser's content type:
  PDF, Word, Excel, PowerPoint (no macros), PNG, JPEG, GIF and plain text are accepted; programs, HTML, SVG,
  archives, old Office files and anything unknown are refused with a Thai message. Size limit:
  ``PRONGSAI_EVIDENCE_MAX_BYTES`` (default 10 MB).
"""

from __future__ import annotations

import contextlib
import io
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from prongsai.core.documents.read import detect_kind
from prongsai.core.documents.read._common import check_zip
from prongsai.core.errors import DocumentError

DEFAULT_EVIDENCE_MAX_BYTES = 10_000_000
_STORED = re.compile(r"^[a-z]+(/[0-9]+)?/[0-9a-f]{32}\.[a-z0-9]{2,5}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EvidenceRefused(ValidationError):
    """An upload that is not kept. ``th`` is the Thai message shown beside the file field."""

    def __init__(self, th: str) -> None:
        super().__init__(th, code="evidence_refused")
        self.th = th


@dataclass(frozen=True)
class Sniffed:
    kind: str  # pdf, docx, xlsx, pptx, png, jpeg, gif, txt
    content_type: str


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain; charset=utf-8",
}
ACCEPTED_TH = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), รูปภาพ PNG/JPEG/GIF หรือข้อความ (.txt)"


def files_root() -> Path:
    return Path(settings.PRONGSAI_FILES_DIR)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "PRONGSAI_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


# Characters dropped from a user's file name: controls, and the invisible format characters (Unicode Cf: the
# right-to-left override U+202E that shows ``รูปfdp.exe`` as ``รูปexe.pdf``, other bidi marks, zero-width
# characters), line and paragraph separators, and lone surrogates (not encodable).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def display_filename(name: str) -> str:
    """The user's file name, safe to show and to put in Content-Disposition: no folders, no control or
    invisible (bidi, zero-width) characters. Shown as text only; a download's name is ``downloads.download_name``."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in _CONTROL.sub("", base) if unicodedata.category(c) not in _INVISIBLE)
    base = unicodedata.normalize("NFC", base).strip().strip(".").strip() or "file"
    return base if len(base) <= 150 else base[:70] + "…" + base[-70:]


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf, "upload", "", "zip")
            names = set(zf.namelist())
    except DocumentError as exc:
        raise EvidenceRefused(exc.th.replace("ไฟล์ “upload”: ", "")) from exc
    except zipfile.BadZipFile as exc:
        raise EvidenceRefused("ไฟล์เสียหาย เปิดไม่ได้") from exc
    if "[Content_Types].xml" not in names:
        raise EvidenceRefused(f"เป็นไฟล์บีบอัด ซึ่งไม่รับเป็นหลักฐาน กรุณาส่งเป็น {ACCEPTED_TH}")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise EvidenceRefused("ไฟล์นี้มีมาโคร (macro) จึงไม่รับ กรุณาบันทึกเป็นไฟล์ที่ไม่มีมาโคร")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    raise EvidenceRefused(f"ไม่รู้จักชนิดของไฟล์ Office นี้ กรุณาส่งเป็น {ACCEPTED_TH}")


def sniff_evidence(data: bytes, filename: str) -> Sniffed:
    """What the bytes are (not what the name says). Raises ``EvidenceRefused`` (Thai) for anything not accepted."""
    limit = evidence_max_bytes()
    if not data:
        raise EvidenceRefused("ไฟล์ว่างเปล่า ไม่มีเนื้อหา")
    if len(data) > limit:
        raise EvidenceRefused(f"ไฟล์ใหญ่เกิน {limit / 1_000_000:g} MB กรุณาย่อขนาดหรือแยกไฟล์")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif data.startswith((b"GIF87a", b"GIF89a")):
        kind = "gif"
    elif data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind = _zip_kind(data)
    else:
        head = data[:2048].lstrip().lower()
        if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
            raise EvidenceRefused("ไฟล์ SVG/XML อาจมีสคริปต์ จึงไม่รับ กรุณาส่งเป็นรูป PNG หรือ PDF")
        try:
            kind = detect_kind(data, display_filename(filename), source="upload")
        except DocumentError as exc:
            raise EvidenceRefused(exc.th.replace("ไฟล์ “upload”: ", "")) from exc
        if kind == "html":
            raise EvidenceRefused("ไฟล์หน้าเว็บ (HTML) ไม่รับเป็นไฟล์หลักฐาน ให้เพิ่มเป็นที่อยู่เว็บ (URL) แทน")
        if kind == "txt":
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise EvidenceRefused(f"ไม่รู้จักชนิดของไฟล์นี้ กรุณาส่งเป็น {ACCEPTED_TH}") from exc
            if b"\x00" in data:
                raise EvidenceRefused(f"ไม่รู้จักชนิดของไฟล์นี้ กรุณาส่งเป็น {ACCEPTED_TH}")
        elif kind not in ("pdf", "docx"):
            raise EvidenceRefused(f"ไม่รับไฟล์ชนิดนี้ กรุณาส่งเป็น {ACCEPTED_TH}")
    return Sniffed(kind=kind, content_type=CONTENT_TYPES[kind])


def store(data: bytes, *, folder: str, suffix: str) -> str:
    """Write ``data`` under a new random name; returns the stored name (relative to ``files_root()``)."""
    if not re.fullmatch(r"[a-z]+(/[0-9]+)?", folder) or not re.fullmatch(r"[a-z0-9]{2,5}", suffix):
        raise ValueError("bad folder or suffix")
    name = f"{folder}/{secrets.token_hex(16)}.{suffix}"
    path = files_root() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:  # never overwrite
        fh.write(data)
    return name


def path_of(stored_name: str) -> Path:
    """The file of a stored name; refuses anything that is not one of ours (no traversal)."""
    if not _STORED.fullmatch(stored_name or ""):
        raise FileNotFoundError(stored_name)
    return files_root() / stored_name


def remove(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored_name).unlink(missing_ok=True)
