"""The checker's fast matching (`_Matcher.score_all`: cached matchers, a character bound before the fuzzy ratio)
gives the same scores and the same reports as the straightforward matching it replaced, kept here as the reference.

Fixture sites of every fiscal year (with generic "ดาวน์โหลด" links, external pages, Google Drive, stale, missing and
broken items) are crawled once; then every item × candidate is scored both ways, with near-miss candidates added
(titles cut, with a letter dropped or changed, inside longer texts, two titles mixed), and every site's whole report
(verdicts, URLs, reasons, parts, years, how to find) is compared with one judged by the reference matcher.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from fixture_sites import NORMAL_TIMEOUT, build_site
from hypothesis import given, settings
from hypothesis import strategies as st
from netguard import LoopbackTransport
from rapidfuzz import fuzz

from prongsai.core.advice import normalise_title
from prongsai.core.oit import checker
from prongsai.core.oit.checker import THRESHOLD, Candidate, core
from prongsai.core.oit.crawler import CrawlConfig, crawl, run_sync
from prongsai.core.oit.requirements import load_requirements, resolve_items

# modes that change how an item is found, none that waits for a timeout or downloads 60 MB
MODES = (
    "generic_link",
    "missing",
    "stale",
    "broken",
    "drive",
    "redirect",
    "parts_missing",
    "facebook_page",
    "google_form",
    "external_site",
    "empty_file",
    "no_year",
    "tis620",
    "broken_html",
    "pdf",
)
_CRAWLS: dict[int, object] = {}


# --- the reference: the matching as it was, one candidate at a time ------------------------------------------


@dataclass
class ReferenceMatcher:
    title_core: str
    find_cores: list[str]
    groups: list[list[str]]
    exclude: list[str]
    url_hosts: list[str]

    @classmethod
    def of(cls, item, topic) -> ReferenceMatcher:
        return cls(
            title_core=core(item.title_th) if item.title_th else "",
            find_cores=[c for c in (core(f) for f in item.find) if c],
            groups=[[normalise_title(k) for k in g] for g in topic.title.match] if topic is not None else [],
            exclude=[normalise_title(x) for x in topic.title.exclude] if topic is not None else [],
            url_hosts=list(item.url_hosts),
        )

    def score(self, cand: Candidate) -> tuple[float, int]:
        text = cand.match_core
        title = self.title_core
        best = 0.0
        if title and title in text:
            best = 1.0
        if best < 0.9 and any(f in text for f in self.find_cores):
            best = 0.9
        if best < 0.85 and self.url_hosts and cand.link is not None:
            host = cand.link.host
            if any(host == h or host.endswith("." + h) for h in self.url_hosts):
                best = 0.85
        if best < 0.85 and self.groups:
            norm = cand.match_norm
            if not any(x in norm for x in self.exclude):
                matched = max((sum(map(len, g)) for g in self.groups if all(k in norm for k in g)), default=-1)
                if matched >= 0:
                    best = max(best, 0.7 + min(0.14, matched * 0.01))
        ratio = 0
        if best < 1.0 and title and len(title) >= 8 and len(text) >= 0.6 * len(title):
            ratio = int(fuzz.partial_ratio(title, text, score_cutoff=85))
            if ratio >= 85:
                best = max(best, 0.6 + (ratio - 85) / 15 * 0.25)
        elif best == 1.0:
            ratio = 100
        return best, ratio

    def score_all(self, site) -> list[tuple[float, int, Candidate]]:
        out = []
        for cand in site.candidates:
            s, ratio = self.score(cand)
            if s >= THRESHOLD:
                out.append((s, ratio, cand))
        return out


# --- the sites ---------------------------------------------------------------------------------------------


def _modes(framework, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    codes = [it.code for _, it in framework.oit.items() if it.title_th]
    changed = rng.sample(codes, k=max(1, len(codes) // 3))
    return {code: MODES[(seed + n) % len(MODES)] for n, code in enumerate(changed)}


@pytest.fixture
def crawled(frameworks, serve, network_guard):
    """crawled(fy) → the crawl of that year's fixture site (crawled once for the module's tests)."""

    def get(fy: int):
        if fy not in _CRAWLS:
            framework = frameworks.get(fy)
            server = serve(build_site(framework, _modes(framework, fy)))
            config = replace(
                CrawlConfig(allow_private=True, timeout=NORMAL_TIMEOUT), hints=checker.crawl_hints(framework)
            )
            _CRAWLS[fy] = run_sync(crawl(server.url, config, transport=LoopbackTransport(network_guard)))
        return _CRAWLS[fy]

    return get


def _near_misses(items, reqs, seed: int) -> list[Candidate]:
    """Candidates a real website has and the fixture sites lack: texts close to, but not containing, a title, alone
    and with a find phrase or a topic's keywords (so that the fuzzy ratio also decides between candidates that fit
    by another rule)."""
    rng = random.Random(seed)
    titled = [it for it in items if it.title_th]
    titles = [it.title_th for it in titled]
    labels = []
    for n, (it, title) in enumerate(zip(titled, titles, strict=True)):
        other = titles[(n + 1) % len(titles)]
        k = len(title)
        topic = reqs.topics.get(it.topic) if it.topic else None
        extras = [*it.find[:1], *(" ".join(g) for g in (topic.title.match[:1] if topic else []))]
        for extra in extras:
            labels += [f"{extra} {title[: int(k * 0.85)]}", f"{title[:-2]} {extra}", extra + title[1:]]
        at = [max(1, k // 3), k // 2, max(1, 2 * k // 3)]
        labels += [title[:i] + title[i + 1 :] for i in at]  # a letter dropped
        labels += [title[:i] + "ก" + title[i + 1 :] for i in at]  # a letter changed
        labels += [title[: int(k * f)] for f in (0.6, 0.7, 0.8, 0.9)]  # cut
        labels += [title[k // 5 :], title[::-1], " ".join(reversed(title.split()))]
        labels += [f"ประกาศ {title[:-3]} ฉบับปรับปรุง", title[: k // 2] + other[len(other) // 2 :]]
        chars = list(title)
        rng.shuffle(chars)
        labels.append("".join(chars))
        labels.append("".join(rng.choice(title) for _ in range(k)))
    out = []
    for label in labels:
        c = core(label)
        if len(c) >= 2:
            out.append(
                Candidate(
                    url="http://127.0.0.1/x",
                    label=label,
                    match_core=c,
                    match_norm=normalise_title(label),
                    kind="heading",
                )
            )
    return out


YEARS = (2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570)


@pytest.mark.parametrize("fy", YEARS)
def test_every_candidate_scores_as_the_reference(crawled, frameworks, fy):
    framework = frameworks.get(fy)
    reqs = load_requirements()
    items = resolve_items(framework, reqs)
    site = checker._Site(crawled(fy))
    assert len(site.candidates) > 30
    site.candidates += _near_misses(items, reqs, fy)
    fuzzy_only = fuzzy_tiebreak = skipped = 0
    for it in items:
        topic = reqs.topics.get(it.topic) if it.topic else None
        reference = ReferenceMatcher.of(it, topic)
        expected = {id(c): (s, r) for s, r, c in reference.score_all(site)}
        got = {id(c): (s, r) for s, r, c in checker._Matcher.of(it, topic).score_all(site)}
        assert got == expected, it.code
        for s, ratio in expected.values():
            fuzzy_only += s < 0.85 and ratio >= 85 and s == 0.6 + (ratio - 85) / 15 * 0.25
            fuzzy_tiebreak += 85 <= ratio < 100
        if reference.title_core and len(reference.title_core) >= 8:
            bounds = site.fuzzy_bounds(reference.title_core)
            skipped += sum(b < 85 for b in bounds)
    # the near misses do reach the fuzzy rule, alone and as a tie-break; most candidates are never compared
    assert fuzzy_only > 0 and fuzzy_tiebreak > 0 and skipped > 0


@pytest.mark.parametrize("fy", YEARS)
def test_reports_equal_the_reference(crawled, frameworks, monkeypatch, fy):
    framework = frameworks.get(fy)
    crawl_result = crawled(fy)
    when = datetime(2026, 12, 8, tzinfo=UTC)
    fast = checker.evaluate(crawl_result, framework, checked_at=when).to_json_dict()
    monkeypatch.setattr(checker._Matcher, "of", classmethod(lambda cls, item, topic: ReferenceMatcher.of(item, topic)))
    reference = checker.evaluate(crawl_result, framework, checked_at=when).to_json_dict()
    assert fast == reference
    verdicts = {i["verdict"] for i in fast["items"]}
    assert "found" in verdicts and len(verdicts) > 1


_TEXT = st.text(alphabet="กขคงาิ่ abc", max_size=40)


@settings(max_examples=400, deadline=None)
@given(title=st.text(alphabet="กขคงาิ่ abc", min_size=1, max_size=40), texts=st.lists(_TEXT, max_size=6))
def test_the_character_bound_is_never_below_the_ratio(title, texts):
    bounds = checker._CharCounts(texts).ratio_bounds(title)
    assert len(bounds) == len(texts)
    for text, bound in zip(texts, bounds, strict=True):
        assert fuzz.partial_ratio(title, text) <= bound + 1e-9, (title, text)


class _Candidates:
    """Just what `score_all` reads of a site."""

    def __init__(self, texts: list[str]) -> None:
        self.candidates = [
            Candidate(url="http://127.0.0.1/x", label=t, match_core=t, match_norm=t, kind="heading") for t in texts
        ]
        self._chars = checker._CharCounts(texts)

    def fuzzy_bounds(self, title: str) -> list[float]:
        return self._chars.ratio_bounds(title)


def _both(title: str, find: list[str], groups: list[list[str]], texts: list[str]):
    site = _Candidates(texts)
    rules = {"title_core": title, "find_cores": find, "groups": groups, "exclude": [], "url_hosts": []}
    fast = [(s, r, c.match_core) for s, r, c in checker._Matcher(**rules).score_all(site)]
    reference = [(s, r, c.match_core) for s, r, c in ReferenceMatcher(**rules).score_all(site)]
    return fast, reference


def test_a_ratio_just_over_the_cut_off_is_kept():
    # the text ends with 15 of the title's 20 letters: partial_ratio 2·15/35 = 85.7, and the character bound is
    # exactly that; the find phrase makes it a candidate, the ratio orders it
    title = "กขคงจฉชซฌญฎฏฐฑฒณดตถท"
    fast, reference = _both(title, ["xyzw"], [], ["xyzwv" + title[:15], "xyzwv" + title[:14]])
    assert fast == reference == [(0.9, 85, "xyzwv" + title[:15]), (0.9, 0, "xyzwv" + title[:14])]
    fast, reference = _both(title, [], [], [title[:1] + title[2:], title[:17] + "ก" + title[18:], title[:16]])
    assert fast == reference and [r for _, r, _ in fast] == [97, 95, 100]  # by the fuzzy ratio alone


_LETTERS = "กขคงจาิ"


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(alphabet=_LETTERS, min_size=1, max_size=24),
    find=st.lists(st.text(alphabet=_LETTERS, min_size=2, max_size=4), max_size=2),
    groups=st.lists(st.lists(st.text(alphabet=_LETTERS, min_size=1, max_size=3), min_size=1, max_size=2), max_size=2),
    texts=st.lists(st.text(alphabet=_LETTERS + "x", min_size=2, max_size=30), min_size=1, max_size=8),
)
def test_random_rules_score_as_the_reference(title, find, groups, texts):
    fast, reference = _both(title, find, groups, texts)
    assert fast == reference
