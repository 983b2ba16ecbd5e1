"""The measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน): structured, editable, dated.

`draft_plan()` turns an `Analysis` and its ranked `Recommendation`s into a `MeasuresPlan` for the target
fiscal year: it maps unit kinds to the agency's own units, spreads the measures over the year (urgent
and OIT-evidence measures early) and adds the follow-up measure with reports to the executives at 6 and
12 months. Every date lies inside the fiscal year (1 October – 30 September); the writers show B.E.
years. A plan read back from JSON is checked again, with the problems in Thai.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from prongsai.core.advice import (
    ALL_UNITS,
    IndicatorTarget,
    KnowledgeBase,
    OitRef,
    Recommendation,
    load_knowledge_base,
    normalise_title,
)
from prongsai.core.analysis import STATUS_TH, Analysis
from prongsai.core.documents.model import Agency
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year_period, format_score, thai_date

NO_BUDGET_TH = "ไม่ใช้งบประมาณ"
ALL_UNITS_TH = "ทุกส่วนราชการในหน่วยงาน"
DEFAULT_MAX_MEASURES = 10
PLAN_TITLE_TH = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"

# Where each phase starts, in months after 1 October.
PHASE_START_MONTH = {"early": 0, "mid": 3, "late": 6, "year_round": 0}
STAGGER_DAYS = 14  # measures of one phase start two weeks apart (three start dates, then round again)


class PlanError(ProngsaiError):
    """A measures plan is invalid (dates outside the fiscal year, start after end …)."""


class _Editable(BaseModel):
    """Fields are checked on assignment; a rejected assignment leaves the old value in place.

    (Pydantic keeps the new value when a model validator rejects it; this puts the old one back.)
    """

    model_config = ConfigDict(validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in type(self).model_fields:
            super().__setattr__(name, value)
            return
        old = self.__dict__.get(name)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            self.__dict__[name] = old
            raise


class Milestone(_Editable):

    day: date
    title_th: str = Field(min_length=1)


class OitEvidence(BaseModel):
    """An OIT item of the plan's fiscal year that will hold this measure's evidence."""

    code: str
    title_th: str
    fiscal_year: int
    confidence: str | None = None


class Measure(_Editable):

    number: int = Field(ge=1)
    title_th: str = Field(min_length=1)
    kind: Literal["improve", "maintain", "monitoring", "custom"] = "custom"
    measure_id: str | None = None  # the knowledge-base measure it came from (None: written by the user)
    topic: str | None = None
    # what it serves: the weakness / indicators, and the points it targets
    serves_th: str = ""
    indicators: list[int] = []
    questions: list[str] = []
    targets: list[IndicatorTarget] = []
    target_points: float = 0.0  # overall points the targets add up to
    # how
    objective_th: str = ""
    method_th: str = ""
    steps_th: list[str] = []
    # who and when
    responsible_unit: str = Field(min_length=1)
    co_units: list[str] = []  # each unit once, never the responsible one (`distinct_co_units`)
    start: date
    end: date
    milestones: list[Milestone] = []
    # money, results, evidence
    budget: Decimal | None = Field(default=None, ge=0)  # None: ไม่ใช้งบประมาณ
    budget_note_th: str | None = None
    outputs_th: list[str] = []
    kpi_th: list[str] = []
    evidence: list[OitEvidence] = []
    evidence_th: list[str] = []
    evidence_note_th: str | None = None
    notes_th: list[str] = []

    @field_validator("co_units")
    @classmethod
    def _distinct_units(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return distinct_co_units(str(info.data.get("responsible_unit") or ""), value)

    @model_validator(mode="after")
    def _dates(self) -> Measure:
        if self.start > self.end:
            raise ValueError(
                f'มาตรการที่ {self.number} "{self.title_th}": วันเริ่ม {thai_date(self.start)}'
                f" อยู่หลังวันสิ้นสุด {thai_date(self.end)}"
            )
        for m in self.milestones:
            if not self.start <= m.day <= self.end:
                raise ValueError(
                    f'มาตรการที่ {self.number} "{self.title_th}": กำหนด "{m.title_th}" วันที่ {thai_date(m.day)}'
                    f" อยู่นอกช่วงของมาตรการ ({thai_date(self.start)} – {thai_date(self.end)})"
                )
        return self

    def budget_th(self) -> str:
        """'ไม่ใช้งบประมาณ' or the amount in baht, e.g. '20,000 บาท'."""
        if self.budget is None:
            return NO_BUDGET_TH
        amount = f"{self.budget:,.2f}".removesuffix(".00")
        return f"{amount} บาท"


class MeasuresPlan(_Editable):

    schema_version: Literal[1] = 1
    title_th: str = Field(min_length=1)
    agency: Agency | None = None
    fiscal_year: int = Field(ge=2500, le=2700)  # B.E. year the measures are carried out in
    results_fiscal_year: int | None = None  # B.E. year of the results the plan answers
    results_overall: float | None = None
    results_level: str | None = None
    basis_th: list[str] = []  # the analysis summary the plan rests on
    coordinator: str = ""  # the unit that coordinates and reports to the executives
    units: list[str] = []
    measures: list[Measure] = []
    reporting: list[Milestone] = []  # reports to the executives (6 and 12 months)
    notes_th: list[str] = []  # things to check before approval

    @model_validator(mode="after")
    def _inside_the_year(self) -> MeasuresPlan:
        problems = self.problems()
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def period(self) -> tuple[date, date]:
        return fiscal_year_period(self.fiscal_year)

    def problems(self) -> list[str]:
        """Every date outside the fiscal year, duplicate numbers, start after end: Thai messages."""
        first, last = self.period
        span = f"ปีงบประมาณ พ.ศ. {self.fiscal_year} ({thai_date(first)} – {thai_date(last)})"
        out: list[str] = []
        numbers = [m.number for m in self.measures]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            out.append(f"เลขมาตรการซ้ำกัน: {', '.join(map(str, dupes))}")
        for m in self.measures:
            who = f'มาตรการที่ {m.number} "{m.title_th}"'
            for label, day in (("วันเริ่ม", m.start), ("วันสิ้นสุด", m.end)):
                if not first <= day <= last:
                    out.append(f"{who}: {label} {thai_date(day)} อยู่นอก{span}")
            if m.start > m.end:
                out.append(f"{who}: วันเริ่ม {thai_date(m.start)} อยู่หลังวันสิ้นสุด {thai_date(m.end)}")
            for ms in m.milestones:
                if not first <= ms.day <= last:
                    out.append(f'{who}: กำหนด "{ms.title_th}" วันที่ {thai_date(ms.day)} อยู่นอก{span}')
        for ms in self.reporting:
            if not first <= ms.day <= last:
                out.append(f'กำหนดรายงาน "{ms.title_th}" วันที่ {thai_date(ms.day)} อยู่นอก{span}')
        return out

    def check(self) -> None:
        """Raise PlanError (Thai) if an edit left the plan invalid."""
        problems = self.problems()
        if problems:
            detail = "\n".join(f"  - {p}" for p in problems)
            raise PlanError(f"แผนมาตรการไม่ถูกต้อง:\n{detail}", f"invalid measures plan:\n{detail}")

    # --- editing --------------------------------------------------------------------------------

    def measure(self, number: int) -> Measure:
        for m in self.measures:
            if m.number == number:
                return m
        raise PlanError(f"ไม่มีมาตรการที่ {number}", f"no measure number {number}")

    def renumber(self) -> None:
        for i, m in enumerate(self.measures):
            m.number = i + 1

    def add_measure(self, measure: Measure, *, position: int | None = None) -> Measure:
        """Insert a measure (at the end by default), renumber, and check its dates. Returns the stored copy."""
        measures = [m.model_copy() for m in self.measures]
        added = measure.model_copy()
        measures.insert(len(measures) if position is None else position, added)
        self._replace(measures)
        return added

    def remove_measure(self, number: int) -> Measure:
        gone = self.measure(number)
        self._replace([m.model_copy() for m in self.measures if m is not gone])
        return gone

    def reschedule(self, number: int, start: date, end: date) -> Measure:
        """Move a measure to new dates (both checked against the fiscal year)."""
        old = self.measure(number)
        data = old.model_dump()
        data.update(start=start, end=end, milestones=[x for x in data["milestones"] if start <= x["day"] <= end])
        try:
            new = Measure.model_validate(data)
        except ValidationError as exc:
            raise _plan_error(exc) from None
        self._replace([new if m is old else m.model_copy() for m in self.measures], renumber=False)
        return new

    def _replace(self, measures: list[Measure], *, renumber: bool = True) -> None:
        """Swap in new measures only when the whole plan stays valid (nothing changes otherwise)."""
        if renumber:
            for i, m in enumerate(measures):
                m.number = i + 1
        problems = self.model_copy(update={"measures": measures}).problems()
        if problems:
            detail = "\n".join(f"  - {p}" for p in problems)
            raise PlanError(f"แผนมาตรการไม่ถูกต้อง:\n{detail}", f"invalid measures plan:\n{detail}")
        self.measures = measures

    def total_budget(self) -> Decimal:
        return sum((m.budget for m in self.measures if m.budget is not None), Decimal(0))

    # --- JSON ---------------------------------------------------------------------------------

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")

    @classmethod
    def from_json_dict(cls, data: Any) -> MeasuresPlan:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise _plan_error(exc) from None


def _plan_error(exc: ValidationError) -> PlanError:
    lines = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"])
        msg = str(e["msg"]).removeprefix("Value error, ")
        for line in msg.splitlines():
            lines.append(f"  - {where}: {line}" if where else f"  - {line}")
    detail = "\n".join(lines)
    return PlanError(f"แผนมาตรการไม่ถูกต้อง:\n{detail}", f"invalid measures plan:\n{detail}")


def validate_plan(plan: MeasuresPlan) -> list[str]:
    """The plan's problems in Thai (empty when valid)."""
    return plan.problems()


