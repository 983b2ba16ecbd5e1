"""Reads for ITA results: the results page, one year's history, the dashboard, the import review.

Every selector takes the ``agency`` already resolved by ``prongsai.apps.agencies.access`` and reads
only that agency's rows.

Indicator and instrument names come from the fiscal year's framework, not from the database, so a
corrected name in a framework file shows everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import (
    AssessmentResult,
    AssessmentResultVersion,
    IndicatorScore,
    PendingImport,
    QuestionScore,
)
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.documents.model import ParsedDocument
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.frameworks.schema import Framework
from prongsai.core.gains import ImprovementStep, indicator_gains, path_to_level
from prongsai.core.scoring import ScoreResult, round2, score_indicators
from prongsai.core.thai import normalise_text


def results_for_agency(*, agency: Agency) -> QuerySet[AssessmentResult]:
    """The agency's results, newest fiscal year first, with their indicator scores prefetched."""
    return (
        AssessmentResult.objects.filter(agency=agency)
        .prefetch_related(Prefetch("indicator_scores", queryset=IndicatorScore.objects.order_by("number")))
        .order_by("-fiscal_year")
    )


@dataclass(frozen=True)
class IndicatorLine:
    number: int
    name_th: str
    instrument: str
    score: Decimal


@dataclass(frozen=True)
class InstrumentColumn:
    code: str
    name_th: str


@dataclass(frozen=True)
class ResultSummary:
    fiscal_year: int
    overall: Decimal
    level: str
    passed: bool
    instrument_cells: list[float | None]  # aligned with ResultsOverview.instruments
    instruments: list[tuple[InstrumentColumn, float]]
    indicators: list[IndicatorLine]
    framework_title: str
    warnings: list[str]
    updated_at: datetime


@dataclass(frozen=True)
class ResultsOverview:
    instruments: list[InstrumentColumn] = field(default_factory=list)
    results: list[ResultSummary] = field(default_factory=list)


def _framework_or_none(registry: FrameworkRegistry, fiscal_year: int) -> Framework | None:
    try:
        return registry.get(fiscal_year)
    except ProngsaiError:
        return None


@dataclass(frozen=True)
class _Row:
    """One year's figures, from the stored result (staff) or from its published version's snapshot (public)."""

    fiscal_year: int
    overall: Decimal
    level: str
    passed: bool
    instrument_scores: dict[str, float]
    indicators: list[tuple[int, Decimal]]
    updated_at: datetime


def _overview(rows: list[_Row], registry: FrameworkRegistry | None) -> ResultsOverview:
    registry = registry or framework_registry()
    columns: dict[str, InstrumentColumn] = {}
    prepared = []
    for result in rows:
        framework = _framework_or_none(registry, result.fiscal_year)
        warnings: list[str] = []
        names: dict[int, tuple[str, str]] = {}
        if framework is None:
            warnings.append(f"ไม่พบกรอบการประเมินของปีงบประมาณ {result.fiscal_year} จึงแสดงเฉพาะหมายเลขตัวชี้วัด")
        else:
            names = {i.number: (i.name_th, i.instrument) for i in framework.indicators.items}
            for inst in framework.instruments.items:
                columns.setdefault(inst.code, InstrumentColumn(inst.code, inst.name_th))
            warnings.extend(th for th, _ in framework.confidence_warnings())
        for code in result.instrument_scores:
            columns.setdefault(code, InstrumentColumn(code, code))
        prepared.append((result, framework, names, warnings))

    summaries = []
    for result, framework, names, warnings in prepared:
        summaries.append(
            ResultSummary(
                fiscal_year=result.fiscal_year,
                overall=result.overall,
                level=result.level,
                passed=result.passed,
                instrument_cells=[result.instrument_scores.get(code) for code in columns],
                instruments=[(columns[code], score) for code, score in result.instrument_scores.items()],
                indicators=[
                    IndicatorLine(
                        number=number,
                        name_th=names.get(number, (f"ตัวชี้วัดที่ {number}", ""))[0],
                        instrument=names.get(number, ("", ""))[1],
                        score=score,
                    )
                    for number, score in result.indicators
                ],
                framework_title=framework.title_th if framework else "",
                warnings=warnings,
                updated_at=result.updated_at,
            )
        )
    return ResultsOverview(instruments=list(columns.values()), results=summaries)


