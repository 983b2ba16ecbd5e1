"""The straight pipeline of the core: results → analysis → recommendations → measures plan → what each document
says (a neutral content model) → its layout (`prongsai.core.documents.write`, the leaves).

    from prongsai.core.pipeline import ReportInput, prepare, build_report, news_text

    data = ReportInput(agency_name="องค์การบริหารส่วนตำบลโละจูด", district="แว้ง", province="นราธิวาส",
                       units=["สำนักปลัด", "กองคลัง", "กองช่าง"], result=score_result)
    analysis, plan = prepare(data)                                  # analyse → recommend → draft_plan
    content = report_content("measures", analysis, plan, data)      # blocks: heading, paragraph, table …
    doc = build_report("measures", analysis, plan, data, digits="thai")   # ThaiDocument: save / to_pdf
    news = news_text(analysis, plan, data, digits="arabic")         # the news item as plain text

Modules: `inputs` (ReportInput, the results loaders, prepare), `content` (the blocks and their plain text),
`reports` (the four documents of a result: analysis, measures, news, memo), `progress` (the 6- and 12-month
progress reports). Pure core: no Django. The writers import only `content` from here.
"""

from prongsai.core.pipeline.content import (
    DocumentContent,
    DocumentText,
    ProgressError,
    ReportError,
    document_text,
)
from prongsai.core.pipeline.inputs import (
    AGENCY_TYPES,
    TOLERANCE,
    LoadedResults,
    ReportInput,
    prepare,
    results_from_json,
    results_from_parsed,
)
from prongsai.core.pipeline.progress import (
    PERIOD_TH,
    REPORT_TITLE_TH,
    STATUS_TH,
    ProgressEvidence,
    ProgressInput,
    ProgressMeasure,
    ProgressTask,
    Summary,
    build_progress_report,
    progress_content,
    summary,
)
from prongsai.core.pipeline.reports import (
    KIND_TH,
    KINDS,
    NewsText,
    ReportKind,
    build_report,
    news_text,
    report_content,
    report_text,
)

__all__ = [
    "AGENCY_TYPES",
    "KINDS",
    "KIND_TH",
    "PERIOD_TH",
    "REPORT_TITLE_TH",
    "STATUS_TH",
    "TOLERANCE",
    "DocumentContent",
    "DocumentText",
    "LoadedResults",
    "NewsText",
    "ProgressError",
    "ProgressEvidence",
    "ProgressInput",
    "ProgressMeasure",
    "ProgressTask",
    "ReportError",
    "ReportInput",
    "ReportKind",
    "Summary",
    "build_progress_report",
    "build_report",
    "document_text",
    "news_text",
    "prepare",
    "progress_content",
    "report_content",
    "report_text",
    "results_from_json",
    "results_from_parsed",
    "summary",
]
