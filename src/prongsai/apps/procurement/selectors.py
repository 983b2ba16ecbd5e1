"""Reads for procurement, always for one agency: the plan, announcements, contracts, the monthly summary
and the annual report by budget category (where the investment budget stands out)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.procurement.models import Announcement, BudgetCategory, Contract, PlanItem

ZERO = Decimal("0.00")


def plan_items_for_agency(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[PlanItem]:
    found = PlanItem.objects.filter(agency=agency)
    return found.filter(fiscal_year=fiscal_year) if fiscal_year else found


def announcements_for_agency(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[Announcement]:
    found = Announcement.objects.filter(agency=agency)
    return found.filter(fiscal_year=fiscal_year) if fiscal_year else found


def contracts_for_agency(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[Contract]:
    found = Contract.objects.filter(agency=agency).order_by("-fiscal_year", "contract_date", "pk")
    return found.filter(fiscal_year=fiscal_year) if fiscal_year else found


def contract_for_agency(*, agency: Agency, pk: int) -> Contract | None:
    return Contract.objects.filter(agency=agency, pk=pk).first()


def procurement_years(*, agency: Agency) -> list[int]:
    years: set[int] = set()
    for model in (Contract, PlanItem, Announcement):
        years.update(model.objects.filter(agency=agency).values_list("fiscal_year", flat=True).distinct())
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class MonthRow:
    fiscal_year: int
    month: date  # the first day of the month
    contracts: int
    project_money: Decimal
    price_agree: Decimal
    investment_contracts: int
    investment_price_agree: Decimal


def monthly_summary(*, agency: Agency, fiscal_year: int | None = None) -> list[MonthRow]:
    """สรุปผลการจัดซื้อจัดจ้างรายเดือน: per month of the contract date (or announcement date)."""
    cells: dict[tuple[int, date], list] = defaultdict(lambda: [0, ZERO, ZERO, 0, ZERO])
    for c in contracts_for_agency(agency=agency, fiscal_year=fiscal_year):
        day = c.contract_date or c.announce_date
        if day is None:
            continue
        cell = cells[(c.fiscal_year, day.replace(day=1))]
        agreed = c.price_agree or ZERO
        cell[0] += 1
        cell[1] += c.project_money
        cell[2] += agreed
        if c.is_investment:
            cell[3] += 1
            cell[4] += agreed
    return [
        MonthRow(
            fiscal_year=y,
            month=m,
            contracts=v[0],
            project_money=v[1],
            price_agree=v[2],
            investment_contracts=v[3],
            investment_price_agree=v[4],
        )
        for (y, m), v in sorted(cells.items())
    ]


@dataclass(frozen=True)
class ReportRow:
    fiscal_year: int
    budget_category: str
    budget_category_label: str
    purchase_method: str
    contracts: int
    project_money: Decimal
    price_agree: Decimal
    savings: Decimal  # project_money − price_agree for contracts with an agreed price
    is_investment: bool


def annual_report(*, agency: Agency, fiscal_year: int | None = None) -> list[ReportRow]:
    """รายงานผลการจัดซื้อจัดจ้างประจำปี: by budget category (investment first) and purchase method."""
    cells: dict[tuple[int, str, str], list] = defaultdict(lambda: [0, ZERO, ZERO, ZERO])
    for c in contracts_for_agency(agency=agency, fiscal_year=fiscal_year):
        cell = cells[(c.fiscal_year, c.budget_category, c.purchase_method)]
        cell[0] += 1
        cell[1] += c.project_money
        cell[2] += c.price_agree or ZERO
        if c.price_agree is not None:
            cell[3] += c.project_money - c.price_agree
    order = {
        BudgetCategory.INVESTMENT: 0,
        BudgetCategory.OPERATING: 1,
        BudgetCategory.SUBSIDY: 2,
        BudgetCategory.OTHER: 3,
        BudgetCategory.UNSPECIFIED: 4,
    }
    keys = sorted(cells, key=lambda k: (-k[0], order.get(k[1], 9), k[2]))
    return [
        ReportRow(
            fiscal_year=y,
            budget_category=cat,
            budget_category_label=BudgetCategory(cat).label,
            purchase_method=m,
            contracts=cells[(y, cat, m)][0],
            project_money=cells[(y, cat, m)][1],
            price_agree=cells[(y, cat, m)][2],
            savings=cells[(y, cat, m)][3],
            is_investment=cat == BudgetCategory.INVESTMENT,
        )
        for y, cat, m in keys
    ]
