"""Reads of the public answer pages (not agency-scoped: the code in the link is the key) and the unit picker."""

from __future__ import annotations

from prongsai.apps.agencies.models import Agency
from prongsai.apps.rounds.models import Instrument, Invitation, RoundSurvey


def survey_for_token(token: str) -> tuple[RoundSurvey | None, str]:
    """(survey, invitation code): an IIT invitation code, or a survey's own link (IIT entry page or open EIT)."""
    if not token or len(token) > 32:
        return None, ""
    invitation = (
        Invitation.objects.select_related("survey__unit__round", "survey__unit__agency", "survey__pulse")
        .filter(token=token, survey__instrument=Instrument.IIT)
        .first()
    )
    if invitation is not None:
        return invitation.survey, invitation.token
    survey = RoundSurvey.objects.select_related("unit__round", "unit__agency", "pulse").filter(open_token=token).first()
    return survey, ""


def invitation_used(token: str) -> bool:
    return Invitation.objects.filter(token=token, used=True).exists()


def agency_by_slug(slug: str) -> Agency | None:
    """The agency a round admin adds as a unit (any agency of the installation)."""
    return Agency.objects.filter(slug=slug).first()
