"""Uptime probes and history; the HTML and PDF reports."""

from __future__ import annotations

import shutil
import socket
from datetime import UTC, datetime, timedelta

import pytest
from fixture_sites import NORMAL_TIMEOUT, SLOW_TEST_TIMEOUT, Route, Site
from netguard import LoopbackTransport

from prongsai.core.oit.checker import ItemResult, SiteReport
from prongsai.core.oit.report import render_html, render_pdf
from prongsai.core.oit.uptime import UptimeHistory, UptimeSample, probe, probe_async


def _site() -> Site:
    site = Site()
    site.add("/", "<html><body>ok</body></html>")
    site.add("/down", Route(status=503, body=b"busy"))
    site.add("/slow", Route(body=b"late", hang=True))  # never answers while the server runs
    site.add("/moved", Route(status=301, headers={"Location": "/"}))
    return site


def test_probe(serve, network_guard):
    server = serve(_site())
    kw = {"allow_private": True, "transport": LoopbackTransport(network_guard)}
    ok = probe(server.url, NORMAL_TIMEOUT, **kw)
    assert ok.ok and ok.status == 200 and ok.error is None and ok.elapsed_ms is not None
    assert ok.checked_at.tzinfo is not None
    down = probe(server.url + "down", NORMAL_TIMEOUT, **kw)
    assert not down.ok and down.status == 503 and down.error == "HTTP 503"
    slow = probe(server.url + "slow", SLOW_TEST_TIMEOUT, **kw)
    assert not slow.ok and slow.status is None and "หมดเวลา" in slow.error
    assert slow.elapsed_ms >= SLOW_TEST_TIMEOUT * 1000 - 100  # the client gave up by itself: the server never answers
    moved = probe(server.url + "moved", NORMAL_TIMEOUT, **kw)
    assert moved.ok and moved.status == 200


def test_probe_refused_and_private(serve, network_guard):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    refused = probe(f"http://127.0.0.1:{port}/", NORMAL_TIMEOUT, allow_private=True)
    assert not refused.ok and "เชื่อมต่อไม่ได้" in refused.error
    server = serve(_site())
    private = probe(server.url, NORMAL_TIMEOUT)
    assert not private.ok and "เครือข่ายภายใน" in private.error
    assert server.site.requested == []


def test_probe_async_inside_a_loop_and_the_sync_wrapper_too(serve, network_guard):
    from prongsai.core.oit.crawler import run_sync

    server = serve(_site())

    async def main():
        sample = await probe_async(server.url, NORMAL_TIMEOUT, allow_private=True)
        # the sync wrapper inside a running loop runs the probe on its own loop in a worker thread
        again = probe(server.url, NORMAL_TIMEOUT, allow_private=True)
        return sample, again

    # run_sync, not asyncio.run: the browser tests' Playwright session may leave a loop running in this thread
    sample, again = run_sync(main())
    assert sample.ok and again.ok


def test_history_summary():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    history = UptimeHistory(url="https://www.example.go.th")
    pattern = [True] * 6 + [False] * 3 + [True] * 10 + [False]
    for i, ok in enumerate(pattern):
        history.add(UptimeSample(
            checked_at=start + timedelta(minutes=15 * i), ok=ok, status=200 if ok else None,
            elapsed_ms=100.0 + i if ok else None, error=None if ok else "หมดเวลา",
        ))
    summary = history.summary(days=30, now=start + timedelta(days=1))
    assert summary["samples"] == 20 and summary["ok"] == 16 and summary["uptime_percent"] == 80.0
    outages = summary["outages"]
    assert len(outages) == 2
    assert outages[0]["samples"] == 3 and outages[0]["minutes"] == 45.0
    assert outages[1]["end"] is None and outages[1]["minutes"] is None
    assert summary["mean_ms"] is not None and summary["last"]["ok"] is False
    again = UptimeHistory.model_validate_json(history.model_dump_json())
    assert again.summary(now=start + timedelta(days=1)) == summary
    assert history.summary(days=30, now=start + timedelta(days=90))["samples"] == 0


# --- reports -----------------------------------------------------------------------------------------------


def _report() -> SiteReport:
    evil = '<script>alert("x")</script>'
    return SiteReport(
        site="http://127.0.0.1:1/",
        start_url="http://127.0.0.1:1/",
        fiscal_year=2568,
        https=False,
        https_note="เปิดด้วย HTTPS ไม่ได้",
        items=[
            ItemResult(code="O1", title="โครงสร้าง" + evil, verdict="found", urls=["http://127.0.0.1:1/a"],
                       reasons=["พบ"], how_to_find=["หน้าหลัก", "ITA"]),
            ItemResult(code="O2", title="ยังไม่ทราบชื่อข้อ", verdict="doubtful", urls=["javascript:alert(1)"],
                       reasons=[evil], fixes=["แก้ " + evil]),
            ItemResult(code="O3", title="ข้อมูลการติดต่อ", verdict="missing", reasons=["ไม่พบ"]),
        ],
        broken_links=["http://127.0.0.1:1/x"],
        broken_detail=[{"url": "http://127.0.0.1:1/x", "status": 404, "error": "http", "detail": "HTTP 404",
                        "found_on": "http://127.0.0.1:1/"}],
        response_times={"count": 3, "mean_ms": 12.5, "home_ms": 10.0, "slowest": []},
        checked_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )


def test_html_report_is_escaped():
    html = render_html(_report())
    assert html.startswith("<!DOCTYPE html>") and '<html lang="th">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "ไม่พบ" in html and "น่าสงสัย" in html and "พบ" in html
    assert "HTTP 404" in html and "แนวทางแก้ไข: แก้ &lt;script&gt;" in html
    assert "1 มีนาคม 2568" in html


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_report(tmp_path):
    from prongsai.core.documents.write.pdf import pdf_text

    pdf = render_pdf(_report(), tmp_path / "oit.pdf")
    assert pdf.startswith(b"%PDF") and (tmp_path / "oit.pdf").exists()
    text = pdf_text(pdf)
    assert "ข้อมูลการติดต่อ" in text and "ไม่พบ" in text
