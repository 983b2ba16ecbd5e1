"""Network failures in plain Thai: the checker's notes say what happened (ไม่พบเว็บไซต์นี้, เชื่อมต่อไม่ได้, หมดเวลารอ,
ใบรับรอง HTTPS ไม่ถูกต้อง); the exception's own text ("ConnectError: [Errno -2] …") is kept apart for staff."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from prongsai.core.oit.checker import check_site_sync
from prongsai.core.oit.crawler import (
    BAD_HTTPS_TH,
    NOT_FOUND_TH,
    REFUSED_TH,
    TIMEOUT_TH,
    CrawlConfig,
    network_error_th,
    technical_detail,
)
from prongsai.core.oit.uptime import probe


def _caused(exc: BaseException, cause: BaseException) -> BaseException:
    exc.__cause__ = cause
    return exc


@pytest.mark.parametrize(
    ("exc", "thai"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"), NOT_FOUND_TH),
        (_caused(httpx.ConnectError("connect failed"), socket.gaierror(-2, "Name or service not known")), NOT_FOUND_TH),
        (httpx.ConnectError("[Errno 8] nodename nor servname provided, or not known"), NOT_FOUND_TH),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
         "ค้นหาชื่อโดเมนไม่สำเร็จชั่วคราว (ระบบชื่อโดเมนไม่ตอบ) กรุณาลองใหม่ภายหลัง"),
        (httpx.ConnectError("[Errno 111] Connection refused"), REFUSED_TH),
        (_caused(httpx.ConnectError("x"), ConnectionRefusedError(111, "Connection refused")), REFUSED_TH),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired"),
         BAD_HTTPS_TH),
        (_caused(httpx.ConnectError("x"), ssl.SSLCertVerificationError("hostname mismatch")), BAD_HTTPS_TH),
        (httpx.ConnectTimeout("timed out"), TIMEOUT_TH),
        (TimeoutError(), TIMEOUT_TH),
        (httpx.ConnectError("[Errno 101] Network is unreachable"), "เชื่อมต่อไม่ได้ (เข้าถึงเครือข่ายของเว็บไซต์ไม่ได้)"),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."),
         "เชื่อมต่อไม่ได้ (เว็บไซต์ตัดการเชื่อมต่อกลางคัน)"),
        (httpx.ConnectError("something nobody foresaw"), "เชื่อมต่อไม่ได้"),
    ],
)
def test_network_errors_in_plain_thai(exc, thai):
    said = network_error_th(exc)
    assert said == thai
    assert not any(word in said for word in ("Error", "Errno", "SSL:", "ConnectError"))
    assert technical_detail(exc).startswith(type(exc).__name__)


def _unknown_domain(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)


def test_a_domain_that_does_not_exist_is_said_in_thai_with_the_detail_kept_apart(frameworks):
    report = check_site_sync(
        "https://no-such-agency.example.go.th/", frameworks.get(2568),
        config=CrawlConfig(allow_private=True), transport=httpx.MockTransport(_unknown_domain),
    )
    assert report.pages_crawled == 0
    assert report.notes[0] == f"เปิดหน้าหลักไม่ได้: {NOT_FOUND_TH} จึงตรวจเว็บไซต์ไม่ได้"
    assert len([n for n in report.notes if NOT_FOUND_TH in n]) == 1  # said once, not again for robots.txt
    shown = " ".join([*report.notes, report.https_note])
    assert "ConnectError" not in shown and "Errno" not in shown
    assert any("ConnectError: [Errno -2] Name or service not known" in t for t in report.technical)
    assert report.to_json_dict()["technical"] == report.technical


def test_the_uptime_probe_says_it_in_thai_too():
    sample = probe("https://no-such-agency.example.go.th/", allow_private=True,
                   transport=httpx.MockTransport(_unknown_domain))
    assert not sample.ok and sample.error == NOT_FOUND_TH
