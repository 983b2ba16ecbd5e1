"""The crawler on its own: URLs, HTML parsing, limits, robots.txt, the address guard."""

from __future__ import annotations

import pytest
from fixture_sites import NORMAL_TIMEOUT, Route, Site
from netguard import LoopbackTransport

from prongsai.core.oit.crawler import (
    CrawlConfig,
    CrawlError,
    crawl_sync,
    normalise_url,
    parse_html,
    site_key,
    user_agent,
)


def test_normalise_url():
    assert normalise_url("HTTP://Example.GO.TH:80/a b#x") == "http://example.go.th/a%20b"
    assert normalise_url("/ita/o1?x=1#top", "https://www.example.go.th/index.php") == "https://www.example.go.th/ita/o1?x=1"
    assert normalise_url("https://example.go.th:443") == "https://example.go.th/"
    assert normalise_url("mailto:a@b.c") is None
    assert normalise_url("javascript:void(0)") is None
    assert normalise_url("ftp://example.go.th/x") is None
    assert normalise_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert normalise_url("x" * 3000) is None


def test_site_key_joins_www_and_schemes():
    assert site_key("http://www.example.go.th/") == site_key("https://example.go.th/a") == ("example.go.th", None)
    assert site_key("http://127.0.0.1:8001/") != site_key("http://127.0.0.1:8002/")


def test_parse_html_links_headings_sections_and_template():
    html = (
        '<html><head><title>ITA 2568</title><script>var x="<a href=/no>";</script></head><body>'
        "<nav><a href='/menu'>เมนู ITA 2568</a></nav>"
        "<h2>O9 คู่มือการให้บริการ</h2><p>ขั้นตอน ระยะเวลา</p>"
        "<table><tr><td>คู่มือการให้บริการ ปี 2568</td><td><a href='files/o9.pdf'>ดาวน์โหลด</a></td></tr></table>"
        "<h2>O10 E-Service</h2><a href='https://docs.google.com/forms/d/x'><img src=a.png alt='แบบฟอร์มออนไลน์'></a>"
        "<iframe src='https://drive.google.com/file/d/y/preview'></iframe>"
        "<a href='mailto:x@y.z'>อีเมล</a><footer>สงวนลิขสิทธิ์</footer></body></html>"
    ).encode()
    page = parse_html(html, "http://127.0.0.1:1/ita/")
    assert page.title == "ITA 2568"
    assert page.headings == ["O9 คู่มือการให้บริการ", "O10 E-Service"]
    assert [h for h, _ in page.sections] == page.headings
    assert "ขั้นตอน ระยะเวลา" in page.sections[0][1] and "ขั้นตอน" not in page.sections[1][1]
    assert "เมนู" not in page.text and "สงวนลิขสิทธิ์" not in page.text and "var x" not in page.text
    by_url = {ln.url: ln for ln in page.links}
    assert "http://127.0.0.1:1/no" not in by_url  # inside <script>
    pdf = by_url["http://127.0.0.1:1/ita/files/o9.pdf"]
    assert pdf.text == "ดาวน์โหลด" and pdf.heading == "O9 คู่มือการให้บริการ"
    assert pdf.context.endswith("คู่มือการให้บริการ ปี 2568")  # the cell before the link's cell
    assert by_url["https://docs.google.com/forms/d/x"].text == "แบบฟอร์มออนไลน์"  # image alt
    assert by_url["https://drive.google.com/file/d/y/preview"].tag == "iframe"
    assert by_url["https://drive.google.com/file/d/y/preview"].drive == "Google Drive"
    assert not any(u.startswith("mailto") for u in by_url)
    assert page.images == 1


def test_parse_html_survives_garbage():
    page = parse_html(b"<html><body><h1>\xff\xfe<<<div <a href='x'>a</a></p></b><!-- open", "http://h/")
    assert isinstance(page.text, str)
    page = parse_html(b"", "http://h/")
    assert page.text == "" and page.links == []


def _site(routes: dict[str, Route | str]) -> Site:
    site = Site()
    for path, route in routes.items():
        site.add(path, route)
    return site


def _crawl(server, network_guard, **config):
    config.setdefault("allow_private", True)
    config.setdefault("timeout", NORMAL_TIMEOUT)
    return crawl_sync(server.url, CrawlConfig(**config), transport=LoopbackTransport(network_guard))


def test_robots_404_allows_all_and_user_agent_is_sent(serve, network_guard):
    site = _site({
        "/robots.txt": Route(status=404, body=b"no"),
        "/": '<html><body><a href="/a">A</a><a href="https://drive.google.com/x">D</a></body></html>',
        "/a": "<html><body>A</body></html>",
    })
    progress: list[tuple[int, int]] = []
    result = _crawl(serve(site), network_guard, progress=lambda done, waiting: progress.append((done, waiting)))
    assert "/a" in site.requested
    assert [d for d, _ in progress] == [1, 2] and progress[-1][1] == 0
    assert "ไม่มี robots.txt" in result.robots_note
    assert site.user_agents == {user_agent()}
    assert user_agent().startswith("Prongsai-OIT-Check/") and "(+" in user_agent()
    assert [ln.url for ln in result.external_links] == ["https://drive.google.com/x"]


def test_crawl_delay_is_honoured_with_one_worker(serve, network_guard):
    site = _site({
        "/robots.txt": Route(body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"),
        "/": '<html><body><a href="/a">A</a><a href="/b">B</a></body></html>',
        "/a": "<html><body>A</body></html>",
        "/b": "<html><body>B</body></html>",
    })
    result = _crawl(serve(site), network_guard, check_https=False)
    assert result.robots_delay == 1
    assert result.seconds >= 2  # three pages, one second apart (urllib.robotparser reads whole seconds only)


def test_big_page_is_truncated_at_max_bytes(serve, network_guard):
    big = "<html><body>" + "<p>ข้อความ</p>" * 100_000 + '<a href="/tail">tail</a></body></html>'
    site = _site({"/": Route(body=big.encode(), headers={}), "/tail": "<html></html>"})
    result = _crawl(serve(site), network_guard, max_bytes=200_000)
    home = result.home
    assert home.truncated and home.bytes_read == 200_000
    assert "/tail" not in site.requested  # beyond the cap, never seen


def test_private_addresses_are_refused_unless_allowed(serve, network_guard):
    server = serve(_site({"/": "<html></html>"}))
    with pytest.raises(CrawlError) as err:
        crawl_sync(server.url, CrawlConfig(), transport=LoopbackTransport(network_guard))
    assert "private" in err.value.message("en")
    assert server.site.requested == []


@pytest.mark.parametrize("url", ["ftp://example.go.th/", "example", "", "http://"])
def test_invalid_urls(url):
    with pytest.raises(CrawlError):
        crawl_sync(url, CrawlConfig(allow_private=True))


def test_connection_refused_is_reported_not_raised(network_guard):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    result = crawl_sync(f"http://127.0.0.1:{port}/", CrawlConfig(allow_private=True, timeout=NORMAL_TIMEOUT),
                        transport=LoopbackTransport(network_guard))
    assert result.robots_note.startswith("อ่าน robots.txt ไม่ได้")
    assert result.home.error == "robots" and result.pages == []
