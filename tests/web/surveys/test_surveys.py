"""Pulse surveys: anonymity by design, the minimum number of respondents, scoring and comparison, staff rules."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.surveys.models import PulseAnswer, PulseResponse, SurveyKind
from prongsai.apps.surveys.questions import round_blocks
from prongsai.apps.surveys.selectors import round_results
from prongsai.apps.surveys.services import (
    SurveyInputError,
    official_link_save,
    pulse_question_add,
    pulse_round_close,
    pulse_round_create,
    pulse_submit,
)

from .conftest import full_answers

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
UA = "SecretPhone/9.9 (unique-agent-string)"


def test_iit_questions_come_from_the_framework(iit_round):
    assert iit_round.question_year == 2565  # the latest framework year with IIT questions, up to 2568
    blocks = round_blocks(round=iit_round)
    assert [b.code for b in blocks][:2] == ["i1", "i2"] and len(blocks) == 30
    assert {b.indicator for b in blocks} == {1, 2, 3, 4, 5}
    assert blocks[0].points[0].options == ("น้อยที่สุดหรือไม่มีเลย", "น้อย", "มาก", "มากที่สุด")


def test_answering_stores_nothing_about_the_person(client, client_for, world, iit_round, caplog):
    """Signed in, with an address and a browser: after answering, no table and no log line ties them to it."""
    user = world.user("unit_staff")
    c = client_for(client, user)
    sessions_before = {s.session_key: s.session_data for s in Session.objects.all()}
    audit_before = AuditEntry.objects.count()
    url = reverse("surveys:answer", args=[iit_round.token])
    with caplog.at_level(logging.DEBUG):
        page = c.get(url, REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)
        assert page.status_code == 200 and "ไม่ระบุตัวตน" in page.content.decode()
        token = re.search(r'name="ft" value="([^"]+)"', page.content.decode()).group(1)  # the single-use form token
        response = c.post(url, {"ft": token, **full_answers(iit_round)}, REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    stored = PulseResponse.objects.get()
    assert stored.submitted_on == timezone.localdate()
    # the models hold no person, no address, no agent, no time of day
    for model in (PulseResponse, PulseAnswer):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "session", "ip", "ip_address", "user_agent", "created_at", "submitted_at"}
        assert not any(getattr(f, "related_model", None) is type(user) for f in model._meta.get_fields())
    # nothing else was written: no audit entry, the session is unchanged
    assert AuditEntry.objects.count() == audit_before
    assert {s.session_key: s.session_data for s in Session.objects.all()} == sessions_before
    # every table: the address and agent appear nowhere; the response id appears only in survey rows
    dump = []
    for model in apps.get_models():
        rows = model.objects.all()
        if rows.exists():
            dump.append((model._meta.label, serializers.serialize("json", rows)))
    for label, text in dump:
        assert IP not in text and UA not in text, label
        if str(stored.id) in text:
            assert label in ("surveys.PulseResponse", "surveys.PulseAnswer"), label
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert IP not in logs and UA not in logs and str(stored.id) not in logs and user.username not in logs
    # the thank-you page carries no id either
    assert str(stored.id) not in c.get(response["Location"]).content.decode()


def test_pulse_submit_takes_no_person():
    import inspect

    assert set(inspect.signature(pulse_submit).parameters) == {"round", "answers"}


def test_every_point_must_be_answered_with_an_option(iit_round):
    answers = full_answers(iit_round)
    first = next(iter(answers))
    with pytest.raises(SurveyInputError, match="ตอบให้ครบ"):
        pulse_submit(round=iit_round, answers={**answers, first: "ไม่ใช่ตัวเลือก"})
    answers.pop(first)
    with pytest.raises(SurveyInputError, match="ตอบให้ครบ"):
        pulse_submit(round=iit_round, answers=answers)
    assert not PulseResponse.objects.exists()


def test_closed_round_refuses_answers(client, world, iit_round):
    pulse_round_close(agency=world.own, actor=world.user("coordinator"), round=iit_round)
    with pytest.raises(SurveyInputError, match="ปิดรับคำตอบแล้ว"):
        pulse_submit(round=iit_round, answers=full_answers(iit_round))
    response = client.post(reverse("surveys:answer", args=[iit_round.token]), full_answers(iit_round))
    assert response.status_code == 410 and not PulseResponse.objects.exists()
    assert client.get(reverse("surveys:answer", args=["no-such-token"])).status_code == 404


def test_minimum_respondents_before_any_result(client, client_for, world, iit_round, settings):
    for _ in range(4):
        pulse_submit(round=iit_round, answers=full_answers(iit_round))
    results = round_results(agency=world.own, round=iit_round)
    assert not results.shown and results.respondents == 4 and results.minimum == 5
    assert results.indicators == [] and results.instrument_score is None
    page = client_for(client, world.user("executive")).get(
        reverse("surveys:round", args=[world.own.slug, iit_round.pk])
    )
    assert "อย่างน้อย 5 คน" in page.content.decode()
    pulse_submit(round=iit_round, answers=full_answers(iit_round, pick=0))
    results = round_results(agency=world.own, round=iit_round)
    assert results.shown and results.respondents == 5
    settings.PRONGSAI_SURVEY_MIN_RESPONDENTS = 10
    assert not round_results(agency=world.own, round=iit_round).shown


def test_scores_and_comparison_with_official_results(world, iit_round):
    for _ in range(5):
        pulse_submit(round=iit_round, answers=full_answers(iit_round, pick=-1))
    results = round_results(agency=world.own, round=iit_round)
    assert [r.number for r in results.indicators] == [1, 2, 3, 4, 5]
    assert results.instrument == "IIT" and results.instrument_score is not None
    assert results.years == [2568, 2567]  # official results of the same and earlier years
    first = results.indicators[0]
    assert first.official == [97.10, 95.80]
    assert 0 <= first.pulse <= 100
    assert any("2565" in w for w in results.warnings)


def test_results_page_once_enough_answered(client, client_for, world, iit_round):
    for _ in range(5):
        pulse_submit(round=iit_round, answers=full_answers(iit_round))
    page = client_for(client, world.user("auditor")).get(reverse("surveys:round", args=[world.own.slug, iit_round.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "ผลทางการ 2568" in html and "ผลทางการ 2567" in html and "97.10" in html
    assert "ผู้ตอบ 5 คน" in html


def test_eit_style_round_uses_the_agencys_own_questions(client, client_for, world):
    coordinator = world.user("coordinator")
    rnd = pulse_round_create(
        agency=world.own,
        actor=coordinator,
        kind="eit",
        title="สำรวจผู้รับบริการ",
        fiscal_year=2568,
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    with pytest.raises(SurveyInputError, match="6, 7 หรือ 8"):
        pulse_question_add(agency=world.own, actor=coordinator, round=rnd, indicator=2, text="x", scale="four_level")
    pulse_question_add(
        agency=world.own, actor=coordinator, round=rnd, indicator=6, text="ได้รับบริการตามขั้นตอน", scale="four_level"
    )
    pulse_question_add(
        agency=world.own, actor=coordinator, round=rnd, indicator=7, text="มีช่องทางติดต่อ", scale="yes_no_good"
    )
    page = client.get(reverse("surveys:answer", args=[rnd.token])).content.decode()
    assert "ข้อคำถามของหน่วยงานเอง" in page and "ไม่ใช่แบบสำรวจของ ป.ป.ช." in page
    for _ in range(5):
        pulse_submit(round=rnd, answers={"q1__": "มากที่สุด", "q2__": "มี"})
    results = round_results(agency=world.own, round=rnd)
    assert results.instrument == "EIT" and [(r.number, r.pulse) for r in results.indicators] == [(6, 100.0), (7, 100.0)]
    assert "ไม่ใช่ข้อคำถามของ ป.ป.ช." in results.warnings[0]
    with pytest.raises(SurveyInputError, match="มีผู้ตอบแล้ว"):
        pulse_question_add(agency=world.own, actor=coordinator, round=rnd, indicator=8, text="x", scale="four_level")
    with pytest.raises(SurveyInputError, match="เพิ่มเองไม่ได้"):
        iit = pulse_round_create(
            agency=world.own,
            actor=coordinator,
            kind=SurveyKind.IIT,
            title="t",
            fiscal_year=2568,
            closes_on=timezone.localdate(),
        )
        pulse_question_add(agency=world.own, actor=coordinator, round=iit, indicator=6, text="x", scale="four_level")


@pytest.mark.parametrize("who", ["unit_staff", "executive", "auditor", "foreign", "outsider"])
def test_only_edit_results_holders_manage_rounds(world, iit_round, who):
    with pytest.raises(SurveyInputError, match="ไม่มีสิทธิ์"):
        pulse_round_create(
            agency=world.own,
            actor=world.user(who),
            kind="iit",
            title="x",
            fiscal_year=2568,
            closes_on=timezone.localdate(),
        )
    with pytest.raises(SurveyInputError, match="ไม่มีสิทธิ์"):
        pulse_round_close(agency=world.own, actor=world.user(who), round=iit_round)
    with pytest.raises(SurveyInputError, match="ไม่มีสิทธิ์"):
        official_link_save(
            agency=world.own, actor=world.user(who), fiscal_year=2569, instrument="IIT", url="https://itas.nacc.go.th/x"
        )


def test_foreign_round_is_404_and_refused(client, client_for, world, iit_round):
    c = client_for(client, world.user("foreign"))
    assert c.get(reverse("surveys:round", args=[world.foreign.slug, iit_round.pk])).status_code == 404
    with pytest.raises(SurveyInputError, match="ไม่ใช่ของหน่วยงานนี้"):
        pulse_round_close(agency=world.foreign, actor=world.user("foreign"), round=iit_round)


def test_qr_and_posters(client, client_for, world, iit_round):
    c = client_for(client, world.user("unit_staff"))
    svg = c.get(reverse("surveys:round_qr", args=[world.own.slug, iit_round.pk, "svg"]))
    assert svg.status_code == 200 and b"<svg" in svg.content
    docx = c.get(reverse("surveys:round_poster", args=[world.own.slug, iit_round.pk, "docx"]))
    from prongsai.core.documents.write.docx_thai import docx_xml

    xml = docx_xml(docx.content)
    assert iit_round.token in xml and "ไม่ระบุตัวตน" in xml
    assert b"word/media/" in docx.content  # the QR picture
    link = official_link_save(
        agency=world.own,
        actor=world.user("coordinator"),
        fiscal_year=2569,
        instrument="EIT",
        url="https://itas.nacc.go.th/go/eit/ABC123",
    )
    xml = docx_xml(c.get(reverse("surveys:official_poster", args=[world.own.slug, link.pk, "docx"])).content)
    assert "https://itas.nacc.go.th/go/eit/ABC123" in xml
    with pytest.raises(SurveyInputError, match="https://"):
        official_link_save(
            agency=world.own,
            actor=world.user("coordinator"),
            fiscal_year=2569,
            instrument="EIT",
            url="http://x.example",
        )


def test_staff_pages(client, client_for, world, iit_round):
    c = client_for(client, world.user("coordinator"))
    assert c.get(reverse("surveys:rounds", args=[world.own.slug])).status_code == 200
    assert c.get(reverse("surveys:round_new", args=[world.own.slug])).status_code == 200
    response = c.post(
        reverse("surveys:round_new", args=[world.own.slug]),
        {"kind": "iit", "title": "รอบสอง", "fiscal_year": "2569", "closes_on": "31/12/2599"},
    )
    assert response.status_code == 302
    u = client_for(client, world.user("unit_staff"))
    assert u.get(reverse("surveys:round_new", args=[world.own.slug])).status_code == 403
    assert u.post(reverse("surveys:round_close", args=[world.own.slug, iit_round.pk])).status_code == 403
