"""Open data: every published table as CSV (UTF-8 with BOM, for Excel), JSON and XLSX at stable URLs,
with metadata in the fields of the Thai government data catalogue (GD-Catalog / ckanext-thai_gdc).

    /p/<slug>/data/                       the catalogue (HTML), /p/<slug>/data/catalog.json (metadata only)
    /p/<slug>/data/<dataset>/             one dataset: metadata, columns, a preview
    /p/<slug>/data/<dataset>.csv|json|xlsx

Column names are English snake_case (data.go.th asks for English names without spaces; procurement
columns follow the e-GP data). Values are typed: dates are ISO dates (``date`` cells in XLSX), money is a
number with two decimals, counts are integers. Text cells that begin with = + - @ (or a tab/CR) are
prefixed with ' in CSV and XLSX, so that a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.core.spreadsheet import neutralise_cell

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LICENSE = "Open Data Common"


@dataclass(frozen=True)
class Column:
    name: str  # open-data column name (English, snake_case)
    label_th: str
    type: str  # "text" | "integer" | "money" | "decimal" | "date" | "boolean"
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title_th: str
    notes: str  # description (GD-Catalog ``notes``)
    columns: tuple[Column, ...]
    rows: Callable[[Agency], list[dict[str, Any]]]
    data_type: str = "ข้อมูลระเบียน"  # ข้อมูลระเบียน | ข้อมูลสถิติ
    objective: tuple[str, ...] = ("พันธกิจหน่วยงาน", "กฎหมายที่เกี่ยวข้อง")
    update_frequency_unit: str = "เดือน"
    update_frequency_interval: int = 1
    tags: tuple[str, ...] = ()
    oit_items: tuple[str, ...] = ()  # which OIT items this dataset serves (by title keyword, informative)
    unit_of_measure: str = ""
    extra: dict[str, str] = field(default_factory=dict)




def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_cell(value)
    return str(value)


def to_csv(dataset: Dataset, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    for row in rows:
        writer.writerow([_cell_text(row.get(c.name)) for c in dataset.columns])
    return buffer.getvalue().encode("utf-8-sig")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_json(dataset: Dataset, rows: list[dict[str, Any]], metadata: dict[str, Any]) -> bytes:
    doc = {
        "metadata": metadata,
        "fields": [{"id": c.name, "type": c.type, "label_th": c.label_th} for c in dataset.columns],
        "records": [{c.name: _json_value(row.get(c.name)) for c in dataset.columns} for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(dataset: Dataset, rows: list[dict[str, Any]], metadata: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append([c.name for c in dataset.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for col, column in enumerate(dataset.columns, start=1):
            value = row.get(column.name)
            cell = ws.cell(row=r, column=col)
            if value is None:
                continue
            if isinstance(value, bool):
                cell.value = value
            elif isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "#,##0.00"
            elif isinstance(value, datetime):
                cell.value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, int | float):
                cell.value = value
            else:
                cell.value = neutralise_cell(str(value))
                cell.data_type = "s"  # never a formula, whatever the text
    ws.freeze_panes = "A2"
    meta = wb.create_sheet("metadata")
    meta.append(["field", "value"])
    for key, value in metadata.items():
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        meta.append([key, neutralise_cell(text)])
        meta.cell(row=meta.max_row, column=2).data_type = "s"
    columns = wb.create_sheet("columns")
    columns.append(["name", "type", "label_th"])
    for c in dataset.columns:
        columns.append([c.name, c.type, c.label_th])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def metadata_for(dataset: Dataset, agency: Agency, *, base_url: str = "", last_updated: date | None = None) -> dict:
    """The dataset's metadata with GD-Catalog field names (ckanext-thai_gdc ``ckan_dataset.json``)."""
    today = timezone.localdate()
    meta: dict[str, Any] = {
        "name": f"{agency.slug}-{dataset.slug}",
        "title": f"{dataset.title_th} ({agency.name_th})",
        "data_type": dataset.data_type,
        "owner_org": agency.name_th,
        "maintainer": agency.name_th,
        "maintainer_email": "",
        "tag_string": ", ".join(("ITA", "OIT", *dataset.tags)),
        "notes": dataset.notes,
        "objective": list(dataset.objective),
        "update_frequency_unit": dataset.update_frequency_unit,
        "update_frequency_interval": dataset.update_frequency_interval,
        "geo_coverage": "เทศบาล/อบต." if agency.kind != "other" else "ไม่มี",
        "data_source": agency.name_th,
        "data_format": ["CSV", "JSON", "XLS"],
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": LICENSE,
        "accessible_condition": "ใช้ได้โดยไม่มีเงื่อนไข โปรดอ้างอิงแหล่งที่มา",
        "data_language": ["ไทย"],
        "url": f"{base_url}/p/{agency.slug}/data/{dataset.slug}/",
        "last_updated_date": (last_updated or today).isoformat(),
        "allow_harvest": "True",
    }
    if dataset.data_type == "ข้อมูลสถิติ":
        meta["unit_of_measure"] = dataset.unit_of_measure or "รายการ"
        meta["disaggregate"] = ["อื่นๆ"]
    meta["resources"] = [
        {
            "name": f"{dataset.slug}.{fmt}",
            "format": fmt.upper(),
            "url": f"{base_url}/p/{agency.slug}/data/{dataset.slug}.{fmt}",
        }
        for fmt in FORMATS
    ]
    return meta


