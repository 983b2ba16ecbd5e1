"""Lays out the progress report on the measures plan (รายงานการกำกับติดตามการดำเนินการตามมาตรการส่งเสริมคุณธรรม
และความโปร่งใสภายในหน่วยงาน, 6 months or the whole year) as a `ThaiDocument`.

A leaf: the tracking data (`ProgressInput`), the numbers (`summary`) and every sentence and table are the
pipeline's (`prongsai.core.pipeline.progress`, `progress_content`); this module only lays the blocks out.

    from prongsai.core.pipeline import build_progress_report, progress_content

    doc = build_progress_report(data, digits="thai")            # = render_progress(progress_content(data), …)
"""

from __future__ import annotations

from prongsai.core.documents.write.docx_thai import Digits, FontPolicy, ThaiDocument
from prongsai.core.documents.write.reports import render
from prongsai.core.pipeline.content import DocumentContent, ProgressError


def render_progress(
    content: DocumentContent, *, digits: Digits = "thai", font_policy: str | FontPolicy = "th-sarabun-new"
) -> ThaiDocument:
    """The progress report's blocks laid out (`digits` "thai" or "arabic")."""
    if digits not in ("thai", "arabic"):
        raise ProgressError("เลขต้องเป็น thai หรือ arabic", "digits must be 'thai' or 'arabic'")
    return render(content, digits=digits, font_policy=font_policy)


__all__ = ["render_progress"]
