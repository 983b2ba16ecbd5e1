"""Fixtures for pulse surveys: an IIT-style round of ``world.own`` and a helper that answers it; forms may be sent
at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from prongsai.apps.surveys.questions import round_blocks
from prongsai.apps.surveys.services import pulse_round_create


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    """The answer form may be sent at once (no minimum fill time) unless a test says so."""
    settings.PRONGSAI_FORM_MIN_SECONDS = 0


@pytest.fixture
def iit_round(world):
    return pulse_round_create(
        agency=world.own,
        actor=world.user("coordinator"),
        kind="iit",
        title="สำรวจความคิดเห็นบุคลากร รอบที่ 1",
        fiscal_year=2568,
        closes_on=timezone.localdate() + timedelta(days=14),
    )


def full_answers(round, pick: int = -1) -> dict[str, str]:
    """Every answer point of the round answered with option ``pick`` (default: the last, e.g. มากที่สุด/ไม่มี)."""
    return {p.field: p.options[pick] for block in round_blocks(round=round) for p in block.points}
