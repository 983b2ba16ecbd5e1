"""DOCX → PDF through LibreOffice headless, and reading PDFs back (text, fonts) through pypdfium2.

Why LibreOffice: its PDFs shape Thai correctly, break lines at Thai word boundaries (ICU dictionary), embed
subset fonts and write ``/ActualText`` for the complex clusters, so the text layer extracts exactly
(shared/research/stack.md §1c, §4). WeasyPrint loses ำ in its text layer; Typst duplicates clusters.

Fonts: LibreOffice runs with a project fontconfig file that adds ``fontpkg_sarabun``'s TTFs (no system font folder
is touched, nothing is downloaded). A DOCX naming TH Sarabun New (or another small-em Thai font) is converted
from a retargeted copy naming Sarabun at 11/16 of its sizes, so the PDF prints at the size the officer's Word
prints (:mod:`prongsai.core.documents.write.docx_thai`).

Concurrency: each process has its own LibreOffice profile (``-env:UserInstallation``) and converts one file at a
time (a lock), since two soffice instances cannot share a profile. Processes run in parallel.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prongsai.core.errors import DocumentError

DEFAULT_TIMEOUT_S = 120.0
_LOCK = threading.Lock()
_STATE: dict[int, Path] = {}  # pid → this process's work directory (a forked child makes its own)

try:  # PDFium is not thread-safe: share the reader's lock when it is there.
    from prongsai.core.documents.read.pdf import _LOCK as _PDFIUM_LOCK  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _PDFIUM_LOCK = threading.Lock()


def soffice_path() -> str | None:
    """The LibreOffice binary (`PRONGSAI_SOFFICE`, else soffice/libreoffice on PATH)."""
    configured = os.environ.get("PRONGSAI_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.ROOT) / "files"


def _work_dir() -> Path:
    """This process's directory: fontconfig file and cache, LibreOffice profile. Removed at exit."""
    pid = os.getpid()
    if pid not in _STATE:
        base = Path(os.environ.get("PRONGSAI_CACHE_DIR") or tempfile.gettempdir())
        base.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"prongsai-lo-{pid}-", dir=base))
        fonts = font_dir()
        (work / "fonts.conf").write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{_xml_escape(str(fonts))}</dir>\n"
            f"  <cachedir>{_xml_escape(str(work / 'fc-cache'))}</cachedir>\n"
            "</fontconfig>\n",
            encoding="utf-8",
        )
        _STATE[pid] = work
        atexit.register(_cleanup, pid, work)
    return _STATE[pid]


