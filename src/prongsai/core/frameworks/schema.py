"""The schema every fiscal-year framework file must satisfy.

A framework is what the NACC (สำนักงาน ป.ป.ช.) decides for one fiscal year: the instruments and
their weights, the ten indicators, the questions, the OIT items, the level rules and the targets.
Every section says where it comes from (`source`) and how sure we are (`confidence`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Confidence = Literal["high", "medium", "low", "unknown"]
CONFIDENCE_TH = {"high": "สูง", "medium": "ปานกลาง", "low": "ต่ำ", "unknown": "ไม่ทราบ"}
# Thai names of a framework's sections, for messages people read (the YAML keys are English).
SECTION_TH = {
    "instruments": "เครื่องมือประเมิน",
    "indicators": "ตัวชี้วัด",
    "questions": "ข้อคำถาม",
    "oit": "ข้อ OIT",
    "levels": "เกณฑ์ระดับผลการประเมิน",
    "pass_line": "เกณฑ์ผ่าน",
    "targets": "ค่าเป้าหมาย",
}
# provisional: not yet checked against the NACC manual of that year; confirmed: checked by a person who holds it.
Status = Literal["provisional", "confirmed"]
STATUS_TH = {"provisional": "ชั่วคราว (ยังไม่ยืนยันกับคู่มือ ป.ป.ช.)", "confirmed": "ยืนยันแล้ว"}

WEIGHT_TOLERANCE = 1e-6


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Strict):
    """Provenance shared by every section."""

    source: list[str] = Field(min_length=1)
    confidence: Confidence
    notes: str | None = None


# --- instruments -------------------------------------------------------------------------------


class InstrumentPart(_Strict):
    """A part of an instrument scored separately (e.g. EIT ส่วนที่ 1 / ส่วนที่ 2 from FY2566)."""

    code: str
    name_th: str
    weight: float = Field(gt=0, le=1)


class Instrument(_Strict):
    code: str = Field(pattern=r"^[A-Z]{2,6}$")
    name_th: str
    name_en: str
    weight: float = Field(gt=0, le=1)
    indicators: list[int] = Field(min_length=1)
    parts: list[InstrumentPart] = []
    parts_confidence: Confidence | None = None

    @model_validator(mode="after")
    def _parts_sum_to_one(self) -> Instrument:
        if self.parts:
            total = sum(p.weight for p in self.parts)
            if abs(total - 1) > WEIGHT_TOLERANCE:
                raise ValueError(
                    f"น้ำหนักของส่วนย่อยใน {self.code} รวมกันต้องเท่ากับ 1 แต่ได้ {total:g}"
                    f" / weights of the parts of {self.code} must sum to 1, got {total:g}"
                )
        return self


class InstrumentsSection(Section):
    # ITA = Σ weight × instrument score; an instrument score is the plain mean of its indicators.
    formula: Literal["weighted_instrument_means"] = "weighted_instrument_means"
    items: list[Instrument] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights(self) -> InstrumentsSection:
        codes = [i.code for i in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError(f"รหัสเครื่องมือซ้ำกัน: {codes} / duplicate instrument codes: {codes}")
        total = sum(i.weight for i in self.items)
        if abs(total - 1) > WEIGHT_TOLERANCE:
            raise ValueError(
                f"น้ำหนักของเครื่องมือรวมกันต้องเท่ากับ 1 แต่ได้ {total:g}"
                f" / instrument weights must sum to 1, got {total:g}"
            )
        seen: dict[int, str] = {}
        for inst in self.items:
            for n in inst.indicators:
                if n in seen:
                    raise ValueError(
                        f"ตัวชี้วัดที่ {n} อยู่ในสองเครื่องมือ ({seen[n]} และ {inst.code})"
                        f" / indicator {n} is under two instruments ({seen[n]} and {inst.code})"
                    )
                seen[n] = inst.code
        return self

    def formula_text(self) -> str:
        return "ITA = " + " + ".join(f"{i.weight:.2f} × {i.code}" for i in self.items)


# --- indicators --------------------------------------------------------------------------------


class Indicator(_Strict):
    number: int = Field(ge=1, le=99)
    name_th: str
    name_en: str
    instrument: str
    # Other spellings seen in real documents, e.g. การปรับปรุงระบบการทำงาน for indicator 8.
    variants: list[str] = []
    name_en_confidence: Confidence = "medium"


class IndicatorsSection(Section):
    items: list[Indicator] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _numbers(cls, items: list[Indicator]) -> list[Indicator]:
        numbers = [i.number for i in items]
        if numbers != list(range(1, len(items) + 1)):
            raise ValueError(
                f"ตัวชี้วัดต้องเรียงเลข 1 ถึง {len(items)} ไม่ซ้ำ แต่ได้ {numbers}"
                f" / indicators must be numbered 1..{len(items)} once each, got {numbers}"
            )
        return items


# --- questions and answer scales ---------------------------------------------------------------


class Scale(_Strict):
    """An answer scale: each option label and the score it gives."""

    kind: Literal["ordinal", "yes_no"]
    name_th: str
    options: dict[str, float] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _scores_in_range(cls, options: dict[str, float]) -> dict[str, float]:
        for label, score in options.items():
            if not 0 <= score <= 100:
                raise ValueError(
                    f"คะแนนของตัวเลือก '{label}' ต้องอยู่ระหว่าง 0 ถึง 100 แต่ได้ {score}"
                    f" / option '{label}' must score 0-100, got {score}"
                )
        return options


class SubItem(_Strict):
    """An answer point (ประเด็นย่อย). A question without sub-items has one, code ''."""

    code: str = ""
    text_th: str | None = None
    scale: str


class Question(_Strict):
    code: str = Field(pattern=r"^[a-z]\d{1,3}$")
    indicator: int
    text_th: str
    sub_items: list[SubItem] = Field(min_length=1)
    confidence: Confidence | None = None
    notes: str | None = None


class QuestionsSection(Section):
    # Sub-items are averaged into the question, questions into the indicator (plain means).
    rollup: Literal["mean_subitems_then_questions"] = "mean_subitems_then_questions"
    scales: dict[str, Scale] = {}
    items: list[Question] = []


# --- OIT ---------------------------------------------------------------------------------------


OitPeriod = Literal["current", "previous", "current_or_previous", "any"]


class OitItem(_Strict):
    code: str = Field(pattern=r"^[oO]\d{1,3}$")
    title_th: str | None = None  # None: the item exists but its title is not established
    confidence: Confidence | None = None
    # From the year's manual, when a person typed them in: these replace the title-matched defaults of
    # core/oit/requirements.yaml (which fiscal year the content must belong to, and what it must contain).
    period: OitPeriod | None = None
    required_parts: list[str] = []
    source: str | None = None


class OitSubindicator(_Strict):
    code: str = Field(pattern=r"^\d{1,2}\.\d{1,2}$")
    indicator: int
    name_th: str | None = None
    items: list[OitItem] = Field(min_length=1)
    confidence: Confidence | None = None  # when this grouping is less certain than the section
    notes: str | None = None


class OitSection(Section):
    item_scoring: Literal["pass_fail"] = "pass_fail"
    # Sub-indicator = % of its items passed; indicator = mean of its sub-indicators.
    subindicator_score: Literal["percent_passed"] = "percent_passed"
    indicator_score: Literal["mean_of_subindicators"] = "mean_of_subindicators"
    subindicators: list[OitSubindicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> OitSection:
        codes = [s.code for s in self.subindicators]
        if len(set(codes)) != len(codes):
            raise ValueError(f"รหัสตัวชี้วัดย่อยซ้ำ: {codes} / duplicate sub-indicator codes")
        items = [it.code.lower() for s in self.subindicators for it in s.items]
        dupes = sorted({c for c in items if items.count(c) > 1})
        if dupes:
            raise ValueError(f"ข้อ OIT ซ้ำกัน: {dupes} / duplicate OIT items: {dupes}")
        return self

    def items(self) -> list[tuple[OitSubindicator, OitItem]]:
        return [(s, it) for s in self.subindicators for it in s.items]


# --- levels, pass line, targets ----------------------------------------------------------------


class LevelRule(_Strict):
    """One level. Rules are tried in order; the first whose conditions hold is the level."""

    label: str
    label_en: str
    passed: bool
    min_overall: float = Field(ge=0, le=100)
    max_overall: float | None = Field(default=None, ge=0, le=100)
    # From FY2566: every instrument must also reach this score for the level.
    min_each_instrument: float | None = Field(default=None, ge=0, le=100)


class LevelsSection(Section):
    scheme: Literal["letter", "pass_tiers"]
    rules: list[LevelRule] = Field(min_length=2)

    @model_validator(mode="after")
    def _bands(self) -> LevelsSection:
        rules = self.rules
        labels = [r.label for r in rules]
        if len(set(labels)) != len(labels):
            raise ValueError(f"ชื่อระดับซ้ำกัน: {labels} / duplicate level labels")
        last = rules[-1]
        if last.min_overall != 0 or last.min_each_instrument is not None:
            raise ValueError(
                f"ระดับสุดท้าย ({last.label}) ต้องครอบคลุมคะแนนตั้งแต่ 0 โดยไม่มีเงื่อนไขรายเครื่องมือ"
                f" / the last level ({last.label}) must start at 0 with no instrument condition"
            )
        for i, rule in enumerate(rules):
            if rule.max_overall is not None and rule.max_overall < rule.min_overall:
                raise ValueError(
                    f"ระดับ {rule.label}: คะแนนสูงสุด {rule.max_overall} ต่ำกว่าคะแนนต่ำสุด {rule.min_overall}"
                    f" / level {rule.label}: max below min"
                )
            for earlier in rules[:i]:
                # An earlier rule with weaker (or equal) conditions makes this one unreachable.
                if earlier.min_overall <= rule.min_overall and (
                    earlier.min_each_instrument is None
                    or (
                        rule.min_each_instrument is not None
                        and earlier.min_each_instrument <= rule.min_each_instrument
                    )
                ):
                    raise ValueError(
                        f"ช่วงคะแนนของระดับ {rule.label} ซ้อนทับกับระดับ {earlier.label}"
                        f" จึงไม่มีคะแนนใดได้ระดับ {rule.label}"
                        f" / level band {rule.label} overlaps {earlier.label} and can never be reached"
                    )
            # Stated upper bounds must meet the band above without a gap or an overlap.
            if rule.max_overall is not None and i > 0 and rule.min_each_instrument is None:
                above = [r for r in rules[:i] if r.min_each_instrument is None]
                if above:
                    expected = round(above[-1].min_overall - 0.01, 2)
                    if round(rule.max_overall, 2) != expected:
                        raise ValueError(
                            f"ช่วงคะแนนของระดับ {rule.label} ({rule.min_overall}–{rule.max_overall})"
                            f" ไม่ต่อเนื่องกับระดับ {above[-1].label} (ควรสิ้นสุดที่ {expected:.2f})"
                            f" / level band {rule.label} does not meet {above[-1].label}"
                            f" (should end at {expected:.2f})"
                        )
        return self


class PassLine(Section):
    score: float = Field(ge=0, le=100)


class NationalTarget(_Strict):
    description_th: str
    min_score: float | None = None
    share_of_agencies_percent: float | None = Field(default=None, ge=0, le=100)
    by_fiscal_year: int | None = None


class TargetsSection(Section):
    national: list[NationalTarget] = []


class NationalResult(_Strict):
    agencies: int | None = None
    respondents: int | None = None
    mean: float | None = None
    passed: int | None = None
    pass_rate_percent: float | None = None
    derived: bool = False  # worked out from published deltas, not published itself


class NationalResultsSection(Section):
    results: NationalResult


# --- minimum sample sizes (assessor mode) --------------------------------------------------


class SampleRule(_Strict):
    """The minimum number of respondents for one instrument, from the size of its population.

    minimum sample = ceil(population × percent / 100), at least `minimum`; the whole population when it is
    smaller than `minimum` and `all_if_fewer`; `cap` when the population is above `cap_above`.
    """

    population_th: str
    percent: float = Field(default=0, ge=0, le=100)
    minimum: int = Field(ge=0)
    all_if_fewer: bool = True
    cap_above: int | None = Field(default=None, ge=0)
    cap: int | None = Field(default=None, ge=0)


class SampleSizeSection(Section):
    iit: SampleRule
    eit: SampleRule


# --- the framework -----------------------------------------------------------------------------


class Framework(_Strict):
    schema_version: Literal[1] = 1
    fiscal_year: int = Field(ge=2500, le=2700)
    # A file that does not say is provisional: doubt is the default until someone checks the manual.
    status: Status = "provisional"
    status_note: str | None = None
    title_th: str
    summary_th: str | None = None
    instruments: InstrumentsSection
    indicators: IndicatorsSection
    questions: QuestionsSection | None = None
    oit: OitSection | None = None
    levels: LevelsSection
    pass_line: PassLine
    targets: TargetsSection
    national_results: NationalResultsSection | None = None
    # Optional: the minimum sample rule (ITAS computes it for the NACC; assessor-mode rounds use this or a default).
    sample_size: SampleSizeSection | None = None

    # Where the framework was loaded from (set by the loader, not by the file).
    origin: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        by_number = {i.number: i for i in self.indicators.items}
        instrument_of = {n: inst.code for inst in self.instruments.items for n in inst.indicators}
        for n, code in instrument_of.items():
            if n not in by_number:
                raise ValueError(
                    f"เครื่องมือ {code} อ้างถึงตัวชี้วัดที่ {n} ซึ่งไม่มีอยู่"
                    f" / instrument {code} names indicator {n}, which does not exist"
                )
        for ind in self.indicators.items:
            if instrument_of.get(ind.number) != ind.instrument:
                raise ValueError(
                    f"ตัวชี้วัดที่ {ind.number} ระบุเครื่องมือ {ind.instrument} แต่เครื่องมือ"
                    f" {instrument_of.get(ind.number)} เป็นผู้ถือตัวชี้วัดนี้"
                    f" / indicator {ind.number} says instrument {ind.instrument}, but it is listed under"
                    f" {instrument_of.get(ind.number)}"
                )
        if self.questions is not None:
            codes = [q.code for q in self.questions.items]
            if len(set(codes)) != len(codes):
                raise ValueError(f"รหัสข้อคำถามซ้ำ / duplicate question codes in {codes}")
            for q in self.questions.items:
                if q.indicator not in by_number:
                    raise ValueError(
                        f"ข้อคำถาม {q.code} อ้างถึงตัวชี้วัดที่ {q.indicator} ซึ่งไม่มีอยู่"
                        f" / question {q.code} names unknown indicator {q.indicator}"
                    )
                subs = [s.code for s in q.sub_items]
                if len(set(subs)) != len(subs):
                    raise ValueError(f"ข้อคำถาม {q.code} มีประเด็นย่อยซ้ำ / duplicate sub-items in {q.code}")
                for s in q.sub_items:
                    if s.scale not in self.questions.scales:
                        raise ValueError(
                            f"ข้อคำถาม {q.code} ใช้มาตรวัด '{s.scale}' ซึ่งไม่ได้กำหนดไว้"
                            f" / question {q.code} uses undefined scale '{s.scale}'"
                        )
        if self.oit is not None:
            oit_indicators = {
                n for inst in self.instruments.items if inst.code == "OIT" for n in inst.indicators
            }
            for sub in self.oit.subindicators:
                if sub.indicator not in oit_indicators:
                    raise ValueError(
                        f"ตัวชี้วัดย่อย {sub.code} อ้างถึงตัวชี้วัดที่ {sub.indicator} ซึ่งไม่ใช่ตัวชี้วัดของ OIT"
                        f" / sub-indicator {sub.code} names indicator {sub.indicator}, not an OIT indicator"
                    )
        return self

    # --- convenience ---------------------------------------------------------------------------

    @property
    def fiscal_year_ce(self) -> int:
        return self.fiscal_year - 543

    @property
    def period(self) -> tuple[date, date]:
        """1 October of the previous year to 30 September (ปีงบประมาณ)."""
        ce = self.fiscal_year_ce
        return date(ce - 1, 10, 1), date(ce, 9, 30)

    def instrument(self, code: str) -> Instrument:
        for inst in self.instruments.items:
            if inst.code == code:
                return inst
        raise KeyError(code)

    def indicator(self, number: int) -> Indicator:
        return self.indicators.items[number - 1]

    def indicator_weight(self, number: int) -> float:
        """The share of the overall score one indicator point carries (e.g. 0.06 for IIT 2564)."""
        inst = self.instrument(self.indicator(number).instrument)
        return inst.weight / len(inst.indicators)

    @property
    def is_provisional(self) -> bool:
        return self.status == "provisional"

    def status_warning(self) -> tuple[str, str] | None:
        """(Thai, English) warning that the whole year is provisional, or None when it is confirmed."""
        if not self.is_provisional:
            return None
        note = f" {self.status_note}" if self.status_note else ""
        return (
            f"กรอบการประเมินปีงบประมาณ {self.fiscal_year} เป็นฉบับชั่วคราว ยังไม่ยืนยันกับคู่มือการประเมินของ ป.ป.ช."
            f" ผลและรายการข้อ OIT อาจเปลี่ยน{note}",
            f"the FY{self.fiscal_year} framework is provisional: not yet checked against the NACC manual;"
            " scores and OIT items may change",
        )

    def confidence_warnings(self) -> list[tuple[str, str]]:
        """(Thai, English) warnings: the year is provisional, or a section scoring relies on is not established."""
        out = [w for w in (self.status_warning(),) if w is not None]
        for name, section in (("instruments", self.instruments), ("levels", self.levels)):
            if section.confidence in ("low", "unknown"):
                out.append(
                    (
                        f"ปีงบประมาณ {self.fiscal_year}: ข้อมูลส่วน{SECTION_TH[name]} มีความเชื่อมั่น"
                        f"{CONFIDENCE_TH[section.confidence]} ({section.notes or 'ยังไม่ยืนยันจากคู่มือทางการ'})",
                        f"FY{self.fiscal_year}: the {name} section has {section.confidence} confidence",
                    )
                )
        return out
