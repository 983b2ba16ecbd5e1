"""Assessor mode: an organisation runs an ITA-style round for many units. Pure rules, no Django.

- the framework of a round: a NACC year, or a variant YAML (``extends: 2568`` …) validated by the frameworks loader;
  a year without IIT questions borrows those of the latest earlier year that has them (and says so);
- minimum sample sizes from a rule kept as data (``sample_size`` in the framework, else ``DEFAULT_SAMPLE_SIZE``);
- the round calendar (registration, OIT submission, scoring, clarification, confirmation) and its checks;
- scoring every unit of a round at once (survey answers → indicators 1–8 with ``survey.score_responses``, OIT
  judgements → indicators 9–10 with ``scoring.score_oit``, then ``scoring.score_indicators``) and ranking them.
"""

from __future__ import annotations

import itertools
import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from prongsai.core.errors import FrameworkError, ProngsaiError
from prongsai.core.frameworks.loader import FrameworkRegistry, load_framework_file
from prongsai.core.frameworks.schema import CONFIDENCE_TH, Framework, SampleRule, SampleSizeSection
from prongsai.core.scoring import OitScore, ScoreResult, score_indicators, score_oit
from prongsai.core.survey import AgencySurveyScores, score_responses

MAX_VARIANT_BYTES = 200_000


class RoundError(ProngsaiError):
    """A round rule was broken (Thai and English messages)."""


# --- the framework of a round ---------------------------------------------------------------------------------


def framework_from_text(text: str, *, registry: FrameworkRegistry | None = None) -> Framework:
    """Validate a variant framework typed or uploaded as YAML text (``extends: <year>`` builds on a built-in year).

    Raises ``FrameworkError`` (Thai and English) naming the field and the problem."""
    data = text.encode("utf-8")
    if len(data) > MAX_VARIANT_BYTES:
        raise FrameworkError(
            f"ไฟล์กรอบการประเมินใหญ่เกินไป (เกิน {MAX_VARIANT_BYTES:,} ไบต์)",
            f"the framework file is too large (over {MAX_VARIANT_BYTES:,} bytes)",
        )
    with tempfile.TemporaryDirectory(prefix="prongsai-round-") as folder:
        path = Path(folder) / "กรอบการประเมินของรอบ.yaml"
        path.write_bytes(data)
        framework = load_framework_file(path, registry or FrameworkRegistry())
    return framework.model_copy(update={"origin": "round-variant.yaml"})


def _has_questions(framework: Framework, indicators: Sequence[int]) -> bool:
    section = framework.questions
    return bool(section and any(q.indicator in indicators for q in section.items))


def instrument_indicators(framework: Framework, code: str) -> list[int]:
    for inst in framework.instruments.items:
        if inst.code == code:
            return list(inst.indicators)
    return []


def with_survey_questions(
    framework: Framework, *, registry: FrameworkRegistry | None = None
) -> tuple[Framework, list[str]]:
    """The framework with IIT questions to ask: its own, or (when it has none) those of the latest earlier built-in
    year that has them, with a Thai note saying so. EIT questions are never borrowed: no official form is known."""
    iit = instrument_indicators(framework, "IIT")
    if not iit or _has_questions(framework, iit):
        return framework, []
    registry = registry or FrameworkRegistry()
    years = [y for y in registry.years() if y <= framework.fiscal_year] or registry.years()
    for year in sorted(years, reverse=True):
        donor = registry.get(year)
        if donor.questions is None or instrument_indicators(donor, "IIT") != iit:
            continue
        items = [q for q in donor.questions.items if q.indicator in iit]
        if not items:
            continue
        own = list(framework.questions.items) if framework.questions else []
        section = donor.questions.model_copy(
            update={
                "items": own + items,
                "scales": {**donor.questions.scales, **(framework.questions.scales if framework.questions else {})},
            }
        )
        raw = framework.model_dump(mode="json", exclude={"origin"}, exclude_none=True)
        raw["questions"] = section.model_dump(mode="json", exclude_none=True)
        borrowed = Framework.model_validate({**raw, "origin": framework.origin})
        note = (
            f"กรอบการประเมินปี {framework.fiscal_year} ไม่มีข้อคำถาม IIT จึงใช้ข้อคำถามของปี {year}"
            f" (ความเชื่อมั่น{CONFIDENCE_TH[donor.questions.confidence]})"
        )
        return borrowed, [note]
    return framework, [f"กรอบการประเมินปี {framework.fiscal_year} ไม่มีข้อคำถาม IIT"]


# --- minimum sample sizes -------------------------------------------------------------------------------------

