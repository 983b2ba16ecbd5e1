"""Open data of the complaint channel: counts by year and kind, never a complaint's content (``base.opendata``)."""

from __future__ import annotations

from typing import Any

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.opendata import FISCAL_YEAR, Column, Dataset, register_dataset
from prongsai.apps.complaints.selectors import complaint_statistics


def complaint_statistics_rows(agency: Agency) -> list[dict[str, Any]]:
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


def register() -> None:
    """Publish this app's open-data tables (called from ``AppConfig.ready()``)."""
    register_dataset(
        Dataset(
            "complaint-statistics",
            "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            "จำนวนเรื่องที่รับ อยู่ระหว่างดำเนินการ และยุติ แยกประเภท ไม่มีเนื้อหาของเรื่อง",
            (
                FISCAL_YEAR,
                Column("complaint_type", "ประเภทเรื่อง", "text"),
                Column("received", "รับเรื่อง", "integer"),
                Column("in_progress", "อยู่ระหว่างดำเนินการ", "integer"),
                Column("closed", "ยุติแล้ว", "integer"),
            ),
            complaint_statistics_rows,
            data_type="ข้อมูลสถิติ",
            tags=("ร้องเรียน",),
            unit_of_measure="เรื่อง",
        ),
        order=90,
    )
