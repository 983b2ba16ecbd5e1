"""Abuse of the complaint channel: nobody can shut it for others, a form token files once, the pages set no
cookie and send no referrer, and the limits keep nothing that identifies a reporter (``prongsai.apps.base.abuse``).

Each test is an attack that worked before: a flood of wrong codes from one client made every reporter of the agency
get 429; a replayed form token filed dozens of complaints."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from prongsai.apps.base.abuse import FormReplayed, client_tag, form_token, form_token_read, form_token_spend
from prongsai.apps.base.models import SpentFormToken
from prongsai.apps.complaints.models import Complaint, ComplaintMessage

from .conftest import IP, complaint_post, receipt_from, token_from

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
REPORTER_ADDRESS = "198.51.100.23"


def _follow(client, agency, receipt, address, **data):
    return client.post(f"/p/{agency.slug}/complaints/follow/", {"receipt": receipt, **data}, REMOTE_ADDR=address)


def test_a_flood_of_wrong_codes_slows_only_the_guesser(world, settings):
    """500 wrong codes from one client (a lowered limit stands for the real 10,000, see bench/bench_abuse.py): the
    guesser gets 429 after the limit; a reporter on another address still follows the case, adds information and
    files a new complaint."""
    settings.PRONGSAI_LOOKUP_FAILURES_PER_CLIENT = 20
    reporter = Client()
    receipt = receipt_from(complaint_post(reporter, world.own, address=REPORTER_ADDRESS).content.decode())
    guesser = Client()
    statuses = [
        _follow(guesser, world.own, f"AAAA-BBBB-CCCC-{n:04d}".replace("0", "Z"), ATTACKER).status_code
        for n in range(500)
    ]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}
    assert _follow(guesser, world.own, receipt, ATTACKER).status_code == 429  # the limit cannot be guessed through
    # the genuine reporter, on another client: follows, adds information, files again
    page = _follow(reporter, world.own, receipt, REPORTER_ADDRESS)
    assert page.status_code == 200 and "หัวหน้ากองคลัง" in page.content.decode()
    added = _follow(reporter, world.own, receipt, REPORTER_ADDRESS, body="ข้อมูลเพิ่มเติม")
    assert added.status_code == 200 and ComplaintMessage.objects.count() == 1
    assert complaint_post(reporter, world.own, address=REPORTER_ADDRESS).status_code == 201
    # and other agencies' reporters were never affected either
    assert complaint_post(Client(), world.foreign, address="198.51.100.24").status_code == 201


def test_a_flood_of_junk_filings_is_limited_per_client(world, settings):
    """500 junk POSTs from one client (forged tokens, empty forms, honeypot filled, valid forms): 429 after the
    limit, at most that many stored; a reporter on another client files at once."""
    settings.PRONGSAI_COMPLAINT_POSTS_PER_CLIENT = 10
    start = f"/p/{world.own.slug}/complaints/"
    flooder = Client()
    statuses = []
    for n in range(500):
        kind = n % 4
        if kind == 3:  # a complete, valid form with a fresh token
            statuses.append(complaint_post(flooder, world.own, address=ATTACKER, subject=f"ขยะ {n}").status_code)
            continue
        data = {"ft": "forged" if kind == 0 else "", "kind": "corruption", "subject": "ขยะ", "details": "ขยะ"}
        if kind == 2:
            data["website"] = "http://spam.example"
        statuses.append(flooder.post(start, data, REMOTE_ADDR=ATTACKER).status_code)
    assert set(statuses[10:]) == {429} and 429 not in statuses[:10]
    assert Complaint.objects.count() <= 10
    before = Complaint.objects.count()
    response = complaint_post(Client(), world.own, address=REPORTER_ADDRESS)
    assert response.status_code == 201 and Complaint.objects.count() == before + 1


def test_a_replayed_form_token_files_one_complaint(world):
    """The probe's attack: one form fetched, its token POSTed 200 times (here from 200 different addresses, so that
    no per-client limit is what stops it): one complaint stored, every replay refused in Thai with 400."""
    client = Client()
    start = f"/p/{world.own.slug}/complaints/"
    token = token_from(client.get(start).content.decode())
    data = {"ft": token, "kind": "corruption", "subject": "เรื่องเดียว", "details": "รายละเอียด", "identity": "anonymous"}
    first = client.post(start, data, REMOTE_ADDR="198.51.100.1")
    assert first.status_code == 201
    for n in range(2, 201):
        replay = Client().post(start, data, REMOTE_ADDR=f"198.51.{n // 250}.{n % 250 + 1}")
        assert replay.status_code == 400, n
        html = replay.content.decode()
        assert "แบบฟอร์มนี้ส่งเรื่องไปแล้ว" in html and "เรื่องเดียว" in html  # told why; what was typed is kept
        assert "id=\"receipt\"" not in html
    assert Complaint.objects.count() == 1
    assert SpentFormToken.objects.count() == 1


def test_a_refused_form_does_not_spend_its_token(world):
    """A form refused for its content (here a named report without a name) can be corrected and sent with the same
    token: only a stored complaint spends it."""
    client = Client()
    start = f"/p/{world.own.slug}/complaints/"
    token = token_from(client.get(start).content.decode())
    data = {"ft": token, "kind": "corruption", "subject": "เรื่อง", "details": "รายละเอียด", "identity": "named"}
    assert client.post(start, data).status_code == 400
    assert not SpentFormToken.objects.exists()
    assert client.post(start, {**data, "name": "ผู้แจ้ง"}).status_code == 201


def test_spending_is_one_unique_row_and_old_rows_are_pruned(world):
    """The spent nonce is the primary key (two transactions cannot both insert it); what ``then`` does runs only
    for the first; rows past their day are deleted by the next spend."""
    assert SpentFormToken._meta.pk.name == "digest"
    token = form_token(agency=world.own, form="complaint")
    problem, nonce = form_token_read(agency=world.own, form="complaint", token=token)
    assert problem == "" and nonce
    ran = []
    form_token_spend(nonce=nonce, then=lambda: ran.append(1))
    with pytest.raises(FormReplayed):
        form_token_spend(nonce=nonce, then=lambda: ran.append(2))
    assert ran == [1]
    SpentFormToken.objects.create(digest="0" * 64, expires_on=timezone.localdate() - timedelta(days=1))
    form_token_spend(nonce="another-nonce", then=lambda: None)
    assert not SpentFormToken.objects.filter(digest="0" * 64).exists()
    assert SpentFormToken.objects.count() == 2
    # the day is all a row keeps: never a time
    assert {f.name for f in SpentFormToken._meta.get_fields()} == {"digest", "expires_on"}


def test_a_token_without_a_nonce_is_refused(world):
    from django.core import signing

    from prongsai.apps.base.abuse import TOKEN_SALT

    old = signing.dumps({"a": world.own.pk, "f": "complaint", "t": 0}, salt=TOKEN_SALT, compress=True)
    assert form_token_read(agency=world.own, form="complaint", token=old)[0].startswith("แบบฟอร์มไม่สมบูรณ์")


# --- the pages: no cookie, no referrer, no CSRF cookie needed ----------------------------------------------------


def test_complaint_pages_set_no_cookie_and_send_no_referrer(world):
    """GET and POST of every public complaint page: ``Referrer-Policy: no-referrer``, ``no-store``, and no
    ``Set-Cookie`` at all (not even csrftoken). A POST with CSRF checks enforced and no cookie works: the forms
    are CSRF-exempt and rest on the signed single-use token."""
    client = Client(enforce_csrf_checks=True)
    base = f"/p/{world.own.slug}/complaints/"
    responses = [client.get(base), client.get(base + "follow/"), client.get(base + "statistics/")]
    token = token_from(responses[0].content.decode())
    assert "csrfmiddlewaretoken" not in responses[0].content.decode()
    filed = client.post(base, {"ft": token, "kind": "corruption", "subject": "เรื่อง", "details": "รายละเอียด",
                               "identity": "anonymous"})
    assert filed.status_code == 201
    receipt = receipt_from(filed.content.decode())
    responses += [filed, client.post(base + "follow/", {"receipt": receipt}),
                  client.post(base + "follow/", {"receipt": receipt, "body": "เพิ่มเติม"}),
                  client.post(base + "follow/", {"receipt": "AAAA-AAAA-AAAA-AAAA"})]
    assert [r.status_code for r in responses] == [200, 200, 200, 201, 200, 200, 404]
    for response in responses:
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies, response.cookies
        assert "Set-Cookie" not in response.headers
    assert not client.cookies


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"}, 201),  # no-referrer makes the Origin "null"
        ({"HTTP_ORIGIN": "http://testserver"}, 201),
        ({}, 201),  # an old browser or a script: the form token still has to be good
    ],
)
def test_a_form_sent_from_another_site_is_refused(world, headers, status):
    """Without Django's CSRF check, a browser that says the POST comes from another site is refused: another site
    cannot make its visitors' browsers file complaints for it."""
    client = Client()
    base = f"/p/{world.own.slug}/complaints/"
    token = token_from(client.get(base).content.decode())
    response = client.post(base, {"ft": token, "kind": "corruption", "subject": "เรื่อง", "details": "รายละเอียด",
                                  "identity": "anonymous"}, **headers)
    assert response.status_code == status
    if status == 403:
        assert "ส่งมาจากเว็บไซต์อื่น" in response.content.decode() and not Complaint.objects.exists()
        assert response["Referrer-Policy"] == "no-referrer"


