"""Fixtures for the complaint channel: forms are allowed at once (no minimum fill time) unless a test says so."""

from __future__ import annotations

import re

import pytest

from prongsai.apps.complaints.services import complaint_officer_designate

REPORTER = {
    "name": "นางสาวผู้แจ้งลับมาก ทดสอบ",
    "phone": "0819998877",
    "email": "secret.reporter@example.org",
    "address": "บ้านเลขที่ 99 หมู่ลับ",
}
SECRET_SUBJECT = "หัวหน้ากองคลังรับเงินใต้โต๊ะโครงการถนน"
SECRET_DETAILS = "เห็นการส่งซองที่ร้านกาแฟหน้าตลาดเวลาบ่ายสองโมง"
IP, UA, REFERRER = (
    "203.0.113.77",
    "SecretAgentBrowser/9.9 (Reporter-Phone)",
    "https://referrer.example/leak?from=whistle",
)
IDENTIFYING = {"HTTP_USER_AGENT": UA, "HTTP_REFERER": REFERRER, "REMOTE_ADDR": IP, "HTTP_X_FORWARDED_FOR": IP}


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    settings.PRONGSAI_FORM_MIN_SECONDS = 0


@pytest.fixture
def officer(world):
    """The coordinator of ``own``, designated complaint officer."""
    user = world.user("coordinator")
    complaint_officer_designate(agency=world.own, user=user, actor=world.user("agency_admin"))
    return user


def token_from(html: str) -> str:
    found = re.search(r'name="ft" value="([^"]+)"', html)
    assert found, "the form carries a signed token"
    return found.group(1)


def complaint_post(client, agency, *, address: str = IP, **overrides):
    """GET the form (for its token), then POST a complaint with identifying request headers, from ``address``."""
    start = f"/p/{agency.slug}/complaints/"
    headers = {**IDENTIFYING, "REMOTE_ADDR": address, "HTTP_X_FORWARDED_FOR": address}
    token = token_from(client.get(start, **headers).content.decode())
    data = {
        "ft": token,
        "website": "",
        "kind": "corruption",
        "subject": SECRET_SUBJECT,
        "details": SECRET_DETAILS,
        "about": "กองคลัง",
        "identity": "named",
        **REPORTER,
    }
    data.update(overrides)
    return client.post(start, data, **headers)


def receipt_from(html: str) -> str:
    found = re.search(r'id="receipt"[^>]*>([0-9A-Z-]{19})<', html)
    assert found, "the receipt code is shown"
    return found.group(1)
