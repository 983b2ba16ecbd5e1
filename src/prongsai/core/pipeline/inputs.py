"""What a report needs besides the analysis and the plan (`ReportInput`), the results read from the shapes the
command line prints (`results_from_json`, `results_from_parsed`), and `prepare`: results → analysis →
recommendations → measures plan.

    data = ReportInput(agency_name="องค์การบริหารส่วนตำบลโละจูด", district="แว้ง", province="นราธิวาส",
                       units=["สำนักปลัด", "กองคลัง", "กองช่าง"], result=score_result)
    analysis, plan = prepare(data)
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from prongsai.core.analysis import Analysis, AnalysisSettings, analyse
from prongsai.core.documents.model import Agency, QuestionScore
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.pipeline.content import ReportError
from prongsai.core.places import place_th, strip_place_prefix
from prongsai.core.plan import MeasuresPlan
from prongsai.core.scoring import ScoreResult
from prongsai.core.thai import format_score

# Local government types whose own name follows the type (องค์การบริหารส่วนตำบล + โละจูด), and the title of
# their executive (นายกองค์การบริหารส่วนตำบลโละจูด, นายกเทศมนตรีตำบลบ้านใหม่).
AGENCY_TYPES: dict[str, str] = {
    "องค์การบริหารส่วนตำบล": "นายกองค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด": "นายกองค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล": "นายกเทศมนตรีตำบล",
    "เทศบาลเมือง": "นายกเทศมนตรีเมือง",
    "เทศบาลนคร": "นายกเทศมนตรีนคร",
}


# --- what the results do not hold --------------------------------------------------------------------


class ReportInput(BaseModel):
    """Everything a report needs besides the analysis and the plan: who the agency is, who signs, which results.

    `agency_name` is the full official name (องค์การบริหารส่วนตำบลโละจูด) or the name after `agency_type`
    (โละจูด with agency_type องค์การบริหารส่วนตำบล). `result` is the analysed year's result; `history` earlier
    years; `questions` question scores (weak questions). `plan_fiscal_year` defaults to the results year + 1 and
    `document_date` to today. The signer is the executive who approves (default title: นายก + the agency); the
    coordinator is the unit (and officer) that drafts the measures and writes the memo.
    """

    model_config = ConfigDict(extra="forbid")

    agency_name: str = Field(min_length=1)
    agency_type: str | None = None
    district: str | None = None
    province: str | None = None
    website: str | None = None
    units: list[str] = []
    signer_name: str | None = None
    signer_position: str | None = None
    coordinator_unit: str | None = None
    coordinator_name: str | None = None
    coordinator_position: str | None = None
    result: ScoreResult
    history: list[ScoreResult] = []
    questions: list[QuestionScore] = []
    plan_fiscal_year: int | None = None
    document_date: date | None = None
    memo_number: str | None = None
    max_measures: int | None = Field(default=10, ge=1)

    def kind_of_agency(self) -> str | None:
        """The agency type: given, or read from the start of the name."""
        if self.agency_type:
            return self.agency_type.strip()
        name = self.agency_name.strip()
        return next((t for t in sorted(AGENCY_TYPES, key=len, reverse=True) if name.startswith(t)), None)

    def full_name(self) -> str:
        """องค์การบริหารส่วนตำบลโละจูด: the type and the name, once each."""
        name = " ".join(self.agency_name.split())
        kind = self.kind_of_agency()
        if kind and not name.startswith(kind):
            return kind + name
        return name

    def place(self) -> str:
        """อำเภอแว้ง จังหวัดนราธิวาส (what is known; `places.place_th`)."""
        return place_th(district=self.district, province=self.province)

    def agency(self) -> Agency:
        return Agency(
            name=self.full_name(),
            district=strip_place_prefix(self.district) or None,
            province=strip_place_prefix(self.province) or None,
        )

    def executive_title(self) -> str:
        """The signer's position: given, or นายก… of the agency (a local government), or a generic title."""
        if self.signer_position:
            return " ".join(self.signer_position.split())
        kind = self.kind_of_agency()
        full = self.full_name()
        if kind in AGENCY_TYPES:
            return AGENCY_TYPES[kind] + full[len(kind) :]
        return f"หัวหน้าส่วนราชการ {full}"

    def day(self) -> date:
        return self.document_date or date.today()  # noqa: DTZ011 - a calendar day for the document