def results_overview_for_agency(*, agency: Agency, registry: FrameworkRegistry | None = None) -> ResultsOverview:
    """Every result of the agency as stored now (drafts included: staff pages) with indicator and instrument names
    from each year's framework. The public reads ``public_results_overview``."""
    rows = [
        _Row(
            fiscal_year=r.fiscal_year,
            overall=r.overall,
            level=r.level,
            passed=r.passed,
            instrument_scores=r.instrument_scores,
            indicators=[(s.number, s.score) for s in r.indicator_scores.all()],
            updated_at=r.updated_at,
        )
        for r in results_for_agency(agency=agency)
    ]
    return _overview(rows, registry)


def published_snapshots(*, agency: Agency) -> dict[int, tuple[AssessmentResultVersion, AssessmentResult]]:
    """Fiscal year → (the published version, its result) of each year of the agency that has one, newest first.
    Only these are public: a later saved version stays a draft until it is published."""
    results = (
        AssessmentResult.objects.filter(agency=agency, published_version__isnull=False)
        .select_related("published_version")
        .order_by("-fiscal_year")
    )
    return {r.fiscal_year: (r.published_version, r) for r in results}


def public_results_overview(*, agency: Agency, registry: FrameworkRegistry | None = None) -> ResultsOverview:
    """What the public sees (portal pages, the public results page, open data): each year's **published**
    version, never a draft saved after it."""
    rows = []
    for year, (version, result) in published_snapshots(agency=agency).items():
        snap = version.snapshot or {}
        rows.append(
            _Row(
                fiscal_year=year,
                overall=Decimal(str(snap.get("overall", "0"))),
                level=str(snap.get("level", "")),
                passed=bool(snap.get("passed")),
                instrument_scores={code: float(v) for code, v in (snap.get("instruments") or {}).items()},
                indicators=sorted((int(k), Decimal(str(v))) for k, v in (snap.get("indicators") or {}).items()),
                updated_at=result.published_at or version.created_at,
            )
        )
    return _overview(rows, registry)


@dataclass(frozen=True)
class Publication:
    """A year's result on the public site: the Thai state label and what publishing would do."""

    state: str  # "unpublished", "published", "changed"
    label: str  # ยังไม่เผยแพร่ / เผยแพร่แล้ว เมื่อ … / มีฉบับแก้ไขที่ยังไม่เผยแพร่
    published_number: int | None
    latest_number: int | None
    published_at: datetime | None
    published_overall: str
    published_level: str