# --- the limits identify no one --------------------------------------------------------------------------------------


def test_the_limits_keep_no_address_anywhere(world, settings):
    """After filings and wrong codes from a known address, the address is in no cache key or value and no table;
    the client's tag is a keyed hash that changes with the salt."""
    from django.http import HttpRequest

    receipt = receipt_from(complaint_post(Client(), world.own).content.decode())
    _follow(Client(), world.own, "AAAA-AAAA-AAAA-AAAA", IP)
    _follow(Client(), world.own, receipt, IP)
    store = caches["abuse"]._cache  # locmem: key → pickled value
    assert store, "the limits counted something"
    for key, value in store.items():
        assert IP not in key and IP.encode() not in value and IP not in repr(pickle.loads(value))
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = IP
    tag = client_tag(request)
    assert IP not in tag and len(tag) == 32
    caches["abuse"].clear()  # a new salt: the same address gets another tag
    assert client_tag(request) != tag


def test_ipv6_clients_are_counted_by_their_64_and_proxies_only_when_trusted(world, settings):
    from django.http import HttpRequest

    def tag(remote, forwarded=""):
        request = HttpRequest()
        request.META.update({"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded})
        return client_tag(request)

    assert tag("2001:db8:1:2::1") == tag("2001:db8:1:2:ffff::9")  # one household's /64
    assert tag("2001:db8:1:2::1") != tag("2001:db8:1:3::1")
    assert tag("::ffff:198.51.100.1") == tag("198.51.100.1")
    # X-Forwarded-For counts only behind a trusted proxy, and then only the address the proxy appended
    assert tag("127.0.0.1", "198.51.100.1") == tag("127.0.0.1", "198.51.100.2")
    settings.PRONGSAI_TRUSTED_PROXY_COUNT = 1
    assert tag("127.0.0.1", "198.51.100.1") != tag("127.0.0.1", "198.51.100.2")
    assert tag("127.0.0.1", "6.6.6.6, 198.51.100.1") == tag("127.0.0.1", "198.51.100.1")


def test_the_busy_page_of_a_complaint_sets_no_cookie_either(world):
    """A saturated database while filing: the Thai 503 page offers the input back (with the same, unspent token),
    without Django's CSRF token or cookie and without a referrer."""
    from unittest import mock

    from django.db import OperationalError

    client = Client(enforce_csrf_checks=True)
    base = f"/p/{world.own.slug}/complaints/"
    token = token_from(client.get(base).content.decode())
    data = {"ft": token, "kind": "corruption", "subject": "เรื่อง", "details": "รายละเอียด", "identity": "anonymous"}
    with mock.patch("prongsai.apps.complaints.views.public.complaint_file",
                    side_effect=OperationalError("database is locked")):
        busy = client.post(base, data)
    html = busy.content.decode()
    assert busy.status_code == 503 and "ส่งข้อมูลเดิมอีกครั้ง" in html and token in html
    assert "csrfmiddlewaretoken" not in html and not busy.cookies and busy["Referrer-Policy"] == "no-referrer"
    assert not SpentFormToken.objects.exists()
    assert client.post(base, data).status_code == 201  # sent again: the token was not spent


def test_a_cache_that_is_down_never_closes_the_channel(world, settings):
    """The counters live in the cache (Redis on a server): when it cannot be reached the forms stay open (unlimited,
    a warning without request data is logged), never a 500."""
    from unittest import mock

    class Down(Exception):
        pass

    with mock.patch("prongsai.apps.base.abuse._cache", side_effect=Down("connection refused")):
        assert complaint_post(Client(), world.own).status_code == 201
        assert _follow(Client(), world.own, "AAAA-AAAA-AAAA-AAAA", IP).status_code == 404
