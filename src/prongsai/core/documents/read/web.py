"""HTML pages (saved web pages, ITAS printouts) through the stdlib's event-based ``html.parser``.

The parser keeps no tree and never recurses, so deeply nested or unclosed markup costs only memory in proportion
to the input. Block elements end lines; each table row is one line with its cells joined by TAB (the block content
of one cell is joined by spaces). A table nested in a cell first ends the outer row's line so far, then gives its
own rows, so layout tables still give readable lines. Script, style and similar content is dropped; entities are
decoded; runs of whitespace collapse as a browser would (except in <pre>).
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

from prongsai.core.documents.read._common import MAX_CHARS, ExtractedText, check_chars, fail, too_long
from prongsai.core.documents.read.txt import decode_text

_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog"),
        *("dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li", "main"),
        *("menu", "nav", "noscript", "ol", "p", "pre", "section", "summary", "title", "ul"),
    }
)
_SKIP = frozenset(["script", "style", "template", "svg", "math", "object", "applet", "select", "textarea", "iframe"])
_SPACES = re.compile(r"[ \t\n\r\f]+")
# What html.parser (Python 3.11) looks for to close a comment and a marked section (<![CDATA[…]]>, <![if …]>).
_COMMENT_CLOSE = re.compile(r"--\s*>")
_SECTION_CLOSE = re.compile(r"]\s*]\s*>")
_MS_SECTION_CLOSE = re.compile(r"]\s*>")
_BARE_LT = re.compile(r"<(?![a-zA-Z/!?])")  # a < that starts nothing: text, handled by the parser one at a time
_MARKED_SECTION = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)?")
_SECTION_NAMES = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTION_NAMES = frozenset({"if", "else", "endif"})
HTML_SECONDS = 20.0  # a last guard: parsing that takes longer than this is stopped with a DocumentError
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_:.-]{1,40})", re.IGNORECASE)
_CHARSETS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "tis-620": "cp874",
    "tis620": "cp874",
    "iso-8859-11": "cp874",
    "iso8859-11": "cp874",
    "windows-874": "cp874",
    "x-windows-874": "cp874",
    "dos-874": "cp874",
    "cp874": "cp874",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}


def looks_like_html(data: bytes) -> bool:
    """Sniff: markup at the start and an <html> or <!doctype html> near it."""
    head = data[:2048]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, errors="ignore").encode("ascii", errors="ignore")
            break
    head = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith(b"<") and (b"<!doctype html" in head or b"<html" in head)


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return _CHARSETS.get(match.group(1).decode("ascii", errors="ignore").lower())


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    return max((m.start() for m in pattern.finditer(text)), default=-1)


def defuse(text: str) -> str:
    """Turn constructs that never close into plain text (``<`` → ``&lt;``) before html.parser sees them.

    Python 3.11's html.parser rescans to the end of the input for every unclosed ``<!--``, ``<tag`` or ``<![``,
    which is quadratic (``"<!--" * 300_000`` took 10 minutes); and it raises AssertionError on an unknown
    ``<![name``. Later Pythons fixed this (gh-135462) by closing such constructs at the end of the input.
    """
    last_gt = text.rfind(">")
    head, tail = text[: last_gt + 1], text[last_gt + 1 :].replace("<", "&lt;")  # nothing after the last > can close
    head = _BARE_LT.sub("&lt;", head)
    if "<!--" in head:
        cut = max(0, _last_start(_COMMENT_CLOSE, head) - 3)  # a <!-- at or after cut has no --> after it
        head = head[:cut] + head[cut:].replace("<!--", "&lt;!--")
    if "<![" in head:
        last_section = _last_start(_SECTION_CLOSE, head)
        last_ms_section = _last_start(_MS_SECTION_CLOSE, head)

        def keep_or_escape(match: re.Match[str]) -> str:
            name = (match.group(1) or "").lower()
            closes = (name in _SECTION_NAMES and match.end() <= last_section) or (
                name in _MS_SECTION_NAMES and match.end() <= last_ms_section
            )
            return match.group(0) if closes else "&lt;" + match.group(0)[1:]

        head = _MARKED_SECTION.sub(keep_or_escape, head)
    return head + tail


class _TooSlow(Exception):
    pass


INLINE_TABLE_CHARS = 200  # a nested table of one row this short stays inside its cell


@dataclass
class _Table:
    row: list[str] | None = None  # cells of the open row
    cell: list[str] | None = None  # text pieces of the open cell
    loose: list[str] = field(default_factory=list)  # text inside the table but outside any cell (caption…)
    out: list = field(default_factory=list)  # its lines, and the line lists of tables nested in it, in order
    lines: int = 0
    single: str = ""  # the line, while there is only one


def _inline(pieces: list[str]) -> str:
    return _SPACES.sub(" ", "".join(pieces)).strip()


def _flatten(items: list) -> list[str]:
    """Nested line lists to one list, without recursion (tables may nest a million deep)."""
    out: list[str] = []
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            out.append(item)
        else:
            stack.pop()
    return out


class _TextExtractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines: list = []  # lines and nested line lists
        self.size = 0
        self.buffer: list[str] = []  # text outside tables
        self.tables: list[_Table] = []
        self.skip = 0
        self.pre = 0
        self.deadline = time.monotonic() + HTML_SECONDS

    def updatepos(self, i: int, j: int) -> int:
        # html.parser calls this after every construct: the place to stop pathological inputs.
        if time.monotonic() > self.deadline:
            raise _TooSlow
        return super().updatepos(i, j)

    # -- output --------------------------------------------------------------------------------------

    def _emit(self, line: str) -> None:
        """A finished line, into the innermost open table (which decides where it goes when it ends)."""
        self.size += len(line) + 1
        if self.size > MAX_CHARS:
            raise too_long(self.source)
        if not self.tables:
            self.lines.append(line)
            return
        table = self.tables[-1]
        if not table.lines:
            table.single = line
        table.lines += 1
        table.out.append(line)

    def _flush_buffer(self) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer = []
        if self.pre:
            for line in raw.split("\n"):
                if line.strip():
                    self._emit(line.rstrip())
        else:
            line = _SPACES.sub(" ", raw).strip()
            if line:
                self._emit(line)

    def _flush_loose(self, table: _Table) -> None:
        line = _inline(table.loose)
        table.loose = []
        if line:
            self._emit(line)

    def _close_cell(self, table: _Table) -> None:
        if table.cell is not None:
            if table.row is None:
                table.row = []
            table.row.append(_inline(table.cell))
            table.cell = None

    def _close_row(self, table: _Table) -> None:
        self._close_cell(table)
        if table.row is not None:
            if any(table.row):
                self._emit("\t".join(table.row))
            table.row = None

    def _sink(self) -> list[str]:
        if not self.tables:
            return self.buffer
        top = self.tables[-1]
        return top.cell if top.cell is not None else top.loose

    # -- parser events --------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            self._start_table()
        elif tag == "tr" and self.tables:
            top = self.tables[-1]
            self._close_row(top)
            self._flush_loose(top)
            top.row = []
        elif tag in ("td", "th") and self.tables:
            top = self.tables[-1]
            self._close_cell(top)
            self._flush_loose(top)
            if top.row is None:
                top.row = []
            top.cell = []
        else:
            self._block_break(tag)
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.skip and (tag in _BLOCK or tag == "br"):
            self._block_break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            self._end_table()
        elif tag == "tr" and self.tables:
            self._close_row(self.tables[-1])
        elif tag in ("td", "th") and self.tables:
            self._close_cell(self.tables[-1])
        else:
            self._block_break(tag)
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._sink().append(data)

    # -- helpers -------------------------------------------------------------------------------------

    def _block_break(self, tag: str | None = None) -> None:
        if tag is not None and tag not in _BLOCK and tag != "br":
            return
        if self.tables:
            self._sink().append(" ")
        else:
            self._flush_buffer()

    def _start_table(self) -> None:
        if not self.tables:
            self._flush_buffer()
        elif self.tables[-1].cell is None:
            self._flush_loose(self.tables[-1])
        self.tables.append(_Table())

    def _end_table(self) -> None:
        """Close the innermost table and place its lines.

        Nested in a cell, a table of one short row joins the cell's text; a bigger one (often a layout table
        holding the real content) ends the outer row's line so far, gives its own lines, and the outer row
        goes on in a new line.
        """
        table = self.tables[-1]
        self._close_row(table)
        self._flush_loose(table)
        self.tables.pop()
        if not table.lines:
            return
        parent = self.tables[-1] if self.tables else None
        if parent is not None and parent.cell is not None:
            if table.lines == 1 and len(table.single) <= INLINE_TABLE_CHARS:
                parent.cell.append(" " + table.single.replace("\t", " ") + " ")
                return
            cells = [*(parent.row or []), _inline(parent.cell)]
            if any(cells):
                self._emit("\t".join(cells))
            parent.row, parent.cell = [], []
        if parent is None:
            self.lines.append(table.out)
            return
        if not parent.lines:
            parent.single = table.single
        parent.lines += table.lines
        parent.out.append(table.out)

    def finish(self) -> str:
        self.close()
        while self.tables:
            self._end_table()
        self._flush_buffer()
        return "\n".join(_flatten(self.lines))


def read_html(data: bytes, source: str) -> ExtractedText:
    text = decode_text(data, source, declared=declared_charset(data))
    extractor = _TextExtractor(source)
    try:
        extractor.feed(defuse(text))
        result = extractor.finish()
    except _TooSlow as exc:
        raise fail(
            source,
            f"โครงสร้าง HTML ผิดปกติจนอ่านไม่เสร็จภายใน {HTML_SECONDS:.0f} วินาที",
            f"the HTML is so malformed that it could not be read within {HTML_SECONDS:.0f} seconds",
        ) from exc
    except RecursionError as exc:  # html.parser does not recurse; kept as a guard for future versions
        raise fail(source, "โครงสร้าง HTML ซ้อนลึกเกินไป", "the HTML is nested too deeply") from exc
    return ExtractedText(text=check_chars(result, source), kind="html", source=source)
