"""The one read of the public survey page: an open round by its round-wide link (not agency-scoped: the link is
the round's)."""

from __future__ import annotations

from prongsai.apps.surveys.models import PulseRound


def round_for_token(token: str) -> PulseRound | None:
    if not token or len(token) > 32:
        return None
    return PulseRound.objects.select_related("agency").filter(token=token).first()
