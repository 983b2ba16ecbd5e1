"""The complaint channel's guarantees (docs/complaints.md lists each one with the test that proves it)."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.complaints.models import Complaint, ComplaintMessage, IdentityDisclosure
from prongsai.apps.complaints.protect import receipt_hash, receipt_normalise
from prongsai.apps.complaints.services import complaint_identity_reveal, complaint_status_set

from .conftest import (
    IDENTIFYING,
    IP,
    REFERRER,
    REPORTER,
    SECRET_DETAILS,
    SECRET_SUBJECT,
    UA,
    complaint_post,
    receipt_from,
)

pytestmark = pytest.mark.django_db(transaction=False)


def _dump_every_table() -> str:
    """Every row of every table, as the database stores it (what a stolen dump would hold)."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                out.append(
                    f"{table}: "
                    + " | ".join(
                        bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v) for v in row
                    )
                )
    return "\n".join(out)


def _dumpdata() -> str:
    buffer = io.StringIO()
    call_command("dumpdata", stdout=buffer)
    return buffer.getvalue()


# --- the receipt code --------------------------------------------------------------------------------------


def test_receipt_is_shown_once_and_only_its_hash_is_stored(client, world):
    response = complaint_post(client, world.own)
    assert response.status_code == 201
    html = response.content.decode()
    receipt = receipt_from(html)
    assert len(receipt_normalise(receipt)) == 16
    complaint = Complaint.objects.get()
    assert complaint.receipt_hash == receipt_hash(receipt)
    assert (
        complaint.receipt_hash
        == hashlib.sha256(b"prongsai-receipt-v1:" + receipt_normalise(receipt).encode()).hexdigest()
    )
    dump = _dump_every_table() + _dumpdata()
    assert receipt not in dump and receipt_normalise(receipt) not in dump
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"  # the reporter's next click does not name this page
    # the follow page never shows it again
    follow = client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": receipt})
    assert receipt not in follow.content.decode().replace(f'value="{receipt}"', "")