# --- drafting ----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _Units:
    """Unit kinds of the knowledge base → the agency's own unit names."""

    def __init__(self, kb: KnowledgeBase, units: list[str]) -> None:
        self.kb = kb
        self.units = [u.strip() for u in units if u and u.strip()]
        self.notes: list[str] = []

    def _match(self, kind: str) -> str | None:
        words = [normalise_title(k) for k in self.kb.unit_kinds[kind].keywords]
        for unit in self.units:
            if any(w in normalise_title(unit) for w in words):
                return unit
        return None

    def name(self, kind: str) -> str:
        k = self.kb.unit_kinds[kind]
        if not self.units:
            return k.name_th
        found = self._match(kind)
        if found:
            return found
        if k.fallback is not None:
            base = self.name(k.fallback)
            note = f"ไม่พบส่วนราชการที่ตรงกับ {k.name_th} จึงมอบให้ {base} ดำเนินการ โปรดตรวจสอบ"
            if note not in self.notes:
                self.notes.append(note)
            return f"{base} ({k.name_th})"
        note = f"ไม่พบส่วนราชการที่ตรงกับ {k.name_th} จึงมอบให้ {self.units[0]} ดำเนินการ โปรดตรวจสอบ"
        if note not in self.notes:
            self.notes.append(note)
        return self.units[0]

    def co_names(self, kinds: list[str], responsible: str) -> list[str]:
        names: list[str] = []
        for kind in kinds:
            if kind == ALL_UNITS:
                names += [u for u in self.units] if self.units else [ALL_UNITS_TH]
            else:
                names.append(self.name(kind))
        return distinct_co_units(responsible, names)


