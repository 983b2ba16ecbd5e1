"""Reads for the complaint channel, always for one agency. Statistics never carry a case's content."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from prongsai.apps.agencies.models import Agency, Membership
from prongsai.apps.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Complaint,
    ComplaintKind,
    ComplaintMessage,
    ComplaintOfficer,
    ComplaintStatusChange,
    IdentityDisclosure,
)
from prongsai.apps.complaints.protect import receipt_hash, receipt_well_formed


def complaints_for_agency(*, agency: Agency, status: str = "") -> QuerySet[Complaint]:
    found = Complaint.objects.filter(agency=agency).order_by("-received_on", "-pk")
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        found = found.filter(status__in=CLOSED_STATUSES)
    return found


def complaint_for_agency(*, agency: Agency, pk: int) -> Complaint | None:
    return Complaint.objects.filter(agency=agency, pk=pk).first()


def complaint_by_receipt(*, agency: Agency, code: str) -> Complaint | None:
    """The case this receipt code opens in this agency, or None (the same None for any wrong code)."""
    if not receipt_well_formed(code):
        return None
    return Complaint.objects.filter(agency=agency, receipt_hash=receipt_hash(code)).first()


def complaint_messages(*, agency: Agency, complaint: Complaint) -> QuerySet[ComplaintMessage]:
    return ComplaintMessage.objects.filter(complaint__agency=agency, complaint=complaint).order_by("pk")


def complaint_status_history(*, agency: Agency, complaint: Complaint) -> QuerySet[ComplaintStatusChange]:
    return ComplaintStatusChange.objects.filter(complaint__agency=agency, complaint=complaint).order_by("pk")


def complaint_disclosures(*, agency: Agency, complaint: Complaint) -> QuerySet[IdentityDisclosure]:
    return IdentityDisclosure.objects.filter(complaint__agency=agency, complaint=complaint).select_related("officer")


def officers_for_agency(*, agency: Agency) -> QuerySet[ComplaintOfficer]:
    return ComplaintOfficer.objects.filter(agency=agency).select_related("user", "designated_by").order_by("pk")


def officer_users(*, agency: Agency) -> list:
    """The people designated complaint officers of ``agency`` (told of every grant: ``agencies.notices``)."""
    return [o.user for o in officers_for_agency(agency=agency)]


def officer_candidates(*, agency: Agency) -> QuerySet[Membership]:
    taken = ComplaintOfficer.objects.filter(agency=agency).values("user_id")
    return Membership.objects.filter(agency=agency).exclude(user_id__in=taken).select_related("user").order_by("pk")


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    received: int
    in_progress: int
    closed: int


@dataclass(frozen=True)
class YearStatistics:
    fiscal_year: int
    received: int
    in_progress: int
    closed: int
    by_kind: list[KindCount]


def complaint_statistics(*, agency: Agency) -> list[YearStatistics]:
    """Per fiscal year (newest first): received, in progress, closed, and the same by kind. Counts only."""
    rows = (
        Complaint.objects.filter(agency=agency)
        .values("fiscal_year", "kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for row in rows:
        cell = table[row["fiscal_year"]][row["kind"]]
        cell[0] += row["n"]
        cell[1 if row["status"] in OPEN_STATUSES else 2] += row["n"]
    years = []
    for year in sorted(table, reverse=True):
        kinds = [
            KindCount(
                kind=k.value,
                label=k.label,
                received=table[year][k][0],
                in_progress=table[year][k][1],
                closed=table[year][k][2],
            )
            for k in ComplaintKind
        ]
        years.append(
            YearStatistics(
                fiscal_year=year,
                received=sum(k.received for k in kinds),
                in_progress=sum(k.in_progress for k in kinds),
                closed=sum(k.closed for k in kinds),
                by_kind=kinds,
            )
        )
    return years
