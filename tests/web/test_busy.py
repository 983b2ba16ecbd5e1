"""Graceful degradation: a saturated database answers a Thai 503 "busy" page with Retry-After, never a 500, and
never leaves a half-written row; a refused form keeps what the user typed (passwords and files aside).

Forced errors (mocks of SQLite and PostgreSQL errors), then the real thing: a file SQLite database whose write lock
another connection holds, with a short busy timeout, in a child process.
"""

from __future__ import annotations

import re
import sqlite3
from unittest import mock

import psycopg.errors
import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError
from django.urls import reverse
from tests.web.subprocess_django import Site

from prongsai.apps.assessments.models import AssessmentResult, AssessmentResultVersion
from prongsai.apps.audit.models import AuditEntry
from prongsai.web.busy import is_busy_error

BUSY_TH = "ระบบกำลังมีผู้ใช้งานจำนวนมาก"
SCORES = {n: f"{80 + n}.50" for n in range(1, 11)}


def _wrapped(cause: Exception) -> OperationalError:
    """What Django raises: its own OperationalError caused by the driver's error."""
    try:
        try:
            raise cause
        except Exception as exc:
            raise OperationalError(*exc.args) from exc
    except OperationalError as django_error:
        return django_error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        _wrapped(sqlite3.OperationalError("database is locked")),
        _wrapped(sqlite3.OperationalError("database table is locked: agencies_agency")),
        _wrapped(psycopg.errors.TooManyConnections("sorry, too many clients already")),
        _wrapped(psycopg.OperationalError("FATAL:  remaining connection slots are reserved for roles with SUPERUSER")),
        _wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")),
        _wrapped(psycopg.errors.LockNotAvailable("could not obtain lock on row in relation")),
        _wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        _wrapped(psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")),
    ],
    ids=["locked", "sqlite-locked", "sqlite-table", "pg-clients", "pg-slots", "pg-timeout", "pg-lock", "pg-deadlock",
         "pg-serialization"],
)
def test_busy_database_errors_are_recognised(error):
    assert is_busy_error(error)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("UNIQUE constraint failed: agencies_agency.slug"),
        ProgrammingError("no such table: agencies_agency"),
        OperationalError("no such column: x"),
        ValueError("database is locked"),  # not a database error at all
    ],
)
def test_other_errors_are_not_busy(error):
    assert not is_busy_error(error)


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def _state():
    return (
        sorted(AssessmentResult.objects.values_list("fiscal_year", "overall", "updated_at")),
        AssessmentResultVersion.objects.count(),
        AuditEntry.objects.count(),
    )


def _edit_url(world, year=2566):
    return reverse("assessments:result_edit", args=[world.own.slug, year])


def test_a_locked_database_on_a_page_answers_503_busy_not_500(coordinator, world):
    with mock.patch("prongsai.apps.assessments.views.result_for_year",
                    side_effect=_wrapped(sqlite3.OperationalError("database is locked"))):
        response = coordinator.get(_edit_url(world))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert BUSY_TH in html and '<html lang="th">' in html
    assert "โหลดหน้านี้อีกครั้ง" in html


def test_a_form_refused_while_busy_saves_nothing_and_keeps_the_input(coordinator, world):
    """The write reached the database (the result row) and then the database gave up: the row is rolled back,
    and the page offers the same input again, with a fresh CSRF token."""
    from prongsai.apps.assessments import services

    real = services.IndicatorScore.objects.bulk_create

    def half_then_locked(*args, **kwargs):
        real(*args, **kwargs)
        raise _wrapped(sqlite3.OperationalError("database is locked"))

    before = _state()
    data = {**{f"indicator_{n}": v for n, v in SCORES.items()}, "note": "หมายเหตุ <ทดสอบ> ของผู้ใช้"}
    with mock.patch.object(services.IndicatorScore.objects, "bulk_create", side_effect=half_then_locked):
        response = coordinator.post(_edit_url(world), data)
    assert response.status_code == 503 and response["Retry-After"]
    assert _state() == before  # nothing half-written: no result, no version, no audit entry
    html = response.content.decode()
    assert "ยังไม่ได้บันทึก" in html
    assert 'name="csrfmiddlewaretoken"' in html
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert kept["indicator_1"] == "81.50" and kept["indicator_10"] == "90.50"
    assert kept["note"] == "หมายเหตุ &lt;ทดสอบ&gt; ของผู้ใช้"  # escaped, never raw markup
    # Sending it again (the database free now) saves it once.
    again = coordinator.post(_edit_url(world), {k: v for k, v in data.items()})
    assert again.status_code == 302
    assert AssessmentResult.objects.filter(agency=world.own, fiscal_year=2566).count() == 1


