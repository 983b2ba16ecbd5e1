"""Open data of procurement: plan, announcements, contracts (e-GP columns), monthly and annual summaries
(``base.opendata``)."""

from __future__ import annotations

from typing import Any

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.opendata import FISCAL_YEAR, Column, Dataset, register_dataset
from prongsai.apps.procurement.selectors import (
    announcements_for_agency,
    annual_report,
    contracts_for_agency,
    monthly_summary,
    plan_items_for_agency,
)


def plan_rows(agency: Agency) -> list[dict[str, Any]]:
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


def announcement_rows(agency: Agency) -> list[dict[str, Any]]:
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


def contract_rows(agency: Agency) -> list[dict[str, Any]]:
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


def monthly_rows(agency: Agency) -> list[dict[str, Any]]:
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


def annual_rows(agency: Agency) -> list[dict[str, Any]]:
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


def register() -> None:
    """Publish this app's open-data tables (called from ``AppConfig.ready()``)."""
    register_dataset(
        Dataset(
            "procurement-plan",
            "แผนการจัดซื้อจัดจ้างประจำปี",
            "รายการในแผนจัดซื้อจัดจ้าง วงเงิน วิธีจัดหา และช่วงเวลาที่คาดว่าจะจัดหา",
            (
                FISCAL_YEAR,
                Column("project_name", "ชื่อโครงการ", "text"),
                Column("budget_category", "ประเภทงบประมาณ", "text"),
                Column("is_investment", "เป็นงบลงทุน", "boolean"),
                Column("budget_amount", "วงเงินงบประมาณ (บาท)", "money"),
                Column("purchase_method", "วิธีจัดหา", "text"),
                Column("planned_month", "เดือนที่คาดว่าจะจัดหา", "date"),
                Column("unit_name", "หน่วยที่รับผิดชอบ", "text"),
            ),
            plan_rows,
            update_frequency_unit="ปี",
            tags=("จัดซื้อจัดจ้าง",),
        ),
        order=30,
    )
    register_dataset(
        Dataset(
            "procurement-announcements",
            "ประกาศจัดซื้อจัดจ้าง",
            "ประกาศเชิญชวน ประกาศผู้ชนะ และประกาศอื่นเกี่ยวกับการจัดซื้อจัดจ้าง",
            (
                FISCAL_YEAR,
                Column("announce_date", "วันที่ประกาศ", "date"),
                Column("announcement_type", "ประเภทประกาศ", "text"),
                Column("title", "ชื่อประกาศ", "text"),
                Column("project_id", "เลขที่โครงการ (e-GP)", "text"),
                Column("url", "ลิงก์", "text"),
            ),
            announcement_rows,
            tags=("จัดซื้อจัดจ้าง",),
        ),
        order=40,
    )
    register_dataset(
        Dataset(
            "procurement-contracts",
            "ผลการจัดซื้อจัดจ้างรายโครงการ",
            "รายการจัดซื้อจัดจ้างและสัญญา ในรูปแบบเดียวกับข้อมูล e-GP ของกรมบัญชีกลาง",
            (
                Column("budget_year", "ปีงบประมาณ (พ.ศ.)", "integer"),
                Column("project_id", "เลขที่โครงการ (e-GP)", "text"),
                Column("project_name", "ชื่อโครงการ", "text"),
                Column("project_type_name", "ประเภทการจัดหา", "text"),
                Column("purchase_method_name", "วิธีจัดหา", "text"),
                Column("budget_category", "ประเภทงบประมาณ", "text"),
                Column("is_investment", "เป็นงบลงทุน", "boolean"),
                Column("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                Column("price_build", "ราคากลาง (บาท)", "money"),
                Column("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                Column("winner", "ผู้ได้รับการคัดเลือก", "text"),
                Column("winner_tin", "เลขประจำตัวผู้เสียภาษี", "text"),
                Column("contract_no", "เลขที่สัญญา", "text"),
                Column("contract_date", "วันที่ทำสัญญา", "date"),
                Column("contract_finish_date", "วันสิ้นสุดสัญญา", "date"),
                Column("announce_date", "วันที่ประกาศ", "date"),
                Column("project_status", "สถานะโครงการ", "text"),
                Column("reason", "เหตุผลที่คัดเลือกโดยสังเขป", "text"),
            ),
            contract_rows,
            tags=("จัดซื้อจัดจ้าง", "e-GP"),
        ),
        order=50,
    )
    register_dataset(
        Dataset(
            "procurement-monthly-summary",
            "สรุปผลการจัดซื้อจัดจ้างรายเดือน",
            "จำนวนสัญญาและมูลค่ารายเดือน แยกงบลงทุน",
            (
                FISCAL_YEAR,
                Column("month", "เดือน (วันแรกของเดือน)", "date"),
                Column("contracts", "จำนวนสัญญา", "integer"),
                Column("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                Column("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                Column("investment_contracts", "จำนวนสัญญางบลงทุน", "integer"),
                Column("investment_price_agree", "ราคาที่ตกลงของงบลงทุน (บาท)", "money"),
            ),
            monthly_rows,
            data_type="ข้อมูลสถิติ",
            tags=("จัดซื้อจัดจ้าง",),
            unit_of_measure="บาท",
        ),
        order=60,
    )
    register_dataset(
        Dataset(
            "procurement-annual-report",
            "รายงานผลการจัดซื้อจัดจ้างประจำปี",
            "สรุปตามประเภทงบประมาณ (งบลงทุนแสดงก่อน) และวิธีจัดหา",
            (
                FISCAL_YEAR,
                Column("budget_category", "ประเภทงบประมาณ", "text"),
                Column("is_investment", "เป็นงบลงทุน", "boolean"),
                Column("purchase_method_name", "วิธีจัดหา", "text"),
                Column("contracts", "จำนวนสัญญา", "integer"),
                Column("project_money", "วงเงินงบประมาณ (บาท)", "money"),
                Column("price_agree", "ราคาที่ตกลง (บาท)", "money"),
                Column("savings", "วงเงินที่ประหยัดได้ (บาท)", "money"),
            ),
            annual_rows,
            data_type="ข้อมูลสถิติ",
            update_frequency_unit="ปี",
            tags=("จัดซื้อจัดจ้าง",),
            unit_of_measure="บาท",
        ),
        order=70,
    )
