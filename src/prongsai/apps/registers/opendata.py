"""Open data of the registers: the gifts register (No Gift Policy), no recipient names (``base.opendata``)."""

from __future__ import annotations

from typing import Any

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.opendata import FISCAL_YEAR, Column, Dataset, register_dataset
from prongsai.apps.registers.selectors import gifts_for_agency


def gift_rows(agency: Agency) -> list[dict[str, Any]]:
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


def register() -> None:
    """Publish this app's open-data tables (called from ``AppConfig.ready()``)."""
    register_dataset(
        Dataset(
            "gifts-register",
            "รายงานการรับของขวัญหรือประโยชน์อื่นใด (No Gift Policy)",
            "รายการที่บุคลากรได้รับ มูลค่า และการดำเนินการ (ไม่เผยแพร่ชื่อผู้รับ)",
            (
                FISCAL_YEAR,
                Column("received_date", "วันที่ได้รับ", "date"),
                Column("recipient_position", "ตำแหน่งผู้รับ", "text"),
                Column("giver", "ผู้ให้", "text"),
                Column("description", "รายการ", "text"),
                Column("occasion", "โอกาส", "text"),
                Column("value", "มูลค่าโดยประมาณ (บาท)", "money"),
                Column("action_taken", "การดำเนินการ", "text"),
            ),
            gift_rows,
            update_frequency_unit="ปี",
            tags=("No Gift Policy",),
        ),
        order=110,
    )
