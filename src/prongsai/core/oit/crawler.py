"""A polite, bounded crawler for one agency's main website (httpx, asyncio).

- Stays on the start host and its www./non-www. twin (any port given in the start URL); links elsewhere are recorded,
  never fetched. Google Drive, OneDrive, Dropbox and Facebook links are flagged as external drives.
- Reads robots.txt (urllib.robotparser rules, RFC 9309 status handling: 4xx = no rules; 5xx or unreachable = fetch
  nothing) and honours Crawl-delay (capped), identifying itself as ``Prongsai-OIT-Check/<version> (+contact)``.
- Bounded: `concurrency` requests at once (a semaphore), a per-request deadline, `max_pages` HTML pages, `max_files`
  files, `max_bytes` per response (the body is streamed and reading stops there), `max_seconds` overall.
- Redirects are followed by hand (at most `max_redirects`), each hop recorded; a hop to another host is recorded as an
  external link and not followed.
- Files (PDF, DOCX, …) are downloaded (streamed, capped) to check they are not empty; PDF/DOCX/TXT no larger than
  `max_text_bytes` are read for their text with `prongsai.core.documents.read.read_bytes`.
- By default a host that resolves to a private, loopback or link-local address is refused (the web app crawls URLs
  that users type); tests and intranet checks pass `allow_private=True`.

The result (`CrawlResult`) is plain data; `prongsai.core.oit.checker` turns it into verdicts.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import ipaddress
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import certifi
import httpx

from prongsai import __version__
from prongsai.core.errors import ProngsaiError
from prongsai.core.oit.sites import external_drive_name
from prongsai.core.thai import normalise_text

# httpcore 1.0.x tries `import sniffio` each time it makes a lock; when sniffio is not installed every try scans
# sys.path (measured: about a quarter of the CPU time of a crawl). Make that import fail at once instead.
# Nothing changes when sniffio is installed.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

CONTACT_ENV = "PRONGSAI_OIT_CONTACT"
DEFAULT_CONTACT = "self-check of the agency's own website"
FILE_EXTENSIONS = frozenset(
    [
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".txt", ".csv",
        ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif", ".mp4",
    ]
)
TEXT_READABLE = frozenset({".pdf", ".docx", ".txt", ".csv"})
SOCIAL_HOSTS = (
    "facebook.com", "fb.com", "fb.me", "fb.watch", "line.me", "lin.ee", "youtube.com", "youtu.be",
    "twitter.com", "x.com", "instagram.com", "tiktok.com",
)
MAX_URL_LENGTH = 2_000
MAX_LINKS_PER_PAGE = 3_000
MAX_TEXT_CHARS = 300_000  # kept per page or file (matching needs the words, not whole books)
CHUNK = 64 * 1024

ErrorKind = Literal[
    "timeout", "connect", "http", "robots", "redirect_loop", "too_many_redirects", "redirect_offsite",
    "not_fetched", "blocked_address", "invalid",
]

ERROR_KIND_TH: dict[str, str] = {
    "timeout": "หมดเวลารอ",
    "connect": "เชื่อมต่อไม่ได้",
    "http": "เว็บไซต์ตอบว่าผิดพลาด",
    "robots": "robots.txt ไม่อนุญาต",
    "redirect_loop": "เปลี่ยนเส้นทางวนซ้ำ",
    "too_many_redirects": "เปลี่ยนเส้นทางมากเกินไป",
    "redirect_offsite": "เปลี่ยนเส้นทางไปเว็บไซต์อื่น",
    "not_fetched": "ไม่ได้ตรวจ (เกินขอบเขต)",
    "blocked_address": "ที่อยู่เครือข่ายภายใน จึงไม่ตรวจ",
    "invalid": "ที่อยู่ไม่ถูกต้อง",
}


class CrawlError(ProngsaiError):
    """The crawl cannot start: a bad URL or a refused address."""


NOT_FOUND_TH = "ไม่พบเว็บไซต์นี้ (ชื่อโดเมนไม่ถูกต้องหรือไม่มีอยู่)"
BAD_HTTPS_TH = "ใบรับรอง HTTPS ไม่ถูกต้อง หรือเชื่อมต่อแบบปลอดภัย (HTTPS) ไม่ได้"
REFUSED_TH = "เชื่อมต่อไม่ได้ (เครื่องแม่ข่ายของเว็บไซต์ไม่รับการเชื่อมต่อ)"
TIMEOUT_TH = "หมดเวลารอ (เว็บไซต์ไม่ตอบภายในเวลาที่กำหนด)"
# What a network failure means, in words an agency's staff and its executives read: (markers in the exception's
# text, lower case; the Thai sentence). The first match wins; the exception itself is kept apart as technical detail.
_NETWORK_ERRORS_TH: tuple[tuple[tuple[str, ...], str], ...] = (
    (("temporary failure in name resolution", "eai_again", "errno -3]"),
     "ค้นหาชื่อโดเมนไม่สำเร็จชั่วคราว (ระบบชื่อโดเมนไม่ตอบ) กรุณาลองใหม่ภายหลัง"),
    (("name or service not known", "nodename nor servname", "no address associated", "getaddrinfo failed",
      "name does not resolve", "errno -2]", "errno -5]", "errno 11001]", "gaierror"), NOT_FOUND_TH),
    (("certificate", "ssl", "tls", "handshake"), BAD_HTTPS_TH),
    (("connection refused", "errno 111]", "errno 61]", "errno 10061]"), REFUSED_TH),
    (("network is unreachable", "no route to host", "host is unreachable", "errno 101]", "errno 113]"),
     "เชื่อมต่อไม่ได้ (เข้าถึงเครือข่ายของเว็บไซต์ไม่ได้)"),
    (("connection reset", "server disconnected", "remoteprotocolerror", "broken pipe", "eof occurred"),
     "เชื่อมต่อไม่ได้ (เว็บไซต์ตัดการเชื่อมต่อกลางคัน)"),
    (("timed out", "timeout"), TIMEOUT_TH),
    (("unsupportedprotocol", "invalidurl", "invalid url"), "ที่อยู่เว็บไซต์ไม่ถูกต้อง"),
)


def network_error_th(exc: BaseException) -> str:
    """A failed request in plain Thai: ไม่พบเว็บไซต์นี้, เชื่อมต่อไม่ได้, หมดเวลารอ, ใบรับรอง HTTPS ไม่ถูกต้อง … (else
    เชื่อมต่อไม่ได้). Reads the exception and what caused it; `technical_detail` keeps the original for staff."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return TIMEOUT_TH
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, socket.gaierror) for e in seen) and not any(
        "errno -3]" in str(e).lower() or "temporary failure" in str(e).lower() for e in seen
    ):
        return NOT_FOUND_TH
    if any(isinstance(e, ssl.SSLError) for e in seen):
        return BAD_HTTPS_TH
    if any(isinstance(e, ConnectionRefusedError) for e in seen):
        return REFUSED_TH
    text = " ".join(f"{type(e).__name__} {e}" for e in seen).lower()
    for markers, thai in _NETWORK_ERRORS_TH:
        if any(m in text for m in markers):
            return thai
    return "เชื่อมต่อไม่ได้"


