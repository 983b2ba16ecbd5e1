"""A PDF page whose table was written column by column, read row by row again from the positions of its text.

Some PDF producers (spreadsheets, page-layout programs, flipbook converters) write a table one column at a time, so
the text layer reads every indicator name first and every score after them: the scores lose their rows. PDFium puts
a line break wherever the text moves to another line, so each cell of such a table comes out as a line of its own;
the boxes of its characters (``get_charbox``) tell where that line sits. When the content order goes back up the page
and fills rows it has already passed, and the rows rebuilt from the positions hold numbers in cells of their own,
the page is read from the positions instead: one line per row, TAB between cells (``_layout``).

A page written in reading order (LibreOffice, Word: a table row is one line) is left as PDFium reads it. Only the
first character of each line is measured to decide; the whole lines only on a page that is rebuilt.
"""

from __future__ import annotations

import re
from statistics import median

from prongsai.core.documents.read._layout import Box, lay_out, read_out_of_order

_NUMBER_CELL = re.compile(r"^[+\-]?[0-9\u0e50-\u0e59]+(?:[.,][0-9\u0e50-\u0e59]+)*%?$")
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
MIN_TABLE_ROWS = 3  # rows with a number in a cell of its own, for a page to count as a table


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) char indices of each line of PDFium's text (lines end with CR LF, or LF)."""
    out, start = [], 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _box(textpage, text: str, start: int, end: int, page_height: float, order: int, *, first_only: bool) -> Box | None:
    lefts, rights, tops, bottoms = [], [], [], []
    for i in range(start, end):
        ch = text[i]
        if ch.isspace() or ch in _MARKS:
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if right <= left and top <= bottom:
            continue  # a generated character without a box
        lefts.append(left)
        rights.append(right)
        tops.append(page_height - top)
        bottoms.append(page_height - bottom)
        if first_only:
            break
    if not lefts:
        return None
    return Box(min(lefts), median(tops), max(rights), median(bottoms), text[start:end].strip(), order)


def page_text(textpage, page_height: float) -> str:
    """PDFium's text of the page, or the rebuilt rows when it read a table column by column."""
    text = textpage.get_text_range()
    try:
        rebuilt = rebuilt_text(textpage, text, page_height)
    except Exception:  # an odd page: PDFium's own order still reads
        return text
    return text if rebuilt is None else rebuilt


def rebuilt_text(textpage, text: str, page_height: float) -> str | None:
    """The page rebuilt row by row, or None when its content order is the reading order (or it holds no table)."""
    if len(text) != textpage.count_chars():
        return None  # the text and the character boxes would not line up
    lines = _lines(text)
    if len(lines) < 2 * MIN_TABLE_ROWS:
        return None
    firsts = [
        b
        for k, (a, e) in enumerate(lines)
        if (b := _box(textpage, text, a, e, page_height, k, first_only=True)) is not None
    ]
    if not read_out_of_order(firsts, min_shared_rows=MIN_TABLE_ROWS):
        return None
    boxes = [
        b
        for k, (a, e) in enumerate(lines)
        if (b := _box(textpage, text, a, e, page_height, k, first_only=False)) is not None
    ]
    if not read_out_of_order(boxes, min_shared_rows=MIN_TABLE_ROWS):
        return None
    rows = lay_out(boxes)
    tabular = sum(1 for row in rows if "\t" in row and any(_NUMBER_CELL.match(c) for c in row.split("\t")))
    if tabular < MIN_TABLE_ROWS:
        return None
    return "\n".join(rows)