# --- results from the shapes the CLI prints ------------------------------------------------------------

TOLERANCE = 0.02  # a published two-decimal overall may differ this much from the recomputed one


class LoadedResults(BaseModel):
    """A year's result read from a `prongsai score --json` / `prongsai parse --json` object or a parsed document."""

    result: ScoreResult
    agency: Agency | None = None
    questions: list[QuestionScore] = []
    source: Literal["score", "parse"]


def _pick_one(data: Any, source: str) -> dict:
    if isinstance(data, list):
        if len(data) != 1:
            raise ReportError(
                f"{source}: มีผลการประเมิน {len(data)} รายการ ต้องการเพียงรายการเดียว (ผลของหน่วยงานเดียว ปีเดียว)",
                f"{source}: holds {len(data)} results; give exactly one (one agency, one year)",
            )
        data = data[0]
    if not isinstance(data, dict):
        raise ReportError(
            f"{source}: ไม่ใช่ผลการประเมินในรูปแบบ JSON ที่รู้จัก", f"{source}: not a known results JSON object"
        )
    return data


def results_from_json(
    data: Any, registry: FrameworkRegistry | None = None, *, source: str = "JSON", complete: bool = True
) -> LoadedResults:
    """The result in `prongsai score --json` or `prongsai parse --json` shape (one object, or a list of one).

    With `complete` (the analysed year) every indicator score is needed; otherwise (history) instrument scores or
    even the overall score alone will do."""
    from prongsai.core.documents.model import ParsedDocument

    data = _pick_one(data, source)
    if isinstance(data.get("overall"), dict) or "source" in data:  # the parse shape
        try:
            doc = ParsedDocument.model_validate(data)
        except ValueError as exc:
            raise ReportError(
                f"{source}: รูปแบบผลการอ่านเอกสารไม่ถูกต้อง", f"{source}: malformed parse JSON ({exc})"
            ) from None
        return results_from_parsed(doc, registry, source=source, complete=complete)
    if "fiscal_year" not in data or not isinstance(data.get("indicators", {}), dict):
        raise ReportError(
            f"{source}: ไม่ใช่ผลการประเมินในรูปแบบ JSON ที่รู้จัก (ต้องเป็นผลของ prongsai score --json หรือ prongsai parse --json)",
            f"{source}: not a results JSON of `prongsai score --json` or `prongsai parse --json`",
        )
    if data.get("overall") is None:
        raise ReportError(
            f"{source}: ไม่มีคะแนนภาพรวม (คะแนนรายตัวชี้วัดไม่ครบ หรือเป็นผลของหลายหน่วยงาน)",
            f"{source}: there is no overall score (indicators missing, or several agencies)",
        )
    from prongsai.core.documents.model import Overall

    doc = ParsedDocument(
        source=source,
        fiscal_year=_year(data.get("fiscal_year"), source),
        overall=Overall(score=data.get("overall"), level=data.get("level")),
        instruments=data.get("instruments") or {},
        indicators={str(k): v for k, v in (data.get("indicators") or {}).items()},
    )
    loaded = results_from_parsed(doc, registry, source=source, complete=complete)
    return loaded.model_copy(update={"source": "score"})


