"""The agency chooser (a person with several agencies) and an agency's people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from prongsai.apps.agencies.access import Access, agencies_visible_to, agency_view, is_system_admin
from prongsai.apps.agencies.models import Agency
from prongsai.apps.agencies.selectors import members_for_agency, units_for_agency


@login_required
@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """The agencies this person may open; ``?agency=<slug>`` (the header's switcher) goes straight there."""
    visible = agencies_visible_to(user=request.user)
    wanted = request.GET.get("agency", "")
    if wanted and visible.filter(slug=wanted).exists():
        return redirect("assessments:dashboard", agency_slug=wanted)
    context = {
        "agencies": list(visible.order_by("province", "district", "name_th", "pk")),
        "system_admin": is_system_admin(request.user),
        "not_found": bool(wanted),
    }
    return render(request, "agencies/choose.html", context, status=404 if wanted else 200)


@agency_view("manage_people")
@require_safe
def people(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    context = {
        "agency": agency,
        "access": access,
        "members": list(members_for_agency(agency=agency)),
        "units": list(units_for_agency(agency=agency)),
    }
    return render(request, "agencies/people.html", context)
