"""Access: one check for every view and query. Every URL × every role × own/foreign agency.

The matrix enumerates the URLconf itself: a URL added without an entry in ``SAMPLES`` fails
``test_every_url_has_a_sample``, and an agency URL whose view does not wear ``@agency_view`` fails
``test_every_agency_url_checks_access``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prongsai.apps.agencies import access as access_module
from prongsai.apps.agencies.access import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    SYSTEM_ADMIN,
    agencies_visible_to,
    agency_access,
)
from prongsai.apps.agencies.models import Agency, Role
from prongsai.apps.assessments.imports import import_prepare
from prongsai.apps.rounds.access import round_access

ALL_ROLES = (
    "anonymous",
    "outsider",
    "system_admin",
    "agency_admin",
    "coordinator",
    "unit_staff",
    "executive",
    "auditor",
    "foreign",
    "complaint_officer",
)

SRC = Path(__file__).resolve().parents[2] / "src" / "prongsai"


def _patterns(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name", callback) for every URL pattern, outside the Django admin."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}", p.callback


def _workbench_expect(ok: int):
    """The framework workbench: only a system administrator in the matrix; others 404, anonymous to login."""
    return lambda role: {"anonymous": 302, "system_admin": ok}.get(role, 404)


# How each URL is requested, and what a permitted person gets. ``perm`` is the permission an agency URL
# needs (None: not agency-scoped). Sample kwargs are filled in per agency by ``_kwargs``.
SAMPLES: dict[str, dict] = {
    "healthz": {"perm": None, "method": "get", "ok": 200},
    "favicon": {"perm": None, "method": "get", "ok": 200},
    "login": {"perm": None, "method": "get", "ok": 200},
    "logout": {"perm": None, "method": "post", "ok": 302},
    "password_change": {"perm": None, "method": "get", "ok": 200},
    "password_change_done": {"perm": None, "method": "get", "ok": 200},
    # --- security ---
    # TOTP enrolment (signed in: the page) and the code step (signed in without a device: sent on, 302).
    "otp_setup": {"perm": None, "method": "get", "ok": 200},
    "otp_verify": {"perm": None, "method": "get", "ok": 302},
    # --- end security ---
    "assessments:home": {"perm": None, "method": "get", "ok": 200},
    "assessments:agency_results": {"perm": None, "method": "get", "ok": 200, "public": True},
    "agencies:choose": {"perm": None, "method": "get", "ok": 200},
    "assessments:dashboard": {"perm": "view", "method": "get", "ok": 200},
    "assessments:results": {"perm": "view", "method": "get", "ok": 200},
    "assessments:result_detail": {"perm": "view", "method": "get", "ok": 200},
    "assessments:result_new": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:result_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    # Publishing a year's result (or taking it off the public site) needs "edit_portal" and the "I understand" box:
    # an empty POST is refused (400) for a permitted person.
    "assessments:result_publish": {"perm": "edit_portal", "method": "post", "ok": 400},
    "assessments:result_unpublish": {"perm": "edit_portal", "method": "post", "ok": 400},
    "assessments:import_upload": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:import_template": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:import_review": {"perm": "edit_results", "method": "get", "ok": 200},
    # A confirmation without a valid token is refused (400) even for a permitted person: nothing is saved.
    "assessments:import_confirm": {"perm": "edit_results", "method": "post", "ok": 400},
    "audit:log": {"perm": "view_audit", "method": "get", "ok": 200},
    # The people page also takes POSTs (give or change a role, remove a member); an empty POST is refused (400).
    "agencies:people": {
        "perm": "manage_people", "method": "get", "ok": 200, "post": {"perm": "manage_people", "ok": 400},
    },
    # Plans and tracking. An empty POST is refused (400) even for a permitted person: every plan action carries
    # the plan's version, every form its fields, so nothing changes. "task_writer": edit_results, or unit staff
    # for their own unit's task (the sample task belongs to the unit staff's unit).
    "plans:plans": {"perm": "view", "method": "get", "ok": 200},
    "plans:plan_draft": {"perm": "edit_results", "method": "post", "ok": 400},
    "plans:plan_detail": {"perm": "view", "method": "get", "ok": 200},
    "plans:measure_add": {"perm": "edit_results", "method": "get", "ok": 200},
    "plans:measure_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    "plans:measure_remove": {"perm": "edit_results", "method": "post", "ok": 400},
    "plans:task_add": {"perm": "edit_results", "method": "get", "ok": 200},
    "plans:plan_submit": {"perm": "edit_results", "method": "post", "ok": 400},
    "plans:plan_approve": {"perm": "approve", "method": "post", "ok": 400},
    "plans:plan_return": {"perm": "approve", "method": "post", "ok": 400},
    "plans:plan_comment": {"perm": "comment", "method": "post", "ok": 400},
    "plans:plan_documents": {"perm": "view", "method": "get", "ok": 200},
    "plans:document_request": {"perm": "view", "method": "post", "ok": 400},
    "plans:document_status": {"perm": "view", "method": "get", "ok": 200},
    "plans:document_download": {"perm": "view", "method": "get", "ok": 200},
    # Publishing on the portal needs "edit_portal". The sample document is the approval memo, which is internal:
    # publishing it is refused (400); unpublishing what is not published changes nothing (302).
    "plans:document_publish": {"perm": "edit_portal", "method": "post", "ok": 400},
    "plans:document_unpublish": {"perm": "edit_portal", "method": "post", "ok": 302},
    "plans:tasks": {"perm": "view", "method": "get", "ok": 200},
    "plans:task_detail": {"perm": "view", "method": "get", "ok": 200},
    "plans:task_update": {"perm": "view", "method": "post", "ok": 400, "task_writer": True},
    "plans:evidence_add": {"perm": "view", "method": "post", "ok": 400, "task_writer": True},
    "plans:task_comment": {"perm": "comment", "method": "post", "ok": 400},
    "plans:evidence_download": {"perm": "view", "method": "get", "ok": 200},
    # removing a piece of evidence: those who may update its task; a POST without confirm=yes removes nothing (400)
    "plans:evidence_remove": {"perm": "view", "method": "post", "ok": 400, "task_writer": True},
    "plans:calendar": {"perm": "view", "method": "get", "ok": 200},
    # The public portal (/p/<slug>/…, docs/portal.md): no login, the same answer for everyone, signed in or not,
    # for every agency ("public": requested for the foreign agency too; public pages are public).
    "portal:home": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:results": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:result_year": {"perm": None, "method": "get", "ok": 200, "public": True},
    # A published document of an approved plan (the sample: of the approved FY2570 plan); any other document is 404.
    "portal:plan_document": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:news": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:news_detail": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:oit": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:oit_year": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:data": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:data_catalog_json": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:dataset": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:dataset_download": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:qa": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:eservice": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:eservice_track": {"perm": None, "method": "get", "ok": 200, "public": True},
    "portal:eservice_type": {"perm": None, "method": "get", "ok": 200, "public": True},
    "procurement:public": {"perm": None, "method": "get", "ok": 200, "public": True},
    "registers:nogift": {"perm": None, "method": "get", "ok": 200, "public": True},
    "complaints:start": {"perm": None, "method": "get", "ok": 200, "public": True},
    "complaints:follow": {"perm": None, "method": "get", "ok": 200, "public": True},
    "complaints:statistics": {"perm": None, "method": "get", "ok": 200, "public": True},
    # Portal staff pages: lists need "view", forms "edit_results" (portal.views.staff.PORTAL_EDIT). A service request
    # is read with "view"; changing its status (an empty POST: 400, nothing changes) needs "edit_results".
    "portal:staff_index": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_news": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_news_new": {"perm": "edit_portal", "method": "get", "ok": 200},
    "portal:staff_news_edit": {"perm": "edit_portal", "method": "get", "ok": 200},
    # Drafts an unpublished news item from the approved plan's news document, then sends to its edit page.
    "portal:staff_news_draft": {"perm": "edit_portal", "method": "post", "ok": 302},
    "portal:staff_qa": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_qa_item": {"perm": "edit_portal", "method": "get", "ok": 200},
    "portal:staff_eservice": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_service_type_new": {"perm": "edit_portal", "method": "get", "ok": 200},
    "portal:staff_service_type_edit": {"perm": "edit_portal", "method": "get", "ok": 200},
    "portal:staff_service_request": {
        "perm": "view", "method": "get", "ok": 200, "post": {"perm": "edit_results", "ok": 400},
    },
    "portal:staff_attachment": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_oit": {"perm": "view", "method": "get", "ok": 200},
    "portal:staff_evidence_new": {"perm": "edit_portal", "method": "get", "ok": 200},
    "portal:staff_evidence_edit": {"perm": "edit_portal", "method": "get", "ok": 200},
    "procurement:staff": {"perm": "view", "method": "get", "ok": 200},
    "procurement:contract_new": {"perm": "edit_procurement", "method": "get", "ok": 200},
    "procurement:contract_edit": {"perm": "edit_procurement", "method": "get", "ok": 200},
    "procurement:plan_new": {"perm": "edit_procurement", "method": "get", "ok": 200},
    "procurement:announcement_new": {"perm": "edit_procurement", "method": "get", "ok": 200},
    "procurement:import": {"perm": "edit_procurement", "method": "get", "ok": 200},
    "registers:staff": {"perm": "view", "method": "get", "ok": 200},
    "registers:gift_new": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:gift_edit": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:declaration_new": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:declaration_edit": {"perm": "edit_registers", "method": "get", "ok": 200},
    # Complaint officers (docs/complaints.md): "view", then the ComplaintOfficer designation of that agency; every
    # other member, a system administrator included, gets 403. An empty POST on a case is refused (400).
    "complaints:officer_list": {"perm": "view", "method": "get", "ok": 200, "officer_only": True},
    "complaints:officer_case": {
        "perm": "view", "method": "get", "ok": 200, "officer_only": True, "post": {"perm": "view", "ok": 400},
    },
    "complaints:officers": {"perm": "manage_people", "method": "get", "ok": 200},
    # Assets, borrowing, inventory checks, ethics activities (registers); pulse surveys.
    "registers:assets": {"perm": "view", "method": "get", "ok": 200},
    "registers:asset_new": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:asset_edit": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:asset_qr": {"perm": "view", "method": "get", "ok": 200},
    "registers:asset_import": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:asset_import_template": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:loans": {"perm": "view", "method": "get", "ok": 200},
    "registers:loan_new": {"perm": "view", "method": "get", "ok": 200},
    "registers:loan_action": {"perm": "edit_registers", "method": "post", "ok": 302},
    "registers:inventory": {"perm": "view", "method": "get", "ok": 200},
    "registers:inventory_round_new": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:inventory_round": {"perm": "view", "method": "get", "ok": 200},
    "registers:inventory_round_edit": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:inventory_checklist": {"perm": "view", "method": "get", "ok": 200},
    "registers:inventory_count": {"perm": "edit_registers", "method": "post", "ok": 302},
    "registers:inventory_report": {"perm": "view", "method": "get", "ok": 200},
    "registers:inventory_follow_up": {"perm": "edit_registers", "method": "post", "ok": 302},
    "registers:ethics": {"perm": "view", "method": "get", "ok": 200},
    "registers:ethics_new": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:ethics_edit": {"perm": "edit_registers", "method": "get", "ok": 200},
    "registers:ethics_report": {"perm": "view", "method": "get", "ok": 200},
    "surveys:answer": {"perm": None, "method": "get", "ok": 200},
    "surveys:thanks": {"perm": None, "method": "get", "ok": 200},
    "surveys:rounds": {"perm": "view", "method": "get", "ok": 200},
    "surveys:round_new": {"perm": "edit_results", "method": "get", "ok": 200},
    "surveys:round": {"perm": "view", "method": "get", "ok": 200},
    "surveys:round_close": {"perm": "edit_results", "method": "post", "ok": 302},
    # Setting a burst of answers aside or restoring it: an empty POST is refused (400) for a permitted person.
    "surveys:burst": {"perm": "edit_results", "method": "post", "ok": 400},
    "surveys:question_new": {"perm": "edit_results", "method": "post", "ok": 302},
    "surveys:round_qr": {"perm": "view", "method": "get", "ok": 200},
    "surveys:round_poster": {"perm": "view", "method": "get", "ok": 200},
    "surveys:official_new": {"perm": "edit_results", "method": "get", "ok": 200},
    "surveys:official_poster": {"perm": "view", "method": "get", "ok": 200},
    # --- oit ---
    # OIT evidence (docs/oit.md): reading needs "view", changing "edit_results". An empty POST is refused (400):
    # forms carry the item's version, a year, a file or a confirmation. Applying a finished check fills the year's
    # checklist and sends to it (302).
    "oit:index": {"perm": "view", "method": "get", "ok": 200},
    "oit:checklist_new": {"perm": "edit_results", "method": "post", "ok": 400},
    "oit:checklist": {"perm": "view", "method": "get", "ok": 200},
    "oit:checklist_follow": {"perm": "edit_results", "method": "post", "ok": 302},
    "oit:completeness": {"perm": "view", "method": "get", "ok": 200},
    "oit:itas_export": {"perm": "view", "method": "get", "ok": 200},
    "oit:item": {"perm": "view", "method": "get", "ok": 200, "post": {"perm": "edit_results", "ok": 400}},
    "oit:file_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "oit:clarification": {"perm": "view", "method": "get", "ok": 200, "post": {"perm": "edit_results", "ok": 400}},
    "oit:clarification_docx": {"perm": "view", "method": "get", "ok": 200},
    "oit:file_download": {"perm": "view", "method": "get", "ok": 200},
    "oit:file_remove": {"perm": "edit_results", "method": "post", "ok": 400},
    "oit:checks": {"perm": "view", "method": "get", "ok": 200, "post": {"perm": "edit_results", "ok": 400}},
    "oit:check": {"perm": "view", "method": "get", "ok": 200},
    "oit:check_download": {"perm": "view", "method": "get", "ok": 200},
    "oit:check_apply": {"perm": "edit_results", "method": "post", "ok": 302},
    "oit:uptime": {"perm": "view", "method": "get", "ok": 200},
    "oit:uptime_docx": {"perm": "view", "method": "get", "ok": 200},
    # --- end oit ---
    # --- national ---
    # Regional pages (/national/…, docs/national.md) are not agency-scoped: ``expect`` gives each role's answer.
    # Only a system administrator (or a RegionalViewer, none in the matrix) sees them; every other signed-in person
    # gets 404, not 403; anonymous visitors go to the login page. A confirm without a valid token is refused (400).
    "national:home": {"perm": None, "method": "get", "ok": 200,
                      "expect": lambda role: {"anonymous": 302, "system_admin": 200}.get(role, 404)},
    "national:province": {"perm": None, "method": "get", "ok": 200,
                          "expect": lambda role: {"anonymous": 302, "system_admin": 200}.get(role, 404)},
    "national:import_upload": {"perm": None, "method": "get", "ok": 200,
                               "expect": lambda role: {"anonymous": 302, "system_admin": 200}.get(role, 404)},
    "national:import_review": {"perm": None, "method": "get", "ok": 200,
                               "expect": lambda role: {"anonymous": 302, "system_admin": 200}.get(role, 404)},
    "national:import_confirm": {"perm": None, "method": "post", "ok": 400,
                                "expect": lambda role: {"anonymous": 302, "system_admin": 400}.get(role, 404)},
    # --- end national ---
    # --- frameworks (the workbench, /frameworks/…) ---
    # A system administrator or a person granted the right (FrameworkEditor, none in the matrix) opens them; every
    # other signed-in person gets 404; anonymous visitors go to the login page. An empty POST is refused (400).
    **{f"frameworks:{name}": {"perm": None, "method": method, "ok": ok, "expect": _workbench_expect(ok)}
       for name, method, ok in (
           ("index", "get", 200), ("diff", "get", 200), ("editors", "get", 200), ("yaml_import", "get", 200),
           ("yaml_confirm", "post", 400), ("year", "get", 200), ("edit", "get", 200), ("export", "get", 200),
           ("sheet", "get", 200), ("sheet_confirm", "post", 400), ("confirm", "get", 200),
           ("versions", "get", 200), ("effects", "get", 200), ("rescore", "post", 400), ("follow", "post", 400),
       )},
    # --- end frameworks ---
    # --- meetings ---
    # Working-group meetings (docs/meetings.md). Empty POSTs are refused (400); publishing a meeting without
    # decisions is refused (400).
    "meetings:list": {"perm": "view", "method": "get", "ok": 200},
    "meetings:new": {"perm": "edit_results", "method": "get", "ok": 200},
    "meetings:detail": {"perm": "view", "method": "get", "ok": 200},
    "meetings:people_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "meetings:decision_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "meetings:file_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "meetings:file_download": {"perm": "view", "method": "get", "ok": 200},
    "meetings:document": {"perm": "view", "method": "get", "ok": 200},
    "meetings:publish": {"perm": "edit_portal", "method": "post", "ok": 400},
    "meetings:agenda_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    "meetings:person_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    # removing the chair is refused (400); the sample names the chair
    "meetings:person_remove": {"perm": "edit_results", "method": "post", "ok": 400},
    "meetings:decision_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    "meetings:decision_remove": {"perm": "edit_results", "method": "post", "ok": 302},
    # the published development report and a photo chosen with it (public, both agencies publish one)
    "meetings:public_development": {"perm": None, "method": "get", "ok": 200, "public": True},
    "meetings:public_photo": {"perm": None, "method": "get", "ok": 200, "public": True},
    # --- end meetings ---
    # --- rounds ---
    # Assessment rounds (docs/rounds.md). The own agency runs a round (assessor-side URLs) and takes part as a unit in
    # another organisation's round (unit-side URLs). Empty POSTs are refused (400) for a permitted person; scoring
    # again with nothing new and a site check without a registered website answer with a redirect (302). No matrix
    # user is an assessor of the sample round, so judging and deciding a dispute answer 403 to every member.
    "rounds:answer": {"perm": None, "method": "get", "ok": 200},
    "rounds:thanks": {"perm": None, "method": "get", "ok": 200},
    "rounds:rounds": {"perm": "view", "method": "get", "ok": 200},
    "rounds:new": {"perm": "edit_results", "method": "get", "ok": 200},
    "rounds:detail": {"perm": "view", "method": "get", "ok": 200},
    "rounds:phase_set": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:unit_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:role_add": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:score": {"perm": "edit_results", "method": "post", "ok": 302},
    "rounds:confirm": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:queue": {"perm": "view", "method": "get", "ok": 200},
    "rounds:review": {"perm": "view", "method": "get", "ok": 200, "post": {"perm": "view", "ok": 403}},
    "rounds:decide": {"perm": "view", "method": "post", "ok": 403},
    "rounds:dashboard": {"perm": "view", "method": "get", "ok": 200},
    "rounds:export": {"perm": "view", "method": "get", "ok": 200},
    "rounds:report": {"perm": "view", "method": "get", "ok": 200},
    "rounds:register": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:invitations": {"perm": "edit_results", "method": "get", "ok": 200},
    "rounds:poster": {"perm": "view", "method": "get", "ok": 200},
    "rounds:oit_submit": {"perm": "edit_results", "method": "post", "ok": 400},
    "rounds:site_check": {"perm": "edit_results", "method": "post", "ok": 302},
    "rounds:dispute": {"perm": "edit_results", "method": "post", "ok": 400},
    # The round admin sets a burst of EIT answers aside or restores it: an empty POST is refused (400).
    "rounds:burst": {"perm": "edit_results", "method": "post", "ok": 400},
    # --- end rounds ---
}

# Matrix roles that are members of an agency, and the membership role each holds there. ``complaint_officer`` is
# unit staff of สำนักปลัด in ``own`` (not the sample task's unit), designated complaint officer of ``own``.
MEMBER_ROLE = {
    "agency_admin": "agency_admin",
    "coordinator": "coordinator",
    "unit_staff": "unit_staff",
    "executive": "executive",
    "auditor": "auditor",
    "complaint_officer": "unit_staff",
}


def _role_allows(role: str, perm: str) -> bool:
    if role == "system_admin":
        return getattr(ROLE_PERMISSIONS[SYSTEM_ADMIN], perm)
    return getattr(ROLE_PERMISSIONS[Role(role)], perm)


def test_every_url_has_a_sample():
    names = {name for _, name, _ in _patterns()}
    assert names == set(SAMPLES), f"add these to SAMPLES: {sorted(names - set(SAMPLES))}"


def test_every_agency_url_checks_access():
    """Each URL under /a/<agency_slug>/ is served by a view wearing @agency_view, with the permission expected."""
    agency_urls = [(route, name, cb) for route, name, cb in _patterns() if "<slug:agency_slug>" in route]
    assert len(agency_urls) >= 10
    for route, name, callback in agency_urls:
        assert route.startswith("a/<slug:agency_slug>/"), route
        assert getattr(callback, "prongsai_access", None) == SAMPLES[name]["perm"], f"{name} ({route})"
    # and nothing else takes an agency without the check
    for route, name, _callback in _patterns():
        if "agency_slug" not in route:
            assert SAMPLES[name]["perm"] is None, name


# Selectors of a row the caller already resolved through the agency (they read nothing else).
ROW_HELPERS = {"changes_between", "audit_lines", "agency_name_matches", "pending_expired", "cannot_save_reason"}


def test_selectors_take_the_agency_as_a_keyword():
    """Every public selector reading agency data takes ``agency`` (resolved by the access check) as a keyword."""
    exempt = {
        "agency_for_home",  # the public home page picks its agency from settings
        # the framework workbench's effects: every agency's rows of one year, for those who may edit frameworks
        "results_needing_rescore",
        "checklists_behind",
    }
    offenders = []
    for path in (SRC / "apps").rglob("selectors.py"):
        if path.parent.name == "frameworks":
            continue  # framework years belong to no agency (access: frameworks.access.framework_editor_view)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.name in exempt:
                continue
            kwonly = [a.arg for a in node.args.kwonlyargs]
            if "agency" not in kwonly and node.name not in ROW_HELPERS:
                offenders.append(f"{path.relative_to(SRC)}:{node.name}")
    assert offenders == []


def test_views_resolve_agencies_only_through_the_access_module():
    """No view looks an Agency up by itself (except the public results page)."""
    for path in [*(SRC / "apps").rglob("views.py"), *(SRC / "apps").rglob("views/*.py")]:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "Agency.objects" in line or ("get_object_or_404(Agency" in line and "slug=slug" not in line):
                pytest.fail(f"{path.relative_to(SRC)}: {line.strip()}")


def test_permission_table_is_complete():
    assert set(ROLE_PERMISSIONS) == {SYSTEM_ADMIN, *Role.values}
    for perms in ROLE_PERMISSIONS.values():
        assert perms.view
        assert set(vars(perms)) == set(PERMISSIONS)
    assert not ROLE_PERMISSIONS[SYSTEM_ADMIN].approve  # approval is an executive's act
    assert ROLE_PERMISSIONS[Role.EXECUTIVE].approve
    assert not ROLE_PERMISSIONS[Role.AUDITOR].edit_results
    assert not ROLE_PERMISSIONS[Role.UNIT_STAFF].edit_results


def test_docs_list_every_role():
    docs = (SRC.parents[1] / "docs" / "access.md").read_text(encoding="utf-8")
    for role in Role:
        assert role.label in docs, role
    assert "404" in docs


# --- the access functions ---------------------------------------------------------------------------


def test_agency_access_for_members_and_strangers(world):
    unit_staff = agency_access(user=world.user("unit_staff"), agency=world.own)
    assert unit_staff.role == Role.UNIT_STAFF
    assert unit_staff.unit is not None and unit_staff.unit.name_th == "กองคลัง"
    assert unit_staff.can_view and not unit_staff.can_edit_results
    admin = agency_access(user=world.user("system_admin"), agency=world.foreign)
    assert admin.is_system_admin and admin.can_edit_results and not admin.can_approve
    for role in ("outsider", "foreign", "anonymous"):
        with pytest.raises(Http404):
            agency_access(user=world.user(role) or _anonymous(), agency=world.own)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_agencies_visible_to(world):
    assert list(agencies_visible_to(user=world.user("coordinator"))) == [world.own]
    assert list(agencies_visible_to(user=world.user("foreign"))) == [world.foreign]
    assert list(agencies_visible_to(user=world.user("outsider"))) == []
    assert list(agencies_visible_to(user=_anonymous())) == []
    assert set(agencies_visible_to(user=world.user("system_admin"))) == {world.own, world.foreign}
    inactive = world.user("coordinator")
    inactive.is_active = False
    inactive.save()
    assert list(agencies_visible_to(user=inactive)) == []


def test_agency_view_rejects_unknown_permissions():
    with pytest.raises(ValueError):
        access_module.agency_view("delete_everything")
    wrapped = access_module.agency_view("edit_results")(lambda request, **kwargs: None)
    assert wrapped.prongsai_access == "edit_results"


# --- the matrix -------------------------------------------------------------------------------------


def _pending(agency: Agency, user, report_text) -> object:
    text = report_text(agency=agency.name_th).encode("utf-8")
    return import_prepare(agency=agency, actor=user, data=text, filename="report.txt")


def _plan_objects(agency: Agency, user) -> dict:
    """A drafted plan with a task of the agency's first unit, a file evidence and a ready document."""
    from datetime import date

    from prongsai.apps.base import files
    from prongsai.apps.plans import services
    from prongsai.apps.plans.models import GeneratedDocument

    access = agency_access(user=user, agency=agency)
    plan = services.plan_draft(agency=agency, access=access, actor=user, results_fiscal_year=2568)
    measure = plan.measures.order_by("number").first()
    task = services.task_create(
        measure=measure, access=access, actor=user, title_th="งานทดสอบ", owner_unit=agency.units.order_by("pk").first(),
        due=date(2026, 1, 15),
    )
    evidence = services.evidence_add(task=task, access=access, actor=user, data=b"%PDF-1.4\n%%EOF\n", filename="a.pdf")
    document = GeneratedDocument.objects.create(
        agency=agency, plan=plan, plan_version=plan.version, kind="memo", fmt="docx", status="ready",
        filename="memo.docx", stored_name=files.store(b"PK\x03\x04", folder=f"documents/{agency.pk}", suffix="docx"),
    )
    return {"plan": plan, "measure": measure, "task": task, "evidence": evidence, "document": document}


