"""Change versions (``base.versions``): a bump renews the token now and again at commit, a lost token is a new one
(a miss, never a stale hit), ``versions`` reads many at once, the watched models renew their versions from their
signals, any result change renews the ``results`` version, and the peers panel follows it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from prongsai.apps.base import versions


def test_a_bump_renews_the_token_now_and_at_commit(db, django_capture_on_commit_callbacks):
    first = versions.version("staff:1")
    assert versions.version("staff:1") == first  # kept
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        versions.bump("staff:1")
        during = versions.version("staff:1")
    assert during != first and len(callbacks) == 1
    callbacks[0]()
    assert versions.version("staff:1") not in (first, during)


def test_a_lost_token_is_a_new_one_and_many_are_read_at_once(db):
    a, b = versions.versions(["person:1", "person:2"])
    assert versions.versions(["person:1", "person:2"]) == [a, b]
    cache.delete("version:person:2")
    again = versions.versions(["person:1", "person:2"])
    assert again[0] == a and again[1] != b
    assert versions.token_time(a) > 0


def test_watched_rows_renew_their_versions(db, django_user_model):
    from prongsai.apps.agencies.models import Agency, Membership, Role
    from prongsai.apps.complaints.models import ComplaintKind
    from prongsai.apps.complaints.services import complaint_file

    agency = Agency.objects.create(slug="watched-office", name_th="เทศบาลตำบลทดสอบสัญญาณ")
    user = django_user_model.objects.create_user(username="watched-person", password="x-Passw0rd-long")
    person, staff = versions.version(versions.person_name(user.pk)), versions.version(versions.staff_name(agency.pk))
    membership = Membership.objects.create(agency=agency, user=user, role=Role.EXECUTIVE)
    assert versions.version(versions.person_name(user.pk)) != person
    person = versions.version(versions.person_name(user.pk))
    membership.delete()
    assert versions.version(versions.person_name(user.pk)) != person
    complaint_file(agency=agency, kind=ComplaintKind.SERVICE, subject="เรื่องทดสอบ", details="รายละเอียด")
    assert versions.version(versions.staff_name(agency.pk)) != staff


def test_any_result_change_renews_the_results_version(db):
    from prongsai.apps.base.result_events import results_changed

    before = versions.version(versions.RESULTS)
    results_changed(fiscal_years=[2568], reason="saved")
    assert versions.version(versions.RESULTS) != before
    unchanged = versions.version(versions.RESULTS)
    results_changed(fiscal_years=[], reason="saved")  # nothing changed: nothing renewed
    assert versions.version(versions.RESULTS) == unchanged


@pytest.mark.django_db
def test_the_peers_panel_follows_the_results_version(django_assert_max_num_queries):
    import io

    from django.core.management import call_command

    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.assessments.demo import DEMO_SLUG
    from prongsai.apps.assessments.models import AssessmentResult
    from prongsai.apps.national.selectors import agency_peer_percentiles

    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    agency = Agency.objects.get(slug=DEMO_SLUG)
    year = AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").values_list(
        "fiscal_year", flat=True).first()
    first = agency_peer_percentiles(agency=agency, fiscal_year=year)
    with django_assert_max_num_queries(0):  # kept: not even a count of every result
        assert agency_peer_percentiles(agency=agency, fiscal_year=year) == first
    AssessmentResult.objects.filter(agency=agency, fiscal_year=year).delete()  # the admin's way: the signal says so
    assert agency_peer_percentiles(agency=agency, fiscal_year=year) is None


def test_the_code_stamp_is_short_and_stable():
    stamp = versions.code_stamp()
    assert len(stamp) == 16 and stamp == versions.code_stamp()


def test_the_code_stamp_follows_contents_not_file_times(tmp_path):
    import os

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>หน้าแรก</p>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not code", encoding="utf-8")
    first = versions.stamp_of(tmp_path)
    os.utime(page, (1, 1))  # another server's install time
    (tmp_path / "notes.md").write_text("changed, but not code", encoding="utf-8")
    assert versions.stamp_of(tmp_path) == first
    page.write_text("<p>หน้าแรกที่แก้แล้ว</p>", encoding="utf-8")
    assert versions.stamp_of(tmp_path) != first
