"""The neutral content model of a document: what it says, block by block, with no layout engine behind it.

The pipeline decides every sentence, table, chart and signature (`prongsai.core.pipeline.reports`,
`prongsai.core.pipeline.progress`) and writes them as blocks here; the writers under
`prongsai.core.documents.write` only lay the blocks out (`ThaiDocument`, DOCX → PDF). The same blocks give the
document's plain text (`document_text`), so a web page never builds or reads a DOCX to get a document's words.

Text in blocks is written with Arabic digits and no-break spaces where a date or a "พ.ศ. 2568" must not split;
the writer (or `document_text`) turns the digits Thai when asked. Table cells may be numbers: the writer formats
them (two decimals for floats) with the chosen digits.

This module imports nothing from the analysis, the advice, the gains or the plan, so a writer may import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import to_thai_digits

Digits = Literal["thai", "arabic"]
Align = Literal["left", "center", "right", "justify", "distribute"]
Cell = str | int | float | None


class ReportError(ProngsaiError):
    """A report cannot be built from what was given (unknown kind, missing results …)."""


class ProgressError(ProngsaiError):
    """A progress report cannot be built from what was given."""


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Run(_Block):
    """Part of a paragraph with its own weight or size."""

    text: str
    bold: bool = False
    size: float | None = None


class Heading(_Block):
    type: Literal["heading"] = "heading"
    text: str
    level: int = Field(default=1, ge=0, le=3)  # 0 is the document title


class Paragraph(_Block):
    type: Literal["paragraph"] = "paragraph"
    runs: list[Run] = []
    bold: bool = False
    align: Align | None = None
    indent: bool | float = True
    size: float | None = None
    keep_with_next: bool = False
    tab_stop_cm: float | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class ListBlock(_Block):
    type: Literal["list"] = "list"
    items: list[str]
    numbered: bool = False


class CellFill(_Block):
    row: int  # 1 is the first row under the header
    col: int
    fill: str  # RRGGBB


class Table(_Block):
    type: Literal["table"] = "table"
    header: list[str]
    rows: list[list[Cell]]
    widths_cm: list[float | None]  # None: what the text width leaves (one column at most)
    size: float = 14
    align: list[Align | None] | None = None
    bold_last_row: bool = False
    fills: list[CellFill] = []
    cell_margin_cm: float | None = None  # left and right, every cell


class Chart(_Block):
    """A chart's data: ``indicators`` (a bar per label, with the pass line and targets) or ``trend`` (the overall
    score per fiscal year)."""

    type: Literal["chart"] = "chart"
    chart: Literal["indicators", "trend"]
    labels: list[str]
    values: list[float]
    pass_line: float
    targets: dict[str, float] = {}  # label → target score (indicators)
    width_cm: float
    caption: str | None = None


class Signature(_Block):
    type: Literal["signature"] = "signature"
    name: str
    lines: list[str] = []
    closing: str | None = None
    blank_lines: int = 3
    sign_line: bool = False


class PageBreak(_Block):
    type: Literal["page_break"] = "page_break"


Block = Annotated[Heading | Paragraph | ListBlock | Table | Chart | Signature | PageBreak, Field(discriminator="type")]


class DocumentContent(BaseModel):
    """One document as blocks: its kind, the title and author of its properties, and what it says in order."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    title: str
    author: str
    blocks: list[Block] = []


