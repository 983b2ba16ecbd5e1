"""Which staff pages a round's rows show, for the versions that kept pages are keyed on (``base.versions``).

A round's submissions, judgements, disputes, units and roles are audited under the assessor organisation, but
the judged agencies' homes show them too (``next_tasks.unit_judgements``), and the assessor's home shows the
queue (``next_tasks.assessor_work``). Every save or delete of such a row renews the staff version of the unit's
agency and of the round's assessor; a role also renews its person's version."""

from __future__ import annotations

from prongsai.apps.base import versions
from prongsai.apps.rounds.models import Dispute, Judgement, OitSubmission, Round, RoundRole, RoundUnit


def _unit_agencies(unit_id: int | None) -> list[int]:
    """The unit's agency and its round's assessor (one query)."""
    if unit_id is None:
        return []
    row = RoundUnit.objects.filter(pk=unit_id).values_list("agency_id", "round__assessor_id").first()
    return list(row) if row else []


def _round_agencies(round_id: int | None) -> list[int]:
    """The round's assessor and every unit's agency (one query, two when the round has no unit)."""
    if round_id is None:
        return []
    ids = list(RoundUnit.objects.filter(round_id=round_id).values_list("agency_id", "round__assessor_id"))
    if not ids:
        return list(Round.objects.filter(pk=round_id).values_list("assessor_id", flat=True))
    return sorted({a for row in ids for a in row})


def watch_rows() -> None:
    for model in (OitSubmission, Judgement, Dispute):
        versions.watch(model, staff=lambda row: _unit_agencies(row.unit_id))
    versions.watch(RoundUnit, staff=lambda row: [row.agency_id, *_round_agencies(row.round_id)])
    versions.watch(Round, staff=lambda row: [row.assessor_id, *_round_agencies(row.pk)])
    versions.watch(RoundRole, staff=lambda row: _round_agencies(row.round_id), person=lambda row: [row.user_id])
