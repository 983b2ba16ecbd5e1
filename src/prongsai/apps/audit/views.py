"""The audit log page of one agency (agency administrators, auditors, system administrators)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prongsai.apps.agencies.access import Access, agency_view
from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.registry import known_actions
from prongsai.apps.audit.selectors import audit_entries_for_agency, audit_lines

PAGE_SIZE = 50


@agency_view("view_audit")
@require_safe
def audit_log(request: HttpRequest, *, agency: Agency, access: Access) -> HttpResponse:
    actions = known_actions()
    action = request.GET.get("action", "")
    if action not in actions:
        action = ""
    page = Paginator(audit_entries_for_agency(agency=agency, action=action), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "agency": agency,
        "access": access,
        "page": page,
        "lines": audit_lines(page.object_list),
        "actions": sorted(actions.items(), key=lambda kv: kv[1]),
        "action": action,
    }
    return render(request, "audit/log.html", context)
