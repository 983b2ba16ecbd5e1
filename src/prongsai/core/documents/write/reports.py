"""Lays out a document's content (`prongsai.core.pipeline.content.DocumentContent`) as a `ThaiDocument`.

A leaf: what a document says (which sentences, tables, charts, signatures; numbers as text) is decided by the
pipeline (`prongsai.core.pipeline.reports` for the analysis, measures, news and memo; `…pipeline.progress` for
the progress reports). This module only turns the blocks into DOCX: headings, paragraphs and their runs, lists,
tables (widths, shading, cell margins), charts drawn from their data, signature blocks, page breaks. It imports
nothing from the analysis, the advice, the gains or the plan.

    from prongsai.core.pipeline import ReportInput, prepare, report_content
    from prongsai.core.documents.write.reports import render

    analysis, plan = prepare(data)
    doc = render(report_content("measures", analysis, plan, data), digits="thai")
    doc.save("measures.docx"); doc.to_pdf("measures.pdf")

(`prongsai.core.pipeline.build_report` does both steps.)
"""

from __future__ import annotations

import math
from typing import Any

from prongsai.core.documents.write.docx_thai import TEXT_WIDTH_CM, Digits, FontPolicy, ThaiDocument, set_cell_margins
from prongsai.core.pipeline.content import (
    Chart,
    DocumentContent,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    ReportError,
    Signature,
    Table,
)


def render(
    content: DocumentContent, *, digits: Digits = "thai", font_policy: str | FontPolicy = "th-sarabun-new"
) -> ThaiDocument:
    """The blocks of `content` laid out in order, with the digits chosen."""
    if digits not in ("thai", "arabic"):
        raise ReportError("เลขต้องเป็น thai หรือ arabic", "digits must be 'thai' or 'arabic'")
    doc = ThaiDocument(digits=digits, font_policy=font_policy, title=content.title, author=content.author)
    for block in content.blocks:
        if isinstance(block, Heading):
            doc.heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, ListBlock):
            (doc.numbered if block.numbered else doc.bullets)(block.items)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
        elif isinstance(block, Signature):
            doc.signature(
                block.name, block.lines, closing=block.closing, blank_lines=block.blank_lines,
                sign_line=block.sign_line,
            )
        elif isinstance(block, PageBreak):
            doc.page_break()
        else:  # pragma: no cover - the content model has no other block
            raise TypeError(f"unknown block {type(block).__name__}")
    return doc


def _paragraph(doc: ThaiDocument, block: Paragraph) -> None:
    runs: list[str | tuple[str, dict[str, Any]]] = []
    for run in block.runs:
        if not run.bold and run.size is None:
            runs.append(run.text)
        else:
            runs.append((run.text, {"bold": run.bold, **({"size": run.size} if run.size is not None else {})}))
    text = runs[0] if len(runs) == 1 and isinstance(runs[0], str) else (runs or "")
    p = doc.paragraph(
        text, bold=block.bold, align=block.align, indent=block.indent, size=block.size,
        keep_with_next=block.keep_with_next,
    )
    if block.tab_stop_cm is not None:
        from docx.shared import Cm

        p.paragraph_format.tab_stops.add_tab_stop(Cm(block.tab_stop_cm))


def _table(doc: ThaiDocument, block: Table) -> None:
    from docx.shared import Cm

    fixed = math.fsum(w for w in block.widths_cm if w is not None)
    widths = [TEXT_WIDTH_CM - fixed if w is None else w for w in block.widths_cm]
    table = doc.table(
        block.header, block.rows, widths_cm=widths, size=block.size, align=block.align,
        bold_last_row=block.bold_last_row,
    )
    if block.cell_margin_cm is not None:
        _cell_margins(table, Cm(block.cell_margin_cm))
    if block.fills:
        rows = table._tbl.tr_lst  # the XML rows: python-docx's row.cells rebuilds the grid on every call
        for f in block.fills:
            _shade(rows[f.row].tc_lst[f.col], f.fill)


def _chart(doc: ThaiDocument, block: Chart) -> None:
    from prongsai.core.documents.write.charts import indicator_chart, trend_chart

    if block.chart == "indicators":
        names = [doc.text(label) for label in block.labels]
        png = indicator_chart(
            names,
            block.values,
            pass_line=block.pass_line,
            targets={doc.text(label): value for label, value in block.targets.items()},
            digits=doc.digits,
        )
    else:
        png = trend_chart([int(y) for y in block.labels], block.values, pass_line=block.pass_line, digits=doc.digits)
    doc.image(png, width_cm=block.width_cm, caption=block.caption)


def _shade(tc, fill: str) -> None:
    """Fill a table cell (its w:tc element) with a colour."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    anchor = tc_pr.find(qn("w:tcW"))
    if anchor is not None:
        anchor.addnext(shd)
    else:
        tc_pr.insert(0, shd)


def _cell_margins(table, width) -> None:
    """Narrow left/right cell margins (the month columns of the timeline); top and bottom stay the builder's."""
    set_cell_margins(table, left=int(width.twips), right=int(width.twips))


__all__ = ["render"]
