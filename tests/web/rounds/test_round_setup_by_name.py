"""A round admin adds a unit by its Thai name (อบต.ตัวอย่าง) from a list, and names people from a list of
their Thai names, never by typing an English code or a username."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.agencies.services import agency_ensure
from prongsai.apps.rounds import services
from prongsai.apps.rounds.public import agencies_by_name

from .conftest import VARIANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_round(rw):
    return services.round_create(assessor=rw.assessor, actor=rw.users["admin"], title="รอบทดสอบ", fiscal_year=2568,
                                 framework_year=None, framework_yaml=VARIANT, starts_on=timezone.localdate())


def test_names_as_people_type_them(rw):
    a = rw.units["a"]
    assert agencies_by_name("อบต.หนึ่งทดสอบ") == [a]
    assert agencies_by_name("อบต. หนึ่งทดสอบ") == [a]
    assert agencies_by_name("องค์การบริหารส่วนตำบลหนึ่งทดสอบ") == [a]
    assert agencies_by_name("unit-a") == [a]
    assert len(agencies_by_name("ทดสอบ")) > 1  # ambiguous: the form asks to pick from the list
    assert agencies_by_name("ไม่มีหน่วยงานนี้") == []


def test_a_unit_is_added_by_its_thai_name_and_people_are_picked_by_name(rw, empty_round, client):
    client.force_login(rw.users["admin"])
    slug, pk = rw.assessor.slug, empty_round.pk
    page = client.get(reverse("rounds:detail", args=[slug, pk])).content.decode()
    assert 'list="unit-agencies"' in page and '<datalist id="unit-agencies">' in page
    assert f'<option value="{rw.units["a"].name_th}">' in page
    assert '<select name="username"' in page and "ผู้ประเมิน1" in page  # Thai names to pick from

    response = client.post(reverse("rounds:unit_add", args=[slug, pk]), {"agency": "อบต.หนึ่งทดสอบ", "group": "ก"})
    assert response.status_code == 302
    assert empty_round.units.filter(agency=rw.units["a"]).exists()

    page = client.get(reverse("rounds:detail", args=[slug, pk])).content.decode()
    assert 'value="coord-a"' in page and "ผู้ประสานงานa" in page  # the unit's people join the list
    response = client.post(reverse("rounds:role_add", args=[slug, pk]),
                           {"username": "assessor1", "kind": "assessor", "group": "ก", "unit": ""})
    assert response.status_code == 302 and empty_round.roles.filter(user=rw.users["assessor1"]).exists()


def test_an_ambiguous_name_asks_for_the_full_name(rw, empty_round, client):
    agency_ensure(slug="unit-a2", name_th="องค์การบริหารส่วนตำบลหนึ่งทดสอบใหม่", province="ทดสอบ")
    client.force_login(rw.users["admin"])
    response = client.post(reverse("rounds:unit_add", args=[rw.assessor.slug, empty_round.pk]),
                           {"agency": "หนึ่งทดสอบ", "group": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "มีหลายหน่วยงานที่ตรงกับที่พิมพ์" in html
    assert not empty_round.units.exists()
