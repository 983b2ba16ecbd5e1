"""Fixtures for OIT evidence in the web app, on top of ``world`` (tests/web/conftest.py).

- ``files_dir``: private files go to a temporary folder (autouse).
- ``network_guard``: every test fails if anything tries to reach a host other than this machine (autouse; the
  same guard as tests/core/oit).
- ``access(role)``: the ``Access`` of a world role in the own agency.
- ``checklist``: the own agency's FY2566 checklist, made by the coordinator.
- ``serve(site)``: a fixture website (tests/core/oit/fixture_sites.py) served on 127.0.0.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "core" / "oit"))

from fixture_sites import FixtureServer
from netguard import loopback_only

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.oit import services


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    settings.PRONGSAI_OIT_PDF = False  # LibreOffice only where a test asks for the PDF
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture(autouse=True)
def network_guard():
    with loopback_only() as violations:
        yield violations
    assert violations == [], f"tried to reach outside the machine: {violations}"


@pytest.fixture
def access(world):
    def _access(role: str, agency=None):
        return agency_access(user=world.user(role), agency=agency or world.own)

    return _access


@pytest.fixture
def checklist(world, access):
    return services.checklist_create(
        agency=world.own, access=access("coordinator"), actor=world.user("coordinator"), fiscal_year=2566
    )


@pytest.fixture
def serve():
    servers: list[FixtureServer] = []

    def start(site) -> FixtureServer:
        server = FixtureServer(site).__enter__()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.__exit__(None, None, None)
