"""The registries of ``base``: open data (filled by the apps' ``ready()``) and the ``load_demo`` steps."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prongsai.apps.base import demo, opendata
from prongsai.apps.base.opendata import Column, Dataset, register_dataset, registered_dataset, registered_datasets

EXPECTED = [
    "ita-results",
    "ita-indicator-scores",
    "procurement-plan",
    "procurement-announcements",
    "procurement-contracts",
    "procurement-monthly-summary",
    "procurement-annual-report",
    "service-statistics",
    "complaint-statistics",
    "questions",
    "gifts-register",
]


def test_the_apps_register_every_dataset_in_catalogue_order():
    assert list(registered_datasets()) == EXPECTED
    assert registered_dataset("gifts-register").title_th.startswith("รายงานการรับของขวัญ")
    assert registered_dataset("nothing") is None


@pytest.fixture
def clean_registry():
    saved = dict(opendata._REGISTRY)
    yield
    opendata._REGISTRY.clear()
    opendata._REGISTRY.update(saved)


def test_register_orders_by_order_then_registration_and_replaces_a_slug(clean_registry):
    cols = (Column("n", "จำนวน", "integer"),)
    register_dataset(Dataset("zz-first", "ก", "", cols, lambda agency: []), order=1)
    register_dataset(Dataset("zz-late", "ข", "", cols, lambda agency: []))
    register_dataset(Dataset("zz-first", "ค", "", cols, lambda agency: []), order=1)
    slugs = list(registered_datasets())
    assert slugs[0] == "zz-first" and slugs[-1] == "zz-late"
    assert registered_dataset("zz-first").title_th == "ค"
    assert slugs.count("zz-first") == 1
    opendata.unregister_dataset("zz-late")
    assert "zz-late" not in registered_datasets()


def test_two_decimals():
    assert opendata.two_decimals(93.756) == Decimal("93.76")
    assert opendata.two_decimals(None) is None


def test_the_plans_app_registers_its_demo_step_once():
    assert demo._STEPS.count("prongsai.apps.plans.demo.demo_plan_step") == 1
    demo.register_demo_step("prongsai.apps.plans.demo.demo_plan_step")
    assert demo._STEPS.count("prongsai.apps.plans.demo.demo_plan_step") == 1


def test_demo_steps_run_in_order_and_drop_empty_lines(monkeypatch):
    here = "tests.web.base.test_registries"
    monkeypatch.setattr(demo, "_STEPS", [f"{here}._step_a", f"{here}._step_b"])
    assert demo.demo_steps_run(agency="A", users={"u": 1}) == ["a A 1"]


def _step_a(*, agency, users):
    return f"a {agency} {users['u']}"


def _step_b(*, agency, users):
    return ""
