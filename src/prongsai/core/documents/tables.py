"""Tables in a document's text: a score per year (a multi-year table) or per agency (a provincial or group report).

Cells are separated by tabs (DOCX/HTML tables, PDF tables rebuilt from positions), by ``|`` (web pages), or by single
spaces when every word of the header is a table heading (``# หน่วยงาน อำเภอ จังหวัด คะแนนเฉลี่ย``). A header names
its columns; a row has as many cells as the header.

NACC group reports printed to PDF are often read column by column, so their header comes out scrambled while each
row keeps its order: ``ตราด ปี 2564 93.55 … 65.56 81.45 ปี 2563 …``. Such a row is recognised without a header: a
name, a year and eleven scores, one of which (the first or the last) is the overall score computed from the ten
others under that year's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_D = "0-9\u0e50-\u0e59"
_TO_ARABIC = str.maketrans("\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59", "0123456789")
_SCORE = re.compile(rf"^[{_D}]{{1,3}}(?:\.[{_D}]{{1,2}})?$")
_YEAR = re.compile(rf"(?<![{_D}])([{_D}]{{4}})(?![{_D}])")
_DASH = frozenset({"-", "–", "—", "", "n/a", "N/A"})
_HEADER_WORDS = re.compile(
    r"^(?:#|ที่|ลำดับ(?:ที่)?|อันดับ|หน่วยงาน|ชื่อหน่วยงาน|ชื่อ|อำเภอ|จังหวัด|คะแนน\S*|ITA|ระดับ\S*|ผลการประเมิน|"
    r"ผลคะแนน\S*|ปี\S*|ประเภท)$"
)


def number(raw: str) -> float | None:
    try:
        return float(raw.strip().translate(_TO_ARABIC).replace(",", ""))
    except ValueError:
        return None


@dataclass
class Row:
    cells: list[str]
    starts: list[int]  # offset of each cell in the text
    start: int
    end: int


@dataclass
class Table:
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    header_start: int = 0

    def column(self, test: Callable[[str], bool]) -> int | None:
        return next((i for i, h in enumerate(self.header) if test(h)), None)


def _split(line: str, sep: str) -> tuple[list[str], list[int]]:
    cells, starts, pos = [], [], 0
    if sep == " ":
        for m in re.finditer(r"\S+", line):
            cells.append(m.group())
            starts.append(m.start())
        return cells, starts
    for part in line.split(sep):
        lead = len(part) - len(part.lstrip())
        cells.append(part.strip())
        starts.append(pos + lead)
        pos += len(part) + 1
    while cells and not cells[-1]:
        cells.pop()
        starts.pop()
    if cells and not cells[0] and sep == "|":
        cells.pop(0)
        starts.pop(0)
    return cells, starts


def _separator(line: str) -> str | None:
    if "\t" in line:
        return "\t"
    if line.count("|") >= 2:
        return "|"
    words = line.split()
    if len(words) >= 3 and all(_HEADER_WORDS.match(w) for w in words):
        return " "
    return None


def tables(text: str) -> list[Table]:
    """Every table whose header names its columns, with its rows (cells stripped)."""
    out: list[Table] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        start, line = lines[i]
        sep = _separator(line)
        header, _ = _split(line, sep) if sep else ([], [])
        if not sep or not _is_header(header):
            i += 1
            continue
        table = Table(header=header, header_start=start)
        j = i + 1
        while j < len(lines):
            rstart, rline = lines[j]
            if not rline.strip():
                j += 1
                if j < len(lines) and lines[j][1].strip() and _separator(lines[j][1]) != sep and sep == " ":
                    break
                continue
            if sep != " " and sep not in rline:
                break
            cells, starts = _split(rline, sep)
            if len(cells) != len(header):
                if sep == " " or len(cells) < 2:
                    break
                j += 1
                continue
            table.rows.append(Row(cells, [rstart + s for s in starts], rstart, rstart + len(rline)))
            j += 1
        if table.rows:
            out.append(table)
        i = j if table.rows else i + 1
    return out


def _is_header(cells: list[str]) -> bool:
    """A header names a score column and a year or name column, and holds no score itself."""
    if len(cells) < 2 or any(_SCORE.match(c) for c in cells if c):
        return False
    has_score = any("คะแนน" in c or c == "ITA" for c in cells)
    has_key = any(c.startswith("ปี") or "หน่วยงาน" in c or c in ("จังหวัด", "ชื่อ") for c in cells)
    return has_score and has_key


def is_score_column(head: str) -> bool:
    return ("คะแนน" in head and "เต็ม" not in head and "ถ่วง" not in head) or head == "ITA"


def is_level_column(head: str) -> bool:
    return head.startswith("ระดับ") or head in ("ผลการประเมิน", "ผล")


def year_of(cell: str) -> int | None:
    m = _YEAR.search(cell)
    if not m:
        return None
    year = int(m.group(1).translate(_TO_ARABIC))
    return year if 2400 <= year <= 2700 else None


@dataclass
class YearRow:
    year: int
    score: float | None
    level: str | None
    start: int
    score_start: int | None = None
    level_start: int | None = None
    score_text: str = ""


def year_rows(table: Table) -> list[YearRow]:
    """The rows of a table with one row per year (ปีงบประมาณ | คะแนน | ระดับ)."""
    y = table.column(lambda h: h.startswith("ปี"))
    s = table.column(is_score_column)
    lv = table.column(is_level_column)
    if y is None or s is None or y == s:
        return []
    out = []
    for row in table.rows:
        year = year_of(row.cells[y])
        if year is None:
            continue
        score = number(row.cells[s]) if _SCORE.match(row.cells[s]) else None
        level = row.cells[lv].strip() if lv is not None else None
        level = None if level is None or level in _DASH else level
        out.append(
            YearRow(
                year,
                score if score is not None and 0 <= score <= 100 else None,
                level,
                row.start,
                row.starts[s],
                row.starts[lv] if lv is not None else None,
                row.cells[s],
            )
        )
    return out


@dataclass
class AgencyRow:
    name: str
    score: float | None
    level: str | None
    district: str | None
    province: str | None
    start: int
    end: int
    score_start: int | None = None
    level_start: int | None = None


def agency_rows(table: Table) -> list[AgencyRow]:
    """The rows of a table with one row per agency (หน่วยงาน | อำเภอ | จังหวัด | คะแนน)."""
    name = table.column(lambda h: "หน่วยงาน" in h or h == "ชื่อ")
    province = table.column(lambda h: h == "จังหวัด")
    district = table.column(lambda h: h == "อำเภอ")
    s = table.column(is_score_column)
    lv = table.column(is_level_column)
    if s is None or (name is None and province is None):
        return []
    out = []
    for row in table.rows:
        raw = row.cells[s]
        score = number(raw) if _SCORE.match(raw) else None
        agency = row.cells[name] if name is not None else "จังหวัด" + row.cells[province]
        if not agency or score is None or not 0 <= score <= 100:
            continue
        level = row.cells[lv] if lv is not None else None
        out.append(
            AgencyRow(
                name=agency,
                score=score,
                level=None if level is None or level in _DASH else level,
                district=row.cells[district] if district is not None and name is not None else None,
                province=row.cells[province] if province is not None and name is not None else None,
                start=row.start,
                end=row.end,
                score_start=row.starts[s],
                level_start=row.starts[lv] if lv is not None else None,
            )
        )
    return out


# --- group reports read column by column ---------------------------------------------------------------------

_GROUP_ROW = re.compile(
    rf"ปี\s?(?:งบประมาณ\s?)?(?:พ\.ศ\.\s?)?(?P<year>[{_D}]{{4}})"
    rf"(?P<scores>(?:\s[{_D}]{{1,3}}\.[{_D}]{{2}}){{11}})(?![{_D}.])"
)
_NAME_BEFORE = re.compile(r"([^\d\u0e50-\u0e59|\t\n]{2,60})\s?$")


@dataclass
class GroupRow:
    name: str | None  # None: the same agency as the row before (another year)
    year: int
    overall: float
    indicators: dict[str, float]
    start: int
    end: int


def group_rows(text: str, overall_of: Callable[[int, dict[int, float]], float | None]) -> list[GroupRow]:
    """Rows "NAME ปี YYYY s1 … s11": ten indicator scores and the overall, in either order.

    `overall_of(year, {1: s1, …, 10: s10})` gives the overall the year's rules compute (None when the year has no
    rules); a row counts only when it agrees with one of the two ends (±0.02), which also tells where the overall is.
    """
    out: list[GroupRow] = []
    for m in _GROUP_ROW.finditer(text):
        year = int(m.group("year").translate(_TO_ARABIC))
        named = _NAME_BEFORE.search(text, max(0, m.start() - 61), m.start())
        values = [number(v) or 0.0 for v in m.group("scores").split()]
        for overall, rest in ((values[-1], values[:-1]), (values[0], values[1:])):
            computed = overall_of(year, {i + 1: v for i, v in enumerate(rest)})
            if computed is not None and abs(computed - overall) <= 0.02 + 1e-9:
                name = named.group(1).strip() if named else None
                out.append(
                    GroupRow(
                        name=name or None,
                        year=year,
                        overall=overall,
                        indicators={str(i + 1): v for i, v in enumerate(rest)},
                        start=named.start(1) if named else m.start(),
                        end=m.end(),
                    )
                )
                break
    return out
