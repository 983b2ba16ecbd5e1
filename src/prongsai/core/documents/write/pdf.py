"""DOCX → PDF through LibreOffice headless, and reading PDFs back (text, fonts) through pypdfium2.

Why LibreOffice: its PDFs shape Thai correctly, break lines at Thai word boundaries (ICU dictionary), embed
subset fonts and write ``/ActualText`` for the complex clusters, so the text layer extracts exactly
(shared/research/stack.md §1c, §4). WeasyPrint loses ำ in its text layer; Typst duplicates clusters.

Fonts: LibreOffice runs with a project fontconfig file that adds ``fontpkg_sarabun``'s TTFs (no system font folder
is touched, nothing is downloaded). A DOCX naming TH Sarabun New (or another small-em Thai font) is converted
from a retargeted copy naming Sarabun at 11/16 of its sizes (`retarget_docx`, `prepare_for_libreoffice`, here), so
the PDF prints at the size the officer's Word prints (the font policy: :mod:`prongsai.core.documents.write.docx_thai`).

Concurrency: each process has its own LibreOffice profile (``-env:UserInstallation``) and runs one LibreOffice at a
time (a lock), since two soffice instances cannot share a profile. Processes run in parallel.

Batches: `docx_to_pdf_many` starts LibreOffice once for up to ``MAX_PER_RUN`` documents (its start-up was most of a
single conversion). A watchdog follows the run's output: a LibreOffice that crashes, is killed or makes no progress
for ``timeout`` seconds is killed and started again (fresh profile) on the documents left, and the document it was
on gets one retry (`_convert_batch`). Why not one LibreOffice kept running behind a UNO server (unoserver): that
needs LibreOffice's Python UNO bindings (Debian python3-uno, not installed here) and saves nothing more once the
start-up is shared by a hundred documents: the conversion itself is the cost (docs/performance.md).

Speed (docs/performance.md): LibreOffice runs with jemalloc preloaded when it is installed (`office_allocator`), its
profile says this version ran before (no graphics self-test at each start, `_write_profile_settings`), and the copy
it converts drops the styles nothing uses (`_drop_unused_styles`).
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
import time
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from prongsai.core.documents.write.wordml import (
    A_NS,
    MARGIN_BOTTOM_CM,
    MARGIN_TOP_CM,
    PPR_ORDER,
    SARABUN,
    FontPolicy,
    W,
    is_small_em_thai,
    order_children,
    order_rpr,
)
from prongsai.core.errors import DocumentError
from prongsai.core.thai import to_thai_digits

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
        # a multiprocessing worker (a pool's process) ends with os._exit, which skips atexit: its finalizers run
        import multiprocessing.util

        multiprocessing.util.Finalize(None, _cleanup, args=(pid, work), exitpriority=0)
    return _STATE[pid]


def _cleanup(pid: int, work: Path) -> None:
    if os.getpid() == pid:
        shutil.rmtree(work, ignore_errors=True)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- retargeting a DOCX to Sarabun for the server-side PDF ----------------------------------------------

_RETARGET_PARTS = re.compile(
    r"^word/(document|styles|header\d*|footer\d*|footnotes|endnotes|numbering|fontTable|"
    r"comments|theme/theme\d*)\.xml$"
)
_FONT_ATTRS = tuple(f"{W}{a}" for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def names_small_em_thai(data: bytes) -> bool:
    """True when the DOCX's styles or body name a TH Sarabun-like family (see SMALL_EM_THAI_FAMILIES)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in ("word/styles.xml", "word/document.xml"):
            if name not in zf.namelist():
                continue
            root = etree.fromstring(zf.read(name))
            for rfonts in root.iter(f"{W}rFonts"):
                if any(is_small_em_thai(rfonts.get(a)) for a in _FONT_ATTRS):
                    return True
    return False