def _cleanup(pid: int, work: Path) -> None:
    if os.getpid() == pid:
        shutil.rmtree(work, ignore_errors=True)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_to_pdf(
    docx: bytes | str | os.PathLike[str],
    out_path: str | os.PathLike[str] | None = None,
    *,
    match_print_size: bool = True,
    pdf_version: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> bytes:
    """Convert a DOCX (bytes or a path) to PDF with LibreOffice; return the PDF bytes, also written to `out_path`.

    `match_print_size`: convert a DOCX that names TH Sarabun New & co. from a copy naming Sarabun at 11/16 of the
    size (what the server has; same printed size). `pdf_version`: None for plain PDF 1.6, or "PDF/A-2b".
    Raises DocumentError (Thai + English) when LibreOffice is missing, times out or produces nothing.
    """
    (pdf,) = docx_to_pdf_many([docx], match_print_size=match_print_size, pdf_version=pdf_version, timeout=timeout)
    if out_path is not None:
        Path(out_path).write_bytes(pdf)
    return pdf


# LibreOffice 7.4 stops converting after about 240 documents in one run and still exits 0 (measured: 300 in one
# run gave 241 PDFs), so a batch is converted in runs of at most this many documents.
MAX_PER_RUN = 100


def docx_to_pdf_many(
    docxs: Sequence[bytes | str | os.PathLike[str]],
    *,
    match_print_size: bool = True,
    pdf_version: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> list[bytes]:
    """Convert several DOCX files in ONE LibreOffice run (its start-up is most of a single conversion).

    Same output as `docx_to_pdf` for each; `timeout` applies per document. For a province's batch of documents.
    """
    from prongsai.core.documents.write.docx_thai import prepare_for_libreoffice

    prepared = []
    for docx in docxs:
        data = docx if isinstance(docx, bytes | bytearray) else Path(docx).read_bytes()
        if not bytes(data[:2]) == b"PK":
            raise DocumentError("ไฟล์ที่ส่งมาไม่ใช่ DOCX", "the input is not a DOCX file")
        prepared.append(prepare_for_libreoffice(bytes(data), match_print_size=match_print_size))
    if not prepared:
        return []
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(
            "สร้าง PDF ไม่ได้: ไม่พบโปรแกรม LibreOffice บนเครื่องแม่ข่าย (ติดตั้งด้วย make debian-deps)",
            "cannot make the PDF: LibreOffice (soffice) is not installed; run `make debian-deps`",
        )
    filter_name = "pdf:writer_pdf_Export"
    if pdf_version == "PDF/A-2b":
        filter_name += ':{"SelectPdfVersion":{"type":"long","value":"2"}}'
    elif pdf_version is not None:
        raise ValueError("pdf_version must be None or 'PDF/A-2b'")

    pdfs: list[bytes] = []
    for start in range(0, len(prepared), MAX_PER_RUN):
        pdfs.extend(_convert_batch(prepared[start : start + MAX_PER_RUN], soffice, filter_name, timeout))
    out = []
    for pdf, (_, fixups) in zip(pdfs, prepared, strict=True):
        if fixups.thai_page_digits:
            pdf = thai_page_digits(pdf, top_margin_pt=fixups.top_margin_pt, bottom_margin_pt=fixups.bottom_margin_pt)
        out.append(pdf)
    return out


def _convert_batch(prepared: list, soffice: str, filter_name: str, timeout: float) -> list[bytes]:
    """One LibreOffice run over ``prepared`` (at most ``MAX_PER_RUN`` documents); the PDFs in order."""
    with _LOCK:
        work = _work_dir()
        job = Path(tempfile.mkdtemp(prefix="job-", dir=work))
        try:
            sources = []
            for k, (data, _) in enumerate(prepared):
                source = job / f"document-{k:05d}.docx"
                source.write_bytes(data)
                sources.append(str(source))
            env = dict(os.environ)
            env.update(
                FONTCONFIG_FILE=str(work / "fonts.conf"),
                SAL_USE_VCLPLUGIN="svp",
                HOME=str(work),
                TMPDIR=str(job),
                LC_ALL="C.UTF-8",
            )
            command = [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                "--convert-to",
                filter_name,
                "--outdir",
                str(job),
                *sources,
            ]
            try:
                proc = subprocess.Popen(
                    command,
                    env=env,
                    cwd=job,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as exc:
                raise DocumentError(
                    "สร้าง PDF ไม่ได้: เรียกโปรแกรม LibreOffice ไม่สำเร็จ", f"cannot start LibreOffice: {exc}"
                ) from exc
            limit = timeout * len(sources)
            try:
                output, _ = proc.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                raise DocumentError(
                    f"สร้าง PDF ไม่สำเร็จ: LibreOffice ใช้เวลานานเกิน {limit:.0f} วินาที",
                    f"cannot make the PDF: LibreOffice took longer than {limit:.0f} s",
                ) from None
            pdfs = []
            for source in sources:
                result = Path(source).with_suffix(".pdf")
                if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
                    detail = output.decode("utf-8", "replace").strip()[-500:]
                    raise DocumentError(
                        "สร้าง PDF ไม่สำเร็จ: LibreOffice แปลงเอกสารไม่ได้",
                        f"cannot make the PDF: LibreOffice exited with {proc.returncode}: {detail}",
                    )
                pdfs.append(result.read_bytes())
        finally:
            shutil.rmtree(job, ignore_errors=True)
    return pdfs


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _open(pdf: bytes | str | os.PathLike[str]):
    import pypdfium2 as pdfium

    source = bytes(pdf) if isinstance(pdf, bytes | bytearray) else str(pdf)
    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        raise DocumentError("เปิดไฟล์ PDF ไม่ได้", f"cannot open the PDF: {exc}") from exc


def pdf_text(pdf: bytes | str | os.PathLike[str]) -> str:
    """The PDF's text layer through PDFium (honours /ActualText, so Thai comes out in logical order).

    Pages are joined with a form feed; lines end with a newline."""
    with _PDFIUM_LOCK:
        document = _open(pdf)
        try:
            pages = []
            for page in document:
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
                textpage.close()
                page.close()
            return "\f".join(pages)
        finally:
            document.close()


def pdf_fonts(pdf: bytes | str | os.PathLike[str]) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font that text on any page uses, like `pdffonts` lists them.

    Subset prefixes (``ABCDEF+``) are dropped; a name used both embedded and not is reported as not embedded."""
    seen: dict[str, bool] = {}
    with _PDFIUM_LOCK:
        document = _open(pdf)
        try:
            for page in document:
                for obj in page.get_objects(filter=(_raw().FPDF_PAGEOBJ_TEXT,), max_depth=15):
                    font = obj.get_font()
                    name = _SUBSET_PREFIX.sub("", font.get_base_name() or font.get_family_name() or "?")
                    seen[name] = seen.get(name, True) and bool(font.is_embedded)
                page.close()
        finally:
            document.close()
    return sorted(seen.items())


_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_DIGITS = re.compile(r"[0-9]")


def _raw():
    import pypdfium2.raw as raw

    return raw


def thai_page_digits(pdf: bytes, *, top_margin_pt: float, bottom_margin_pt: float) -> bytes:
    """Rewrite Arabic digits drawn in the header and footer bands (above the top margin, below the bottom margin)
    as Thai digits, in embedded Sarabun at the same size and baseline, centred where the old text was.

    LibreOffice 7.4 cannot print Word's Thai-digit page numbers (docx_thai.PdfFixups), so the PDF gets them here.
    Only text objects that contain a digit are replaced; the body is left untouched."""
    import pypdfium2 as pdfium

    from prongsai.core.thai import to_thai_digits

    raw = _raw()
    with _PDFIUM_LOCK:
        document = _open(pdf)
        fonts: dict[bool, Any] = {}
        try:
            for page in document:
                height = page.get_height()
                textpage = page.get_textpage()
                changed = False
                objects = list(page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,), max_depth=1))
                for index, obj in enumerate(objects):
                    left, bottom, right, top = obj.get_bounds()
                    if not (bottom >= height - top_margin_pt or top <= bottom_margin_pt):
                        continue
                    text = _text_of(obj, textpage)
                    if not _DIGITS.search(text):
                        continue
                    bold = "bold" in (obj.get_font().get_base_name() or "").lower()
                    if bold not in fonts:
                        fonts[bold] = _load_sarabun(document, bold)
                    size = obj.get_font_size()
                    matrix = obj.get_matrix()
                    new = raw.FPDFPageObj_CreateTextObj(document.raw, fonts[bold][0], ctypes.c_float(size))
                    utf16 = (to_thai_digits(text) + "\0").encode("utf-16-le")
                    buffer = ctypes.create_string_buffer(utf16, len(utf16))
                    raw.FPDFText_SetText(new, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
                    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
                    raw.FPDFPageObj_GetBounds(new, l_, b_, r_, t_)
                    width = r_.value - l_.value
                    x = (left + right) / 2 - width / 2
                    raw.FPDFPageObj_Transform(new, 1, 0, 0, 1, x, matrix.f)
                    page.remove_obj(obj)
                    insert_at = getattr(raw, "FPDFPage_InsertObjectAtIndex", None)
                    if insert_at is not None:
                        insert_at(page.raw, new, index)
                    else:  # pragma: no cover - older PDFium
                        raw.FPDFPage_InsertObject(page.raw, new)
                    changed = True
                if changed:
                    page.gen_content()
                textpage.close()
                page.close()
            out = io.BytesIO()
            document.save(out)
            return out.getvalue()
        except pdfium.PdfiumError as exc:
            raise DocumentError("ใส่เลขหน้าเป็นเลขไทยใน PDF ไม่สำเร็จ", f"cannot write Thai page numbers: {exc}") from exc
        finally:
            document.close()


def _text_of(obj, textpage) -> str:
    raw = _raw()
    size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
    return buffer.raw.decode("utf-16-le", "replace").rstrip("\0")


def _load_sarabun(document, bold: bool):
    """Sarabun (embedded, CID) loaded into `document`; the bytes buffer is returned too, to keep it alive."""
    raw = _raw()
    data = (font_dir() / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf")).read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(document.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    if not font:
        raise DocumentError("โหลดฟอนต์ Sarabun ไม่ได้", "PDFium could not load the Sarabun font")
    return font, buffer


def pdf_page_count(pdf: bytes | str | os.PathLike[str]) -> int:
    with _PDFIUM_LOCK:
        document = _open(pdf)
        try:
            return len(document)
        finally:
            document.close()
