"""The complaint forms with bad input: each refusal keeps what was typed and stores nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from prongsai.apps.complaints.models import Complaint

from .conftest import complaint_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": ""}, "กรุณากรอกช่องนี้"),
        ({"details": ""}, "กรุณากรอกช่องนี้"),
        ({"kind": "gossip"}, "กรุณาเลือกประเภทเรื่อง"),
        ({"identity": "maybe"}, "กรุณาเลือกว่าจะเปิดเผยตัวตนหรือไม่"),
        ({"identity": "named", "name": ""}, "กรุณากรอกชื่อ หรือเลือก ไม่เปิดเผยตัวตน"),
        ({"phone": "12345"}, "หมายเลขโทรศัพท์ไม่ถูกต้อง"),
        ({"email": "not-an-email"}, "อีเมลไม่ถูกต้อง"),
        ({"subject": "ก" * 201}, "ยาวไม่เกิน 200 ตัวอักษร"),
        ({"ft": "forged"}, "แบบฟอร์มไม่สมบูรณ์"),
        ({"ft": ""}, "แบบฟอร์มไม่สมบูรณ์"),
        ({"website": "http://spam.example"}, "ส่งแบบฟอร์มไม่สำเร็จ"),
    ],
)
def test_bad_complaint_input_is_refused_in_thai(client, world, overrides, message):
    response = complaint_post(client, world.own, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert not Complaint.objects.exists()
    if overrides.get("subject", "x") and "subject" not in overrides:
        assert "หัวหน้ากองคลัง" in html  # what was typed is kept


def test_a_form_sent_too_fast_is_refused(client, world, settings):
    settings.PRONGSAI_FORM_MIN_SECONDS = 60
    response = complaint_post(client, world.own)
    assert response.status_code == 400 and "ส่งเร็วเกินไป" in response.content.decode()


def test_a_token_for_another_agency_is_refused(client, world):
    from prongsai.apps.base.abuse import form_token

    response = complaint_post(client, world.own, ft=form_token(agency=world.foreign, form="complaint"))
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_a_token_is_never_dated_in_the_future(world):
    """With no minimum fill time, a token checked at once is good (its time is truncated, never rounded up)."""
    from prongsai.apps.base.abuse import form_token, form_token_problem

    for _ in range(200):
        token = form_token(agency=world.own, form="complaint")
        assert form_token_problem(agency=world.own, form="complaint", token=token) == ""


def test_thai_digits_in_phone_are_accepted(client, world):
    assert complaint_post(client, world.own, phone="๐๘๑-๒๓๔-๕๖๗๘").status_code == 201


def test_too_many_complaints_in_an_hour_are_refused(client, world, settings):
    """Counted per client (a keyed hash of the address, in the cache only), never per agency: one sender over the
    limit gets 429 with what was typed kept; a reporter on another address files at once."""
    settings.PRONGSAI_COMPLAINT_POSTS_PER_CLIENT = 2
    assert complaint_post(client, world.own).status_code == 201
    assert complaint_post(client, world.own).status_code == 201
    limited = complaint_post(client, world.own)
    html = limited.content.decode()
    assert limited.status_code == 429 and "กรุณารอประมาณหนึ่งชั่วโมงแล้วลองใหม่" in html and "หัวหน้ากองคลัง" in html
    assert Complaint.objects.count() == 2
    assert complaint_post(Client(), world.own, address="198.51.100.7").status_code == 201  # another client
    assert complaint_post(Client(), world.foreign).status_code == 429  # the same client, at any agency


@pytest.mark.parametrize("receipt", ["", "123", "ABCD-EFGH-JKMN-PQR!" * 3])
def test_bad_receipt_input(client, world, receipt):
    response = client.post(f"/p/{world.own.slug}/complaints/follow/", {"receipt": receipt})
    assert response.status_code == 404
    assert "ไม่พบเรื่องตามรหัสนี้" in response.content.decode()


def test_officer_forms_refuse_bad_input(client, world, officer):
    complaint_post(Client(), world.own)
    complaint = Complaint.objects.get()
    url = f"/a/{world.own.slug}/complaints/{complaint.pk}/"
    client.force_login(officer)
    assert client.post(url, {"action": "reply", "body": ""}).status_code == 400
    bad_status = client.post(url, {"action": "status", "status": "substantiated"})
    assert bad_status.status_code == 400 and "เลือกสถานะที่เปลี่ยนได้" in bad_status.content.decode()
    assert client.post(url, {"action": "explode"}).status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == "received"
