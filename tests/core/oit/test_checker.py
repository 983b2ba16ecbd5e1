"""The website checker against fixture sites on 127.0.0.1: every item's verdict is asserted, scenario by scenario."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from fixture_sites import NORMAL_TIMEOUT, SLOW_TEST_TIMEOUT, Route, build_site
from netguard import LoopbackTransport

from prongsai.core.oit.checker import FIX_PREFIX, UNKNOWN_TITLE_TH, check_site_sync, core
from prongsai.core.oit.crawler import CrawlConfig

UNKNOWN_2568 = {"o2", "o6", "o7"}  # items whose 2568 title is not established (framework title null)


def verdicts(report) -> dict[str, str]:
    return {i.code.lower(): i.verdict for i in report.items}


def expected(report, changed: dict[str, str], unknown: set[str] = frozenset()) -> dict[str, str]:
    """Every item found, except the unknown titles (doubtful) and the items a scenario changes."""
    out = {}
    for item in report.items:
        code = item.code.lower()
        out[code] = "doubtful" if code in unknown else "found"
    out.update({k.lower(): v for k, v in changed.items()})
    return out


def reasons(report, code: str) -> str:
    return " ".join(report.item(code).reasons + report.item(code).fixes)


# --- good sites --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fy", [2564, 2566, 2567])
def test_good_site_every_item_found(run_check, fy):
    report, _, _ = run_check(fy)
    unknown = {i.code.lower() for i in report.items if i.title == UNKNOWN_TITLE_TH}
    assert verdicts(report) == expected(report, {}, unknown)
    assert report.broken_links == []
    assert report.https is False  # the fixture server speaks plain HTTP
    for item in report.items:
        if item.verdict == "found":
            assert item.urls and item.urls[0].startswith("http://127.0.0.1:")
            assert item.how_to_find[0] == "หน้าหลัก"
            assert all(v is not False for v in item.parts.values()), (item.code, item.parts)


def test_good_site_2568_unknown_titles_are_doubtful(run_check):
    report, _, _ = run_check(2568)
    assert verdicts(report) == expected(report, {}, UNKNOWN_2568)
    o2 = report.item("o2")
    assert o2.title == UNKNOWN_TITLE_TH
    assert "ยังไม่ทราบชื่อข้อ O2" in reasons(report, "o2")
    # O9 2568: the six parts listed by the PSU source are all there
    o9 = report.item("o9")
    assert o9.parts == {
        "service_name": True, "steps": True, "time": True, "channels": True, "fees": True, "documents": True,
    }
    assert o9.how_to_find == ["หน้าหลัก", "ITA 2568", "O9 คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ"]
    # annual reports are for the previous fiscal year
    assert report.item("o13").years == [2567]


# --- missing and stale -------------------------------------------------------------------------------------

MISSING_STALE = {
    "O1": ("missing", "missing"),
    "O3": ("stale", "found"),  # contact details: no year rule
    "O4": ("no_year", "doubtful"),
    "O8": ("broken", "missing"),
    "O9": ("parts_missing", "doubtful"),
    "O11": ("missing", "missing"),
    "O13": ("stale", "doubtful"),  # annual report of 2566 where 2567 is due
    "O22": ("stale", "doubtful"),  # last year's gift register
    "O25": ("empty_file", "missing"),
}


def test_missing_and_stale_items(run_check):
    report, _, _ = run_check(2568, {k: m for k, (m, _) in MISSING_STALE.items()})
    assert verdicts(report) == expected(report, {k: v for k, (_, v) in MISSING_STALE.items()}, UNKNOWN_2568)
    assert "ไม่พบลิงก์ หัวข้อ หรือไฟล์" in reasons(report, "o1")
    assert "ไม่พบการระบุปีงบประมาณ พ.ศ. 2568" in reasons(report, "o4")
    assert "HTTP 404" in reasons(report, "o8")
    o9 = reasons(report, "o9")
    assert "ค่าธรรมเนียม" in o9 and "เอกสารหรือหลักฐานประกอบ" in o9 and FIX_PREFIX not in o9
    assert report.item("o9").parts["fees"] is False and report.item("o9").parts["steps"] is True
    assert "ปีก่อนหน้า" in reasons(report, "o13") and "2566" in reasons(report, "o13")
    assert "ไม่พบปีงบประมาณ พ.ศ. 2568" in reasons(report, "o22") and report.item("o22").years == [2567]
    assert "ว่างเปล่า" in reasons(report, "o25")
    assert any(u.endswith("/ita/o8") for u in report.broken_links)
    json_item = next(i for i in report.to_json_dict()["items"] if i["code"] == "o22")
    assert json_item["reasons"][-1] == FIX_PREFIX + "เผยแพร่ฉบับของปีงบประมาณ พ.ศ. 2568"


# --- external drives ---------------------------------------------------------------------------------------

EXTERNAL = {
    "o9": ("facebook_page", "found"),  # Social Network: a Facebook page is the evidence
    "o18": ("google_form", "found"),  # E-Service: an online form elsewhere, linked from the main site
    "o15": ("drive", "doubtful"),
    "o16": ("onedrive", "doubtful"),
    "o17": ("dropbox", "doubtful"),
    "o20": ("facebook_post", "doubtful"),
    "o21": ("redirect_offsite", "doubtful"),
    "o14": ("external_site", "doubtful"),
}


def test_external_drive_links(run_check, network_guard):
    report, _, transport = run_check(2566, {k: m for k, (m, _) in EXTERNAL.items()})
    assert verdicts(report) == expected(report, {k: v for k, (_, v) in EXTERNAL.items()})
    assert "Google Drive" in reasons(report, "o15") and "ไม่ใช่เว็บไซต์หลัก" in reasons(report, "o15")
    assert "OneDrive" in reasons(report, "o16")
    assert "Dropbox" in reasons(report, "o17")
    assert "Facebook" in reasons(report, "o20")
    assert "docs.google.com" in reasons(report, "o21")
    assert "เว็บไซต์อื่น" in reasons(report, "o14")
    drives = {d["drive"] for d in report.to_json_dict()["external_drive_links"]}
    assert {"Google Drive", "OneDrive", "Dropbox", "Facebook", "Google Docs/Drive"} <= drives
    # recorded, never fetched
    assert transport.requested and all(urlsplit(u).hostname == "127.0.0.1" for u in transport.requested)
    assert network_guard == []


# --- slow pages --------------------------------------------------------------------------------------------


def test_slow_pages(run_check):
    # the slow pages never answer while the server runs: the client's timeout fires whatever the machine's load, and
    # SLOW_TEST_TIMEOUT is still roomy for the normal pages checked beside them
    timeout = SLOW_TEST_TIMEOUT
    report, site, _ = run_check(2568, {"O4": "slow", "O14": "slow"}, timeout=timeout)
    assert verdicts(report) == expected(report, {"o4": "doubtful", "o14": "doubtful"}, UNKNOWN_2568)
    assert f"ตอบช้าเกิน {timeout:g} วินาที" in reasons(report, "o14")
    times = report.response_times
    slow = {s["url"].rsplit("/", 1)[-1]: s for s in times["slowest"] if s["error"] == "timeout"}
    assert set(slow) == {"o4", "o14"}
    assert all(s["ms"] >= timeout * 1000 - 100 for s in slow.values())  # waited the whole timeout, then gave up
    assert {"/ita/o4", "/ita/o14"} <= set(site.requested)  # asked, never answered: the client stopped by itself
    assert times["count"] > 20 and times["home_ms"] is not None
    # every other page answered in time (verdicts above; only the two slow pages are broken links)
    assert {u.rsplit("/", 1)[-1] for u in report.broken_links} == {"o4", "o14"}


# --- redirects ---------------------------------------------------------------------------------------------


def test_redirects_followed_and_recorded(run_check):
    report, site, _ = run_check(2568, {"O15": "redirect", "O16": "redirect_offsite", "O17": "redirect_loop"})
    assert verdicts(report) == expected(
        report, {"o15": "found", "o16": "doubtful", "o17": "missing"}, UNKNOWN_2568
    )
    o15 = report.item("o15")
    assert o15.urls[0].endswith("/ita/o15") and o15.urls[1].endswith("/old/o15")
    assert any("เปลี่ยนเส้นทาง (HTTP 301)" in r for r in o15.reasons)
    hops = {(r["from"].split("/", 3)[-1], r["status"], r["to"].split("/", 3)[-1]) for r in report.redirects}
    assert ("old/o15", 301, "ita/o15") in hops
    assert ("go/o16", 302, "document/d/o16") in hops
    assert ("loop/o17", 302, "loop2/o17") in hops and ("loop2/o17", 302, "loop/o17") in hops
    assert any(b["error"] == "redirect_loop" for b in report.broken_detail)
    assert site.requested.count("/loop/o17") == 1  # the loop is detected, not walked


# --- broken HTML, encodings, generic link texts, PDFs ------------------------------------------------------


def test_broken_html_and_other_page_shapes(run_check):
    modes = {"O21": "broken_html", "O22": "tis620", "O23": "generic_link", "O24": "pdf"}
    report, _, _ = run_check(2568, modes)
    assert verdicts(report) == expected(report, {}, UNKNOWN_2568)
    assert report.item("o21").years == [2568]  # text read through the broken markup
    assert report.item("o22").parts == {"register": True}  # TIS-620 decoded
    assert report.item("o23").how_to_find[-1].endswith("(ดาวน์โหลด)")
    assert report.item("o24").parts == {"actions": True}


# --- huge file ---------------------------------------------------------------------------------------------


def test_huge_files_are_not_downloaded_whole(run_check):
    limit = 1_000_000
    report, site, _ = run_check(2568, {"O18": "huge_declared", "O19": "huge_stream"}, max_bytes=limit)
    assert verdicts(report) == expected(report, {"o18": "doubtful", "o19": "doubtful"}, UNKNOWN_2568)
    assert "ใหญ่เกิน 1.0 MB (60.0 MB)" in reasons(report, "o18")
    assert "ใหญ่เกิน 1.0 MB" in reasons(report, "o19") and "ลดขนาดไฟล์" in reasons(report, "o19")
    # the server was stopped long before the 60 MB: the client closed the connection
    assert site.bytes_sent["/files/o19-big.pdf"] < 20_000_000


# --- robots.txt --------------------------------------------------------------------------------------------

ROBOTS = (
    "User-agent: *\nDisallow: /private/\n\n"
    "User-agent: Prongsai-OIT-Check\nDisallow: /private/\nDisallow: /ita/o9\n"
)


def test_robots_forbidden_paths_are_never_requested(run_check):
    report, site, _ = run_check(2568, {"O20": "robots", "O3": "robots"}, robots=ROBOTS)
    assert verdicts(report) == expected(report, {"o20": "doubtful", "o3": "doubtful", "o9": "doubtful"}, UNKNOWN_2568)
    assert not [p for p in site.requested if p.startswith(("/private/", "/ita/o9"))]
    assert site.requested[0] == "/robots.txt"
    assert "robots.txt" in reasons(report, "o20")
    assert {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1] for u in report.robots["blocked"]} >= {
        "private/o20", "private/o3", "ita/o9",
    }
    assert all(ua.startswith("Prongsai-OIT-Check/") for ua in site.user_agents)


def test_robots_unreachable_means_nothing_is_crawled(serve, frameworks, network_guard):
    def extra(site):
        site.add("/robots.txt", Route(status=503, body=b"busy"))

    framework = frameworks.get(2566)
    site = build_site(framework, extra=extra)
    server = serve(site)
    report = check_site_sync(
        server.url, framework, config=CrawlConfig(allow_private=True, timeout=NORMAL_TIMEOUT),
        transport=LoopbackTransport(network_guard),
    )
    assert site.requested == ["/robots.txt"]
    assert set(verdicts(report).values()) == {"missing"}
    assert any("เปิดหน้าหลักไม่ได้" in n for n in report.notes)
    assert "503" in report.robots["note"]


# --- limits ------------------------------------------------------------------------------------------------


def test_max_pages_leaves_items_unchecked_not_missing(run_check):
    report, site, _ = run_check(2566, max_pages=6, max_files=0)
    assert report.pages_crawled <= 6
    assert report.not_fetched > 0
    counts = report.counts()
    assert counts["missing"] == 0 and counts["doubtful"] > 0
    unchecked = [i for i in report.items if any("ไม่ได้เปิดตรวจ" in r for r in i.reasons)]
    assert unchecked and all(i.verdict == "doubtful" for i in unchecked)
    assert len([p for p in site.requested if p.startswith("/ita/o")]) <= 6


# --- the JSON shape ----------------------------------------------------------------------------------------


def test_json_shape(run_check):
    report, _, _ = run_check(2568, {"O1": "missing"})
    data = report.to_json_dict()
    assert list(data)[:5] == ["site", "fiscal_year", "https", "items", "broken_links"]
    assert data["site"].startswith("http://127.0.0.1:") and data["fiscal_year"] == 2568
    assert isinstance(data["https"], bool) and isinstance(data["broken_links"], list)
    assert "checked_at" in data and "response_times" in data
    for item in data["items"]:
        assert list(item) == ["code", "title", "verdict", "urls", "reasons"]
        assert item["code"] == item["code"].lower() and item["code"].startswith("o")
        assert item["verdict"] in ("found", "missing", "doubtful")
        assert all(isinstance(u, str) for u in item["urls"]) and all(isinstance(r, str) for r in item["reasons"])
        assert isinstance(item["title"], str) and item["title"]
    assert [i["code"] for i in data["items"]] == [f"o{n}" for n in range(1, 27)]
    json.dumps(data, ensure_ascii=False)


def test_core_ignores_years_spacing_and_punctuation():
    assert core("รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗") == core("รายงานผลการดำเนินงานประจำปี")
    assert core("E–Service") == core("e - service") == "eservice"
    assert core("Q&A") == "q&a"
