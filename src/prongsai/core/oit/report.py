"""The website check for people: an HTML page (every value escaped) and a PDF (Thai DOCX → LibreOffice).

    html = render_html(report)                     # a complete <html lang="th"> document, no external resources
    pdf = render_pdf(report, "oit-2568.pdf")       # needs LibreOffice (soffice); raises DocumentError without it
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from prongsai.core.oit.checker import FIX_PREFIX, VERDICT_TH, SiteReport
from prongsai.core.thai import thai_date

_CSS = """
body{font-family:Sarabun,"TH Sarabun New",Tahoma,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}.found{color:#0a6b2d;font-weight:bold}.missing{color:#b00020;font-weight:bold}
.doubtful{color:#9a5b00;font-weight:bold}.fix{color:#444}.small{font-size:.9em;color:#555}
ul{margin:.2rem 0;padding-left:1.2rem}a{word-break:break-all}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _link(url: str) -> str:
    safe = url if url.startswith(("http://", "https://")) else ""
    return f'<a href="{_e(safe)}" rel="noopener noreferrer">{_e(url)}</a>' if safe else _e(url)


def _ms(value: object) -> str:
    return f"{value:,.0f} ms" if isinstance(value, int | float) else "-"


def render_html(report: SiteReport, *, title: str | None = None) -> str:
    """A self-contained Thai HTML report of one website check."""
    counts = report.counts()
    heading = title or f"ผลการตรวจเว็บไซต์ตามข้อ OIT ปีงบประมาณ พ.ศ. {report.fiscal_year}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="th"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(heading)}</h1>",
        f"<p>เว็บไซต์: {_link(report.site)}<br>ตรวจเมื่อ {_e(thai_date(report.checked_at.date()))}"
        f" {_e(report.checked_at.strftime('%H:%M'))} น. (UTC) ใช้เวลา {_e(f'{report.seconds:,.1f}')} วินาที"
        f" ตรวจ {_e(report.pages_crawled)} หน้า {_e(report.files_checked)} ไฟล์</p>",
        f"<p>พบ <span class=found>{counts['found']}</span> ข้อ · น่าสงสัย <span class=doubtful>{counts['doubtful']}</span>"
        f" ข้อ · ไม่พบ <span class=missing>{counts['missing']}</span> ข้อ จากทั้งหมด {len(report.items)} ข้อ</p>",
        '<p class="small">ผลนี้ได้จากการจับคู่ชื่อลิงก์และหัวข้อกับชื่อข้อ OIT โดยอัตโนมัติ (heuristic)'
        " ใช้เพื่อเตรียมความพร้อมก่อนส่ง ไม่ใช่ผลการประเมินของผู้ประเมิน</p>",
        "<h2>รายข้อ</h2>",
        "<table><thead><tr><th>ข้อ</th><th>ชื่อข้อ</th><th>ผล</th><th>URL</th><th>เหตุผลและแนวทางแก้ไข</th></tr>"
        "</thead><tbody>",
    ]
    for item in report.items:
        urls = "<br>".join(_link(u) for u in item.urls) or "-"
        reasons = "".join(f"<li>{_e(r)}</li>" for r in item.reasons)
        fixes = "".join(f'<li class="fix">{_e(FIX_PREFIX + f)}</li>' for f in item.fixes)
        how = f'<div class="small">วิธีเข้าถึง: {_e(" → ".join(item.how_to_find))}</div>' if item.how_to_find else ""
        out.append(
            f"<tr><td>{_e(item.code.upper())}</td><td>{_e(item.title)}</td>"
            f'<td class="{_e(item.verdict)}">{_e(VERDICT_TH[item.verdict])}</td>'
            f"<td>{urls}</td><td><ul>{reasons}{fixes}</ul>{how}</td></tr>"
        )
    out.append("</tbody></table>")

    out.append("<h2>HTTPS</h2>")
    out.append(f"<p>{'ใช้ HTTPS' if report.https else 'ไม่ใช้ HTTPS'}: {_e(report.https_note)}</p>")

    rt = report.response_times
    out.append("<h2>เวลาตอบสนอง</h2>")
    out.append(
        f"<p>หน้าหลัก {_ms(rt.get('home_ms'))} · เฉลี่ย {_ms(rt.get('mean_ms'))} · มัธยฐาน {_ms(rt.get('median_ms'))}"
        f" · P90 {_ms(rt.get('p90_ms'))} · สูงสุด {_ms(rt.get('max_ms'))} (จาก {_e(rt.get('count', 0))} คำขอ)</p>"
    )
    if rt.get("slowest"):
        out.append("<ul>" + "".join(
            f"<li>{_link(s['url'])} {_ms(s['ms'])}{' (' + _e(s['error']) + ')' if s.get('error') else ''}</li>"
            for s in rt["slowest"]
        ) + "</ul>")

    out.append(f"<h2>ลิงก์เสีย ({len(report.broken_detail)})</h2>")
    if report.broken_detail:
        out.append("<table><thead><tr><th>URL</th><th>ปัญหา</th><th>พบที่หน้า</th></tr></thead><tbody>")
        for b in report.broken_detail:
            out.append(
                f"<tr><td>{_link(b['url'])}</td><td>{_e(b.get('detail') or b.get('error'))}</td>"
                f"<td>{_link(b['found_on']) if b.get('found_on') else '-'}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>ไม่พบลิงก์เสียภายในเว็บไซต์หลัก</p>")

    if report.external_drive_links:
        out.append(f"<h2>ลิงก์ไปยังที่เก็บไฟล์ภายนอก ({len(report.external_drive_links)})</h2><ul>")
        out += [
            f"<li>{_e(d['drive'])}: {_link(d['url'])} (จากหน้า {_link(d['found_on'])})</li>"
            for d in report.external_drive_links
        ]
        out.append("</ul>")
    if report.redirects:
        out.append(f"<h2>การเปลี่ยนเส้นทาง ({len(report.redirects)})</h2><ul>")
        out += [f"<li>{_link(r['from'])} → ({_e(r['status'])}) {_link(r['to'])}</li>" for r in report.redirects[:50]]
        out.append("</ul>")
    notes = [*report.notes]
    if report.robots.get("blocked"):
        notes.append("robots.txt ห้ามตรวจ: " + ", ".join(report.robots["blocked"][:20]))
    if notes:
        out.append("<h2>หมายเหตุ</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def render_docx(report: SiteReport):
    """The report as a `ThaiDocument` (A4, TH Sarabun New) to save as DOCX or convert to PDF."""
    from prongsai.core.documents.write import ThaiDocument

    counts = report.counts()
    doc = ThaiDocument(digits="arabic", title=f"ผลการตรวจเว็บไซต์ OIT {report.fiscal_year}")
    doc.heading(f"ผลการตรวจเว็บไซต์ตามข้อ OIT ปีงบประมาณ พ.ศ. {report.fiscal_year}", level=0)
    doc.paragraph(f"เว็บไซต์ {report.site} ตรวจเมื่อ {thai_date(report.checked_at.date())}")
    doc.paragraph(
        f"พบ {counts['found']} ข้อ น่าสงสัย {counts['doubtful']} ข้อ ไม่พบ {counts['missing']} ข้อ"
        f" จากทั้งหมด {len(report.items)} ข้อ · HTTPS: {'ใช้' if report.https else 'ไม่ใช้'}"
        f" · ลิงก์เสีย {len(report.broken_links)} ลิงก์"
    )
    rows = []
    for item in report.items:
        detail = [*item.reasons, *(FIX_PREFIX + f for f in item.fixes)]
        rows.append([
            item.code.upper(),
            item.title,
            VERDICT_TH[item.verdict],
            "\n".join(item.urls[:3]) or "-",
            "\n".join(detail),
        ])
    doc.table(["ข้อ", "ชื่อข้อ", "ผล", "URL", "เหตุผลและแนวทางแก้ไข"], rows, widths_cm=[1.2, 3.6, 1.6, 4.2, 5.4], size=12)
    if report.broken_links:
        doc.heading("ลิงก์เสีย", level=1)
        doc.bullets(report.broken_links[:100])
    return doc


def render_pdf(report: SiteReport, out_path: Path | str | None = None) -> bytes:
    """The report as PDF through LibreOffice (`prongsai.core.documents.write`); DocumentError when it is missing."""
    return render_docx(report).to_pdf(out_path)
