"""Recommendations: a knowledge base of Thai measures per topic, linked to indicators, questions and OIT items.

The knowledge base (`knowledge.yaml`, or a file of the user's own) is validated by pydantic. Topics find
their OIT evidence items in any year's framework by matching item TITLES against keywords, so a new
fiscal year needs no change to the knowledge base. `recommend()` turns an `Analysis` into measures ranked
by the overall points they can win.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from prongsai.core.analysis import STATUS_TH, Analysis, Status, WeakQuestion
from prongsai.core.datafiles import DataSet
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.schema import Framework
from prongsai.core.thai import format_score

BUILTIN_PATH = Path(__file__).parent / "knowledge.yaml"
MAX_FILE_BYTES = 2_000_000
ALL_UNITS = "all"  # in co_units: every unit of the agency

Phase = Literal["early", "mid", "late", "year_round"]
PHASE_TH = {
    "early": "เริ่มต้นปีงบประมาณ",
    "mid": "กลางปีงบประมาณ",
    "late": "ครึ่งปีหลัง",
    "year_round": "ตลอดปีงบประมาณ",
}
_SEVERITY = {"urgent": 0, "improve": 1, "maintain": 2}


class KnowledgeBaseError(ProngsaiError):
    """The knowledge base file is missing, malformed or contradictory."""


KNOWLEDGE = DataSet(
    KnowledgeBaseError,
    "ฐานความรู้",
    "knowledge base",
    invalid_th="ฐานความรู้ไม่ถูกต้อง",
    invalid_en="invalid knowledge base",
    max_bytes=MAX_FILE_BYTES,
)


# --- normalising titles for keyword matching ---------------------------------------------------

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")


def normalise_title(text: str) -> str:
    """Lower case, NFC, every dash a hyphen, no whitespace: 'E–Service' and 'e - service' → 'e-service'."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _DASHES.sub("-", text)
    return _SPACE.sub("", text)


# --- the knowledge base schema -----------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _non_blank(values: list[str], what: str) -> list[str]:
    for v in values:
        if not v.strip():
            raise ValueError(f"{what}: มีข้อความว่าง / {what}: blank text")
    return values


class UnitKind(_Strict):
    """A kind of responsible unit, and the words that find it in the agency's own unit names."""

    name_th: str = Field(min_length=1)  # the usual name, used when the agency has no matching unit
    keywords: list[str] = Field(min_length=1)
    fallback: str | None = None  # another kind whose unit does the work when none matches (e.g. hr → admin)


class OitMatch(_Strict):
    # An item matches when its title contains every keyword of at least one group.
    match: list[list[str]] = Field(min_length=1)
    exclude: list[str] = []

    @field_validator("match")
    @classmethod
    def _groups(cls, groups: list[list[str]]) -> list[list[str]]:
        for g in groups:
            if not g or any(not normalise_title(k) for k in g):
                raise ValueError("กลุ่มคำค้นต้องมีคำอย่างน้อยหนึ่งคำและไม่เป็นข้อความว่าง / empty keyword group")
        return groups


