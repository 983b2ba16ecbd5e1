"""``load_demo``: the fictional agency, its units and its results, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.assessments.demo import DEMO_SCORES, DEMO_SLUG, DEMO_UNITS
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.core.frameworks import default_registry


def _state():
    return {
        "agencies": list(Agency.objects.values_list("pk", "slug", "name_th", "updated_at")),
        "units": list(Unit.objects.values_list("pk", "agency_id", "name_th").order_by("pk")),
        "results": list(
            AssessmentResult.objects.values_list(
                "pk", "fiscal_year", "overall", "level", "passed", "instrument_scores", "updated_at"
            ).order_by("pk")
        ),
        "indicators": list(IndicatorScore.objects.values_list("pk", "result_id", "number", "score").order_by("pk")),
    }


def _run() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_twice_is_idempotent():
    _run()
    first = _state()
    second_output = _run()
    assert _state() == first
    assert "ไม่มีการเปลี่ยนแปลง" in second_output


@pytest.mark.django_db
def test_load_demo_creates_the_fictional_agency_units_and_years():
    _run()
    agency = Agency.objects.get(slug=DEMO_SLUG)
    assert agency.name_th == "องค์การบริหารส่วนตำบลตัวอย่าง"
    assert agency.get_kind_display() == "อบต."
    assert agency.is_demo
    assert "สมมุติ" in agency.notes
    assert agency.district and agency.province
    assert [u.name_th for u in agency.units.order_by("pk")] == DEMO_UNITS
    expected_years = sorted(set(DEMO_SCORES) & set(default_registry().years()))
    assert sorted(agency.assessment_results.values_list("fiscal_year", flat=True)) == expected_years
    for result in agency.assessment_results.all():
        assert result.indicator_scores.count() == 10


def test_demo_covers_fiscal_years_2563_to_2568():
    assert sorted(DEMO_SCORES) == list(range(2563, 2569))
    assert all(sorted(scores) == list(range(1, 11)) for scores in DEMO_SCORES.values())


def test_every_demo_year_has_a_framework():
    missing = sorted(set(DEMO_SCORES) - set(default_registry().years()))
    assert missing == [], f"no framework yet for {missing}: load_demo skips these years"


@pytest.mark.django_db
def test_load_demo_repairs_a_tampered_result():
    _run()
    result = AssessmentResult.objects.get(agency__slug=DEMO_SLUG, fiscal_year=max(DEMO_SCORES))
    good = (result.overall, result.level)
    AssessmentResult.objects.filter(pk=result.pk).update(overall=1, level="F")
    _run()
    result.refresh_from_db()
    assert (result.overall, result.level) == good
