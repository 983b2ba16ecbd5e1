"""Open data: every published table as CSV (UTF-8 with BOM, for Excel), JSON and XLSX at stable URLs,
with metadata in the fields of the Thai government data catalogue (GD-Catalog / ckanext-thai_gdc).

The datasets are those the apps register in their ``AppConfig.ready()`` (``base.opendata.register_dataset``);
this module lists and exports whatever is registered and knows no other app. The portal's own datasets (service
statistics, questions) are registered by ``register()`` below.

    /p/<slug>/data/                       the catalogue (HTML), /p/<slug>/data/catalog.json (metadata only)
    /p/<slug>/data/<dataset>/             one dataset: metadata, columns, a preview
    /p/<slug>/data/<dataset>.csv|json|xlsx

Header rows (docs/portal.md, "Open data"): a CSV or XLSX download starts with TWO header rows, as many data.go.th
datasets do: the Thai label of each column (what a person reads in Excel), then its machine name, English
snake_case (data.go.th asks for English names without spaces; procurement columns follow the e-GP data). With
``?header=machine`` the file has only the row of machine names, for programs that read one header row. JSON
carries both in ``fields`` (``id``, ``label_th``) whatever the parameter.

Values are typed: dates are ISO 8601 dates, ปปปป-ดด-วว in the Christian era (``date`` cells in XLSX; fiscal years
are B.E. integers), money is a number with two decimals, counts are integers. Text cells that begin with = + - @
(or a tab/CR) are prefixed with ' in CSV and XLSX, so that a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.opendata import FISCAL_YEAR, Column, Dataset, register_dataset, two_decimals
from prongsai.apps.portal.selectors import questions_public, service_statistics
from prongsai.core.spreadsheet import neutralise_cell

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LICENSE = "Open Data Common"
HEADERS = ("thai", "machine")  # "thai": Thai labels, then machine names (the default); "machine": names only
DATE_NOTE_TH = "ค.ศ. ปปปป-ดด-วว"
TYPE_TH = {
    "text": "ข้อความ",
    "integer": "จำนวนเต็ม",
    "money": "จำนวนเงิน (บาท ทศนิยม 2 ตำแหน่ง)",
    "decimal": "ตัวเลขทศนิยม",
    "date": f"วันที่ ({DATE_NOTE_TH})",
    "boolean": "ใช่/ไม่ใช่ (true/false)",
}


def header_th(column: Column) -> str:
    """The Thai header of a column; a date column says its dates are Christian-era ISO dates."""
    return f"{column.label_th} ({DATE_NOTE_TH})" if column.type == "date" else column.label_th


def header_rows(dataset: Dataset, header: str = "thai") -> list[list[str]]:
    """The header rows of a CSV or XLSX download (see the module's docstring)."""
    names = [c.name for c in dataset.columns]
    return [names] if header == "machine" else [[header_th(c) for c in dataset.columns], names]


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


def to_csv(dataset: Dataset, rows: list[dict[str, Any]], *, header: str = "thai") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in header_rows(dataset, header):
        writer.writerow([neutralise_cell(text) for text in line])
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


def to_xlsx(dataset: Dataset, rows: list[dict[str, Any]], metadata: dict[str, Any], *, header: str = "thai") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    heads = header_rows(dataset, header)
    for line in heads:
        ws.append([neutralise_cell(text) for text in line])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    if len(heads) > 1:  # the machine names under the Thai labels, smaller and grey
        for cell in ws[2]:
            cell.font = Font(italic=True, color="52606D", size=9)
    first = len(heads) + 1
    for r, row in enumerate(rows, start=first):
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
    ws.freeze_panes = f"A{first}"
    meta = wb.create_sheet("metadata")
    meta.append(["field", "value"])
    for key, value in metadata.items():
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        meta.append([key, neutralise_cell(text)])
        meta.cell(row=meta.max_row, column=2).data_type = "s"
    columns = wb.create_sheet("columns")
    columns.append(["name", "type", "label_th", "ชนิดข้อมูล"])
    for c in dataset.columns:
        columns.append([c.name, c.type, c.label_th, TYPE_TH.get(c.type, c.type)])
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
            "description": RESOURCE_NOTE_TH[fmt],
        }
        for fmt in FORMATS
    ]
    meta["resources"].append(
        {
            "name": f"{dataset.slug}.csv (header=machine)",
            "format": "CSV",
            "url": f"{base_url}/p/{agency.slug}/data/{dataset.slug}.csv?header=machine",
            "description": "หัวตารางแถวเดียวเป็นชื่อคอลัมน์ภาษาอังกฤษสำหรับโปรแกรม วันที่เป็น ค.ศ. รูปแบบ ISO 8601",
        }
    )
    return meta


