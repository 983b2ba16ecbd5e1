"""Filters and the agency-dashboard partial of the national app.

- ``percent``: a share (0.9417) as a percentage with two decimals ("94.17"), Thai digits on request;
- ``signed``: a change with its sign ("+1.25", "-0.40"); ``percent_signed``: a change of share in points;
- ``province_label``: "จังหวัดตราด", "กรุงเทพมหานคร" (never "จังหวัดกรุงเทพมหานคร");
- ``sees_regions``: whether a person may open the provincial/national dashboards (the header's link);
- ``{% agency_peers agency fiscal_year %}``: an agency's percentile among its peers (same type, same province,
  national), for the agency's own dashboard.
"""

from __future__ import annotations

from typing import Any

from django import template

from prongsai.core.thai import to_thai_digits

register = template.Library()


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


@register.filter
def percent(value: float | None, thai_digits: bool = False) -> str:
    if value is None:
        return "-"
    return _digits(f"{float(value) * 100:.2f}", thai_digits)


@register.filter
def signed(value: float | None, thai_digits: bool = False) -> str:
    if value is None:
        return "-"
    return _digits(f"{float(value):+.2f}", thai_digits)


@register.filter
def percent_signed(value: float | None, thai_digits: bool = False) -> str:
    if value is None:
        return "-"
    return _digits(f"{float(value) * 100:+.2f}", thai_digits)


@register.filter(name="province_label")
def province_label_filter(province: str) -> str:
    from prongsai.apps.national.models import province_label

    return province_label(province)


@register.filter
def sees_regions(user: Any) -> bool:
    from prongsai.apps.national.access import regions_visible_to

    return regions_visible_to(user=user).any


@register.inclusion_tag("national/_agency_peers.html", takes_context=True)
def agency_peers(context: Any, agency: Any, fiscal_year: int | None) -> dict[str, Any]:
    from prongsai.apps.national.selectors import agency_peer_percentiles

    peers = agency_peer_percentiles(agency=agency, fiscal_year=fiscal_year) if fiscal_year else None
    return {"peers": peers, "thai_digits": context.get("thai_digits", False)}