def _portal_objects(agency: Agency, user) -> dict:
    """One of each row the portal, procurement, registers and complaint URLs name, written through the services."""
    from decimal import Decimal

    from django.utils import timezone

    from prongsai.apps.complaints.services import complaint_file
    from prongsai.apps.portal import services as portal
    from prongsai.apps.procurement.services import contract_save
    from prongsai.apps.registers.services import gift_save, nogift_declaration_save

    today = timezone.localdate()
    news = portal.news_save(
        agency=agency, actor=user, item=None,
        data={"title": "ข่าวทดสอบ", "body": "เนื้อหาข่าว", "published_on": today, "is_published": True},
    )
    question = portal.question_ask(agency=agency, kind="question", subject="คำถามทดสอบ", body="สำนักงานเปิดกี่โมง")
    service_type = portal.service_type_save(
        agency=agency, actor=user, item=None,
        data={"name": "ขอรับเบี้ยยังชีพ", "steps": "ยื่นคำขอ\nแจ้งผล", "duration_days": 15, "is_active": True},
    )
    service_request = portal.service_request_file(
        agency=agency, service_type=service_type, name="ผู้ขอทดสอบ", contact="0812223333", details="",
        uploads=[portal.Upload(name="บัตร.pdf", data=b"%PDF-1.4\n%%EOF\n")],
    )
    evidence = portal.evidence_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "item_code": "O1", "title": "โครงสร้าง", "url": "https://example.org/o1",
              "note": "", "is_published": True},
    )
    contract = contract_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "project_name": "ถนนทดสอบ", "purchase_method": "เฉพาะเจาะจง",
              "budget_category": "investment", "project_money": Decimal("100000.00")},
    )
    gift = gift_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "received_on": today, "recipient_position": "ปลัด", "giver": "บริษัท ก",
              "description": "กระเช้า", "value": Decimal("500.00"), "action": "refused"},
    )
    declaration = nogift_declaration_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "executive_name": "นายก", "executive_position": "นายก อบต.", "declared_on": today,
              "text": "ไม่รับของขวัญ", "is_published": True},
    )
    complaint = complaint_file(agency=agency, kind="corruption", subject="เรื่องทดสอบ", details="รายละเอียด").complaint
    # An approved plan (FY2570, set approved directly) with a ready document that staff published.
    from prongsai.apps.base import files
    from prongsai.apps.plans.models import GeneratedDocument, Plan
    from prongsai.apps.plans.services import plan_draft

    approved = plan_draft(
        agency=agency, access=agency_access(user=user, agency=agency), actor=user, results_fiscal_year=2568,
        plan_fiscal_year=2570,
    )
    Plan.objects.filter(pk=approved.pk).update(status="approved")
    public_document = GeneratedDocument.objects.create(
        agency=agency, plan=approved, plan_version=approved.version, kind="measures", fmt="docx", status="ready",
        filename="measures.docx",
        stored_name=files.store(b"PK\x03\x04", folder=f"documents/{agency.pk}", suffix="docx"),
    )
    from prongsai.apps.plans.documents import document_publish

    document_publish(document=public_document, access=agency_access(user=user, agency=agency), actor=user)
    return {
        "news": news, "question": question, "service_type": service_type, "service_request": service_request,
        "attachment": service_request.attachments.get(), "evidence_link": evidence, "contract": contract,
        "gift": gift, "declaration": declaration, "complaint": complaint, "public_document": public_document,
    }