def retarget_docx(data: bytes, policy: FontPolicy = SARABUN) -> bytes:
    """A copy of a DOCX that names `policy.family` instead of the small-em Thai fonts, sizes × `policy.scale`.

    Used to print a "TH Sarabun New 16 pt" DOCX on a server that only has Sarabun: the result shows Sarabun 11 pt,
    the size TH Sarabun New 16 pt prints at. Every w:sz/w:szCs in the document, styles, headers, footers,
    notes and numbering is scaled (a DOCX naming these fonts uses them throughout; a Latin-only font in such a
    document would be scaled too). Theme fonts naming them are renamed as well. Files that name none of them are
    returned unchanged.
    """
    if not names_small_em_thai(data):
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if _RETARGET_PARTS.match(info.filename):
                payload = _retarget_part(payload, policy, styles=info.filename == "word/styles.xml")
            target.writestr(info, payload)
    return out.getvalue()


def _retarget_part(payload: bytes, policy: FontPolicy, *, styles: bool) -> bytes:
    root = etree.fromstring(payload)
    for rfonts in root.iter(f"{W}rFonts"):
        for attr in _FONT_ATTRS:
            if is_small_em_thai(rfonts.get(attr)):
                rfonts.set(attr, policy.family)
    for font in root.iter(f"{W}font"):  # fontTable.xml
        if is_small_em_thai(font.get(f"{W}name")):
            font.set(f"{W}name", policy.family)
    for tag in ("latin", "ea", "cs", "font"):  # theme fonts
        for el in root.iter(f"{{{A_NS}}}{tag}"):
            if is_small_em_thai(el.get("typeface")):
                el.set("typeface", policy.family)
    for tag in ("sz", "szCs"):
        for el in root.iter(f"{W}{tag}"):
            value = el.get(f"{W}val")
            if value and value.isdigit():
                el.set(f"{W}val", str(max(2, round(int(value) * policy.scale))))
    if styles:  # sizes nobody set default to 10 pt: scale those too
        rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if rpr is not None:
            for tag in ("sz", "szCs"):
                if rpr.find(f"{W}{tag}") is None:
                    el = etree.SubElement(rpr, f"{W}{tag}")
                    el.set(f"{W}val", str(round(20 * policy.scale)))
            order_rpr(rpr)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the copy LibreOffice prints: Thai page and list numbers -------------------------------------------

_THAI_ARABIC_SWITCH = re.compile(r"\\\*\s*ThaiArabic\b", re.IGNORECASE)
_PAGE_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
_FORMAT_SWITCH = re.compile(r"\\\*\s*(?!MERGEFORMAT|CHARFORMAT)\w+", re.IGNORECASE)
_HDR_FTR_PART = re.compile(r"^word/(header|footer)\d*\.xml$")


@dataclass(frozen=True)
class PdfFixups:
    """What the PDF needs after LibreOffice, because LibreOffice 7.4 cannot do it from the DOCX.

    LibreOffice reads Word's ``PAGE \\* ThaiArabic`` as Thai *letters* (ก ข ค) and ignores the ``thaiNumbers`` page
    and list number format (it prints 1 2 3). The copy it prints therefore asks for Arabic page numbers, and
    `thai_page_digits` tells the PDF step to turn the digits in the header and footer bands (above the top margin,
    below the bottom margin) into Thai digits."""

    thai_page_digits: bool = False
    top_margin_pt: float = MARGIN_TOP_CM / 2.54 * 72
    bottom_margin_pt: float = MARGIN_BOTTOM_CM / 2.54 * 72


