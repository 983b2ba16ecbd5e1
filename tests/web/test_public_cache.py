"""The public page cache (prongsai.apps.base.public_cache): anonymous GETs of the portal's read-only pages come from
the cache with the same status and bytes; a change is seen on the very next request; a signed-in request is never
served from the cache and its page is never stored; form pages are never cached; query budgets of public pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.base.public_cache import public_version, public_version_bump
from prongsai.apps.portal.services import news_save

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}


@pytest.fixture
def portal(db, settings, django_capture_on_commit_callbacks):
    settings.PRONGSAI_PUBLIC_CACHE = True
    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    call_command("load_demo", **QUIET)
    call_command("load_portal_demo", **QUIET)
    from prongsai.apps.agencies.models import Agency

    return Agency.objects.get(slug=DEMO_SLUG)


def _pages(slug: str) -> list[str]:
    return [
        reverse("portal:home", args=[slug]),
        reverse("portal:results", args=[slug]),
        reverse("portal:news", args=[slug]),
        reverse("portal:oit", args=[slug]),
        reverse("portal:data", args=[slug]),
        reverse("portal:data_catalog_json", args=[slug]),
        reverse("assessments:agency_results", args=[slug]),
        reverse("portal:results", args=[slug]) + "?digits=thai",
    ]


def test_cached_pages_have_the_same_status_and_bytes(client, portal, settings):
    for url in [*_pages(portal.slug), reverse("portal:news", args=["no-such-agency"])]:
        settings.PRONGSAI_PUBLIC_CACHE = False
        plain = client.get(url)
        settings.PRONGSAI_PUBLIC_CACHE = True
        first = client.get(url)
        second = client.get(url)
        assert plain.status_code == first.status_code == second.status_code, url
        assert plain.content == first.content == second.content, url
        if plain.status_code == 200:
            assert second["X-Prongsai-Cache"] == "hit", url
            assert second["Cache-Control"] == "public, max-age=60"
            assert second["ETag"] == first["ETag"]
            assert not second.cookies
            again = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
            assert again.status_code == 304
        else:
            assert "X-Prongsai-Cache" not in second


def test_a_change_shows_on_the_very_next_request(client, portal, django_user_model):
    url = reverse("portal:news", args=[portal.slug])
    client.get(url)
    assert client.get(url)["X-Prongsai-Cache"] == "hit"
    actor = django_user_model.objects.get(username="demo-coordinator")
    news_save(
        agency=portal, actor=actor, item=None,
        data={
            "title": "ข่าวใหม่ล่าสุดเพื่อทดสอบแคช", "body": "เนื้อหา", "published_on": timezone.localdate(),
            "is_published": True,
        },
    )
    response = client.get(url)
    assert "X-Prongsai-Cache" not in response
    assert "ข่าวใหม่ล่าสุดเพื่อทดสอบแคช" in response.content.decode()


def test_last_modified_is_when_the_data_changed_not_when_the_page_was_stored(client, portal, monkeypatch):
    from email.utils import parsedate_to_datetime

    from prongsai.apps.base import public_cache

    url = reverse("portal:news", args=[portal.slug])
    clock = [2_000_000_000.0]  # 2033-05-18, after today's midnight whatever the test day
    monkeypatch.setattr(public_cache.time, "time", lambda: clock[0])
    public_version_bump()  # the site's version too: a version first made at the request would be its time
    public_version_bump(agency=portal)
    changed = int(clock[0])
    clock[0] += 3600  # the page is first rendered and stored an hour after the change
    stored = client.get(url)
    assert int(parsedate_to_datetime(stored["Last-Modified"]).timestamp()) == changed
    public_version_bump(agency=portal)  # a change: the next page says so
    later = client.get(url)
    assert "X-Prongsai-Cache" not in later
    assert int(parsedate_to_datetime(later["Last-Modified"]).timestamp()) == int(clock[0])


def test_the_bump_also_runs_on_commit(portal, django_capture_on_commit_callbacks):
    before = public_version(portal.slug)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        public_version_bump(agency=portal)
    during = public_version(portal.slug)
    assert during != before and len(callbacks) == 1
    callbacks[0]()
    assert public_version(portal.slug) not in (before, during)


def test_signed_in_requests_are_never_served_nor_stored(client, portal, django_user_model):
    url = reverse("portal:home", args=[portal.slug])
    staff = django_user_model.objects.get(username="demo-coordinator")
    client.force_login(staff)
    signed_in = client.get(url)
    assert "X-Prongsai-Cache" not in signed_in
    assert "public, max-age" not in signed_in.get("Cache-Control", "")
    again = client.get(url)
    assert "X-Prongsai-Cache" not in again  # the signed-in page was not stored
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)
    assert "X-Prongsai-Cache" not in anonymous  # nothing stored by the signed-in requests
    assert b"/accounts/logout/" not in anonymous.content
    assert client.get(url)["X-Prongsai-Cache"] == "hit"
    # and the reverse: a signed-in person asking after the public page is cached gets a fresh render
    client.force_login(staff)
    assert "X-Prongsai-Cache" not in client.get(url)


def test_staff_only_data_never_reaches_a_cached_public_page(client, portal, django_user_model):
    from prongsai.apps.portal.models import NewsItem

    NewsItem.objects.create(
        agency=portal, title="ร่างข่าวภายในห้ามเผยแพร่", body="ภายใน", published_on=timezone.localdate(), is_published=False
    )
    url = reverse("portal:news", args=[portal.slug])
    client.force_login(django_user_model.objects.get(username="demo-coordinator"))
    client.get(url)
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        assert "ร่างข่าวภายในห้ามเผยแพร่" not in client.get(url).content.decode()


def test_form_pages_are_never_cached(client, portal):
    for url in (
        reverse("portal:qa", args=[portal.slug]),
        reverse("portal:eservice", args=[portal.slug]),
    ):
        client.get(url)
        response = client.get(url)
        assert "X-Prongsai-Cache" not in response, url
        assert "public" not in response.get("Cache-Control", ""), url


def test_a_request_with_other_cookies_skips_the_cache(client, portal):
    url = reverse("portal:results", args=[portal.slug])
    client.get(url)
    client.cookies["messages"] = "x"
    assert "X-Prongsai-Cache" not in client.get(url)


@pytest.mark.parametrize("name", ["portal:home", "portal:results", "portal:news", "portal:oit", "portal:data"])
def test_public_pages_query_budget(client, portal, name, django_assert_max_num_queries, settings):
    settings.PRONGSAI_PUBLIC_CACHE = False
    url = reverse(name, args=[portal.slug])
    client.get(url)  # warm the per-process caches (frameworks)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    settings.PRONGSAI_PUBLIC_CACHE = True
    client.get(url)
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200
