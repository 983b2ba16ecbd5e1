"""``load_rounds_demo``: a fictional round that can be walked through at once; running it again changes nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from prongsai.apps.rounds.models import Round, RoundResult


def test_the_demo_round_loads_once_and_its_pages_open(db, client):
    from django.contrib.auth import get_user_model

    call_command("load_rounds_demo", verbosity=0)
    call_command("load_rounds_demo", verbosity=0)
    round = Round.objects.get()
    assert round.units.count() == 3 and RoundResult.objects.filter(unit__round=round).count() == 3
    users = get_user_model().objects
    client.force_login(users.get(username="demo-round-admin"))
    for name in ("rounds:detail", "rounds:queue", "rounds:dashboard"):
        assert client.get(reverse(name, args=[round.assessor.slug, round.pk])).status_code == 200, name
    client.force_login(users.get(username="demo-assessor-2"))
    queue = client.get(reverse("rounds:queue", args=[round.assessor.slug, round.pk])).content.decode()
    assert "องค์การบริหารส่วนตำบลสาธิตสาม" in queue and "องค์การบริหารส่วนตำบลสาธิตสอง" not in queue.split("ภาระงาน")[0]
    client.force_login(users.get(username="demo-round-unit-2"))
    page = client.get(reverse("rounds:detail", args=["demo-round-unit-2", round.pk])).content.decode()
    assert "ผลการประเมินจะแสดงเมื่อผู้จัดการประเมินยืนยันผลแล้ว" in page
