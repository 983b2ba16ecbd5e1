"""From stored rows to the core's inputs: results → ``ScoreResult``/``ReportInput``; a plan → ``MeasuresPlan``;
tracking data → ``ProgressInput``. Reads only; no writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.assessments.models import AssessmentResult, QuestionScore
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.plans.models import Comment, CommentKind, Plan, PlanMeasure, Task
from prongsai.core.analysis import Analysis
from prongsai.core.documents.model import QuestionScore as CoreQuestion
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.pipeline import ProgressEvidence, ProgressInput, ProgressMeasure, ProgressTask, ReportInput
from prongsai.core.places import place_th
from prongsai.core.plan import MeasuresPlan
from prongsai.core.scoring import ScoreResult, score_indicators
from prongsai.core.thai import thai_date


def score_result(result: AssessmentResult, registry: FrameworkRegistry | None = None) -> ScoreResult | None:
    """The core's result of a stored year (recomputed from its indicator scores); None when it no longer scores."""
    registry = registry or framework_registry()
    try:
        framework = registry.get(result.fiscal_year)
        return score_indicators(framework, {s.number: s.score for s in result.indicator_scores.all()})
    except ProngsaiError:
        return None


def _questions(result: AssessmentResult) -> list[CoreQuestion]:
    out = []
    for q in QuestionScore.objects.filter(result=result).order_by("position"):
        instrument = q.instrument if q.instrument in ("IIT", "EIT", "OIT") else None
        out.append(
            CoreQuestion(
                code=q.code or None, text=q.text, indicator=q.indicator, instrument=instrument, score=float(q.score)
            )
        )
    return out


def report_input(
    *,
    agency: Agency,
    results_fiscal_year: int,
    plan_fiscal_year: int,
    coordinator_unit: str | None = None,
    document_date: date | None = None,
    registry: FrameworkRegistry | None = None,
    published_only: bool = False,
) -> ReportInput:
    """What the core pipeline's ``prepare``, ``build_report`` and ``news_text`` need, from the agency and its
    stored results; ``published_only``: from each year's published version only (what the public may see)."""
    registry = registry or framework_registry()
    if published_only:
        return _published_report_input(
            agency=agency, results_fiscal_year=results_fiscal_year, plan_fiscal_year=plan_fiscal_year,
            registry=registry,
        )
    results = list(
        AssessmentResult.objects.filter(agency=agency, fiscal_year__lte=results_fiscal_year)
        .prefetch_related("indicator_scores")
        .order_by("-fiscal_year")
    )
    if not results or results[0].fiscal_year != results_fiscal_year:
        raise ProngsaiError(
            f"ไม่มีผลการประเมินปีงบประมาณ {results_fiscal_year} ของหน่วยงานนี้",
            f"no FY{results_fiscal_year} result for this agency",
        )
    main = score_result(results[0], registry)
    if main is None:
        raise ProngsaiError(
            f"ผลการประเมินปีงบประมาณ {results_fiscal_year} ที่บันทึกไว้ไม่ครบตามกรอบการประเมินของปีนั้น จึงวิเคราะห์ไม่ได้",
            f"the stored FY{results_fiscal_year} result does not fit its framework",
        )
    history = [r for r in (score_result(x, registry) for x in results[1:]) if r is not None]
    units = [u.name_th for u in Unit.objects.filter(agency=agency).order_by("pk")]
    return ReportInput(
        agency_name=agency.name_th,
        district=agency.district or None,
        province=agency.province or None,
        website=agency.website or None,
        units=units,
        coordinator_unit=coordinator_unit,
        result=main,
        history=history,
        questions=_questions(results[0]),
        plan_fiscal_year=plan_fiscal_year,
        document_date=document_date,
    )


def _score_snapshot(snapshot: dict[str, Any], fiscal_year: int, registry: FrameworkRegistry) -> ScoreResult | None:
    try:
        return score_indicators(
            registry.get(fiscal_year), {int(k): Decimal(str(v)) for k, v in (snapshot.get("indicators") or {}).items()}
        )
    except (ProngsaiError, ValueError, InvalidOperation):
        return None


