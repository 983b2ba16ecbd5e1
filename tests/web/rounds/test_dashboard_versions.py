"""A round's rows on the agencies' kept dashboards (``rounds.versions``, ``base.kept_pages``): a submission reaches the
assessor's queue, a judgement reaches the judged unit's home, on the very next view after a kept one, although both
are audited under the assessor organisation and not under the agency whose home shows them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.base.kept_pages import CACHE_HEADER
from prongsai.apps.rounds import services
from prongsai.apps.rounds.models import RoundUnit


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PRONGSAI_DASHBOARD_PAGES = True  # off in the test settings (prongsai.web.settings.test)


def _view(client, agency):
    response = client.get(reverse("assessments:dashboard", args=[agency.slug]))
    assert response.status_code == 200
    return response


def _kept_twice(client, agency):
    _view(client, agency)
    response = _view(client, agency)
    assert response.get(CACHE_HEADER) == "kept"
    return response.content.decode()


def test_a_submission_and_a_judgement_show_on_the_next_view(rw, open_round, client):
    unit_a = RoundUnit.objects.get(round=open_round, agency=rw.units["a"])
    assessor, coordinator = client, client.__class__()
    assessor.force_login(rw.users["assessor1"])
    coordinator.force_login(rw.users["coord_a"])
    queue_before = _kept_twice(assessor, rw.assessor)
    home_before = _kept_twice(coordinator, rw.units["a"])
    assert "ผลการตรวจข้อมูล OIT" not in home_before

    services.oit_submit(racc=rw.racc("coord_a", rw.units["a"], open_round), actor=rw.users["coord_a"], item="O1",
                        has_evidence=False, urls="", explanation="")
    queue_after = _view(assessor, rw.assessor)
    assert queue_after.get(CACHE_HEADER) != "kept" and queue_after.content.decode() != queue_before
    waiting = [t for t in queue_after.context["next_tasks"] if "รอท่านตรวจ" in t.text]
    assert [t.count for t in waiting] == [1]

    services.judgement_record(racc=rw.racc("assessor1", rw.assessor, open_round), actor=rw.users["assessor1"],
                              unit=unit_a, item="O1", passed=True, comment="", checked_on=timezone.localdate())
    home_after = _view(coordinator, rw.units["a"]).content.decode()
    assert "ผลการตรวจข้อมูล OIT" in home_after and "ผ่าน 1 ข้อ" in home_after
