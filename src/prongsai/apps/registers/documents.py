"""The Word/PDF reports of the registers: inventory check report, ethics summary (QR labels: ``base.qr``)."""

from __future__ import annotations

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.downloads import DOCX_TYPE  # noqa: F401 - the content type of the DOCX downloads
from prongsai.apps.registers.models import InventoryRound
from prongsai.apps.registers.selectors import ethics_summary, round_checklist, round_summary
from prongsai.core.documents.write.docx_thai import ThaiDocument


def inventory_report(*, agency: Agency, round: InventoryRound) -> ThaiDocument:
    """รายงานผลการตรวจสอบพัสดุประจำปี: totals, results, discrepancies and their follow-up, the full list."""
    summary = round_summary(agency=agency, round=round)
    doc = ThaiDocument(title=f"รายงานผลการตรวจนับพัสดุ {round.title}", digits="arabic")  # codes as on labels
    doc.heading(f"รายงานผลการตรวจนับพัสดุ {agency.name_th}", level=0)
    doc.paragraph(
        f"{round.title} ปีงบประมาณ {round.fiscal_year} ระหว่างวันที่ {doc.date(round.starts_on)}"
        f" ถึงวันที่ {doc.date(round.ends_on)}"
    )
    doc.heading("สรุปผล", level=1)
    rows = [["รายการในทะเบียน", summary.total], ["ตรวจนับแล้ว", summary.counted]]
    rows += [[label, n] for label, n in summary.by_result]
    rows.append(["ยังไม่ได้ตรวจนับ", summary.total - summary.counted])
    doc.table(["รายการ", "จำนวน"], rows, align=[None, "right"])
    doc.heading("รายการที่คลาดเคลื่อนและการติดตาม", level=1)
    if summary.discrepancies:
        doc.table(
            ["รหัส", "ชื่อ", "ผลการตรวจนับ", "การติดตาม", "ผลการติดตาม"],
            [
                [c.asset.code, c.asset.name, c.get_result_display(), c.get_follow_up_display(), c.follow_up_note]
                for c in summary.discrepancies
            ],
        )
    else:
        doc.paragraph("ไม่พบรายการที่คลาดเคลื่อน")
    doc.heading("รายการทั้งหมด", level=1)
    doc.table(
        ["รหัส", "ชื่อ", "หน่วยผู้ดูแล", "ผลการตรวจนับ"],
        [
            [
                r.asset.code,
                r.asset.name,
                r.asset.custodian_unit.name_th if r.asset.custodian_unit else "-",
                r.count.get_result_display() if r.count else "ยังไม่ได้ตรวจนับ",
            ]
            for r in round_checklist(agency=agency, round=round)
        ],
    )
    doc.signature("……………………………………………", ["ประธานกรรมการตรวจสอบพัสดุ"], sign_line=True)
    return doc


def ethics_report(*, agency: Agency, fiscal_year: int) -> ThaiDocument:
    """สรุปผลกิจกรรมส่งเสริมคุณธรรมจริยธรรมประจำปี."""
    year = ethics_summary(agency=agency, fiscal_year=fiscal_year)
    doc = ThaiDocument(title=f"สรุปกิจกรรมส่งเสริมคุณธรรมจริยธรรม ปีงบประมาณ {fiscal_year}")
    doc.heading(f"สรุปผลกิจกรรมส่งเสริมคุณธรรมจริยธรรม ปีงบประมาณ {fiscal_year}", level=0)
    doc.paragraph(agency.name_th)
    doc.paragraph(
        f"จัดกิจกรรม {doc.number(len(year.activities))} กิจกรรม ผู้เข้าร่วมรวม {doc.number(year.attendees)} คน"
        f" รวม {doc.number(float(year.hours), 1)} ชั่วโมง ({doc.number(float(year.person_hours), 1)} คน-ชั่วโมง)"
    )
    if year.activities:
        doc.table(
            ["วันที่", "กิจกรรม", "ผู้เข้าร่วม (คน)", "ชั่วโมง"],
            [[doc.date(a.held_on, short=True), a.title, a.attendees, float(a.hours)] for a in year.activities],
            align=[None, None, "right", "right"],
            decimals=[None, None, 0, 1],
        )
        materials = [f"{a.title}: {url}" for a in year.activities for url in a.material_urls]
        if materials:
            doc.heading("เอกสารและสื่อประกอบ", level=1)
            doc.bullets(materials)
    return doc
