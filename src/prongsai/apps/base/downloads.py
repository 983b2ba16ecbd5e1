"""File downloads: every private file and generated document leaves through here.

A download is always an attachment (never shown inline, never run), with a safe ASCII name plus the Thai name
(RFC 6266 ``filename*``), ``nosniff``, a sandboxing CSP and no shared caching.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpResponse

from prongsai.core.errors import ProngsaiError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ascii_filename(filename: str) -> str:
    """``ผลการประเมิน-2568.pdf`` → ``____________-2568.pdf``: what old browsers get in ``filename=``."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename) or "file"


def mark_attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Make ``response`` a download named ``filename`` (Thai allowed) that no browser renders or sniffs."""
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


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