def technical_detail(exc: BaseException) -> str:
    """The exception as developers know it (``ConnectError: [Errno -2] Name or service not known``), short."""
    return f"{type(exc).__name__}: {exc}"[:300]


def user_agent(contact: str | None = None) -> str:
    contact = contact or os.environ.get(CONTACT_ENV) or DEFAULT_CONTACT
    return f"Prongsai-OIT-Check/{__version__} (+{contact})"


@dataclass
class CrawlConfig:
    max_pages: int = 300
    max_files: int = 300
    max_depth: int = 5
    concurrency: int = 8
    timeout: float = 15.0  # seconds for one request, from connecting to the last byte read
    max_bytes: int = 10_000_000  # per response; reading stops here
    max_text_bytes: int = 5_000_000  # files up to this size are read for their text
    max_redirects: int = 5
    max_seconds: float = 600.0  # the whole crawl
    max_crawl_delay: float = 5.0  # a robots.txt Crawl-delay above this is capped
    respect_robots: bool = True
    allow_private: bool = False
    check_https: bool = True
    read_files: bool = True
    contact: str | None = None
    hints: tuple[str, ...] = ()  # normalised words that make a link worth fetching first (ITA item words)
    progress: Callable[[int, int], None] | None = None  # (URLs done, URLs waiting), after each fetch


@dataclass
class Link:
    url: str
    text: str  # the anchor text (or image alt / title), whitespace collapsed
    context: str  # the heading and text just before the link (for "ดาวน์โหลด" links)
    source: str  # the page it is on
    tag: str = "a"  # a, iframe, embed, area, meta-refresh, redirect
    heading: str = ""  # the last heading before the link on its page

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def drive(self) -> str | None:
        return external_drive_name(self.url)


