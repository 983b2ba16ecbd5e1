"""A staff member answers the anonymous IIT-style pulse survey on a phone (chromium, JavaScript off), through the
round's open link: every question, then the thank-you page; the answers are stored without any person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import PHONE, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_answer_the_pulse_survey_on_a_phone(phone, agency):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set
    from prongsai.apps.surveys.models import PulseAnswer, PulseResponse
    from prongsai.apps.surveys.questions import round_blocks
    from prongsai.apps.surveys.services import pulse_round_create

    coordinator = get_user_model().objects.create_user("survey-coordinator", password="x-unused-password-123")
    membership_set(user=coordinator, agency=agency, role=Role.COORDINATOR)
    rnd = pulse_round_create(
        agency=agency,
        actor=coordinator,
        kind="iit",
        title="สำรวจความคิดเห็นบุคลากร",
        fiscal_year=2568,
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    points = [p for block in round_blocks(round=rnd) for p in block.points]

    phone.goto(f"{phone.base}/s/{rnd.token}/")
    assert phone.get_by_role("heading", name="แบบสำรวจนี้ไม่ระบุตัวตน").is_visible()
    # sending it half-answered: a Thai message, nothing stored
    phone.locator(f'input[name="{points[0].field}"]').first.check()
    phone.get_by_role("button", name="ส่งคำตอบ").click()
    assert "กรุณาตอบให้ครบทุกข้อ" in phone.content()
    assert not PulseResponse.objects.exists()
    # the first answer is kept on the page; answer the rest (the third option, "มาก" or "ไม่มี"…) by tapping labels
    assert phone.locator(f'input[name="{points[0].field}"]:checked').count() == 1
    for point in points:
        option = point.options[min(2, len(point.options) - 1)]
        phone.locator(f'input[name="{point.field}"][value="{option}"]').check()
    box = phone.locator("label").first.bounding_box()
    assert box is not None and box["height"] >= 40 and box["width"] <= PHONE["width"]  # easy to tap
    shot(phone, "survey-phone-answered")
    phone.get_by_role("button", name="ส่งคำตอบ").click()
    phone.wait_for_url("**/thanks/")
    assert "ขอบคุณที่ตอบแบบสำรวจ" in phone.content()
    shot(phone, "survey-phone-thanks")
    assert PulseResponse.objects.count() == 1
    assert PulseAnswer.objects.count() == len(points)
