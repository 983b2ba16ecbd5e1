"""Posters (DOCX/PDF through ThaiDocument) with a QR code: a pulse round's link, or an official ITAS survey link."""

from __future__ import annotations

from prongsai.apps.base.qr import qr_png
from prongsai.core.documents.write.docx_thai import ThaiDocument


def poster(*, agency_name: str, title: str, lines: list[str], url: str) -> ThaiDocument:
    doc = ThaiDocument(title=title, page_numbers=None, digits="arabic")
    doc.heading(title, level=0)
    doc.paragraph(agency_name, align="center")
    for line in lines:
        doc.paragraph(line, align="center")
    doc.image(qr_png(url, scale=12), width_cm=9, caption="สแกน QR Code เพื่อตอบแบบสำรวจ")
    doc.paragraph(url, align="center")
    return doc