def prepare_for_libreoffice(data: bytes, *, match_print_size: bool = True) -> tuple[bytes, PdfFixups]:
    """The copy of a DOCX that LibreOffice turns into the PDF the officer expects, and the fix-ups still needed.

    * fonts: TH Sarabun New & co. → Sarabun at 11/16 of the size (`retarget_docx`), when `match_print_size`;
    * ``thaiDistribute`` → ``both``: LibreOffice shows thaiDistribute ragged, but justifies Thai text between
      clusters when it is plain justified (its ThaiJustify);
    * numbered lists in ``thaiNumbers`` (๑. ๒. ๓.), which LibreOffice prints as 1. 2. 3., become typed labels;
    * page number fields in Thai digits become Arabic ones, turned Thai after conversion (`PdfFixups`);
    * Thai text of the body and of table cells breaks only between words (`linebreak.break_between_words`: word
      joiners inside a word that fits its line or cell, zero-width spaces between words; the agency the document
      names as its author is one word).
    """
    if match_print_size:
        data = retarget_docx(data)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = set(source.namelist())
    parts: dict[str, Any] = {}

    def part(name: str):
        if name not in parts:
            parts[name] = etree.fromstring(source.read(name)) if name in names else None
        return parts[name]

    document = part("word/document.xml")
    if document is None:
        raise DocumentError("ไฟล์ DOCX ไม่มีเนื้อหาเอกสาร", "the DOCX has no word/document.xml")
    for name in sorted(names):
        if name == "word/document.xml" or name == "word/styles.xml" or _HDR_FTR_PART.match(name):
            for jc in part(name).iter(f"{W}jc"):
                if jc.get(f"{W}val") == "thaiDistribute":
                    jc.set(f"{W}val", "both")
    numbering = part("word/numbering.xml")
    if numbering is not None:
        _type_thai_list_labels(document, numbering)
    _break_between_words(document, part("word/styles.xml"), keep=_author(source, names))
    styles = part("word/styles.xml")
    if styles is not None:
        _drop_unused_styles(styles, source, names)

    thai_sections = False
    top_pt, bottom_pt = PdfFixups.top_margin_pt, PdfFixups.bottom_margin_pt
    for sect in document.iter(f"{W}sectPr"):
        pg_num = sect.find(f"{W}pgNumType")
        if pg_num is not None and pg_num.get(f"{W}fmt") == "thaiNumbers":
            thai_sections = True
            del pg_num.attrib[f"{W}fmt"]
        mar = sect.find(f"{W}pgMar")
        if mar is not None:
            top_pt = abs(int(mar.get(f"{W}top", "1417"))) / 20
            bottom_pt = abs(int(mar.get(f"{W}bottom", "1134"))) / 20
    thai_digits = False
    for name in sorted(n for n in names if _HDR_FTR_PART.match(n)):
        root = part(name)
        for instr in root.iter(f"{W}instrText"):
            thai_digits |= _arabic_page_field(instr, "text", thai_sections)
        for simple in root.iter(f"{W}fldSimple"):
            thai_digits |= _arabic_page_field(simple, f"{W}instr", thai_sections)

    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            root = parts.get(info.filename)
            payload = (
                etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                if root is not None
                else source.read(info.filename)
            )
            target.writestr(info, payload)
    return out.getvalue(), PdfFixups(thai_digits, top_pt, bottom_pt)


_STYLE_REF = re.compile(rb'<(?:\w+:)?(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink)\b[^>]*?\bval="([^"]*)"')
_FIELD_CODE = re.compile(rb'<(?:\w+:)?instrText\b[^>]*>([^<]*)<|\binstr="([^"]*)"')
_STYLE_PARTS = ("word/styles.xml", "word/stylesWithEffects.xml")


def _drop_unused_styles(styles, source: zipfile.ZipFile, names: set[str]) -> None:
    """Remove from styles.xml the styles nothing uses, and the latent-style list (Word's menu of built-in styles).

    python-docx's template carries 164 styles (100 of them table styles) and 137 latent-style entries; LibreOffice
    imports every one for every document, about a sixth of its time on a measures report (docs/performance.md).
    Kept: every style a part of the package names (paragraph, run, table, numbering links; headers, footers,
    notes, numbering, comments included), the defaults, any style a field code names (TOC \\t, STYLEREF), and what
    they are based on, linked to or followed by. The PDF is the same."""
    used: set[str] = set()
    fields = b""
    for name in names:
        if name.startswith("word/") and name.endswith(".xml") and name not in _STYLE_PARTS:
            payload = source.read(name)
            used.update(m.decode("utf-8", "replace") for m in _STYLE_REF.findall(payload))
            fields += b" ".join(a or b for a, b in _FIELD_CODE.findall(payload))
    field_text = fields.decode("utf-8", "replace")
    by_id = {style.get(f"{W}styleId"): style for style in styles.findall(f"{W}style")}
    keep: set[str] = set()

    def add(style_id: str | None) -> None:
        if style_id is None or style_id in keep or style_id not in by_id:
            return
        keep.add(style_id)
        for tag in ("basedOn", "link", "next"):
            ref = by_id[style_id].find(f"{W}{tag}")
            if ref is not None:
                add(ref.get(f"{W}val"))

    for style_id, style in by_id.items():
        name = style.find(f"{W}name")
        named = name.get(f"{W}val") if name is not None else None
        if (
            style_id in used
            or style.get(f"{W}default") in ("1", "true", "on")
            or (field_text and (style_id in field_text or (named and named in field_text)))
        ):
            add(style_id)
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    latent = styles.find(f"{W}latentStyles")
    if latent is not None:
        styles.remove(latent)


