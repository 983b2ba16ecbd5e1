"""The fiscal-year calendar of ITA deadlines, kept as data: one YAML file per fiscal year, plus the agency's own
milestones that repeat every year.

    cal = load_calendar(2567)
    for entry in cal.entries:            # NACC deadlines first known for the year, then the agency's milestones
        entry.title_th, entry.start, entry.end, entry.kind, entry.source, entry.confidence

Rules:

- ``data/<B.E. year>.yaml`` holds only what a source supports (``source`` and ``confidence`` on every entry,
  ``kind: nacc``). A year without a file has no NACC deadlines; the calendar says so instead of guessing.
- ``data/practice.yaml`` holds milestones the agency sets itself (the 6- and 12-month reports to the executives,
  the plan's approval), each a month and day inside the fiscal year, ``kind: practice``. They are agency practice,
  not NACC deadlines, and the pages and documents label them that way.
- Dates are stored in Gregorian form and must lie inside the fiscal year (1 October – 30 September).

Pure core: no Django. Errors are ``CalendarError`` with Thai and English messages.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from prongsai.core.datafiles import DataSet, env_paths
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year_period, thai_date

DATA_DIR = Path(__file__).resolve().parent / "data"
Kind = Literal["nacc", "practice"]
Confidence = Literal["high", "medium", "low"]
KIND_TH: dict[str, str] = {"nacc": "กำหนดการของสำนักงาน ป.ป.ช.", "practice": "แนวปฏิบัติของหน่วยงาน"}
CONFIDENCE_TH: dict[str, str] = {"high": "ยืนยันแล้ว", "medium": "น่าเชื่อถือ", "low": "ยังไม่ยืนยัน"}


class CalendarError(ProngsaiError):
    """A calendar file is missing, malformed or has a date outside its fiscal year."""


CALENDAR = DataSet(
    CalendarError,
    "ปฏิทิน",
    "calendar",
    invalid_th="ไฟล์ปฏิทินไม่ถูกต้อง",
    invalid_en="invalid calendar file",
    max_bytes=1_000_000,
)


class Deadline(BaseModel):
    """One NACC deadline or window of a fiscal year (``start`` None: a single day, ``end``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1)
    title_th: str = Field(min_length=1)
    start: date | None = None
    end: date
    kind: Kind = "nacc"
    source: list[str] = Field(min_length=1)
    confidence: Confidence
    note_th: str = ""

    @model_validator(mode="after")
    def _order(self) -> Deadline:
        if self.start is not None and self.start > self.end:
            raise ValueError(f'"{self.title_th}": วันเริ่ม {thai_date(self.start)} อยู่หลังวันสิ้นสุด {thai_date(self.end)}')
        return self

    @property
    def first_day(self) -> date:
        return self.start or self.end

    @property
    def kind_th(self) -> str:
        return KIND_TH[self.kind]

    @property
    def confidence_th(self) -> str:
        return CONFIDENCE_TH[self.confidence]


class _YearFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fiscal_year: int = Field(ge=2500, le=2700)
    title_th: str = Field(min_length=1)
    deadlines: list[Deadline] = []
    notes_th: list[str] = []


class _Practice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1)
    title_th: str = Field(min_length=1)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    source: list[str] = Field(min_length=1)
    confidence: Confidence


class _PracticeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    milestones: list[_Practice]


class FiscalCalendar(BaseModel):
    """The calendar of one fiscal year: NACC deadlines (when known) and the agency's own milestones, by date."""

    model_config = ConfigDict(frozen=True)

    fiscal_year: int
    title_th: str
    entries: list[Deadline]
    has_nacc_data: bool
    notes_th: list[str] = []

    @property
    def period(self) -> tuple[date, date]:
        return fiscal_year_period(self.fiscal_year)

    def nacc(self) -> list[Deadline]:
        return [e for e in self.entries if e.kind == "nacc"]

    def practice(self) -> list[Deadline]:
        return [e for e in self.entries if e.kind == "practice"]

    def entry(self, key: str) -> Deadline | None:
        return next((e for e in self.entries if e.key == key), None)

    def upcoming(self, today: date, *, days: int = 60) -> list[Deadline]:
        """Entries still running or starting within ``days`` of ``today``."""
        from datetime import timedelta

        horizon = today + timedelta(days=days)
        return [e for e in self.entries if e.end >= today and e.first_day <= horizon]


def _data_dirs() -> list[Path]:
    """The built-in folder, then any in ``PRONGSAI_CALENDAR_PATH`` (``:``-separated; later ones win)."""
    return [DATA_DIR, *env_paths("PRONGSAI_CALENDAR_PATH")]