def unit_base(name: str) -> str:
    """The unit a name points at: ``สำนักปลัด (งานการเจ้าหน้าที่)`` → ``สำนักปลัด`` (the section in brackets is
    the work inside that unit, not another unit)."""
    return " ".join((name or "").split(" (", 1)[0].split())


def distinct_co_units(responsible: str, co_units: list[str]) -> list[str]:
    """The co-operating units of a measure, each unit once and never the responsible unit again: a line reads
    "สำนักปลัด (งานประชาสัมพันธ์…) ร่วมกับ กองคลัง", not "… ร่วมกับ สำนักปลัด, กองคลัง"."""
    seen = {unit_base(responsible)}
    out: list[str] = []
    for name in co_units:
        base = unit_base(name)
        if base and base not in seen:
            seen.add(base)
            out.append(" ".join(name.split()))
    return out


def _serves_th(rec: Recommendation) -> str:
    if rec.kind == "monitoring":
        return "ทุกมาตรการในแผน"
    parts = []
    for t in rec.targets:
        s = f"ตัวชี้วัดที่ {t.indicator} {t.name_th} ({format_score(t.current)} คะแนน {STATUS_TH[t.status]})"
        if t.overall_points > 0:
            s += f" เป้าหมาย {format_score(t.target)} คะแนน (คะแนนภาพรวม +{format_score(t.overall_points)})"
        parts.append(s)
    if rec.questions:
        parts.append("ข้อคำถาม " + ", ".join(rec.questions))
    return "; ".join(parts)


