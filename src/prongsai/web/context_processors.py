"""What the site header needs on every page: the person's agencies (for the switcher) and, on an agency's
pages, what they may do there (the menu). The menu only hides links; every view checks access itself."""

from __future__ import annotations

from django.http import HttpRequest

from prongsai.apps.agencies.access import agencies_visible_to, is_system_admin
from prongsai.apps.complaints.services import is_complaint_officer
from prongsai.apps.frameworks.selectors import can_edit_frameworks

SWITCHER_LIMIT = 30  # more than this: the switcher links to the list instead


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    visible = agencies_visible_to(user=user).order_by("name_th", "pk")
    agencies = list(visible.values_list("slug", "name_th")[: SWITCHER_LIMIT + 1])
    current = getattr(request, "agency", None)
    return {
        "nav_agencies": agencies[:SWITCHER_LIMIT],
        "nav_more_agencies": len(agencies) > SWITCHER_LIMIT,
        "nav_current": current,
        "nav_access": getattr(request, "access", None),
        "nav_system_admin": is_system_admin(user),
        # the complaints link is for designated complaint officers only (the officer views check it again)
        "nav_complaint_officer": current is not None and is_complaint_officer(user=user, agency=current),
        # the framework workbench: system administrators and those granted the right (the views check it again)
        "nav_framework_editor": can_edit_frameworks(user=user),
    }
