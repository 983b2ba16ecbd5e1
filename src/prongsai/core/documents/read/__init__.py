"""Read ITA documents (.txt, .docx, .pdf, .html, and scans: image files and PDF pages without text) into plain text.

The kind comes from the content's magic bytes first and the file name's extension second. Content that is a program,
an archive or an old Office file is refused whatever its name says. Images (PNG, JPEG, TIFF, GIF, WebP, BMP) and the
pages of a PDF that have no text layer are read by OCR (``ocr``: Tesseract, Thai and English) unless ``ocr=False``;
the result says which pages were (``ExtractedText.ocr_pages``). Every failure is a
:class:`~prongsai.core.errors.DocumentError` (Thai, then English) naming the file; sizes, pages and characters are
capped so that no input hangs the reader (see ``_common`` and ``ocr`` for the limits).

    read_document("ผลITA2567.pdf").text
    read_bytes(upload.read(), filename=upload.name)        # the web app
    read_document("สแกน.pdf", max_ocr_pages=20, progress=lambda done, total: ...)
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from prongsai.core.documents.read._common import (
    MAX_BYTES,
    MAX_CHARS,
    MAX_PAGES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL,
    ExtractedText,
    Kind,
    ProgressFn,
    check_zip,
    fail,
    image_format,
)
from prongsai.core.errors import DocumentError

__all__ = [
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_PAGES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL",
    "ExtractedText",
    "Kind",
    "ProgressFn",
    "detect_kind",
    "needs_ocr",
    "ocr_pages_needed",
    "read_bytes",
    "read_document",
]

_EXTENSIONS: dict[str, Kind] = {
    ".txt": "txt",
    ".text": "txt",
    ".csv": "txt",
    ".tsv": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".gif": "image",
    ".webp": "image",
    ".bmp": "image",
}
_SUPPORTED = ".txt .docx .pdf .html และภาพสแกน .png .jpg .tif"

# (magic, Thai, English) for content that is never read, whatever the file is called.
_PROGRAM = ("เป็นไฟล์โปรแกรม ไม่ใช่เอกสาร ระบบไม่รับไฟล์นี้", "it is a program (executable), not a document; refused")
_HOSTILE_MAGIC: list[tuple[bytes, tuple[str, str]]] = [
    (b"MZ", _PROGRAM),
    (b"\x7fELF", _PROGRAM),
    (b"\xfe\xed\xfa\xce", _PROGRAM),
    (b"\xfe\xed\xfa\xcf", _PROGRAM),
    (b"\xce\xfa\xed\xfe", _PROGRAM),
    (b"\xcf\xfa\xed\xfe", _PROGRAM),
    (b"\xca\xfe\xba\xbe", _PROGRAM),
    (b"\x00asm", _PROGRAM),
]
_OTHER_MAGIC: list[tuple[bytes, tuple[str, str]]] = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        (
            "เป็นไฟล์ Office รุ่นเก่า (.doc/.xls) หรือไฟล์ Office ที่ตั้งรหัสผ่านไว้ ซึ่งยังไม่รองรับ"
            " กรุณาเปิดใน Word แล้วบันทึกเป็น .docx (ไม่ตั้งรหัสผ่าน)",
            "it is an old Office file (.doc/.xls) or a password-protected Office file; save it as .docx without"
            " a password",
        ),
    ),
    (b"{\\rtf", ("เป็นไฟล์ RTF ซึ่งยังไม่รองรับ กรุณาบันทึกเป็น .docx", "it is an RTF file; save it as .docx")),
]
_IMAGE_WITHOUT_OCR = (
    "เป็นไฟล์รูปภาพ ซึ่งต้องอ่านด้วย OCR แต่การอ่านครั้งนี้ไม่ได้เปิดใช้ OCR กรุณาใช้ไฟล์ต้นฉบับ (Word/PDF ที่มีข้อความ)",
    "it is an image, which needs OCR, and OCR is off for this reading. Use the original Word file or a PDF with a"
    " text layer",
)
_ARCHIVE = ("เป็นไฟล์บีบอัด กรุณาแตกไฟล์ก่อนแล้วส่งเฉพาะเอกสาร", "it is a compressed archive; extract the document first")
for _magic in (b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\xfd7zXZ\x00", b"BZh91AY&SY"):
    _OTHER_MAGIC.append((_magic, _ARCHIVE))

_EXTENSION_HINTS: dict[str, tuple[str, str]] = {
    ".doc": _OTHER_MAGIC[0][1],
    ".xls": (
        "ไฟล์ Excel ใช้คำสั่งนำเข้าแม่แบบผลการประเมิน (prongsai import) ไม่ใช่การอ่านเอกสาร",
        "Excel files go through the results-template import (prongsai import), not the document reader",
    ),
    ".odt": ("ไฟล์ OpenDocument ยังไม่รองรับ กรุณาบันทึกเป็น .docx", "OpenDocument files are not supported; save as .docx"),
    ".rtf": _OTHER_MAGIC[1][1],
}
_EXTENSION_HINTS[".xlsx"] = _EXTENSION_HINTS[".xls"]


def _binary_header(data: bytes) -> bool:
    """An MZ (DOS/Windows program) header has control bytes; a text that happens to start with "MZ" has none."""
    return any(b < 0x09 or 0x0E <= b < 0x20 for b in data[2:64])


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _zip_kind(data: bytes, source: str) -> Kind:
    """A zip: docx, or a clear refusal naming what it is instead."""
    from prongsai.core.documents.read.word import is_docx_zip

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip(zf, source, "", "zip")
            if is_docx_zip(zf):
                return "docx"
            names = zf.namelist()
    except DocumentError:
        raise
    except Exception as exc:
        raise fail(
            source,
            "ไฟล์ zip/Word (.docx) เสียหาย เปิดไม่ได้",
            "the zip/Word (.docx) file is corrupt",
        ) from exc
    if any(n.startswith("xl/") for n in names):
        hint = _EXTENSION_HINTS[".xlsx"]
    elif any(n.startswith("ppt/") for n in names):
        hint = ("เป็นไฟล์ PowerPoint ซึ่งยังไม่รองรับ", "it is a PowerPoint file, which is not supported")
    elif "mimetype" in names:
        hint = _EXTENSION_HINTS[".odt"]
    else:
        hint = _ARCHIVE
    raise fail(source, hint[0], hint[1])


def detect_kind(data: bytes, filename: str, *, source: str | None = None) -> Kind:
    """The kind to read ``data`` as: magic bytes first, extension second. Raises DocumentError when refused."""
    from prongsai.core.documents.read.web import looks_like_html

    source = source or filename
    ext = _extension(filename)
    claimed = _EXTENSIONS.get(ext)
    if not data:
        raise fail(source, "ไฟล์ว่างเปล่า ไม่มีเนื้อหา", "the file is empty")
    for magic, (th, en) in _HOSTILE_MAGIC:
        if data.startswith(magic) and (magic != b"MZ" or _binary_header(data)):
            if claimed:
                th = f"ชื่อไฟล์เป็น {ext} แต่เนื้อหา{th}"
                en = f"named {ext} but {en}"
            raise fail(source, th, en)
    for magic, (th, en) in _OTHER_MAGIC:
        if data.startswith(magic):
            raise fail(source, th, en)
    if image_format(data) is not None:
        return "image"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, source)
    if data.startswith(b"%PDF-") or (claimed == "pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if looks_like_html(data):
        if claimed in ("docx", "pdf"):
            raise fail(
                source,
                f"ชื่อไฟล์เป็น {ext} แต่เนื้อหาเป็นหน้าเว็บ (HTML) อาจดาวน์โหลดไม่สำเร็จ กรุณาดาวน์โหลดไฟล์ใหม่",
                f"named {ext} but the content is a web page (HTML); the download probably failed, download it again",
            )
        return "html"
    if claimed == "docx":
        raise fail(source, "ไฟล์ .docx นี้เสียหายหรือไม่ใช่ไฟล์ Word", "this .docx file is corrupt or not a Word file")
    if claimed == "pdf":
        raise fail(source, "ไฟล์ .pdf นี้เสียหายหรือไม่ใช่ PDF", "this .pdf file is corrupt or not a PDF")
    if claimed == "image":
        raise fail(
            source, f"ไฟล์ {ext} นี้เสียหายหรือไม่ใช่ไฟล์ภาพ", f"this {ext} file is corrupt or not an image"
        )
    if claimed in ("txt", "html"):
        return claimed
    if ext in _EXTENSION_HINTS:
        th, en = _EXTENSION_HINTS[ext]
        raise fail(source, th, en)
    if ext:
        raise fail(
            source,
            f"ยังไม่รองรับไฟล์ชนิด {ext} (รองรับ {_SUPPORTED})",
            f"files of type {ext} are not supported (supported: {_SUPPORTED})",
        )
    return "txt"  # no extension and no magic: read as text if it is text


def read_bytes(
    data: bytes,
    *,
    filename: str,
    max_bytes: int = MAX_BYTES,
    ocr: bool = True,
    max_ocr_pages: int | None = None,
    progress: ProgressFn | None = None,
) -> ExtractedText:
    """Read an uploaded document. ``filename`` gives the extension and names the file in messages and ``source``.

    ``ocr``: read images and PDF pages without text by OCR (else they are refused); ``max_ocr_pages``: refuse a
    scan with more pages to OCR (default ``PRONGSAI_OCR_MAX_PAGES`` or 50); ``progress(done, total)`` is called
    as OCR reads pages."""
    options = _Options(ocr, max_ocr_pages, progress)
    return _read(data, filename, filename or "(upload)", max_bytes, options)


class _Options:
    __slots__ = ("max_pages", "ocr", "progress")

    def __init__(self, ocr: bool, max_pages: int | None, progress: ProgressFn | None) -> None:
        self.ocr, self.max_pages, self.progress = ocr, max_pages, progress


def needs_ocr(data: bytes, filename: str) -> bool:
    """Whether reading ``data`` would run OCR (an image, or a PDF with a page without text). False for anything
    refused or unreadable (reading it says why)."""
    try:
        return ocr_pages_needed(data, filename=filename, max_ocr_pages=MAX_PAGES) > 0
    except DocumentError:
        return False


def ocr_pages_needed(data: bytes, *, filename: str, max_ocr_pages: int | None = None) -> int:
    """How many pages reading ``data`` would read by OCR (0: none), found without reading any: for a caller that
    runs OCR elsewhere (the web app queues it). Raises the reader's DocumentError for what shows already: a corrupt
    or oversized image, an encrypted or corrupt PDF, more pages than ``max_ocr_pages``."""
    source = filename or "(upload)"
    kind = detect_kind(data, filename, source=source)
    if kind == "image":
        from prongsai.core.documents.read.ocr import check_image

        return check_image(data, source, max_pages=max_ocr_pages)
    if kind == "pdf":
        from prongsai.core.documents.read.ocr import check_page_count, max_pages_default
        from prongsai.core.documents.read.pdf import pdf_pages_to_ocr

        pages = len(pdf_pages_to_ocr(data, source=source))
        if pages:
            check_page_count(pages, max_ocr_pages or max_pages_default(), source, pdf=True)
        return pages
    return 0


def _read(data: bytes, filename: str, source: str, max_bytes: int, options: _Options) -> ExtractedText:
    if len(data) > max_bytes:
        raise _too_big(source, len(data), max_bytes)
    try:
        kind = detect_kind(data, filename, source=source)
        if kind == "image":
            if not options.ocr:
                raise fail(source, *_IMAGE_WITHOUT_OCR)
            result = _read_image(data, source, options)
        elif kind == "pdf":
            from prongsai.core.documents.read.pdf import read_pdf

            result = read_pdf(
                data, source, ocr=options.ocr, max_ocr_pages=options.max_pages, progress=options.progress
            )
        else:
            if kind == "txt":
                from prongsai.core.documents.read.txt import read_txt as reader
            elif kind == "docx":
                from prongsai.core.documents.read.word import read_docx as reader
            else:
                from prongsai.core.documents.read.web import read_html as reader
            result = reader(data, source)
    except DocumentError:
        raise
    except MemoryError as exc:
        raise fail(source, "ไฟล์ใหญ่เกินกว่าหน่วยความจำจะอ่านได้", "the file is too large to read in memory") from exc
    except Exception as exc:  # a reader bug or a library's surprise: still a clear error, never a traceback
        raise fail(
            source,
            "อ่านไฟล์ไม่ได้ เนื้อหาอาจเสียหายหรือมีรูปแบบที่ไม่รองรับ",
            f"the file cannot be read; it may be corrupt or of an unsupported form ({type(exc).__name__})",
        ) from exc
    if not result.text.strip():
        raise fail(
            source,
            "ไม่พบข้อความในไฟล์ (อาจมีแต่รูปภาพหรือเป็นไฟล์ว่าง)",
            "no text found in the file (it may hold only images, or be empty)",
        )
    return result


def _read_image(data: bytes, source: str, options: _Options) -> ExtractedText:
    from prongsai.core.documents.read._common import check_chars
    from prongsai.core.documents.read.ocr import read_image_text
    from prongsai.core.documents.read.pdf import PAGE_SEPARATOR

    pages = read_image_text(data, source, max_pages=options.max_pages, progress=options.progress)
    spans, parts, pos = [], [], 0
    for i, page in enumerate(pages):
        if i:
            pos += len(PAGE_SEPARATOR)
        parts.append(page.text)
        spans.append((pos, pos + len(page.text)))
        pos += len(page.text)
    text = check_chars(PAGE_SEPARATOR.join(parts), source)
    return ExtractedText(
        text=text,
        kind="image",
        source=source,
        pages=len(pages),
        ocr_pages=tuple(range(1, len(pages) + 1)),
        ocr_spans=tuple(spans),
    )


def read_document(
    path: Path | str,
    *,
    max_bytes: int = MAX_BYTES,
    ocr: bool = True,
    max_ocr_pages: int | None = None,
    progress: ProgressFn | None = None,
) -> ExtractedText:
    """Read a document file from disk. ``source`` is the path as given. Options as for ``read_bytes``."""
    source = str(path)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise fail(source, "ไม่พบไฟล์", "file not found") from exc
    except OSError as exc:
        raise fail(source, "เปิดไฟล์ไม่ได้", f"cannot open the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise fail(source, "ไม่ใช่ไฟล์ปกติ (อาจเป็นโฟลเดอร์)", "not a regular file (a folder?)")
    if st.st_size > max_bytes:
        raise _too_big(source, st.st_size, max_bytes)
    try:
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise fail(source, "เปิดไฟล์ไม่ได้", f"cannot open the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise _too_big(source, len(data), max_bytes)
    return _read(data, p.name, source, max_bytes, _Options(ocr, max_ocr_pages, progress))


def _too_big(source: str, size: int, limit: int) -> DocumentError:
    return fail(
        source,
        f"ไฟล์ใหญ่เกินกำหนด ({size / 1e6:,.1f} MB เกิน {limit / 1e6:,.1f} MB)",
        f"the file is too large ({size / 1e6:,.1f} MB, over {limit / 1e6:,.1f} MB)",
    )
