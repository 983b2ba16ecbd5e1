"""The core pipeline: results → analysis → recommendations → plan → document content → layout.

The writers under core/documents/write are leaves: they lay out the pipeline's content and import nothing from
the analysis, the advice, the gains or the plan. Every document's words are plain data (`report_text`,
`news_text`) and are the very words the DOCX holds."""

from __future__ import annotations

import re
from datetime import date

import pytest

from prongsai.core.analysis import Analysis
from prongsai.core.documents.write.reports import render
from prongsai.core.pipeline import (
    KINDS,
    DocumentContent,
    ProgressError,
    ProgressInput,
    ProgressMeasure,
    ReportError,
    ReportInput,
    build_progress_report,
    build_report,
    news_text,
    prepare,
    progress_content,
    report_content,
    report_text,
)
from prongsai.core.plan import MeasuresPlan
from prongsai.core.scoring import score_indicators

VALUES = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]


@pytest.fixture(scope="module")
def reg():
    from prongsai.core.frameworks import FrameworkRegistry

    return FrameworkRegistry()


@pytest.fixture(scope="module")
def data(reg) -> ReportInput:
    def result(fy, values):
        return score_indicators(reg.get(fy), {i + 1: v for i, v in enumerate(values)})

    return ReportInput(
        agency_name="องค์การบริหารส่วนตำบลบ้านตัวอย่าง",
        district="เมืองตัวอย่าง",
        province="ตัวอย่าง",
        website="https://www.bantuayang.go.th",
        units=["สำนักปลัด", "กองคลัง", "กองช่าง"],
        signer_name="นายสมชาย ใจดี",
        result=result(2567, VALUES),
        history=[result(2566, [v - 3 for v in VALUES])],
        document_date=date(2024, 10, 15),
    )


@pytest.fixture(scope="module")
def prepared(data, reg):
    return prepare(data, registry=reg)


def test_prepare_runs_analysis_then_plan(prepared, data):
    analysis, plan = prepared
    assert isinstance(analysis, Analysis) and isinstance(plan, MeasuresPlan)
    assert analysis.fiscal_year == data.result.fiscal_year == 2567
    assert plan.fiscal_year == analysis.plan_fiscal_year == 2568
    assert plan.measures


def _docx_lines(doc) -> list[str]:
    """The non-empty paragraphs of a laid-out document, list items as "- …" (title left out)."""
    out = []
    for p in doc.document.paragraphs:
        text = p.text.replace("\u00a0", " ").strip()
        if text and p.style.name != "Title":
            out.append(f"- {text}" if p.style.name.startswith("List") else text)
    return out


@pytest.mark.parametrize("digits", ["arabic", "thai"])
def test_news_text_is_what_the_news_document_says(prepared, data, digits):
    analysis, plan = prepared
    news = news_text(analysis, plan, data, digits=digits)
    lines = _docx_lines(build_report("news", analysis, plan, data, digits=digits, charts=False))
    assert lines == [news.agency_line, news.title, news.date_line, *news.paragraphs, news.byline]
    assert news.body() == "\n\n".join([*news.paragraphs, news.byline])
    assert f"- {plan.measures[0].title_th}" in news.paragraphs
    assert "\u00a0" not in news.title + news.body()
    if digits == "thai":
        assert "๒๕๖๘" in news.title
        assert not re.search("[0-9]", news.body().replace("https://www.bantuayang.go.th", ""))
        assert "https://www.bantuayang.go.th" in news.body()
    else:
        assert "2568" in news.title and not re.search("[๐-๙]", news.body())
        assert f"{analysis.overall:.2f}" in news.body()


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_text_without_a_docx(prepared, data, kind):
    analysis, plan = prepared
    text = report_text(kind, analysis, plan, data, digits="arabic")
    thai = report_text(kind, analysis, plan, data, digits="thai")
    assert text.kind == kind and len(text.paragraphs) == len(thai.paragraphs) > 3
    if kind != "memo":  # the memo has no title heading
        assert text.title
    words = "\n".join(text.paragraphs)
    assert data.full_name() in words
    if kind in ("analysis", "memo", "news"):
        assert f"{analysis.overall:.2f}" in words
    if kind == "measures":
        assert all(m.title_th in words for m in plan.measures)


@pytest.mark.parametrize("kind", KINDS)
def test_content_is_plain_data_and_lays_out_the_same(prepared, data, kind):
    analysis, plan = prepared
    content = report_content(kind, analysis, plan, data)
    again = DocumentContent.model_validate_json(content.model_dump_json())
    assert again == content
    a = build_report(kind, analysis, plan, data, digits="thai")
    b = render(again, digits="thai")
    assert a.document.element.xml == b.document.element.xml


def test_charts_are_data_in_the_analysis(prepared, data):
    analysis, plan = prepared
    charts = [b for b in report_content("analysis", analysis, plan, data).blocks if b.type == "chart"]
    assert [c.chart for c in charts] == ["indicators", "trend"]
    assert charts[0].values == [s.score for s in analysis.indicators]
    assert not [b for b in report_content("analysis", analysis, plan, data, charts=False).blocks if b.type == "chart"]


def test_errors_come_from_the_pipeline(prepared, data, reg):
    analysis, plan = prepared
    with pytest.raises(ReportError):
        report_content("letter", analysis, plan, data)
    with pytest.raises(ReportError):
        news_text(analysis, plan, data, digits="roman")
    other, _ = prepare(data.model_copy(update={"plan_fiscal_year": 2570}), registry=reg)
    with pytest.raises(ReportError):
        news_text(other, plan, data)
    progress = ProgressInput(
        agency_name="อบต.ตัวอย่าง", fiscal_year=2568, period="6", as_of=date(2025, 2, 1),
        measures=[ProgressMeasure(number=1, title_th="มาตรการหนึ่ง", start=date(2024, 10, 1), end=date(2025, 9, 30))],
    )
    assert progress_content(progress).kind == "progress6"
    with pytest.raises(ProgressError):
        build_progress_report(progress, digits="roman")
    with pytest.raises(ProgressError):
        progress_content(progress.model_copy(update={"measures": []}))
