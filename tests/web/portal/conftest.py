"""Fixtures for the portal: public forms may be sent at once (no minimum fill time)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    settings.PRONGSAI_FORM_MIN_SECONDS = 0


def token_from(html: str) -> str:
    found = re.search(r'name="ft" value="([^"]+)"', html)
    assert found
    return found.group(1)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
