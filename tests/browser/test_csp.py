"""The Content-Security-Policy in a real browser (Debian's chromium, JavaScript on): the main public and staff pages
load without a single CSP violation (no inline script, handler or style slipped in), and HTMX still loads."""

from __future__ import annotations

import pytest
from tests.web import test_access as matrix

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-123"
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@pytest.fixture
def site(agency, settings, tmp_path):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set, unit_ensure
    from prongsai.apps.assessments.services import result_record

    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    unit_ensure(agency=agency, name_th="กองคลัง")
    unit_ensure(agency=agency, name_th="สำนักปลัด")
    result_record(agency=agency, fiscal_year=2568, indicator_scores={i: 90.0 + i / 2 for i in range(1, 11)})
    user = get_user_model()(username="csp-coordinator", first_name="ทดสอบ")
    user.set_password(PASSWORD)
    user.save()
    membership_set(user=user, agency=agency, role=Role.COORDINATOR)
    o = {**matrix._plan_objects(agency, user), **matrix._portal_objects(agency, user),
         **matrix._registers_and_surveys_objects(agency, user)}
    s, a = {"slug": agency.slug}, {"agency_slug": agency.slug}
    public = ["/", reverse("login"), *(reverse(n, kwargs=s) for n in (
        "portal:home", "portal:results", "portal:news", "portal:oit", "portal:data", "portal:qa", "portal:eservice",
        "procurement:public", "registers:nogift", "complaints:start")),
        reverse("portal:news_detail", kwargs={**s, "pk": o["news"].pk}),
        reverse("surveys:answer", kwargs={"token": o["pulse_round"].token})]
    staff = [reverse(n, kwargs=a) for n in (
        "assessments:dashboard", "assessments:results", "assessments:import_upload", "plans:plans", "plans:tasks",
        "plans:calendar", "portal:staff_index", "registers:assets", "registers:inventory", "surveys:rounds")]
    staff += [
        reverse("plans:plan_detail", kwargs={**a, "fiscal_year": o["plan"].fiscal_year}),
        reverse("plans:task_detail", kwargs={**a, "task_id": o["task"].pk}),
        reverse("registers:inventory_checklist", kwargs={**a, "pk": o["inventory_round"].pk}),
        reverse("portal:staff_service_request", kwargs={**a, "pk": o["service_request"].pk}),
        reverse("portal:staff_qa_item", kwargs={**a, "pk": o["question"].pk}),
        reverse("otp_setup"),
    ]
    return public, staff


def test_main_pages_load_without_csp_violations(chromium_browser, live_server, site):
    public, staff = site
    context = chromium_browser.new_context(locale="th-TH")
    context.add_init_script(WATCH)  # runs outside the page's CSP
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    violations = []

    def visit(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}, path
        violations.extend(f"{path}: {v}" for v in page.evaluate("window.__csp"))

    for path in public:
        visit(path)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "csp-coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    for path in staff:
        visit(path)
        if page.locator("script[src*=htmx]").count():
            assert page.evaluate("typeof window.htmx") == "object", path  # the local HTMX file ran
    context.close()
    assert violations == [] and console == [], violations + console
