"""Import review: another agency's file, another year than chosen, or a level the year's rules do not give for the
score are errors counted in the summary, and block confirmation unless overridden with a reason (audited). Nothing
on the review page is ticked in advance; what is saved is a draft, not yet public."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.assessments.models import AssessmentResult, PendingImport
from prongsai.apps.audit.models import AuditEntry
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators

from ..conftest import OWN_SCORES

pytestmark = pytest.mark.django_db

NEW_2566 = {1: 90.10, 2: 85.20, 3: 88.30, 4: 84.40, 5: 86.50, 6: 85.60, 7: 82.70, 8: 81.80, 9: 90.00, 10: 87.50}


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def _upload(client, world, text: str, **extra):
    url = reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug})
    response = client.post(url, {"file": SimpleUploadedFile("ผล.txt", text.encode("utf-8")), **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    pending = PendingImport.objects.order_by("-created_at").first()
    review = client.get(response["Location"])
    assert review.status_code == 200
    return pending, review.content.decode()


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _confirm(client, world, pending, html, **data):
    url = reverse("assessments:import_confirm", args=[world.own.slug, pending.pk])
    return client.post(url, {"token": _token(html), "sets": ["0"], **data})


def _summary(html: str) -> tuple[int, int]:
    found = re.search(r"(\d+) ข้อผิดพลาด · (\d+) คำเตือน", html)
    assert found, "no findings summary"
    return int(found.group(1)), int(found.group(2))


def _nothing_ticked(html: str) -> None:
    assert not re.search(r"<input[^>]*\bchecked\b", html), "a box is ticked in advance"
    assert not re.search(r"<option[^>]*\bselected\b[^>]*value=\"\d", html)


def test_another_agencys_file_cannot_be_confirmed_without_an_override_reason(coordinator, world, report_text):
    client = coordinator
    text = report_text(agency="เทศบาลตำบลทดสอบสอง", year=2566, scores=NEW_2566)
    pending, html = _upload(client, world, text)
    assert "ชื่อหน่วยงานไม่ตรงกัน" in html
    errors, _ = _summary(html)
    assert errors >= 1  # the mismatch is counted
    _nothing_ticked(html)
    assert 'name="override-0"' in html and 'name="reason-0"' in html

    refused = _confirm(client, world, pending, html)
    assert refused.status_code == 400 and "ชื่อหน่วยงานไม่ตรงกัน" in refused.content.decode()
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()
    # ticked, but the reason is missing or too short
    for reason in ("", "สั้นไป"):
        refused = _confirm(client, world, pending, html, **{"override-0": "yes", "reason-0": reason})
        assert refused.status_code == 400 and "อย่างน้อย 10 ตัวอักษร" in refused.content.decode()
    # a reason without the box is not an override
    refused = _confirm(client, world, pending, html, **{"reason-0": "เป็นไฟล์ของเราจริง ชื่อเดิมของหน่วยงาน"})
    assert refused.status_code == 400
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()

    reason = "เป็นไฟล์ของเราจริง หน่วยงานเปลี่ยนชื่อเมื่อปี 2567"
    done = _confirm(client, world, pending, html, **{"override-0": "yes", "reason-0": reason})
    assert done.status_code == 302
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2566)
    assert result.published_version is None  # a draft: not public until published
    assert reason in result.versions.get().note
    entry = AuditEntry.objects.get(agency=world.own, action="import.confirmed")
    assert reason in entry.note
    assert entry.after["overrides"][0]["reason"] == reason
    assert "ชื่อหน่วยงานไม่ตรงกัน" in entry.after["overrides"][0]["errors"][0]
    assert entry.actor == world.user("coordinator")


def test_a_file_of_another_year_than_chosen_is_an_error(coordinator, world, report_text):
    client = coordinator
    pending, html = _upload(client, world, report_text(year=2566, scores=NEW_2566), target_year="2567")
    assert pending.target_year == 2567
    assert "ปีงบประมาณไม่ตรงกัน" in html and _summary(html)[0] >= 1
    _nothing_ticked(html)
    refused = _confirm(client, world, pending, html)
    assert refused.status_code == 400
    assert AssessmentResult.objects.get(agency=world.own, fiscal_year=2567).versions.count() == 1
    assert not AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()


def test_the_chosen_year_matching_the_file_saves_without_an_override(coordinator, world, report_text):
    client = coordinator
    pending, html = _upload(client, world, report_text(year=2566, scores=NEW_2566), target_year="2566")
    assert "ปีงบประมาณไม่ตรงกัน" not in html and 'name="override-0"' not in html
    _nothing_ticked(html)
    # nothing is saved unless the set is ticked
    assert _confirm(client, world, pending, html, sets=[]).status_code == 400
    assert _confirm(client, world, pending, html).status_code == 302
    assert AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).exists()


def test_a_level_the_rules_do_not_give_for_the_score_is_an_error(coordinator, world, report_text):
    client = coordinator
    framework = default_registry().get(2568)
    scored = score_indicators(framework, OWN_SCORES[2568])
    wrong = next(r.label for r in framework.levels.rules if r.label != scored.level)
    text = report_text(year=2568, overall=f"คะแนนรวม {scored.overall:.2f} ระดับ {wrong}")
    pending, html = _upload(client, world, text)
    assert _summary(html)[0] >= 1
    assert "ระดับ" in html and 'name="override-0"' in html
    _nothing_ticked(html)
    before = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568).versions.count()
    assert _confirm(client, world, pending, html).status_code == 400
    assert AssessmentResult.objects.get(agency=world.own, fiscal_year=2568).versions.count() == before


def test_the_upload_page_preselects_nothing(coordinator, world):
    html = coordinator.get(reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug})).content
    _nothing_ticked(html.decode())