def test_receipt_follows_the_case_and_information_goes_both_ways(client, world, officer):
    receipt = receipt_from(complaint_post(client, world.own, identity="anonymous").content.decode())
    follow = f"/p/{world.own.slug}/complaints/follow/"
    page = client.post(follow, {"receipt": receipt.lower().replace("-", " ")})  # forgiving about case and dashes
    assert page.status_code == 200
    assert SECRET_SUBJECT in page.content.decode()
    added = client.post(follow, {"receipt": receipt, "body": "ข้อมูลเพิ่มเติม: มีภาพถ่ายหลักฐาน"})
    assert added.status_code == 200 and "ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว" in added.content.decode()
    complaint = Complaint.objects.get()
    # the officer reads it and answers
    client.force_login(officer)
    case = client.get(f"/a/{world.own.slug}/complaints/{complaint.pk}/").content.decode()
    assert "ข้อมูลเพิ่มเติม: มีภาพถ่ายหลักฐาน" in case
    assert (
        client.post(
            f"/a/{world.own.slug}/complaints/{complaint.pk}/", {"action": "reply", "body": "ขอบคุณ กำลังตรวจสอบ"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/a/{world.own.slug}/complaints/{complaint.pk}/", {"action": "status", "status": "screening"}
        ).status_code
        == 302
    )
    client.logout()
    seen = client.post(follow, {"receipt": receipt}).content.decode()
    assert "ขอบคุณ กำลังตรวจสอบ" in seen and "ตรวจสอบเบื้องต้น" in seen
    assert officer.username not in seen  # the reporter does not learn the officer's name
    assert ComplaintMessage.objects.filter(complaint=complaint).count() == 2


def test_a_wrong_code_reveals_nothing(client, world, officer):
    complaint_post(client, world.own)
    own_receipt = receipt_from(complaint_post(client, world.foreign).content.decode())  # a real code of another agency
    follow = f"/p/{world.own.slug}/complaints/follow/"

    def body(code: str) -> tuple[int, str]:
        response = client.post(follow, {"receipt": code})
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return response.status_code, html.replace(code, "X")

    wrong = body("AAAA-BBBB-CCCC-DDDD")
    other_agency = body(own_receipt)
    assert wrong[0] == other_agency[0] == 404
    assert wrong[1] == other_agency[1]
    assert SECRET_SUBJECT not in wrong[1] and "2569-" not in wrong[1] and "ไม่พบเรื่องตามรหัสนี้" in wrong[1]


def test_wrong_codes_are_rate_limited(client, world, settings):
    """Wrong codes are counted per client: the guesser is stopped (even a valid code answers 429 there, so the limit
    cannot be guessed through); a reporter on another address follows the case as before."""
    settings.PRONGSAI_LOOKUP_FAILURES_PER_CLIENT = 3
    receipt = receipt_from(complaint_post(client, world.own).content.decode())
    follow = f"/p/{world.own.slug}/complaints/follow/"
    guesser = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(3):
        assert guesser.post(follow, {"receipt": "AAAA-BBBB-CCCC-DDDD"}).status_code == 404
    limited = guesser.post(follow, {"receipt": "AAAA-BBBB-CCCC-DDDE"})
    assert limited.status_code == 429 and "กรุณารอประมาณ 10 นาที" in limited.content.decode()
    assert guesser.post(follow, {"receipt": receipt}).status_code == 429  # no guessing through the limit
    assert Client(REMOTE_ADDR="198.51.100.9").post(follow, {"receipt": receipt}).status_code == 200  # the reporter


# --- identity and content unreadable at rest ---------------------------------------------------------------


def test_identity_and_content_are_unreadable_in_a_database_dump(client, world, officer):
    assert complaint_post(client, world.own).status_code == 201
    client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": "x", "body": "ignored: wrong code"})
    raw = _dump_every_table()
    dumped = _dumpdata()
    for secret in (*REPORTER.values(), SECRET_SUBJECT, SECRET_DETAILS):
        assert secret not in raw, secret
    for secret in REPORTER.values():
        assert secret not in dumped, secret
    assert SECRET_SUBJECT not in dumped  # the encrypted fields serialise sealed
    complaint = Complaint.objects.get()
    assert complaint.identity_sealed.startswith("f1:")
    # and yet an officer with a reason can open it
    identity = complaint_identity_reveal(complaint=complaint, officer=officer, reason="ต้องสอบถามข้อเท็จจริงเพิ่มเติม")
    assert identity == REPORTER


def test_the_key_comes_from_settings_not_the_database(client, world, settings):
    from prongsai.apps.complaints.crypto import SealError, open_text

    complaint_post(client, world.own)
    sealed = Complaint.objects.values_list("identity_sealed", flat=True).get()
    settings.PRONGSAI_FIELD_KEYS = ["Zm9vYmFyLWEtZGlmZmVyZW50LWtleS0zMi1ieXRlcyE="]
    with pytest.raises(SealError):
        open_text(sealed)
    assert "cHJvbmdzYWktdGVzdC1maWVsZC1rZXktMzJieXRlcyE" not in _dump_every_table()


def test_production_refuses_to_start_without_field_keys():
    env = {
        "DJANGO_SETTINGS_MODULE": "prongsai.web.settings.production",
        "DJANGO_SECRET_KEY": "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "ita.example.go.th",
        "DATABASE_URL": "postgres://u:p@db.internal:5432/prongsai",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "PRONGSAI_FIELD_KEYS" in done.stderr
    env["PRONGSAI_FIELD_KEYS"] = "cHJvbmdzYWktdGVzdC1maWVsZC1rZXktMzJieXRlcyE="
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


# --- no identifying request data stored or logged ----------------------------------------------------------


def test_no_ip_user_agent_or_referrer_is_stored(client, world, officer):
    receipt = receipt_from(complaint_post(client, world.own).content.decode())
    client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": receipt, "body": "เพิ่มเติม"}, **IDENTIFYING)
    client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": "AAAA-AAAA-AAAA-AAAA"}, **IDENTIFYING)
    raw = _dump_every_table()
    for value in (IP, UA, REFERRER, "SecretAgentBrowser", "referrer.example"):
        assert value not in raw, value
    # no session was opened for the reporter, and no cookie at all was set (not even Django's CSRF cookie)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 0
    assert set(client.cookies) == set()
    # a reporter's own actions leave no audit entry (its time to the second would be a fingerprint)
    assert not AuditEntry.objects.filter(action__startswith="complaint.").exclude(actor=officer).exists()


def test_logs_on_the_complaint_path_carry_no_request_data(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    complaint_post(client, world.own)
    client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": "AAAA-AAAA-AAAA-AAAA"}, **IDENTIFYING)  # 404
    client.post(f"/p/{world.own.slug}/complaints/", {"kind": "x"}, **IDENTIFYING)  # 400
    client.get("/p/no-such-agency/complaints/", **IDENTIFYING)  # 404 from get_object_or_404
    client.put(f"/p/{world.own.slug}/complaints/", **IDENTIFYING)  # 405
    # 403: a form sent from another site (the forms are CSRF-exempt; base.abuse refuses cross-site posts)
    Client().post(f"/p/{world.own.slug}/complaints/", {"kind": "x"}, HTTP_SEC_FETCH_SITE="cross-site", **IDENTIFYING)
    assert any("/complaints" in r.getMessage() for r in caplog.records), "the 4xx answers above are logged"
    for record in caplog.records:
        text = repr(record.__dict__) + record.getMessage()
        for value in (IP, UA, REFERRER, "SecretAgentBrowser", "referrer.example"):
            assert value not in text, (record.name, text)
        if "/complaints" in record.getMessage():
            assert getattr(record, "request", None) is None


def test_the_filter_strips_the_development_servers_access_line():
    from prongsai.apps.base.logfilter import RequestPrivacyFilter

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"POST /p/x/complaints/follow/?ip={IP} HTTP/1.1", "200", "512"),
        None,
    )
    record.request = object()
    record.server_time = "01/Jan/2026 10:00:00"
    assert RequestPrivacyFilter().filter(record)
    assert IP not in record.getMessage() and record.request is None and record.server_time == ""
    other = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /p/x/qa/ HTTP/1.1", 200, 5), None
    )
    RequestPrivacyFilter().filter(other)
    assert "/p/x/qa/" in other.getMessage()  # other paths are left alone