DEFAULT_SAMPLE_SIZE = SampleSizeSection(
    source=[
        "IIT: เกณฑ์ ITA Online ของ สพฐ. ปี 2563–2564 อย่างน้อย 25 คน หรือทุกคนเมื่อมีไม่ถึง"
        " https://sites.google.com/pracharath.ac.th/itaonlinesakon2/iit",
        "EIT: ร้อยละ 10 ของผู้มีส่วนได้ส่วนเสีย อย่างน้อย 30 คน (ทุกคนเมื่อมีไม่ถึง 30) และ 400 คนเมื่อมีเกิน 4,000"
        " https://spvc.ac.th/MU-ITA2021/files/basic-html/page46.html",
    ],
    confidence="low",
    notes=(
        "ค่าตั้งต้นนี้เป็นเกณฑ์ของ สพฐ. ไม่ใช่ของ ป.ป.ช. (ระบบ ITAS คำนวณขนาดตัวอย่างเองและไม่เปิดเผยสูตร)"
        " ผู้จัดการประเมินกำหนดเกณฑ์ของตนได้ในส่วน sample_size ของไฟล์กรอบการประเมิน"
    ),
    iit=SampleRule(population_th="บุคลากรที่ปฏิบัติงานมาไม่น้อยกว่า 1 ปี", minimum=25, all_if_fewer=True),
    eit=SampleRule(
        population_th="ผู้รับบริการหรือผู้มีส่วนได้ส่วนเสียภายนอกในปีงบประมาณ",
        percent=10,
        minimum=30,
        all_if_fewer=True,
        cap_above=4000,
        cap=400,
    ),
)


def sample_size_rules(framework: Framework) -> tuple[SampleSizeSection, bool]:
    """The framework's rule, or the worked default; the flag says whether the default is used."""
    if framework.sample_size is not None:
        return framework.sample_size, False
    return DEFAULT_SAMPLE_SIZE, True


