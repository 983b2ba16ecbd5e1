"""Which parsed fields were read by OCR: ``mark_ocr(result, extracted)`` after ``parse_text``.

The reader says where OCR text is (``ExtractedText.ocr_spans``, offsets into the text it returned); the parser says
where each field was stated (offsets into the normalised text, whose lines are the document's). A field is marked
when everything it was read from lies in OCR lines — for an image or a PDF that was a scan throughout, every field
stated; for a PDF with some scanned pages, only the fields read from those pages. The document gets ``ocr=True``
and ``ocr_fields`` (JSON), and remembers its OCR lines for the checker (``ParsedDocument.is_ocr_line``), which turns
misspellings there into OCR notes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from prongsai.core.documents.model import ParsedDocument
from prongsai.core.documents.read import ExtractedText
from prongsai.core.thai import normalise_text

# ``result`` is a ``parse.ParseResult``; it is not imported, since ``parse.parse_file`` imports this module.
ParseResult = Any


def ocr_lines(result: ParseResult, extracted: ExtractedText) -> frozenset[int]:
    """The lines (1-based) of the parsed (normalised) text that came from OCR."""
    lines: set[int] = set()
    raw = extracted.text
    for start, end in extracted.ocr_spans:
        first = normalise_text(raw[:start]).count("\n") + 1
        last = normalise_text(raw[:end]).count("\n") + 1
        lines.update(range(first, last + 1))
    return frozenset(lines)


def _field_offsets(result: ParseResult, doc: ParsedDocument) -> Iterable[tuple[str, list[int]]]:
    """(field, offsets of what it was read from) for every field the document states."""
    r = result
    if doc.agency.name:
        yield "agency", [m.start for forms in r.own_forms.values() for m in forms]
    for name, year in (("fiscal_year", doc.fiscal_year), ("document_year", doc.document_year)):
        if year is not None:
            yield name, [y.start for y in r.years if y.year == year]
    if doc.overall.score is not None:
        yield "overall.score", [c.value_start for c in r.overall_claims if abs(c.value - doc.overall.score) < 1e-9]
    if doc.overall.level is not None:
        yield "overall.level", [r.overall_level.start] if r.overall_level is not None else []
    for key, value in doc.instruments.items():
        yield f"instruments.{key}", [
            c.value_start for c in r.instrument_claims if c.key == key and abs(c.value - value) < 1e-9
        ]
    for key, value in doc.indicators.items():
        yield f"indicators.{key}", [
            c.value_start for c in r.indicator_claims if c.key == key and abs(c.value - value) < 1e-9
        ]
    for i, q in enumerate(doc.questions):
        at = r.text.find(q.text) if q.text else -1
        yield f"questions.{i}", [at] if at >= 0 else []
    for i, other in enumerate(getattr(doc, "other_years", []) or []):
        yield f"other_years.{i}", [y.start for y in r.years if y.year == other.fiscal_year]


def mark_ocr(result: ParseResult, extracted: ExtractedText) -> ParseResult:
    """Mark the parsed document (and each agency's row, when the text lists several) with what OCR read."""
    if not extracted.ocr:
        return result
    lines = ocr_lines(result, extracted)
    everything = extracted.kind == "image" or len(extracted.ocr_pages) == (extracted.pages or 0)
    docs = [result.document, *[d for d in getattr(result, "rows", []) if d is not result.document]]
    breaks = [i for i, ch in enumerate(result.text) if ch == "\n"]
    for doc in docs:
        doc.ocr = True
        doc.set_ocr_lines(lines)
        fields = []
        for name, offsets in _field_offsets(result, doc):
            # With nothing to go by (a field the parser derived), it counts as read by OCR: check it all the same.
            if everything or not offsets or all(bisect.bisect_right(breaks, o) + 1 in lines for o in offsets):
                fields.append(name)
        doc.ocr_fields = fields
    return result