_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_DEFAULT_CELL_MARGINS_TW = 216  # Word's and LibreOffice's default left + right margin of a table cell (2 × 0.19 cm)


def _author(source: zipfile.ZipFile, names: set[str]) -> tuple[str, ...]:
    """The document's author (`ThaiDocument` writes the agency there), as a phrase to keep on one line."""
    if "docProps/core.xml" not in names:
        return ()
    creator = etree.fromstring(source.read("docProps/core.xml")).find(_DC_CREATOR)
    text = " ".join((creator.text or "").split()) if creator is not None else ""
    return (text,) if text else ()


def _twips(el, attr: str = "w", default: int = 0) -> int:
    value = el.get(f"{W}{attr}") if el is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _style_runs(styles) -> tuple[dict[str, tuple[int | None, bool]], int]:
    """Each paragraph style's Thai size (half-points) and boldness, and the document's default size."""
    default = 22
    out: dict[str, tuple[int | None, bool]] = {}
    if styles is None:
        return out, default
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    size = rpr.find(f"{W}szCs") if rpr is not None else None
    default = _twips(size, "val", default)
    for style in styles.iter(f"{W}style"):
        rpr = style.find(f"{W}rPr")
        if rpr is None:
            continue
        size = rpr.find(f"{W}szCs")
        bold = rpr.find(f"{W}bCs")
        out[style.get(f"{W}styleId", "")] = (
            _twips(size, "val") if size is not None else None,
            bold is not None and bold.get(f"{W}val") not in ("0", "false"),
        )
    return out, default


def _break_between_words(document, styles, *, keep: tuple[str, ...]) -> None:
    """Word joiners and zero-width spaces in the body's and the table cells' Thai text (`linebreak`)."""
    from prongsai.core.documents.write.linebreak import break_between_words

    body = document.find(f"{W}body")
    sect = body.find(f"{W}sectPr") if body is not None else None
    page = sect.find(f"{W}pgSz") if sect is not None else None
    mar = sect.find(f"{W}pgMar") if sect is not None else None
    text_width = _twips(page, "w", 11906) - _twips(mar, "left", 1701) - _twips(mar, "right", 1134)
    by_style, default_size = _style_runs(styles)
    for paragraph in document.iter(f"{W}p"):
        ppr = paragraph.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style.get(f"{W}val", "") if style is not None else "Normal"
        style_size, style_bold = by_style.get(style_id, (None, False))
        cell = next(paragraph.iterancestors(f"{W}tc"), None)
        if cell is not None:
            table = next(cell.iterancestors(f"{W}tbl"))
            margins = table.find(f"{W}tblPr/{W}tblCellMar")
            sides = _DEFAULT_CELL_MARGINS_TW
            if margins is not None:
                left = margins.find(f"{W}left") if margins.find(f"{W}left") is not None else margins.find(f"{W}start")
                right = margins.find(f"{W}right") if margins.find(f"{W}right") is not None else margins.find(f"{W}end")
                sides = _twips(left, "w", 108) + _twips(right, "w", 108)
            width = _twips(cell.find(f"{W}tcPr/{W}tcW"), "w", text_width) - sides
        else:
            indent = ppr.find(f"{W}ind") if ppr is not None else None
            width = text_width - max(_twips(indent, "left"), _twips(indent, "start"))
        if width <= 0:
            continue
        for run in paragraph.iter(f"{W}r"):
            if next(run.iterancestors(f"{W}p")) is not paragraph:
                continue  # a text box's paragraph is handled on its own
            rpr = run.find(f"{W}rPr")
            size = rpr.find(f"{W}szCs") if rpr is not None else None
            bold = rpr.find(f"{W}bCs") if rpr is not None else None
            half_points = _twips(size, "val") if size is not None else (style_size or default_size)
            is_bold = bold.get(f"{W}val") not in ("0", "false") if bold is not None else style_bold
            for t in run.findall(f"{W}t"):
                if t.text:
                    t.text = break_between_words(
                        t.text, width_pt=width / 20, size_pt=half_points / 2, bold=is_bold, keep=keep
                    )


