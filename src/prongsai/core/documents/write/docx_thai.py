"""A small builder for Thai government-style DOCX files over python-docx.

Font policy (see docs/documents.md)
-----------------------------------
Officers' Word installations have **TH Sarabun New** (or TH SarabunPSK / TH SarabunIT๙), and the house standard
is 16 pt. The server has only Google **Sarabun** (PyPI ``fontpkg-sarabun``), a different design drawn about
1.5× larger on its em: Sarabun's ก is 0.586 em tall, TH Sarabun New's about 0.40 em (TLWG emulates TH Sarabun with
Laksaman scaled by 0.66). So *TH Sarabun New 16 pt prints the same size as Sarabun 11 pt* (16 × 0.68 = 10.9).
LibreOffice substitutes Sarabun for a missing TH Sarabun New at the *same point size* and ignores fontconfig
scaling matrices (tested), so a DOCX naming TH Sarabun New 16 pt turns into a PDF whose text is 1.5× too big.

Therefore:

* Sizes in this API are **nominal TH Sarabun New points** (body 16, headings 18–20): what an officer types in Word.
* ``font_policy="th-sarabun-new"`` (the default): the DOCX names TH Sarabun New at those sizes, for the Word user.
  Its PDF is made by :func:`prongsai.core.documents.write.pdf.docx_to_pdf` from a *retargeted copy*
  (:func:`retarget_docx`): every TH Sarabun-family name becomes Sarabun and every size is multiplied by 11/16.
  Printed text is then the size the officer expects; pagination can differ a little from Word's because the two
  designs have different widths and line heights.
* ``font_policy="sarabun"``: the DOCX itself names Sarabun at 11/16 of the nominal sizes (body 11 pt), for agencies
  that installed Google Sarabun. DOCX and PDF are then the same layout.

Both runs and styles set the complex-script font (``w:cs``) and size (``w:szCs``): Word and LibreOffice take Thai
text's font and size from those, and python-docx alone sets only ``w:ascii``/``w:hAnsi``/``w:sz``. Theme font
attributes (``w:asciiTheme``, ``w:cstheme`` …) are removed because they win over explicit names.

Digits: ``digits="thai"`` writes every number in text as Thai digits (U+0E50–0E59, typed as characters, not
through Word's digit substitution; web addresses and e-mail addresses are left alone); page numbers and list
numbers use Word's ``thaiNumbers`` format. ``digits="arabic"`` leaves digits as given.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from prongsai.core.documents.write.pdf import (  # the copy LibreOffice prints lives on the PDF side
    PdfFixups,
    docx_to_pdf,
    names_small_em_thai,
    prepare_for_libreoffice,
    retarget_docx,
)
from prongsai.core.documents.write.wordml import (
    FONT_POLICIES,
    MARGIN_BOTTOM_CM,
    MARGIN_LEFT_CM,
    MARGIN_RIGHT_CM,
    MARGIN_TOP_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    SARABUN,
    SARABUN_SCALE,
    TEXT_WIDTH_CM,
    TH_SARABUN_NEW,
    THEME_ATTRS,
    W_NS,
    FontPolicy,
    font_policy,
    is_small_em_thai,
)
from prongsai.core.documents.write.wordml import PPR_ORDER as _PPR_ORDER
from prongsai.core.documents.write.wordml import W as _W
from prongsai.core.documents.write.wordml import order_children as _order_children
from prongsai.core.documents.write.wordml import order_rpr as _order_rpr
from prongsai.core.errors import DocumentError
from prongsai.core.thai import thai_date, to_thai_digits

Digits = Literal["thai", "arabic"]
Align = Literal["left", "center", "right", "justify", "distribute"]

# Nominal (TH Sarabun New) sizes in points.
BODY_PT = 16.0
HEADING_PT = {0: 20.0, 1: 18.0, 2: 16.0, 3: 16.0}
TABLE_PT = 16.0
SMALL_PT = 14.0
# Space above and below the text of every table cell (twips; 45 = 0.08 cm): Thai marks stacked above a vowel (ปี่, น้ำ)
# and descenders (ฎ ฏ, ู) reach past the font's line box, so a row of single-spaced text with no cell margin lets
# them touch or cross the row lines (seen in the progress report at 400 dpi).
CELL_MARGIN_TOP_TW = 45
CELL_MARGIN_BOTTOM_TW = 45

_resolve_policy = font_policy  # ThaiDocument's keyword argument shadows the function's name


# --- low-level XML helpers ------------------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _child(parent, tag: str, *, first: bool = False):
    el = parent.find(_qn(tag))
    if el is None:
        from docx.oxml import OxmlElement

        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def set_rpr_thai(rpr, family: str, size_pt: float | None = None, *, bidi_lang: str = "th-TH") -> None:
    """Name `family` for every script (incl. w:cs) and drop theme fonts; set w:sz and w:szCs when a size is given."""
    rfonts = _child(rpr, "w:rFonts", first=True)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(_qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(_qn(attr), family)
    if size_pt is not None:
        set_rpr_size(rpr, size_pt)
    lang = _child(rpr, "w:lang")
    lang.set(_qn("w:bidi"), bidi_lang)
    lang.set(_qn("w:val"), lang.get(_qn("w:val")) or "en-US")
    _order_rpr(rpr)


def set_rpr_size(rpr, size_pt: float) -> None:
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(_qn("w:val"), half_points)
    _order_rpr(rpr)


def set_rpr_bold(rpr, bold: bool = True) -> None:
    """Bold for Latin (w:b) and for Thai (w:bCs)."""
    for tag in ("w:b", "w:bCs"):
        el = _child(rpr, tag)
        if bold:
            el.attrib.pop(_qn("w:val"), None)
        else:
            el.set(_qn("w:val"), "0")
    _order_rpr(rpr)


_CELL_MAR_ORDER = ("top", "start", "left", "bottom", "end", "right")


def set_cell_margins(table, **twips: int) -> None:
    """Set the table's default cell margins (``w:tblCellMar``) for the sides given (top, left, bottom, right) in
    twips, keeping the sides already set and the schema's order of the sides."""
    mar = _child(table._tbl.tblPr, "w:tblCellMar")
    for side, value in twips.items():
        el = _child(mar, f"w:{side}")
        el.set(_qn("w:w"), str(int(value)))
        el.set(_qn("w:type"), "dxa")
    for el in sorted(mar, key=lambda e: _CELL_MAR_ORDER.index(etree.QName(e).localname)):
        mar.append(el)  # re-appending moves each side into order
    _order_children(table._tbl.tblPr, _TBLPR_ORDER)


