"""An assessment round's IIT survey is an IIT (บุคลากรภายใน) survey, never labelled EIT (ผู้รับบริการ)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_assessment_rounds_iit_survey_is_labelled_iit(open_round):
    from prongsai.apps.rounds.models import RoundSurvey

    for survey in RoundSurvey.objects.filter(unit__round=open_round).select_related("pulse"):
        label = survey.pulse.get_kind_display()
        assert f"แบบ {survey.instrument}" in survey.pulse.title
        if survey.instrument == "IIT":
            assert "บุคลากรภายใน" in label and "EIT" not in label and "ผู้รับบริการ" not in label
        else:
            assert "ผู้รับบริการ" in label and "IIT" not in label


def test_an_assessment_rounds_iit_survey_page_answers(client, client_for, open_round):
    from prongsai.apps.agencies.models import Membership
    from prongsai.apps.rounds.models import RoundSurvey

    survey = RoundSurvey.objects.filter(unit__round=open_round, instrument="IIT").select_related("pulse").first()
    member = Membership.objects.filter(agency=survey.pulse.agency).select_related("user").first()
    c = client_for(client, member.user)
    response = c.get(reverse("surveys:round", args=[survey.pulse.agency.slug, survey.pulse.pk]))
    assert response.status_code == 200
    listing = c.get(reverse("surveys:rounds", args=[survey.pulse.agency.slug])).content.decode()
    assert "แบบ IIT (ตอบผ่านลิงก์ของรอบการประเมินเท่านั้น)</a> · แบบสำรวจบุคลากรภายใน" in listing