@dataclass
class Resource:
    """One fetched URL (a page or a file), or one that was not fetched and why."""

    url: str
    final_url: str = ""
    status: int | None = None
    error: ErrorKind | None = None
    error_detail: str = ""  # plain Thai (what the pages and reports show)
    error_technical: str = ""  # the exception's own text, for staff ("รายละเอียด"), when there was one
    elapsed_ms: float | None = None
    content_type: str = ""
    bytes_read: int = 0
    declared_length: int | None = None
    truncated: bool = False
    redirects: list[tuple[str, int, str]] = field(default_factory=list)  # (from, status, to)
    is_page: bool = False
    is_file: bool = False
    text: str = ""
    text_note: str = ""  # why a file has no text (scanned PDF, too large, unsupported kind)
    title: str = ""
    headings: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, the main text under it)
    links: list[Link] = field(default_factory=list)
    images: int = 0
    depth: int = 0
    via: str | None = None
    via_text: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def empty(self) -> bool:
        return self.ok and self.bytes_read == 0 and not self.truncated


@dataclass
class CrawlResult:
    start_url: str
    site: str = ""  # the final home URL after redirects
    resources: dict[str, Resource] = field(default_factory=dict)  # requested URL → resource
    external_links: list[Link] = field(default_factory=list)
    robots_blocked: list[str] = field(default_factory=list)
    not_fetched: list[str] = field(default_factory=list)  # over max_pages/max_files/max_seconds
    robots_note: str = ""
    robots_delay: float = 0.0
    https: bool = False
    https_note: str = ""
    notes: list[str] = field(default_factory=list)
    site_error: str = ""  # plain Thai: why the site could not be reached at all (robots.txt not even answered)
    technical: list[str] = field(default_factory=list)  # the network errors behind the notes, for staff
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0
    config: CrawlConfig = field(default_factory=CrawlConfig)

    def get(self, url: str) -> Resource | None:
        return self.resources.get(url)

    @property
    def pages(self) -> list[Resource]:
        return [r for r in self.resources.values() if r.is_page and r.ok]

    @property
    def files(self) -> list[Resource]:
        return [r for r in self.resources.values() if r.is_file]

    @property
    def home(self) -> Resource | None:
        return self.resources.get(self.start_url)


# --- URLs --------------------------------------------------------------------------------------------------


def normalise_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, lower-case scheme and host, default port dropped (None: not http)."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    if base is not None:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = parts.path or "/"
    path = path.replace(" ", "%20")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def site_key(url: str) -> tuple[str, int | None]:
    """(host without www., port unless default): the same site over http and https and with or without www."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port in (80, 443):
        port = None
    return host, port


def file_extension(url: str) -> str:
    path = unquote(urlsplit(url).path).lower()
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def url_label(url: str) -> str:
    """A readable name for a link without text: the last path segment, decoded."""
    path = unquote(urlsplit(url).path).rstrip("/")
    return path.rsplit("/", 1)[-1] or url


def is_social(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in SOCIAL_HOSTS)


def _blocked_address(host: str) -> bool:
    """True when the host resolves to an address that is not public (private, loopback, link-local, reserved)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except OSError:
        return False  # resolution fails again at connect time and is reported then
    for info in infos:
        try:
            ip = ipaddress.ip_address(info[4][0].split("%")[0])
        except ValueError:
            return True
        if not ip.is_global:
            return True
    return False


# --- HTML --------------------------------------------------------------------------------------------------

