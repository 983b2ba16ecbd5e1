"""Stuffing a round's open EIT link: the limit was 300 an hour per agency, and replaying one form token
while dropping the "answered" cookie gave 60 answers in 1.7 s. Now a form token answers once (a replay: 409, nothing
stored), no cookie is set at all, each client has a limit per link, and a burst of answers is flagged to the round
admin, who may set it aside (out of the unit's counts and scores) or restore it; the unit cannot."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.rounds.scores import response_counts
from prongsai.apps.surveys.models import PulseAnswer, PulseBurst, PulseResponse

pytestmark = pytest.mark.django_db

EIT = {f"e{n}__": "มาก" for n in (1, 2, 3)}


def _eit(open_round, rw, k="a"):
    unit = open_round.units.get(agency=rw.units[k])
    return unit, unit.surveys.get(instrument="EIT")


def _token(client, url, address="198.51.100.1") -> str:
    return re.search(r'name="ft" value="([^"]+)"', client.get(url, REMOTE_ADDR=address).content.decode()).group(1)


def test_a_replayed_eit_form_answers_once_and_no_cookie_is_set(rw, open_round):
    """One form, its answers POSTed 60 times from 60 addresses: one answer; every replay 409 "already sent"; no
    page of the link sets a cookie, so the same browser simply gets a new form when it opens the link again."""
    _unit, survey = _eit(open_round, rw)
    url = reverse("rounds:answer", args=[survey.open_token])
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    token = re.search(r'name="ft" value="([^"]+)"', page.content.decode()).group(1)
    first = visitor.post(url, {"ft": token, **EIT})
    assert first.status_code == 302
    for n in range(2, 61):
        replay = Client().post(url, {"ft": token, **EIT}, REMOTE_ADDR=f"198.51.100.{n}")
        assert replay.status_code == 409, n
    assert "คำตอบจากแบบฟอร์มนี้บันทึกไว้แล้ว" in replay.content.decode()
    assert survey.pulse.responses.count() == 1
    thanks = visitor.get(first["Location"])
    again = visitor.get(url)
    assert again.status_code == 200 and 'name="ft"' in again.content.decode()  # no per-browser marker
    for response in (page, first, replay, thanks, again):
        assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
        assert not response.cookies and "Set-Cookie" not in response.headers
    assert not visitor.cookies


def test_the_iit_entry_page_sets_no_cookie(rw, open_round):
    unit = open_round.units.get(agency=rw.units["a"])
    url = reverse("rounds:answer", args=[unit.surveys.get(instrument="IIT").open_token])
    client = Client(enforce_csrf_checks=True)
    for response in (client.get(url), client.post(url, {"code": "not-a-code"})):
        assert response.status_code in (200, 400)
        assert response["Referrer-Policy"] == "no-referrer" and not response.cookies
    assert not client.cookies


def test_a_burst_on_the_eit_is_the_round_admins_to_set_aside(client, rw, open_round, settings):
    settings.PRONGSAI_SURVEY_BURST_MIN_ANSWERS = 5
    settings.PRONGSAI_SURVEY_BURST_GAP_SECONDS = 3600  # every answer of this test falls in one run: no timing
    unit, survey = _eit(open_round, rw)
    url = reverse("rounds:answer", args=[survey.open_token])
    for n in range(6):
        visitor = Client()
        address = f"203.0.113.{n + 1}"
        assert visitor.post(url, {"ft": _token(visitor, url, address), **EIT}, REMOTE_ADDR=address).status_code == 302
    burst = PulseBurst.objects.get()
    assert burst.answers == 6 and burst.managed_elsewhere
    assert response_counts(unit)["EIT"] == 6

    admin_page = reverse("rounds:detail", args=[rw.assessor.slug, open_round.pk])
    unit_page = reverse("rounds:detail", args=[rw.units["a"].slug, open_round.pk])
    action = reverse("rounds:burst", args=[rw.assessor.slug, open_round.pk, burst.pk])
    # the unit sees the flag, without a button, and cannot decide (neither here nor on the survey engine's page)
    client.force_login(rw.users["coord_a"])
    html = client.get(unit_page).content.decode()
    assert re.search(r"ผิดปกติ: 6 คำตอบใน \d+ วินาที", html) and "ผู้ดูแลรอบการประเมินเป็นผู้พิจารณา" in html
    assert "กันออกจากผล</button>" not in html
    own_url = reverse("rounds:burst", args=[rw.units["a"].slug, open_round.pk, burst.pk])
    assert client.post(own_url, {"set_aside": "1"}).status_code == 302  # refused with a message: not the round admin
    pulse_page = client.get(reverse("surveys:round", args=[rw.units["a"].slug, survey.pulse.pk])).content.decode()
    assert "ผิดปกติ: 6 คำตอบ" in pulse_page and "ผู้จัดการประเมินของรอบ" in pulse_page
    pulse_action = reverse("surveys:burst", args=[rw.units["a"].slug, survey.pulse.pk, burst.pk])
    assert client.post(pulse_action, {"set_aside": "1"}).status_code == 400
    assert not PulseBurst.objects.get().set_aside
    # an assessor without admin rights sees it but may not decide either
    client.force_login(rw.users["assessor1"])
    assert client.post(action, {"set_aside": "1"}).status_code == 403
    # the round admin sets it aside: the unit's count drops at once (scores follow at the next scoring)
    client.force_login(rw.users["admin"])
    html = client.get(admin_page).content.decode()
    assert "ผิดปกติ: 6 คำตอบ" in html and action in html
    assert client.post(action, {"set_aside": "maybe"}).status_code == 400
    assert client.post(action, {"set_aside": "1"}).status_code == 302
    assert PulseBurst.objects.get().set_aside
    assert response_counts(unit)["EIT"] == 0
    assert PulseAnswer.objects.filter(response__round=survey.pulse).count() == 0  # what scoring reads
    assert PulseResponse.all_objects.filter(round=survey.pulse).count() == 6  # kept, to be restored
    assert "กันออกจากผลแล้ว" in client.get(admin_page).content.decode()
    assert client.post(action, {"set_aside": "0"}).status_code == 302
    assert response_counts(unit)["EIT"] == 6
    entries = AuditEntry.objects.filter(action__startswith="pulse_burst.", agency=rw.assessor)
    assert sorted(entries.values_list("action", flat=True)) == ["pulse_burst.restored", "pulse_burst.set_aside"]
