"""PDF text layer through pypdfium2 (PDFium honours /ActualText, so Thai clusters come out right).

pdfminer (pdfplumber) and pypdf damage Thai, so they are not used. Pages are separated by a line holding only a
form feed (``"\\n\\f\\n"``). Only two safe repairs are applied (shared/research/stack.md §4): spaces before a Thai
combining mark are removed (no Thai word has a mark after a space), and the doubled ``ำา`` some PDFs produce becomes
``ำ`` (no Thai word has sara am followed by sara aa). Unicode normalisation is left to the parser.

A page whose text layer is (nearly) empty and that shows an image is a scan: it is rendered at 300 dpi and read by
OCR (``ocr``), in place of its text layer; a PDF without any text is read by OCR whole. The OCR pages are limited
(``max_ocr_pages``) before any is read, and each render is capped at ``ocr.MAX_PIXELS``.
"""

from __future__ import annotations

import math
import re
import threading

from prongsai.core.documents.read._common import (
    MAX_CHARS,
    MAX_PAGES,
    ExtractedText,
    ProgressFn,
    check_chars,
    fail,
    too_long,
    unify_newlines,
)
from prongsai.core.documents.read.pdf_layout import page_text as _layout_page_text
from prongsai.core.errors import DocumentError

PAGE_SEPARATOR = "\n\f\n"
# Thai above/below vowels, tone marks and other combining marks (category Mn).
_SPACE_BEFORE_MARK = re.compile(r"[ \u00a0]+(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
_SARA_AM_DOUBLED = re.compile("\u0e33\u0e32")
# PDFium is not thread-safe: one document at a time per process.
_LOCK = threading.Lock()


def repair_thai(text: str) -> str:
    """The safe repairs for Thai text from PDF text layers."""
    return _SARA_AM_DOUBLED.sub("\u0e33", _SPACE_BEFORE_MARK.sub("", text))


def _open(data: bytes, source: str):
    """A PdfDocument (call under ``_LOCK``); DocumentError for an encrypted or corrupt file."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
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


def read_pdf(
    data: bytes,
    source: str,
    *,
    ocr: bool = True,
    max_ocr_pages: int | None = None,
    progress: ProgressFn | None = None,
) -> ExtractedText:
    """The text layer of every page; the pages without one (a scan) are read by OCR when ``ocr``."""
    with _LOCK:
        document = _open(data, source)
        try:
            pages, scanned = _pages(document, source)
        except BaseException:
            document.close()
            raise
    try:
        if scanned and ocr:
            from prongsai.core.documents.read.ocr import check_page_count, max_pages_default

            check_page_count(len(scanned), max_ocr_pages or max_pages_default(), source, pdf=True)
            text_pages = [i for i, page in enumerate(pages) if i not in scanned and page.strip()]
            ocr_text = _ocr(document, scanned, source, progress, only_text=not text_pages)
        else:
            ocr_text = {}
    finally:
        with _LOCK:
            document.close()
    if scanned and not ocr and not "".join(pages).strip():
        raise fail(
            source,
            "PDF นี้ไม่มีชั้นข้อความ (text layer) อาจเป็นเอกสารสแกนเป็นภาพ ซึ่งต้องอ่านด้วย OCR"
            " แต่การอ่านครั้งนี้ไม่ได้เปิดใช้ OCR กรุณาใช้ไฟล์ต้นฉบับ (Word) หรือ PDF ที่สร้างจากโปรแกรมพิมพ์เอกสาร",
            "the PDF has no text layer (probably a scan), which needs OCR, and OCR is off for this reading. Use the"
            " original Word file or a PDF exported from a word processor",
        )
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for index, page_text in enumerate(pages):
        if index:
            pos += len(PAGE_SEPARATOR)
        if index in ocr_text:
            page_text = ocr_text[index]
            spans.append((pos, pos + len(page_text)))
        else:
            page_text = repair_thai(unify_newlines(page_text))  # before the offsets: the repairs shorten text
        parts.append(page_text)
        pos += len(page_text)
    text = PAGE_SEPARATOR.join(parts)
    if not text.strip():
        raise fail(
            source,
            "PDF นี้ไม่มีข้อความ ทั้งในชั้นข้อความและในภาพของหน้า (อาจเป็นไฟล์ว่างหรือมีแต่ภาพที่ไม่ใช่เอกสาร)",
            "the PDF has no text, neither in a text layer nor in the page images",
        )
    return ExtractedText(
        text=check_chars(text, source),
        kind="pdf",
        source=source,
        pages=len(pages),
        ocr_pages=tuple(sorted(i + 1 for i in ocr_text)),
        ocr_spans=tuple(spans),
    )


OCR_TEXT_BELOW = 20  # a page with fewer non-space characters in its text layer ...
# ... is read by OCR when it shows an image (a scan; a text page that is nearly empty has none), or when the whole
# PDF has no text at all.


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    except Exception:  # a broken object tree: the text layer decides alone
        return False


def _pages(document, source: str) -> tuple[list[str], list[int]]:
    """Each page's text layer, and the (0-based) pages to read by OCR."""
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
    sparse_with_image: list[int] = []
    total = 0
    for index in range(count):
        try:
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    # A table written column by column is read row by row again from its positions (pdf_layout).
                    text = _layout_page_text(textpage, page.get_height())
                finally:
                    textpage.close()
                if len("".join(text.split())) < OCR_TEXT_BELOW and _has_image(page):
                    sparse_with_image.append(index)
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
    if not "".join(pages).strip():
        return pages, list(range(count))
    return pages, sparse_with_image


def pdf_pages_to_ocr(data: bytes, *, source: str | None = None) -> list[int]:
    """The (0-based) pages of a PDF that reading would OCR. With ``source``, a PDF that cannot be opened (encrypted,
    corrupt) raises the reader's DocumentError naming it; without, it has none."""
    with _LOCK:
        try:
            document = _open(data, source or "")
        except DocumentError:
            if source is not None:
                raise
            return []
        try:
            return _pages(document, source or "")[1]
        except DocumentError:
            if source is not None:
                raise
            return []
        finally:
            document.close()


def _scan_dpi(page, width: float, height: float) -> float | None:
    """The resolution of the image that fills the page (a scanner's page), or None when no image does."""
    import pypdfium2.raw as pdfium_c

    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            if (right - left) * (top - bottom) >= 0.5 * width * height and right > left:
                return obj.get_px_size()[0] / ((right - left) / 72)
    except Exception:  # an odd image object: render at the usual resolution
        return None
    return None


def _render(document, index: int, source: str):
    """A page as a grey PIL image, and its dpi: at the resolution of the scan that fills it (100–300 dpi; the OCR
    cleaning scales it to 300 dpi after removing speckle), else at 300 dpi; at most ``MAX_PIXELS``."""
    from prongsai.core.documents.read.ocr import MAX_PIXELS, TARGET_DPI

    with _LOCK:
        try:
            page = document[index]
            try:
                width, height = page.get_size()
                native = _scan_dpi(page, width, height)
                scale = (min(TARGET_DPI, max(100.0, native)) if native else TARGET_DPI) / 72
                if width * height * scale * scale > MAX_PIXELS:
                    scale = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
                bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)
                try:
                    image = bitmap.to_pil().convert("L")  # a copy: the bitmap's buffer is freed below
                finally:
                    bitmap.close()
            finally:
                page.close()
        except Exception as exc:
            raise fail(
                source,
                f"แสดงภาพหน้า {index + 1} ของ PDF เพื่ออ่านด้วย OCR ไม่ได้ ไฟล์อาจเสียหาย",
                f"page {index + 1} of the PDF cannot be rendered for OCR; the file may be corrupt",
            ) from exc
    return image, scale * 72


def _ocr(
    document, scanned: list[int], source: str, progress: ProgressFn | None, *, only_text: bool
) -> dict[int, str]:
    """OCR the given pages (rendered one at a time under the PDFium lock; Tesseract runs outside it). When the scan
    is ``only_text`` of the PDF and OCR finds (almost) no Thai in it, the PDF is refused as having no text."""
    from prongsai.core.documents.read.ocr import MIN_THAI_LETTERS, no_text_found, ocr_pages

    def images():
        for index in scanned:
            yield _render(document, index, source)

    pages = ocr_pages(images(), len(scanned), source, progress=progress)
    if only_text:
        if sum(p.thai_letters for p in pages) < MIN_THAI_LETTERS:
            raise no_text_found(source, pdf=True)
        return {index: page.text for index, page in zip(scanned, pages, strict=True)}
    # Beside pages with text, a picture (a photo, a chart, a logo page) gives OCR noise, not text: keep its layer.
    return {index: page.text for index, page in zip(scanned, pages, strict=True) if page.thai_letters >= 5}