def _year(value: Any, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReportError(f"{source}: ปีงบประมาณต้องเป็นเลข พ.ศ. เช่น 2567", f"{source}: fiscal_year must be a B.E. year")
    return value


def results_from_parsed(
    doc, registry: FrameworkRegistry | None = None, *, source: str | None = None, complete: bool = True
) -> LoadedResults:
    """The result a parsed document states (`ParsedDocument`), recomputed under its year's rules.

    Every indicator given: the result is recomputed from them; a stated overall score that differs by more than
    0.02 is an error (check the document with `prongsai check`), within it the published figure is kept."""
    from prongsai.core.scoring import level_for, score_indicators, score_instruments

    registry = registry or FrameworkRegistry()
    source = source or doc.source or "เอกสาร"
    if doc.fiscal_year is None:
        raise ReportError(
            f"{source}: ไม่ทราบว่าเป็นผลการประเมินของปีงบประมาณใด", f"{source}: the results' fiscal year is unknown"
        )
    framework = registry.get(doc.fiscal_year)
    numbers = [str(i.number) for i in framework.indicators.items]
    stated = doc.overall.score
    if all(k in doc.indicators for k in numbers):
        result = score_indicators(framework, {k: doc.indicators[k] for k in numbers})
        how_th, how_en = "คะแนนรายตัวชี้วัด", "the indicator scores"
    elif complete:
        missing = ", ".join(k for k in numbers if k not in doc.indicators)
        raise ReportError(
            f"{source}: ต้องมีคะแนนครบทุกตัวชี้วัดจึงจะวิเคราะห์ผลได้ (ขาดตัวชี้วัดที่ {missing})",
            f"{source}: every indicator score is needed for the analysis (missing: {missing})",
        )
    elif all(i.code in doc.instruments for i in framework.instruments.items):
        result = score_instruments(framework, doc.instruments)
        how_th, how_en = "คะแนนรายเครื่องมือ", "the instrument scores"
    elif stated is not None:
        rule = next((r for r in framework.levels.rules if r.label == doc.overall.level), None)
        rule = rule or level_for(framework, stated, {})
        result = ScoreResult(
            fiscal_year=framework.fiscal_year, overall=stated, level=rule.label, level_en=rule.label_en,
            passed=rule.passed, instruments=dict(doc.instruments), indicators={},
            formula=framework.instruments.formula_text(),
        )
        how_th = how_en = ""
    else:
        raise ReportError(
            f"{source}: ไม่มีคะแนนของปีงบประมาณ {doc.fiscal_year}", f"{source}: no scores for FY{doc.fiscal_year}"
        )
    if stated is not None and how_th:
        if abs(stated - result.overall) > TOLERANCE + 1e-9:
            raise ReportError(
                f"{source}: คะแนนภาพรวม {format_score(stated)} ไม่ตรงกับที่คำนวณจาก{how_th}"
                f" ({format_score(result.overall)}) โปรดตรวจสอบด้วย prongsai check",
                f"{source}: the overall score {format_score(stated)} does not match {format_score(result.overall)},"
                f" computed from {how_en}; run prongsai check",
            )
        if stated != result.overall:  # the published figure, rounded by the NACC
            rule = level_for(framework, stated, result.instruments)
            result = result.model_copy(
                update={"overall": stated, "level": rule.label, "level_en": rule.label_en, "passed": rule.passed}
            )
    agency = doc.agency if doc.agency and doc.agency.name else None
    return LoadedResults(result=result, agency=agency, questions=list(doc.questions), source="parse")


# --- analysis and plan from the input ------------------------------------------------------------------


def prepare(
    data: ReportInput,
    *,
    registry: FrameworkRegistry | None = None,
    settings: AnalysisSettings | None = None,
    kb=None,
    start: date | None = None,
) -> tuple[Analysis, MeasuresPlan]:
    """analyse → recommend → draft_plan for the input (the frameworks of the results year and of the plan year).

    When the plan year has no framework yet, the latest earlier framework chooses the OIT evidence items and the
    plan says so in its notes."""
    from prongsai.core.advice import recommend
    from prongsai.core.plan import draft_plan

    registry = registry or FrameworkRegistry()
    framework = registry.get(data.result.fiscal_year)
    analysis = analyse(
        framework,
        data.result,
        agency=data.agency(),
        history=data.history,
        questions=data.questions,
        settings=settings,
        plan_fiscal_year=data.plan_fiscal_year,
    )
    plan_year = analysis.plan_fiscal_year
    years = [y for y in registry.years() if y <= plan_year]
    oit_year = plan_year if plan_year in years else max(years)
    recommendations = recommend(registry.get(oit_year), analysis, kb=kb)
    plan = draft_plan(analysis, recommendations, units=data.units, start=start, max_measures=data.max_measures, kb=kb)
    provisional = registry.get(oit_year).status_warning()
    if provisional is not None:
        plan.notes_th.append(provisional[0] + " จึงควรตรวจรายการข้อ OIT ที่จับคู่ไว้กับคู่มือเมื่อได้รับ")
    if oit_year != plan_year:
        plan.notes_th.append(
            f"ยังไม่มีกรอบการประเมินของปีงบประมาณ {plan_year} จึงจับคู่หลักฐานกับข้อ OIT ของปีงบประมาณ {oit_year}"
            " โปรดตรวจสอบเมื่อประกาศคู่มือของปีนั้น"
        )
    return analysis, plan



__all__ = [
    "AGENCY_TYPES",
    "TOLERANCE",
    "LoadedResults",
    "ReportInput",
    "prepare",
    "results_from_json",
    "results_from_parsed",
]
