"""The provincial and national dashboards kept per person (``base.kept_pages``; docs/performance.md): a second view
is kept and equals a fresh render but for the CSRF token; a result changed shows on the next view; a viewer who
loses a province gets 404, never the kept page; two viewers of different scopes get their own header; system
administrators' pages are not kept."""

from __future__ import annotations

import polars as pl
import pytest
from django.urls import reverse

from prongsai.apps.base.kept_pages import CACHE_HEADER
from prongsai.apps.national.services import regional_viewer_set

from ..conftest import without_csrf_token as _strip


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PRONGSAI_DASHBOARD_PAGES = True  # off in the test settings (prongsai.web.settings.test)


def _kept(response) -> bool:
    return response.get(CACHE_HEADER) == "kept"


def _provinces(loaded) -> list[str]:
    return loaded.filter(pl.col("fiscal_year") == 2568).get_column("province").unique().sort().to_list()


def test_a_second_view_is_kept_and_the_same_as_a_fresh_render(client, world, loaded, settings):
    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province=None)
    client.force_login(viewer)
    url = reverse("national:home") + "?fy=2568"
    for query in ("", "&digits=thai", "&page=2&sort=name"):
        client.get(url + query)  # stores the row's section
        first, again = client.get(url + query), client.get(url + query)
        settings.PRONGSAI_DASHBOARD_PAGES = False
        fresh = client.get(url + query)
        settings.PRONGSAI_DASHBOARD_PAGES = True
        assert _kept(again) and not _kept(fresh)
        assert _strip(again.content.decode()) == _strip(first.content.decode()) == _strip(fresh.content.decode())


def test_a_changed_result_shows_on_the_next_view(client, world, loaded):
    from prongsai.apps.national.aggregates import mark_changed

    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province=None)
    client.force_login(viewer)
    url = reverse("national:home") + "?fy=2568"
    client.get(url), client.get(url)  # computes and stores the row, then keeps the page under it
    assert _kept(client.get(url))
    mark_changed(fiscal_years=[2568])  # the year's figures are no longer current
    assert not _kept(client.get(url))  # computed and stored anew
    assert not _kept(client.get(url))  # a new row: another key, not the page kept under the old one
    assert _kept(client.get(url))


def test_a_viewer_who_loses_a_province_gets_404_and_scopes_never_mix(client, world, loaded):
    from prongsai.apps.national.models import RegionalViewer

    one, other = _provinces(loaded)[:2]
    viewer, nation = world.user("outsider"), world.user("coordinator")
    regional_viewer_set(user=viewer, province=one)
    regional_viewer_set(user=viewer, province=other)
    regional_viewer_set(user=nation, province=None)
    url = reverse("national:province", args=[one]) + "?fy=2568"
    client.force_login(viewer)
    client.get(url), client.get(url)
    own = client.get(url)
    client.force_login(nation)
    client.get(url)
    theirs = client.get(url)
    assert _kept(own) and _kept(theirs)
    assert reverse("national:province", args=[other]) in own.content.decode()  # the viewer's own province list
    assert _strip(own.content.decode()) != _strip(theirs.content.decode())
    RegionalViewer.objects.filter(user=viewer, province=one).delete()
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_system_administrators_pages_are_not_kept(client, world, loaded):
    client.force_login(world.user("system_admin"))
    url = reverse("national:home") + "?fy=2568"
    client.get(url), client.get(url)
    assert not _kept(client.get(url))
