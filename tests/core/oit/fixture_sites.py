"""Fixture websites of Thai agencies, generated from a year's OIT items and served on 127.0.0.1.

Used by the tests (tests/core/oit, tests/cli/test_cli_oit.py) and the benchmark (bench/bench_oit.py).

    site = build_site(framework, modes={"O9": "parts_missing", "O12": "drive"})
    with FixtureServer(site) as server:
        report = check_site_sync(server.url, framework, config=CrawlConfig(allow_private=True))
    assert "/private/" not in " ".join(site.requested)

Each item gets a page /ita/<code> (heading = title + year, text naming each required part, a DOCX to download) linked
from /ita/. A `mode` per item changes that: see MODES.

Slow pages never race the client's clock: a `hang` route (the tests' "slow" mode) does not answer at all until the
server stops, so a client timeout always fires whatever the load of the machine, and stopping the server releases it
at once (no sleeps anywhere: waits are on the server's `released` event).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prongsai.core.frameworks.schema import Framework
from prongsai.core.oit.requirements import ItemRequirement, resolve_items

# Client timeouts for the tests. A page that answers gets NORMAL_TIMEOUT: far above anything a busy CI machine needs,
# so load never turns it into a "timeout". A test ABOUT timeouts serves pages that never answer (hang) and uses
# SLOW_TEST_TIMEOUT: the timeout fires deterministically, and it is still roomy for the normal pages beside them.
NORMAL_TIMEOUT = 30.0
SLOW_TEST_TIMEOUT = 5.0

MODES = {
    "ok": "a normal page with the year, the parts and a DOCX",
    "missing": "not published at all",
    "stale": "last year's document (or two years back for annual reports)",
    "no_year": "no year anywhere",
    "broken": "the index links to a page that answers 404",
    "empty_file": "the index links straight to a 0-byte PDF",
    "drive": "the index links to Google Drive",
    "onedrive": "the index links to OneDrive",
    "dropbox": "the index links to Dropbox",
    "facebook_post": "the index links to a Facebook post",
    "facebook_page": "the index links to the agency's Facebook page (Social Network)",
    "google_form": "the index links to a Google Form (an E-Service)",
    "external_site": "the index links to another agency's website",
    "slow": "the page never answers while the server runs (or after `slow_delay` seconds): the client times out",
    "redirect": "the index links to an old URL that redirects (301) to the page",
    "redirect_offsite": "the index links to a URL that redirects (302) to Google Drive",
    "redirect_loop": "the index links into a redirect loop",
    "huge_declared": "the index links to a 60 MB PDF with Content-Length",
    "huge_stream": "the index links to a 60 MB PDF sent without Content-Length",
    "robots": "the page is under /private/, which robots.txt forbids",
    "parts_missing": "the page leaves out the last two required parts",
    "broken_html": "the page's markup is broken (unclosed tags, stray bytes) but the content is there",
    "tis620": "the page is TIS-620 (cp874) encoded",
    "generic_link": "the index link says only ดาวน์โหลด; the title is the text before it",
    "pdf": "the evidence is a PDF with a Thai text layer",
}


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # answer this many seconds late (cut short when the server stops)
    hang: bool = False  # never answer while the server runs: the client's timeout always fires
    stream_bytes: int = 0  # > 0: send this many bytes of PDF-looking filler, lazily
    declare_length: bool = True


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    user_agents: set[str] = field(default_factory=set)
    bytes_sent: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, route: Route | bytes | str) -> None:
        if isinstance(route, str):
            route = Route(body=route.encode("utf-8"))
        elif isinstance(route, bytes):
            route = Route(body=route)
        self.routes[path] = route


class _Handler(BaseHTTPRequestHandler):
    site: Site
    released: threading.Event  # set when the server stops: a hanging or delayed request gives up at once
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms Nagle + delayed-ACK stall between headers and body

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        site = self.site
        with site.lock:
            site.requested.append(self.path)
            site.user_agents.add(self.headers.get("User-Agent", ""))
        route = site.routes.get(self.path)
        if route is None:
            route = Route(status=404, body="<html><body><h1>ไม่พบหน้า</h1></body></html>".encode())
        if route.hang:
            self.released.wait()
            self.close_connection = True  # the server is stopping: hang up without an answer
            return
        if route.delay and self.released.wait(route.delay):
            self.close_connection = True
            return
        try:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for k, v in route.headers.items():
                self.send_header(k, v)
            if route.stream_bytes:
                if route.declare_length:
                    self.send_header("Content-Length", str(route.stream_bytes))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if head:
                    return
                chunk = b"%PDF-1.4\n" + b"0" * (64 * 1024 - 9)
                sent = 0
                while sent < route.stream_bytes:
                    part = chunk[: min(len(chunk), route.stream_bytes - sent)]
                    self.wfile.write(part)
                    sent += len(part)
                    with site.lock:
                        site.bytes_sent[self.path] = sent
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if not head:
                self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 1024  # the default 5 drops connections when a benchmark opens hundreds at once

    def handle_error(self, request, client_address) -> None:  # a client that hangs up is part of the tests
        pass


class FixtureServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving one Site."""

    def __init__(self, site: Site) -> None:
        self.released = threading.Event()
        handler = type("Handler", (_Handler,), {"site": site, "released": self.released})
        self.site = site
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop at once, even with requests still hanging: release them, stop accepting, close the socket. Handler
        threads are daemons and are not joined (block_on_close is off). Calling it twice is harmless."""
        self.released.set()
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


# --- content -----------------------------------------------------------------------------------------------

AGENCY = "องค์การบริหารส่วนตำบลบ้านตัวอย่าง"


def _page(title: str, body: str, *, fy: int, charset: str = "utf-8") -> str:
    menu = (
        '<nav><ul><li><a href="/">หน้าหลัก</a></li><li><a href="/about">ข้อมูลหน่วยงาน</a></li>'
        f'<li><a href="/ita/">ITA {fy}</a></li><li><a href="/news">ข่าวสาร</a></li></ul></nav>'
    )
    # A template line outside <nav>/<footer> on every page (many Thai CMS use plain divs): must not count as evidence.
    banner = f'<div class="top">{AGENCY} - การประเมินคุณธรรมและความโปร่งใส ITA ประจำปีงบประมาณ {fy}</div>'
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="{charset}"><title>{escape(title)} - {AGENCY}</title>'
        f"</head><body>{banner}{menu}<main>{body}</main>"
        f"<footer>สงวนลิขสิทธิ์ {fy} {AGENCY} โทร 0 5400 0000</footer></body></html>"
    )


def _year_for(item: ItemRequirement, fy: int, stale: bool) -> int:
    year = fy - 1 if item.period == "previous" else fy
    return year - 1 if stale else year


def _item_text(item: ItemRequirement, year: int | None, *, drop_parts: int = 0) -> list[str]:
    title = item.title_th or ""
    lines = [f"{title} ประจำปีงบประมาณ พ.ศ. {year}" if year else title]
    parts = [p for p in item.parts if p.detect == "text"]
    if drop_parts:
        parts = parts[:-drop_parts]
    for p in parts:
        lines.append(f"{p.keywords[0]}: {p.name_th} ตามที่หน่วยงานกำหนด")
    lines.append(f"{AGENCY} จัดทำข้อมูลนี้เพื่อเผยแพร่ต่อสาธารณะ")
    return lines


@lru_cache(maxsize=512)
def docx_bytes(lines: tuple[str, ...]) -> bytes:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def pdf_bytes(lines: tuple[str, ...]) -> bytes:
    import fontpkg_sarabun
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Sarabun", fname=str(fontpkg_sarabun.ROOT / "files" / "Sarabun-Regular.ttf"))
    pdf.set_font("Sarabun", size=14)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BIG = 60_000_000


def build_site(
    framework: Framework,
    modes: dict[str, str] | None = None,
    *,
    slow_delay: float | None = None,
    robots: str | None = None,
    extra: Callable[[Site], None] | None = None,
) -> Site:
    """A website with every titled OIT item of the framework, each published as `modes[code]` says (default ok).

    A "slow" page never answers while the server runs (`slow_delay=None`, for tests: the client's timeout fires
    deterministically), or answers after `slow_delay` seconds (the benchmark's pages that are slow but in time)."""
    fy = framework.fiscal_year
    modes = {k.lower(): v for k, v in (modes or {}).items()}
    for mode in modes.values():
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode}")
    site = Site()
    site.add("/robots.txt", Route(body=(robots or "User-agent: *\nDisallow: /private/\n").encode(),
                                  content_type="text/plain"))
    site.add("/", _page(AGENCY, f"<h1>{AGENCY}</h1><p>ยินดีต้อนรับ</p><p><a href='/ita/'>การประเมิน ITA {fy}</a></p>",
                        fy=fy))
    site.add("/about", _page("ข้อมูลหน่วยงาน", "<h1>ข้อมูลหน่วยงาน</h1><p>ประวัติความเป็นมา</p>", fy=fy))
    site.add("/news", _page("ข่าวสาร", "<h1>ข่าวสาร</h1><p>กิจกรรมของหน่วยงาน</p>", fy=fy))
    entries = []
    for item in resolve_items(framework):
        if not item.title_th:
            continue
        code = item.code.lower()
        mode = modes.get(code, "ok")
        if mode == "missing":
            continue
        label = f"{item.code.upper()} {item.title_th}"
        page_path = f"/ita/{code}"
        href = page_path
        stale = mode == "stale"
        year = None if mode == "no_year" else _year_for(item, fy, stale)
        lines = _item_text(item, year, drop_parts=2 if mode == "parts_missing" else 0)
        file_path = f"/files/{code}.docx"
        file_body = docx_bytes(tuple(lines))
        file_type = DOCX
        if mode == "pdf":
            file_path, file_body, file_type = f"/files/{code}.pdf", pdf_bytes(tuple(lines)), "application/pdf"
        site.add(file_path, Route(body=file_body, content_type=file_type))
        body_lines = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
        extra_html = ""
        if item.topic == "social":
            extra_html = '<p><a href="https://www.facebook.com/example.agency">Facebook ของหน่วยงาน</a></p>'
        if item.topic == "e_service":
            extra_html = '<p><a href="/eservice/form">ยื่นคำร้องออนไลน์ (E-Service)</a></p>'
            site.add("/eservice/form", _page("E-Service", "<h1>แบบฟอร์มคำร้องออนไลน์</h1><form></form>", fy=fy))
        if any(p.detect == "image" for p in item.parts):
            extra_html += '<p><img src="/img/exec.png" alt="รูปผู้บริหาร"></p>'
        heading = lines[0]
        page = _page(
            heading,
            f"<h1>{escape(heading)}</h1>{body_lines}{extra_html}"
            f'<p>เอกสารประกอบ <a href="{file_path}">ดาวน์โหลด</a></p>',
            fy=fy,
        )
        route = Route(body=page.encode("utf-8"))
        if mode == "broken":
            route = Route(status=404, body=b"<html><body>404</body></html>")
        elif mode == "slow":
            route = Route(body=page.encode("utf-8"), hang=slow_delay is None, delay=slow_delay or 0.0)
        elif mode == "broken_html":
            broken = (
                f"<html><head><title>{escape(heading)}</title><body><div><table><tr><td><h1>{escape(heading)}</td>"
                + "".join(f"<p>{escape(line)}<div><span>" for line in lines[1:])
                + f'<a href="{file_path}">ดาวน์โหลด<p></b></i>\x00\x01 <<<>>> <!-- not closed'
            )
            route = Route(body=broken.encode("utf-8"))
        elif mode == "tis620":
            route = Route(body=_page(heading, f"<h1>{escape(heading)}</h1>{body_lines}", fy=fy, charset="tis-620")
                          .encode("cp874"), content_type="text/html")
        if mode == "robots":
            page_path = href = f"/private/{code}"
        site.add(page_path, route)
        if mode == "empty_file":
            href = f"/files/{code}-empty.pdf"
            site.add(href, Route(body=b"", content_type="application/pdf"))
        elif mode in ("drive", "onedrive", "dropbox", "facebook_post", "facebook_page", "google_form", "external_site"):
            href = {
                "drive": f"https://drive.google.com/file/d/{code}abc/view",
                "onedrive": f"https://onedrive.live.com/?id={code}",
                "dropbox": f"https://www.dropbox.com/s/{code}/file.pdf",
                "facebook_post": f"https://www.facebook.com/example.agency/posts/{code}",
                "facebook_page": "https://www.facebook.com/example.agency",
                "google_form": f"https://docs.google.com/forms/d/e/{code}/viewform",
                "external_site": f"https://www.other-agency.example/{code}",
            }[mode]
        elif mode == "redirect":
            href = f"/old/{code}"
            site.add(href, Route(status=301, headers={"Location": page_path}))
        elif mode == "redirect_offsite":
            href = f"/go/{code}"
            site.add(href, Route(status=302, headers={"Location": f"https://docs.google.com/document/d/{code}"}))
        elif mode == "redirect_loop":
            href = f"/loop/{code}"
            site.add(href, Route(status=302, headers={"Location": f"/loop2/{code}"}))
            site.add(f"/loop2/{code}", Route(status=302, headers={"Location": href}))
        elif mode in ("huge_declared", "huge_stream"):
            href = f"/files/{code}-big.pdf"
            site.add(href, Route(content_type="application/pdf", stream_bytes=BIG,
                                 declare_length=mode == "huge_declared"))
        if mode == "generic_link":
            entries.append(f"<li>{escape(label)} ประจำปีงบประมาณ {year} <a href=\"{href}\">ดาวน์โหลด</a></li>")
        else:
            entries.append(f'<li><a href="{href}">{escape(label)}</a></li>')
    site.add(
        "/ita/",
        _page(
            f"ITA {fy}",
            f"<h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ {fy}</h1><ul>{''.join(entries)}</ul>",
            fy=fy,
        ),
    )
    if extra is not None:
        extra(site)
    return site


def serve_many(sites: list[Site]) -> Iterator[list[str]]:  # pragma: no cover - used by the benchmark
    servers = [FixtureServer(s).__enter__() for s in sites]
    try:
        yield [s.url for s in servers]
    finally:
        for s in servers:
            s.__exit__(None, None, None)