def result_publication(*, agency: Agency, result: AssessmentResult) -> Publication:
    from prongsai.core.thai import thai_date

    latest = (
        AssessmentResultVersion.objects.filter(result__agency=agency, result=result)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = result.published_version if result.agency_id == agency.pk else None
    if version is None:
        return Publication("unpublished", "ยังไม่เผยแพร่", None, latest, None, "", "")
    snap = version.snapshot or {}
    when = timezone.localtime(result.published_at) if result.published_at else None
    if version.number == latest:
        label = "เผยแพร่แล้ว" + (f" เมื่อ {thai_date(when.date())} {when:%H:%M} น." if when else "")
        state = "published"
    else:
        label = f"มีฉบับแก้ไขที่ยังไม่เผยแพร่ (ประชาชนเห็นฉบับที่ {version.number})"
        state = "changed"
    return Publication(
        state, label, version.number, latest, result.published_at, str(snap.get("overall", "")),
        str(snap.get("level", "")),
    )


# --- one year's result and its history --------------------------------------------------------------


def results_needing_rescore(*, fiscal_year: int) -> list[AssessmentResult]:
    """Every agency's result of the year scored by another framework version than the year's current one
    (``framework_origin`` differs): what a change in the framework workbench affects."""
    try:
        current = framework_registry().get(fiscal_year).origin
    except ProngsaiError:
        return []
    return list(
        AssessmentResult.objects.filter(fiscal_year=fiscal_year)
        .exclude(framework_origin=current)
        .select_related("agency")
        .order_by("agency__name_th", "pk")
    )


def result_for_year(*, agency: Agency, fiscal_year: int) -> AssessmentResult | None:
    return results_for_agency(agency=agency).filter(fiscal_year=fiscal_year).first()


def question_scores_for_result(*, agency: Agency, result: AssessmentResult) -> QuerySet[QuestionScore]:
    return QuestionScore.objects.filter(result__agency=agency, result=result).order_by("position")


@dataclass(frozen=True)
class VersionLine:
    number: int
    created_at: datetime
    source: str
    source_label: str
    source_name: str
    actor: str
    note: str
    overall: str
    level: str
    passed: bool
    indicators: list[tuple[str, str, bool]]  # (number, score, changed from the version before)
    question_count: int
    changed: list[str]  # Thai descriptions of what this version changed
    is_current: bool


def _version_changes(previous: dict | None, current: dict) -> list[str]:
    if previous is None:
        return ["บันทึกครั้งแรก"]
    out = []
    if previous.get("overall") != current.get("overall"):
        out.append(f"คะแนนรวม {previous.get('overall')} → {current.get('overall')}")
    if previous.get("level") != current.get("level"):
        out.append(f"ระดับ {previous.get('level')} → {current.get('level')}")
    old, new = previous.get("indicators", {}), current.get("indicators", {})
    for key in new:
        if old.get(key) != new.get(key):
            out.append(f"ตัวชี้วัดที่ {key} {old.get(key, '–')} → {new[key]}")
    if previous.get("questions") != current.get("questions"):
        out.append(f"คะแนนรายข้อคำถาม {len(previous.get('questions', []))} → {len(current.get('questions', []))} ข้อ")
    if not out:
        out.append("คำนวณใหม่ตามกรอบการประเมินปัจจุบัน")
    return out


def result_versions(*, agency: Agency, result: AssessmentResult) -> list[VersionLine]:
    """Every saved state of a result, newest first, each with what it changed from the one before."""
    versions = list(
        AssessmentResultVersion.objects.filter(result__agency=agency, result=result).order_by("number")
    )
    lines: list[VersionLine] = []
    previous: dict | None = None
    for v in versions:
        snap = v.snapshot or {}
        old_ind = (previous or {}).get("indicators", {})
        lines.append(
            VersionLine(
                number=v.number,
                created_at=v.created_at,
                source=v.source,
                source_label=v.get_source_display(),
                source_name=v.source_name,
                actor=v.actor_label or "ระบบ",
                note=v.note,
                overall=snap.get("overall", ""),
                level=snap.get("level", ""),
                passed=bool(snap.get("passed")),
                indicators=[
                    (k, val, previous is not None and old_ind.get(k) != val)
                    for k, val in snap.get("indicators", {}).items()
                ],
                question_count=len(snap.get("questions", [])),
                changed=_version_changes(previous, snap),
                is_current=v is versions[-1],
            )
        )
        previous = snap
    lines.reverse()
    return lines


# --- dashboard ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreBar:
    key: str  # "1".."10" or "IIT"
    label: str  # Thai name
    group: str  # the instrument of an indicator; "" for an instrument
    score: float
    passed: bool  # at or above the pass line


@dataclass(frozen=True)
class TrendPoint:
    fiscal_year: int
    overall: float
    level: str
    passed: bool


@dataclass(frozen=True)
class GainLine:
    number: int
    name_th: str
    instrument: str
    current: float
    per_point: float  # overall points per indicator point
    gains: list[float]  # aligned with Dashboard.gain_targets


@dataclass(frozen=True)
class NextLevel:
    from_level: str
    to_level: str
    min_overall: float
    min_each_instrument: float | None
    points_short: float
    steps: list[ImprovementStep]
    indicator_points: float
    overall_after: float


@dataclass
class Dashboard:
    years: list[int] = field(default_factory=list)  # newest first
    fiscal_year: int | None = None
    overall: float | None = None
    level: str = ""
    passed: bool = False
    framework_title: str = ""
    warnings: list[str] = field(default_factory=list)
    pass_line: float = 85.0
    instruments: list[ScoreBar] = field(default_factory=list)
    indicators: list[ScoreBar] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)  # oldest first
    change_from_previous: float | None = None
    previous_year: int | None = None
    next_level: NextLevel | None = None
    at_top_level: bool = False
    gain_targets: list[float] = field(default_factory=list)
    gains: list[GainLine] = field(default_factory=list)
    weak_questions: list[QuestionScore] = field(default_factory=list)
    question_count: int = 0
    updated_at: datetime | None = None


