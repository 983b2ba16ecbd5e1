"""Fixtures of the meetings tests: private files in a temporary folder, and the coordinator who keeps meetings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"


@pytest.fixture
def coordinator(world):
    return world.user("coordinator")
