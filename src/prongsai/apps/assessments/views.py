"""Thin views: pick the agency, read through selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from prongsai.apps.agencies.models import Agency
from prongsai.apps.agencies.selectors import agency_for_home, units_for_agency
from prongsai.apps.assessments.selectors import results_overview_for_agency


def _wants_thai_digits(request: HttpRequest) -> bool:
    return request.GET.get("digits") == "thai"


def _results_page(request: HttpRequest, agency: Agency | None) -> HttpResponse:
    context = {"agency": agency, "thai_digits": _wants_thai_digits(request)}
    if agency is not None:
        context["units"] = list(units_for_agency(agency=agency))
        context["overview"] = results_overview_for_agency(agency=agency)
    return render(request, "assessments/results.html", context)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The first page: the home agency's ITA results by fiscal year."""
    return _results_page(request, agency_for_home())


@require_safe
def agency_results(request: HttpRequest, slug: str) -> HttpResponse:
    return _results_page(request, get_object_or_404(Agency, slug=slug))
