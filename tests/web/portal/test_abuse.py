"""Abuse of the e-service: tracking had no limit at all; filing and questions had per-agency limits that one
sender could use up for everyone. Now every limit counts per client (``prongsai.apps.base.abuse``), a form token
files once, and the e-service pages set no cookie and send no referrer."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from prongsai.apps.portal.models import Question, ServiceRequest
from prongsai.apps.portal.services import service_request_file, service_type_save

from .conftest import PDF, token_from

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
CITIZEN = "198.51.100.23"


@pytest.fixture
def service(world):
    return service_type_save(
        agency=world.own, actor=world.user("coordinator"), item=None,
        data={"name": "ขอรับเบี้ยยังชีพ", "steps": "ยื่นคำขอ\nแจ้งผล", "duration_days": 15, "is_active": True},
    )


def _request_data(client, url, address, **extra):
    data = {
        "ft": token_from(client.get(url, REMOTE_ADDR=address).content.decode()),
        "website": "", "name": "นางทดสอบ ขอบริการ", "contact": "0812223333", "details": "ขอรับเบี้ย",
        "attachment_1": io.BytesIO(PDF),
    }
    data["attachment_1"].name = "บัตร.pdf"
    data.update(extra)
    return data


def test_a_flood_of_wrong_tracking_numbers_slows_only_the_guesser(world, service, settings):
    """500 wrong numbers from one client: 429 after the limit (a lowered one; bench/bench_abuse.py runs 10,000); a
    citizen on another client still follows their request."""
    settings.PRONGSAI_LOOKUP_FAILURES_PER_CLIENT = 20
    filed = service_request_file(agency=world.own, service_type=service, name="นางทดสอบ", contact="0812223333",
                                 details="", uploads=[])
    track = f"/p/{world.own.slug}/eservice/track/"
    guesser = Client()
    statuses = [guesser.post(track, {"code": f"ES-AAAA-{n:04d}"}, REMOTE_ADDR=ATTACKER).status_code for n in range(500)]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}
    limited = guesser.post(track, {"code": filed.tracking_code}, REMOTE_ADDR=ATTACKER)
    assert limited.status_code == 429 and "กรุณารอประมาณ 10 นาที" in limited.content.decode()
    found = Client().post(track, {"code": filed.tracking_code}, REMOTE_ADDR=CITIZEN)
    assert found.status_code == 200 and "รับคำขอแล้ว" in found.content.decode()
    # the complaint channel's count is its own: the guesser's wrong numbers do not touch it
    follow = Client().post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": "AAAA-AAAA-AAAA-AAAA"},
                           REMOTE_ADDR=ATTACKER)
    assert follow.status_code == 404


def test_e_service_filing_is_limited_per_client_and_a_token_files_once(world, service, settings):
    settings.PRONGSAI_ESERVICE_POSTS_PER_CLIENT = 3
    url = f"/p/{world.own.slug}/eservice/{service.pk}/"
    client = Client()
    data = _request_data(client, url, ATTACKER)
    assert client.post(url, data, REMOTE_ADDR=ATTACKER).status_code == 201
    data["attachment_1"] = io.BytesIO(PDF)
    data["attachment_1"].name = "บัตร.pdf"
    replay = client.post(url, data, REMOTE_ADDR=ATTACKER)
    assert replay.status_code == 400 and "แบบฟอร์มนี้ส่งไปแล้ว" in replay.content.decode()
    assert client.post(url, _request_data(client, url, ATTACKER), REMOTE_ADDR=ATTACKER).status_code == 201
    limited = client.post(url, _request_data(client, url, ATTACKER), REMOTE_ADDR=ATTACKER)
    assert limited.status_code == 429 and "กรุณารอประมาณหนึ่งชั่วโมง" in limited.content.decode()
    assert ServiceRequest.objects.count() == 2
    other = Client()
    assert other.post(url, _request_data(other, url, CITIZEN), REMOTE_ADDR=CITIZEN).status_code == 201


def test_questions_are_limited_per_client_not_per_agency(client, world, settings):
    settings.PRONGSAI_QUESTION_POSTS_PER_CLIENT = 1
    url = f"/p/{world.own.slug}/qa/"

    def ask(c, address):
        token = token_from(c.get(url, REMOTE_ADDR=address).content.decode())
        data = {"ft": token, "website": "", "kind": "question", "subject": "เวลาทำการ", "body": "เปิดกี่โมง",
                "display_name": "", "contact": ""}
        return c.post(url, data, REMOTE_ADDR=address)

    assert ask(Client(), ATTACKER).status_code == 302
    assert ask(Client(), ATTACKER).status_code == 429
    assert ask(Client(), CITIZEN).status_code == 302
    assert Question.objects.count() == 2


def test_e_service_pages_set_no_cookie_and_send_no_referrer(world, service):
    """The list (with its tracking box), the request form and the tracking page: no Set-Cookie on GET or POST, no
    referrer; a POST with CSRF checks enforced and no cookie works (the single-use form token stands in)."""
    client = Client(enforce_csrf_checks=True)
    base = f"/p/{world.own.slug}/eservice/"
    url = f"{base}{service.pk}/"
    responses = [client.get(base), client.get(url), client.get(base + "track/")]
    assert all("csrfmiddlewaretoken" not in r.content.decode() for r in responses)
    filed = client.post(url, _request_data(client, url, CITIZEN))
    code = re.search(r'id="tracking-code"[^>]*>(ES-[0-9A-Z]{4}-[0-9A-Z]{4})<', filed.content.decode()).group(1)
    responses += [filed, client.post(base + "track/", {"code": code}), client.post(base + "track/", {"code": "x"})]
    assert [r.status_code for r in responses] == [200, 200, 200, 201, 200, 404]
    for response in responses:
        assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
        assert not response.cookies and "Set-Cookie" not in response.headers
    assert not client.cookies
    cross = client.post(base + "track/", {"code": code}, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