GAIN_TARGETS = (95.0, 100.0)
TOP_GAINS = 5
WEAK_QUESTIONS = 10


def _next_level(framework: Framework, scored: ScoreResult) -> tuple[NextLevel | None, bool]:
    try:
        path = path_to_level(framework, scored)
    except (ProngsaiError, ValueError, StopIteration):
        return None, False
    if path is None:
        return None, True
    rule = next(r for r in framework.levels.rules if r.label == path.to_level)
    return (
        NextLevel(
            from_level=path.from_level,
            to_level=path.to_level,
            min_overall=rule.min_overall,
            min_each_instrument=rule.min_each_instrument,
            points_short=max(0.0, round2(rule.min_overall - scored.overall)),
            steps=path.steps,
            indicator_points=path.indicator_points,
            overall_after=path.overall_after,
        ),
        False,
    )


def dashboard_for_agency(
    *, agency: Agency, fiscal_year: int | None = None, registry: FrameworkRegistry | None = None
) -> Dashboard:
    """The dashboard of one agency for one fiscal year (default: the newest with a result)."""
    registry = registry or framework_registry()
    results = list(results_for_agency(agency=agency))
    board = Dashboard(years=[r.fiscal_year for r in results])
    board.trend = [
        TrendPoint(r.fiscal_year, float(r.overall), r.level, r.passed)
        for r in sorted(results, key=lambda r: r.fiscal_year)
    ]
    if not results:
        return board
    result = next((r for r in results if r.fiscal_year == fiscal_year), results[0])
    board.fiscal_year = result.fiscal_year
    board.overall = float(result.overall)
    board.level = result.level
    board.passed = result.passed
    board.updated_at = result.updated_at
    earlier = [r for r in results if r.fiscal_year < result.fiscal_year]
    if earlier:
        board.previous_year = earlier[0].fiscal_year
        board.change_from_previous = round2(result.overall - earlier[0].overall)

    questions = QuestionScore.objects.filter(result=result)
    board.question_count = questions.count()
    board.weak_questions = list(questions.order_by("score", "position")[:WEAK_QUESTIONS])

    framework = _framework_or_none(registry, result.fiscal_year)
    scores = {s.number: s.score for s in result.indicator_scores.all()}
    if framework is None:
        board.warnings.append(f"ไม่พบกรอบการประเมินของปีงบประมาณ {result.fiscal_year} จึงแสดงเฉพาะคะแนนที่บันทึกไว้")
        board.indicators = [
            ScoreBar(str(n), f"ตัวชี้วัดที่ {n}", "", float(s), float(s) >= board.pass_line) for n, s in scores.items()
        ]
        return board
    board.framework_title = framework.title_th
    board.warnings.extend(th for th, _ in framework.confidence_warnings())
    board.pass_line = framework.pass_line.score
    board.instruments = [
        ScoreBar(
            inst.code,
            inst.name_th,
            "",
            float(result.instrument_scores.get(inst.code, 0)),
            float(result.instrument_scores.get(inst.code, 0)) >= board.pass_line,
        )
        for inst in framework.instruments.items
        if inst.code in result.instrument_scores
    ]
    board.indicators = [
        ScoreBar(
            str(i.number), i.name_th, i.instrument, float(scores[i.number]), float(scores[i.number]) >= board.pass_line
        )
        for i in framework.indicators.items
        if i.number in scores
    ]
    try:
        scored = score_indicators(framework, scores)
    except ProngsaiError:
        return board  # the stored scores no longer fit this year's framework: show them, compute nothing
    board.next_level, board.at_top_level = _next_level(framework, scored)
    board.gain_targets = list(GAIN_TARGETS)
    try:
        gains = indicator_gains(framework, scored, GAIN_TARGETS)
    except ProngsaiError:
        gains = []
    board.gains = [
        GainLine(
            number=g.indicator,
            name_th=g.name_th,
            instrument=g.instrument,
            current=g.current,
            per_point=g.points_per_indicator_point,
            gains=[g.gains[f"{t:g}"] for t in GAIN_TARGETS],
        )
        for g in gains
        if g.gains[f"{GAIN_TARGETS[-1]:g}"] > 0
    ][:TOP_GAINS]
    return board