def _registers_and_surveys_objects(agency: Agency, user) -> dict:
    """Registers' and surveys' rows (an asset, a loan, an inventory round and count, an ethics activity, a pulse
    round, an official survey link), written through the services by ``user`` (the agency's coordinator or
    administrator)."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from prongsai.apps.registers import services as registers
    from prongsai.apps.surveys import services as surveys

    asset = registers.asset_save(
        agency=agency, actor=user, item=None,
        data={"code": "ค-001", "name": "เครื่องฉายภาพ", "category": "durable", "location": "", "custodian_unit": None,
              "value": Decimal("1000.00"), "status": "available", "note": ""},
    )
    loan = registers.loan_request(
        agency=agency, actor=user, asset=asset, purpose="ประชุม", due_on=timezone.localdate() + timedelta(days=3),
    )
    inventory_round = registers.inventory_round_save(
        agency=agency, actor=user, item=None,
        data={"title": "ตรวจนับ", "fiscal_year": 2568, "starts_on": date(2025, 10, 1), "ends_on": date(2025, 10, 31),
              "is_closed": False},
    )
    count = registers.inventory_count_record(
        agency=agency, actor=user, round=inventory_round, asset=asset, result="missing"
    )
    ethics = registers.ethics_activity_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "title": "อบรม", "held_on": date(2025, 11, 1), "attendees": 10,
              "hours": Decimal("2.0"), "materials": "", "note": ""},
    )
    pulse = surveys.pulse_round_create(
        agency=agency, actor=user, kind="eit", title="สำรวจ", fiscal_year=2568,
        closes_on=timezone.localdate() + timedelta(days=3),
    )
    link = surveys.official_link_save(
        agency=agency, actor=user, fiscal_year=2568, instrument="IIT", url="https://itas.example.org/iit"
    )
    from prongsai.apps.surveys.models import PulseBurst

    now = timezone.now()
    burst = PulseBurst.objects.create(round=pulse, first_at=now, last_at=now, answers=20)
    return {"asset": asset, "loan": loan, "inventory_round": inventory_round, "inventory_count": count,
            "ethics": ethics, "pulse_round": pulse, "official_link": link, "pulse_burst": burst}


def _oit_objects(agency: Agency, user) -> dict:
    """Rows the OIT URLs name: the FY2568 checklist with a file and a drafted clarification on its first
    item, a finished website check (its report made without the network) and one uptime probe."""
    from django.utils import timezone

    from prongsai.apps.oit import services as oit
    from prongsai.apps.oit.models import SiteCheck
    from prongsai.core.oit import ItemResult, SiteReport, UptimeSample

    access = agency_access(user=user, agency=agency)
    checklist = oit.checklist_create(agency=agency, access=access, actor=user, fiscal_year=2568)
    item = checklist.items.order_by("position").first()
    oit_file = oit.file_add(item=item, access=access, actor=user, data=b"%PDF-1.4\n%%EOF\n", filename="o1.pdf")
    item.refresh_from_db()
    oit.clarification_draft(item=item, access=access, actor=user, version=item.version, reason="ไม่พบข้อมูล")
    report = SiteReport(
        site="https://www.example.go.th/", start_url="https://www.example.go.th/", fiscal_year=2568, https=True,
        items=[ItemResult(code=item.code, title="ทดสอบ", verdict="found", urls=["https://www.example.go.th/o1"])],
        checked_at=timezone.now(),
    )
    check = SiteCheck.objects.create(
        agency=agency, fiscal_year=2568, url="https://www.example.go.th/", status="done",
        report=report.model_dump(mode="json"), found=1,
    )
    oit.uptime_record(agency=agency, url="https://www.example.go.th/",
                      sample=UptimeSample(checked_at=timezone.now(), ok=True, status=200, elapsed_ms=120.0))
    return {"oit_item": item, "oit_file": oit_file, "oit_check": check}


def _national_objects(agency: Agency, user) -> dict:
    """Rows the national analytics URLs name: an import waiting for review, uploaded by the system
    administrator (a pending import is only ever shown to the person who uploaded it)."""
    from django.contrib.auth import get_user_model

    from prongsai.apps.national.services import national_import_prepare

    header = "agency_id,province,fiscal_year," + ",".join(f"ind_{n}" for n in range(1, 11))
    row = f"M{agency.pk},{agency.province or 'ทดสอบ'},2568,97.10,93.80,95.45,93.20,94.60,93.35,92.80,91.90,100,97.50"
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    pending = national_import_prepare(actor=admin, data=f"{header}\n{row}\n".encode(), filename="national.csv")
    return {"national_pending": pending, "national_province": agency.province or "ทดสอบ"}


def _rounds_objects(agency: Agency, user) -> dict:
    """Rows the assessment-round URLs name: a round ``agency`` runs (FY2568 framework, every phase open
    today) with one unit, a scored result and an open dispute; and a round of another organisation that ``agency``
    takes part in as a unit."""
    from datetime import timedelta

    from django.utils import timezone

    from prongsai.apps.agencies.models import AgencyKind
    from prongsai.apps.agencies.services import agency_ensure, membership_set
    from prongsai.apps.rounds import services as rounds
    from prongsai.apps.rounds.models import Dispute, RoundResult
    from prongsai.core.rounds import PHASES

    from .conftest import OWN_SCORES, make_user

    today = timezone.localdate()

    def new_round(assessor, actor):
        rnd = rounds.round_create(assessor=assessor, actor=actor, title="รอบทดสอบ", fiscal_year=2568,
                                  framework_year=2568, framework_yaml="", starts_on=today)
        racc = round_access(user=actor, access=agency_access(user=actor, agency=assessor), round=rnd)
        for kind in PHASES:
            rounds.round_phase_set(racc=racc, actor=actor, kind=kind, starts_on=today,
                                   ends_on=today + timedelta(days=30))
        return rnd, racc

    run, racc = new_round(agency, user)
    unit_agency = agency_ensure(slug=f"{agency.slug}-unit", name_th=f"หน่วยในสังกัดของ{agency.name_th}",
                                kind=AgencyKind.OTHER)
    unit = rounds.round_unit_add(racc=racc, actor=user, agency=unit_agency, group="ก")
    RoundResult.objects.create(unit=unit, version=1, overall="94.29", level="ผ่าน", passed=True, rank=1,
                               data={"indicators": {str(k): v for k, v in OWN_SCORES[2568].items()},
                                     "instruments": {}, "questions": [], "respondents": {}})
    dispute = Dispute.objects.create(unit=unit, item="O1", text="ชี้แจง")
    from prongsai.apps.surveys.models import PulseBurst

    eit_pulse = unit.surveys.get(instrument="EIT").pulse
    round_burst = PulseBurst.objects.create(round=eit_pulse, first_at=timezone.now(), last_at=timezone.now(),
                                            answers=20, managed_elsewhere=True)
    other = agency_ensure(slug=f"{agency.slug}-assessor", name_th=f"ผู้จัดการประเมินของ{agency.name_th}",
                          kind=AgencyKind.OTHER)
    other_admin = make_user(f"{agency.slug}-round-admin")
    membership_set(user=other_admin, agency=other, role=Role.COORDINATOR)
    part, other_racc = new_round(other, other_admin)
    rounds.round_unit_add(racc=other_racc, actor=other_admin, agency=agency)
    return {"round_run": run, "round_unit": unit, "round_dispute": dispute, "round_part": part,
            "round_eit": unit.surveys.get(instrument="EIT"), "round_burst": round_burst}


OIT_ROUTE_KWARGS = {  # name -> callable(o) -> kwargs
    "oit:checklist": lambda o: {"fiscal_year": 2568},
    "oit:checklist_follow": lambda o: {"fiscal_year": 2568},
    "oit:completeness": lambda o: {"fiscal_year": 2568},
    "oit:itas_export": lambda o: {"fiscal_year": 2568, "fmt": "xlsx"},
    "oit:item": lambda o: {"pk": o["oit_item"].pk},
    "oit:file_add": lambda o: {"pk": o["oit_item"].pk},
    "oit:clarification": lambda o: {"pk": o["oit_item"].pk},
    "oit:clarification_docx": lambda o: {"pk": o["oit_item"].pk},
    "oit:file_download": lambda o: {"pk": o["oit_file"].pk},
    "oit:file_remove": lambda o: {"pk": o["oit_file"].pk},
    "oit:check": lambda o: {"pk": o["oit_check"].pk},
    "oit:check_download": lambda o: {"pk": o["oit_check"].pk, "fmt": "json"},
    "oit:check_apply": lambda o: {"pk": o["oit_check"].pk},
}
NATIONAL_ROUTE_KWARGS = {
    "national:province": lambda o: {"province": o["national_province"]},
    "national:import_review": lambda o: {"pending_id": o["national_pending"].pk},
    "national:import_confirm": lambda o: {"pending_id": o["national_pending"].pk},
}
FRAMEWORKS_ROUTE_KWARGS = {  # the framework workbench
    **{f"frameworks:{n}": (lambda o: {"fiscal_year": 2570})
       for n in ("year", "export", "sheet", "sheet_confirm", "confirm", "versions", "effects", "rescore", "follow")},
    "frameworks:edit": lambda o: {"fiscal_year": 2570, "part": "oit"},
}
_RUN = {"detail", "phase_set", "unit_add", "role_add", "score", "confirm", "queue", "dashboard"}
_PART = {"register", "invitations", "oit_submit", "site_check", "dispute"}
ROUNDS_ROUTE_KWARGS = {
    **{f"rounds:{n}": (lambda o: {"pk": o["round_run"].pk}) for n in _RUN},
    **{f"rounds:{n}": (lambda o: {"pk": o["round_part"].pk}) for n in _PART},
    "rounds:answer": lambda o: {"token": o["round_eit"].open_token},
    "rounds:review": lambda o: {"pk": o["round_run"].pk, "unit_pk": o["round_unit"].pk, "item": "O1"},
    "rounds:decide": lambda o: {"pk": o["round_run"].pk, "dispute_pk": o["round_dispute"].pk},
    "rounds:burst": lambda o: {"pk": o["round_run"].pk, "burst_pk": o["round_burst"].pk},
    "rounds:export": lambda o: {"pk": o["round_run"].pk, "fmt": "csv"},
    "rounds:report": lambda o: {"pk": o["round_run"].pk, "unit_pk": o["round_unit"].pk, "fmt": "docx"},
    "rounds:poster": lambda o: {"pk": o["round_part"].pk, "instrument": "EIT", "fmt": "docx"},
}


def _route_kwargs(name: str, o: dict) -> dict:
    """The kwargs beyond the agency's slug, from the agency's sample objects ``o``."""
    plan_year = {"fiscal_year": o["plan"].fiscal_year}
    table = {
        "assessments:result_detail": {"fiscal_year": 2568},
        "assessments:result_edit": {"fiscal_year": 2568},
        "assessments:result_publish": {"fiscal_year": 2568},
        "assessments:result_unpublish": {"fiscal_year": 2568},
        "assessments:import_review": {"pending_id": o["pending"].pk},
        "assessments:import_confirm": {"pending_id": o["pending"].pk},
        "plans:plan_detail": plan_year,
        "plans:measure_add": plan_year,
        "plans:measure_edit": {**plan_year, "measure_id": o["measure"].pk},
        "plans:measure_remove": {**plan_year, "measure_id": o["measure"].pk},
        "plans:task_add": {**plan_year, "measure_id": o["measure"].pk},
        "plans:plan_submit": plan_year,
        "plans:plan_approve": plan_year,
        "plans:plan_return": plan_year,
        "plans:plan_comment": plan_year,
        "plans:plan_documents": plan_year,
        "plans:document_request": plan_year,
        "plans:document_status": {"document_id": o["document"].pk},
        "plans:document_download": {"document_id": o["document"].pk},
        "plans:document_publish": {"document_id": o["document"].pk},
        "plans:document_unpublish": {"document_id": o["document"].pk},
        "plans:task_detail": {"task_id": o["task"].pk},
        "plans:task_update": {"task_id": o["task"].pk},
        "plans:evidence_add": {"task_id": o["task"].pk},
        "plans:task_comment": {"task_id": o["task"].pk},
        "plans:evidence_download": {"evidence_id": o["evidence"].pk},
        "plans:evidence_remove": {"evidence_id": o["evidence"].pk},
        "portal:result_year": {"fiscal_year": 2568},
        "portal:news_detail": {"pk": o["news"].pk},
        "portal:plan_document": {"document_id": o["public_document"].pk},
        "portal:oit_year": {"fiscal_year": 2568},
        "portal:dataset": {"dataset": "ita-results"},
        "portal:dataset_download": {"dataset": "ita-results", "fmt": "csv"},
        "portal:eservice_type": {"pk": o["service_type"].pk},
        "portal:staff_news_edit": {"pk": o["news"].pk},
        "portal:staff_qa_item": {"pk": o["question"].pk},
        "portal:staff_service_type_edit": {"pk": o["service_type"].pk},
        "portal:staff_service_request": {"pk": o["service_request"].pk},
        "portal:staff_attachment": {"pk": o["attachment"].pk},
        "portal:staff_evidence_edit": {"pk": o["evidence_link"].pk},
        "procurement:contract_edit": {"pk": o["contract"].pk},
        "registers:gift_edit": {"pk": o["gift"].pk},
        "registers:declaration_edit": {"pk": o["declaration"].pk},
        "complaints:officer_case": {"pk": o["complaint"].pk},
        "registers:asset_edit": {"pk": o["asset"].pk},
        "registers:asset_qr": {"pk": o["asset"].pk, "fmt": "svg"},
        "registers:loan_action": {"pk": o["loan"].pk, "action": "reject"},
        "registers:inventory_round": {"pk": o["inventory_round"].pk},
        "registers:inventory_round_edit": {"pk": o["inventory_round"].pk},
        "registers:inventory_checklist": {"pk": o["inventory_round"].pk},
        "registers:inventory_count": {"pk": o["inventory_round"].pk},
        "registers:inventory_report": {"pk": o["inventory_round"].pk, "fmt": "docx"},
        "registers:inventory_follow_up": {"pk": o["inventory_count"].pk},
        "registers:ethics_edit": {"pk": o["ethics"].pk},
        "registers:ethics_report": {"year": 2568, "fmt": "docx"},
        **{f"meetings:{n}": {"meeting_id": o["meeting"].pk}
           for n in ("detail", "people_add", "decision_add", "file_add", "publish", "agenda_edit")},
        "meetings:person_edit": {"meeting_id": o["meeting"].pk, "person_id": o["meeting_chair"].pk},
        "meetings:person_remove": {"meeting_id": o["meeting"].pk, "person_id": o["meeting_chair"].pk},
        "meetings:decision_edit": {"meeting_id": o["meeting"].pk, "decision_id": o["meeting_decision"].pk},
        "meetings:decision_remove": {"meeting_id": o["meeting"].pk, "decision_id": o["meeting_decision"].pk},
        "meetings:public_development": {"meeting_id": o["meeting"].pk},
        "meetings:public_photo": {"file_id": o["meeting_file"].pk},
        "meetings:document": {"meeting_id": o["meeting"].pk, "kind": "development", "fmt": "docx"},
        "meetings:file_download": {"file_id": o["meeting_file"].pk},
        "surveys:answer": {"token": o["pulse_round"].token},
        "surveys:thanks": {"token": o["pulse_round"].token},
        "surveys:round": {"pk": o["pulse_round"].pk},
        "surveys:round_close": {"pk": o["pulse_round"].pk},
        "surveys:burst": {"pk": o["pulse_round"].pk, "burst_pk": o["pulse_burst"].pk},
        "surveys:question_new": {"pk": o["pulse_round"].pk},
        "surveys:round_qr": {"pk": o["pulse_round"].pk, "fmt": "svg"},
        "surveys:round_poster": {"pk": o["pulse_round"].pk, "fmt": "docx"},
        "surveys:official_poster": {"pk": o["official_link"].pk, "fmt": "docx"},
    }
    for extra in (OIT_ROUTE_KWARGS, NATIONAL_ROUTE_KWARGS, ROUNDS_ROUTE_KWARGS, FRAMEWORKS_ROUTE_KWARGS):
        if name in extra:
            return extra[name](o)
    return table.get(name, {})


def _kwargs(name: str, agency: Agency, objects: dict[int, dict]) -> dict:
    sample = SAMPLES[name]
    extra = _route_kwargs(name, objects[agency.pk])
    if sample["perm"] is not None:
        return {"agency_slug": agency.slug, **extra}
    if sample.get("public"):
        return {"slug": agency.slug, **extra}
    return extra


def _expected(name: str, role: str, agency_is_own: bool, sample: dict | None = None) -> int:
    """The status ``role`` gets for ``name`` in their own agency or the foreign one (``sample``: a POST variant)."""
    sample = {**SAMPLES[name], **(sample or {})}
    perm = sample["perm"]
    if perm is None:
        if "expect" in sample:  # a non-agency page with its own access rule (regional pages)
            return sample["expect"](role)
        if name in ("password_change", "password_change_done", "agencies:choose", "otp_setup"):
            return 302 if role == "anonymous" else sample["ok"]
        if name == "login":
            return sample["ok"] if role == "anonymous" else 302  # a signed-in person is sent on
        if name == "assessments:home":
            if role == "anonymous":
                return 200
            return 302  # to the dashboard or the list of agencies
        return sample["ok"]  # public pages: the same for everyone, for every agency
    if role == "anonymous":
        return 302
    if role == "system_admin":
        member_role = SYSTEM_ADMIN
    elif agency_is_own and role in MEMBER_ROLE:
        member_role = MEMBER_ROLE[role]
    elif not agency_is_own and role == "foreign":
        member_role = "agency_admin"  # the foreign agency's administrator, in their own agency
    else:
        return 404  # not 403: an agency one may not see does not exist for them
    granted = _role_allows(member_role, perm)
    if sample.get("task_writer"):
        # edit_results, or unit staff of the sample task's unit (กองคลัง); the complaint officer is of สำนักปลัด
        granted = role == "unit_staff" or _role_allows(member_role, "edit_results")
    if sample.get("officer_only"):
        # only the designated complaint officer of this agency; not even a system administrator
        granted = granted and role == "complaint_officer" and agency_is_own
    return sample["ok"] if granted else 403


@pytest.fixture
def matrix_world(world):
    """``world`` and a designated complaint officer of ``own``: a unit staff member of สำนักปลัด, so that the
    designation, not the role, is what opens the complaint officer views."""
    from prongsai.apps.agencies.services import membership_set
    from prongsai.apps.complaints.services import complaint_officer_designate

    from .conftest import make_user

    officer = make_user("complaint_officer", first_name="ทดสอบเจ้าหน้าที่รับเรื่องร้องเรียน")
    membership_set(
        user=officer, agency=world.own, role=Role.UNIT_STAFF, unit=world.own.units.get(name_th="สำนักปลัด")
    )
    complaint_officer_designate(agency=world.own, user=officer, actor=world.user("agency_admin"))
    world.users["complaint_officer"] = officer
    return world


def _request(client, role: str, url: str, method: str, agency: Agency, name: str, expected: int) -> str:
    response = getattr(client, method)(url)
    if response.status_code != expected:
        return f"{role} {method.upper()} {url}: {response.status_code}, expected {expected}"
    if expected == 302 and role == "anonymous" and SAMPLES[name]["perm"] is not None:
        assert response["Location"].startswith(reverse("login") + "?next="), url
    elif expected == 404:
        html = response.content.decode()
        assert "ไม่พบหน้าที่ต้องการ" in html
        assert agency.name_th not in html  # the 404 tells nothing about the agency
    return ""


def _meeting_objects(agency: Agency, user) -> dict:
    """A working-group meeting (FY2569, on the FY2568 results) with a photo."""
    from datetime import date

    from prongsai.apps.meetings import services

    from .conftest import TINY_PNG

    meeting = services.meeting_create(agency=agency, actor=user, fiscal_year=2569, day=date(2026, 4, 2),
                                      chair_name="นายประธาน ทดสอบ", results_fiscal_year=2568)
    photo = services.file_add(agency=agency, meeting=meeting, actor=user, kind="photo",
                              data=TINY_PNG, filename="ภาพ.png")
    access = agency_access(user=user, agency=agency)
    decision = services.decision_add(agency=agency, meeting=meeting, access=access, actor=user, text="มติทดสอบ")
    services.development_publish(agency=agency, meeting=meeting, access=access, actor=user, photo_ids=[photo.pk])
    return {"meeting": meeting, "meeting_file": photo, "meeting_decision": decision,
            "meeting_chair": meeting.people.get(role="chair")}


def matrix_objects(world, report_text) -> dict[int, dict]:
    """For each agency, the rows its URLs name (made by its coordinator or administrator)."""
    owners = {world.own.pk: world.user("coordinator"), world.foreign.pk: world.user("foreign")}
    objects = {}
    for agency in (world.own, world.foreign):
        user = owners[agency.pk]
        objects[agency.pk] = {
            "pending": _pending(agency, user, report_text),
            **_plan_objects(agency, user),
            **_portal_objects(agency, user),
            **_registers_and_surveys_objects(agency, user),
            **_oit_objects(agency, user),
            **_national_objects(agency, user),
            **_rounds_objects(agency, user),
            **_meeting_objects(agency, user),
        }
    return objects


@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(client, matrix_world, role, client_for, report_text, settings, tmp_path):
    world = matrix_world
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    objects = matrix_objects(world, report_text)
    wrong = []
    for agency, own in ((world.own, True), (world.foreign, False)):
        for name, sample in SAMPLES.items():
            if sample["perm"] is None and not sample.get("public") and not own:
                continue  # URLs of no agency: once is enough
            url = reverse(name, kwargs=_kwargs(name, agency, objects))
            client_for(client, world.user(role))
            wrong.append(_request(client, role, url, sample["method"], agency, name, _expected(name, role, own)))
            if "post" in sample:  # a view whose POST asks more than its GET
                expected = _expected(name, role, own, {**sample["post"], "method": "post"})
                client_for(client, world.user(role))
                wrong.append(_request(client, role, url, "post", agency, name, expected))
    assert [w for w in wrong if w] == []


def test_every_public_agency_page_is_requested_for_every_agency():
    """A URL taking an agency's public slug is marked ``public``: the matrix requests it for both agencies."""
    for route, name, _callback in _patterns():
        sample = SAMPLES.get(name, {})  # a URL without a sample fails test_every_url_has_a_sample
        assert ("<slug:slug>" in route) == bool(sample.get("public")), name
        if sample.get("public"):
            assert sample["perm"] is None, name