def _window(
    rec: Recommendation, k: int, first: date, last: date, plan_start: date
) -> tuple[date, date]:
    phase = rec.phase
    if rec.status == "urgent" and phase == "late":
        phase = "mid"  # urgent work does not wait for the second half of the year
    if phase == "year_round":
        return plan_start, last
    start = max(add_months(first, PHASE_START_MONTH[phase]), plan_start) + timedelta(days=STAGGER_DAYS * (k % 3))
    start = min(start, last)
    end = add_months(start, rec.months) - timedelta(days=1)
    if end > last:
        end = last
        start = max(plan_start, min(start, add_months(last + timedelta(days=1), -rec.months)))
    return start, end


def _reporting_days(first: date, last: date, plan_start: date) -> tuple[date, date]:
    half = add_months(first, 6) - timedelta(days=1)  # 31 March: the end of the first six months
    if half <= plan_start:
        half = plan_start + (last - plan_start) // 2
    return half, last


def _measure(
    number: int,
    rec: Recommendation,
    units: _Units,
    start: date,
    end: date,
    milestones: list[Milestone],
) -> Measure:
    responsible = units.name(rec.unit_kind)
    return Measure(
        number=number,
        title_th=rec.title_th,
        kind=rec.kind,
        measure_id=rec.measure_id,
        topic=rec.topic,
        serves_th=_serves_th(rec),
        indicators=list(rec.indicators),
        questions=list(rec.questions),
        targets=list(rec.targets),
        target_points=rec.points,
        objective_th=rec.objective_th,
        method_th=rec.topic_description_th,
        steps_th=list(rec.steps_th),
        responsible_unit=responsible,
        co_units=units.co_names(rec.co_unit_kinds, responsible),
        start=start,
        end=end,
        milestones=milestones,
        budget=rec.budget_baht,
        budget_note_th=rec.budget_note_th,
        outputs_th=list(rec.outputs_th),
        kpi_th=list(rec.kpi_th),
        evidence=[_evidence(r, rec.oit_fiscal_year) for r in rec.oit_items],
        evidence_th=list(rec.evidence_th),
        evidence_note_th=rec.oit_note_th,
    )


def _evidence(ref: OitRef, fy: int) -> OitEvidence:
    return OitEvidence(code=ref.code, title_th=ref.title_th, fiscal_year=fy, confidence=ref.confidence)


def _monitoring_fallback(kb: KnowledgeBase, fy: int) -> Recommendation:
    m = kb.monitoring.measures[0]
    return Recommendation(
        rank=0, kind="monitoring", status=None, topic="monitoring", topic_name_th=kb.monitoring.name_th,
        topic_description_th=kb.monitoring.description_th, measure_id=m.id, title_th=m.title_th,
        objective_th=m.objective_th, rationale_th="", steps_th=list(m.steps_th), unit_kind=m.unit,
        unit_name_th=kb.unit_kinds[m.unit].name_th, co_unit_kinds=list(m.co_units), outputs_th=list(m.outputs_th),
        kpi_th=list(m.kpi_th), budget_baht=m.budget_baht, budget_note_th=m.budget_note_th, phase=m.phase,
        months=m.months, evidence_th=list(m.evidence_th), indicators=[], questions=[], targets=[], points=0.0,
        oit_fiscal_year=fy, oit_items=[],
        oit_note_th="ยังไม่ได้จับคู่กับข้อ OIT (สร้างแผนโดยไม่มีคำแนะนำเรื่องการติดตามผล)",
    )


