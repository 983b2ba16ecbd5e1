"""Open data of the assessments: yearly ITA results and indicator scores (``base.opendata``), each year's
**published** version only (a draft saved after it is not public until it is published)."""

from __future__ import annotations

from typing import Any

from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.selectors import public_results_overview
from prongsai.apps.base.opendata import FISCAL_YEAR, Column, Dataset, register_dataset, two_decimals


def ita_results_rows(agency: Agency) -> list[dict[str, Any]]:
    overview = public_results_overview(agency=agency)
    out = []
    for r in overview.results:
        inst = {c.code: v for c, v in r.instruments}
        out.append(
            {
                "fiscal_year": r.fiscal_year,
                "overall_score": r.overall,
                "level": r.level,
                "passed": r.passed,
                "iit_score": two_decimals(inst.get("IIT")),
                "eit_score": two_decimals(inst.get("EIT")),
                "oit_score": two_decimals(inst.get("OIT")),
            }
        )
    return out


def ita_indicator_rows(agency: Agency) -> list[dict[str, Any]]:
    return [
        {
            "fiscal_year": r.fiscal_year,
            "indicator_number": i.number,
            "indicator_name": i.name_th,
            "instrument": i.instrument,
            "score": i.score,
        }
        for r in public_results_overview(agency=agency).results
        for i in r.indicators
    ]


def register() -> None:
    """Publish this app's open-data tables (called from ``AppConfig.ready()``)."""
    register_dataset(
        Dataset(
            "ita-results",
            "ผลการประเมิน ITA รายปี",
            "คะแนนรวม ระดับ และคะแนนรายเครื่องมือ (IIT, EIT, OIT) ของแต่ละปีงบประมาณ",
            (
                FISCAL_YEAR,
                Column("overall_score", "คะแนนรวม", "decimal"),
                Column("level", "ระดับ", "text"),
                Column("passed", "ผ่านเกณฑ์", "boolean"),
                Column("iit_score", "คะแนน IIT", "decimal"),
                Column("eit_score", "คะแนน EIT", "decimal"),
                Column("oit_score", "คะแนน OIT", "decimal"),
            ),
            ita_results_rows,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("ผลการประเมิน",),
            unit_of_measure="คะแนน",
        ),
        order=10,
    )
    register_dataset(
        Dataset(
            "ita-indicator-scores",
            "คะแนน ITA รายตัวชี้วัด",
            "คะแนนของตัวชี้วัดทั้งสิบในแต่ละปีงบประมาณ",
            (
                FISCAL_YEAR,
                Column("indicator_number", "ตัวชี้วัดที่", "integer"),
                Column("indicator_name", "ชื่อตัวชี้วัด", "text"),
                Column("instrument", "เครื่องมือ", "text"),
                Column("score", "คะแนน", "decimal"),
            ),
            ita_indicator_rows,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("ผลการประเมิน",),
            unit_of_measure="คะแนน",
        ),
        order=20,
    )
