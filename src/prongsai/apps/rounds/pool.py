"""The IIT mixing pool's reads: the keyed digest of an invitation code, the pool size, and the counts a coordinator
sees (how many codes have answered, how many answers wait to be mixed), never anything per code.

Why (docs/rounds.md, "what the system knows"): marking the invitation used in the answer's own transaction put the
answer beside its code in every way a database keeps order (insertion order in a dump, PostgreSQL's ``xmin``). Now an
answer touches no invitation row: its code is recorded only as a digest with a key the database does not hold, its
answers wait sealed in a pool, and a full pool becomes the survey engine's rows in a random order, in another
transaction. The writes are ``services.survey_answer`` and ``services.pool_flush``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

from prongsai.apps.rounds.models import Instrument, Invitation, PendingIitAnswer, Round, RoundSurvey, SpentInvitation

DIGEST_SALT = "prongsai.rounds.iit-invitation-code"
DEFAULT_POOL_SIZE = 10


def pool_size() -> int:
    """How many IIT answers a survey's pool collects before they are mixed in (``PRONGSAI_ROUNDS_IIT_POOL_SIZE``)."""
    try:
        return max(1, int(getattr(settings, "PRONGSAI_ROUNDS_IIT_POOL_SIZE", DEFAULT_POOL_SIZE)))
    except (TypeError, ValueError):
        return DEFAULT_POOL_SIZE


def code_digests(code: str) -> list[str]:
    """HMAC-SHA256 of the code under a key derived from SECRET_KEY (its own salt), then under each key of
    SECRET_KEY_FALLBACKS: the first is what a new answer stores, any of them marks the code as spent."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac(DIGEST_SALT, code, secret=key, algorithm="sha256").hexdigest() for key in keys]


def code_spent(code: str) -> bool:
    """The code has answered: its invitation is marked used, or its digest is among the spent codes."""
    if Invitation.objects.filter(token=code, used=True).exists():
        return True
    return SpentInvitation.objects.filter(digest__in=code_digests(code)).exists()


def pending_count(survey: RoundSurvey) -> int:
    return PendingIitAnswer.objects.filter(survey=survey).count()


def round_pending_counts(round: Round) -> dict[int, int]:
    """Unit id → IIT answers waiting in its pool (units with none left out)."""
    out: dict[int, int] = {}
    for unit_id in PendingIitAnswer.objects.filter(survey__unit__round=round).values_list("survey__unit_id", flat=True):
        out[unit_id] = out.get(unit_id, 0) + 1
    return out


def spent_invitation_ids(survey: RoundSurvey) -> list[int]:
    """The survey's invitations whose codes have answered and are not marked used yet (for the final flush)."""
    spent = set(SpentInvitation.objects.filter(survey=survey).values_list("digest", flat=True))
    if not spent:
        return []
    return [pk for pk, token in survey.invitations.filter(used=False).values_list("pk", "token")
            if not spent.isdisjoint(code_digests(token))]


def codes_used_count(survey: RoundSurvey) -> int:
    """How many of the survey's codes have answered (a count only: no page says which)."""
    if survey.instrument != Instrument.IIT:
        return 0
    return survey.invitations.filter(used=True).count() + len(spent_invitation_ids(survey))