def draft_plan(
    analysis: Analysis,
    recommendations: list[Recommendation],
    *,
    units: list[str] | tuple[str, ...] = (),
    start: date | None = None,
    max_measures: int | None = DEFAULT_MAX_MEASURES,
    kb: KnowledgeBase | None = None,
) -> MeasuresPlan:
    """A draft plan for analysis.plan_fiscal_year from the ranked recommendations (edit it afterwards).

    `units` are the agency's own units (สำนักปลัด, กองคลัง …): each measure's unit kind is mapped to one of
    them by keyword; with none given the usual names are used. `start` (default 1 October) is the first day
    measures may start. At most `max_measures` measures are taken (None: all); the rest are listed in
    `notes_th`. The follow-up measure with reports at 6 and 12 months is always last.
    """
    kb = kb or load_knowledge_base()
    fy = analysis.plan_fiscal_year
    first, last = fiscal_year_period(fy)
    plan_start = start or first
    if not first <= plan_start <= last:
        raise PlanError(
            f"วันเริ่มของแผน {thai_date(plan_start)} อยู่นอกปีงบประมาณ พ.ศ. {fy}"
            f" ({thai_date(first)} – {thai_date(last)})",
            f"the plan start {plan_start.isoformat()} is outside FY{fy}",
        )
    if max_measures is not None and max_measures < 1:
        raise PlanError("จำนวนมาตรการสูงสุดต้องอย่างน้อย 1", "max_measures must be at least 1")
    unit_map = _Units(kb, list(units))
    chosen = [r for r in recommendations if r.kind != "monitoring"]
    left_out = chosen[max_measures:] if max_measures is not None else []
    chosen = chosen[:max_measures] if max_measures is not None else chosen
    monitoring = next((r for r in recommendations if r.kind == "monitoring"), None)
    notes: list[str] = []
    if monitoring is None:
        monitoring = _monitoring_fallback(kb, fy)

    measures: list[Measure] = []
    per_phase: dict[str, int] = {}
    for rec in chosen:
        k = per_phase.get(rec.phase, 0)
        per_phase[rec.phase] = k + 1
        s, e = _window(rec, k, first, last, plan_start)
        measures.append(_measure(len(measures) + 1, rec, unit_map, s, e, []))

    half, full = _reporting_days(first, last, plan_start)
    reporting = [
        Milestone(day=half, title_th="รายงานผลการดำเนินการตามมาตรการรอบ 6 เดือนต่อผู้บริหาร"),
        Milestone(day=full, title_th="รายงานผลการดำเนินการตามมาตรการรอบ 12 เดือนต่อผู้บริหาร"),
    ]
    measures.append(_measure(len(measures) + 1, monitoring, unit_map, plan_start, last, list(reporting)))

    if left_out:
        notes.append(
            f"คำแนะนำอีก {len(left_out)} มาตรการไม่ได้ใส่ในร่าง (เพิ่มได้ภายหลัง): "
            + "; ".join(r.title_th for r in left_out)
        )
    for m in measures:
        if m.budget is not None:
            notes.append(
                f'มาตรการที่ {m.number} "{m.title_th}" ใส่งบประมาณประมาณการ {m.budget_th()} โปรดตรวจสอบกับงบประมาณที่ตั้งไว้จริง'
            )
    if any(not m.evidence for m in measures):
        missing = [str(m.number) for m in measures if not m.evidence]
        notes.append(
            f"มาตรการที่ {', '.join(missing)} ยังไม่มีข้อ OIT ของปีงบประมาณ {fy} ที่ตรงกัน ให้เก็บหลักฐานไว้ใช้รายงานผล"
        )
    notes.extend(unit_map.notes)
    return MeasuresPlan(
        title_th=f"{PLAN_TITLE_TH} ประจำปีงบประมาณ พ.ศ. {fy}",
        agency=analysis.agency,
        fiscal_year=fy,
        results_fiscal_year=analysis.fiscal_year,
        results_overall=analysis.overall,
        results_level=analysis.level,
        basis_th=[s.text_th for s in analysis.summary],
        coordinator=unit_map.name(monitoring.unit_kind),
        units=list(unit_map.units),
        measures=measures,
        reporting=reporting,
        notes_th=notes,
    )


__all__ = [
    "NO_BUDGET_TH",
    "Measure",
    "MeasuresPlan",
    "Milestone",
    "OitEvidence",
    "PlanError",
    "add_months",
    "distinct_co_units",
    "draft_plan",
    "unit_base",
    "validate_plan",
]