def test_passwords_and_files_are_never_echoed_back(client, world):
    with mock.patch("prongsai.web.forms.ThaiAuthenticationForm.clean",
                    side_effect=_wrapped(psycopg.errors.TooManyConnections("sorry, too many clients already"))):
        response = client.post(reverse("login"), {"username": "demo-unit", "password": "secret-password-123"})
    assert response.status_code == 503
    html = response.content.decode()
    assert BUSY_TH in html
    assert "secret-password-123" not in html
    assert 'value="demo-unit"' in html  # the user name is kept


def test_other_database_errors_still_fail_as_errors(coordinator, world):
    failing = mock.patch("prongsai.apps.assessments.views.result_for_year", side_effect=ProgrammingError("no table"))
    with failing, pytest.raises(ProgrammingError):
        coordinator.get(_edit_url(world))


def test_busy_raised_outside_the_view_also_answers_503(rf):
    from prongsai.web.busy import server_error

    request = rf.post("/p/x/complaints/", {"subject": "เรื่อง"})
    try:
        raise _wrapped(sqlite3.OperationalError("database is locked"))
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and BUSY_TH in response.content.decode()
    try:
        raise RuntimeError("something else")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500 and "ระบบขัดข้อง" in response.content.decode()


# --- the real thing: another connection holds SQLite's write lock ------------------------------------------------

HELD_LOCK = """
import json, sqlite3
from django.conf import settings
options = settings.DATABASES["default"]["OPTIONS"]
options["timeout"] = 0.3
options["init_command"] = options["init_command"].replace("busy_timeout=30000", "busy_timeout=300")
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.assessments.models import AssessmentResult
agency = Agency.objects.get(slug=DEMO_SLUG)
client = Client()
client.force_login(get_user_model().objects.get(username="demo-coordinator"))
year = next(y for y in range(2563, 2570) if not AssessmentResult.objects.filter(agency=agency, fiscal_year=y).exists())
url = reverse("assessments:result_edit", args=[agency.slug, year])
data = {f"indicator_{n}": f"{70 + n}.25" for n in range(1, 11)}
data["note"] = "ส่งระหว่างที่ระบบยุ่ง"
before = AssessmentResult.objects.filter(agency=agency).count()
holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
holder.execute("UPDATE agencies_agency SET name_th = name_th WHERE id = ?", [agency.pk])
locked_post = client.post(url, data)
locked_get = client.get(reverse("assessments:results", args=[agency.slug]))
during = AssessmentResult.objects.filter(agency=agency).count()
holder.execute("COMMIT")
free_post = client.post(url, data)
print(json.dumps({
    "locked_post": locked_post.status_code, "retry_after": locked_post.get("Retry-After"),
    "busy_text": "ระบบกำลังมีผู้ใช้งานจำนวนมาก" in locked_post.content.decode(),
    "kept": "ส่งระหว่างที่ระบบยุ่ง" in locked_post.content.decode(),
    "read_while_locked": locked_get.status_code,
    "before": before, "during": during, "free_post": free_post.status_code,
    "after": AssessmentResult.objects.filter(agency=agency).count(),
}))
"""


def test_a_held_sqlite_write_lock_gives_busy_then_the_resubmission_saves(tmp_path):
    import json

    site = Site(tmp_path / "locked")
    site.manage("migrate", "--no-input", "-v0")
    site.manage("load_demo")
    out = json.loads(site.script(HELD_LOCK).stdout.strip().splitlines()[-1])
    assert out["locked_post"] == 503 and out["retry_after"] and out["busy_text"] and out["kept"]
    assert out["read_while_locked"] == 200  # WAL: reading goes on while a writer holds the lock
    assert out["during"] == out["before"]  # nothing written while busy
    assert out["free_post"] == 302 and out["after"] == out["before"] + 1  # the same input saved once, afterwards