def _arabic_page_field(el, attr: str, thai_sections: bool) -> bool:
    """Make a Thai-digit PAGE field print Arabic digits; True when it was one."""
    text = el.text if attr == "text" else el.get(attr)
    if not text or not _PAGE_FIELD.match(text):
        return False
    if _THAI_ARABIC_SWITCH.search(text):
        text = _THAI_ARABIC_SWITCH.sub("", text)
    elif not (thai_sections and not _FORMAT_SWITCH.search(text)):
        return False
    if attr == "text":
        el.text = text
    else:
        el.set(attr, text)
    return True


def _type_thai_list_labels(document, numbering) -> None:
    """Replace automatic ``thaiNumbers`` list numbering by the labels Word would show, typed as text."""
    abstracts: dict[str, dict[int, dict[str, Any]]] = {}
    for abstract in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for lvl in abstract.findall(f"{W}lvl"):

            def val(tag: str, default: str = "", _lvl=lvl) -> str:
                el = _lvl.find(f"{W}{tag}")
                return el.get(f"{W}val", default) if el is not None else default

            levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                "start": int(val("start", "1") or 1),
                "fmt": val("numFmt", "decimal"),
                "text": val("lvlText"),
                "ppr": lvl.find(f"{W}pPr"),
                "rpr": lvl.find(f"{W}rPr"),
                "suff": val("suff", "tab"),
            }
        abstracts[abstract.get(f"{W}abstractNumId")] = levels
    nums: dict[str, tuple[dict[int, dict[str, Any]], dict[int, int]]] = {}
    for num in numbering.findall(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        levels = abstracts.get(ref.get(f"{W}val") if ref is not None else None, {})
        overrides = {}
        for override in num.findall(f"{W}lvlOverride"):
            start = override.find(f"{W}startOverride")
            if start is not None:
                overrides[int(override.get(f"{W}ilvl", "0"))] = int(start.get(f"{W}val", "1"))
        if any(level["fmt"] == "thaiNumbers" for level in levels.values()):
            nums[num.get(f"{W}numId")] = (levels, overrides)
    if not nums:
        return
    counters: dict[str, dict[int, int]] = {}
    for paragraph in document.iter(f"{W}p"):
        ppr = paragraph.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        num_id_el, ilvl_el = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
        num_id = num_id_el.get(f"{W}val") if num_id_el is not None else None
        if num_id not in nums:
            continue
        levels, overrides = nums[num_id]
        ilvl = int(ilvl_el.get(f"{W}val", "0")) if ilvl_el is not None else 0
        level = levels.get(ilvl)
        if level is None:
            continue

        def start(lv: int, _levels=levels, _overrides=overrides) -> int:
            return _overrides.get(lv, _levels.get(lv, {}).get("start", 1))

        count = counters.setdefault(num_id, {})
        count[ilvl] = count.get(ilvl, start(ilvl) - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]

        def number(match: re.Match, _levels=levels, _count=count, _start=start) -> str:
            lv = int(match.group(1)) - 1
            value = str(_count.get(lv, _start(lv)))
            return to_thai_digits(value) if _levels.get(lv, {}).get("fmt") == "thaiNumbers" else value

        label = re.sub(r"%([1-9])", number, level["text"])
        ppr.remove(num_pr)
        if level["ppr"] is not None:
            for tag in ("tabs", "ind"):
                if ppr.find(f"{W}{tag}") is None and level["ppr"].find(f"{W}{tag}") is not None:
                    ppr.append(deepcopy(level["ppr"].find(f"{W}{tag}")))
        order_children(ppr, PPR_ORDER)
        run = etree.Element(f"{W}r")
        if level["rpr"] is not None:
            run.append(deepcopy(level["rpr"]))
        text = etree.SubElement(run, f"{W}t")
        text.text = label + (" " if level["suff"] == "space" else "")
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if level["suff"] == "tab":
            etree.SubElement(run, f"{W}tab")
        ppr.addnext(run)


# --- converting --------------------------------------------------------------------------------------


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


# Called with every LibreOffice process this module starts (tests kill it to check the restart); None normally.
_on_office_start: Any = None
PROGRESS_POLL_S = 0.2  # how often a run's output folder is looked at while LibreOffice works


def _convert_batch(prepared: list, soffice: str, filter_name: str, timeout: float) -> list[bytes]:
    """LibreOffice runs over ``prepared`` (at most ``MAX_PER_RUN`` documents); the PDFs in order.

    One LibreOffice start converts the whole batch. A run that crashes, is killed or stops early is restarted
    (with a fresh profile) on the documents it left; one that makes no progress for `timeout` seconds (no new PDF)
    is killed and restarted the same way. The document a failed run was on gets one retry; failing twice is a
    DocumentError."""
    with _LOCK:
        work = _work_dir()
        job = Path(tempfile.mkdtemp(prefix="job-", dir=work))
        try:
            sources = []
            for k, (data, _) in enumerate(prepared):
                source = job / f"document-{k:05d}.docx"
                source.write_bytes(data)
                sources.append(source)
            pdfs: list[bytes | None] = [None] * len(sources)
            failures = [0] * len(sources)
            while True:
                todo = [k for k, pdf in enumerate(pdfs) if pdf is None]
                if not todo:
                    return [pdf for pdf in pdfs if pdf is not None]
                returncode, output, hung = _office_run(
                    soffice, filter_name, work, job, [sources[k] for k in todo], timeout
                )
                written = [k for k in todo if _written(sources[k])]
                if hung or returncode != 0:  # killed or crashed: the last PDF it wrote may be cut short
                    written = written[:-1]
                for k in written:
                    pdfs[k] = sources[k].with_suffix(".pdf").read_bytes()
                    sources[k].with_suffix(".pdf").unlink()
                missing = [k for k in todo if pdfs[k] is None]
                if not missing:
                    continue
                # LibreOffice converts in order: blame the first document it left no PDF for at all
                culprit = next((k for k in missing if not sources[k].with_suffix(".pdf").exists()), missing[-1])
                failures[culprit] += 1
                for k in missing:  # what a killed run left half-written is converted again
                    sources[k].with_suffix(".pdf").unlink(missing_ok=True)
                if failures[culprit] < 2:
                    shutil.rmtree(work / "profile", ignore_errors=True)  # a killed office may leave it broken
                    continue
                if hung:
                    raise DocumentError(
                        f"สร้าง PDF ไม่สำเร็จ: LibreOffice ใช้เวลานานเกิน {timeout:.0f} วินาทีต่อเอกสาร (ลองแล้ว 2 ครั้ง)",
                        f"cannot make the PDF: LibreOffice took longer than {timeout:.0f} s for one document"
                        " (tried twice)",
                    )
                detail = output.decode("utf-8", "replace").strip()[-500:]
                raise DocumentError(
                    "สร้าง PDF ไม่สำเร็จ: LibreOffice แปลงเอกสารไม่ได้",
                    f"cannot make the PDF: LibreOffice exited with {returncode}: {detail}",
                )
        finally:
            shutil.rmtree(job, ignore_errors=True)


def _written(source: Path) -> bool:
    result = source.with_suffix(".pdf")
    return result.exists() and result.stat().st_size > 0


def _office_run(
    soffice: str, filter_name: str, work: Path, job: Path, sources: list[Path], timeout: float
) -> tuple[int | None, bytes, bool]:
    """One LibreOffice process converting `sources` in order into `job`: (exit code, its output, hung?).

    A watchdog kills the process group when no new PDF has appeared for `timeout` seconds."""
    env = dict(os.environ)
    env.update(
        FONTCONFIG_FILE=str(work / "fonts.conf"),
        SAL_USE_VCLPLUGIN="svp",
        HOME=str(work),
        TMPDIR=str(job),
        LC_ALL="C.UTF-8",
    )
    allocator = office_allocator()
    if allocator:
        env["LD_PRELOAD"] = " ".join(filter(None, (allocator, env.get("LD_PRELOAD"))))
    _write_profile_settings(work / "profile", soffice)
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
        *map(str, sources),
    ]
    log = job / "office.log"
    with open(log, "wb") as out:
        try:
            proc = subprocess.Popen(
                command,
                env=env,
                cwd=job,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            raise DocumentError(
                "สร้าง PDF ไม่ได้: เรียกโปรแกรม LibreOffice ไม่สำเร็จ", f"cannot start LibreOffice: {exc}"
            ) from exc
        hung = False
        try:
            if _on_office_start is not None:
                _on_office_start(proc)
            results = [source.with_suffix(".pdf") for source in sources]
            done = 0
            last_progress = time.monotonic()
            while True:
                try:
                    proc.wait(timeout=PROGRESS_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    pass
                while done < len(results) and results[done].exists():
                    done += 1
                    last_progress = time.monotonic()
                if time.monotonic() - last_progress > timeout:
                    hung = True
                    break
        finally:
            if proc.poll() is None:
                _kill_group(proc)
            else:  # LibreOffice's helper processes (oosplash → soffice.bin) go with it
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
    output = log.read_bytes()
    log.unlink()
    return proc.returncode, output, hung


# Where Debian and others put jemalloc (libjemalloc2). LibreOffice converts a measures report in about half the CPU
# time with it as its allocator: glibc's malloc spent a fifth of the time in malloc_consolidate and page faults.
_JEMALLOC = (
    "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
    "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
    "/usr/lib64/libjemalloc.so.2",
    "/usr/lib/libjemalloc.so.2",
    "/usr/local/lib/libjemalloc.so.2",
)


def office_allocator() -> str | None:
    """The allocator preloaded into LibreOffice: ``PRONGSAI_SOFFICE_MALLOC`` (a library path, or ``glibc`` for
    none), else jemalloc when it is installed, else None (glibc's malloc)."""
    configured = os.environ.get("PRONGSAI_SOFFICE_MALLOC")
    if configured is not None:
        return None if configured in ("", "glibc") else configured
    return next((path for path in _JEMALLOC if os.path.exists(path)), None)


_SETUP_VERSION = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>([0-9.]+)</value>')


def _office_version(soffice: str) -> str | None:
    """LibreOffice's ``ooSetupVersion`` (``7.4``) from the installation's registry, when it can be found."""
    program = Path(os.path.realpath(soffice)).parent
    try:
        match = _SETUP_VERSION.search((program.parent / "share" / "registry" / "main.xcd").read_bytes())
    except OSError:
        return None
    return match.group(1).decode() if match else None


_PROFILE_ITEM = (
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
    "<value>{version}</value></prop></item>\n"
)


def _write_profile_settings(profile: Path, soffice: str) -> None:
    """Tell the profile this LibreOffice version has run before (``ooSetupLastVersion``).

    Otherwise every start counts as the first after an upgrade and runs its graphics self-test
    (GraphicsRenderTests, 102 drawings on up to 4096-pixel surfaces): 0.6–1.2 s CPU a start, as much as converting
    a measures report. Headless LibreOffice never records the version itself, so the profile is written before
    each run (a fresh profile after a crash gets it too)."""
    version = _office_version(soffice)
    if version is None:
        return
    registry = profile / "user" / "registrymodifications.xcu"
    item = _PROFILE_ITEM.format(version=version)
    try:
        text = registry.read_text(encoding="utf-8")
    except OSError:
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            "</oor:items>\n"
        )
    if item in text or "</oor:items>" not in text:
        return
    registry.parent.mkdir(parents=True, exist_ok=True)
    registry.write_text(text.replace("</oor:items>", item + "</oor:items>", 1), encoding="utf-8")


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

    LibreOffice 7.4 cannot print Word's Thai-digit page numbers (PdfFixups), so the PDF gets them here.
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
                for index, obj in _margin_text_objects(document, page, height, top_margin_pt, bottom_margin_pt):
                    left, _, right, _ = obj.get_bounds()
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
            return actual_text_inside_text_objects(out.getvalue())
        except pdfium.PdfiumError as exc:
            raise DocumentError("ใส่เลขหน้าเป็นเลขไทยใน PDF ไม่สำเร็จ", f"cannot write Thai page numbers: {exc}") from exc
        finally:
            document.close()


# PDFium writes a changed page anew, one object per line, and puts each marked-content span around the whole object:
#   /Span <</ActualText<FEFF0E33>>> BDC
#   q 0 0 0 rg … BT 1 0 0 1 147.1 735.189 Tm /FXF1 9.5 Tf 0 Tr [<29> -10 <09>] TJ ET Q
#   EMC
# poppler (pdftotext, Evince, Okular) places an /ActualText span at the graphics state it has at EMC, after Q has
# thrown the text state away: the ำ of กำลัง ends up on a line of its own ("ก ำ ลัง" when copied). LibreOffice puts
# the span inside the text object; this puts it back there.
_SPAN_AROUND_TEXT = re.compile(
    rb"(/Span\s*<<[^\n]*?/ActualText[^\n]*?>>\s*BDC)[ \t]*\r?\n"
    rb"(q\b[^\n]*?\bBT\b)([^\n]*?)(\bET\s+Q)[ \t]*\r?\n"
    rb"EMC\b"
)
_FLAT_STREAM = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\s*<<\s*/Filter\s*/FlateDecode\s*/Length\s+(\d+)\s*>>\s*stream\r?\n")


def actual_text_inside_text_objects(pdf: bytes) -> bytes:
    """`pdf` with every content stream PDFium regenerated rewritten so that an /ActualText span sits inside the
    text object it marks (``BT /Span <<…>> BDC … EMC ET``), as LibreOffice writes it; added as an incremental
    update. A file that is not laid out as PDFium saves it (one classic cross-reference table) is returned as it
    is."""
    import zlib

    tail = pdf.rfind(b"startxref")
    if tail < 0 or b"/Prev" in pdf[pdf.rfind(b"trailer", 0, tail) : tail]:
        return pdf
    try:
        xref_at = int(pdf[tail + len(b"startxref") :].split()[0])
    except (IndexError, ValueError):
        return pdf
    if not pdf.startswith(b"xref", xref_at):
        return pdf
    offsets = []
    lines = pdf[xref_at : pdf.find(b"trailer", xref_at)].split(b"\n")[1:]
    i = 0
    while i < len(lines):
        head = lines[i].split()
        i += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for k in range(count):
            entry = lines[i + k].split()
            if len(entry) == 3 and entry[2] == b"n":
                offsets.append((first + k, int(entry[0])))
        i += count
    changed: list[tuple[int, int, bytes]] = []
    for number, offset in offsets:
        m = _FLAT_STREAM.match(pdf, offset)
        if m is None or int(m.group(1)) != number:
            continue
        length = int(m.group(3))
        try:
            content = zlib.decompress(pdf[m.end() : m.end() + length])
        except zlib.error:
            continue
        fixed, n = _SPAN_AROUND_TEXT.subn(rb"\2 \1\3 EMC \4", content)
        if n:
            changed.append((number, int(m.group(2)), zlib.compress(fixed)))
    if not changed:
        return pdf
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    entries = []
    for number, generation, data in changed:
        entries.append((number, generation, len(out)))
        out += b"%d %d obj\n<</Filter/FlateDecode/Length %d>>\nstream\n" % (number, generation, len(data))
        out += data + b"\nendstream\nendobj\n"
    new_xref = len(out)
    out += b"xref\n"
    for number, generation, offset in sorted(entries):
        out += b"%d 1\n%010d %05d n\r\n" % (number, offset, generation)
    start = pdf.rfind(b"trailer", 0, tail) + len(b"trailer")
    trailer = pdf[start : pdf.rfind(b">>", 0, tail) + 2].strip()
    out += b"trailer\n<</Prev %d " % xref_at + trailer[2:] + b"\nstartxref\n%d\n%%%%EOF\n" % new_xref
    return bytes(out)


def _margin_text_objects(document, page, height: float, top_margin_pt: float, bottom_margin_pt: float) -> list:
    """(index among the page's text objects, object) of the text objects in the header and footer bands, in order.

    Straight through PDFium's C calls: a measures report has ~1,600 text objects a page and wrapping each in a
    pypdfium2 object cost more than the rest of the fix-up; only the few in the margins are wrapped."""
    import pypdfium2 as pdfium

    raw = _raw()
    text_type = raw.FPDF_PAGEOBJ_TEXT
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    found = []
    index = -1
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = raw.FPDFPage_GetObject(page.raw, i)
        if not handle or raw.FPDFPageObj_GetType(handle) != text_type:
            continue
        index += 1
        if not raw.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
            continue
        if bottom.value >= height - top_margin_pt or top.value <= bottom_margin_pt:
            found.append((index, pdfium.PdfObject(handle, page=page, pdf=document)))
    return found


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
