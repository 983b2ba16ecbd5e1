"""Reads of the public answer pages (not agency-scoped: the code in the link is the key) and the unit picker."""

from __future__ import annotations

from prongsai.apps.agencies.models import Agency
from prongsai.apps.rounds.models import Instrument, Invitation, RoundSurvey
from prongsai.apps.rounds.pool import code_spent


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
    """The code has answered (its digest is spent, or its invitation marked used): never which answer it gave."""
    return code_spent(token)


def invitation_in(survey: RoundSurvey, typed: str) -> str:
    """The invitation code in ``typed`` (a code, or the whole link from the card pasted) when it is one of this IIT
    survey's codes, else ""."""
    code = (typed or "").strip().rstrip("/").rsplit("/", 1)[-1]
    if not code or len(code) > 32 or survey.instrument != Instrument.IIT:
        return ""
    return code if survey.invitations.filter(token=code).exists() else ""


def agency_by_slug(slug: str) -> Agency | None:
    """The agency a round admin adds as a unit (any agency of the installation)."""
    return Agency.objects.filter(slug=slug).first()


# Abbreviations people type for a unit's kind (อบต.ตัวอย่าง) → the words of its full Thai name.
ABBREVIATIONS = (
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("ทต.", "เทศบาลตำบล"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทน.", "เทศบาลนคร"),
)


def _name_key(text: str) -> str:
    key = "".join((text or "").split())
    for short, full in ABBREVIATIONS:
        if key.startswith(short):
            key = full + key[len(short):]
    return key


def agencies_by_name(text: str) -> list[Agency]:
    """The agencies a round admin means by what they typed: the code (slug), the Thai name as shown, the name with
    its kind abbreviated (อบต.ตัวอย่าง) or spaced differently; else those whose name holds the words (at most 10)."""
    typed = (text or "").strip()
    if not typed:
        return []
    found = Agency.objects.filter(slug=typed).first() or Agency.objects.filter(name_th=typed).first()
    if found is not None:
        return [found]
    key = _name_key(typed)
    rest = key
    for _short, full in ABBREVIATIONS:
        rest = rest.removeprefix(full)
    candidates = list(Agency.objects.filter(name_th__contains=rest or key).order_by("name_th")[:200])
    exact = [a for a in candidates if _name_key(a.name_th) == key]
    if exact:
        return exact
    return [a for a in candidates if key in _name_key(a.name_th)][:10]


def agency_names(limit: int = 500) -> list[str]:
    """Thai names for the unit picker's list (the round admin may add any agency of the installation)."""
    return list(Agency.objects.order_by("-is_demo", "name_th").values_list("name_th", flat=True)[:limit])
