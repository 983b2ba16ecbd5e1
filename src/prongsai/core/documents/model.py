"""Structured results read from a document (the `prongsai parse --json` shape) and checker findings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


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
    ]
    severity: Literal["error", "warning", "info"]
    message: str  # Thai
    evidence: list[Evidence] = []
    expected: str | float | int | None = None
