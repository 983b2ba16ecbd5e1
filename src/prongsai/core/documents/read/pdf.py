"""PDF text layer through pypdfium2 (PDFium honours /ActualText, so Thai clusters come out right).

pdfminer (pdfplumber) and pypdf damage Thai, so they are not used. Pages are separated by a line holding only a
form feed (``"\\n\\f\\n"``). Only two safe repairs are applied (shared/research/stack.md §4): spaces before a Thai
combining mark are removed (no Thai word has a mark after a space), and the doubled ``ำา`` some PDFs produce becomes
``ำ`` (no Thai word has sara am followed by sara aa). Unicode normalisation is left to the parser.
"""

from __future__ import annotations

import re
import threading

from prongsai.core.documents.read._common import (
    MAX_CHARS,
    MAX_PAGES,
    ExtractedText,
    check_chars,
    fail,
    too_long,
    unify_newlines,
)

PAGE_SEPARATOR = "\n\f\n"
# Thai above/below vowels, tone marks and other combining marks (category Mn).
_SPACE_BEFORE_MARK = re.compile(r"[ \u00a0]+(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
_SARA_AM_DOUBLED = re.compile("\u0e33\u0e32")
# PDFium is not thread-safe: one document at a time per process.
_LOCK = threading.Lock()


def repair_thai(text: str) -> str:
    """The safe repairs for Thai text from PDF text layers."""
    return _SARA_AM_DOUBLED.sub("\u0e33", _SPACE_BEFORE_MARK.sub("", text))


def read_pdf(data: bytes, source: str) -> ExtractedText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise fail(
                    source,
                    "PDF นี้ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้ กรุณาบันทึกเป็น PDF ที่ไม่มีรหัสผ่านแล้วลองใหม่",
                    "the PDF is encrypted or password-protected; save a copy without a password and try again",
                ) from exc
            raise fail(source, "ไฟล์ PDF เสียหาย เปิดไม่ได้", "the PDF file is corrupt") from exc
        except Exception as exc:
            raise fail(source, "ไฟล์ PDF เสียหาย เปิดไม่ได้", "the PDF file is corrupt") from exc
        try:
            pages = _pages(document, source)
        finally:
            document.close()
    text = repair_thai(unify_newlines(PAGE_SEPARATOR.join(pages)))
    if not text.strip():
        raise fail(
            source,
            "PDF นี้ไม่มีชั้นข้อความ (text layer) อาจเป็นเอกสารสแกนเป็นภาพ ระบบยังไม่รองรับการอ่านภาพด้วย OCR"
            " กรุณาใช้ไฟล์ต้นฉบับ (Word) หรือ PDF ที่สร้างจากโปรแกรมพิมพ์เอกสาร",
            "the PDF has no text layer (probably a scan); OCR is not supported. Use the original Word file"
            " or a PDF exported from a word processor",
        )
    return ExtractedText(text=check_chars(text, source), kind="pdf", source=source, pages=len(pages))


def _pages(document, source: str) -> list[str]:
    try:
        count = len(document)
    except Exception as exc:
        raise fail(source, "ไฟล์ PDF เสียหาย เปิดไม่ได้", "the PDF file is corrupt") from exc
    if count > MAX_PAGES:
        raise fail(
            source,
            f"PDF มี {count:,} หน้า เกินกำหนด {MAX_PAGES} หน้า กรุณาแยกเฉพาะส่วนผลการประเมิน",
            f"the PDF has {count:,} pages, over the limit of {MAX_PAGES}; extract the results pages",
        )
    pages: list[str] = []
    total = 0
    for index in range(count):
        try:
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
        except Exception as exc:
            raise fail(
                source,
                f"อ่านหน้า {index + 1} ของ PDF ไม่ได้ ไฟล์อาจเสียหาย",
                f"page {index + 1} of the PDF cannot be read; the file may be corrupt",
            ) from exc
        total += len(text)
        if total > MAX_CHARS:
            raise too_long(source)
        pages.append(text)
    return pages
