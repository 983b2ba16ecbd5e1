"""Freezing a round's results ("ยืนยันผล") is a deliberate step: the form says what will happen and needs the
"ข้าพเจ้าเข้าใจว่า…" box ticked; the server refuses a confirmation without it (no JavaScript involved)."""

from __future__ import annotations

import re

from django.urls import reverse

from prongsai.apps.rounds import services
from prongsai.apps.rounds.models import RoundResult


def test_freezing_a_round_needs_the_understood_box(client, rw, open_round):
    admin = rw.users["admin"]
    racc = rw.racc("admin", rw.assessor, open_round)
    services.round_score(racc=racc, actor=admin)
    for rank, unit in enumerate(open_round.units.order_by("pk"), start=1):  # results to freeze (no answers needed)
        RoundResult.objects.create(
            unit=unit, version=1, overall="90.00", level="ผ่าน", passed=True, rank=rank,
            data={"instruments": {}, "indicators": {}, "questions": [], "respondents": {}, "oit": [], "warnings": []},
            by=admin,
        )
    client.force_login(admin)
    slug, pk = rw.assessor.slug, open_round.pk
    page = client.get(reverse("rounds:detail", args=[slug, pk])).content.decode()
    form = page.split(reverse("rounds:confirm", args=[slug, pk]), 1)[1].split("</form>", 1)[0]
    assert re.search(r'<input type="checkbox" name="confirm" value="yes"[^>]*required', form)
    assert 'type="hidden" name="confirm"' not in form and "checked" not in form
    assert "ข้าพเจ้าเข้าใจว่า" in form and "ตรึง" in form

    refused = client.post(reverse("rounds:confirm", args=[slug, pk]), {})
    assert refused.status_code == 400
    assert "ข้าพเจ้าเข้าใจว่า" in refused.content.decode()
    open_round.refresh_from_db()
    assert not open_round.is_confirmed

    done = client.post(reverse("rounds:confirm", args=[slug, pk]), {"confirm": "yes"})
    assert done.status_code == 302
    open_round.refresh_from_db()
    assert open_round.is_confirmed