def test_foreign_ids_inside_own_agency_urls_are_404(client, world, report_text):
    """An agency's slug with another agency's pending import or an unknown year: 404, nothing leaks."""
    foreign_pending = _pending(world.foreign, world.user("foreign"), report_text)
    client.force_login(world.user("coordinator"))
    url = reverse("assessments:import_review", kwargs={"agency_slug": world.own.slug, "pending_id": foreign_pending.pk})
    assert client.get(url).status_code == 404
    url = reverse(
        "assessments:import_confirm", kwargs={"agency_slug": world.own.slug, "pending_id": foreign_pending.pk}
    )
    assert client.post(url, {"token": "x"}).status_code == 404
    url = reverse("assessments:result_detail", kwargs={"agency_slug": world.own.slug, "fiscal_year": 2563})
    assert client.get(url).status_code == 404
    # the foreign agency's scores never show on the own agency's pages
    for name in ("assessments:dashboard", "assessments:results"):
        html = client.get(reverse(name, kwargs={"agency_slug": world.own.slug})).content.decode()
        assert world.foreign.name_th not in html.split('id="main"')[1]
        assert "81.11" not in html and "71.11" not in html


def test_unknown_agency_and_foreign_agency_answer_alike(client, world):
    client.force_login(world.user("coordinator"))
    unknown = client.get("/a/no-such-agency/")
    foreign = client.get(f"/a/{world.foreign.slug}/")
    assert unknown.status_code == foreign.status_code == 404

    def page(response, slug: str) -> str:
        html = response.content.decode().replace(slug, "X")
        return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)

    assert page(unknown, "no-such-agency") == page(foreign, world.foreign.slug)


