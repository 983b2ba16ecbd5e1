"""A survey's labels never contradict each other (IIT บุคลากรภายใน, EIT ผู้รับบริการภายนอก); a round of a year
without survey questions says whose questions it uses and why; results name the indicators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.surveys.questions import question_year_note, round_blocks
from prongsai.apps.surveys.selectors import round_results
from prongsai.apps.surveys.services import pulse_round_create, pulse_submit

pytestmark = pytest.mark.django_db


def _answers(round, pick=0):
    return {p.field: p.options[pick] for b in round_blocks(round=round) for p in b.points}


@pytest.fixture
def round_2570(world):
    return pulse_round_create(
        agency=world.own, actor=world.user("coordinator"), kind="iit", title="สำรวจบุคลากร 2570",
        fiscal_year=2570, closes_on=timezone.localdate() + timedelta(days=14),
    )


def test_the_note_names_both_years():
    assert question_year_note(2570, 2565) == "ใช้ข้อคำถามของปี 2565 เพราะกรอบปี 2570 ยังไม่มีข้อคำถาม"
    assert question_year_note(2565, 2565) == ""


def test_a_2570_round_says_why_it_asks_2565_questions_and_names_indicators(client, client_for, world, round_2570):
    assert round_2570.question_year == 2565
    blocks = round_blocks(round=round_2570)
    assert blocks and all(b.indicator_name for b in blocks)
    for _ in range(5):
        pulse_submit(round=round_2570, answers=_answers(round_2570))
    results = round_results(agency=world.own, round=round_2570)
    assert results.warnings[0].startswith("ใช้ข้อคำถามของปี 2565 เพราะกรอบปี 2570 ยังไม่มีข้อคำถาม")
    assert all(q.indicator_name for q in results.questions)
    assert all(not r.name.startswith("ตัวชี้วัดที่") for r in results.indicators)

    html = client_for(client, world.user("auditor")).get(
        reverse("surveys:round", args=[world.own.slug, round_2570.pk])
    ).content.decode()
    assert "ใช้ข้อคำถามของปี 2565 เพราะกรอบปี 2570 ยังไม่มีข้อคำถาม" in html
    assert "ข้อคำถาม IIT ตามกรอบปี 2565" not in html
    assert "ชั่วคราว" in html  # the 2570 framework's provisional status
    name = blocks[0].indicator_name
    assert f"ตัวชี้วัดที่ {blocks[0].indicator} {name}" in html


def test_each_unanswered_item_is_marked_and_the_answers_given_are_kept(client, iit_round):
    import re

    url = reverse("surveys:answer", args=[iit_round.token])
    page = client.get(url).content.decode()
    token = re.search(r'name="ft" value="([^"]+)"', page).group(1)
    points = [p for b in round_blocks(round=iit_round) for p in b.points]
    answers = {p.field: p.options[0] for p in points}
    skipped = [points[3].field, points[40].field]
    for field in skipped:
        del answers[field]
    response = client.post(url, {"ft": token, **answers})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#q-{skipped[0]}">ไปยังข้อแรกที่ยังไม่ได้ตอบ' in html
    for point in (points[3], points[40]):
        field = point.field
        assert f'id="q-{field}" class="has-error" aria-describedby="err-{field}"' in html
        assert f'id="err-{field}">ยังไม่ได้ตอบข้อนี้' in html
        assert f'name="{field}" value="{point.options[0]}" required aria-invalid="true"' in html
    assert html.count('aria-invalid="true"') == sum(len(p.options) for p in points if p.field in skipped)
    kept = points[0]
    assert f'name="{kept.field}" value="{kept.options[0]}" required checked' in html
    assert html.count(" checked") == len(points) - len(skipped)
