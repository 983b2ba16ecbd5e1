"""Reads for agencies and units."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency, Membership, Unit


def agency_for_home() -> Agency | None:
    """The public home page's agency: ``PRONGSAI_HOME_AGENCY`` (a slug), else the first demo one, else the first."""
    slug = getattr(settings, "PRONGSAI_HOME_AGENCY", "")
    if slug:
        found = Agency.objects.filter(slug=slug).first()
        if found is not None:
            return found
    return Agency.objects.order_by("-is_demo", "pk").first()


LANDING_LIMIT = 12


def agencies_for_landing(*, agency: Agency | None, limit: int = LANDING_LIMIT) -> tuple[list[Agency], int]:
    """The agencies the public landing page links to (their portals): ``agency`` (the home one) first, then the
    demo agencies, then the others by when they were added; at most ``limit``, with how many there are in all."""
    total = Agency.objects.count()
    rest = Agency.objects.order_by("-is_demo", "pk")
    if agency is not None:
        rest = rest.exclude(pk=agency.pk)
    found = ([agency] if agency is not None else []) + list(rest[: max(limit - (agency is not None), 0)])
    return found, total


def units_for_agency(*, agency: Agency) -> QuerySet[Unit]:
    return Unit.objects.filter(agency=agency).order_by("pk")


def members_for_agency(*, agency: Agency) -> QuerySet[Membership]:
    """The agency's people with their roles and units, by role then name."""
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user", "unit")
        .order_by("role", "user__first_name", "user__username", "pk")
    )