def test_methods_other_than_allowed_are_refused(client, world):
    client.force_login(world.user("agency_admin"))
    assert client.post(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).status_code == 405
    assert client.get(reverse("logout")).status_code == 405
    assert client.delete(reverse("audit:log", kwargs={"agency_slug": world.own.slug})).status_code == 405


def test_menu_shows_only_what_the_role_may_do(client, world):
    client.force_login(world.user("auditor"))
    html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert reverse("audit:log", kwargs={"agency_slug": world.own.slug}) in html
    assert reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug}) not in html
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
    assert reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug}) in html
    assert reverse("audit:log", kwargs={"agency_slug": world.own.slug}) not in html


def test_menu_links_plans_portal_public_site_and_complaints_for_officers(client, world):
    """Everyone gets plans, tasks, the calendar, the portal pages and the public site; only a designated complaint
    officer gets the complaints link (a system administrator is not one). The views check access themselves."""
    from prongsai.apps.complaints.services import complaint_officer_designate

    slug = world.own.slug
    complaints = reverse("complaints:officer_list", kwargs={"agency_slug": slug})
    dashboard = reverse("assessments:dashboard", kwargs={"agency_slug": slug})
    for role in ("unit_staff", "auditor", "system_admin", "agency_admin"):
        client.force_login(world.user(role))
        nav = client.get(dashboard).content.decode().split('aria-label="เมนูของหน่วยงาน"')[1].split("</nav>")[0]
        for name, label in (
            ("plans:plans", "แผนมาตรการ"),
            ("plans:tasks", "งานที่ติดตาม"),
            ("plans:calendar", "ปฏิทิน ITA"),
            ("surveys:rounds", "แบบสำรวจภายใน"),
        ):
            assert f'href="{reverse(name, kwargs={"agency_slug": slug})}"' in nav and label in nav, (role, name)
        # the website and register tools only for those who keep them: the menu shows what the role uses
        keeps = role in ("system_admin", "agency_admin")
        for name, label in (
            ("portal:staff_index", "จัดการเว็บไซต์"),
            ("registers:assets", "ทะเบียนพัสดุ"),
            ("registers:loans", "การยืมพัสดุ"),
            ("registers:inventory", "ตรวจนับพัสดุ"),
            ("registers:ethics", "กิจกรรมจริยธรรม"),
        ):
            shown = f'href="{reverse(name, kwargs={"agency_slug": slug})}"' in nav and label in nav
            assert shown == keeps, (role, name)
        assert f'href="{reverse("portal:home", kwargs={"slug": slug})}"' in nav, role
        assert f'href="{complaints}"' not in nav, role
    complaint_officer_designate(agency=world.own, user=world.user("auditor"), actor=world.user("agency_admin"))
    client.force_login(world.user("auditor"))
    for url in (complaints, reverse("plans:calendar", kwargs={"agency_slug": slug})):
        nav = client.get(url).content.decode().split('aria-label="เมนูของหน่วยงาน"')[1].split("</nav>")[0]
        assert f'href="{complaints}"' in nav
        assert nav.count('aria-current="page"') == 1 and f'href="{url}" aria-current="page"' in nav, url


