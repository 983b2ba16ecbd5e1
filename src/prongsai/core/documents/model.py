"""Structured results read from a document (the `prongsai parse --json` shape) and checker findings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr


class Agency(BaseModel):
    name: str | None = None  # full official name, e.g. องค์การบริหารส่วนตำบลโละจูด
    district: str | None = None  # อำเภอ
    province: str | None = None  # จังหวัด


class Overall(BaseModel):
    score: float | None = None
    level: str | None = None  # the label as written


class QuestionScore(BaseModel):
    code: str | None = None  # e.g. E1, i4, or None
    text: str
    indicator: int | None = None
    instrument: Literal["IIT", "EIT", "OIT"] | None = None
    score: float


class YearResult(BaseModel):
    """Another year's result stated in the same document (a multi-year table, "ปี 2564 ได้ระดับ A")."""

    fiscal_year: int
    overall: float | None = None
    level: str | None = None


class ParsedDocument(BaseModel):
    """What one document states. Keys are always present; null or empty where it says nothing."""

    source: str
    agency: Agency = Field(default_factory=Agency)
    fiscal_year: int | None = None  # B.E. year the RESULTS belong to
    document_year: int | None = None  # B.E. fiscal year the document is written for
    overall: Overall = Field(default_factory=Overall)
    instruments: dict[str, float] = {}  # only those stated
    indicators: dict[str, float] = {}  # only those stated, keyed "1".."10"
    questions: list[QuestionScore] = []
    other_years: list[YearResult] = []  # earlier (or later) years' results, newest first; not the results year
    # OCR (a scan, or scanned pages of a PDF): whether any of the text was read from an image, and the fields whose
    # value comes from that text ("agency", "fiscal_year", "overall.score", "indicators.9", "questions.0", …), which
    # a person should compare with the scan. False and empty for a document read from its text.
    ocr: bool = False
    ocr_fields: list[str] = []
    _ocr_lines: frozenset[int] = PrivateAttr(default_factory=frozenset)  # 1-based lines of the parsed text

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")

    def is_ocr_line(self, line: int) -> bool:
        """Whether a line (1-based, of the parsed text) was read by OCR; set by ``ocr_marks.mark_ocr``."""
        return line in self._ocr_lines

    def set_ocr_lines(self, lines: frozenset[int]) -> None:
        self._ocr_lines = lines


class Evidence(BaseModel):
    text: str
    start: int  # character offsets in the normalised text
    end: int


class Finding(BaseModel):
    code: Literal[
        "agency-name-mismatch",
        "indicator-score-mismatch",
        "overall-score-mismatch",
        "level-mismatch",
        "fiscal-year-mismatch",
        "misspelling",
        "ocr-suspect",  # text read from a scan that looks misread (a near-miss of a known word, letters in a number)
    ]
    severity: Literal["error", "warning", "info"]
    message: str  # Thai
    evidence: list[Evidence] = []
    expected: str | float | int | None = None
