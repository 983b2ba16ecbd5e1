"""Word .docx: headers, body (paragraphs and tables in document order), footers.

Tables give one line per row with the cells joined by TAB; the paragraphs of a cell (and any table nested in it)
are joined by spaces so that a row stays on one line. Tracked deletions, field codes and the VML fallback copies of
text boxes are left out; text boxes follow the paragraph that anchors them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from prongsai.core.documents.read._common import (
    ExtractedText,
    check_chars,
    check_zip,
    fail,
    unify_newlines,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

W_P, W_TBL, W_TR, W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
W_T, W_TXBX = _W + "t", _W + "txbxContent"
_TAB = {_W + "tab", _W + "ptab"}
_NEWLINE = {_W + "br", _W + "cr"}
_HYPHEN = {_W + "noBreakHyphen", _W + "softHyphen"}
# Inline elements whose content is not visible text.
_SKIP_INLINE = {
    _W + "pPr",
    _W + "rPr",
    _W + "del",
    _W + "moveFrom",
    _W + "delText",
    _W + "instrText",
    _W + "delInstrText",
    _W + "fldData",
    _MC + "Fallback",
}
# Block-level wrappers whose children are blocks (content controls, custom XML, tracked moves).
_WRAPPERS = {
    _W + "sdt",
    _W + "sdtContent",
    _W + "customXml",
    _W + "ins",
    _W + "moveTo",
    _MC + "AlternateContent",
    _MC + "Choice",
}
_MAX_TABLE_NESTING = 16
INLINE_TABLE_CHARS = 200  # a nested table of one row this short stays inside its cell


def is_docx_zip(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return True
    if "[Content_Types].xml" in names and zf.getinfo("[Content_Types].xml").file_size < 1_000_000:
        return b"wordprocessingml.document.main" in zf.read("[Content_Types].xml")
    return False


def _children(el) -> Iterator:
    """Child elements, looking through content controls and other block wrappers (iteratively)."""
    stack = [iter(el)]
    while stack:
        for child in stack[-1]:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            if child.tag == _W + "sdtPr" or child.tag == _W + "sdtEndPr":
                continue
            if child.tag in _WRAPPERS:
                stack.append(iter(child))
                break
            yield child
        else:
            stack.pop()


def _paragraph(p) -> tuple[str, list]:
    """The visible text of a paragraph, and the text boxes anchored in it (read separately)."""
    parts: list[str] = []
    boxes: list = []
    stack = [iter(p)]
    while stack:
        for el in stack[-1]:
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP_INLINE:
                continue
            if tag == W_T:
                parts.append(el.text or "")
            elif tag in _TAB:
                parts.append("\t")
            elif tag in _NEWLINE:
                parts.append("\n")
            elif tag in _HYPHEN:
                parts.append("-" if tag == _W + "noBreakHyphen" else "")
            elif tag == W_TXBX:
                boxes.append(el)
            else:
                stack.append(iter(el))
                break
        else:
            stack.pop()
    return "".join(parts), boxes


def _squash(parts: list[str]) -> str:
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def _cell_content(tc, depth: int) -> Iterator[str | list[str]]:
    """Text pieces of a cell (str), and the lines of a nested table too big to stay in the cell (list)."""
    for el in _children(tc):
        if el.tag == W_P:
            text, boxes = _paragraph(el)
            yield text
            for box in boxes:
                yield " ".join(_blocks(box, depth + 1))
        elif el.tag == W_TBL:
            inner = _table(el, depth)
            if len(inner) <= 1 and sum(map(len, inner)) <= INLINE_TABLE_CHARS:
                yield " ".join(inner)
            else:
                yield inner


def _table(tbl, depth: int) -> list[str]:
    """One line per row, cells joined by TAB. A big nested table (often a layout table holding the real content)
    ends the outer row's line so far, gives its own lines, and the outer row goes on in a new line."""
    lines: list[str] = []
    for tr in _children(tbl):
        if tr.tag != W_TR:
            continue
        cells: list[str] = []
        for tc in _children(tr):
            if tc.tag != W_TC:
                continue
            parts: list[str] = []
            if depth >= _MAX_TABLE_NESTING:  # flatten what is deeper still
                parts.append("".join(t.text or "" for t in tc.iter(W_T)))
            else:
                for value in _cell_content(tc, depth + 1):
                    if isinstance(value, str):
                        parts.append(value)
                        continue
                    partial = [*cells, _squash(parts)]
                    if any(partial):
                        lines.append("\t".join(partial))
                    lines.extend(value)
                    cells, parts = [], []
            cells.append(_squash(parts))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _blocks(container, depth: int = 0) -> list[str]:
    lines: list[str] = []
    for el in _children(container):
        if el.tag == W_P:
            text, boxes = _paragraph(el)
            lines.extend(text.split("\n"))
            for box in boxes:
                if depth < _MAX_TABLE_NESTING:
                    lines.extend(_blocks(box, depth + 1))
        elif el.tag == W_TBL:
            lines.extend(_table(el, depth))
    return lines


