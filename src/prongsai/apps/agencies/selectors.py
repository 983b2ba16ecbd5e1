"""Reads for agencies and units."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency, Unit


def agency_for_home() -> Agency | None:
    """The agency the home page shows: ``PRONGSAI_HOME_AGENCY`` (a slug), else the demo one, else the first."""
    slug = getattr(settings, "PRONGSAI_HOME_AGENCY", "")
    if slug:
        found = Agency.objects.filter(slug=slug).first()
        if found is not None:
            return found
    return Agency.objects.order_by("-is_demo", "name_th", "pk").first()


def units_for_agency(*, agency: Agency) -> QuerySet[Unit]:
    return Unit.objects.filter(agency=agency).order_by("pk")
