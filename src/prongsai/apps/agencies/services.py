"""Writes for agencies and units. Keyword-only, typed, atomic."""

from __future__ import annotations

from django.db import transaction

from prongsai.apps.agencies.models import Agency, AgencyKind, Unit


@transaction.atomic
def agency_ensure(
    *,
    slug: str,
    name_th: str,
    kind: AgencyKind | str = AgencyKind.OTHER,
    district: str = "",
    province: str = "",
    website: str = "",
    is_demo: bool = False,
    notes: str = "",
) -> Agency:
    """The agency with this slug, created or brought up to date; saved only when something differs."""
    wanted = {
        "name_th": name_th,
        "kind": str(kind),
        "district": district,
        "province": province,
        "website": website,
        "is_demo": is_demo,
        "notes": notes,
    }
    agency = Agency.objects.select_for_update().filter(slug=slug).first()
    if agency is None:
        agency = Agency(slug=slug, **wanted)
        agency.full_clean()
        agency.save()
        return agency
    changed = [field for field, value in wanted.items() if getattr(agency, field) != value]
    if changed:
        for field in changed:
            setattr(agency, field, wanted[field])
        agency.full_clean()
        agency.save(update_fields=[*changed, "updated_at"])
    return agency


@transaction.atomic
def unit_ensure(*, agency: Agency, name_th: str) -> Unit:
    """The agency's unit with this name, created if missing."""
    unit, _ = Unit.objects.get_or_create(agency=agency, name_th=name_th)
    return unit
