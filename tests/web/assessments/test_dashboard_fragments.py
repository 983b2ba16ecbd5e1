"""The dashboard's cached fragments (the board, the trend, the reminders panel; docs/performance.md, "Dashboard
fragments"): the same HTML as rendered afresh, a change made through the services on the very next render, each
role and unit its own links and tasks, the Thai digits setting honoured."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from prongsai.apps.assessments.demo import DEMO_SLUG

from ..conftest import without_csrf_token

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}


@pytest.fixture
def demo(db):
    from prongsai.apps.agencies.models import Agency

    call_command("load_demo", **QUIET)
    return Agency.objects.get(slug=DEMO_SLUG)


def _strip(html: str) -> str:
    """The page without what changes on every request (the CSRF token, a CSP nonce)."""
    return re.sub(r'nonce="[^"]*"', 'nonce=""', without_csrf_token(html))


def _get(client, user, agency, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("assessments:dashboard", args=[agency.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def _reminders(html: str) -> str:
    return html.split('id="reminders"', 1)[1].split("</section>", 1)[0]


def _user(django_user_model, name):
    return django_user_model.objects.get(username=name)


@pytest.mark.parametrize("params", [{}, {"digits": "thai"}, {"year": "2567"}])
def test_cached_and_uncached_renders_are_the_same(client, demo, django_user_model, params):
    from django.core.cache import cache

    cache.clear()
    for name in ("demo-coordinator", "demo-executive", "demo-unit"):
        user = _user(django_user_model, name)
        with override_settings(PRONGSAI_DASHBOARD_FRAGMENTS=False):
            fresh = _strip(_get(client, user, demo, **params))
        first = _strip(_get(client, user, demo, **params))  # rendered and kept (or kept by another role)
        again = _strip(_get(client, user, demo, **params))  # from the cache
        assert fresh == first == again, name


def test_a_task_updated_shows_on_the_next_render(client, demo, django_user_model):
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.plans.models import TaskStatus
    from prongsai.apps.plans.selectors import reminders_for
    from prongsai.apps.plans.services import task_update

    user = _user(django_user_model, "demo-coordinator")
    due = reminders_for(agency=demo)
    task = (due.overdue or due.soon)[0]
    assert task.title_th in _reminders(_get(client, user, demo))
    assert task.title_th in _reminders(_get(client, user, demo))  # kept
    task_update(task=task, access=agency_access(user=user, agency=demo), actor=user, status=TaskStatus.DONE,
                progress=100)
    assert task.title_th not in _reminders(_get(client, user, demo))  # done: no longer due


def test_a_result_saved_shows_on_the_next_render_in_board_and_trend(client, demo, django_user_model):
    from prongsai.apps.assessments.models import AssessmentResult
    from prongsai.apps.assessments.services import result_record

    user = _user(django_user_model, "demo-executive")
    _get(client, user, demo)
    _get(client, user, demo, digits="thai")
    latest = AssessmentResult.objects.filter(agency=demo).order_by("-fiscal_year").first()
    result_record(agency=demo, fiscal_year=latest.fiscal_year,
                  indicator_scores={s.number: 55.55 for s in latest.indicator_scores.all()})
    html = _get(client, user, demo)
    board, trend = html.split('id="trend-title"', 1)
    assert '<p class="card-value overall">55.55</p>' in board and ">55.55</td>" in trend
    assert "๕๕.๕๕" in _get(client, user, demo, digits="thai")


def test_two_roles_see_their_own_links(client, demo, django_user_model):
    """The board's one role-dependent link (the import of question scores, for who may edit results) and the
    reminders panel of a unit officer (their unit's tasks only) are never served to another role."""
    from prongsai.apps.assessments.models import AssessmentResult, QuestionScore

    year = AssessmentResult.objects.filter(agency=demo).order_by("-fiscal_year").first().fiscal_year
    QuestionScore.objects.filter(result__agency=demo, result__fiscal_year=year).delete()
    from prongsai.apps.base.public_cache import public_version_bump

    public_version_bump(agency=demo)  # the rows above are removed behind the services' back
    import_url = reverse("assessments:import_upload", args=[demo.slug])
    executive, coordinator = _user(django_user_model, "demo-executive"), _user(django_user_model, "demo-coordinator")
    unit_officer = _user(django_user_model, "demo-unit")
    for _ in range(2):
        assert import_url not in _get(client, executive, demo)
        assert import_url in _get(client, coordinator, demo)
        unit_panel = _reminders(_get(client, unit_officer, demo))
        agency_panel = _reminders(_get(client, executive, demo))
        with override_settings(PRONGSAI_DASHBOARD_FRAGMENTS=False):
            assert _reminders(_get(client, unit_officer, demo)) == unit_panel
            assert _reminders(_get(client, executive, demo)) == agency_panel
        assert unit_panel != agency_panel


def test_thai_digits_setting_is_honoured_from_the_cache(client, demo, django_user_model):
    user = _user(django_user_model, "demo-coordinator")
    for _ in range(2):
        plain, thai = _get(client, user, demo), _get(client, user, demo, digits="thai")
        plain_board = plain.split('id="summary-title"', 1)[1].split("</h2>", 1)[0]
        thai_board = thai.split('id="summary-title"', 1)[1].split("</h2>", 1)[0]
        assert re.search(r"25[67]\d", plain_board) and not re.search(r"[๐-๙]", plain_board)
        assert re.search(r"[๐-๙]{4}", thai_board) and not re.search(r"[0-9]", thai_board)
        plain_trend, thai_trend = plain.split('id="trend-title"', 1)[1], thai.split('id="trend-title"', 1)[1]
        assert "<polyline" in plain_trend and re.search(r"[๐-๙]{2}\.[๐-๙]{2}", thai_trend.split("</table>")[0])
