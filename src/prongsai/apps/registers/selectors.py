"""Reads for the registers, always for one agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.registers.models import (
    Asset,
    AssetStatus,
    CountResult,
    EthicsActivity,
    FollowUp,
    GiftAction,
    GiftRecord,
    InventoryCount,
    InventoryRound,
    Loan,
    LoanStatus,
    NoGiftDeclaration,
)


def declarations_for_agency(*, agency: Agency, published_only: bool = True) -> QuerySet[NoGiftDeclaration]:
    found = NoGiftDeclaration.objects.filter(agency=agency).order_by("-fiscal_year")
    return found.filter(is_published=True) if published_only else found


def declaration_for_agency(*, agency: Agency, pk: int) -> NoGiftDeclaration | None:
    return NoGiftDeclaration.objects.filter(agency=agency, pk=pk).first()


def gifts_for_agency(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[GiftRecord]:
    found = GiftRecord.objects.filter(agency=agency).order_by("-received_on", "-pk")
    return found.filter(fiscal_year=fiscal_year) if fiscal_year else found


def gift_for_agency(*, agency: Agency, pk: int) -> GiftRecord | None:
    return GiftRecord.objects.filter(agency=agency, pk=pk).first()


@dataclass(frozen=True)
class GiftYear:
    fiscal_year: int
    count: int
    total_value: Decimal
    by_action: list[tuple[str, int]]


def gift_report(*, agency: Agency) -> list[GiftYear]:
    """The published annual report: per fiscal year, how many, their value, and what was done with them."""
    years: dict[int, list[GiftRecord]] = {}
    for gift in gifts_for_agency(agency=agency):
        years.setdefault(gift.fiscal_year, []).append(gift)
    out = []
    for year in sorted(years, reverse=True):
        gifts = years[year]
        out.append(
            GiftYear(
                fiscal_year=year,
                count=len(gifts),
                total_value=sum((g.value for g in gifts), Decimal("0.00")),
                by_action=[(a.label, sum(1 for g in gifts if g.action == a)) for a in GiftAction],
            )
        )
    return out


# --- assets, borrowing, inventory checks, ethics activities ------------------------------------------------


def assets_for_agency(*, agency: Agency, unit_id: int | None = None, q: str = "") -> QuerySet[Asset]:
    found = Asset.objects.filter(agency=agency).select_related("custodian_unit").order_by("code")
    if unit_id:
        found = found.filter(custodian_unit_id=unit_id)
    if q.strip():
        found = found.filter(Q(code__icontains=q.strip()) | Q(name__icontains=q.strip()))
    return found


def asset_for_agency(*, agency: Agency, pk: int) -> Asset | None:
    return Asset.objects.filter(agency=agency, pk=pk).first()


def units_for_agency(*, agency: Agency) -> QuerySet[Unit]:
    return Unit.objects.filter(agency=agency).order_by("pk")


def loans_for_agency(*, agency: Agency, status: str | None = None) -> QuerySet[Loan]:
    found = Loan.objects.filter(agency=agency).select_related("asset").order_by("-requested_at", "-pk")
    return found.filter(status=status) if status else found


def loan_for_agency(*, agency: Agency, pk: int) -> Loan | None:
    return Loan.objects.filter(agency=agency, pk=pk).first()


def overdue_loans(*, agency: Agency, today: date | None = None) -> QuerySet[Loan]:
    """Items handed over and not back by their due date."""
    today = today or timezone.localdate()
    return loans_for_agency(agency=agency, status=LoanStatus.HANDED_OVER).filter(due_on__lt=today).order_by("due_on")


def inventory_rounds_for_agency(*, agency: Agency) -> QuerySet[InventoryRound]:
    return InventoryRound.objects.filter(agency=agency).order_by("-starts_on", "-pk")


def inventory_round_for_agency(*, agency: Agency, pk: int) -> InventoryRound | None:
    return InventoryRound.objects.filter(agency=agency, pk=pk).first()


def inventory_count_for_agency(*, agency: Agency, pk: int) -> InventoryCount | None:
    return InventoryCount.objects.filter(round__agency=agency, pk=pk).select_related("round", "asset").first()


@dataclass(frozen=True)
class ChecklistRow:
    asset: Asset
    count: InventoryCount | None


@dataclass(frozen=True)
class RoundSummary:
    total: int
    counted: int
    by_result: list[tuple[str, int]]
    discrepancies: list[InventoryCount]
    open_follow_ups: int


def round_checklist(*, agency: Agency, round: InventoryRound, unit_id: int | None = None) -> list[ChecklistRow]:
    """Every asset still on the books (not disposed), by unit, with what this round found so far."""
    counts = {c.asset_id: c for c in InventoryCount.objects.filter(round=round, round__agency=agency)}
    assets = assets_for_agency(agency=agency, unit_id=unit_id).exclude(status=AssetStatus.DISPOSED)
    return [ChecklistRow(asset=a, count=counts.get(a.pk)) for a in assets]


def round_summary(*, agency: Agency, round: InventoryRound) -> RoundSummary:
    rows = round_checklist(agency=agency, round=round)
    counts = [r.count for r in rows if r.count is not None]
    discrepancies = [c for c in counts if c.is_discrepancy]
    return RoundSummary(
        total=len(rows),
        counted=len(counts),
        by_result=[(r.label, sum(1 for c in counts if c.result == r)) for r in CountResult],
        discrepancies=discrepancies,
        open_follow_ups=sum(1 for c in discrepancies if c.follow_up in (FollowUp.OPEN, FollowUp.IN_PROGRESS)),
    )


def ethics_activities_for_agency(*, agency: Agency, fiscal_year: int | None = None) -> QuerySet[EthicsActivity]:
    found = EthicsActivity.objects.filter(agency=agency).order_by("-held_on", "-pk")
    return found.filter(fiscal_year=fiscal_year) if fiscal_year else found


def ethics_activity_for_agency(*, agency: Agency, pk: int) -> EthicsActivity | None:
    return EthicsActivity.objects.filter(agency=agency, pk=pk).first()


@dataclass(frozen=True)
class EthicsYear:
    fiscal_year: int
    activities: list[EthicsActivity]
    attendees: int
    hours: Decimal
    person_hours: Decimal


def ethics_summary(*, agency: Agency, fiscal_year: int) -> EthicsYear:
    items = list(ethics_activities_for_agency(agency=agency, fiscal_year=fiscal_year).order_by("held_on", "pk"))
    return EthicsYear(
        fiscal_year=fiscal_year,
        activities=items,
        attendees=sum(a.attendees for a in items),
        hours=sum((a.hours for a in items), Decimal("0")),
        person_hours=sum((a.hours * a.attendees for a in items), Decimal("0")),
    )
