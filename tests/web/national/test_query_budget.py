"""Query budgets of the national and provincial dashboards: a cached summary is one small read, so a view costs a
handful of queries whatever the number of agencies, and an N+1 cannot come back."""

from __future__ import annotations

import polars as pl
import pytest
from django.urls import reverse

BUDGET = 15


@pytest.mark.parametrize("where", ["nation", "province"])
def test_dashboard_query_budget(client, world, loaded, where, django_assert_max_num_queries):
    client.force_login(world.user("system_admin"))
    province = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province")[0]
    url = reverse("national:home") if where == "nation" else reverse("national:province", args=[province])
    assert client.get(url + "?fy=2568").status_code == 200  # builds the frame and the summary once
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url + "?fy=2568").status_code == 200
    with django_assert_max_num_queries(BUDGET):  # another page of the ranking: same cached summary
        assert client.get(url + "?fy=2568&page=2&sort=overall").status_code == 200


@pytest.mark.parametrize("where", ["nation", "province"])
def test_previous_figures_while_another_request_recomputes(client, world, loaded, where, django_assert_max_num_queries):
    """After a change, while another request holds the region's lock, a view serves the previous row (with the
    note): the same budget, nothing computed."""
    from django.core.cache import cache

    from prongsai.apps.national import analytics
    from prongsai.apps.national.aggregates import mark_changed
    from prongsai.apps.national.models import NationalYearState

    client.force_login(world.user("system_admin"))
    province = loaded.filter(pl.col("fiscal_year") == 2568).get_column("province")[0] if where == "province" else ""
    url = reverse("national:province", args=[province]) if province else reverse("national:home")
    client.get(url + "?fy=2568")
    client.get(url + "?fy=2568")
    mark_changed(fiscal_years=[2568])
    generation = NationalYearState.objects.get(fiscal_year=2568).generation
    where_ = {"fiscal_year": 2568, "province": province, "agency_type": ""}
    cache.add(analytics._lock_key(where_, generation), 1, 60)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url + "?fy=2568")
    assert response.status_code == 200 and "ตัวเลขกำลังปรับปรุงตามผลที่บันทึกล่าสุด" in response.content.decode()