_SKIP_TEXT = frozenset({"script", "style", "template", "svg", "noscript", "select", "textarea", "head"})
_NO_MAIN_TEXT = frozenset({"nav", "header", "footer", "aside"})
_BLOCK = frozenset(
    [
        "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "main", "br", "dt", "dd", "blockquote", "pre", "form", "fieldset", "figure", "figcaption", "hr",
        "title", "caption",
    ]
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


class _PageParser(HTMLParser):
    """Visible text (template parts nav/header/footer/aside left out), title, headings, links with context."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.title = ""
        self.headings: list[str] = []
        self.links: list[tuple[str, str, str, str, str]] = []  # (href, text, context, tag, heading)
        self.section_starts: list[tuple[str, int]] = []  # (heading, offset in the main text)
        self.images = 0
        self._pieces: list[str] = []
        self._chars = 0
        self._skip = 0
        self._template = 0
        self._in_title = False
        self._heading: list[str] | None = None
        self._anchor: list | None = None  # [href, pieces, context, title attr]
        self._block: list[str] = []  # text of the current block before the next link
        self._prev_block = ""  # the last block with text (a table cell before the link's cell)
        self._last_heading = ""

    # text ---------------------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        text = _SPACES.sub(" ", data)
        if not text.strip():
            if text and self._pieces and not self._pieces[-1].endswith((" ", "\n")):
                self._pieces.append(" ")
                self._chars += 1
            return
        if self._anchor is not None:
            self._anchor[1].append(text)
        if self._heading is not None:
            self._heading.append(text)
        if len(self._block) < 40:
            self._block.append(text)
        if not self._template and self._chars < MAX_TEXT_CHARS:
            self._pieces.append(text)
            self._chars += len(text)

    def _newline(self) -> None:
        block = _SPACES.sub(" ", "".join(self._block)).strip()
        if block:
            self._prev_block = block[-200:]
        self._block = []
        if self._pieces and not self._pieces[-1].endswith("\n"):
            self._pieces.append("\n")
            self._chars += 1

    # tags ---------------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag in _SKIP_TEXT:
            if tag != "head":
                self._skip += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if tag == "body":
            self._in_title = False  # an unclosed <title> must not swallow the page
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = _REFRESH.search(a.get("content", ""))
            if m:
                self._add_link(m.group(1), "", "meta-refresh")
            return
        if tag in _NO_MAIN_TEXT:
            self._template += 1
        if tag in _BLOCK:
            self._newline()
        if tag in _HEADINGS:
            self._heading = []
        if tag == "a" or tag == "area":
            href = a.get("href", "")
            if tag == "area":
                self._add_link(href, a.get("alt", "") or a.get("title", ""), "area")
            elif href:
                self._anchor = [href, [], self._context(), a.get("title", "")]
        elif tag in ("iframe", "embed", "frame"):
            src = a.get("src", "")
            if src:
                self._add_link(src, a.get("title", ""), tag)
        elif tag == "object":
            if a.get("data"):
                self._add_link(a["data"], a.get("title", ""), tag)
        elif tag == "img":
            self.images += 1
            if self._anchor is not None:
                alt = a.get("alt", "") or a.get("title", "")
                if alt:
                    self._anchor[1].append(" " + alt + " ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("a", "title") or tag in _HEADINGS or tag in _NO_MAIN_TEXT:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT:
            if tag != "head" and self._skip:
                self._skip -= 1
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _NO_MAIN_TEXT and self._template:
            self._template -= 1
        if tag in _HEADINGS and self._heading is not None:
            text = _SPACES.sub(" ", "".join(self._heading)).strip()
            if text:
                self.headings.append(text[:300])
                self._last_heading = text[:300]
                if not self._template:
                    self.section_starts.append((text[:300], self._chars))
            self._heading = None
        if tag == "a" and self._anchor is not None:
            href, pieces, context, title = self._anchor
            self._anchor = None
            text = _SPACES.sub(" ", "".join(pieces)).strip() or title.strip()
            if len(self.links) < MAX_LINKS_PER_PAGE:
                self.links.append((href, text[:500], context, "a", self._last_heading))
            self._block = []  # the next link's context starts after this one
        if tag in _BLOCK:
            self._newline()

    def _context(self) -> str:
        """The heading, then the text of the link's block before it (or of the block before that)."""
        block = _SPACES.sub(" ", "".join(self._block)).strip()[-200:] or self._prev_block
        return f"{self._last_heading} | {block}" if self._last_heading else block

    def _add_link(self, href: str, text: str, tag: str) -> None:
        if len(self.links) < MAX_LINKS_PER_PAGE:
            self.links.append((href, _SPACES.sub(" ", text).strip()[:500], self._context(), tag, self._last_heading))

    def text(self) -> str:
        return "".join(self._pieces)


@dataclass
class ParsedPage:
    text: str
    title: str
    headings: list[str]
    sections: list[tuple[str, str]]
    links: list[Link]
    images: int


def parse_html(data: bytes, url: str, content_type: str = "") -> ParsedPage:
    """Text, title, headings, sections, links and image count of an HTML page; broken markup gives what was read."""
    html = decode_html(data, content_type)
    parser = _PageParser(url)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but a last guard keeps a broken page from stopping the crawl
        pass
    base = url
    links = []
    for href, text, context, tag, heading in parser.links[:MAX_LINKS_PER_PAGE]:
        if href.lower().startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
            continue
        absolute = normalise_url(href, base)
        if absolute is None:
            continue
        links.append(
            Link(
                url=absolute, text=normalise_text(text), context=normalise_text(context), source=url, tag=tag,
                heading=normalise_text(heading),
            )
        )
    raw = parser.text()
    sections = []
    starts = parser.section_starts
    for i, (heading, offset) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(raw)
        sections.append((normalise_text(heading), normalise_text(raw[offset:end]).strip()))
    return ParsedPage(
        text=normalise_text(raw)[:MAX_TEXT_CHARS],
        title=normalise_text(_SPACES.sub(" ", parser.title).strip()),
        headings=[normalise_text(h) for h in parser.headings],
        sections=sections,
        links=links,
        images=parser.images,
    )


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_THAI_CHARSETS = {"tis-620", "tis620", "iso-8859-11", "iso8859-11", "windows-874", "x-windows-874", "cp874"}


def decode_html(data: bytes, content_type: str = "") -> str:
    """Bytes of a page to text: the header's charset, then the page's meta charset, UTF-8, then cp874 (TIS-620)."""
    from prongsai.core.documents.read.web import declared_charset

    candidates = []
    m = _CHARSET.search(content_type or "")
    if m:
        name = m.group(1).lower()
        candidates.append("cp874" if name in _THAI_CHARSETS else name)
    meta = declared_charset(data)
    if meta:
        candidates.append(meta)
    candidates += ["utf-8", "cp874"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


# --- TLS ------------------------------------------------------------------------------------------------------

_SSL: ssl.SSLContext | None = None


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every crawl and probe (loading the CA bundle costs ~15 ms each time)."""
    global _SSL
    if _SSL is None:
        _SSL = ssl.create_default_context(cafile=certifi.where())
    return _SSL


# --- reading files --------------------------------------------------------------------------------------------

_READER: ThreadPoolExecutor | None = None
_READER_LOCK = threading.Lock()


def _reader_executor() -> ThreadPoolExecutor:
    """One thread for all document reading in the process: python-docx/lxml and PDFium keep native memory per thread
    (measured: 600 DOCX reads grew RSS by ~80 MB on one thread, ~430 MB on six), and the GIL gives no speed-up."""
    global _READER
    with _READER_LOCK:
        if _READER is None:
            _READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oit-read")
        return _READER


# --- robots.txt --------------------------------------------------------------------------------------------


class _Robots:
    def __init__(self, agent: str) -> None:
        self.agent = agent
        self.parser: urllib.robotparser.RobotFileParser | None = None
        self.disallow_all = False
        self.note = ""

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(self.agent, url)

    def delay(self) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(self.agent)
        return float(value) if value else 0.0


# --- the crawler -------------------------------------------------------------------------------------------


class _Crawler:
    def __init__(self, start: str, config: CrawlConfig, client: httpx.AsyncClient) -> None:
        self.config = config
        self.client = client
        self.start = start
        self.key = site_key(start)
        self.result = CrawlResult(start_url=start, config=config)
        self.robots = _Robots(user_agent(config.contact).split("/")[0])
        self.queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
        self.seen: set[str] = set()
        self.external_seen: set[str] = set()
        self.pages = 0
        self.files = 0
        self.seq = 0
        self.deadline = time.monotonic() + config.max_seconds
        self.semaphore = asyncio.Semaphore(max(1, config.concurrency))
        self.delay = 0.0
        self._delay_lock = asyncio.Lock()
        self._last_request = 0.0
        self._hosts_checked: dict[str, bool] = {}

    # which URLs -------------------------------------------------------------------------------------------
    def internal(self, url: str) -> bool:
        return site_key(url) == self.key

    def _priority(self, url: str, text: str, depth: int) -> int:
        words = (text + " " + unquote(url)).lower().replace(" ", "")
        bonus = 0
        if "ita" in words or "oit" in words:
            bonus += 60
        if any(h in words for h in self.config.hints):
            bonus += 40
        return depth * 100 - bonus

    def enqueue(self, url: str, depth: int, via: str | None, via_text: str) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        is_file = file_extension(url) in FILE_EXTENSIONS
        self.seq += 1
        priority = self._priority(url, via_text, depth) + (50 if is_file else 0)
        self.queue.put_nowait((priority, self.seq, url, depth, via, via_text))

    def record_external(self, link: Link) -> None:
        key = (link.url, link.source)
        if key in self.external_seen:
            return
        self.external_seen.add(key)
        self.result.external_links.append(link)

    # robots -----------------------------------------------------------------------------------------------
    async def load_robots(self) -> None:
        parts = urlsplit(self.start)
        url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        resource, body = await self.fetch(url, want_body=True, check_robots=False, limit=500_000)
        status = resource.status
        if resource.error == "redirect_offsite" or (status is not None and 400 <= status < 500):
            # RFC 9309 §2.3.1.3: 4xx = no rules. (A robots.txt on another host is not followed: no rules here.)
            self.robots.note = f"ไม่มี robots.txt (HTTP {status}) ตรวจได้ทุกหน้า"
            return
        if status is not None and status >= 500:
            self.robots.disallow_all = True
            self.robots.note = f"robots.txt ตอบ HTTP {status} จึงไม่ตรวจหน้าใดต่อ (RFC 9309)"
            return
        if resource.error is not None or status is None:
            # RFC 9309 §2.3.1.4: unreachable robots.txt → assume complete disallow.
            self.robots.disallow_all = True
            self.robots.note = f"อ่าน robots.txt ไม่ได้: {resource.error_detail or resource.error} จึงไม่ตรวจหน้าใดต่อ"
            if resource.error in ("connect", "timeout"):  # not robots.txt: the whole site does not answer
                self.result.site_error = resource.error_detail
            if resource.error_technical:
                self.result.technical.append(f"{url}: {resource.error_technical}")
            return
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(decode_html(body).splitlines())
        self.robots.parser = parser
        self.delay = min(self.robots.delay(), self.config.max_crawl_delay)
        self.robots.note = "อ่าน robots.txt แล้ว" + (f" (Crawl-delay {self.delay:g} วินาที)" if self.delay else "")

    # fetching ---------------------------------------------------------------------------------------------
    async def _pace(self) -> None:
        if not self.delay:
            return
        async with self._delay_lock:
            wait = self._last_request + self.delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_request = time.monotonic()

    async def _host_allowed(self, url: str) -> bool:
        if self.config.allow_private:
            return True
        host = urlsplit(url).hostname or ""
        if host not in self._hosts_checked:
            blocked = await asyncio.to_thread(_blocked_address, host)
            self._hosts_checked[host] = not blocked
        return self._hosts_checked[host]

    async def fetch(
        self, url: str, *, want_body: bool, check_robots: bool = True, limit: int | None = None, partial: bool = False
    ) -> tuple[Resource, bytes]:
        """GET with hand-followed redirects, a deadline and a byte cap; (resource, body). Never raises for network
        trouble. Without `want_body` the body is counted (up to the cap) but not kept; when the server states its
        length, one chunk proves the file is not empty and the rest is not downloaded. `partial`: keep the first
        `limit` bytes of a longer body (a page), instead of one chunk."""
        res = Resource(url=url)
        body = b""
        limit = limit or self.config.max_bytes
        current = url
        chain = {url}
        started = time.monotonic()
        for _hop in range(self.config.max_redirects + 1):
            if check_robots and self.config.respect_robots and not self.robots.allowed(current):
                res.error, res.error_detail, res.final_url = "robots", current, current
                return res, b""
            if not await self._host_allowed(current):
                res.error = "blocked_address"
                res.error_detail = "ที่อยู่ของเครื่องแม่ข่ายเป็นเครือข่ายภายใน (private/loopback) จึงไม่ตรวจ"
                return res, b""
            await self._pace()
            redirected = False
            try:
                async with (
                    self.semaphore,
                    asyncio.timeout(self.config.timeout),
                    self.client.stream("GET", current) as response,
                ):
                    res.status = response.status_code
                    res.final_url = current
                    res.content_type = response.headers.get("content-type", "")
                    length = response.headers.get("content-length", "")
                    res.declared_length = int(length) if length.isdigit() else None
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        target = normalise_url(location, current)
                        if target is None:
                            res.error, res.error_detail = "invalid", location[:200]
                        else:
                            res.redirects.append((current, response.status_code, target))
                            if not self.internal(target):
                                res.error, res.error_detail = "redirect_offsite", target
                            elif target in chain:
                                res.error, res.error_detail = "redirect_loop", target
                            else:
                                chain.add(target)
                                current = target
                                redirected = True
                    elif 200 <= response.status_code < 300:
                        body = await self._read_body(response, res, limit, keep=want_body, partial=partial)
            except (TimeoutError, httpx.TimeoutException) as exc:
                res.error, res.error_detail = "timeout", f"หมดเวลารอ (เกิน {self.config.timeout:g} วินาที)"
                res.error_technical = technical_detail(exc)
            except (httpx.HTTPError, OSError, ValueError) as exc:
                res.error, res.error_detail = "connect", network_error_th(exc)
                res.error_technical = technical_detail(exc)
            res.elapsed_ms = round((time.monotonic() - started) * 1000, 1)
            if redirected:
                continue
            if res.error is None and res.status is not None and not 200 <= res.status < 300:
                res.error, res.error_detail = "http", f"HTTP {res.status}"
            return res, body
        res.error, res.error_detail = "too_many_redirects", f"เกิน {self.config.max_redirects} ครั้ง"
        return res, b""

    async def _read_body(
        self, response: httpx.Response, res: Resource, limit: int, *, keep: bool, partial: bool = False
    ) -> bytes:
        """Stream the body up to `limit` bytes (then stop: `truncated`); keep it only when asked."""
        declared = res.declared_length
        if declared is not None and ((declared > limit and not partial) or not keep):
            # Too big to read, or only its presence matters: one chunk proves it is not empty.
            if declared:
                async for chunk in response.aiter_bytes(CHUNK):
                    res.bytes_read += len(chunk)
                    break
            res.truncated = declared > limit
            return b""
        body = bytearray()
        async for chunk in response.aiter_bytes(CHUNK):
            room = limit - res.bytes_read
            if len(chunk) > room:
                if keep:
                    body.extend(chunk[:room])
                res.bytes_read = limit
                res.truncated = True
                break
            res.bytes_read += len(chunk)
            if keep:
                body.extend(chunk)
        return bytes(body)

    # workers ----------------------------------------------------------------------------------------------
    async def worker(self) -> None:
        while True:
            _, _, url, depth, via, via_text = await self.queue.get()
            try:
                await self.visit(url, depth, via, via_text)
            except Exception as exc:  # a bug in one page must not stop the crawl
                self.result.notes.append(f"{url}: {type(exc).__name__}: {exc}"[:300])
            finally:
                self.queue.task_done()

    async def visit(self, url: str, depth: int, via: str | None, via_text: str) -> None:
        ext = file_extension(url)
        looks_file = ext in FILE_EXTENSIONS
        if time.monotonic() > self.deadline:
            self.result.not_fetched.append(url)
            self.result.resources[url] = Resource(url=url, error="not_fetched", error_detail="max_seconds",
                                                  depth=depth, via=via, via_text=via_text)
            return
        if looks_file:
            if self.files >= self.config.max_files:
                self._skip(url, depth, via, via_text, "max_files")
                return
            self.files += 1
        else:
            if self.pages >= self.config.max_pages:
                self._skip(url, depth, via, via_text, "max_pages")
                return
            self.pages += 1
        read_text = self.config.read_files and ext in TEXT_READABLE
        limit = self.config.max_text_bytes if looks_file and read_text else self.config.max_bytes
        want_body = not looks_file or read_text
        res, body = await self.fetch(
            url, want_body=want_body, limit=min(limit, self.config.max_bytes), partial=not looks_file
        )
        res.depth, res.via, res.via_text = depth, via, via_text
        self.result.resources[url] = res
        if self.config.progress is not None:
            self.config.progress(len(self.result.resources), self.queue.qsize())
        if res.error == "robots":
            self.result.robots_blocked.append(url)
        for src, _status, target in res.redirects:
            if not self.internal(target):
                self.record_external(Link(url=target, text=via_text, context="", source=src, tag="redirect"))
        if not res.ok:
            return
        kind = res.content_type.split(";")[0].strip().lower()
        is_html = kind in ("text/html", "application/xhtml+xml") or (not kind and not looks_file)
        if is_html and not looks_file:
            res.is_page = True
            if res.truncated:
                res.text_note = f"หน้าเว็บใหญ่เกิน {self.config.max_bytes:,} ไบต์ อ่านเฉพาะส่วนต้น"
            page = parse_html(body, res.final_url or url, res.content_type)
            res.text, res.title, res.headings, res.images = page.text, page.title, page.headings, page.images
            res.sections, res.links = page.sections, page.links
            for link in page.links:
                if self.internal(link.url):
                    next_depth = depth + 1
                    if file_extension(link.url) in FILE_EXTENSIONS or next_depth <= self.config.max_depth:
                        self.enqueue(link.url, next_depth, res.final_url or url, link.text or link.context[-80:])
                else:
                    self.record_external(link)
        else:
            res.is_file = True
            readable = read_text or (
                self.config.read_files and any(k in kind for k in ("pdf", "wordprocessingml", "text/plain"))
            )
            if res.truncated:
                res.text_note = f"ไฟล์ใหญ่เกิน {self._limit_for(ext):,} ไบต์ จึงไม่อ่านเนื้อหา"
            elif readable and body and len(body) <= self.config.max_text_bytes:
                res.text, res.text_note = await self._file_text(body, url)
            elif readable and body:
                res.text_note = f"ไฟล์ใหญ่เกิน {self.config.max_text_bytes:,} ไบต์ จึงไม่อ่านเนื้อหา"
            else:
                res.text_note = "ไม่อ่านเนื้อหาไฟล์ชนิดนี้"

    def _limit_for(self, ext: str) -> int:
        if self.config.read_files and ext in TEXT_READABLE:
            return min(self.config.max_text_bytes, self.config.max_bytes)
        return self.config.max_bytes

    def _skip(self, url: str, depth: int, via: str | None, via_text: str, why: str) -> None:
        self.result.not_fetched.append(url)
        self.result.resources[url] = Resource(
            url=url, error="not_fetched", error_detail=why, depth=depth, via=via, via_text=via_text
        )

    async def _file_text(self, data: bytes, url: str) -> tuple[str, str]:
        from prongsai.core.documents.read import read_bytes

        name = url_label(url)
        loop = asyncio.get_running_loop()
        # No OCR here: a scanned PDF on a website would take seconds a page in the crawler's reader threads.
        call = functools.partial(read_bytes, data, filename=name, max_bytes=self.config.max_text_bytes, ocr=False)
        try:
            extracted = await asyncio.wait_for(
                loop.run_in_executor(_reader_executor(), call), timeout=max(self.config.timeout, 30.0)
            )
        except TimeoutError:
            return "", "อ่านข้อความในไฟล์ไม่ทันเวลา"
        except ProngsaiError as exc:
            return "", exc.message("th")
        except Exception as exc:  # pragma: no cover - read_bytes wraps reader failures already
            return "", f"อ่านข้อความในไฟล์ไม่ได้ ({type(exc).__name__})"
        return normalise_text(extracted.text[:MAX_TEXT_CHARS]), ""

    # HTTPS ------------------------------------------------------------------------------------------------
    async def check_https(self, home: Resource | None) -> None:
        final = (home.final_url if home else "") or self.start
        if urlsplit(final).scheme == "https" and home is not None and home.ok:
            self.result.https = True
            if urlsplit(self.start).scheme == "http":
                self.result.https_note = "เปลี่ยนเส้นทางจาก http ไปยัง https แล้ว"
            else:
                self.result.https_note = "เว็บไซต์ใช้ HTTPS"
            return
        if not self.config.check_https:
            self.result.https_note = "ไม่ได้ตรวจ HTTPS"
            return
        parts = urlsplit(final)
        host = parts.hostname or ""
        netloc = host if parts.port in (None, 80) else f"{host}:{parts.port}"
        probe, _ = await self.fetch(urlunsplit(("https", netloc, "/", "", "")), want_body=False)
        if probe.ok and urlsplit(probe.final_url).scheme == "https":
            self.result.https = True
            self.result.https_note = "เปิดด้วย HTTPS ได้ แต่ http ไม่ได้เปลี่ยนเส้นทางไปยัง https"
        else:
            self.result.https = False
            detail = probe.error_detail or probe.error or ""
            self.result.https_note = f"เปิดด้วย HTTPS ไม่ได้ ({detail})" if detail else "เปิดด้วย HTTPS ไม่ได้"
            if probe.error_technical:
                self.result.technical.append(f"HTTPS {probe.url}: {probe.error_technical}")

    # run --------------------------------------------------------------------------------------------------
    async def run(self) -> CrawlResult:
        started = time.monotonic()
        if self.config.respect_robots:
            await self.load_robots()
            self.result.robots_note = self.robots.note
            self.result.robots_delay = self.delay
        self.enqueue(self.start, 0, None, "")
        workers = 1 if self.delay else max(1, self.config.concurrency)
        tasks = [asyncio.create_task(self.worker()) for _ in range(workers)]
        try:
            await self.queue.join()
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        home = self.result.resources.get(self.start)
        self.result.site = (home.final_url if home and home.final_url else self.start)
        if home is not None and home.error == "redirect_offsite":
            self.result.notes.append(f"หน้าหลักเปลี่ยนเส้นทางไปยังเว็บไซต์อื่น: {home.error_detail}")
        await self.check_https(home)
        self.result.seconds = round(time.monotonic() - started, 3)
        return self.result


async def crawl(
    url: str, config: CrawlConfig | None = None, *, transport: httpx.AsyncBaseTransport | None = None
) -> CrawlResult:
    """Crawl the website at `url` (its home page) within the limits of `config`."""
    config = config or CrawlConfig()
    start = normalise_url(url)
    if start is None:
        raise CrawlError(
            f"URL ไม่ถูกต้อง: {url!r} (ต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อโดเมน)",
            f"invalid URL: {url!r} (it must start with http:// or https:// and name a host)",
        )
    if not config.allow_private and await asyncio.to_thread(_blocked_address, urlsplit(start).hostname or ""):
        raise CrawlError(
            f"ไม่ตรวจ {start}: ชื่อโดเมนชี้ไปยังเครือข่ายภายใน (private/loopback)",
            f"refusing {start}: the host resolves to a private or loopback address",
        )
    # identity: the byte cap then bounds what is downloaded and what is held (no decompression bombs)
    headers = {
        "User-Agent": user_agent(config.contact),
        "Accept-Language": "th,en;q=0.5",
        "Accept-Encoding": "identity",
    }
    n = max(1, config.concurrency)
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    timeout = httpx.Timeout(config.timeout)
    async with httpx.AsyncClient(
        headers=headers, timeout=timeout, follow_redirects=False, limits=limits, transport=transport, trust_env=False,
        verify=ssl_context(),
    ) as client:
        return await _Crawler(start, config, client).run()


def run_sync(coroutine: Any) -> Any:
    """Run a coroutine from code that is not async (the CLI, a background task, a Django view).

    When this thread already runs an event loop (e.g. inside an async framework), the coroutine gets its own
    loop in a short-lived worker thread instead of failing.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def crawl_sync(url: str, config: CrawlConfig | None = None, **kwargs) -> CrawlResult:
    """`crawl` for code that is not async (a CLI, a background task)."""
    return run_sync(crawl(url, config, **kwargs))
