"""Reads for ITA results, including the read model the results page shows.

Indicator and instrument names come from the fiscal year's framework, not from the database, so a
corrected name in a framework file shows everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry, default_registry
from prongsai.core.frameworks.schema import Framework


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


def results_overview_for_agency(*, agency: Agency, registry: FrameworkRegistry | None = None) -> ResultsOverview:
    """Every result of the agency with indicator and instrument names from each year's framework."""
    registry = registry or default_registry()
    results = list(results_for_agency(agency=agency))
    columns: dict[str, InstrumentColumn] = {}
    prepared = []
    for result in results:
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
                        number=s.number,
                        name_th=names.get(s.number, (f"ตัวชี้วัดที่ {s.number}", ""))[0],
                        instrument=names.get(s.number, ("", ""))[1],
                        score=s.score,
                    )
                    for s in result.indicator_scores.all()
                ],
                framework_title=framework.title_th if framework else "",
                warnings=warnings,
                updated_at=result.updated_at,
            )
        )
    return ResultsOverview(instruments=list(columns.values()), results=summaries)
