"""Geometry for the dashboard's server-rendered SVG charts (scores 0–100, always from zero).

Pure functions: they place columns and points in a fixed viewBox; the templates draw them
(``assessments/_column_chart.html``, ``_line_chart.html``) with a table of the same figures beside
each chart. The viewBox is narrow (400 units) so that text stays readable when a phone scales it down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400
HEIGHT = 220
LEFT = 34  # room for the 0–100 ticks
RIGHT = WIDTH - 8
TOP = 20  # room for the value above the highest column
BOTTOM = HEIGHT - 30  # room for the labels under the axis
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Column:
    key: str  # short label under the column ("1", "IIT")
    label: str  # full name (for the tooltip)
    value: float
    x: float
    y: float
    width: float
    height: float
    cx: float  # centre, for the labels
    passed: bool


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    ticks: list[Tick]
    pass_value: float | None
    pass_y: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


@dataclass(frozen=True)
class LinePoint:
    label: str
    value: float
    x: float
    y: float
    passed: bool


@dataclass(frozen=True)
class LineChart:
    points: list[LinePoint]
    polyline: str  # "x,y x,y …" for <polyline points=…>
    ticks: list[Tick]
    pass_value: float | None
    pass_y: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def _y(value: float) -> float:
    value = min(100.0, max(0.0, float(value)))
    return round(BOTTOM - value / 100 * (BOTTOM - TOP), 1)


def _ticks() -> list[Tick]:
    return [Tick(_y(v), v) for v in TICKS]


def column_chart(items: Sequence[tuple[str, str, float]], *, pass_line: float | None) -> ColumnChart:
    """Columns for (short key, full label, score) items, with the pass line."""
    n = max(1, len(items))
    slot = (RIGHT - LEFT) / n
    width = min(48.0, slot * 0.62)
    columns = []
    for i, (key, label, value) in enumerate(items):
        cx = LEFT + slot * (i + 0.5)
        y = _y(value)
        columns.append(
            Column(
                key=key,
                label=label,
                value=float(value),
                x=round(cx - width / 2, 1),
                y=y,
                width=round(width, 1),
                height=round(BOTTOM - y, 1),
                cx=round(cx, 1),
                passed=pass_line is None or float(value) >= pass_line,
            )
        )
    return ColumnChart(
        columns=columns,
        ticks=_ticks(),
        pass_value=pass_line,
        pass_y=_y(pass_line) if pass_line is not None else None,
    )


def line_chart(points: Sequence[tuple[str, float]], *, pass_line: float | None) -> LineChart:
    """A line through (label, score) points, evenly spaced, oldest first."""
    n = len(points)
    placed = []
    for i, (label, value) in enumerate(points):
        x = (LEFT + RIGHT) / 2 if n == 1 else LEFT + 18 + (RIGHT - LEFT - 36) * i / (n - 1)
        placed.append(
            LinePoint(
                label=label,
                value=float(value),
                x=round(x, 1),
                y=_y(value),
                passed=pass_line is None or float(value) >= pass_line,
            )
        )
    return LineChart(
        points=placed,
        polyline=" ".join(f"{p.x},{p.y}" for p in placed),
        ticks=_ticks(),
        pass_value=pass_line,
        pass_y=_y(pass_line) if pass_line is not None else None,
    )