# --- who may read ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("foreign", 404),
        ("system_admin", 403),
        ("agency_admin", 403),
        ("unit_staff", 403),
        ("executive", 403),
        ("auditor", 403),
        ("coordinator", 200),  # designated by the ``officer`` fixture
    ],
)
def test_only_designated_officers_read_complaints(client, world, officer, role, expected, client_for):
    complaint_post(Client(), world.own)
    complaint = Complaint.objects.get()
    for url in (f"/a/{world.own.slug}/complaints/", f"/a/{world.own.slug}/complaints/{complaint.pk}/"):
        client_for(client, world.user(role))
        response = client.get(url)
        assert response.status_code == expected, (role, url)
        if expected != 200:
            assert SECRET_SUBJECT not in response.content.decode()
    # POSTs too
    client_for(client, world.user(role))
    response = client.post(
        f"/a/{world.own.slug}/complaints/{complaint.pk}/", {"action": "status", "status": "screening"}
    )
    assert response.status_code == (302 if expected == 200 else expected)


def test_an_officer_of_another_agency_cannot_read(client, world):
    from prongsai.apps.complaints.services import complaint_officer_designate

    complaint_officer_designate(agency=world.foreign, user=world.user("foreign"), actor=None)
    complaint_post(Client(), world.own)
    complaint = Complaint.objects.get()
    client.force_login(world.user("foreign"))
    assert client.get(f"/a/{world.own.slug}/complaints/{complaint.pk}/").status_code == 404
    assert client.get(f"/a/{world.foreign.slug}/complaints/{complaint.pk}/").status_code == 404


def test_the_admin_site_does_not_show_complaints(client, world):
    client.force_login(world.user("system_admin"))
    html = client.get("/admin/").content.decode()
    assert "complaints/complaint" not in html