class MeasureTemplate(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title_th: str = Field(min_length=1)
    objective_th: str = Field(min_length=1)
    steps_th: list[str] = Field(min_length=1)
    unit: str
    co_units: list[str] = []
    outputs_th: list[str] = Field(min_length=1)
    kpi_th: list[str] = Field(min_length=1)
    budget_baht: Decimal | None = Field(default=None, ge=0)  # None: ไม่ใช้งบประมาณ
    budget_note_th: str | None = None
    phase: Phase
    months: int = Field(ge=1, le=12)
    evidence_th: list[str] = Field(min_length=1)

    @field_validator("steps_th", "outputs_th", "kpi_th", "evidence_th")
    @classmethod
    def _texts(cls, values: list[str]) -> list[str]:
        return _non_blank(values, "รายการข้อความ")


class Topic(_Strict):
    name_th: str = Field(min_length=1)
    description_th: str = Field(min_length=1)
    oit: OitMatch
    question_keywords: list[str] = []
    measures: list[MeasureTemplate] = Field(min_length=1)


class KnowledgeBase(_Strict):
    schema_version: Literal[1] = 1
    unit_kinds: dict[str, UnitKind] = Field(min_length=1)
    topics: dict[str, Topic] = Field(min_length=1)
    monitoring: Topic
    indicators: dict[int, list[str]] = Field(min_length=1)
    maintain_topics: list[str] = Field(min_length=1)
    questions: dict[str, list[str]] = {}
    origin: str = ""

    @model_validator(mode="after")
    def _references(self) -> KnowledgeBase:
        problems: list[str] = []
        topic_ids = set(self.topics)
        for key in self.topics:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                problems.append(f"topics.{key}: ชื่อหัวข้อใช้ได้เฉพาะ a-z 0-9 _ / topic ids are a-z, 0-9, _")
        for n, topics in self.indicators.items():
            if not 1 <= n <= 99:
                problems.append(f"indicators.{n}: เลขตัวชี้วัดต้องอยู่ระหว่าง 1 ถึง 99 / indicator numbers are 1-99")
            if not topics:
                problems.append(f"indicators.{n}: ต้องมีอย่างน้อยหนึ่งหัวข้อ / needs at least one topic")
            problems += [
                f"indicators.{n}: ไม่มีหัวข้อ '{t}' / unknown topic '{t}'" for t in topics if t not in topic_ids
            ]
        for code, topics in self.questions.items():
            if not re.fullmatch(r"[a-z]\d{1,3}", code):
                problems.append(f"questions.{code}: รหัสข้อคำถามต้องเป็นรูปแบบ i1, e5 / question codes look like i1")
            if not topics:
                problems.append(f"questions.{code}: ต้องมีอย่างน้อยหนึ่งหัวข้อ / needs at least one topic")
            problems += [
                f"questions.{code}: ไม่มีหัวข้อ '{t}' / unknown topic '{t}'" for t in topics if t not in topic_ids
            ]
        problems += [
            f"maintain_topics: ไม่มีหัวข้อ '{t}' / unknown topic '{t}'" for t in self.maintain_topics if t not in topic_ids
        ]
        for kind_id, kind in self.unit_kinds.items():
            if kind.fallback is not None and kind.fallback not in self.unit_kinds:
                problems.append(
                    f"unit_kinds.{kind_id}.fallback: ไม่มีประเภทหน่วย '{kind.fallback}' / unknown unit kind"
                )
            seen = {kind_id}
            k = kind
            while k.fallback is not None and k.fallback in self.unit_kinds:
                if k.fallback in seen:
                    problems.append(f"unit_kinds.{kind_id}.fallback: วนกลับมาที่เดิม / the fallback chain loops")
                    break
                seen.add(k.fallback)
                k = self.unit_kinds[k.fallback]
        ids: dict[str, str] = {}
        for topic_id, topic in [*self.topics.items(), ("monitoring", self.monitoring)]:
            for m in topic.measures:
                where = f"topics.{topic_id}.measures[{m.id}]" if topic_id != "monitoring" else f"monitoring[{m.id}]"
                if m.id in ids:
                    problems.append(f"{where}: รหัสมาตรการซ้ำกับ {ids[m.id]} / duplicate measure id")
                ids[m.id] = where
                for u in [m.unit, *m.co_units]:
                    if u not in self.unit_kinds and not (u == ALL_UNITS and u != m.unit):
                        problems.append(f"{where}: ไม่มีประเภทหน่วย '{u}' / unknown unit kind '{u}'")
        if len(self.monitoring.measures) != 1:
            problems.append("monitoring.measures: ต้องมีมาตรการเดียว / exactly one measure")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # --- OIT by title -------------------------------------------------------------------------

    def topic(self, topic_id: str) -> Topic:
        if topic_id == "monitoring":
            return self.monitoring
        return self.topics[topic_id]

    def oit_for(self, topic_id: str, framework: Framework) -> TopicOit:
        return resolve_oit(self, framework)[topic_id]


class OitRef(BaseModel):
    code: str
    title_th: str
    subindicator: str
    indicator: int
    confidence: str | None = None  # the item's own confidence when the framework marks it (low, unknown)


class TopicOit(BaseModel):
    fiscal_year: int
    items: list[OitRef]
    note_th: str | None  # why there is no item (or what is uncertain)


def _match(topic: Topic, title: str) -> bool:
    norm = normalise_title(title)
    if any(normalise_title(x) in norm for x in topic.oit.exclude):
        return False
    return any(all(normalise_title(k) in norm for k in group) for group in topic.oit.match)


# (id of the KB, framework origin, year) → (the KB itself, kept so its id cannot be reused; the result)
_RESOLVED: dict[tuple[int, str, int], tuple[KnowledgeBase, dict[str, TopicOit]]] = {}


def resolve_oit(kb: KnowledgeBase, framework: Framework) -> dict[str, TopicOit]:
    """Every topic (and `monitoring`) → the year's OIT items whose titles match, with a note when none do."""
    key = (id(kb), framework.origin, framework.fiscal_year)
    cached = _RESOLVED.get(key)
    if cached is not None and cached[0] is kb:
        return cached[1]
    fy = framework.fiscal_year
    pairs = framework.oit.items() if framework.oit is not None else []
    untitled = [it.code for _, it in pairs if not it.title_th]
    out: dict[str, TopicOit] = {}
    for topic_id, topic in [*kb.topics.items(), ("monitoring", kb.monitoring)]:
        items = [
            OitRef(
                code=it.code,
                title_th=it.title_th,
                subindicator=sub.code,
                indicator=sub.indicator,
                confidence=it.confidence or sub.confidence,
            )
            for sub, it in pairs
            if it.title_th and _match(topic, it.title_th)
        ]
        note = None
        if framework.oit is None:
            note = f"ยังไม่มีรายการข้อ OIT ของปีงบประมาณ {fy} ในกรอบการประเมิน ให้เก็บหลักฐานไว้ก่อนแล้วจับคู่กับข้อเมื่อประกาศ"
        elif not items:
            note = f"ปีงบประมาณ {fy} ไม่มีข้อ OIT ที่ตรงกับเรื่องนี้ ให้เก็บหลักฐานไว้ใช้รายงานผลและชี้แจง"
            if untitled:
                note += f" (ข้อ {', '.join(untitled)} ยังไม่ทราบชื่อ อาจมีข้อที่ตรงกัน)"
        elif any(r.confidence in ("low", "unknown") for r in items):
            shaky = [r.code for r in items if r.confidence in ("low", "unknown")]
            note = f"ชื่อข้อ {', '.join(shaky)} ของปีงบประมาณ {fy} ยังไม่ยืนยันจากคู่มือทางการ"
        out[topic_id] = TopicOit(fiscal_year=fy, items=items, note_th=note)
    if len(_RESOLVED) > 256:
        _RESOLVED.clear()
    _RESOLVED[key] = (kb, out)
    return out


def oit_coverage(framework: Framework, kb: KnowledgeBase | None = None) -> dict[str, list[str]]:
    """Topic → the codes of the year's OIT items it links to (empty list: none)."""
    kb = kb or load_knowledge_base()
    return {t: [r.code for r in v.items] for t, v in resolve_oit(kb, framework).items()}


# --- loading -----------------------------------------------------------------------------------


def knowledge_base_from_dict(raw: Any, origin: str = "(dict)") -> KnowledgeBase:
    if isinstance(raw, dict):
        raw = {**raw, "origin": origin}
    return KNOWLEDGE.validate(KnowledgeBase, raw, origin)


@lru_cache(maxsize=1)
def _builtin() -> KnowledgeBase:
    return knowledge_base_from_dict(KNOWLEDGE.read(BUILTIN_PATH), "built-in:knowledge.yaml")


def load_knowledge_base(path: Path | str | None = None) -> KnowledgeBase:
    """The built-in knowledge base, or the user's own file (validated; errors are in Thai and English)."""
    if path is None:
        return _builtin()
    return knowledge_base_from_dict(KNOWLEDGE.read(path), str(path))


# --- recommendations ---------------------------------------------------------------------------


class IndicatorTarget(BaseModel):
    indicator: int
    name_th: str
    status: Status
    current: float
    target: float  # the next threshold above the current score (Analysis.indicators[].step_target)
    overall_points: float  # overall points won by reaching it (this indicator alone)


class Recommendation(BaseModel):
    rank: int
    kind: Literal["improve", "maintain", "monitoring"]
    status: Status | None  # the worst status among the indicators served (None for monitoring)
    topic: str
    topic_name_th: str
    topic_description_th: str
    measure_id: str
    title_th: str
    objective_th: str
    rationale_th: str  # why this measure, built from the analysis numbers
    steps_th: list[str]
    unit_kind: str
    unit_name_th: str  # the kind's usual name (the plan maps it to the agency's own units)
    co_unit_kinds: list[str]
    outputs_th: list[str]
    kpi_th: list[str]
    budget_baht: Decimal | None  # None: ไม่ใช้งบประมาณ
    budget_note_th: str | None
    phase: Phase
    months: int
    evidence_th: list[str]
    indicators: list[int]  # the indicators it serves in this analysis
    questions: list[str]  # weak questions it answers (code, or text when there is no code)
    targets: list[IndicatorTarget]
    points: float  # overall points it can win: Σ targets[].overall_points
    oit_fiscal_year: int
    oit_items: list[OitRef]
    oit_note_th: str | None

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


def _question_topics(kb: KnowledgeBase, q: WeakQuestion) -> list[str]:
    if q.code and q.code.lower() in kb.questions:
        return list(kb.questions[q.code.lower()])
    pool = list(kb.indicators.get(q.indicator, [])) if q.indicator is not None else list(kb.topics)
    text = normalise_title(q.text)
    hits = [
        t for t in pool if any(normalise_title(k) in text for k in kb.topics[t].question_keywords)
    ]
    if hits:
        return hits
    return pool[:1] if q.indicator is not None else []


def _question_label(q: WeakQuestion) -> str:
    return q.code or q.text


def _rationale(
    analysis: Analysis, targets: list[IndicatorTarget], questions: list[WeakQuestion]
) -> str:
    parts = []
    for t in targets:
        s = f"ตัวชี้วัดที่ {t.indicator} {t.name_th} ได้ {format_score(t.current)} คะแนน ({STATUS_TH[t.status]})"
        if t.overall_points > 0:
            s += (
                f" หากยกขึ้นถึง {format_score(t.target)} คะแนน จะเพิ่มคะแนนภาพรวม"
                f" {format_score(t.overall_points)} คะแนน"
            )
        parts.append(s)
    if questions:
        qs = ", ".join(
            f"{q.code} ({format_score(q.score)})" if q.code else f"{q.text} ({format_score(q.score)})"
            for q in questions
        )
        parts.append(f"ข้อคำถามที่ได้คะแนนต่ำ: {qs}")
    return " ".join(parts)


def _recommendation(
    kb: KnowledgeBase,
    topic_id: str,
    m_index: int,
    analysis: Analysis,
    framework: Framework,
    indicators: list[int],
    questions: list[WeakQuestion],
    monitoring: bool = False,
) -> Recommendation:
    topic = kb.topic(topic_id)
    m = topic.measures[m_index]
    targets = []
    for n in sorted(indicators):
        s = analysis.indicator(n)
        targets.append(
            IndicatorTarget(
                indicator=n, name_th=s.name_th, status=s.status, current=s.score,
                target=s.step_target, overall_points=s.step_gain,
            )
        )
    points = float(sum(Decimal(str(t.overall_points)) for t in targets))
    status = min((t.status for t in targets), key=lambda x: _SEVERITY[x]) if targets else None
    kind: Literal["improve", "maintain", "monitoring"] = (
        "monitoring" if monitoring else "maintain" if status in (None, "maintain") else "improve"
    )
    oit = resolve_oit(kb, framework)[topic_id]
    note = oit.note_th
    if framework.fiscal_year != analysis.plan_fiscal_year:
        extra = (
            f"ใช้รายการข้อ OIT ของปีงบประมาณ {framework.fiscal_year} เพราะมาตรการเป็นของปี"
            f" {analysis.plan_fiscal_year} โปรดตรวจสอบกับรายการของปีนั้นเมื่อประกาศ"
        )
        note = f"{note} {extra}" if note else extra
    rationale = (
        _rationale(analysis, targets, questions)
        if kind != "monitoring"
        else "ทุกมาตรการต้องมีการกำกับติดตามและรายงานผลต่อผู้บริหารระหว่างปีและเมื่อสิ้นปี"
    )
    return Recommendation(
        rank=0,
        kind=kind,
        status=status,
        topic=topic_id,
        topic_name_th=topic.name_th,
        topic_description_th=topic.description_th,
        measure_id=m.id,
        title_th=m.title_th,
        objective_th=m.objective_th,
        rationale_th=rationale,
        steps_th=list(m.steps_th),
        unit_kind=m.unit,
        unit_name_th=kb.unit_kinds[m.unit].name_th,
        co_unit_kinds=list(m.co_units),
        outputs_th=list(m.outputs_th),
        kpi_th=list(m.kpi_th),
        budget_baht=m.budget_baht,
        budget_note_th=m.budget_note_th,
        phase=m.phase,
        months=m.months,
        evidence_th=list(m.evidence_th),
        indicators=sorted(indicators),
        questions=[_question_label(q) for q in questions],
        targets=targets,
        points=round(points, 2),
        oit_fiscal_year=framework.fiscal_year,
        oit_items=list(oit.items),
        oit_note_th=note,
    )


def recommend(
    framework: Framework, analysis: Analysis, *, kb: KnowledgeBase | None = None
) -> list[Recommendation]:
    """Measures for the analysis, ranked by the overall points they can win; the monitoring measure last.

    `framework` is the framework of the year the measures are for (analysis.plan_fiscal_year); its OIT items
    are where the evidence goes. Indicators served are the urgent and improve ones; when there are none, the
    indicators below 100 (as "maintain"); when every indicator is at 100, the KB's `maintain_topics`.
    Weak questions add the topics that answer them.
    """
    kb = kb or load_knowledge_base()
    focus = analysis.urgent + analysis.improve
    if not focus:
        focus = [s.indicator for s in analysis.indicators if s.score < 100]
    served: dict[str, set[int]] = {}
    asked: dict[str, list[WeakQuestion]] = {}
    order: list[str] = []

    def add(topic_id: str) -> None:
        if topic_id not in served:
            served[topic_id] = set()
            asked[topic_id] = []
            order.append(topic_id)

    for n in focus:
        for topic_id in kb.indicators.get(n, []):
            add(topic_id)
            served[topic_id].add(n)
    for q in analysis.weak_questions:
        for topic_id in _question_topics(kb, q):
            add(topic_id)
            asked[topic_id].append(q)
            if q.indicator is not None:
                served[topic_id].add(q.indicator)
    if not order:
        for topic_id in kb.maintain_topics:
            add(topic_id)

    recs: list[tuple[tuple, Recommendation]] = []
    topic_rank = {t: i for i, t in enumerate(kb.topics)}
    for topic_id in order:
        for i, _ in enumerate(kb.topics[topic_id].measures):
            rec = _recommendation(kb, topic_id, i, analysis, framework, sorted(served[topic_id]), asked[topic_id])
            sort_key = (
                -rec.points,
                _SEVERITY[rec.status] if rec.status else 3,
                -len(rec.questions),
                topic_rank[topic_id],
                i,
            )
            recs.append((sort_key, rec))
    recs.sort(key=lambda x: x[0])
    out = [r for _, r in recs]
    out.append(_recommendation(kb, "monitoring", 0, analysis, framework, [], [], monitoring=True))
    for i, r in enumerate(out):
        r.rank = i + 1
    return out


__all__ = [
    "BUILTIN_PATH",
    "IndicatorTarget",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "OitRef",
    "Recommendation",
    "TopicOit",
    "knowledge_base_from_dict",
    "load_knowledge_base",
    "normalise_title",
    "oit_coverage",
    "recommend",
    "resolve_oit",
]