# --- import review --------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "อบต.": "องค์การบริหารส่วนตำบล",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "ทต.": "เทศบาลตำบล",
    "ทม.": "เทศบาลเมือง",
    "ทน.": "เทศบาลนคร",
}


def _name_key(name: str) -> str:
    text = "".join(normalise_text(name or "").split())
    for short, full in _ABBREVIATIONS.items():
        if text.startswith(short):
            text = full + text[len(short) :]
    return text


def agency_name_matches(agency: Agency, name: str | None) -> bool | None:
    """None when the document names no agency; else whether it names this one (spaces and อบต./ทต. … aside)."""
    if not name or not name.strip():
        return None
    return _name_key(name) == _name_key(agency.name_th)


@dataclass(frozen=True)
class ReviewIndicator:
    number: int
    name_th: str
    instrument: str
    score: float | None


@dataclass(frozen=True)
class ReviewFinding:
    severity: str
    severity_label: str
    code: str
    message: str
    evidence: list[str]


@dataclass(frozen=True)
class ReviewSet:
    index: int
    document: ParsedDocument
    name_matches: bool | None
    indicators: list[ReviewIndicator]
    extra_indicators: dict[str, float]  # stated for numbers the year's framework does not have
    computed: ScoreResult | None
    computed_differs: bool  # the stated overall differs from the computed one by more than 0.02
    reason: str  # why it cannot be saved; "" when it can
    existing: AssessmentResult | None
    findings: list[ReviewFinding]
    errors: int
    warnings: int
    blocking: list[str] = field(default_factory=list)  # errors that need an override (with a reason) to save


@dataclass(frozen=True)
class ImportReview:
    pending: PendingImport
    kind_label: str
    expired: bool
    sets: list[ReviewSet]
    savable: list[int]


_SEVERITY = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อสังเกต"}
_KINDS = {
    "txt": "ไฟล์ข้อความ",
    "docx": "เอกสาร Word (.docx)",
    "pdf": "PDF",
    "html": "หน้าเว็บ (HTML)",
    "xlsx": "แม่แบบผลการประเมิน (Excel)",
    "csv": "แม่แบบผลการประเมิน (CSV)",
    "image": "ภาพสแกน (อ่านด้วย OCR)",
}


# Errors on the review that block saving a set unless the person ticks the override and gives a reason.
BLOCKING_CODES = frozenset({"agency-mismatch", "target-year-mismatch", "level-mismatch"})
OVERRIDE_REASON_MIN = 10


def _error(code: str, message: str) -> ReviewFinding:
    return ReviewFinding(severity="error", severity_label=_SEVERITY["error"], code=code, message=message, evidence=[])


def _review_findings(
    *,
    agency: Agency,
    pending: PendingImport,
    doc: ParsedDocument,
    computed: ScoreResult | None,
    name_matches: bool | None,
    checker_codes: set[str],
) -> list[ReviewFinding]:
    """What the file says against where it is being saved: another agency's name, another year than the one
    chosen on upload, a stated level the year's rules do not give for the score."""
    out = []
    if name_matches is False:
        out.append(
            _error(
                "agency-mismatch",
                f"ชื่อหน่วยงานไม่ตรงกัน: ไฟล์ระบุ “{' '.join(str(doc.agency.name).split())[:200]}”"
                f" แต่ท่านกำลังบันทึกให้ “{agency.name_th}”",
            )
        )
    target = pending.target_year
    if target and doc.fiscal_year and doc.fiscal_year != target:
        out.append(
            _error(
                "target-year-mismatch",
                f"ปีงบประมาณไม่ตรงกัน: ไฟล์เป็นผลของปีงบประมาณ {doc.fiscal_year}"
                f" แต่ท่านเลือกนำเข้าเป็นผลของปีงบประมาณ {target}",
            )
        )
    stated = " ".join(str(doc.overall.level or "").split())
    if computed is not None and stated and stated != computed.level and "level-mismatch" not in checker_codes:
        out.append(
            _error(
                "level-mismatch",
                f"ระดับไม่ตรงตามเกณฑ์: ไฟล์ระบุระดับ “{stated[:40]}” แต่ตามเกณฑ์ปีงบประมาณ {doc.fiscal_year}"
                f" คะแนนรวม {computed.overall:.2f} ได้ระดับ {computed.level}",
            )
        )
    return out