def _header_footer_parts(document) -> tuple[list, list]:
    headers, footers, seen = [], [], set()
    for sect_pr in document.element.body.iter(_W + "sectPr"):
        for ref in sect_pr:
            kind = {_W + "headerReference": headers, _W + "footerReference": footers}.get(ref.tag)
            rid = ref.get(_R_ID)
            if kind is None or not rid or rid in seen:
                continue
            seen.add(rid)
            part = document.part.related_parts.get(rid)
            element = getattr(part, "element", None)
            if element is not None:
                kind.append(element)
    return headers, footers


def read_docx(data: bytes, source: str) -> ExtractedText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise fail(source, "ไฟล์ Word (.docx) เสียหาย เปิดไม่ได้", "the Word (.docx) file is corrupt") from exc
    with zf:
        check_zip(zf, source, " Word", "Word")
        if not is_docx_zip(zf):
            raise fail(
                source,
                "ไม่ใช่ไฟล์ Word (.docx) — เป็นไฟล์ zip ชนิดอื่น (เช่น Excel หรือ PowerPoint)",
                "not a Word (.docx) file: it is another kind of zip (e.g. Excel or PowerPoint)",
            )
        for info in zf.infolist():
            if info.filename.lower().endswith(".xml") and info.file_size and _has_doctype(zf, info):
                raise fail(
                    source,
                    "ไฟล์ Word มีการประกาศ DOCTYPE/ENTITY ซึ่งเอกสาร Word ปกติไม่มี อาจเป็นไฟล์อันตราย จึงไม่เปิด",
                    "the Word file declares a DOCTYPE/ENTITY, which real Word files never do; it was not opened",
                )

    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        headers, footers = _header_footer_parts(document)
        lines: list[str] = []
        for element in headers:
            lines.extend(_blocks(element))
        lines.extend(_blocks(document.element.body))
        for element in footers:
            lines.extend(_blocks(element))
    except MemoryError as exc:
        raise fail(source, "ไฟล์ Word ใหญ่เกินกว่าจะอ่านได้", "the Word file is too large to read") from exc
    except Exception as exc:  # python-docx and lxml raise many kinds on broken input
        raise fail(
            source,
            "ไฟล์ Word (.docx) เสียหายหรือมีโครงสร้างไม่ถูกต้อง เปิดไม่ได้",
            f"the Word (.docx) file is corrupt or malformed ({type(exc).__name__})",
        ) from exc
    text = unify_newlines("\n".join(lines))
    return ExtractedText(text=check_chars(text, source), kind="docx", source=source)


def _has_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Only the prolog can hold a DOCTYPE, so the first few kilobytes tell."""
    try:
        with zf.open(info) as member:
            head = member.read(4096)
    except Exception:  # a broken member is reported when python-docx opens the file
        return False
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()