RESOURCE_NOTE_TH = {
    "csv": "หัวตารางสองแถว: แถวแรกชื่อคอลัมน์ภาษาไทย แถวที่สองชื่อคอลัมน์ภาษาอังกฤษ วันที่เป็น ค.ศ. รูปแบบ ISO 8601"
    " (ปปปป-ดด-วว) ปีงบประมาณเป็น พ.ศ.",
    "xlsx": "หัวตารางสองแถวเหมือน CSV พร้อมแผ่นงานคำอธิบายชุดข้อมูลและคอลัมน์",
    "json": "records ใช้ชื่อคอลัมน์ภาษาอังกฤษ fields บอกชื่อภาษาไทย (label_th) และชนิดข้อมูล",
}


def dataset_rows(dataset: Dataset, agency: Agency) -> list[dict[str, Any]]:
    return dataset.rows(agency)


def export(dataset: Dataset, agency: Agency, fmt: str, *, base_url: str = "", header: str = "thai") -> bytes:
    """The dataset as ``fmt``; ``header`` ("thai" or "machine") chooses the header rows of CSV and XLSX."""
    rows = dataset_rows(dataset, agency)
    metadata = metadata_for(dataset, agency, base_url=base_url)
    if fmt == "csv":
        return to_csv(dataset, rows, header=header)
    if fmt == "json":
        return to_json(dataset, rows, metadata)
    if fmt == "xlsx":
        return to_xlsx(dataset, rows, metadata, header=header)
    raise ValueError(fmt)


# --- the portal's own datasets -------------------------------------------------------------------------------


def service_statistics_rows(agency: Agency) -> list[dict[str, Any]]:
    return [
        {
            "fiscal_year": s.fiscal_year,
            "service_name": s.service,
            "requests_received": s.received,
            "requests_completed": s.completed,
            "requests_in_progress": s.in_progress,
            "requests_rejected": s.rejected,
            "mean_days_to_complete": two_decimals(s.mean_days_to_complete),
        }
        for s in service_statistics(agency=agency)
    ]


def question_rows(agency: Agency) -> list[dict[str, Any]]:
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


def register() -> None:
    """Publish this app's open-data tables (called from ``AppConfig.ready()``)."""
    register_dataset(
        Dataset(
            "service-statistics",
            "ข้อมูลสถิติการให้บริการ",
            "จำนวนคำขอรับบริการออนไลน์ที่รับ เสร็จ และระยะเวลาเฉลี่ย รายงานบริการ",
            (
                FISCAL_YEAR,
                Column("service_name", "งานบริการ", "text"),
                Column("requests_received", "คำขอที่รับ", "integer"),
                Column("requests_completed", "เสร็จแล้ว", "integer"),
                Column("requests_in_progress", "กำลังดำเนินการ", "integer"),
                Column("requests_rejected", "ไม่อนุมัติ/ยกเลิก", "integer"),
                Column("mean_days_to_complete", "ระยะเวลาเฉลี่ย (วัน)", "decimal"),
            ),
            service_statistics_rows,
            data_type="ข้อมูลสถิติ",
            objective=("เพื่อการให้บริการประชาชน",),
            tags=("e-Service",),
            unit_of_measure="คำขอ",
        ),
        order=80,
    )
    register_dataset(
        Dataset(
            "questions",
            "คำถามและข้อเสนอแนะจากประชาชน",
            "คำถามที่ได้รับ วันที่ตอบ และจำนวนวันที่ใช้ตอบ (หัวข้อที่ถูกซ่อนไม่แสดง)",
            (
                Column("question_id", "เลขที่", "integer"),
                Column("asked_date", "วันที่ถาม", "date"),
                Column("question_type", "ประเภท", "text"),
                Column("subject", "หัวข้อ", "text"),
                Column("is_hidden", "ถูกซ่อน", "boolean"),
                Column("answered_date", "วันที่ตอบ", "date"),
                Column("days_to_answer", "จำนวนวันที่ใช้ตอบ", "decimal"),
            ),
            question_rows,
            objective=("เพื่อการให้บริการประชาชน",),
            tags=("ถาม-ตอบ",),
        ),
        order=100,
    )