def test_designating_officers_needs_manage_people_and_is_audited(client, world):
    url = f"/a/{world.own.slug}/complaints/officers/"
    client.force_login(world.user("auditor"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("agency_admin"))
    assert client.get(url).status_code == 200
    bad = client.post(url, {"action": "designate", "user": str(world.user("foreign").pk)})
    assert bad.status_code == 400  # not a member of this agency
    assert client.post(url, {"action": "designate", "user": str(world.user("executive").pk)}).status_code == 302
    entry = AuditEntry.objects.get(action="complaint_officer.designated")
    assert entry.agency == world.own and entry.actor == world.user("agency_admin")
    client.force_login(world.user("executive"))
    assert client.get(f"/a/{world.own.slug}/complaints/").status_code == 200


# --- identity disclosure, workflow, audit, statistics ------------------------------------------------------


def test_revealing_a_named_reporter_needs_a_reason_and_is_logged(client, world, officer):
    complaint_post(Client(), world.own)
    complaint = Complaint.objects.get()
    url = f"/a/{world.own.slug}/complaints/{complaint.pk}/"
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert REPORTER["name"] not in page and REPORTER["phone"] not in page
    refused = client.post(url, {"action": "reveal", "reason": "สั้น"})
    assert refused.status_code == 400 and REPORTER["name"] not in refused.content.decode()
    assert not IdentityDisclosure.objects.exists()
    shown = client.post(url, {"action": "reveal", "reason": "ต้องเชิญผู้แจ้งมาให้ถ้อยคำเพิ่มเติม"}).content.decode()
    assert REPORTER["name"] in shown and REPORTER["email"] in shown
    disclosure = IdentityDisclosure.objects.get()
    assert disclosure.officer == officer and "ให้ถ้อยคำ" in disclosure.reason
    entry = AuditEntry.objects.get(action="complaint.identity_revealed")
    assert entry.actor == officer and "ให้ถ้อยคำ" in entry.note
    assert REPORTER["name"] not in json.dumps(
        [entry.before, entry.after, entry.note, entry.target_label], ensure_ascii=False
    )
    # the next visit shows it no more
    assert REPORTER["name"] not in client.get(url).content.decode()


def test_an_anonymous_report_has_no_identity_to_reveal(client, world, officer):
    complaint_post(Client(), world.own, identity="anonymous")
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.identity_sealed == ""
    assert REPORTER["name"] not in _dump_every_table()  # typed but not kept
    from prongsai.apps.complaints.services import ComplaintInputError

    with pytest.raises(ComplaintInputError):
        complaint_identity_reveal(complaint=complaint, officer=officer, reason="เหตุผลที่ยาวพอสมควร")


def test_statuses_follow_the_workflow(world, officer):
    from prongsai.apps.complaints.services import ComplaintInputError

    complaint_post(Client(), world.own)
    complaint = Complaint.objects.get()
    with pytest.raises(ComplaintInputError):
        complaint_status_set(complaint=complaint, officer=officer, status="substantiated")  # not from "received"
    complaint = complaint_status_set(complaint=complaint, officer=officer, status="screening")
    complaint = complaint_status_set(complaint=complaint, officer=officer, status="investigating")
    complaint = complaint_status_set(complaint=complaint, officer=officer, status="substantiated")
    assert complaint.closed_on is not None
    with pytest.raises(ComplaintInputError):
        complaint_status_set(complaint=complaint, officer=officer, status="screening")  # closed stays closed
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        complaint_status_set(complaint=complaint, officer=world.user("agency_admin"), status="screening")
    entries = AuditEntry.objects.filter(action="complaint.status_changed")
    assert entries.count() == 3
    for e in entries:
        assert SECRET_SUBJECT not in json.dumps([e.before, e.after, e.note, e.target_label], ensure_ascii=False)


def test_closed_cases_take_no_more_information(client, world, officer):
    receipt = receipt_from(complaint_post(client, world.own).content.decode())
    complaint = Complaint.objects.get()
    complaint_status_set(complaint=complaint, officer=officer, status="rejected")
    page = client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": receipt, "body": "อีก"})
    assert page.status_code == 400 and "ยุติแล้ว" in page.content.decode()


def test_published_statistics_never_contain_content(client, world, officer):
    complaint_post(client, world.own)
    complaint_post(client, world.own, kind="procurement", identity="anonymous")
    complaint_status_set(complaint=Complaint.objects.first(), officer=officer, status="rejected")
    page = client.get(f"/p/{world.own.slug}/complaints/statistics/").content.decode()
    csv_text = client.get(f"/p/{world.own.slug}/data/complaint-statistics.csv").content.decode("utf-8-sig")
    data = json.loads(client.get(f"/p/{world.own.slug}/data/complaint-statistics.json").content)
    for text in (page, csv_text, json.dumps(data, ensure_ascii=False)):
        for secret in (SECRET_SUBJECT, SECRET_DETAILS, REPORTER["name"], "กองคลัง"):
            assert secret not in text
    rows = {r["complaint_type"]: r for r in data["records"]}
    assert sum(r["received"] for r in data["records"]) == 2
    assert sum(r["closed"] for r in data["records"]) == 1
    assert rows["การทุจริตหรือประพฤติมิชอบ"]["received"] + rows["การจัดซื้อจัดจ้าง"]["received"] == 2
