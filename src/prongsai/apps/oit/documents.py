"""DOCX files made in the request (small, no LibreOffice): a clarification and the uptime summary, through the
core ``ThaiDocument`` (A4, TH Sarabun New, Thai or Arabic digits)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from prongsai.core.documents.write import ThaiDocument
from prongsai.core.oit import ChecklistItem
from prongsai.core.thai import thai_date


def clarification_docx(item: ChecklistItem, *, digits: str = "thai") -> bytes:
    """The officer's ชี้แจงเพิ่มเติม as typed: the first line is the subject, list lines keep their place."""
    doc = ThaiDocument(digits=digits, title=f"ชี้แจงเพิ่มเติม OIT ข้อ {item.code.upper()}", page_numbers=None)
    text_lines = (item.clarification or "").splitlines()
    for n, line in enumerate(text_lines):
        stripped = line.strip()
        if not stripped:
            continue
        if n == 0:
            doc.paragraph(stripped, bold=True, indent=False)
        elif line.startswith(" ") or stripped[0].isdigit() or stripped.startswith("-"):
            doc.paragraph(stripped, indent=1.0 if line.startswith(" ") else False)
        else:
            doc.paragraph(stripped)
    return doc.to_bytes()


def _ms(value) -> str:
    return f"{value:,.0f} มิลลิวินาที" if isinstance(value, int | float) else "-"


def _when(value) -> str:
    if not value:
        return "-"
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    local = timezone.localtime(at)
    return f"{thai_date(local.date(), short=True)} {local:%H:%M} น."


def uptime_docx(*, agency_name: str, page, now: datetime) -> bytes:
    """Availability over 7/30/90 days and the outages of the chosen window, to show the assessor."""
    doc = ThaiDocument(digits="arabic", title="การใช้งานได้ของเว็บไซต์หลัก")
    doc.heading("รายงานการใช้งานได้ของเว็บไซต์หลัก", level=0)
    doc.paragraph(f"{agency_name} เว็บไซต์ {page.url or '-'}", indent=False)
    doc.paragraph(f"จัดทำเมื่อ {_when(now)} ตรวจอัตโนมัติทุก 5 นาที", indent=False)
    rows = []
    for days, s in page.windows.items():
        pct = s.get("uptime_percent")
        rows.append([
            f"{days} วัน", "-" if pct is None else f"{pct:.2f}%", str(s.get("samples", 0)), str(len(s["outages"])),
            _ms(s.get("mean_ms")), _ms(s.get("p95_ms")),
        ])
    doc.table(["ช่วงเวลา", "ใช้งานได้", "จำนวนครั้งที่ตรวจ", "ล่ม (ครั้ง)", "เวลาตอบสนองเฉลี่ย", "P95"], rows, size=14)
    outages = page.summary["outages"]
    doc.heading(f"ช่วงที่เว็บไซต์ใช้งานไม่ได้ใน {page.days} วันที่ผ่านมา ({len(outages)} ครั้ง)", level=1)
    if outages:
        doc.table(
            ["เริ่ม", "สิ้นสุด", "นาน (นาที)", "ปัญหา"],
            [[_when(o["start"]), _when(o["end"]) if o["end"] else "ยังใช้งานไม่ได้",
              "-" if o["minutes"] is None else f"{o['minutes']:,.1f}", o.get("error") or "-"] for o in outages],
            size=14,
        )
    else:
        doc.paragraph("ไม่พบช่วงที่ใช้งานไม่ได้", indent=False)
    return doc.to_bytes()
