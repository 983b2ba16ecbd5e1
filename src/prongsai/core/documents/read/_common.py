"""Shared limits, the result type and error helpers for the document readers."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from prongsai.core.errors import DocumentError

Kind = Literal["txt", "docx", "pdf", "html", "image"]

MAX_BYTES = 20_000_000  # default size limit of one input file
MAX_CHARS = 5_000_000  # extracted text; a 500-page report is about 1.5 million characters
MAX_PAGES = 500  # PDF pages
# Zip containers (DOCX, XLSX): checked from the central directory before anything is decompressed.
# Python's zipfile never inflates a member past its declared size, so these declared sizes bound memory.
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_TOTAL = 100_000_000  # all members, uncompressed
MAX_ZIP_XML_MEMBER = 30_000_000  # one XML part, uncompressed (lxml needs about 10x that in memory)

ProgressFn = Callable[[int, int], None]
"""OCR progress: called with (pages read so far, pages to read), before the first page and after each."""

IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp", ".bmp")


def image_format(data: bytes) -> str | None:
    """The image format from the magic bytes (the formats OCR reads), or None."""
    for magic, name in IMAGE_MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] == b"BM" and len(data) > 26 and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 108, 124):
        return "BMP"  # a BMP's header size field: a text that starts with "BM" has none of these
    return None


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The text of one document, as read; only line endings are unified (and PDF mark repairs, see pdf.py).

    Text read by OCR is laid out from the scan: one line per row, table cells joined by TAB (see ``ocr``)."""

    text: str
    kind: Kind
    source: str
    pages: int | None = None
    # OCR: the pages read from their image (1-based), and where their text is in ``text`` ([start, end) offsets).
    # Empty for a document read only from its text.
    ocr_pages: tuple[int, ...] = ()
    ocr_spans: tuple[tuple[int, int], ...] = ()

    @property
    def ocr(self) -> bool:
        """Whether any of the text was read from an image by OCR."""
        return bool(self.ocr_pages)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_name(name: str) -> str:
    """A file name safe to put in a message: no control characters, not too long."""
    clean = _CONTROL.sub("?", name or "").strip() or "(ไม่มีชื่อ)"
    return clean if len(clean) <= 120 else clean[:57] + "…" + clean[-60:]


def fail(source: str, th: str, en: str) -> DocumentError:
    """A DocumentError naming the file: Thai first, English second."""
    name = display_name(source)
    return DocumentError(f"ไฟล์ “{name}”: {th}", f"File “{name}”: {en}")


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_long(source: str) -> DocumentError:
    return fail(
        source,
        f"ข้อความยาวเกิน {MAX_CHARS:,} ตัวอักษร จึงไม่อ่านต่อ กรุณาแยกเอกสารเป็นไฟล์ย่อย",
        f"the text is longer than {MAX_CHARS:,} characters; split the document into smaller files",
    )


def check_chars(text: str, source: str) -> str:
    if len(text) > MAX_CHARS:
        raise too_long(source)
    return text


def is_mostly_binary(text: str) -> bool:
    """NUL bytes, or more than 1% control characters other than tab, newline, carriage return and form feed."""
    if "\x00" in text:
        return True
    sample = text[:200_000]
    if not sample:
        return False
    bad = sum(
        1
        for ch in sample
        if ch not in "\t\n\r\f\v" and (unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch == "\ufffd")
    )
    return bad > len(sample) / 100


def check_zip(zf: zipfile.ZipFile, source: str, what_th: str, what_en: str) -> None:
    """Refuse zip bombs and absurd containers before any member is decompressed."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise fail(
            source,
            f"ไฟล์{what_th}มีส่วนประกอบมากผิดปกติ ({len(infos):,} ส่วน) อาจเป็นไฟล์อันตราย จึงไม่เปิด",
            f"the {what_en} file has an abnormal number of parts ({len(infos):,}); possibly hostile, not opened",
        )
    total = 0
    for info in infos:
        total += info.file_size
        xml_like = info.filename.lower().endswith((".xml", ".rels"))
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            total > MAX_ZIP_TOTAL
            or (xml_like and info.file_size > MAX_ZIP_XML_MEMBER)
            or (info.file_size > 10_000_000 and ratio > 200)
        ):
            raise fail(
                source,
                f"ไฟล์{what_th}ขยายตัวเมื่อแตกไฟล์ใหญ่ผิดปกติ (อาจเป็น zip bomb) จึงไม่เปิด",
                f"the {what_en} file decompresses to an abnormal size (possible zip bomb); it was not opened",
            )
