"""Fixtures for plans and tracking, on top of ``world`` (tests/web/conftest.py).

- ``files_dir``: private files go to a temporary folder (autouse).
- ``access(role)``: the ``Access`` of a world role in the own agency.
- ``plan``: the own agency's FY2569 plan drafted by the coordinator from the FY2568 results.
- ``approved``: the same plan submitted by the coordinator and approved by the executive (tasks created).
"""

from __future__ import annotations

import pytest

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.plans import services


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def access(world):
    def _access(role: str, agency=None):
        return agency_access(user=world.user(role), agency=agency or world.own)

    return _access


@pytest.fixture
def plan(world, access):
    return services.plan_draft(
        agency=world.own, access=access("coordinator"), actor=world.user("coordinator"), results_fiscal_year=2568
    )


def submit(plan, world, access):
    plan.refresh_from_db()
    return services.plan_submit(
        plan=plan, access=access("coordinator"), actor=world.user("coordinator"), version=plan.version
    )


def approve(plan, world, access, comment=""):
    plan.refresh_from_db()
    return services.plan_approve(
        plan=plan, access=access("executive"), actor=world.user("executive"), version=plan.version, comment=comment
    )


@pytest.fixture
def approved(plan, world, access):
    submit(plan, world, access)
    approve(plan, world, access)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def helpers():
    class H:
        pass

    h = H()
    h.submit = submit
    h.approve = approve
    return h
