"""Text lines from positioned pieces of text: rows by height, cells by the gaps between them.

Shared by the readers that know where each piece of text sits on the page but not in which order to read it: a PDF
whose table was written column by column (``pdf_layout``), and words found by OCR (``ocr``). A page set in two
columns of running text is read column by column (``regions_of``), whichever reader found its text. Coordinates
grow rightwards and downwards (``top < bottom``); any unit will do, the gaps are measured against the pieces' own
height.
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


def _units(boxes: list[Box], together: bool) -> list[tuple[float, float, list[Box]]]:
    """The pieces placed as one: each box, or (``together``) the boxes of one source line (same ``order``, as
    Tesseract's words of one text line), with the line's core band (median top and bottom: marks above and below
    a Thai word do not move it)."""
    if not together:
        return [(b.top, b.bottom, [b]) for b in boxes]
    lines: dict[int, list[Box]] = {}
    for b in boxes:
        lines.setdefault(b.order, []).append(b)
    out = []
    for members in lines.values():
        tops = sorted(b.top for b in members)
        bottoms = sorted(b.bottom for b in members)
        out.append((tops[len(tops) // 2], bottoms[len(bottoms) // 2], members))
    return out


def rows_of(boxes: list[Box], *, min_overlap: float = 0.5, together: bool = False) -> list[list[Box]]:
    """Boxes grouped into rows (top to bottom), each row left to right.

    A box joins the row it overlaps most vertically (at least `min_overlap` of the smaller height) unless it would
    overlap a box already in that row horizontally (then it is a line of its own: text set tightly above another).
    With ``together``, the boxes of one source line (same ``order``) are placed as one piece (``_units``).
    """
    rows: list[tuple[float, float, list[Box]]] = []  # (top, bottom, boxes)
    units = sorted(_units(boxes, together), key=lambda u: ((u[0] + u[1]) / 2, min(b.left for b in u[2])))
    for u_top, u_bottom, unit_boxes in units:
        best, best_overlap = None, min_overlap
        for i in range(len(rows) - 1, max(-1, len(rows) - 8), -1):
            top, bottom, members = rows[i]
            ov = _overlap(top, bottom, u_top, u_bottom)
            if ov >= best_overlap and not any(
                min(m.right, box.right) - max(m.left, box.left) > 0 for m in members for box in unit_boxes
            ):
                best, best_overlap = i, ov
        if best is None:
            rows.append((u_top, u_bottom, list(unit_boxes)))
        else:
            top, bottom, members = rows[best]
            members.extend(unit_boxes)
            rows[best] = (min(top, u_top), max(bottom, u_bottom), members)
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


@dataclass
class _Cell:
    left: float
    top: float
    right: float
    bottom: float
    boxes: list[Box]


def _cells(boxes: list[Box], unit: float, cell_gap: float, together: bool) -> list[_Cell]:
    out = []
    for row in rows_of(boxes, together=together):
        cell = [row[0]]
        for prev, box in pairwise(row):
            if box.left - prev.right > cell_gap * unit:
                out.append(cell)
                cell = [box]
            else:
                cell.append(box)
        out.append(cell)
    return [
        _Cell(min(b.left for b in c), min(b.top for b in c), max(b.right for b in c), max(b.bottom for b in c), c)
        for c in out
    ]


def _gutter(cells: list[_Cell], unit: float) -> float | None:
    """The x of the widest vertical gap in the middle of the page (30–70 % of the text's width) that the fewest
    cells cross: where a second column would start."""
    left, right = min(c.left for c in cells), max(c.right for c in cells)
    width = right - left
    step = max(unit / 2, width / 400)
    xs = [left + 0.3 * width + k * step for k in range(int(0.4 * width / step) + 1)]
    if not xs:
        return None
    counts = [sum(1 for c in cells if c.left < x < c.right) for x in xs]
    least = min(counts)
    best: tuple[int, int] | None = None  # (start, end) of the widest run of x's crossed by the fewest cells
    start = None
    for k, n in enumerate([*counts, least + 1]):
        if n == least and start is None:
            start = k
        elif n != least and start is not None:
            if best is None or k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    return (xs[best[0]] + xs[best[1] - 1]) / 2 if best else None


def _prose(cells: list[_Cell], page_width: float) -> bool:
    """Lines of running text: a side at least 30 % of the page wide, most of whose lines fill most of it (a table's
    number column is narrow, its cells short)."""
    left, right = min(c.left for c in cells), max(c.right for c in cells)
    if right - left < 0.3 * page_width:
        return False
    widths = sorted(c.right - c.left for c in cells)
    return widths[len(widths) // 2] >= 0.6 * (right - left)


def regions_of(
    boxes: list[Box], unit: float | None = None, *, cell_gap: float = 1.2, min_lines: int = 4, together: bool = False
) -> list[list[Box]]:
    """The boxes in reading order regions: a page set in two columns is read column by column.

    The lines (cells of the rows) are cut at the gutter that the fewest of them cross; the lines that cross it
    (a title over both columns, a table) split the page into bands from top to bottom. A band with at least
    ``min_lines`` lines of running text (``_prose``) on each side of the gutter is two columns: its left column
    is one region, then its right column; everything else stays in the page's row order (a table's cells stay
    in their rows). Without columns the result is ``[boxes]``."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    unit = unit or unit_of(boxes)
    cells = _cells(boxes, unit, cell_gap, together)
    if len(cells) < 2 * min_lines:
        return [boxes]
    x = _gutter(cells, unit)
    if x is None:
        return [boxes]
    page_width = max(c.right for c in cells) - min(c.left for c in cells)
    bands: list[tuple[bool, list[_Cell]]] = []  # (crosses the gutter, cells), top to bottom
    for cell in sorted(cells, key=lambda c: (c.top + c.bottom) / 2):
        crosses = cell.left < x < cell.right
        if bands and bands[-1][0] == crosses:
            bands[-1][1].append(cell)
        else:
            bands.append((crosses, [cell]))
    regions: list[list[Box]] = []
    flow: list[Box] = []
    for crosses, band in bands:
        lefts = [c for c in band if c.right <= x]
        rights = [c for c in band if c.left >= x]
        columns = (
            not crosses
            and len(lefts) >= min_lines
            and len(rights) >= min_lines
            and min(c.left for c in rights) - max(c.right for c in lefts) >= unit
            and _prose(lefts, page_width)
            and _prose(rights, page_width)
        )
        if not columns:
            flow.extend(b for c in band for b in c.boxes)
            continue
        if flow:
            regions.append(flow)
            flow = []
        regions.append([b for c in lefts for b in c.boxes])
        regions.append([b for c in rights for b in c.boxes])
    if flow:
        regions.append(flow)
    return regions


def lay_out(boxes: list[Box], **kwargs: float) -> list[str]:
    """Text lines: one per row, TAB between cells; a page in two columns column by column (``regions_of``)."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    unit = unit_of(boxes)
    cell_gap = kwargs.get("cell_gap", 1.2)
    return [
        "\t".join(cells_of(row, unit, **kwargs))
        for region in regions_of(boxes, unit, cell_gap=cell_gap)
        for row in rows_of(region)
    ]


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
