"""The OIT website check: crawl the main website, then judge every OIT item of a fiscal year.

    report = check_site_sync("https://www.example.go.th", 2568)
    report.to_json_dict()      # {"site", "fiscal_year", "https", "items": [{code, title, verdict, urls, reasons}], …}

How an item is judged (heuristics; docs/oit.md):
1. Candidates: links (anchor text; for "ดาวน์โหลด"-style links the heading and text just before), page titles and
   headings, whose normalised text contains the item's title (years, "ประจำปี…" and punctuation ignored), one of
   its topic's `find` phrases, all keywords of one of its topic's title groups, or is close to the title (rapidfuzz).
   A candidate that fits several items goes to the one(s) it fits best; a title contained in a longer title that
   is also contained (o42 in o43) gives way to the longer one.
2. Each candidate's target is checked: reachable (2xx), on the main website (not Google Drive & co.), a file that
   is not empty and not beyond the size limit, not forbidden by robots.txt. Its text (the page's main text without
   the site's template lines, or the file's text) must name the right fiscal year (`period` in requirements.yaml)
   and contain the item's required parts.
3. Verdict from the best candidate: found; doubtful (stale, parts missing, external drive, too large, slow,
   robots.txt, not reached within the limits, title of the item unknown); missing (nothing found, or only
   broken links and empty files).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz import fuzz

from prongsai.core.advice import normalise_title
from prongsai.core.frameworks.loader import shared_registry
from prongsai.core.frameworks.schema import Framework
from prongsai.core.oit.crawler import (
    CrawlConfig,
    CrawlResult,
    Link,
    Resource,
    crawl,
    file_extension,
    run_sync,
    site_key,
    url_label,
)
from prongsai.core.oit.requirements import (
    ItemRequirement,
    Requirements,
    load_requirements,
    normalised,
    resolve_items,
)
from prongsai.core.oit.site_report import FIX_PREFIX as FIX_PREFIX  # the report's names stay importable from here
from prongsai.core.oit.site_report import VERDICT_TH, ItemResult, SiteReport, Verdict
from prongsai.core.oit.sites import HOME_TH, external_drive_name
from prongsai.core.oit.years import fiscal_years_mentioned

THRESHOLD = 0.7
FUZZY_MIN = 85  # partial_ratio from which a title close to the candidate's text counts at all
MIN_TEXT_FOR_PARTS = 40  # characters of evidence text below which parts are "not checked", not "missing"
MAX_URLS = 8
UNKNOWN_TITLE_TH = "ยังไม่ทราบชื่อข้อ"

_FISCAL_WORDS = re.compile(r"ประจำปีงบประมาณ|ปีงบประมาณ|ประจำปี|พ\.?ศ\.?|[0-9๐-๙]+")
_PUNCT = re.compile(r"[\s\-–—_.,:;/\\()\[\]{}\"'“”‘’!?|•·+*#=<>~^]+")
_GENERIC = {
    normalise_title(w)
    for w in [
        "ดาวน์โหลด", "ดาวโหลด", "คลิก", "คลิกที่นี่", "คลิกเพื่อดู", "รายละเอียด", "อ่านต่อ", "อ่านเพิ่มเติม",
        "ดูรายละเอียด", "เปิด", "ไฟล์", "ลิงก์", "ลิ้งค์", "link", "here", "download", "pdf", "more", "view",
        "click", "เอกสาร", "ไฟล์แนบ", "เอกสารแนบ",
    ]
}


def core(text: str) -> str:
    """Text for title matching: lower case, no spaces, punctuation, digits, years or "ประจำปี…" words."""
    return _PUNCT.sub("", _FISCAL_WORDS.sub("", normalise_title(text)))


def _fuzzy_score(ratio: int) -> float:
    """The score of a candidate that fits only by a fuzzy ratio ≥ FUZZY_MIN: 0.6 … 0.85."""
    return 0.6 + (ratio - FUZZY_MIN) / 15 * 0.25


# the smallest ratio that alone lifts a candidate to THRESHOLD (91); below it a ratio only matters as the tie-break
# of a candidate that fits by another rule
_RATIO_ALONE = next((r for r in range(FUZZY_MIN, 101) if _fuzzy_score(r) >= THRESHOLD), 101)


# --- candidates --------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    url: str
    label: str  # what a person sees: the link text, the heading or the page title
    match_core: str
    match_norm: str
    kind: Literal["link", "title", "heading"]
    link: Link | None = None
    page: Resource | None = None  # the page a heading or title belongs to
    heading: str = ""
    anchor: str = ""  # the words of the link itself (and the text just before a "ดาวน์โหลด" link): freshness
    step: str = ""  # the last step of "how to find it"


@dataclass
class _Target:
    """One candidate checked."""

    cand: Candidate
    score: float
    status: str  # ok, external_ok, too_big, slow, robots, not_checked, external_drive, external, broken, empty
    resource: Resource | None = None
    text: str = ""
    years: set[int] = field(default_factory=set)
    fresh: bool | None = None
    parts: dict[str, bool | None] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (reason, fix)
    notes: list[str] = field(default_factory=list)


_STATUS_RANK = {
    "ok": 0, "external_ok": 1, "too_big": 2, "slow": 3, "robots": 4, "not_checked": 5,
    "external_drive": 6, "external": 7, "broken": 8, "empty": 9,
}
_KIND_RANK = {"link": 0, "title": 1, "heading": 2}


class _Site:
    """Indexes over one crawl: resources by final URL, template lines, candidates."""

    def __init__(self, crawl: CrawlResult) -> None:
        self.crawl = crawl
        self.key = site_key(crawl.start_url)
        self.by_url: dict[str, Resource] = dict(crawl.resources)
        for r in crawl.resources.values():
            if r.final_url and r.final_url not in self.by_url:
                self.by_url[r.final_url] = r
        self.template = self._template_lines()
        self.candidates = self._candidates()
        self._main_text: dict[int, str] = {}
        self._internal: dict[str, bool] = {}
        self._chars: _CharCounts | None = None

    def internal(self, url: str) -> bool:
        known = self._internal.get(url)
        if known is None:
            known = self._internal[url] = site_key(url) == self.key
        return known

    def _template_lines(self) -> set[str]:
        pages = self.crawl.pages
        if len(pages) < 3:
            return set()
        counts: Counter[str] = Counter()
        for p in pages:
            counts.update({line.strip() for line in p.text.split("\n") if line.strip()})
        need = max(3, len(pages) // 2)
        return {line for line, n in counts.items() if n >= need}

    def main_text(self, page: Resource) -> str:
        key = id(page)
        if key not in self._main_text:
            if self.template:
                lines = [ln for ln in page.text.split("\n") if ln.strip() and ln.strip() not in self.template]
                self._main_text[key] = "\n".join(lines)
            else:
                self._main_text[key] = page.text
        return self._main_text[key]

    def _candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[tuple[str, str, str]] = set()

        def add(url: str, label: str, kind: Literal["link", "title", "heading"], **kw: Any) -> None:
            c = core(label)
            if len(c) < 2:
                return
            key = (url, c, kind)
            if key in seen:
                return
            seen.add(key)
            kw.setdefault("anchor", label)
            kw.setdefault("step", label)
            norm = normalise_title(label)
            out.append(Candidate(url=url, label=label, match_core=c, match_norm=norm, kind=kind, **kw))

        for page in self.crawl.pages:
            page_url = page.final_url or page.url
            if page.title:
                add(page_url, page.title, "title", page=page, anchor="")
            for heading, _ in page.sections:
                add(page_url, heading, "heading", page=page, heading=heading, anchor="")
            for link in page.links:
                label = anchor = link.text
                step = link.text
                if not label or core(label) in _GENERIC or len(core(label)) < 3:
                    tail = link.context.rsplit(" | ", 1)[-1] if link.context else ""
                    anchor = " ".join(x for x in (tail, label) if x).strip()
                    label = " ".join(dict.fromkeys(x for x in (link.heading, tail, link.text) if x))
                    step = f"{_short(tail, 70)} ({link.text})" if tail and link.text else (tail or link.text)
                    if not core(label):
                        label = anchor = step = url_label(link.url)
                if label:
                    add(link.url, label, "link", link=link, anchor=anchor, step=step)
        return out

    def fuzzy_bounds(self, title: str) -> list[float]:
        """Per candidate, an upper bound of `fuzz.partial_ratio(title, candidate.match_core)` (`_CharCounts`)."""
        if self._chars is None:
            self._chars = _CharCounts([c.match_core for c in self.candidates])
        return self._chars.ratio_bounds(title)

    def path_to(self, url: str) -> list[str]:
        """หน้าหลัก → … : the link texts that lead from the home page to `url` (first way the crawler found)."""
        steps: list[str] = []
        current = self.by_url.get(url)
        guard = 0
        while current is not None and current.via is not None and guard < 12:
            steps.append(current.via_text or url_label(current.url))
            current = self.by_url.get(current.via)
            guard += 1
        return [HOME_TH, *reversed(steps)]


class _CharCounts:
    """How often each character occurs in each of a site's candidate texts, for a cheap bound of the fuzzy ratio.

    `fuzz.partial_ratio(a, b)` is the best `200·LCS / (n + w)` over windows of the longer text, each at most as
    long as the shorter one (n characters; w ≤ n the window's length). The LCS of any window is at most c, the
    characters the two texts have in common counted with repeats (Σ min of the counts; c ≤ n), and at most w; so
    the ratio is at most 200·min(c, w) / (n + w) ≤ 200·c / (n + c). A candidate whose bound is under the cut-off
    cannot reach it and is not compared at all (tests/core/oit/test_matcher_speed.py checks the bound).
    """

    def __init__(self, texts: list[str]) -> None:
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        self.alphabet, column = np.unique(codes, return_inverse=True)
        row = np.repeat(np.arange(len(texts)), self.lengths)
        width = len(self.alphabet)
        counts = np.bincount(row * width + column.reshape(-1), minlength=len(texts) * width)
        self.counts = counts.reshape(len(texts), width).astype(np.int32)

    def ratio_bounds(self, title: str) -> list[float]:
        """Per text, an upper bound (0–100) of `fuzz.partial_ratio(title, text)`."""
        if not self.alphabet.size:
            return [0.0] * len(self.lengths)
        wanted = np.frombuffer(title.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        at = np.minimum(np.searchsorted(self.alphabet, wanted), len(self.alphabet) - 1)
        title_counts = np.bincount(at[self.alphabet[at] == wanted], minlength=len(self.alphabet))
        common = np.minimum(self.counts, title_counts).sum(axis=1)
        shorter = np.minimum(self.lengths, len(title))
        return (200.0 * common / np.maximum(shorter + common, 1)).tolist()


@dataclass
class _Matcher:
    """One item's matching rules, normalised once (and kept for the next site: `_Matcher.of` is cached)."""

    title_core: str
    find_cores: list[str]
    groups: list[list[str]]  # the topic's title keyword groups, normalised
    exclude: list[str]
    url_hosts: list[str]

    def __post_init__(self) -> None:
        # "any phrase occurs" as one search; the groups longest first, so the first that fits is the longest
        self._find = re.compile("|".join(map(re.escape, self.find_cores))) if self.find_cores else None
        self._exclude = re.compile("|".join(map(re.escape, self.exclude))) if self.exclude else None
        self._groups = sorted(((sum(map(len, g)), g) for g in self.groups), key=lambda x: -x[0])

    @classmethod
    def of(cls, item: ItemRequirement, topic) -> _Matcher:
        return _matcher(
            item.title_th or "",
            tuple(item.find),
            tuple(tuple(g) for g in topic.title.match) if topic is not None else (),
            tuple(topic.title.exclude) if topic is not None else (),
            tuple(item.url_hosts),
        )

    def score_all(self, site: _Site) -> list[tuple[float, int, Candidate]]:
        """(score, fuzzy ratio, candidate) of every candidate of the site that reaches THRESHOLD for the item.

        A candidate is found by: the title contained (1.0), a find phrase (0.9), a link to one of the item's hosts
        (0.85), all keywords of a title group (0.7–0.84) or a fuzzy ratio ≥ FUZZY_MIN (0.6–0.85); the ratio also
        orders candidates of equal score. The fuzzy ratio is computed only where it can matter: its bound
        (`_CharCounts`) reaches FUZZY_MIN for a candidate that fits by another rule (its ratio is kept),
        _RATIO_ALONE for one that does not (below that the candidate stays under THRESHOLD whatever its ratio).
        tests/core/oit/test_matcher_speed.py compares this with the straightforward version, candidate by
        candidate."""
        title = self.title_core
        fuzzy = bool(title) and len(title) >= 8
        bounds = site.fuzzy_bounds(title) if fuzzy else []
        min_len = 0.6 * len(title)
        find, exclude, groups, hosts = self._find, self._exclude, self._groups, self.url_hosts
        out: list[tuple[float, int, Candidate]] = []
        for i, cand in enumerate(site.candidates):
            text = cand.match_core
            if title and title in text:
                out.append((1.0, 100, cand))
                continue
            best = 0.0
            if find is not None and find.search(text):
                best = 0.9
            if best < 0.85 and hosts and cand.link is not None:
                host = cand.link.host
                if any(host == h or host.endswith("." + h) for h in hosts):
                    best = 0.85
            if best < 0.85 and groups:
                norm = cand.match_norm
                if exclude is None or not exclude.search(norm):
                    for length, g in groups:
                        for k in g:
                            if k not in norm:
                                break
                        else:  # every keyword of the group
                            best = max(best, 0.7 + min(0.14, length * 0.01))
                            break
            ratio = 0
            if fuzzy and len(text) >= min_len:
                need = FUZZY_MIN if best >= THRESHOLD else _RATIO_ALONE
                if bounds[i] >= need - 1e-6:
                    ratio = int(fuzz.partial_ratio(title, text, score_cutoff=FUZZY_MIN))
                    if ratio >= FUZZY_MIN:
                        best = max(best, _fuzzy_score(ratio))
            if best >= THRESHOLD:
                out.append((best, ratio, cand))
        return out


@lru_cache(maxsize=1024)
def _matcher(
    title_th: str,
    find: tuple[str, ...],
    match: tuple[tuple[str, ...], ...],
    exclude: tuple[str, ...],
    url_hosts: tuple[str, ...],
) -> _Matcher:
    """A matcher per distinct set of rules: built once per item of a year, not once per item per site."""
    return _Matcher(
        title_core=core(title_th) if title_th else "",
        find_cores=[c for c in (core(f) for f in find) if c],
        groups=[[normalise_title(k) for k in g] for g in match],
        exclude=[normalise_title(x) for x in exclude],
        url_hosts=list(url_hosts),
    )


# --- evaluation --------------------------------------------------------------------------------------------


_FORMS = re.compile(r"^https?://(docs\.google\.com/forms/|forms\.gle/|forms\.office\.com/)", re.IGNORECASE)


def _external_ok(item: ItemRequirement, url: str) -> bool:
    """Evidence elsewhere is fine for this item (a Facebook page for Social Network, an online form for E-Service),
    but never a file share (Google Drive, OneDrive, Dropbox) standing in for a document."""
    if not item.external_ok:
        return False
    host = (urlsplit(url).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in item.url_hosts):
        return True
    return external_drive_name(url) is None or bool(_FORMS.match(url))


def _status(site: _Site, cand: Candidate, item: ItemRequirement, timeout: float) -> tuple[str, Resource | None, str]:
    """(status, resource, detail) of a candidate's target."""
    if cand.kind in ("heading", "title"):
        return "ok", cand.page, ""
    url = cand.url
    if not site.internal(url):
        drive = external_drive_name(url)
        if _external_ok(item, url):
            return "external_ok", None, drive or ""
        return ("external_drive", None, drive) if drive else ("external", None, "")
    res = site.by_url.get(url)
    if res is None:
        return "not_checked", None, "ลึกเกินกำหนด"
    err = res.error
    if err is None and res.ok:
        if res.is_file and res.empty:
            return "empty", res, ""
        if res.is_file and res.truncated:
            return "too_big", res, ""
        return "ok", res, ""
    if err == "robots":
        return "robots", res, ""
    if err == "not_fetched":
        return "not_checked", res, res.error_detail
    if err == "blocked_address":
        return "not_checked", res, res.error_detail
    if err == "timeout":
        return "slow", res, f"{timeout:g}"
    if err == "redirect_offsite":
        drive = external_drive_name(res.error_detail)
        if _external_ok(item, res.error_detail):
            return "external_ok", res, drive or ""
        return ("external_drive", res, drive) if drive else ("external", res, res.error_detail)
    return "broken", res, res.error_detail or (f"HTTP {res.status}" if res.status else "")


def _attachments(site: _Site, page: Resource, cand: Candidate, item_cands: set[str]) -> list[Resource]:
    """Files linked from the evidence page that belong to this item."""
    links = [ln for ln in page.links if site.internal(ln.url) and file_extension(ln.url)]
    if cand.kind == "heading":
        links = [ln for ln in links if ln.heading == cand.heading]
    elif len({ln.url for ln in links}) > 15:
        links = [ln for ln in links if ln.url in item_cands]
    out, seen = [], set()
    for ln in links:
        res = site.by_url.get(ln.url)
        if res is not None and ln.url not in seen:
            seen.add(ln.url)
            out.append(res)
    return out[:20]


def _freshness(period: str, fy: int, years: set[int]) -> tuple[bool | None, str, str]:
    """(fresh, reason, fix) for a period rule; fresh None when the text names no year."""
    if period == "any":
        return True, "", ""
    wanted = {"current": {fy}, "previous": {fy - 1}, "current_or_previous": {fy, fy - 1}}[period]
    shown = ", ".join(str(y) for y in sorted(years)[-6:])
    if years & wanted:
        return True, "", ""
    if not years:
        want_text = " หรือ ".join(str(y) for y in sorted(wanted))
        return (
            None,
            f"ไม่พบการระบุปีงบประมาณ พ.ศ. {want_text} ในชื่อหรือเนื้อหา",
            f"ระบุปีงบประมาณ พ.ศ. {want_text} ในชื่อเรื่องหรือเนื้อหาของเอกสาร",
        )
    if period == "previous":
        return (
            False,
            f"ข้อนี้เป็นรายงานของปีงบประมาณ พ.ศ. {fy - 1} (ปีก่อนหน้า) แต่เอกสารระบุปี {shown}",
            f"เผยแพร่รายงานประจำปีงบประมาณ พ.ศ. {fy - 1}",
        )
    return (
        False,
        f"เอกสารระบุปี {shown} แต่ไม่พบปีงบประมาณ พ.ศ. {fy} (ข้อมูลไม่เป็นปัจจุบัน)",
        f"เผยแพร่ฉบับของปีงบประมาณ พ.ศ. {fy}",
    )


def _haystack(site: _Site, target: _Target, attachments: list[Resource]) -> tuple[str, str, int]:
    """(evidence text, extra text for parts such as link URLs, image count)."""
    cand, res = target.cand, target.resource
    pieces = [cand.anchor]
    extra: list[str] = []
    images = 0
    if cand.kind == "heading" and cand.page is not None:
        for heading, text in cand.page.sections:
            if heading == cand.heading:
                pieces.append(text)
                break
        extra += [ln.url for ln in cand.page.links if ln.heading == cand.heading]
        images = cand.page.images
    elif res is not None and res.is_page:
        pieces.append(site.main_text(res))
        extra += [ln.url for ln in res.links]
        images = res.images
    elif res is not None:
        pieces.append(res.text)
    for a in attachments:
        if a.text:
            pieces.append(a.text)
    return "\n".join(p for p in pieces if p), " ".join(extra), images


def _assess(
    site: _Site, cand: Candidate, score: float, item: ItemRequirement, fy: int, config: CrawlConfig, item_urls: set[str]
) -> _Target:
    status, res, detail = _status(site, cand, item, config.timeout)
    t = _Target(cand=cand, score=score, status=status, resource=res)
    url = cand.url
    if status == "broken":
        t.problems.append((f"ลิงก์ {url} เปิดไม่ได้ ({detail})", "แก้ลิงก์ให้ชี้ไปยังหน้าหรือไฟล์ที่มีอยู่จริงบนเว็บไซต์หลัก"))
    elif status == "empty":
        t.problems.append((f"ไฟล์ {url} ว่างเปล่า (0 ไบต์)", "อัปโหลดไฟล์ที่มีเนื้อหาแทนไฟล์ว่าง"))
    elif status == "external_drive":
        where = res.error_detail if res is not None and res.error == "redirect_offsite" else url
        t.problems.append(
            (f"หลักฐานอยู่บน {detail} ({where}) ไม่ใช่เว็บไซต์หลักของหน่วยงาน",
             "อัปโหลดไฟล์ไว้บนเว็บไซต์หลัก แล้วลิงก์จากหน้าของข้อนี้")
        )
    elif status == "external":
        t.problems.append(
            (f"ลิงก์ไปยังเว็บไซต์อื่น ({url}) ไม่ใช่เว็บไซต์หลักของหน่วยงาน", "เผยแพร่ข้อมูลนี้บนเว็บไซต์หลักของหน่วยงาน")
        )
    elif status == "slow":
        t.problems.append(
            (f"{url} ตอบช้าเกิน {detail} วินาที ผู้ประเมินอาจเปิดไม่ได้", "ตรวจความเร็วของเครื่องแม่ข่ายหรือลดขนาดหน้าเว็บ/ไฟล์")
        )
    elif status == "too_big":
        size = (res.declared_length if res and res.declared_length else None) or (res.bytes_read if res else 0)
        limit = min(config.max_bytes, config.max_text_bytes) if res and res.text_note else config.max_bytes
        t.problems.append(
            (f"ไฟล์ {url} ใหญ่เกิน {limit / 1e6:,.1f} MB" + (f" ({size / 1e6:,.1f} MB)" if size > limit else "")
             + " จึงตรวจเนื้อหาไม่ได้",
             "ลดขนาดไฟล์ (เช่น บีบอัด PDF หรือแยกเป็นหลายไฟล์) ให้ผู้ประเมินเปิดได้รวดเร็ว")
        )
    elif status == "robots":
        t.problems.append(
            (f"robots.txt ของเว็บไซต์ห้ามโปรแกรมตรวจเปิด {url} จึงตรวจไม่ได้", "ตรวจด้วยตนเอง หรืออนุญาตเส้นทางนี้ใน robots.txt")
        )
    elif status == "not_checked":
        why = {"max_pages": "เกินจำนวนหน้าสูงสุด", "max_files": "เกินจำนวนไฟล์สูงสุด", "max_seconds": "เกินเวลาที่กำหนด"}
        t.problems.append(
            (f"ไม่ได้เปิดตรวจ {url} ({why.get(detail, detail or 'อยู่ลึกเกินกำหนด')})",
             "ตรวจด้วยตนเอง หรือเพิ่มจำนวนหน้าที่ตรวจ (--max-pages)")
        )
    if status not in ("ok", "external_ok"):
        return t
    if res is not None and res.redirects:
        first = res.redirects[0]
        t.notes.append(f"ลิงก์เปลี่ยนเส้นทาง (HTTP {first[1]}) ไปยัง {res.final_url}")
    attachments = _attachments(site, res, cand, item_urls) if res is not None and res.is_page else []
    for a in attachments:
        if a.error is not None and a.error not in ("robots", "not_fetched"):
            t.problems.append((f"ไฟล์ประกอบ {a.url} เปิดไม่ได้ ({a.error_detail or a.error})", "แก้ลิงก์ไฟล์ประกอบให้เปิดได้"))
        elif a.empty:
            t.problems.append((f"ไฟล์ประกอบ {a.url} ว่างเปล่า", "อัปโหลดไฟล์ที่มีเนื้อหา"))
    text, extra, images = _haystack(site, t, attachments)
    t.text = text
    if status == "external_ok":
        t.fresh = True
        for p in item.parts:
            t.parts[p.id] = None
        t.notes.append(f"ลิงก์จากเว็บไซต์หลักไปยังระบบหรือเพจภายนอก ({url}) ซึ่งข้อนี้ยอมรับได้")
        return t
    t.years = fiscal_years_mentioned(text)
    fresh, reason, fix = _freshness(item.period, fy, t.years)
    t.fresh = fresh
    if fresh is not True:
        t.problems.append((reason, fix))
    evidence_len = len(text) - len(cand.anchor)
    if res is not None and res.is_file and not res.text and res.text_note:
        t.notes.append(f"อ่านข้อความในไฟล์ไม่ได้: {res.text_note}")
    hay = normalise_title(text + " " + extra)
    missing = []
    for p in item.parts:
        if p.detect == "manual":
            t.parts[p.id] = None
        elif p.detect == "image":
            t.parts[p.id] = images > 0 if res is not None and res.is_page else None
            if t.parts[p.id] is False:
                missing.append(p)
        elif evidence_len < MIN_TEXT_FOR_PARTS:
            t.parts[p.id] = None
        else:
            t.parts[p.id] = any(k in hay for k in normalised(tuple(p.keywords)))
            if not t.parts[p.id]:
                missing.append(p)
    if missing:
        names = ", ".join(p.name_th for p in missing)
        t.problems.append((f"ไม่พบส่วนประกอบที่ข้อนี้กำหนด: {names}", f"เพิ่ม {names} ในเอกสารหรือหน้าเว็บของข้อนี้"))
    unchecked = [p.name_th for p in item.parts if t.parts.get(p.id) is None and p.detect != "manual"]
    if unchecked:
        t.notes.append("ตรวจส่วนประกอบจากข้อความไม่ได้: " + ", ".join(unchecked) + " (ให้ตรวจด้วยตนเอง)")
    return t


def _rank(t: _Target) -> tuple:
    fresh_rank = {True: 0, None: 1, False: 2}[t.fresh]
    return (
        _STATUS_RANK[t.status],
        fresh_rank,
        sum(1 for v in t.parts.values() if v is False),
        len(t.problems),
        _KIND_RANK[t.cand.kind],
        -t.score,
    )


_CODE_LABEL = re.compile(r"^\s*[oO]\s*0*(\d{1,3})(?!\d)")


def evaluate(
    crawl_result: CrawlResult,
    framework: Framework,
    *,
    requirements: Requirements | None = None,
    checked_at: datetime | None = None,
) -> SiteReport:
    """Judge every OIT item of `framework` against a finished crawl (no network)."""
    reqs = requirements or load_requirements()
    items = resolve_items(framework, reqs)
    fy = framework.fiscal_year
    site = _Site(crawl_result)
    config = crawl_result.config

    # 1. score every candidate for every titled item
    per_item: dict[str, list[tuple[float, int, Candidate]]] = {}
    best_for: dict[int, float] = {}
    contained: dict[int, list[str]] = {}
    title_cores = {it.code: core(it.title_th) if it.title_th else "" for it in items}
    for it in items:
        if not it.title_th:
            continue
        matcher = _Matcher.of(it, reqs.topics.get(it.topic) if it.topic else None)
        scored = matcher.score_all(site)
        for s, _, cand in scored:
            key = id(cand)
            best_for[key] = max(best_for.get(key, 0.0), s)
            if s == 1.0:
                contained.setdefault(key, []).append(title_cores[it.code])
        per_item[it.code] = scored

    # 2. a candidate goes to the item(s) it fits best; a contained title gives way to a longer one contained too
    def keep(code: str, s: float, cand: Candidate) -> bool:
        key = id(cand)
        if s < best_for.get(key, 0.0) - 1e-9:
            return False
        if s == 1.0:
            mine = title_cores[code]
            return not any(other != mine and mine in other for other in contained.get(key, []))
        return True

    results: list[ItemResult] = []
    for it in items:
        part_names = {p.id: p.name_th for p in it.parts}
        if not it.title_th:
            results.append(_unknown_title(it, site, part_names))
            continue
        mine = [(s, r, c) for s, r, c in per_item[it.code] if keep(it.code, s, c)]
        mine.sort(key=lambda x: (-x[0], -x[1], _KIND_RANK[x[2].kind]))
        mine = mine[:40]
        item_urls = {c.url for _, _, c in mine}
        targets = [_assess(site, c, s, it, fy, config, item_urls) for s, _, c in mine]
        results.append(_verdict(it, site, targets, part_names))

    return _report(crawl_result, framework, site, results, checked_at)


def _unknown_title(it: ItemRequirement, site: _Site, part_names: dict[str, str]) -> ItemResult:
    number = re.sub(r"\D", "", it.code)
    labelled = []
    for cand in site.candidates:
        if cand.kind == "link":
            m = _CODE_LABEL.match(cand.label)
            if m and m.group(1) == number:
                labelled.append(cand)
    reasons = [
        f"ยังไม่ทราบชื่อข้อ {it.code.upper()} ของปีนี้จากคู่มือทางการ จึงค้นหาอัตโนมัติไม่ได้",
    ]
    if labelled:
        reasons.append("พบลิงก์ที่ติดรหัสข้อนี้: " + "; ".join(f"“{c.label}” ({c.url})" for c in labelled[:3]))
    return ItemResult(
        code=it.code,
        title=UNKNOWN_TITLE_TH,
        verdict="doubtful",
        urls=list(dict.fromkeys(c.url for c in labelled))[:MAX_URLS],
        reasons=reasons,
        fixes=["ตรวจชื่อข้อกับคู่มือการประเมิน ITA ของปีนี้ แล้วตรวจหน้าเว็บด้วยตนเอง (หรือเพิ่มชื่อข้อในไฟล์กรอบการประเมิน)"],
        part_names=part_names,
        confidence=it.confidence,
    )


def _verdict(it: ItemRequirement, site: _Site, targets: list[_Target], part_names: dict[str, str]) -> ItemResult:
    title = it.title_th or UNKNOWN_TITLE_TH
    base = {"code": it.code, "title": title, "part_names": part_names, "topic": it.topic, "confidence": it.confidence}
    if not targets:
        n_pages, n_files = len(site.crawl.pages), len(site.crawl.files)
        return ItemResult(
            **base,
            verdict="missing",
            reasons=[f"ไม่พบลิงก์ หัวข้อ หรือไฟล์ที่ชื่อตรงกับข้อนี้บนเว็บไซต์หลัก (ตรวจ {n_pages} หน้า {n_files} ไฟล์)"],
            fixes=[f"เผยแพร่ “{title}” บนเว็บไซต์หลัก และตั้งชื่อลิงก์หรือหัวข้อให้ตรงกับชื่อข้อ"],
            parts={p: None for p in part_names},
        )
    targets.sort(key=_rank)
    best = targets[0]
    first = []
    if best.status in ("ok", "external_ok") and best.resource is not None and best.resource.final_url:
        first = [best.resource.final_url]
    urls = list(dict.fromkeys([*first, *(t.cand.url for t in targets)]))[:MAX_URLS]
    if best.status in ("ok", "external_ok") and not best.problems:
        verdict: Verdict = "found"
    elif best.status in ("broken", "empty"):
        verdict = "missing"
    else:
        verdict = "doubtful"
    reasons: list[str] = []
    fixes: list[str] = []
    if verdict == "found":
        reasons.append(f"พบที่ {best.cand.url} (“{_short(best.cand.step or best.cand.label)}”)")
        if best.years and it.period != "any":
            reasons.append("ระบุปี " + ", ".join(str(y) for y in sorted(best.years)[-4:]))
    elif verdict == "missing":
        reasons.append("พบเฉพาะลิงก์ที่เปิดไม่ได้หรือไฟล์ว่าง ผู้ประเมินจะเห็นว่าไม่มีข้อมูล")
    else:
        reasons.append(f"พบ “{_short(best.cand.step or best.cand.label)}” ({best.cand.url}) แต่มีข้อสงสัย")
    for reason, fix in best.problems:
        reasons.append(reason)
        if fix and fix not in fixes:
            fixes.append(fix)
    reasons += best.notes
    others = {t.cand.url for t in targets} - {best.cand.url, *first}
    if others and verdict != "found":
        reasons.append(f"มีลิงก์ที่อาจเกี่ยวข้องอีก {len(others)} แห่ง: " + ", ".join(sorted(others)[:3]))
    if it.confidence in ("low", "unknown"):
        reasons.append(f"ชื่อข้อ {it.code.upper()} ของปีนี้ยังไม่ยืนยันจากคู่มือทางการ")
    if best.cand.kind == "link" and best.cand.link is not None:
        how = [*site.path_to(best.cand.link.source), best.cand.step]
    else:
        how = [*site.path_to(best.cand.url)]
        if best.cand.kind == "heading":
            how.append(best.cand.heading)
    return ItemResult(
        **base,
        verdict=verdict,
        urls=urls,
        reasons=reasons,
        fixes=fixes,
        parts=dict(best.parts) or {p: None for p in part_names},
        years=sorted(best.years),
        how_to_find=_dedupe_steps(how),
    )


def _dedupe_steps(steps: list[str]) -> list[str]:
    out: list[str] = []
    for s in steps:
        s = _short(s, 100)
        if s and (not out or out[-1] != s):
            out.append(s)
    return out


def _short(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _report(
    crawl_result: CrawlResult, framework: Framework, site: _Site, results: list[ItemResult], checked_at: datetime | None
) -> SiteReport:
    resources = list(crawl_result.resources.values())
    # by URL: the crawl's order depends on which response came first, the report must not
    broken = sorted(
        (r for r in resources if r.error in ("http", "connect", "timeout", "redirect_loop", "too_many_redirects",
                                              "invalid")),
        key=lambda r: r.url,
    )
    times = [r.elapsed_ms for r in resources if r.elapsed_ms is not None and r.status is not None]
    home = crawl_result.home
    response_times: dict[str, Any] = {"count": len(times)}
    if times:
        ordered = sorted(times)
        response_times.update(
            mean_ms=round(statistics.fmean(times), 1),
            median_ms=round(statistics.median(times), 1),
            p90_ms=round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
            max_ms=round(ordered[-1], 1),
        )
    response_times["home_ms"] = home.elapsed_ms if home is not None else None
    slowest = sorted((r for r in resources if r.elapsed_ms is not None), key=lambda r: -(r.elapsed_ms or 0))[:5]
    response_times["slowest"] = [
        {"url": r.url, "ms": r.elapsed_ms, "status": r.status, "error": r.error} for r in slowest
    ]
    redirects = []
    for r in sorted(resources, key=lambda r: r.url):  # each chain in its order, the chains by URL
        for src, status, target in r.redirects:
            redirects.append({"from": src, "status": status, "to": target})
    drives = []
    seen: set[tuple[str, str]] = set()
    for link in crawl_result.external_links:
        name = link.drive
        if name and (link.url, link.source) not in seen:
            seen.add((link.url, link.source))
            drives.append({"url": link.url, "drive": name, "found_on": link.source, "text": link.text})
    notes = list(crawl_result.notes)
    technical = list(crawl_result.technical)
    if home is None or not home.ok:
        notes.insert(0, f"เปิดหน้าหลักไม่ได้: {_home_problem(crawl_result, home)} จึงตรวจเว็บไซต์ไม่ได้")
        if home is not None and home.error_technical:
            technical.insert(0, f"{home.url}: {home.error_technical}")
    if crawl_result.robots_note and not crawl_result.site_error:  # an unreachable site is said once, above
        notes.append(crawl_result.robots_note)
    return SiteReport(
        site=crawl_result.site or crawl_result.start_url,
        start_url=crawl_result.start_url,
        fiscal_year=framework.fiscal_year,
        https=crawl_result.https,
        https_note=crawl_result.https_note,
        items=results,
        broken_links=list(dict.fromkeys(r.url for r in broken)),
        broken_detail=[
            {"url": r.url, "status": r.status, "error": r.error, "detail": r.error_detail, "found_on": r.via,
             "technical": r.error_technical}
            for r in broken
        ],
        external_drive_links=drives,
        redirects=redirects,
        response_times=response_times,
        robots={
            "note": crawl_result.robots_note,
            "blocked": list(crawl_result.robots_blocked),
            "crawl_delay": crawl_result.robots_delay,
        },
        pages_crawled=len(crawl_result.pages),
        files_checked=len([r for r in crawl_result.files if r.status is not None]),
        not_fetched=len(crawl_result.not_fetched),
        checked_at=checked_at or datetime.now(UTC),
        seconds=crawl_result.seconds,
        notes=notes,
        technical=technical,
    )


def _home_problem(crawl_result: CrawlResult, home: Resource | None) -> str:
    """Why the home page could not be read, in plain Thai (the network error's own text goes to ``technical``)."""
    if crawl_result.site_error:  # robots.txt was not even answered: the site itself is unreachable
        return crawl_result.site_error
    if home is None:
        return "ยังไม่ได้เปิด"
    if home.error == "robots":
        return "robots.txt ของเว็บไซต์ไม่อนุญาตให้เปิดหน้าหลัก หรืออ่าน robots.txt ไม่ได้"
    if home.error == "http" and home.status:
        return f"เว็บไซต์ตอบรหัส HTTP {home.status}"
    return home.error_detail or "เปิดไม่ได้"


# --- running a check ---------------------------------------------------------------------------------------


def crawl_hints(framework: Framework, requirements: Requirements | None = None) -> tuple[str, ...]:
    """Words that make a link worth fetching first: the cores of the year's item titles and their find phrases."""
    words: set[str] = set()
    for it in resolve_items(framework, requirements):
        if it.title_th:
            words.add(core(it.title_th))
        words.update(core(f) for f in it.find)
    return tuple(sorted(w for w in words if len(w) >= 4))


def _framework(fiscal_year: int | Framework) -> Framework:
    return fiscal_year if isinstance(fiscal_year, Framework) else shared_registry().get(fiscal_year)


async def check_site(
    url: str,
    fiscal_year: int | Framework,
    *,
    config: CrawlConfig | None = None,
    requirements: Requirements | None = None,
    transport: Any = None,
) -> SiteReport:
    """Crawl the agency's main website and judge every OIT item of the fiscal year (B.E.) or framework."""
    framework = _framework(fiscal_year)
    config = replace(config or CrawlConfig(), hints=crawl_hints(framework, requirements))
    result = await crawl(url, config, transport=transport)
    return evaluate(result, framework, requirements=requirements)


def check_site_sync(url: str, fiscal_year: int | Framework, **kwargs: Any) -> SiteReport:
    """`check_site` for code that is not async (the CLI, a background task)."""
    return run_sync(check_site(url, fiscal_year, **kwargs))


__all__ = [
    "VERDICT_TH",
    "ItemResult",
    "SiteReport",
    "check_site",
    "check_site_sync",
    "core",
    "crawl_hints",
    "evaluate",
]
