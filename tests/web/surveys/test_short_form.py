"""A short pulse form (the questions of ``short_forms.yaml``, data not code) an editor picks when opening
an IIT round; its scores use only the questions asked and never report those left out as missing answers. Also:
an unanswered item is marked and the focus goes to the first one (``autofocus``, no script needed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.surveys.models import FormLength, PulseAnswer, PulseRound
from prongsai.apps.surveys.questions import (
    iit_codes,
    iit_indicators,
    question_year_for,
    round_blocks,
    short_form_codes,
)
from prongsai.apps.surveys.selectors import round_results
from prongsai.apps.surveys.services import SurveyInputError, pulse_round_create, pulse_submit
from prongsai.core.frameworks.short_forms import short_forms

from .conftest import full_answers

pytestmark = pytest.mark.django_db


def _short(world, kind="iit", fiscal_year=2568):
    return pulse_round_create(
        agency=world.own, actor=world.user("coordinator"), kind=kind, title="สำรวจสั้น", fiscal_year=fiscal_year,
        closes_on=timezone.localdate() + timedelta(days=14), length=FormLength.SHORT,
    )


def test_every_year_with_iit_questions_has_a_short_form_covering_every_iit_indicator():
    registry = framework_registry()
    years = [y for y in registry.years() if registry.get(y).questions and iit_codes(registry.get(y))]
    assert years
    for year in years:
        framework = registry.get(year)
        codes = short_form_codes(year)
        assert codes == short_forms()[year], f"{year}: a code of short_forms.yaml is not in the framework"
        asked = {q.indicator for q in framework.questions.items if q.code in codes}
        assert asked == set(iit_indicators(framework)), year
        assert len(codes) < len(iit_codes(framework)) / 2


def test_the_short_form_asks_only_its_questions_numbered_from_one(world):
    rnd = _short(world)
    blocks = round_blocks(round=rnd)
    assert [b.code for b in blocks] == list(short_form_codes(rnd.question_year))
    assert [b.number for b in blocks] == list(range(1, len(blocks) + 1))
    points = sum(len(b.points) for b in blocks)
    assert points <= 12  # instead of 51 answer points


def test_short_form_scores_count_only_the_questions_asked(world, settings):
    settings.PRONGSAI_SURVEY_MIN_RESPONDENTS = 2
    rnd = _short(world)
    for pick in (0, -1):
        pulse_submit(round=rnd, answers=full_answers(rnd, pick))
    stored = set(PulseAnswer.objects.filter(response__round=rnd).values_list("question", flat=True))
    assert stored == set(short_form_codes(rnd.question_year))
    results = round_results(agency=world.own, round=rnd)
    assert results.shown and results.instrument_score is not None  # every IIT indicator has a score
    assert [r.number for r in results.indicators] == [1, 2, 3, 4, 5]
    assert all(r.pulse is not None for r in results.indicators)
    assert {q.code for q in results.questions} == stored
    # what is left out by design is never reported as a missing answer
    assert not [w for w in results.warnings if "ไม่มีคำตอบ" in w or "ไม่คำนวณ" in w], results.warnings
    assert any(w.startswith("แบบสั้น: ถาม 10 จาก 30 ข้อ") for w in results.warnings)
    # each indicator's score is the mean of its asked questions only: one respondent all-best, one all-worst on
    # the same questions gives the same score as the full form would for those questions
    i25 = next(q for q in results.questions if q.code == "i25")
    assert i25.score == 50.0


def test_a_full_round_still_reports_questions_without_answers(world, settings, iit_round):
    settings.PRONGSAI_SURVEY_MIN_RESPONDENTS = 1
    assert iit_round.length == FormLength.FULL and len(round_blocks(round=iit_round)) == 30
    pulse_submit(round=iit_round, answers=full_answers(iit_round))
    assert round_results(agency=world.own, round=iit_round).instrument_score is not None


def test_own_question_rounds_always_ask_every_question(world):
    rnd = _short(world, kind="eit")
    assert rnd.length == FormLength.FULL


def test_an_unknown_length_is_refused_in_thai(world):
    with pytest.raises(SurveyInputError, match="จำนวนข้อ"):
        pulse_round_create(
            agency=world.own, actor=world.user("coordinator"), kind="iit", title="x", fiscal_year=2568,
            closes_on=timezone.localdate() + timedelta(days=1), length="tiny",
        )


def test_an_editor_chooses_the_short_form_on_the_new_round_page(client, client_for, world):
    c = client_for(client, world.user("coordinator"))
    url = reverse("surveys:round_new", args=[world.own.slug])
    page = c.get(url).content.decode()
    assert 'name="length" value="short"' in page and "แบบสั้น" in page
    assert 'value="short" checked' not in page  # nothing chosen for the editor but the default, the full form
    response = c.post(
        url, {"kind": "iit", "title": "สำรวจสั้น", "fiscal_year": "2569", "closes_on": "31/12/2599", "length": "short"}
    )
    assert response.status_code == 302
    rnd = PulseRound.objects.get(title="สำรวจสั้น")
    assert rnd.length == FormLength.SHORT and rnd.question_year == question_year_for(2569)
    detail = c.get(response["Location"]).content.decode()
    assert "แบบสั้น 10 ข้อ" in detail
    answer = client.get(reverse("surveys:answer", args=[rnd.token])).content.decode()
    assert answer.count("<fieldset") == sum(len(b.points) for b in round_blocks(round=rnd))
    # a made-up length: a Thai error beside the field, no 500
    bad = c.post(url, {"kind": "iit", "title": "x", "fiscal_year": "2569", "closes_on": "31/12/2599", "length": "<b>"})
    assert bad.status_code == 400 and "<b>" not in bad.content.decode().split("<main", 1)[-1].replace("&lt;b&gt;", "")


def test_the_first_unanswered_item_takes_the_focus(client, world):
    rnd = _short(world)
    url = reverse("surveys:answer", args=[rnd.token])
    token = re.search(r'name="ft" value="([^"]+)"', client.get(url).content.decode()).group(1)
    points = [p for b in round_blocks(round=rnd) for p in b.points]
    answers = {p.field: p.options[0] for p in points}
    del answers[points[2].field], answers[points[5].field]
    html = client.post(url, {"ft": token, **answers}).content.decode()
    assert html.count(" autofocus") == 1
    first = points[2]
    assert f'name="{first.field}" value="{first.options[0]}" required aria-invalid="true" autofocus' in html
    assert f'<a href="#q-{first.field}">ไปยังข้อแรกที่ยังไม่ได้ตอบ (ข้อ ' in html
    assert f'id="q-{points[5].field}" class="has-error"' in html
