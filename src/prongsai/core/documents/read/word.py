"""Word .docx: headers, body (paragraphs and tables in document order), footers.

Tables give one line per row with the cells joined by TAB; the paragraphs of a cell (and any table nested in it)
are joined by spaces so that a row stays on one line. Tracked deletions, field codes and the VML fallback copies of
text boxes are left out; text boxes follow the paragraph that anchors them.

The package is read with zipfile + lxml, not python-docx: only [Content_Types].xml, the package and main-document
relationships, word/document.xml and the headers and footers its sections name are parsed (python-docx's
``docx.Document()`` parses every XML part and builds its object model, about 5x the time). Parts are found and
parsed the way python-docx finds and parses them (same relationship walk, content types, and parser options), so
the text is the same; ``tests/core/documents/test_word_fast.py`` compares the two.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from prongsai.core.documents.read._common import (
    DocumentError,
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


def _header_footer_parts(body, related: Callable[[str], object]) -> tuple[list, list]:
    """The root elements of the header and footer parts the sections name, in order, each relationship once.
    ``related(rid)`` gives the related part's root element, or None (external, missing or not an XML part)."""
    headers, footers, seen = [], [], set()
    for sect_pr in body.iter(_W + "sectPr"):
        for ref in sect_pr:
            kind = {_W + "headerReference": headers, _W + "footerReference": footers}.get(ref.tag)
            rid = ref.get(_R_ID)
            if kind is None or not rid or rid in seen:
                continue
            seen.add(rid)
            element = related(rid)
            if element is not None:
                kind.append(element)
    return headers, footers


# --- the package, read the way python-docx reads it (docx.opc.pkgreader), but only the parts the text needs -------

# python-docx's parser options (docx.oxml.parser.oxml_parser); never entities, never the network.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Content types python-docx loads as XML parts (the ones with an ``element``; docx/__init__.py).
_XML_PART_TYPES = frozenset(
    "application/vnd.openxmlformats-" + t
    for t in (
        "package.core-properties+xml",
        "officedocument.wordprocessingml.comments+xml",
        "officedocument.wordprocessingml.document.main+xml",
        "officedocument.wordprocessingml.footer+xml",
        "officedocument.wordprocessingml.header+xml",
        "officedocument.wordprocessingml.numbering+xml",
        "officedocument.wordprocessingml.settings+xml",
        "officedocument.wordprocessingml.styles+xml",
    )
)


class _Package:
    def __init__(self, zf: zipfile.ZipFile, source: str) -> None:
        self.zf, self.source = zf, source
        types = self.parse("/[Content_Types].xml")
        self.overrides = {o.get("PartName").lower(): o.get("ContentType") for o in types.iterchildren(_CT + "Override")}
        self.defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iterchildren(_CT + "Default")}

    def blob(self, partname: str) -> bytes:
        data = self.zf.read(partname[1:])  # KeyError for a missing member, as in python-docx
        if _declares_dtd(data[:4096]):
            raise fail(
                self.source,
                "ไฟล์ Word มีการประกาศ DOCTYPE/ENTITY ซึ่งเอกสาร Word ปกติไม่มี อาจเป็นไฟล์อันตราย จึงไม่เปิด",
                "the Word file declares a DOCTYPE/ENTITY, which real Word files never do; it was not opened",
            )
        return data

    def parse(self, partname: str):
        return etree.fromstring(self.blob(partname), _PARSER)

    def content_type(self, partname: str) -> str:
        key = partname.lower()
        if key in self.overrides:
            return self.overrides[key]
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        return self.defaults[ext.lower()]  # KeyError: no content type, as in python-docx

    def rels(self, partname: str) -> dict[str, tuple[str, str]]:
        """The internal relationships of a part (or of the package, "/"): rId → (type, target part name); a later
        duplicate rId wins, as in python-docx."""
        base, name = posixpath.split(partname)
        rels_name = posixpath.join(base, "_rels", name + ".rels")
        try:
            root = self.parse(rels_name)
        except KeyError:
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rel in root.iterchildren(_PR + "Relationship"):
            rid = rel.get("Id")
            if rel.get("TargetMode", "Internal") == "External":
                out.pop(rid, None)
                continue
            target = posixpath.abspath(posixpath.join(base, rel.get("Target")))
            out[rid] = (rel.get("Type"), target)
        return out


def _document_parts(zf: zipfile.ZipFile, source: str) -> tuple[object, list, list]:
    """The main document's body and the root elements of its headers and footers. Raises on what python-docx
    raises on: no single main document, a main part that is not a Word document, a missing part, broken XML."""
    package = _Package(zf, source)
    main = [target for kind, target in package.rels("/").values() if kind == _RT + "officeDocument"]
    if len(main) != 1:
        raise ValueError(f"{len(main)} main document parts")
    if package.content_type(main[0]) != _CT_MAIN:
        raise ValueError("the main part is not a Word document")
    root = package.parse(main[0])
    body = root.find(_W + "body") if root.tag == _W + "document" else None
    if body is None:
        raise ValueError("no document body")
    related = package.rels(main[0])
    parsed: dict[str, object] = {}

    def element(rid: str):
        kind, partname = related.get(rid, ("", ""))
        if not partname or kind == _RT + "image":
            return None
        if partname not in parsed:
            xml_part = package.content_type(partname) in _XML_PART_TYPES
            parsed[partname] = package.parse(partname) if xml_part else None
        return parsed[partname]

    headers, footers = _header_footer_parts(body, element)
    return body, headers, footers


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
        try:
            # Every part parsed is checked for a DOCTYPE/ENTITY first (_Package.blob); parts never parsed
            # (styles, themes, images…) are not read at all.
            body, headers, footers = _document_parts(zf, source)
            lines: list[str] = []
            for element in headers:
                lines.extend(_blocks(element))
            lines.extend(_blocks(body))
            for element in footers:
                lines.extend(_blocks(element))
        except DocumentError:
            raise
        except MemoryError as exc:
            raise fail(source, "ไฟล์ Word ใหญ่เกินกว่าจะอ่านได้", "the Word file is too large to read") from exc
        except Exception as exc:  # zipfile and lxml raise many kinds on broken input
            raise fail(
                source,
                "ไฟล์ Word (.docx) เสียหายหรือมีโครงสร้างไม่ถูกต้อง เปิดไม่ได้",
                f"the Word (.docx) file is corrupt or malformed ({type(exc).__name__})",
            ) from exc
    text = unify_newlines("\n".join(lines))
    return ExtractedText(text=check_chars(text, source), kind="docx", source=source)


def _declares_dtd(head: bytes) -> bool:
    """Only the prolog can hold a DOCTYPE, so the first few kilobytes tell."""
    head = head.upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head
