"""Fixtures for the OIT tests: fixture websites on 127.0.0.1 and a guard against any other network traffic.

Timeouts (see fixture_sites): every check here defaults to NORMAL_TIMEOUT, so a busy machine never turns a page
into a "timeout" and changes a verdict; tests about timeouts use pages that never answer, with SLOW_TEST_TIMEOUT.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_sites import NORMAL_TIMEOUT, FixtureServer, build_site
from netguard import LoopbackTransport, loopback_only

from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.oit.checker import check_site_sync
from prongsai.core.oit.crawler import CrawlConfig


@pytest.fixture(autouse=True)
def network_guard():
    """Every test here fails if anything tries to reach a host other than this machine."""
    with loopback_only() as violations:
        yield violations
    assert violations == [], f"tried to reach outside the machine: {violations}"


@pytest.fixture(scope="session")
def frameworks() -> FrameworkRegistry:
    return FrameworkRegistry()


@pytest.fixture
def serve():
    """serve(site) → a running FixtureServer (stopped after the test)."""
    servers: list[FixtureServer] = []

    def start(site) -> FixtureServer:
        server = FixtureServer(site).__enter__()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.__exit__(None, None, None)


@pytest.fixture
def run_check(serve, network_guard, frameworks):
    """run_check(fy, modes, **config) → (report, site, transport): build, serve and check one fixture site."""

    def run(fy: int, modes: dict[str, str] | None = None, *, robots: str | None = None, **config):
        framework = frameworks.get(fy)
        site = build_site(framework, modes, robots=robots)  # "slow" pages never answer
        server = serve(site)
        transport = LoopbackTransport(network_guard)
        config.setdefault("allow_private", True)
        config.setdefault("timeout", NORMAL_TIMEOUT)
        report = check_site_sync(server.url, framework, config=CrawlConfig(**config), transport=transport)
        return report, site, transport

    return run
