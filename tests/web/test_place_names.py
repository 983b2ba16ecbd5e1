"""An agency's district is written with its kind word once, whether it was stored as เหนือ or as อำเภอเหนือ (the demo
round stores อำเภอเหนือ): the portal, the dashboard, the results pages and the import review used to print
"อำเภออำเภอเหนือ" (`core.places.place_th`, the `place_th` template filter)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from prongsai.apps.assessments.imports import import_prepare

PLACE = "อำเภอเหนือ จังหวัดทดสอบ"


@pytest.fixture
def north(world):
    world.own.district = "อำเภอเหนือ"  # as the demo round stores it
    world.own.province = "จังหวัดทดสอบ"
    world.own.save(update_fields=["district", "province"])
    return world.own


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(("name", "signed_in"), [
    ("portal:home", False),
    ("assessments:agency_results", False),
    ("assessments:dashboard", True),
])
def test_pages_name_the_district_once(client, client_for, world, north, name, signed_in):
    client_for(client, world.user("coordinator") if signed_in else None)
    html = _page(client, reverse(name, args=[north.slug]))
    assert PLACE in html
    assert "อำเภออำเภอ" not in html and "จังหวัดจังหวัด" not in html


def test_the_import_review_names_the_documents_district_once(client, client_for, world, north, report_text):
    text = report_text().replace("อำเภอเมืองทดสอบ จังหวัดทดสอบ", "อำเภออำเภอเหนือ จังหวัดทดสอบ")
    pending = import_prepare(agency=north, actor=world.user("coordinator"), data=text.encode(), filename="r.txt")
    client_for(client, world.user("coordinator"))
    html = _page(client, reverse("assessments:import_review", args=[north.slug, pending.pk]))
    assert PLACE in html and "อำเภออำเภอ" not in html


def test_a_place_that_is_not_known_is_left_out(client, client_for, world):
    world.own.district = world.own.province = ""
    world.own.save(update_fields=["district", "province"])
    html = _page(client_for(client, None), reverse("portal:home", args=[world.own.slug]))
    lede = re.search(r'<p class="lede">(.*?)</p>', html, re.S).group(1)
    assert lede.strip() == world.own.get_kind_display()
