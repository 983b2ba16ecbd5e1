"""The dashboard page kept per person (``base.kept_pages``; docs/performance.md, "Dashboard: the page kept per
person"): a second view is served kept and equals a fresh render but for the CSRF token, which is the request's own
and works; every input of the page shows on the very next view (data through the services, a complaint filed by the
public, the header's rights and agencies, a role); two people never get each other's page; messages are shown once;
a person who loses access gets 404, never the kept page; a kept view costs few queries."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.base.kept_pages import CACHE_HEADER, CSRF_PLACEHOLDER

from ..conftest import without_csrf_token as _strip

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PRONGSAI_DASHBOARD_PAGES = True  # off in the test settings (prongsai.web.settings.test)


@pytest.fixture
def demo(db):
    from prongsai.apps.agencies.models import Agency

    call_command("load_demo", **QUIET)
    return Agency.objects.get(slug=DEMO_SLUG)


def _user(django_user_model, name):
    return django_user_model.objects.get(username=name)


def _view(client, agency, **params):
    response = client.get(reverse("assessments:dashboard", args=[agency.slug]), params)
    assert response.status_code == 200
    return response


def _kept(response) -> bool:
    return response.get(CACHE_HEADER) == "kept"


def test_the_second_view_is_kept_and_the_same_as_a_fresh_render(client, demo, django_user_model):
    for name in ("demo-coordinator", "demo-executive", "demo-unit"):
        client.force_login(_user(django_user_model, name))
        for params in ({}, {"digits": "thai"}, {"year": "2567"}):
            with override_settings(PRONGSAI_DASHBOARD_PAGES=False):
                fresh = _view(client, demo, **params)
            first, again = _view(client, demo, **params), _view(client, demo, **params)
            assert not _kept(fresh) and not _kept(first) and _kept(again), (name, params)
            assert _strip(again.content.decode()) == _strip(first.content.decode()) == _strip(fresh.content.decode())


def test_a_kept_pages_csrf_token_is_the_requests_own_and_works(demo, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(_user(django_user_model, "demo-coordinator"))
    _view(client, demo)
    kept = _view(client, demo)
    html = kept.content.decode()
    assert _kept(kept) and CSRF_PLACEHOLDER not in html
    token = TOKEN.search(html).group(1)
    assert f'"X-CSRFToken": "{token}"' in html  # htmx's header carries the same token
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert client.get(reverse("assessments:dashboard", args=[demo.slug])).status_code == 302  # to the sign-in


def test_two_people_with_the_same_role_never_get_each_others_page(client, demo, django_user_model):
    from prongsai.apps.agencies.models import Membership

    one = _user(django_user_model, "demo-coordinator")
    other = django_user_model.objects.create_user(username="another-coordinator", password="x-Passw0rd-long",
                                                  first_name="สมหญิง", last_name="ทดสอบสอง")
    Membership.objects.create(agency=demo, user=other, role=Membership.objects.get(agency=demo, user=one).role)
    pages = {}
    for person in (one, other, one, other):
        client.force_login(person)
        pages.setdefault(person.username, []).append(_view(client, demo))
    assert _kept(pages[one.username][1]) and _kept(pages[other.username][1])
    assert "สมหญิง" in pages[other.username][1].content.decode()
    assert "สมหญิง" not in pages[one.username][1].content.decode()


def test_a_complaint_filed_by_the_public_shows_on_the_next_view(client, demo, django_user_model):
    from prongsai.apps.complaints.models import OPEN_STATUSES, Complaint, ComplaintKind, ComplaintOfficer
    from prongsai.apps.complaints.services import complaint_file

    user = _user(django_user_model, "demo-coordinator")
    ComplaintOfficer.objects.get_or_create(agency=demo, user=user)
    client.force_login(user)
    _view(client, demo)
    assert _kept(_view(client, demo))
    complaint_file(agency=demo, kind=ComplaintKind.SERVICE, subject="เรื่องทดสอบ", details="รายละเอียด")  # no audit
    after = _view(client, demo)
    assert not _kept(after)
    waiting = [t for t in after.context["next_tasks"] if "เรื่องร้องเรียนที่ยังไม่ยุติ" in t.text]
    assert [t.count for t in waiting] == [Complaint.objects.filter(agency=demo, status__in=OPEN_STATUSES).count()]


def test_the_header_follows_the_persons_rights_and_agencies(client, demo, django_user_model):
    from prongsai.apps.agencies.models import Agency, AgencyKind, Membership, Role
    from prongsai.apps.frameworks.services import editor_grant
    from prongsai.apps.national.models import RegionalViewer

    user = _user(django_user_model, "demo-coordinator")
    client.force_login(user)
    _view(client, demo)
    assert _kept(_view(client, demo))
    workbench = reverse("frameworks:index")
    assert workbench not in _view(client, demo).content.decode()
    editor_grant(actor=None, user=user)
    assert workbench in _view(client, demo).content.decode()

    other = Agency.objects.create(slug="another-office", name_th="เทศบาลตำบลอีกแห่งหนึ่ง", kind=AgencyKind.OTHER)
    _view(client, demo)
    assert "เทศบาลตำบลอีกแห่งหนึ่ง" not in _view(client, demo).content.decode()
    Membership.objects.create(agency=other, user=user, role=Role.EXECUTIVE)  # straight through the ORM: the signal
    assert "เทศบาลตำบลอีกแห่งหนึ่ง" in _view(client, demo).content.decode()

    regional = reverse("national:home")
    _view(client, demo)
    assert f'href="{regional}"' not in _view(client, demo).content.decode()
    RegionalViewer.objects.create(user=user, province=demo.province or "ตราด")
    assert f'href="{regional}"' in _view(client, demo).content.decode()


def test_a_role_change_or_a_removal_is_seen_at_once(client, demo, django_user_model):
    from prongsai.apps.agencies.models import Membership, Role

    user = _user(django_user_model, "demo-coordinator")
    client.force_login(user)
    _view(client, demo)
    as_coordinator = _view(client, demo)
    entry = reverse("assessments:result_new", args=[demo.slug])
    assert _kept(as_coordinator) and entry in as_coordinator.content.decode()
    Membership.objects.filter(agency=demo, user=user).update(role=Role.EXECUTIVE)  # no signal: the access differs
    as_executive = _view(client, demo)
    assert not _kept(as_executive)
    assert entry not in as_executive.content.decode()
    Membership.objects.filter(agency=demo, user=user).delete()
    assert client.get(reverse("assessments:dashboard", args=[demo.slug])).status_code == 404


def test_messages_are_shown_once_and_never_kept(client, demo, django_user_model):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    client.force_login(_user(django_user_model, "demo-coordinator"))
    _view(client, demo)
    assert _kept(_view(client, demo))
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "บันทึกเรียบร้อยแล้ว (ทดสอบ)")])
    shown = _view(client, demo)
    assert not _kept(shown) and "บันทึกเรียบร้อยแล้ว (ทดสอบ)" in shown.content.decode()
    after = _view(client, demo)
    assert _kept(after) and "บันทึกเรียบร้อยแล้ว (ทดสอบ)" not in after.content.decode()


def test_the_calendars_entries_are_asked_on_every_view(client, demo, django_user_model, monkeypatch):
    from prongsai.apps.base import next_tasks
    from prongsai.apps.base.next_tasks import NextTask

    said = {"text": "กำหนดการทดสอบครั้งแรก"}

    def calendar(*, user, access, agency, today):  # not kept, like the ITA calendar's files
        return [NextTask(text=said["text"], count=1, url="/", order=60)]

    monkeypatch.setattr(next_tasks, "_PROVIDERS", [*next_tasks._PROVIDERS, calendar])
    client.force_login(_user(django_user_model, "demo-coordinator"))
    _view(client, demo)
    assert "กำหนดการทดสอบครั้งแรก" in _view(client, demo).content.decode()
    said["text"] = "กำหนดการทดสอบที่เปลี่ยนแล้ว"
    assert "กำหนดการทดสอบที่เปลี่ยนแล้ว" in _view(client, demo).content.decode()


def test_system_administrators_pages_are_not_kept(client, demo, django_user_model):
    admin = django_user_model.objects.create_superuser(username="root-admin", password="x-Passw0rd-long")
    client.force_login(admin)
    _view(client, demo)
    assert not _kept(_view(client, demo))


def test_a_kept_view_costs_few_queries(client, demo, django_user_model, django_assert_max_num_queries):
    client.force_login(_user(django_user_model, "demo-coordinator"))
    _view(client, demo)
    with django_assert_max_num_queries(4):  # session, user, the second-factor gate, the membership (and agency)
        assert _kept(_view(client, demo))


def test_off_means_rendered_every_time(client, demo, django_user_model, settings):
    settings.PRONGSAI_DASHBOARD_PAGES = False
    client.force_login(_user(django_user_model, "demo-coordinator"))
    assert not any(_kept(_view(client, demo)) for _ in range(3))
