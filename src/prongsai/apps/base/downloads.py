"""File downloads: every private file and generated document leaves through here.

A download is always an attachment (never shown inline, never run), with a safe ASCII name plus the Thai name
(RFC 6266 ``filename*``), ``nosniff``, a sandboxing CSP and no shared caching.

The name's extension always matches the content type served (``download_name``): a PDF uploaded as
``สำเนาบัตร.hta`` is saved by the browser as ``สำเนาบัตร.pdf``, never as something Windows would run. The name the
user gave stays text on the pages (``files.display_filename``).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse

from prongsai.apps.base.files import display_filename, path_of
from prongsai.core.errors import ProngsaiError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The extension each content type is served with (first), and other spellings kept as typed (".jpeg", ".yml").
# A content type not listed (application/octet-stream included) is served as ".bin": nothing opens it by itself.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    DOCX_TYPE: ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg", "jpe"),
    "image/gif": ("gif",),
    "text/plain": ("txt",),
    "text/csv": ("csv",),
    "application/json": ("json",),
    "application/yaml": ("yaml", "yml"),
    "text/html": ("html", "htm"),
    "application/vnd.apache.parquet": ("parquet",),
}
UNKNOWN_EXTENSION = "bin"
_SUFFIX = re.compile(r"\.([A-Za-z0-9]{1,8})$")


def download_name(filename: str, content_type: str) -> str:
    """The name a download is saved under: the user's name cleaned (no folders, controls or bidi overrides), its
    extension replaced by the one of ``content_type``: ``สำเนาบัตร.hta`` as a PDF → ``สำเนาบัตร.pdf``.

    Replaced, not appended (``สำเนาบัตร.hta.pdf``): Windows hides known extensions, so a double one shows as
    ``สำเนาบัตร.hta``, the very trick this guards against; for the same reason an inner one loses its dot
    (``a.hta.exe`` → ``a_hta.pdf``). A suffix without an ASCII letter (``ฉบับที่ 1.5``, ``ก.ค``) is not an extension
    and is kept: ``ฉบับที่ 1.5.pdf``."""
    name = display_filename(filename)
    allowed = EXTENSIONS.get(content_type.split(";", 1)[0].strip().lower(), (UNKNOWN_EXTENSION,))
    stem, extension = name, allowed[0]
    found = _extension(stem)
    if found is not None:
        stem = stem[: found.start()]
        if found.group(1).lower() in allowed:
            extension = found.group(1).lower()
    stem = stem.rstrip(" .")
    while (inner := _extension(stem)) is not None:  # ``a.hta.exe`` → ``a_hta.pdf``: one extension, the true one
        stem = f"{stem[: inner.start()].rstrip(' .')}_{inner.group(1)}"
    return f"{stem or 'file'}.{extension}"


def _extension(name: str) -> re.Match[str] | None:
    found = _SUFFIX.search(name)
    return found if found and found.start() > 0 and any(c.isalpha() for c in found.group(1)) else None


def ascii_filename(filename: str) -> str:
    """``ผลการประเมิน-2568.pdf`` → ``____________-2568.pdf``: what old browsers get in ``filename=``."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename) or "file"


def mark_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Make ``response`` a download named ``filename`` (Thai allowed) that no browser renders or sniffs. The
    extension is the response's content type's (``download_name``), whatever ``filename`` ends with."""
    filename = download_name(filename, response.get("Content-Type", ""))
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(stored_name: str, *, content_type: str, filename: str, missing: str) -> HttpResponse:
    """A file kept under a stored name (``base.files``), served as an attachment named ``filename``; a 404 with the
    Thai ``missing`` when the file is gone."""
    try:
        handle = open(path_of(stored_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    return mark_attachment(FileResponse(handle, content_type=content_type), filename)


def document_response(doc: Any, *, fmt: str, name: str) -> HttpResponse:
    """A core document (``to_bytes()`` DOCX, ``to_pdf()`` through LibreOffice) as ``name.fmt``.

    Another format answers 404; a PDF that LibreOffice cannot make answers 503 with the Thai reason."""
    if fmt not in ("docx", "pdf"):
        raise Http404("ไม่พบรูปแบบไฟล์")
    if fmt == "pdf":
        try:
            data, kind = doc.to_pdf(), "application/pdf"
        except ProngsaiError as exc:
            return HttpResponse(exc.th, status=503, content_type="text/plain; charset=utf-8")
    else:
        data, kind = doc.to_bytes(), DOCX_TYPE
    return mark_attachment(HttpResponse(data, content_type=kind), f"{name}.{fmt}")