def load_year_file(path: Path | str) -> _YearFile:
    """One ``<year>.yaml``: validated, every date inside its fiscal year."""
    path = Path(path)
    parsed = CALENDAR.load(_YearFile, path)
    if path.stem.isdigit() and int(path.stem) != parsed.fiscal_year:
        raise CalendarError(
            f"ไฟล์ปฏิทิน {path.name} ระบุปีงบประมาณ {parsed.fiscal_year} ไม่ตรงกับชื่อไฟล์",
            f"calendar file {path} says fiscal year {parsed.fiscal_year}",
        )
    first, last = fiscal_year_period(parsed.fiscal_year)
    for d in parsed.deadlines:
        if d.kind != "nacc":
            raise CalendarError(
                f'ไฟล์ปฏิทิน {path.name}: "{d.title_th}" ต้องเป็นกำหนดการของสำนักงาน ป.ป.ช. (kind: nacc)'
                " แนวปฏิบัติของหน่วยงานอยู่ใน practice.yaml",
                f"calendar file {path}: {d.key} must be kind nacc (agency practice lives in practice.yaml)",
            )
        for day in (d.start, d.end):
            if day is not None and not first <= day <= last:
                raise CalendarError(
                    f'ไฟล์ปฏิทิน {path.name}: "{d.title_th}" วันที่ {thai_date(day)} อยู่นอกปีงบประมาณ พ.ศ.'
                    f" {parsed.fiscal_year} ({thai_date(first)} – {thai_date(last)})",
                    f"calendar file {path}: {d.key} {day.isoformat()} is outside FY{parsed.fiscal_year}",
                )
    return parsed


@lru_cache(maxsize=4)
def _practice(dirs: tuple[Path, ...]) -> tuple[_Practice, ...]:
    path = CALENDAR.last_named(dirs, "practice.yaml")
    if path is None:
        return ()
    return tuple(CALENDAR.load(_PracticeFile, path).milestones)


def _practice_day(fiscal_year: int, month: int, day: int) -> date:
    import calendar as _cal

    first, _ = fiscal_year_period(fiscal_year)
    year = first.year if month >= 10 else first.year + 1
    return date(year, month, min(day, _cal.monthrange(year, month)[1]))


def known_years() -> list[int]:
    """Fiscal years that have a NACC calendar file."""
    dirs = [d for d in _data_dirs() if d.is_dir()]
    years = {int(p.stem) for p in CALENDAR.override_files(dirs, patterns=("*.yaml",)) if p.stem.isdigit()}
    return sorted(years)


def load_calendar(fiscal_year: int) -> FiscalCalendar:
    """The calendar of ``fiscal_year`` (B.E.): its NACC deadlines when a file exists, and the agency's milestones."""
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int) or not 2500 <= fiscal_year <= 2700:
        raise CalendarError(f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568 แต่ได้ {fiscal_year!r}", f"bad fiscal year {fiscal_year!r}")
    dirs = tuple(_data_dirs())
    path = CALENDAR.last_named(dirs, f"{fiscal_year}.yaml")
    entries: list[Deadline] = []
    notes: list[str] = []
    title = f"ปฏิทินการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {fiscal_year}"
    if path is not None:
        year_file = load_year_file(path)
        entries.extend(year_file.deadlines)
        notes.extend(year_file.notes_th)
        title = year_file.title_th
    else:
        notes.append(
            f"ยังไม่มีกำหนดการของสำนักงาน ป.ป.ช. สำหรับปีงบประมาณ พ.ศ. {fiscal_year} ในระบบ"
            " ให้ตรวจสอบจากประกาศและคู่มือการประเมินของปีนั้น"
        )
    for p in _practice(dirs):
        entries.append(
            Deadline(
                key=p.key,
                title_th=p.title_th,
                end=_practice_day(fiscal_year, p.month, p.day),
                kind="practice",
                source=list(p.source),
                confidence=p.confidence,
            )
        )
    entries.sort(key=lambda e: (e.first_day, e.end, e.kind))
    return FiscalCalendar(
        fiscal_year=fiscal_year, title_th=title, entries=entries, has_nacc_data=path is not None, notes_th=notes
    )


__all__ = [
    "CONFIDENCE_TH",
    "KIND_TH",
    "CalendarError",
    "Deadline",
    "FiscalCalendar",
    "known_years",
    "load_calendar",
    "load_year_file",
]