def _published_report_input(
    *, agency: Agency, results_fiscal_year: int, plan_fiscal_year: int, registry: FrameworkRegistry
) -> ReportInput:
    from prongsai.apps.assessments.selectors import published_snapshots

    snaps = {
        year: version.snapshot or {}
        for year, (version, _result) in published_snapshots(agency=agency).items()
        if year <= results_fiscal_year
    }
    if results_fiscal_year not in snaps:
        raise ProngsaiError(
            f"ยังไม่มีผลการประเมินปีงบประมาณ {results_fiscal_year} ที่เผยแพร่แล้ว",
            f"no published FY{results_fiscal_year} result",
        )
    main = _score_snapshot(snaps[results_fiscal_year], results_fiscal_year, registry)
    if main is None:
        raise ProngsaiError(
            f"ผลการประเมินปีงบประมาณ {results_fiscal_year} ที่เผยแพร่ไม่ครบตามกรอบการประเมินของปีนั้น จึงวิเคราะห์ไม่ได้",
            f"the published FY{results_fiscal_year} result does not fit its framework",
        )
    earlier = [y for y in sorted(snaps, reverse=True) if y != results_fiscal_year]
    history = [r for r in (_score_snapshot(snaps[y], y, registry) for y in earlier) if r is not None]
    questions = []
    for q in snaps[results_fiscal_year].get("questions") or []:
        instrument = q.get("instrument") if q.get("instrument") in ("IIT", "EIT", "OIT") else None
        questions.append(
            CoreQuestion(
                code=q.get("code") or None, text=q.get("text") or "", indicator=q.get("indicator"),
                instrument=instrument, score=float(q.get("score") or 0),
            )
        )
    return ReportInput(
        agency_name=agency.name_th,
        district=agency.district or None,
        province=agency.province or None,
        website=agency.website or None,
        units=[u.name_th for u in Unit.objects.filter(agency=agency).order_by("pk")],
        coordinator_unit=None,
        result=main,
        history=history,
        questions=questions,
        plan_fiscal_year=plan_fiscal_year,
        document_date=None,
    )


def plan_json(plan: Plan, measures: list[PlanMeasure] | None = None) -> dict[str, Any]:
    """The whole plan as the core's JSON: the header with its measures in order."""
    rows = measures if measures is not None else list(plan.measures.order_by("number", "pk"))
    return {**plan.header, "measures": [m.data for m in rows]}


def measures_plan(plan: Plan) -> MeasuresPlan:
    """The stored plan, validated by the core (raises ``PlanError`` if it no longer is valid)."""
    return MeasuresPlan.from_json_dict(plan_json(plan))


def analysis_of(plan: Plan) -> Analysis:
    return Analysis.from_json_dict(plan.analysis)


def _progress_evidence(task: Task) -> list[ProgressEvidence]:
    out = []
    for e in task.evidence.all():
        if e.url:
            out.append(ProgressEvidence(label=e.title, url=e.url))
        else:
            out.append(ProgressEvidence(label=f"{e.title} (ไฟล์ {e.original_name})"))
    return out


def progress_input(*, plan: Plan, period: str, as_of: date) -> ProgressInput:
    """The tracking data of a plan for the 6-month (``"6"``) or annual (``"12"``) report."""
    agency = plan.agency
    measures = []
    rows = plan.measures.order_by("number", "pk").prefetch_related("tasks__evidence", "tasks__owner_unit")
    for m in rows:
        data = m.data
        tasks = []
        for t in m.tasks.all():
            notes = [
                c.body
                for c in Comment.objects.filter(task=t, kind__in=[CommentKind.PROGRESS, CommentKind.COMMENT]).order_by(
                    "-created_at", "-pk"
                )[:2]
            ]
            tasks.append(
                ProgressTask(
                    title_th=t.title_th,
                    owner_unit=t.owner_unit.name_th,
                    due=t.due,
                    status=t.status,
                    progress=t.progress,
                    evidence=_progress_evidence(t),
                    notes_th=notes,
                )
            )
        measures.append(
            ProgressMeasure(
                number=m.number,
                title_th=m.title_th,
                responsible_unit=str(data.get("responsible_unit", "")),
                start=date.fromisoformat(data["start"]),
                end=date.fromisoformat(data["end"]),
                tasks=tasks,
            )
        )
    place = place_th(district=agency.district, province=agency.province)
    status_th = None
    if plan.status == "approved" and plan.decided_at is not None:
        status_th = f"ผู้บริหารอนุมัติเมื่อ {thai_date(timezone.localdate(plan.decided_at))}"
    coordinator = str(plan.header.get("coordinator") or "สำนักปลัด")
    return ProgressInput(
        agency_name=agency.name_th,
        place=place,
        website=agency.website or None,
        fiscal_year=plan.fiscal_year,
        period=period,
        as_of=as_of,
        coordinator_unit=coordinator,
        plan_status_th=status_th,
        measures=measures,
    )
