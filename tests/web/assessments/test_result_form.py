"""The entry form for a year's ten indicator scores: Thai labels, Thai digits, errors beside fields, values kept."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from prongsai.apps.assessments.models import AssessmentResult, AssessmentResultVersion
from prongsai.apps.audit.models import AuditEntry
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators

GOOD = {
    1: "93.76",
    2: "90.10",
    3: "88.00",
    4: "91.25",
    5: "87.50",
    6: "86.40",
    7: "85.00",
    8: "84.75",
    9: "100",
    10: "95.5",
}


def _post(client, world, year, values, note=""):
    data = {f"indicator_{n}": v for n, v in values.items()}
    data["note"] = note
    return client.post(reverse("assessments:result_edit", args=[world.own.slug, year]), data)


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def test_the_form_has_the_years_thai_labels(coordinator, world):
    html = coordinator.get(reverse("assessments:result_edit", args=[world.own.slug, 2566])).content.decode()
    for ind in default_registry().get(2566).indicators.items:
        assert f'<label for="id_indicator_{ind.number}">ตัวชี้วัดที่ {ind.number} {ind.name_th}' in html
    assert 'inputmode="decimal"' in html
    assert "csrfmiddlewaretoken" in html


def test_existing_scores_fill_the_form(coordinator, world):
    html = coordinator.get(reverse("assessments:result_edit", args=[world.own.slug, 2568])).content.decode()
    assert 'value="97.10"' in html
    assert "มีผลของปีนี้อยู่แล้ว" in html


def test_saving_scores_records_a_version_and_an_audit_entry(coordinator, world):
    response = _post(coordinator, world, 2566, GOOD, note="ตามประกาศ ป.ป.ช.")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:result_detail", args=[world.own.slug, 2566])
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2566)
    expected = score_indicators(default_registry().get(2566), {n: float(v) for n, v in GOOD.items()})
    assert result.overall == Decimal(f"{expected.overall:.2f}")
    version = result.versions.get()
    assert (version.source, version.note, version.actor) == ("form", "ตามประกาศ ป.ป.ช.", world.user("coordinator"))
    entry = AuditEntry.objects.get(agency=world.own, action="result.created", target_id=str(result.pk))
    assert entry.actor == world.user("coordinator") and entry.before is None
    assert entry.after["indicators"]["1"] == "93.76"
    page = coordinator.get(response["Location"]).content.decode()
    assert "บันทึกผลการประเมินปีงบประมาณ 2566 แล้ว" in page


def test_thai_digits_are_accepted(coordinator, world):
    thai = {n: v.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for n, v in GOOD.items()}
    assert _post(coordinator, world, 2566, thai).status_code == 302
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2566)
    assert result.indicator_scores.get(number=1).score == Decimal("93.76")


def test_errors_are_thai_beside_the_field_and_typed_values_are_kept(coordinator, world):
    bad = {**GOOD, 2: "เก้าสิบ", 3: "101", 4: "93,20", 5: "94.605", 6: ""}
    bad[1] = "๙๗.๑๐"
    before = (AssessmentResult.objects.count(), AssessmentResultVersion.objects.count(), AuditEntry.objects.count())
    response = _post(coordinator, world, 2566, bad, note="หมายเหตุที่พิมพ์ไว้ <b>")
    assert response.status_code == 400
    html = response.content.decode()
    expected_errors = {
        2: "ต้องเป็นตัวเลข",
        3: "ระหว่าง 0 ถึง 100",
        4: "ใช้จุดเป็นจุดทศนิยม",
        5: "ทศนิยมไม่เกินสองตำแหน่ง",
        6: "กรุณากรอกคะแนน",
    }
    for n, words in expected_errors.items():
        block = re.search(rf'<div class="field-error" id="id_indicator_{n}_error">(.*?)</div>', html, re.S)
        assert block and words in block.group(1), n
        assert re.search(rf'<input[^>]*aria-invalid="true"[^>]*id="id_indicator_{n}"', html), n
    # what was typed is still there, wrong values included
    for n, typed in bad.items():
        if typed:
            assert f'value="{typed}"' in html, n
    assert "หมายเหตุที่พิมพ์ไว้ &lt;b&gt;" in html
    assert "ข้อมูลที่กรอกไว้ยังอยู่ครบ" in html
    assert (
        AssessmentResult.objects.count(),
        AssessmentResultVersion.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_changing_scores_keeps_the_previous_version(coordinator, world):
    _post(coordinator, world, 2568, {**{n: "97.10" for n in range(1, 11)}})
    result = AssessmentResult.objects.get(agency=world.own, fiscal_year=2568)
    assert result.versions.count() == 2
    html = coordinator.get(reverse("assessments:result_detail", args=[world.own.slug, 2568])).content.decode()
    assert "ฉบับที่ 2 (ปัจจุบัน)" in html
    assert "ตัวชี้วัดที่ 2 93.80 → 97.10" in html
    entry = AuditEntry.objects.filter(action="result.updated").get()
    assert entry.before["indicators"]["2"] == "93.80" and entry.after["indicators"]["2"] == "97.10"
    # the same scores again: no new version, no audit entry
    _post(coordinator, world, 2568, {**{n: "97.10" for n in range(1, 11)}})
    assert result.versions.count() == 2
    assert AuditEntry.objects.filter(action="result.updated").count() == 1


def test_a_year_without_a_framework_is_404(coordinator, world):
    assert coordinator.get(reverse("assessments:result_edit", args=[world.own.slug, 2400])).status_code == 404


def test_the_year_picker_goes_to_the_form(coordinator, world):
    url = reverse("assessments:result_new", args=[world.own.slug])
    assert coordinator.get(url).status_code == 200
    response = coordinator.get(url, {"fiscal_year": "2566"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:result_edit", args=[world.own.slug, 2566])
    wrong = coordinator.get(url, {"fiscal_year": "1999"})
    assert wrong.status_code == 200
    assert "ไม่มีกรอบการประเมินของปีที่เลือก" in wrong.content.decode()


def test_executives_and_auditors_cannot_post_scores(client, world):
    for role in ("executive", "auditor", "unit_staff"):
        client.force_login(world.user(role))
        assert _post(client, world, 2566, GOOD).status_code == 403
    assert not AssessmentResult.objects.filter(fiscal_year=2566).exists()


def test_a_post_without_csrf_is_refused(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user("coordinator"))
    response = _post(strict, world, 2566, GOOD)
    assert response.status_code == 403
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in response.content.decode()
    assert not AssessmentResult.objects.filter(fiscal_year=2566).exists()
