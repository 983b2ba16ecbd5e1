"""The national dashboard defaults to the latest year with a meaningful coverage, shows the coverage and
never compares years of very different coverage without saying so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.assessments.services import result_record
from prongsai.apps.national.analytics import default_year

pytestmark = pytest.mark.django_db

SCORES = {1: 90.0, 2: 85.0, 3: 88.0, 4: 84.0, 5: 86.0, 6: 88.0, 7: 87.0, 8: 86.0, 9: 90.0, 10: 87.5}


def test_default_year_rule():
    assert default_year({2568: 302, 2569: 1}) == 2568
    assert default_year({2568: 302, 2569: 200}) == 2569
    assert default_year({2569: 5}) == 2569
    assert default_year({}) is None


def test_a_year_with_one_result_is_not_the_default_nor_compared(client, world, loaded):
    result_record(agency=world.own, fiscal_year=2569, indicator_scores=SCORES)
    client.force_login(world.user("system_admin"))
    html = client.get(reverse("national:home")).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568</h2>" in html  # not 2569, with its single result
    assert "มีผล " in html and 'data-figure="not-comparable"' not in html

    lone = client.get(reverse("national:home") + "?fy=2569")
    assert lone.status_code == 200
    text = lone.content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569</h2>" in text
    assert "มีผล 1 จาก " in text
    assert 'data-figure="not-comparable"' in text and "จำนวนต่างกันมาก" in text
    assert 'data-figure="mean_change"' not in text  # no year-on-year figures across such different coverage