def minimum_sample(rule: SampleRule, population: int) -> int:
    """The minimum number of respondents for a population of ``population`` people."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise RoundError(
            f"จำนวนประชากรต้องเป็นจำนวนเต็มไม่ติดลบ แต่ได้ {population!r}",
            f"the population must be a non-negative integer, got {population!r}",
        )
    if rule.cap_above is not None and rule.cap is not None and population > rule.cap_above:
        return min(rule.cap, population)
    n = max(math.ceil(population * rule.percent / 100), rule.minimum)
    if rule.all_if_fewer:
        n = min(n, population)
    return n


# --- the calendar ---------------------------------------------------------------------------------------------

PHASES: tuple[str, ...] = ("registration", "oit_submission", "scoring", "clarification", "confirmation")
PHASE_TH = {
    "registration": "ลงทะเบียนหน่วยรับการประเมินและเก็บแบบสำรวจ",
    "oit_submission": "ส่งข้อมูล OIT",
    "scoring": "ตรวจให้คะแนน",
    "clarification": "ชี้แจงและโต้แย้งผล",
    "confirmation": "ยืนยันผล",
}


@dataclass(frozen=True)
class Phase:
    kind: str
    starts_on: date
    ends_on: date

    @property
    def name_th(self) -> str:
        return PHASE_TH[self.kind]


def calendar_problems(phases: Sequence[Phase]) -> list[str]:
    """Thai problems of a round calendar: unknown or repeated phases, a phase ending before it starts, phases out of
    order (each must start on or after the previous one starts)."""
    out = []
    kinds = [p.kind for p in phases]
    for kind in kinds:
        if kind not in PHASES:
            out.append(f"ไม่รู้จักช่วง {kind!r}")
    for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
        out.append(f"ช่วง{PHASE_TH.get(kind, kind)}ซ้ำกัน")
    for p in phases:
        if p.ends_on < p.starts_on:
            out.append(f"ช่วง{PHASE_TH.get(p.kind, p.kind)} วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")
    known = sorted((p for p in phases if p.kind in PHASES), key=lambda p: PHASES.index(p.kind))
    for before, after in itertools.pairwise(known):
        if after.starts_on < before.starts_on:
            out.append(f"ช่วง{after.name_th} ต้องไม่เริ่มก่อนช่วง{before.name_th}")
    return out


def default_calendar(start: date) -> list[Phase]:
    """A worked calendar from ``start``: 30 days of registration and surveys, 30 of OIT submission, 21 of scoring,
    14 of clarification and 7 of confirmation (edit it per round)."""
    lengths = {"registration": 30, "oit_submission": 30, "scoring": 21, "clarification": 14, "confirmation": 7}
    out, day = [], start
    for kind in PHASES:
        out.append(Phase(kind, day, day + timedelta(days=lengths[kind] - 1)))
        day = day + timedelta(days=lengths[kind])
    return out


def phase_open(phases: Sequence[Phase], kind: str, day: date) -> bool:
    """Whether ``day`` falls inside the phase ``kind`` (a round without that phase: never)."""
    return any(p.kind == kind and p.starts_on <= day <= p.ends_on for p in phases)


def phase_by_kind(phases: Sequence[Phase], kind: str) -> Phase | None:
    return next((p for p in phases if p.kind == kind), None)


# --- scoring a round ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInput:
    """One unit's evidence: survey answers (long format of ``survey.score_responses``; ``respondent`` ids unique within
    the unit) and the final pass/fail of each OIT item judged (items not given count as failed)."""

    key: str
    answers: pl.DataFrame | None
    oit: Mapping[str, bool]
    respondents: Mapping[str, int] = field(default_factory=dict)  # per instrument, for the minimum check
    minimums: Mapping[str, int] = field(default_factory=dict)


@dataclass
class UnitScore:
    key: str
    result: ScoreResult | None  # None while an indicator cannot be scored (see ``missing``)
    oit: OitScore | None
    survey: AgencySurveyScores | None
    indicators: dict[int, float]  # every indicator that could be scored
    missing: list[str] = field(default_factory=list)  # Thai reasons, when ``result`` is None
    warnings: list[str] = field(default_factory=list)
    rank: int | None = None


_EMPTY = {"agency": pl.String, "respondent": pl.String, "question": pl.String, "sub_item": pl.String,
          "answer": pl.String}


def score_round(framework: Framework, units: Sequence[UnitInput]) -> list[UnitScore]:
    """Score every unit: surveys of all units in one ``score_responses`` call, OIT per unit, then the overall score
    and level; ranks by overall (ties share a rank). Instruments below their minimum sample are not scored."""
    frames = [
        u.answers.select(
            pl.lit(u.key).alias("agency"),
            pl.col("respondent").cast(pl.String),
            pl.col("question").cast(pl.String),
            pl.col("sub_item").cast(pl.String),
            pl.col("answer").cast(pl.String),
        )
        for u in units
        if u.answers is not None and u.answers.height
    ]
    surveys: dict[str, AgencySurveyScores] = {}
    if frames:
        scored = score_responses(framework, pl.concat(frames))
        surveys = {a.agency: a for a in scored.by_agency()}
    out = []
    for u in units:
        missing: list[str] = []
        warnings: list[str] = []
        indicators: dict[int, float] = {}
        survey = surveys.get(u.key)
        for inst in framework.instruments.items:
            if inst.code == "OIT":
                continue
            got, need = u.respondents.get(inst.code, 0), u.minimums.get(inst.code, 0)
            if got < need:
                missing.append(f"แบบ {inst.code} มีผู้ตอบ {got} คน ยังไม่ถึงขั้นต่ำ {need} คน")
                continue
            for n in inst.indicators:
                value = survey.indicators.get(str(n)) if survey else None
                if value is None:
                    missing.append(f"ตัวชี้วัดที่ {n} ({inst.code}) ยังไม่มีคำตอบ")
                else:
                    indicators[n] = value
        oit = None
        if framework.oit is not None:
            oit = score_oit(framework, dict(u.oit))
            indicators.update({int(k): v for k, v in oit.indicators.items()})
            warnings += [w.th for w in oit.warnings]
        else:
            missing.append("กรอบการประเมินไม่มีรายการข้อ OIT")
        if survey:
            warnings += [w.th for w in survey.warnings]
        result = None
        if not missing:
            result = score_indicators(framework, indicators)
        out.append(UnitScore(u.key, result, oit, survey, indicators, missing, warnings))
    for item, rank in zip(ranked := sorted((s for s in out if s.result), key=_overall, reverse=True),
                          competition_ranks([_overall(s) for s in ranked]), strict=True):
        item.rank = rank
    return out


def _overall(s: UnitScore) -> float:
    return s.result.overall if s.result else -1.0


def competition_ranks(values: Sequence[float]) -> list[int]:
    """1, 2, 2, 4 for values sorted highest first (equal scores share the better rank)."""
    ranks: list[int] = []
    for i, v in enumerate(values):
        ranks.append(ranks[-1] if i and v == values[i - 1] else i + 1)
    return ranks


__all__ = [
    "DEFAULT_SAMPLE_SIZE",
    "PHASES",
    "PHASE_TH",
    "Phase",
    "RoundError",
    "UnitInput",
    "UnitScore",
    "calendar_problems",
    "competition_ranks",
    "default_calendar",
    "framework_from_text",
    "minimum_sample",
    "phase_by_kind",
    "phase_open",
    "sample_size_rules",
    "score_round",
    "with_survey_questions",
]