class ContentBuilder:
    """Collects blocks with the calls a layout engine would take (heading, paragraph, table …)."""

    def __init__(self) -> None:
        self.blocks: list[Heading | Paragraph | ListBlock | Table | Chart | Signature | PageBreak] = []

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text=text, level=level))

    def paragraph(
        self,
        text: str | Sequence[str | tuple[str, dict]] = "",
        *,
        bold: bool = False,
        align: Align | None = None,
        indent: bool | float = True,
        size: float | None = None,
        keep_with_next: bool = False,
        tab_stop_cm: float | None = None,
    ) -> None:
        parts = [text] if isinstance(text, str) else list(text)
        runs = [
            Run(text=p) if isinstance(p, str) else Run(text=p[0], bold=p[1].get("bold", False), size=p[1].get("size"))
            for p in parts
        ]
        self.blocks.append(
            Paragraph(
                runs=runs, bold=bold, align=align, indent=indent, size=size, keep_with_next=keep_with_next,
                tab_stop_cm=tab_stop_cm,
            )
        )

    def bullets(self, items: Iterable[str]) -> None:
        self.blocks.append(ListBlock(items=list(items)))

    def numbered(self, items: Iterable[str]) -> None:
        self.blocks.append(ListBlock(items=list(items), numbered=True))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths_cm: Sequence[float | None],
        *,
        size: float = 14,
        align: Sequence[Align | None] | None = None,
        bold_last_row: bool = False,
        fills: Iterable[tuple[int, int, str]] = (),
        cell_margin_cm: float | None = None,
    ) -> None:
        self.blocks.append(
            Table(
                header=list(header), rows=[list(r) for r in rows], widths_cm=list(widths_cm), size=size,
                align=list(align) if align is not None else None, bold_last_row=bold_last_row,
                fills=[CellFill(row=r, col=c, fill=f) for r, c, f in fills], cell_margin_cm=cell_margin_cm,
            )
        )

    def chart(self, chart: Chart) -> None:
        self.blocks.append(chart)

    def signature(
        self,
        name: str,
        lines: Sequence[str] = (),
        *,
        closing: str | None = None,
        blank_lines: int = 3,
        sign_line: bool = False,
    ) -> None:
        self.blocks.append(
            Signature(name=name, lines=list(lines), closing=closing, blank_lines=blank_lines, sign_line=sign_line)
        )

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def content(self, *, kind: str, title: str, author: str) -> DocumentContent:
        return DocumentContent(kind=kind, title=title, author=author, blocks=list(self.blocks))


# --- plain text ----------------------------------------------------------------------------------------------

# web and e-mail addresses keep their digits (as `ThaiDocument.text` does)
_KEEP_DIGITS = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)")


def digits_text(text: str, digits: Digits) -> str:
    """`text` as plain text: no-break spaces become spaces; Thai digits when chosen (addresses keep theirs)."""
    text = text.replace("\u00a0", " ")
    if digits != "thai":
        return text
    parts = _KEEP_DIGITS.split(text)
    return "".join(part if i % 2 else to_thai_digits(part) for i, part in enumerate(parts))


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


class DocumentText(BaseModel):
    """A document as plain text: its title (the level-0 heading) and every other line, in order."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    title: str
    paragraphs: list[str]


def document_text(content: DocumentContent, *, digits: Digits = "arabic") -> DocumentText:
    """The words of a document without any layout: headings and paragraphs as lines, list items as "- …" or
    "1. …", table rows as cells joined by " | ", a signature as its lines. Empty paragraphs are left out."""
    title = ""
    lines: list[str] = []

    def add(text: str) -> None:
        text = digits_text(text, digits).strip()
        if text:
            lines.append(text)

    for block in content.blocks:
        if isinstance(block, Heading):
            if block.level == 0 and not title:
                title = digits_text(block.text, digits).replace("\n", " ").strip()
            else:
                add(block.text)
        elif isinstance(block, Paragraph):
            add(block.text)
        elif isinstance(block, ListBlock):
            for k, item in enumerate(block.items, 1):
                add(f"{k}. {item}" if block.numbered else f"- {item}")
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                add(" | ".join(_cell_text(v).replace("\n", " ") for v in row))
        elif isinstance(block, Chart):
            if block.caption:
                add(block.caption)
        elif isinstance(block, Signature):
            for line in [block.closing or "", f"({block.name})", *block.lines]:
                add(line)
    return DocumentText(kind=content.kind, title=title, paragraphs=lines)


__all__ = [
    "Align",
    "Block",
    "Cell",
    "CellFill",
    "Chart",
    "ContentBuilder",
    "Digits",
    "DocumentContent",
    "DocumentText",
    "Heading",
    "ListBlock",
    "PageBreak",
    "Paragraph",
    "ProgressError",
    "ReportError",
    "Run",
    "Signature",
    "Table",
    "digits_text",
    "document_text",
]
