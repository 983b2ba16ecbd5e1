"""``{% framework_status fiscal_year %}``: on every page that works on a year, say plainly when its framework is
provisional, or missing (then offer to create it to those who may)."""

from __future__ import annotations

from typing import Any

from django import template

from prongsai.apps.frameworks.selectors import current_fiscal_year, request_can_edit_frameworks, year_state

register = template.Library()


@register.inclusion_tag("frameworks/_status.html", takes_context=True)
def framework_status(context: dict[str, Any], fiscal_year: Any = None) -> dict[str, Any]:
    """The year's framework status (today's fiscal year when none is given), its years in the page's digits."""
    try:
        year = current_fiscal_year() if fiscal_year is None else int(fiscal_year)
    except (TypeError, ValueError):
        return {"state": None}
    request = context.get("request")
    return {
        "state": year_state(fiscal_year=year),
        "can_edit": request_can_edit_frameworks(request),
        "thai_digits": bool(context.get("thai_digits", False)),
    }