def pending_import_for_agency(*, agency: Agency, pending_id: object) -> PendingImport | None:
    return PendingImport.objects.filter(agency=agency, pk=pending_id).select_related("uploaded_by").first()


def import_review(*, agency: Agency, pending: PendingImport, registry: FrameworkRegistry | None = None) -> ImportReview:
    """What the review screen shows: each set of results as read, what the system computes, the findings."""

    registry = registry or framework_registry()
    existing = {r.fiscal_year: r for r in AssessmentResult.objects.filter(agency=agency)}
    sets = []
    for index, raw in enumerate(pending.documents):
        doc = ParsedDocument.model_validate(raw)
        framework = _framework_or_none(registry, doc.fiscal_year) if doc.fiscal_year else None
        reason = cannot_save_reason(doc, registry)
        indicators: list[ReviewIndicator] = []
        extra = dict(doc.indicators)
        if framework is not None:
            for ind in framework.indicators.items:
                indicators.append(
                    ReviewIndicator(ind.number, ind.name_th, ind.instrument, extra.pop(str(ind.number), None))
                )
        computed = None
        if not reason and framework is not None:
            try:
                computed = score_indicators(framework, {int(k): v for k, v in doc.indicators.items()})
            except ProngsaiError as exc:
                reason = exc.th
        raw_findings = pending.findings[index] if index < len(pending.findings) else []
        name_matches = agency_name_matches(agency, doc.agency.name)
        findings = _review_findings(
            agency=agency, pending=pending, doc=doc, computed=computed, name_matches=name_matches,
            checker_codes={f.get("code", "") for f in raw_findings if f.get("severity") == "error"},
        ) + [
            ReviewFinding(
                severity=f.get("severity", "info"),
                severity_label=_SEVERITY.get(f.get("severity", "info"), f.get("severity", "")),
                code=f.get("code", ""),
                message=f.get("message", ""),
                evidence=[e.get("text", "") for e in f.get("evidence", [])][:3],
            )
            for f in raw_findings
        ]
        sets.append(
            ReviewSet(
                index=index,
                document=doc,
                name_matches=name_matches,
                indicators=indicators,
                extra_indicators=extra,
                computed=computed,
                computed_differs=bool(
                    computed is not None
                    and doc.overall.score is not None
                    and abs(computed.overall - doc.overall.score) > 0.02
                ),
                reason=reason,
                existing=existing.get(doc.fiscal_year) if doc.fiscal_year else None,
                findings=findings,
                errors=sum(f.severity == "error" for f in findings),
                warnings=sum(f.severity == "warning" for f in findings),
                blocking=[f.message for f in findings if f.severity == "error" and f.code in BLOCKING_CODES],
            )
        )
    return ImportReview(
        pending=pending,
        kind_label=_KINDS.get(pending.kind, pending.kind),
        expired=pending_expired(pending),
        sets=sets,
        savable=[s.index for s in sets if not s.reason],
    )


# --- pending imports --------------------------------------------------------------------------------------------

PENDING_TTL = timedelta(hours=24)  # a review older than this must be uploaded again


def pending_expired(pending: Any) -> bool:
    """Whether a pending import (of one agency's results, or of many agencies') waited past ``PENDING_TTL``."""
    return pending.created_at < timezone.now() - PENDING_TTL


