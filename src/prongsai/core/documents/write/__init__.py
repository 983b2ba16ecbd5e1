"""Writing documents: Thai DOCX (python-docx), PDF through LibreOffice, charts (matplotlib).

The document builders (analysis, measures plan) sit on top of these; see docs/documents.md.
"""

from prongsai.core.documents.write.docx_thai import (
    SARABUN,
    TH_SARABUN_NEW,
    FontPolicy,
    ThaiDocument,
    retarget_docx,
)

__all__ = ["SARABUN", "TH_SARABUN_NEW", "FontPolicy", "ThaiDocument", "retarget_docx"]
