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