def cannot_save_reason(doc: ParsedDocument, registry: FrameworkRegistry) -> str:
    """Why a document's results cannot be recorded as they are ("" when they can)."""
    if doc.fiscal_year is None:
        return "ไม่พบปีงบประมาณของผลการประเมินในไฟล์"
    try:
        framework = registry.get(doc.fiscal_year)
    except ProngsaiError as exc:
        return exc.th
    missing = [str(i.number) for i in framework.indicators.items if str(i.number) not in doc.indicators]
    if missing:
        return (
            f"ไฟล์ไม่มีคะแนนตัวชี้วัดที่ {', '.join(missing)} ของปีงบประมาณ {doc.fiscal_year}"
            " (ต้องมีครบทุกตัวชี้วัด ระบบจึงคำนวณคะแนนรวมได้) กรอกส่วนที่ขาดในแบบฟอร์มแทนได้"
        )
    known = {str(i.number) for i in framework.indicators.items}
    for key, value in doc.indicators.items():
        if key not in known:
            return f"ปีงบประมาณ {doc.fiscal_year} ไม่มีตัวชี้วัดที่ {key}"
        score = Decimal(str(value))
        if not 0 <= score <= 100 or score != score.quantize(Decimal("0.01")):
            return f"คะแนนตัวชี้วัดที่ {key} ({value}) ต้องอยู่ระหว่าง 0 ถึง 100 และมีทศนิยมไม่เกินสองตำแหน่ง"
    return ""


# --- the dashboard with its charts, cached per result version -------------------------------------------------

DASHBOARD_CACHE_SECONDS = 600


def dashboard_data_version(*, agency: Agency) -> str:
    """The version of the data the dashboard shows: the site's and the agency's public versions
    (``base.public_cache``), renewed by every audited write of the agency (results, plans, tasks…) and, site-wide,
    by every framework version; the agency's staff version (``base.versions``: complaints filed by the public,
    rounds' rows, renewed from those models' signals); and the deployed code (``versions.code_stamp``). The cached
    board, its rendered fragments (``assessments/dashboard.html``) and the kept next tasks are kept under it, so none
    is ever older than the data or the templates. One cache round trip."""
    return dashboard_versions(agency=agency)[0]


def dashboard_versions(*, agency: Agency, user_id: int | None = None) -> tuple[str, str, str]:
    """(``dashboard_data_version``, the person's version, the ``results`` version: ``base.versions``), in one cache
    round trip: what the dashboard kept per person is keyed on."""
    from prongsai.apps.base import versions
    from prongsai.apps.base.public_cache import SITE, version_name

    names = [version_name(SITE), version_name(agency.slug), versions.staff_name(agency.pk),
             versions.person_name(user_id), versions.RESULTS]
    site, own, staff, person, results = versions.versions(names)
    return f"{site}:{own}:{staff}:{versions.code_stamp()}", person, results


def dashboard_with_charts(
    *, agency: Agency, fiscal_year: int | None = None, data_version: str | None = None
) -> tuple[Dashboard, dict[str, Any]]:
    """``dashboard_for_agency`` and its three SVG charts, kept in Django's cache under the agency's and the site's
    public versions (``dashboard_data_version``, or the one given): every audited write of the agency's results, and
    every framework version (a site-wide bump), gives a new key, so a cached board is never older than the data."""
    from django.core.cache import cache

    from prongsai.apps.assessments.charts import column_chart, line_chart

    key = f"dashboard:{agency.pk}:{fiscal_year}:{data_version or dashboard_data_version(agency=agency)}"
    found = cache.get(key)
    if found is not None:
        return found
    board = dashboard_for_agency(agency=agency, fiscal_year=fiscal_year)
    charts = {
        "indicator_chart": column_chart(
            [(b.key, b.label, b.score) for b in board.indicators], pass_line=board.pass_line
        ),
        "instrument_chart": column_chart(
            [(b.key, b.label, b.score) for b in board.instruments], pass_line=board.pass_line
        ),
        "trend_chart": line_chart([(str(p.fiscal_year), p.overall) for p in board.trend], pass_line=board.pass_line),
    }
    cache.set(key, (board, charts), DASHBOARD_CACHE_SECONDS)
    return board, charts
