"""Writing documents: Thai DOCX (python-docx), PDF through LibreOffice, charts (matplotlib).

These are leaves: what a document says is decided by the core pipeline (`prongsai.core.pipeline`: the analysis,
measures, news, memo and progress reports as a neutral content model); `reports.render` and
`progress.render_progress` only lay that content out. Nothing here imports the analysis, the advice, the gains or
the plan (tests/core/test_pipeline.py). See docs/documents.md.
"""

from prongsai.core.documents.write.docx_thai import (
    SARABUN,
    TH_SARABUN_NEW,
    FontPolicy,
    ThaiDocument,
    retarget_docx,
)

__all__ = ["SARABUN", "TH_SARABUN_NEW", "FontPolicy", "ThaiDocument", "retarget_docx"]