# --- the builder ------------------------------------------------------------------------------------

_KEEP_DIGITS = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)")
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "JUSTIFY", "distribute": "THAI_JUSTIFY"}
_HEADING_STYLES = {0: "Title", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


class ThaiDocument:
    """A Thai government-style document: A4, margins 2.5/3/2/2 cm (top/left/right/bottom), TH Sarabun New 16 pt.

    Example::

        doc = ThaiDocument(digits="thai")
        doc.heading("รายงานผลการประเมิน ITA ปี 2568", level=0)
        doc.paragraph("ข้อความ …")
        doc.table(["ตัวชี้วัด", "คะแนน"], [["การปฏิบัติหน้าที่", 93.76]])
        doc.save("out.docx")
        pdf = doc.to_pdf()

    Sizes are nominal TH Sarabun New points whatever the policy (module docstring). ``document`` is the underlying
    python-docx ``Document`` for anything the builder does not cover.
    """

    def __init__(
        self,
        *,
        font_policy: str | FontPolicy = "th-sarabun-new",
        digits: Digits = "thai",
        thai_distribute: bool = False,
        page_numbers: Literal["header", "footer"] | None = "header",
        number_first_page: bool = False,
        paragraph_indent_cm: float = 2.5,
        title: str | None = None,
        author: str | None = None,
    ) -> None:
        import docx
        from docx.shared import Cm

        if digits not in ("thai", "arabic"):
            raise ValueError("digits must be 'thai' or 'arabic'")
        self.policy = _resolve_policy(font_policy)
        self.digits: Digits = digits
        self.thai_distribute = thai_distribute
        self.paragraph_indent_cm = paragraph_indent_cm
        self.document = docx.Document()
        self._numbering_ids: dict[str, int] = {}

        props = self.document.core_properties
        props.language = "th-TH"
        props.title = title or ""
        props.author = author or "Prongsai"
        props.comments = ""

        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
        section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
        section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
        self._setup_styles()
        self._setup_settings()
        if page_numbers:
            self._page_numbers(section, where=page_numbers, first_page=number_first_page)

    # -- text helpers --

    def text(self, value: Any) -> str:
        """`value` as document text: Thai digits when chosen (web and e-mail addresses keep theirs)."""
        text = "" if value is None else str(value)
        if self.digits != "thai":
            return text
        parts = _KEEP_DIGITS.split(text)
        return "".join(part if i % 2 else to_thai_digits(part) for i, part in enumerate(parts))

    def number(self, value: float | int, decimals: int | None = None) -> str:
        """1234.5 → ๑,๒๓๔.๕๐ (thousands separators; two decimals for floats unless `decimals` says otherwise)."""
        if isinstance(value, bool):
            raise TypeError("a bool is not a number here")
        if decimals is None:
            decimals = 0 if isinstance(value, int) else 2
        return self.text(f"{value:,.{decimals}f}")

    def date(self, day: date, *, short: bool = False) -> str:
        """21 พฤศจิกายน 2568 (B.E. year, Thai month name), digits as chosen."""
        return thai_date(day, thai_digits=self.digits == "thai", short=short)

    # -- blocks --

    def heading(self, text: str, level: int = 1):
        """Level 0 is the document title (centred, 20 pt); 1–3 are bold headings (18, 16, 16 pt)."""
        if level not in _HEADING_STYLES:
            raise ValueError("heading level must be 0, 1, 2 or 3")
        paragraph = self.document.add_paragraph(style=_HEADING_STYLES[level])
        self._add_text(paragraph, text)
        return paragraph

    def paragraph(
        self,
        text: str | Sequence[str | tuple[str, dict[str, Any]]] = "",
        *,
        bold: bool = False,
        align: Align | None = None,
        indent: bool | float = True,
        size: float | None = None,
        keep_with_next: bool = False,
        space_after_pt: float | None = None,
    ):
        """A body paragraph. `text` may be a list of strings and (text, {"bold": True, "italic": …, "underline": …})
        runs. The first line is indented by `paragraph_indent_cm` (Thai official style) unless `indent=False` or the
        paragraph is centred/right-aligned; a number gives the indent in cm. Body text is distributed Thai-style
        (``thaiDistribute``) when the document was made with ``thai_distribute=True`` and no `align` is given."""
        from docx.shared import Cm, Pt

        paragraph = self.document.add_paragraph()
        runs = [text] if isinstance(text, str) else list(text)
        for part in runs:
            part_text, fmt = (part, {}) if isinstance(part, str) else part
            self._add_text(
                paragraph,
                part_text,
                bold=bold or fmt.get("bold", False),
                italic=fmt.get("italic", False),
                underline=fmt.get("underline", False),
                size=fmt.get("size", size),
            )
        if align is None and self.thai_distribute:
            align = "distribute"
        self._align(paragraph, align)
        if indent and align not in ("center", "right"):
            cm = self.paragraph_indent_cm if indent is True else float(indent)
            if cm:
                paragraph.paragraph_format.first_line_indent = Cm(cm)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if space_after_pt is not None:
            paragraph.paragraph_format.space_after = Pt(space_after_pt)
        return paragraph

    def bullets(self, items: Iterable[str]) -> list:
        """A bulleted list (a real Word list, one level)."""
        num_id = self._new_num("bullet")
        return [self._list_item(item, num_id) for item in items]

    def numbered(self, items: Iterable[str], *, start: int = 1) -> list:
        """A numbered list 1. 2. 3. (๑. ๒. ๓. with Thai digits), a real Word list restarting at `start`."""
        num_id = self._new_num("number", start=start)
        return [self._list_item(item, num_id) for item in items]

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths_cm: Sequence[float] | None = None,
        align: Sequence[Align | None] | None = None,
        decimals: Sequence[int | None] | int | None = None,
        size: float = TABLE_PT,
        repeat_header: bool = True,
        bold_last_row: bool = False,
    ):
        """A "Table Grid" table with a bold, centred header row repeated on every page.

        Cells may be str, int, float or None. Numbers are formatted (thousands separators; floats with two
        decimals, or `decimals` per column) with the chosen digits and right-aligned; a column whose cells are all
        numbers is right-aligned. `widths_cm` defaults to equal columns across the 16 cm text width. Rows do not
        split across pages.
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm

        ncols = len(header)
        if any(len(row) != ncols for row in rows):
            raise ValueError("every row needs as many cells as the header")
        widths = list(widths_cm) if widths_cm else [TEXT_WIDTH_CM / ncols] * ncols
        if len(widths) != ncols:
            raise ValueError("widths_cm needs one width per column")
        per_col_decimals = list(decimals) if isinstance(decimals, Sequence) else [decimals] * ncols
        if align is None:
            align = [
                "right" if rows and all(isinstance(r[c], int | float) or r[c] is None for r in rows) else "left"
                for c in range(ncols)
            ]

        table = self.document.add_table(rows=1 + len(rows), cols=ncols)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        layout = _child(tbl_pr, "w:tblLayout")
        layout.set(_qn("w:type"), "fixed")
        tbl_w = _child(tbl_pr, "w:tblW")
        tbl_w.set(_qn("w:type"), "dxa")
        tbl_w.set(_qn("w:w"), str(round(sum(widths) * 567)))
        set_cell_margins(table, top=CELL_MARGIN_TOP_TW, bottom=CELL_MARGIN_BOTTOM_TW)
        _order_children(tbl_pr, _TBLPR_ORDER)
        for col, width in zip(table.columns, widths, strict=True):
            col.width = Cm(width)
        for c, grid_col in enumerate(table._tbl.tblGrid.findall(_qn("w:gridCol"))):
            grid_col.set(_qn("w:w"), str(round(widths[c] * 567)))

        for r, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            _child(tr_pr, "w:cantSplit")
            if r == 0 and repeat_header:
                _child(tr_pr, "w:tblHeader")
            values = header if r == 0 else rows[r - 1]
            for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = Cm(widths[c])
                cell._tc.tcPr.find(_qn("w:tcW")).set(_qn("w:w"), str(round(widths[c] * 567)))  # = gridCol
                paragraph = cell.paragraphs[0]
                if isinstance(value, bool):
                    value = "ใช่" if value else "ไม่ใช่"
                if isinstance(value, int | float) and r:
                    text, cell_align = self.number(value, per_col_decimals[c]), "right"
                else:
                    text, cell_align = self.text(value), (align[c] or "left")
                bold = r == 0 or (bold_last_row and r == len(rows))
                self._add_text(paragraph, text, bold=bold, size=size, convert=False)
                self._align(paragraph, "center" if r == 0 else cell_align)
        # a little air after the table
        self.document.add_paragraph()
        return table

    def image(self, image: bytes | str | Path, *, width_cm: float = TEXT_WIDTH_CM, caption: str | None = None):
        """A picture (PNG chart, …) centred in its own paragraph, `width_cm` wide, with an optional caption."""
        from docx.shared import Cm

        stream = io.BytesIO(image) if isinstance(image, bytes | bytearray) else str(image)
        paragraph = self.document.add_paragraph()
        paragraph.add_run().add_picture(stream, width=Cm(width_cm))
        self._align(paragraph, "center")
        if caption:
            paragraph.paragraph_format.keep_with_next = True
            cap = self.document.add_paragraph(style="Caption")
            self._add_text(cap, caption)
            self._align(cap, "center")
        return paragraph

    def signature(
        self,
        name: str,
        position: str | Sequence[str] = (),
        *,
        closing: str | None = None,
        blank_lines: int = 3,
        sign_line: bool = False,
    ) -> list:
        """The signature block of a Thai letter or report: centred in the right half of the text width.

        closing (e.g. "ขอแสดงความนับถือ"), `blank_lines` empty lines to sign in (or a "(ลงชื่อ) ……" line with
        `sign_line=True`), "(ชื่อ นามสกุล)", then the position lines. The block is kept on one page."""
        lines: list[str] = []
        if closing:
            lines.append(closing)
        lines.extend([""] * max(0, blank_lines))
        if sign_line:
            lines.append("(ลงชื่อ) " + "." * 40)
        lines.append(f"({name})")
        lines.extend([position] if isinstance(position, str) else list(position))
        return self._block(lines)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- output --

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_bytes(self.to_bytes())
        return path

    def to_pdf(self, out_path: str | Path | None = None, **options: Any) -> bytes:
        """The PDF through LibreOffice (`docx_to_pdf`), printed at the size the font policy promises."""
        return docx_to_pdf(self.to_bytes(), out_path, **options)

    # -- internals --

    def _add_text(self, paragraph, text: str, *, bold=False, italic=False, underline=False, size=None, convert=True):
        text = self.text(text) if convert else text
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
            rpr = run._r.get_or_add_rPr()
            if bold:
                set_rpr_bold(rpr)
            if italic:
                run.font.italic = True
                _child(rpr, "w:iCs")
                _order_rpr(rpr)
            if underline:
                run.font.underline = True
            if size is not None:
                set_rpr_size(rpr, self.policy.pt(size))
        return paragraph

    def _align(self, paragraph, align: Align | None) -> None:
        if align is None:
            return
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, _ALIGN[align])

    def _block(self, lines: Sequence[str]) -> list:
        from docx.shared import Cm

        paragraphs = []
        for i, line in enumerate(lines):
            paragraph = self.document.add_paragraph()
            if line:
                self._add_text(paragraph, line)
            fmt = paragraph.paragraph_format
            fmt.left_indent = Cm(TEXT_WIDTH_CM / 2 - 1)
            fmt.keep_together = True
            if i < len(lines) - 1:
                fmt.keep_with_next = True
            self._align(paragraph, "center")
            paragraphs.append(paragraph)
        return paragraphs

    def _list_item(self, text: str, num_id: int):
        paragraph = self.document.add_paragraph(style="List Paragraph")
        num_pr = _child(paragraph._p.get_or_add_pPr(), "w:numPr")
        _child(num_pr, "w:ilvl").set(_qn("w:val"), "0")
        _child(num_pr, "w:numId").set(_qn("w:val"), str(num_id))
        _order_children(paragraph._p.pPr, _PPR_ORDER)
        self._add_text(paragraph, text)
        if self.thai_distribute:
            self._align(paragraph, "distribute")
        return paragraph

    def _new_num(self, kind: Literal["bullet", "number"], *, start: int = 1) -> int:
        """A new w:num (so every numbered list restarts) over our own abstract list definition."""
        from docx.oxml import parse_xml

        numbering = self.document.part.numbering_part.element
        abstract_id = self._numbering_ids.get(kind)
        if abstract_id is None:
            used = [int(a.get(_qn("w:abstractNumId"))) for a in numbering.findall(_qn("w:abstractNum"))]
            abstract_id = max(used, default=-1) + 1
            fmt, text = (
                ("bullet", "•")
                if kind == "bullet"
                else (("thaiNumbers" if self.digits == "thai" else "decimal"), "%1.")
            )
            family = self.policy.family
            hanging = 425  # 0.75 cm for "๑." and the gap; the label starts at the paragraph indent
            left = round((self.paragraph_indent_cm or 1.25) * 567) + hanging
            abstract = parse_xml(
                f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
                f'<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
                f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:eastAsia="{family}" w:cs="{family}"/>'
                f"</w:rPr></w:lvl></w:abstractNum>"
            )
            first_num = numbering.find(_qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
            self._numbering_ids[kind] = abstract_id
        used_nums = [int(n.get(_qn("w:numId"))) for n in numbering.findall(_qn("w:num"))]
        num_id = max(used_nums, default=0) + 1
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            )
        )
        return num_id

    def _setup_styles(self) -> None:
        from docx.shared import Cm, Pt, RGBColor

        policy = self.policy
        styles = self.document.styles
        root = styles.element
        defaults = root.find(_qn("w:docDefaults"))
        set_rpr_thai(defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr")), policy.family, policy.pt(BODY_PT))
        ppr = defaults.find(_qn("w:pPrDefault")).find(_qn("w:pPr"))
        spacing = _child(ppr, "w:spacing")
        for attr, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
            spacing.set(_qn(attr), value)
        for rpr in root.iter(_qn("w:rPr")):  # styles and their table-conditional parts (w:tblStylePr)
            if rpr.getparent().tag == _qn("w:rPrDefault"):
                continue
            if rpr.find(_qn("w:rFonts")) is not None:
                set_rpr_thai(rpr, policy.family)
            sz = rpr.find(_qn("w:sz"))
            if sz is not None:  # the template's Latin sizes would leave Thai (szCs) at another size
                rpr.remove(sz)
                cs = rpr.find(_qn("w:szCs"))
                if cs is not None:
                    rpr.remove(cs)

        def restyle(name: str, size: float, *, bold: bool, before: float, after: float, center=False, next_=True):
            style = styles[name]
            rpr = style.element.get_or_add_rPr()
            set_rpr_thai(rpr, policy.family, policy.pt(size))
            set_rpr_bold(rpr, bold)
            for tag in ("w:i", "w:iCs", "w:color", "w:caps", "w:spacing", "w:kern", "w:u"):
                el = rpr.find(_qn(tag))
                if el is not None:
                    rpr.remove(el)
            style.font.color.rgb = RGBColor(0, 0, 0)
            _order_rpr(rpr)
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(before), Pt(after)
            fmt.keep_with_next = next_
            fmt.line_spacing = 1.0
            if center:
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            ppr = style.element.get_or_add_pPr()
            border = ppr.find(_qn("w:pBdr"))  # Title has a bottom border in the template
            if border is not None:
                ppr.remove(border)
            contextual = ppr.find(_qn("w:contextualSpacing"))
            if contextual is not None:
                ppr.remove(contextual)

        restyle("Normal", BODY_PT, bold=False, before=0, after=0, next_=False)
        restyle("Title", HEADING_PT[0], bold=True, before=0, after=12, center=True)
        restyle("Heading 1", HEADING_PT[1], bold=True, before=12, after=6)
        restyle("Heading 2", HEADING_PT[2], bold=True, before=6, after=3)
        restyle("Heading 3", HEADING_PT[3], bold=True, before=6, after=0)
        restyle("Caption", SMALL_PT, bold=False, before=3, after=9, next_=False)
        restyle("Header", BODY_PT, bold=False, before=0, after=0, next_=False)
        restyle("Footer", SMALL_PT, bold=False, before=0, after=0, next_=False)
        restyle("List Paragraph", BODY_PT, bold=False, before=0, after=0, next_=False)
        styles["List Paragraph"].paragraph_format.left_indent = Cm(0)
        table_style = styles["Table Grid"].element
        set_rpr_thai(table_style.get_or_add_rPr(), policy.family)
        self._font_table()

    def _font_table(self) -> None:
        """Declare the family in fontTable.xml with Thai charset and its usual alternative names."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        part = next((rel.target_part for rel in self.document.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
        if part is None:
            return
        root = etree.fromstring(part.blob)
        family = self.policy.family
        if any(f.get(f"{_W}name") == family for f in root.findall(f"{_W}font")):
            return
        font = etree.SubElement(root, f"{_W}font", {f"{_W}name": family})
        if family == TH_SARABUN_NEW.family:
            etree.SubElement(font, f"{_W}altName", {f"{_W}val": "TH SarabunPSK"})
        etree.SubElement(font, f"{_W}charset", {f"{_W}val": "DE"})  # THAI_CHARSET
        etree.SubElement(font, f"{_W}family", {f"{_W}val": "swiss"})
        etree.SubElement(font, f"{_W}pitch", {f"{_W}val": "variable"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _setup_settings(self) -> None:
        settings = self.document.settings.element
        theme_lang = settings.find(_qn("w:themeFontLang"))
        if theme_lang is None:
            from docx.oxml import OxmlElement

            theme_lang = OxmlElement("w:themeFontLang")
            anchor = settings.find(_qn("w:compat"))
            if anchor is not None:
                anchor.addprevious(theme_lang)
            else:
                settings.append(theme_lang)
        theme_lang.set(_qn("w:val"), "en-US")
        theme_lang.set(_qn("w:bidi"), "th-TH")

    def _page_numbers(self, section, *, where: str, first_page: bool) -> None:
        """ "- ๒ -" centred in the header (or footer): a PAGE field, Thai digits through ``\\* ThaiArabic`` and the
        section's page number format ``thaiNumbers``. Thai official practice leaves page 1 unnumbered."""
        from docx.oxml import OxmlElement

        thai = self.digits == "thai"
        if thai:
            pg_num = OxmlElement("w:pgNumType")
            pg_num.set(_qn("w:fmt"), "thaiNumbers")
            section._sectPr.insert_element_before(
                pg_num,
                "w:cols",
                "w:formProt",
                "w:vAlign",
                "w:noEndnote",
                "w:titlePg",
                "w:textDirection",
                "w:bidi",
                "w:rtlGutter",
                "w:docGrid",
                "w:printerSettings",
                "w:sectPrChange",
            )
        section.different_first_page_header_footer = not first_page
        part = section.header if where == "header" else section.footer
        paragraph = part.paragraphs[0]
        self._align(paragraph, "center")
        instr = " PAGE \\* ThaiArabic \\* MERGEFORMAT " if thai else " PAGE \\* MERGEFORMAT "
        placeholder = "๑" if thai else "1"
        self._add_text(paragraph, "- ", convert=False)
        p = paragraph._p
        for kind, content in (
            ("fld", "begin"),
            ("instr", instr),
            ("fld", "separate"),
            ("t", placeholder),
            ("fld", "end"),
        ):
            run = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            run.append(rpr)
            set_rpr_thai(rpr, self.policy.family)
            if kind == "fld":
                el = OxmlElement("w:fldChar")
                el.set(_qn("w:fldCharType"), content)
            else:
                el = OxmlElement("w:instrText" if kind == "instr" else "w:t")
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                el.text = content
            run.append(el)
            p.append(run)
        self._add_text(paragraph, " -", convert=False)


_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
]


def docx_xml(data: bytes, part: str = "word/document.xml") -> str:
    """One XML part of a DOCX as text (for tests and debugging)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read(part).decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DocumentError("ไฟล์ DOCX เสียหรือไม่ครบ", f"the DOCX is broken or lacks {part}") from exc


__all__ = [
    "BODY_PT",
    "FONT_POLICIES",
    "SARABUN",
    "SARABUN_SCALE",
    "TEXT_WIDTH_CM",
    "TH_SARABUN_NEW",
    "FontPolicy",
    "PdfFixups",
    "ThaiDocument",
    "docx_xml",
    "font_policy",
    "is_small_em_thai",
    "names_small_em_thai",
    "prepare_for_libreoffice",
    "retarget_docx",
    "set_cell_margins",
    "set_rpr_thai",
]
