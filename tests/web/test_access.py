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


# How each URL is requested, and what a permitted person gets. ``perm`` is the permission an agency URL
# needs (None: not agency-scoped). Sample kwargs are filled in per agency by ``_kwargs``.
SAMPLES: dict[str, dict] = {
    "healthz": {"perm": None, "method": "get", "ok": 200},
    "login": {"perm": None, "method": "get", "ok": 200},
    "logout": {"perm": None, "method": "post", "ok": 302},
    "password_change": {"perm": None, "method": "get", "ok": 200},
    "password_change_done": {"perm": None, "method": "get", "ok": 200},
    "assessments:home": {"perm": None, "method": "get", "ok": 200},
    "assessments:agency_results": {"perm": None, "method": "get", "ok": 200},
    "agencies:choose": {"perm": None, "method": "get", "ok": 200},
    "assessments:dashboard": {"perm": "view", "method": "get", "ok": 200},
    "assessments:results": {"perm": "view", "method": "get", "ok": 200},
    "assessments:result_detail": {"perm": "view", "method": "get", "ok": 200},
    "assessments:result_new": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:result_edit": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:import_upload": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:import_template": {"perm": "edit_results", "method": "get", "ok": 200},
    "assessments:import_review": {"perm": "edit_results", "method": "get", "ok": 200},
    # A confirmation without a valid token is refused (400) even for a permitted person: nothing is saved.
    "assessments:import_confirm": {"perm": "edit_results", "method": "post", "ok": 400},
    "audit:log": {"perm": "view_audit", "method": "get", "ok": 200},
    "agencies:people": {"perm": "manage_people", "method": "get", "ok": 200},
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


def test_selectors_take_the_agency_as_a_keyword():
    """Every public selector reading agency data takes ``agency`` (resolved by the access check) as a keyword."""
    exempt = {"agency_for_home"}  # the public home page picks its agency from settings
    offenders = []
    for path in (SRC / "apps").rglob("selectors.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.name in exempt:
                continue
            kwonly = [a.arg for a in node.args.kwonlyargs]
            if "agency" not in kwonly and node.name not in {"changes_between", "audit_lines", "agency_name_matches"}:
                offenders.append(f"{path.relative_to(SRC)}:{node.name}")
    assert offenders == []


def test_views_resolve_agencies_only_through_the_access_module():
    """No view looks an Agency up by itself (except the public results page)."""
    for path in (SRC / "apps").rglob("views.py"):
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


def _kwargs(name: str, agency: Agency, pendings: dict[int, object]) -> dict:
    route_kwargs = {
        "assessments:agency_results": {"slug": agency.slug},
        "assessments:result_detail": {"agency_slug": agency.slug, "fiscal_year": 2568},
        "assessments:result_edit": {"agency_slug": agency.slug, "fiscal_year": 2568},
        "assessments:import_review": {"agency_slug": agency.slug, "pending_id": pendings[agency.pk].pk},
        "assessments:import_confirm": {"agency_slug": agency.slug, "pending_id": pendings[agency.pk].pk},
    }
    if name in route_kwargs:
        return route_kwargs[name]
    if SAMPLES[name]["perm"] is not None:
        return {"agency_slug": agency.slug}
    return {}


def _expected(name: str, role: str, agency_is_own: bool) -> int:
    sample = SAMPLES[name]
    perm = sample["perm"]
    if perm is None:
        if name in ("password_change", "password_change_done", "agencies:choose"):
            return 302 if role == "anonymous" else sample["ok"]
        if name == "login":
            return sample["ok"] if role == "anonymous" else 302  # a signed-in person is sent on
        if name == "assessments:home":
            if role == "anonymous":
                return 200
            return 302  # to the dashboard or the list of agencies
        return sample["ok"]
    if role == "anonymous":
        return 302
    if role == "system_admin":
        return sample["ok"] if _role_allows(role, perm) else 403
    member_of_own = role in ("agency_admin", "coordinator", "unit_staff", "executive", "auditor")
    member = member_of_own if agency_is_own else role == "foreign"
    if not member:
        return 404  # not 403: an agency one may not see does not exist for them
    granted = _role_allows("agency_admin" if role == "foreign" else role, perm)
    return sample["ok"] if granted else 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(client, world, role, client_for, report_text):
    pendings = {
        world.own.pk: _pending(world.own, world.user("coordinator"), report_text),
        world.foreign.pk: _pending(world.foreign, world.user("foreign"), report_text),
    }
    wrong = []
    for agency, own in ((world.own, True), (world.foreign, False)):
        for name, sample in SAMPLES.items():
            if sample["perm"] is None and not own:
                continue  # non-agency URLs: once is enough
            client_for(client, world.user(role))
            url = reverse(name, kwargs=_kwargs(name, agency, pendings))
            response = getattr(client, sample["method"])(url)
            expected = _expected(name, role, own)
            if response.status_code != expected:
                wrong.append(f"{role} {sample['method'].upper()} {url}: {response.status_code}, expected {expected}")
            elif expected == 302 and role == "anonymous" and sample["perm"] is not None:
                assert response["Location"].startswith(reverse("login") + "?next="), url
            elif expected == 404:
                html = response.content.decode()
                assert "ไม่พบหน้าที่ต้องการ" in html
                assert agency.name_th not in html  # the 404 tells nothing about the agency
    assert wrong == []


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
