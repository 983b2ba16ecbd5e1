"""Bursts of answers on a round's open EIT links (``surveys.bursts``: many answers, each within seconds of the one
before, flagged "ผิดปกติ: 60 คำตอบใน 2 วินาที"). The round admin decides, not the unit: a unit could otherwise set
aside the answers about itself that it does not like. Setting a burst aside takes its answers out of the unit's
respondent count at once and out of its scores at the next scoring (``round_score``); restoring brings them back.
Both are audited in the assessor organisation's log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from prongsai.apps.rounds.access import RoundAccess
from prongsai.apps.rounds.models import RoundUnit
from prongsai.apps.rounds.services import RoundInputError, _require_admin
from prongsai.apps.surveys.bursts import pulse_burst_mark
from prongsai.apps.surveys.models import PulseBurst


@dataclass(frozen=True)
class BurstRow:
    burst: PulseBurst
    unit: RoundUnit
    instrument: str


def round_bursts(*, racc: RoundAccess, unit: RoundUnit | None = None) -> list[BurstRow]:
    """The bursts on the round's survey links (of ``unit`` only, when given), newest first."""
    found = PulseBurst.objects.filter(round__round_survey__unit__round=racc.round)
    if unit is not None:
        found = found.filter(round__round_survey__unit=unit)
    found = found.select_related("round__round_survey__unit__agency").order_by("-first_at", "-pk")
    return [BurstRow(b, b.round.round_survey.unit, b.round.round_survey.instrument) for b in found]


@transaction.atomic
def survey_burst_set_aside(*, racc: RoundAccess, actor: Any, burst_id: int, set_aside: bool) -> PulseBurst:
    """The round admin sets a burst of one of the round's survey links aside, or restores it."""
    _require_admin(racc)
    burst = PulseBurst.objects.filter(pk=burst_id, round__round_survey__unit__round=racc.round).first()
    if burst is None:
        raise RoundInputError("ไม่พบช่วงคำตอบที่ผิดปกตินี้ในรอบการประเมินนี้")
    return pulse_burst_mark(burst=burst, set_aside=set_aside, actor=actor, agency=racc.round.assessor)
