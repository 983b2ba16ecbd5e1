"""Who may see regional dashboards: system administrators and nation viewers the nation, a province viewer only
their province (another province: 404, not 403), agency staff nothing regional; drill-down only to published
results."""

from __future__ import annotations

import polars as pl
from django.urls import reverse

from prongsai.apps.national.access import Regions, regions_visible_to
from prongsai.apps.national.services import regional_viewer_set


def test_regions_visible_to(world):
    assert regions_visible_to(user=world.user("system_admin")) == Regions(nation=True)
    assert regions_visible_to(user=world.user("coordinator")) == Regions()
    assert not regions_visible_to(user=world.user("agency_admin")).any
    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province="ตราด")
    regional_viewer_set(user=viewer, province="จันทบุรี")
    assert regions_visible_to(user=viewer) == Regions(provinces=frozenset({"ตราด", "จันทบุรี"}))
    regional_viewer_set(user=viewer, province=None)
    assert regions_visible_to(user=viewer).nation
    viewer.is_active = False
    viewer.save()
    assert not regions_visible_to(user=viewer).any


def test_province_viewer_sees_only_their_province(client, world, loaded):
    year = loaded.filter(pl.col("fiscal_year") == 2568)
    province, other = year.get_column("province").unique().sort().to_list()[:2]
    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province=province)
    client.force_login(viewer)
    home = client.get(reverse("national:home"))
    assert home.status_code == 302 and home["Location"] == reverse("national:province", args=[province])
    page = client.get(reverse("national:province", args=[province]))
    html = page.content.decode()
    assert page.status_code == 200 and f"จังหวัด{province}" in html
    # drill-down: agencies link to their PUBLISHED results (the portal), never to their private staff pages
    slug = page.context["page"][0]["slug"]
    assert reverse("portal:results", args=[slug]) in html and f"/a/{slug}/" not in html
    assert client.get(f"/a/{slug}/").status_code == 404
    assert client.get(f"/a/{slug}/plans/").status_code == 404
    for url in (reverse("national:province", args=[other]), reverse("national:province", args=["ไม่มีจังหวัดนี้"])):
        response = client.get(url)
        assert response.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in response.content.decode()
        assert other not in response.content.decode()


def test_agency_staff_and_strangers_get_nothing_regional(client, world, loaded):
    urls = [reverse("national:home"), reverse("national:province", args=["ทดสอบ"]), reverse("national:import_upload")]
    for role in ("coordinator", "agency_admin", "executive", "auditor", "unit_staff", "foreign", "outsider"):
        client.force_login(world.user(role))
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_header_links_the_dashboards_only_for_those_who_see_a_region(client, world):
    link = f'href="{reverse("national:home")}"'
    client.force_login(world.user("coordinator"))
    assert link not in client.get(reverse("assessments:dashboard", args=[world.own.slug])).content.decode()
    client.force_login(world.user("system_admin"))
    assert link in client.get(reverse("assessments:dashboard", args=[world.own.slug])).content.decode()


def test_a_regional_viewer_without_an_agency_lands_on_their_dashboard(client, world):
    """Signing in lands a province viewer on the regional pages, not on an empty agency list."""
    viewer = world.user("outsider")
    client.force_login(viewer)
    assert client.get("/")["Location"] == reverse("agencies:choose")  # no agency, no region yet
    regional_viewer_set(user=viewer, province="ตราด")
    assert client.get("/")["Location"] == reverse("national:home")
    client.force_login(world.user("coordinator"))  # agency staff still land on their agency
    assert client.get("/")["Location"].startswith("/a/")