# --- the datasets ------------------------------------------------------------------------------------------


def _ita_results(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.assessments.selectors import results_overview_for_agency

    overview = results_overview_for_agency(agency=agency)
    out = []
    for r in overview.results:
        inst = {c.code: v for c, v in r.instruments}
        out.append(
            {
                "fiscal_year": r.fiscal_year,
                "overall_score": r.overall,
                "level": r.level,
                "passed": r.passed,
                "iit_score": _dec(inst.get("IIT")),
                "eit_score": _dec(inst.get("EIT")),
                "oit_score": _dec(inst.get("OIT")),
            }
        )
    return out


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _ita_indicators(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.assessments.selectors import results_overview_for_agency

    return [
        {
            "fiscal_year": r.fiscal_year,
            "indicator_number": i.number,
            "indicator_name": i.name_th,
            "instrument": i.instrument,
            "score": i.score,
        }
        for r in results_overview_for_agency(agency=agency).results
        for i in r.indicators
    ]


def _plan(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.procurement.selectors import plan_items_for_agency

    return [
        {
            "fiscal_year": p.fiscal_year,
            "project_name": p.project_name,
            "budget_category": p.get_budget_category_display(),
            "is_investment": p.budget_category == "investment",
            "budget_amount": p.budget_amount,
            "purchase_method": p.get_purchase_method_display(),
            "planned_month": p.planned_month.replace(day=1),
            "unit_name": p.unit_name,
        }
        for p in plan_items_for_agency(agency=agency)
    ]


def _announcements(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.procurement.selectors import announcements_for_agency

    return [
        {
            "fiscal_year": a.fiscal_year,
            "announce_date": a.announce_date,
            "announcement_type": a.get_kind_display(),
            "title": a.title,
            "project_id": a.project_id,
            "url": a.url,
        }
        for a in announcements_for_agency(agency=agency)
    ]


def _contracts(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.procurement.selectors import contracts_for_agency

    return [
        {
            "budget_year": c.fiscal_year,
            "project_id": c.project_id,
            "project_name": c.project_name,
            "project_type_name": c.project_type,
            "purchase_method_name": c.purchase_method,
            "budget_category": c.get_budget_category_display(),
            "is_investment": c.is_investment,
            "project_money": c.project_money,
            "price_build": c.price_build,
            "price_agree": c.price_agree,
            "winner": c.winner,
            "winner_tin": c.winner_tin,
            "contract_no": c.contract_no,
            "contract_date": c.contract_date,
            "contract_finish_date": c.contract_finish_date,
            "announce_date": c.announce_date,
            "project_status": c.project_status,
            "reason": c.reason,
        }
        for c in contracts_for_agency(agency=agency)
    ]


def _monthly(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.procurement.selectors import monthly_summary

    return [
        {
            "fiscal_year": m.fiscal_year,
            "month": m.month,
            "contracts": m.contracts,
            "project_money": m.project_money,
            "price_agree": m.price_agree,
            "investment_contracts": m.investment_contracts,
            "investment_price_agree": m.investment_price_agree,
        }
        for m in monthly_summary(agency=agency)
    ]


def _annual(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.procurement.selectors import annual_report

    return [
        {
            "fiscal_year": r.fiscal_year,
            "budget_category": r.budget_category_label,
            "is_investment": r.is_investment,
            "purchase_method_name": r.purchase_method,
            "contracts": r.contracts,
            "project_money": r.project_money,
            "price_agree": r.price_agree,
            "savings": r.savings,
        }
        for r in annual_report(agency=agency)
    ]


def _services(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.portal.selectors import service_statistics

    return [
        {
            "fiscal_year": s.fiscal_year,
            "service_name": s.service,
            "requests_received": s.received,
            "requests_completed": s.completed,
            "requests_in_progress": s.in_progress,
            "requests_rejected": s.rejected,
            "mean_days_to_complete": _dec(s.mean_days_to_complete),
        }
        for s in service_statistics(agency=agency)
    ]


def _complaints(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.complaints.selectors import complaint_statistics

    return [
        {
            "fiscal_year": y.fiscal_year,
            "complaint_type": k.label,
            "received": k.received,
            "in_progress": k.in_progress,
            "closed": k.closed,
        }
        for y in complaint_statistics(agency=agency)
        for k in y.by_kind
    ]


def _questions(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.portal.selectors import questions_public

    out = []
    for q in questions_public(agency=agency):
        days = None
        if q.answered_at:
            days = Decimal((q.answered_at - q.asked_at).total_seconds() / 86400).quantize(Decimal("0.01"))
        out.append(
            {
                "question_id": q.pk,
                "asked_date": timezone.localtime(q.asked_at).date(),
                "question_type": q.get_kind_display(),
                "subject": "" if q.is_hidden else q.subject,
                "is_hidden": q.is_hidden,
                "answered_date": timezone.localtime(q.answered_at).date() if q.answered_at else None,
                "days_to_answer": days,
            }
        )
    return out


def _gifts(agency: Agency) -> list[dict[str, Any]]:
    from prongsai.apps.registers.selectors import gifts_for_agency

    return [
        {
            "fiscal_year": g.fiscal_year,
            "received_date": g.received_on,
            "recipient_position": g.recipient_position,
            "giver": g.giver,
            "description": g.description,
            "occasion": g.occasion,
            "value": g.value,
            "action_taken": g.get_action_display(),
        }
        for g in gifts_for_agency(agency=agency)
    ]


C = Column
FY = C("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "integer")
DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "ita-results",
            "ผลการประเมิน ITA รายปี",
            "คะแนนรวม ระดับ และคะแนนรายเครื่องมือ (IIT, EIT, OIT) ของแต่ละปีงบประมาณ",
            (
                FY,
                C("overall_score", "คะแนนรวม", "decimal"),
                C("level", "ระดับ", "text"),
                C("passed", "ผ่านเกณฑ์", "boolean"),
                C("iit_score", "คะแนน IIT", "decimal"),
                C("eit_score", "คะแนน EIT", "decimal"),
                C("oit_score", "คะแนน OIT", "decimal"),
            ),
            _ita_results,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("ผลการประเมิน",),
            unit_of_measure="คะแนน",
        ),
        Dataset(
            "ita-indicator-scores",
            "คะแนน ITA รายตัวชี้วัด",
            "คะแนนของตัวชี้วัดทั้งสิบในแต่ละปีงบประมาณ",
            (
                FY,
                C("indicator_number", "ตัวชี้วัดที่", "integer"),
                C("indicator_name", "ชื่อตัวชี้วัด", "text"),
                C("instrument", "เครื่องมือ", "text"),
                C("score", "คะแนน", "decimal"),
            ),
            _ita_indicators,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("ผลการประเมิน",),
            unit_of_measure="คะแนน",
        ),
        Dataset(
            "procurement-plan",
            "แผนการจัดซื้อจัดจ้างประจำปี",
            "รายการในแผนจัดซื้อจัดจ้าง วงเงิน วิธีจัดหา และช่วงเวลาที่คาดว่าจะจัดหา",
            (
                FY,
                C("project_name", "ชื่อโครงการ", "text"),
                C("budget_category", "ประเภทงบประมาณ", "text"),
                C("is_investment", "เป็นงบลงทุน", "boolean"),
                C("budget_amount", "วงเงินงบประมาณ (บาท)", "money"),
                C("purchase_method", "วิธีจัดหา", "text"),
                C("planned_month", "เดือนที่คาดว่าจะจัดหา", "date"),
                C("unit_name", "หน่วยที่รับผิดชอบ", "text"),
            ),
            _plan,
            update_frequency_unit="ปี",
            tags=("จัดซื้อจัดจ้าง",),
        ),
        Dataset(
            "procurement-announcements",
            "ประกาศจัดซื้อจัดจ้าง",
            "ประกาศเชิญชวน ประกาศผู้ชนะ และประกาศอื่นเกี่ยวกับการจัดซื้อจัดจ้าง",
            (
                FY,
                C("announce_date", "วันที่ประกาศ", "date"),
                C("announcement_type", "ประเภทประกาศ", "text"),
                C("title", "ชื่อประกาศ", "text"),
                C("project_id", "เลขที่โครงการ (e-GP)", "text"),
                C("url", "ลิงก์", "text"),
            ),
            _announcements,
            tags=("จัดซื้อจัดจ้าง",),
        ),
        Dataset(
            "procurement-contracts",
            "ผลการจัดซื้อจัดจ้างรายโครงการ",
            "รายการจัดซื้อจัดจ้างและสัญญา ในรูปแบบเดียวกับข้อมูล e-GP ของกรมบัญชีกลาง",
            (
                C("budget_year", "ปีงบประมาณ (พ.ศ.)", "integer"),
                C("project_id", "เลขที่โครงการ (e-GP)", "text"),
                C("project_name", "ชื่อโครงการ", "text"),
                C("project_type_name", "ประเภทการจัดหา", "text"),
                C("purchase_method_name", "วิธีจัดหา", "text"),
                C("budget_category", "ประเภทงบประมาณ", "text"),
                C("is_investment", "เป็นงบลงทุน", "boolean"),
                C("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                C("price_build", "ราคากลาง (บาท)", "money"),
                C("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                C("winner", "ผู้ได้รับการคัดเลือก", "text"),
                C("winner_tin", "เลขประจำตัวผู้เสียภาษี", "text"),
                C("contract_no", "เลขที่สัญญา", "text"),
                C("contract_date", "วันที่ทำสัญญา", "date"),
                C("contract_finish_date", "วันสิ้นสุดสัญญา", "date"),
                C("announce_date", "วันที่ประกาศ", "date"),
                C("project_status", "สถานะโครงการ", "text"),
                C("reason", "เหตุผลที่คัดเลือกโดยสังเขป", "text"),
            ),
            _contracts,
            tags=("จัดซื้อจัดจ้าง", "e-GP"),
        ),
        Dataset(
            "procurement-monthly-summary",
            "สรุปผลการจัดซื้อจัดจ้างรายเดือน",
            "จำนวนสัญญาและมูลค่ารายเดือน แยกงบลงทุน",
            (
                FY,
                C("month", "เดือน (วันแรกของเดือน)", "date"),
                C("contracts", "จำนวนสัญญา", "integer"),
                C("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                C("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                C("investment_contracts", "จำนวนสัญญางบลงทุน", "integer"),
                C("investment_price_agree", "ราคาที่ตกลงของงบลงทุน (บาท)", "money"),
            ),
            _monthly,
            data_type="ข้อมูลสถิติ",
            tags=("จัดซื้อจัดจ้าง",),
            unit_of_measure="บาท",
        ),
        Dataset(
            "procurement-annual-report",
            "รายงานผลการจัดซื้อจัดจ้างประจำปี",
            "สรุปตามประเภทงบประมาณ (งบลงทุนแสดงก่อน) และวิธีจัดหา",
            (
                FY,
                C("budget_category", "ประเภทงบประมาณ", "text"),
                C("is_investment", "เป็นงบลงทุน", "boolean"),
                C("purchase_method_name", "วิธีจัดหา", "text"),
                C("contracts", "จำนวนสัญญา", "integer"),
                C("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                C("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                C("savings", "วงเงินที่ประหยัดได้ (บาท)", "money"),
            ),
            _annual,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("จัดซื้อจัดจ้าง",),
            unit_of_measure="บาท",
        ),
        Dataset(
            "service-statistics",
            "ข้อมูลสถิติการให้บริการ",
            "จำนวนคำขอรับบริการออนไลน์ที่รับ เสร็จ และระยะเวลาเฉลี่ย รายงานบริการ",
            (
                FY,
                C("service_name", "งานบริการ", "text"),
                C("requests_received", "คำขอที่รับ", "integer"),
                C("requests_completed", "เสร็จแล้ว", "integer"),
                C("requests_in_progress", "กำลังดำเนินการ", "integer"),
                C("requests_rejected", "ไม่อนุมัติ/ยกเลิก", "integer"),
                C("mean_days_to_complete", "ระยะเวลาเฉลี่ย (วัน)", "decimal"),
            ),
            _services,
            data_type="ข้อมูลสถิติ",
            objective=("เพื่อการให้บริการประชาชน",),
            tags=("e-Service",),
            unit_of_measure="คำขอ",
        ),
        Dataset(
            "complaint-statistics",
            "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            "จำนวนเรื่องที่รับ อยู่ระหว่างดำเนินการ และยุติ แยกประเภท ไม่มีเนื้อหาของเรื่อง",
            (
                FY,
                C("complaint_type", "ประเภทเรื่อง", "text"),
                C("received", "รับเรื่อง", "integer"),
                C("in_progress", "อยู่ระหว่างดำเนินการ", "integer"),
                C("closed", "ยุติแล้ว", "integer"),
            ),
            _complaints,
            data_type="ข้อมูลสถิติ",
            tags=("ร้องเรียน",),
            unit_of_measure="เรื่อง",
        ),
        Dataset(
            "questions",
            "คำถามและข้อเสนอแนะจากประชาชน",
            "คำถามที่ได้รับ วันที่ตอบ และจำนวนวันที่ใช้ตอบ (หัวข้อที่ถูกซ่อนไม่แสดง)",
            (
                C("question_id", "เลขที่", "integer"),
                C("asked_date", "วันที่ถาม", "date"),
                C("question_type", "ประเภท", "text"),
                C("subject", "หัวข้อ", "text"),
                C("is_hidden", "ถูกซ่อน", "boolean"),
                C("answered_date", "วันที่ตอบ", "date"),
                C("days_to_answer", "จำนวนวันที่ใช้ตอบ", "decimal"),
            ),
            _questions,
            objective=("เพื่อการให้บริการประชาชน",),
            tags=("ถาม-ตอบ",),
        ),
        Dataset(
            "gifts-register",
            "รายงานการรับของขวัญหรือประโยชน์อื่นใด (No Gift Policy)",
            "รายการที่บุคลากรได้รับ มูลค่า และการดำเนินการ (ไม่เผยแพร่ชื่อผู้รับ)",
            (
                FY,
                C("received_date", "วันที่ได้รับ", "date"),
                C("recipient_position", "ตำแหน่งผู้รับ", "text"),
                C("giver", "ผู้ให้", "text"),
                C("description", "รายการ", "text"),
                C("occasion", "โอกาส", "text"),
                C("value", "มูลค่าโดยประมาณ (บาท)", "money"),
                C("action_taken", "การดำเนินการ", "text"),
            ),
            _gifts,
            update_frequency_unit="ปี",
            tags=("No Gift Policy",),
        ),
    )
}


def dataset_rows(dataset: Dataset, agency: Agency) -> list[dict[str, Any]]:
    return dataset.rows(agency)


def export(dataset: Dataset, agency: Agency, fmt: str, *, base_url: str = "") -> bytes:
    rows = dataset_rows(dataset, agency)
    metadata = metadata_for(dataset, agency, base_url=base_url)
    if fmt == "csv":
        return to_csv(dataset, rows)
    if fmt == "json":
        return to_json(dataset, rows, metadata)
    if fmt == "xlsx":
        return to_xlsx(dataset, rows, metadata)
    raise ValueError(fmt)
