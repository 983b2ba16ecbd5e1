"""Charts for ITA documents: indicator scores against the pass line and targets, and the score over the years.

matplotlib ≥ 3.11 (it bundles libraqm, so Thai shaping is right in Agg; 3.10 misplaces tone marks, see
shared/research/stack.md §3) with the Agg backend and Sarabun from ``fontpkg-sarabun`` registered through
``font_manager.fontManager.addfont`` (nothing is downloaded, no system font is needed). Figures are built with the
object API on an Agg canvas (no pyplot, no global backend switch); matplotlib is not thread-safe, so drawing is
serialised by a lock.

Sizes: a chart is drawn 16 cm wide (the text width of an A4 page with 3 cm + 2 cm margins) with Sarabun 9–10 pt
labels, which print at about TH Sarabun New 14 pt when the PNG is placed at its natural width
(``ThaiDocument.image(png)``). PNGs are 200 dpi.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping, Sequence
from typing import Literal

from prongsai.core.thai import display_width, to_thai_digits

Digits = Literal["thai", "arabic"]

WIDTH_CM = 16.0
DPI = 200
FAMILY = "Sarabun"
PASS_COLOUR = "#1b6e3a"
FAIL_COLOUR = "#b3261e"
TARGET_COLOUR = "#1f3c88"
LINE_COLOUR = "#444444"

_LOCK = threading.Lock()
_DRAW_LOCK = threading.Lock()
_REGISTERED = False


def register_fonts() -> None:
    """Register the packaged Sarabun TTFs with matplotlib once per process."""
    global _REGISTERED
    if _REGISTERED:
        return
    with _LOCK:
        if _REGISTERED:
            return
        import fontpkg_sarabun
        from matplotlib import font_manager

        for path in sorted((fontpkg_sarabun.ROOT / "files").glob("Sarabun-*.ttf")):
            font_manager.fontManager.addfont(str(path))
        _REGISTERED = True


def wrap_thai(text: str, width: int = 28) -> str:
    """Wrap at Thai word boundaries (PyThaiNLP newmm) to lines of at most `width` display columns.

    Thai has no spaces between words, so breaking at characters would split syllables; a single word longer
    than `width` stays whole on its own line."""
    from pythainlp.tokenize import word_tokenize

    lines: list[str] = []
    line = ""
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if line and display_width(line + token) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _digits(text: str, digits: Digits) -> str:
    return to_thai_digits(text) if digits == "thai" else text


def _figure(height_cm: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _rc():
    import matplotlib

    return matplotlib.rc_context(
        {
            "font.family": FAMILY,
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.labelsize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "path",
        }
    )


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _formatter(digits: Digits, decimals: int = 0):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: _digits(f"{value:.{decimals}f}", digits))


def indicator_chart(
    names: Sequence[str],
    scores: Sequence[float],
    *,
    pass_line: float = 85.0,
    targets: Mapping[str, float] | None = None,
    digits: Digits = "thai",
    title: str | None = None,
    wrap: int = 30,
) -> bytes:
    """Horizontal bars of indicator scores (0–100), green at or above `pass_line`, red below; the pass line dashed;
    a target (keyed by indicator name) as a blue diamond on its bar. Score labels at the bar ends. PNG bytes."""
    if len(names) != len(scores):
        raise ValueError("names and scores must have the same length")
    if not names:
        raise ValueError("no indicators to chart")
    targets = dict(targets or {})
    unknown = set(targets) - set(names)
    if unknown:
        raise ValueError(f"targets for unknown indicators: {sorted(unknown)}")
    register_fonts()
    labels = [wrap_thai(name, wrap) for name in names]
    max_lines = max(label.count("\n") + 1 for label in labels)
    row_cm = max(0.62, 0.36 * max_lines + 0.2)
    height_cm = 3.2 + row_cm * len(names)
    with _DRAW_LOCK, _rc():
        figure = _figure(height_cm)
        axes = figure.add_subplot()
        positions = list(range(len(names)))[::-1]
        colours = [PASS_COLOUR if score >= pass_line else FAIL_COLOUR for score in scores]
        bar_height = min(0.7, 0.4 / row_cm)  # about 4 mm thick whatever the row height
        axes.barh(positions, scores, height=bar_height, color=colours, zorder=2)
        # scores in a column right of the 100 mark, where no bar or target can cover them
        for y, score in zip(positions, scores, strict=True):
            axes.text(116, y, _digits(f"{score:.2f}", digits), va="center", ha="right", fontsize=8.5, zorder=4)
        axes.axvline(pass_line, color=LINE_COLOUR, linestyle="--", linewidth=1, zorder=3)
        if targets:
            ys = [positions[names.index(name)] for name in targets]
            axes.scatter(
                list(targets.values()),
                ys,
                marker="D",
                s=30,
                color=TARGET_COLOUR,
                zorder=5,
                edgecolors="white",
                linewidths=0.7,
            )
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [
            Patch(color=PASS_COLOUR, label="ผ่านเกณฑ์"),
            Patch(color=FAIL_COLOUR, label="ต่ำกว่าเกณฑ์"),
            Line2D([], [], color=LINE_COLOUR, linestyle="--", label=_digits(f"เกณฑ์ผ่าน {pass_line:g}", digits)),
        ]
        if targets:
            handles.append(Line2D([], [], marker="D", color=TARGET_COLOUR, linestyle="", label="เป้าหมาย"))
        axes.set_yticks(positions, labels)
        axes.tick_params(axis="y", length=0)
        axes.set_xlim(0, 117)
        axes.set_xticks(range(0, 101, 20))
        axes.xaxis.set_major_formatter(_formatter(digits))
        axes.set_xlabel("คะแนน")
        axes.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
        axes.set_ylim(-0.6, len(names) - 0.4)
        if title:
            axes.set_title(_digits(title, digits), loc="left", fontweight="bold")
        _legend_below(figure, handles, height_cm)
        return _png(figure)


def _legend_below(figure, handles, height_cm: float) -> None:
    """A one-row legend under the axes, with room kept for it by tight_layout."""
    legend_cm = 0.9
    figure.legend(
        handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=8.5, bbox_to_anchor=(0.5, 0.0)
    )
    figure.tight_layout(rect=(0, legend_cm / height_cm, 1, 1))


def trend_chart(
    years: Sequence[int],
    overall: Sequence[float],
    *,
    pass_line: float = 85.0,
    digits: Digits = "thai",
    title: str | None = None,
    targets: Mapping[int, float] | None = None,
) -> bytes:
    """The overall score by fiscal year (B.E.), with the pass line and optional targets per year. PNG bytes."""
    if len(years) != len(overall):
        raise ValueError("years and overall must have the same length")
    if not years:
        raise ValueError("no years to chart")
    register_fonts()
    with _DRAW_LOCK, _rc():
        figure = _figure(8.0)
        axes = figure.add_subplot()
        xs = list(range(len(years)))
        axes.plot(xs, overall, marker="o", color=TARGET_COLOUR, linewidth=2, zorder=3, label="คะแนนรวม")
        for x, score in zip(xs, overall, strict=True):
            axes.annotate(
                _digits(f"{score:.2f}", digits),
                (x, score),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=8.5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
                zorder=5,
            )
        axes.axhline(
            pass_line,
            color=LINE_COLOUR,
            linestyle="--",
            linewidth=1,
            zorder=2,
            label=_digits(f"เกณฑ์ผ่าน {pass_line:g}", digits),
        )
        if targets:
            unknown = set(targets) - set(years)
            if unknown:
                raise ValueError(f"targets for unknown years: {sorted(unknown)}")
            axes.scatter(
                [xs[list(years).index(y)] for y in targets],
                list(targets.values()),
                marker="D",
                s=30,
                color=PASS_COLOUR,
                zorder=4,
                label="เป้าหมาย",
            )
        low = min([*overall, pass_line, *(targets or {}).values()])
        axes.set_ylim(max(0, low - 10), 100 + 3)
        axes.set_xticks(xs, [_digits(str(year), digits) for year in years])
        axes.set_xlim(-0.5, len(years) - 0.5)
        axes.yaxis.set_major_formatter(_formatter(digits))
        axes.set_xlabel("ปีงบประมาณ (พ.ศ.)")
        axes.set_ylabel("คะแนน")
        axes.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
        if title:
            axes.set_title(_digits(title, digits), loc="left", fontweight="bold")
        handles, _labels = axes.get_legend_handles_labels()
        _legend_below(figure, handles, 8.0)
        return _png(figure)