@pytest.mark.parametrize(
    "name, current",
    [
        ("registers:assets", "registers:assets"),
        ("registers:asset_new", "registers:assets"),
        ("registers:asset_import", "registers:assets"),
        ("registers:loans", "registers:loans"),
        ("registers:loan_new", "registers:loans"),
        ("registers:inventory", "registers:inventory"),
        ("registers:inventory_round_new", "registers:inventory"),
        ("registers:ethics", "registers:ethics"),
        ("registers:ethics_new", "registers:ethics"),
        ("surveys:rounds", "surveys:rounds"),
        ("surveys:round_new", "surveys:rounds"),
        ("registers:staff", "portal:staff_index"),
        ("registers:gift_new", "portal:staff_index"),
    ],
)
def test_menu_marks_the_register_and_survey_section_as_current(client, world, name, current):
    """Each register page (assets, borrowing, inventory checks, ethics) and the internal surveys mark their own menu
    link; the No Gift pages stay under the website management link."""
    slug = world.own.slug
    client.force_login(world.user("coordinator"))
    response = client.get(reverse(name, kwargs={"agency_slug": slug}))
    assert response.status_code == 200
    nav = response.content.decode().split('aria-label="เมนูของหน่วยงาน"')[1].split("</nav>")[0]
    target = reverse(current, kwargs={"agency_slug": slug})
    assert nav.count('aria-current="page"') == 1 and f'href="{target}" aria-current="page"' in nav, name
