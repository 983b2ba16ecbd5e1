"""Text lines from positioned pieces of text: rows by height, cells by the gaps between them.

Shared by the readers that know where each piece of text sits on the page but not in which order to read it: a PDF
whose table was written column by column (``pdf_layout``), and words found by OCR. Coordinates grow rightwards and
downwards (``top < bottom``); any unit will do, the gaps are measured against the pieces' own height.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    text: str
    order: int = 0  # the piece's place in the source's own order (content stream, OCR line)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    inter = min(a_bottom, b_bottom) - max(a_top, b_top)
    return inter / max(1e-6, min(a_bottom - a_top, b_bottom - b_top))


def rows_of(boxes: list[Box], *, min_overlap: float = 0.5) -> list[list[Box]]:
    """Boxes grouped into rows (top to bottom), each row left to right.

    A box joins the row it overlaps most vertically (at least `min_overlap` of the smaller height) unless it would
    overlap a box already in that row horizontally (then it is a line of its own: text set tightly above another).
    """
    rows: list[tuple[float, float, list[Box]]] = []  # (top, bottom, boxes)
    for box in sorted(boxes, key=lambda b: ((b.top + b.bottom) / 2, b.left)):
        best, best_overlap = None, min_overlap
        for i in range(len(rows) - 1, max(-1, len(rows) - 8), -1):
            top, bottom, members = rows[i]
            ov = _overlap(top, bottom, box.top, box.bottom)
            if ov >= best_overlap and not any(min(m.right, box.right) - max(m.left, box.left) > 0 for m in members):
                best, best_overlap = i, ov
        if best is None:
            rows.append((box.top, box.bottom, [box]))
        else:
            top, bottom, members = rows[best]
            members.append(box)
            rows[best] = (min(top, box.top), max(bottom, box.bottom), members)
    rows.sort(key=lambda r: (r[0] + r[1]) / 2)
    return [sorted(members, key=lambda b: b.left) for _, _, members in rows]


def unit_of(boxes: list[Box]) -> float:
    """A typical text height: the scale the gaps are measured in."""
    heights = sorted(b.height for b in boxes if b.height > 0)
    return heights[len(heights) // 2] if heights else 1.0


def cells_of(row: list[Box], unit: float, *, cell_gap: float = 1.2, word_gap: float = 0.15) -> list[str]:
    """A row's text split into cells where the gap between two pieces is wider than `cell_gap` × `unit`; pieces
    closer than `word_gap` × `unit` are one word, others are separated by a space."""
    if not row:
        return []
    cells = [row[0].text]
    for prev, box in pairwise(row):
        gap = box.left - prev.right
        if gap > cell_gap * unit:
            cells.append(box.text)
        elif gap > word_gap * unit:
            cells[-1] += " " + box.text
        else:
            cells[-1] += box.text
    return [c.strip() for c in cells]


def lay_out(boxes: list[Box], **kwargs: float) -> list[str]:
    """Text lines: one per row, TAB between cells."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    unit = unit_of(boxes)
    return ["\t".join(cells_of(row, unit, **kwargs)) for row in rows_of(boxes)]


def read_out_of_order(boxes: list[Box], *, min_shared_rows: int = 3) -> bool:
    """Whether the source order reads a table column by column: it goes back up the page and
    then fills rows it has already passed — at least `min_shared_rows` rows hold pieces read before and after such
    a jump (a column of cells, then the next column from the top)."""
    if len(boxes) < 2 * min_shared_rows:
        return False
    rows = rows_of(boxes)
    row_of = {id(b): i for i, row in enumerate(rows) for b in row}
    segment = 0
    segments_in_row: dict[int, set[int]] = {}
    in_order = sorted(boxes, key=lambda b: b.order)
    for prev, box in zip([None, *in_order], in_order, strict=False):
        if prev is not None and row_of[id(prev)] > row_of[id(box)]:
            segment += 1
        segments_in_row.setdefault(row_of[id(box)], set()).add(segment)
    if segment == 0:
        return False
    return sum(1 for s in segments_in_row.values() if len(s) >= 2) >= min_shared_rows
