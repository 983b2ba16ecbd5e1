"""Stuffing a pulse survey: one answer set POSTed 300 times was 300 respondents. Now a form token answers
once, each client has a limit per link, and a burst of answers is flagged on the staff page, where an editor may set
it aside (out of counts and scores, audited) and restore it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.surveys.bursts import pulse_burst_mark, pulse_burst_set_aside
from prongsai.apps.surveys.models import PulseBurst, PulseResponse
from prongsai.apps.surveys.selectors import round_results
from prongsai.apps.surveys.services import SurveyInputError, pulse_submit

from .conftest import full_answers

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"


def _token(client, url, address="198.51.100.1") -> str:
    return re.search(r'name="ft" value="([^"]+)"', client.get(url, REMOTE_ADDR=address).content.decode()).group(1)


def _answer(round, address: str, pick: int = -1):
    client = Client()
    url = reverse("surveys:answer", args=[round.token])
    return client.post(url, {"ft": _token(client, url, address), **full_answers(round, pick)}, REMOTE_ADDR=address)


def test_300_replays_of_one_answer_set_store_one(client, client_for, world, iit_round):
    """The probe's attack: one form fetched, its answers POSTed 300 times (from 300 addresses: the single-use token,
    not the per-client limit, is what stops it)."""
    url = reverse("surveys:answer", args=[iit_round.token])
    data = {"ft": _token(Client(), url), **full_answers(iit_round)}
    statuses = [Client().post(url, data, REMOTE_ADDR=f"198.51.{n // 250}.{n % 250 + 1}").status_code
                for n in range(300)]
    assert statuses[0] == 302 and set(statuses[1:]) == {400}
    replay = Client().post(url, data)
    assert "คำตอบจากแบบฟอร์มนี้บันทึกไว้แล้ว" in replay.content.decode()
    assert 'name="ft"' not in replay.content.decode()  # no new form offered after a replay
    assert PulseResponse.objects.count() == 1
    page = client_for(client, world.user("coordinator")).get(reverse("surveys:round", args=[world.own.slug,
                                                                                         iit_round.pk]))
    assert "ผู้ตอบ 1 คน" in page.content.decode()


def test_a_client_over_its_limit_gets_429_and_others_answer(world, iit_round, settings):
    settings.PRONGSAI_SURVEY_POSTS_PER_CLIENT = 3
    assert [_answer(iit_round, ATTACKER).status_code for _ in range(5)] == [302, 302, 302, 429, 429]
    assert _answer(iit_round, "198.51.100.50").status_code == 302
    assert PulseResponse.objects.count() == 4


def test_survey_pages_set_no_cookie_and_send_no_referrer(world, iit_round):
    client = Client(enforce_csrf_checks=True)
    url = reverse("surveys:answer", args=[iit_round.token])
    page = client.get(url)
    assert "csrfmiddlewaretoken" not in page.content.decode()
    token = re.search(r'name="ft" value="([^"]+)"', page.content.decode()).group(1)
    sent = client.post(url, {"ft": token, **full_answers(iit_round)})
    thanks = client.get(sent["Location"])
    bad = client.post(url, {"ft": "forged", **full_answers(iit_round)})
    assert [r.status_code for r in (page, sent, thanks, bad)] == [200, 302, 200, 400]
    for response in (page, sent, thanks, bad):
        assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
        assert not response.cookies and "Set-Cookie" not in response.headers
    assert not client.cookies


def test_ordinary_answers_are_not_flagged_and_keep_no_time(world, iit_round, settings):
    settings.PRONGSAI_SURVEY_BURST_MIN_ANSWERS = 50
    settings.PRONGSAI_SURVEY_BURST_GAP_SECONDS = 3600
    for n in range(5):
        assert _answer(iit_round, f"198.51.100.{n + 1}").status_code == 302
    assert not PulseBurst.objects.exists()
    assert set(PulseResponse.objects.values_list("burst", flat=True)) == {None}


def test_a_burst_is_flagged_and_an_editor_sets_it_aside_and_restores_it(client, client_for, world, iit_round,
                                                                         settings):
    """Five genuine answers (the lowest option), then a burst of 8 (the highest) through the link: the staff page
    says "ผิดปกติ: 8 คำตอบใน … วินาที"; set aside, the count and the score are the genuine ones again; restored,
    the burst counts again. Only editors may; both are audited."""
    settings.PRONGSAI_SURVEY_BURST_MIN_ANSWERS = 6
    settings.PRONGSAI_SURVEY_BURST_GAP_SECONDS = 3600  # every answer of this test falls in one run: no timing
    for _ in range(5):
        pulse_submit(round=iit_round, answers=full_answers(iit_round, pick=0))  # not through the link: not watched
    genuine = round_results(agency=world.own, round=iit_round).instrument_score
    for n in range(8):
        assert _answer(iit_round, f"203.0.113.{n + 1}", pick=-1).status_code == 302
    burst = PulseBurst.objects.get()
    assert burst.answers == 8 and PulseResponse.objects.filter(burst=burst).count() == 8
    stuffed = round_results(agency=world.own, round=iit_round)
    assert stuffed.respondents == 13 and stuffed.instrument_score > genuine

    url = reverse("surveys:round", args=[world.own.slug, iit_round.pk])
    action = reverse("surveys:burst", args=[world.own.slug, iit_round.pk, burst.pk])
    page = client_for(client, world.user("executive")).get(url).content.decode()
    assert re.search(r"ผิดปกติ: 8 คำตอบใน \d+ วินาที", page) and "ผู้ตอบ 13 คน" in page
    assert action not in page  # no button for those who may not
    for role in ("executive", "auditor", "unit_staff"):
        assert client_for(client, world.user(role)).post(action, {"set_aside": "1"}).status_code == 403
    assert not PulseBurst.objects.get().set_aside

    editor = client_for(client, world.user("coordinator"))
    assert action in editor.get(url).content.decode()
    assert editor.post(action, {"set_aside": "maybe"}).status_code == 400
    assert editor.post(action, {"set_aside": "1"}).status_code == 302
    page = editor.get(url).content.decode()
    assert "ผู้ตอบ 5 คน" in page and "กันออกจากผลแล้ว" in page and "นำกลับมานับ" in page
    assert round_results(agency=world.own, round=iit_round).instrument_score == genuine
    assert PulseResponse.all_objects.count() == 13  # set aside, not deleted
    listing = editor.get(reverse("surveys:rounds", args=[world.own.slug])).content.decode()
    assert "ผู้ตอบ 5 คน" in listing and "มีช่วงคำตอบถี่ผิดปกติ 1 ช่วง" in listing

    assert editor.post(action, {"set_aside": "0"}).status_code == 302
    assert round_results(agency=world.own, round=iit_round).respondents == 13
    assert "ผู้ตอบ 13 คน" in editor.get(url).content.decode()
    actions = list(AuditEntry.objects.filter(action__startswith="pulse_burst.").values_list("action", flat=True))
    assert sorted(actions) == ["pulse_burst.restored", "pulse_burst.set_aside"]
    # another agency's staff cannot set this agency's burst aside
    with pytest.raises(SurveyInputError):
        pulse_burst_set_aside(agency=world.foreign, actor=world.user("foreign"), round=iit_round,
                              burst_id=burst.pk, set_aside=True)
    assert not PulseBurst.objects.get().set_aside


def test_a_burst_of_an_assessment_rounds_link_is_not_decided_by_the_unit(world, iit_round):
    """An assessment round's link (``managed_elsewhere``): the round admin decides (apps/rounds), not the unit's
    staff through the survey page."""
    from django.utils import timezone

    now = timezone.now()
    burst = PulseBurst.objects.create(round=iit_round, first_at=now, last_at=now, answers=20, managed_elsewhere=True)
    with pytest.raises(SurveyInputError, match="ผู้จัดการประเมิน"):
        pulse_burst_set_aside(agency=world.own, actor=world.user("coordinator"), round=iit_round, burst_id=burst.pk,
                              set_aside=True)
    # the rounds app calls this after its own check (the round admin)
    pulse_burst_mark(burst=burst, set_aside=True, actor=world.user("coordinator"), agency=world.own)
    assert PulseBurst.objects.get().set_aside


def test_the_burst_summary_in_thai():
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    assert PulseBurst(first_at=start, last_at=start + timedelta(seconds=1.7), answers=60).summary_th == (
        "ผิดปกติ: 60 คำตอบใน 2 วินาที"
    )
    assert PulseBurst(first_at=start, last_at=start, answers=20).summary_th == "ผิดปกติ: 20 คำตอบใน 1 วินาที"
    assert PulseBurst(first_at=start, last_at=start + timedelta(minutes=4, seconds=1), answers=90).summary_th == (
        "ผิดปกติ: 90 คำตอบใน 5 นาที"
    )
