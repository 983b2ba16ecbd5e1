"""A failed website check says why in plain Thai, keeps the network error for staff behind "รายละเอียด", and offers
"ตรวจอีกครั้ง" (a POST with the CSRF token) to those who may start a check."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from fixture_sites import NORMAL_TIMEOUT

from prongsai.apps.oit import services
from prongsai.apps.oit.models import SiteCheck


@pytest.fixture
def failed_check(world, access, settings):
    settings.PRONGSAI_OIT_ALLOW_PRIVATE = True
    settings.PRONGSAI_OIT_TIMEOUT = NORMAL_TIMEOUT
    check = services.site_check_request(agency=world.own, access=access("coordinator"),
                                        actor=world.user("coordinator"), fiscal_year=2566, url="http://127.0.0.1:9/")
    assert services.site_check_run(check_id=check.pk) == "failed"  # nothing listens on port 9
    check.refresh_from_db()
    return check


def _page(client, world, user, check) -> str:
    client.force_login(world.user(user))
    return client.get(reverse("oit:check", kwargs={"agency_slug": world.own.slug, "pk": check.pk})).content.decode()


def test_the_reason_is_thai_and_the_exception_is_behind_details(client, world, failed_check):
    assert failed_check.error.startswith("เปิดหน้าหลักไม่ได้: เชื่อมต่อไม่ได้")
    assert "Error" not in failed_check.error and "Errno" not in failed_check.error
    page = _page(client, world, "coordinator", failed_check)
    reason, details = page.split('<details class="technical">', 1)
    assert failed_check.error in reason and "ConnectError" not in reason
    assert details.startswith("<summary>รายละเอียด</summary>") and "Error" in details.split("</details>")[0]


def test_a_failed_check_offers_to_check_again(client, world, failed_check, django_capture_on_commit_callbacks):
    page = _page(client, world, "coordinator", failed_check)
    form = re.search(r'<form method="post" action="([^"]+)" class="inline-form check-retry">(.*?)</form>', page, re.S)
    assert form and form.group(1) == reverse("oit:checks", kwargs={"agency_slug": world.own.slug})
    body = form.group(2)
    assert 'name="csrfmiddlewaretoken"' in body and "ตรวจอีกครั้ง" in body
    assert 'name="fiscal_year" value="2566"' in body and 'name="url" value="http://127.0.0.1:9/"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form.group(1), {"fiscal_year": "2566", "url": "http://127.0.0.1:9/"})
    assert response.status_code == 302
    again = SiteCheck.objects.exclude(pk=failed_check.pk).get()
    assert (again.url, again.fiscal_year) == (failed_check.url, 2566)
    assert response["Location"] == reverse("oit:check", kwargs={"agency_slug": world.own.slug, "pk": again.pk})


def test_a_reader_sees_the_reason_but_no_retry_button(client, world, failed_check):
    page = _page(client, world, "auditor", failed_check)
    assert failed_check.error in page and "check-retry" not in page
