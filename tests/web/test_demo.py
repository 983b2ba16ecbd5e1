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


# --- demo people and the second, foreign agency -------------------------------------------------------


def _people_state():
    from django.contrib.auth import get_user_model

    from prongsai.apps.agencies.models import Membership

    return (
        list(get_user_model().objects.values_list("pk", "username", "password", "is_superuser").order_by("pk")),
        list(Membership.objects.values_list("pk", "user_id", "agency_id", "role", "unit_id").order_by("pk")),
    )


@pytest.mark.django_db
def test_load_demo_creates_a_person_for_every_role_and_a_foreign_agency():
    from prongsai.apps.agencies.access import agencies_visible_to, agency_access
    from prongsai.apps.agencies.models import Role
    from prongsai.apps.assessments.demo import DEMO_PEOPLE, FOREIGN_SLUG

    output = _run()
    foreign = Agency.objects.get(slug=FOREIGN_SLUG)
    assert foreign.is_demo and foreign.assessment_results.count() >= 3
    own = Agency.objects.get(slug=DEMO_SLUG)
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    roles = {
        agency_access(user=users[p.username], agency=own).role for p in DEMO_PEOPLE if p.username != "demo-foreign"
    }
    assert set(Role.values) | {"system_admin"} <= roles
    assert list(agencies_visible_to(user=users["demo-foreign"])) == [foreign]
    assert set(agencies_visible_to(user=users["demo-multi"])) == {own, foreign}
    for person in DEMO_PEOPLE:
        assert person.username in output
    # test settings have DEBUG off: no usable demo password
    assert not any(users[p.username].has_usable_password() for p in DEMO_PEOPLE)
    assert "changepassword" in output
    # FY2568 has question scores, so the dashboard can show weak questions
    assert own.assessment_results.get(fiscal_year=2568).question_scores.count() >= 10


@pytest.mark.django_db
def test_load_demo_gives_the_demo_password_only_with_debug(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    settings.PRONGSAI_DEMO_PASSWORD = "demo-pass-for-test"
    output = _run()
    assert "demo-pass-for-test" in output
    admin = get_user_model().objects.get(username="demo-admin")
    assert admin.check_password("demo-pass-for-test")
    state = _people_state()
    _run()
    assert _people_state() == state  # idempotent, passwords included
    settings.DEBUG = False
    _run()
    admin.refresh_from_db()
    assert not admin.has_usable_password()  # a later run without DEBUG takes the demo password away
