"""The curated Thai lexicon (lexicon.yaml) and the misspelling matcher built on it.

Matching works on the text with all whitespace removed (PDF extraction breaks Thai words with
spaces and line breaks), then maps every hit back to offsets in the normalised text.

Approximate matching is seed-and-extend: a term allowed `k` edits is cut into `k + 1` pieces, one
of which must occur exactly (pigeonhole); around each piece the best window is compared with the
term by Levenshtein distance on code points (rapidfuzz without any processor: its
default_process strips Thai vowels and tone marks). A window counts only if it starts with the
term's first character and ends with its last one, which keeps valid longer words
(พัฒนาองค์ความรู้ against พัฒนาองค์กร) from matching by a cut-off tail.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import Literal

from rapidfuzz.distance import Levenshtein

from prongsai.core.datafiles import DataSet
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import normalise_text

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
Category = Literal["agency", "title", "term", "month", "word"]
Severity = Literal["error", "warning", "info"]
_CATEGORIES = ("agency", "title", "term", "month", "word")
# Thai combining marks: a window must not start on one, nor end just before one.
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_WS = re.compile(r"\s+")


class LexiconError(ProngsaiError):
    """The lexicon file is missing or malformed."""


LEXICON = DataSet(
    LexiconError,
    "พจนานุกรม",
    "lexicon",
    invalid_th="ไฟล์พจนานุกรมไม่ถูกต้อง",
    invalid_en="invalid lexicon file",
    max_bytes=2_000_000,
)


@dataclass(frozen=True)
class Term:
    term: str
    category: Category
    misspellings: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    max_distance: int = 0
    severity: Severity | None = None  # None: by category and place (see lexicon.yaml)


@dataclass(frozen=True)
class AgencyType:
    type: str
    anchor: str
    lead: str | None
    abbreviations: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[Term, ...]
    agency_types: tuple[AgencyType, ...]
    title_words: tuple[str, ...]
    honorifics: tuple[str, ...]
    name_boundaries: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    not_name_start: tuple[str, ...]
    self_after: tuple[str, ...]
    self_before: tuple[str, ...]
    institution_prefixes: tuple[str, ...] = ()
    institution_names: tuple[str, ...] = ()
    institution_stops: tuple[str, ...] = ()
    institution_not_names: tuple[str, ...] = ()
    institution_name_suffixes: tuple[str, ...] = ()
    not_assessed: tuple[str, ...] = ()
    legacy_levels: tuple[str, ...] = ()
    matcher: MisspellingMatcher = field(init=False, repr=False, compare=False)
    anchor_rx: re.Pattern[str] = field(init=False, repr=False, compare=False)  # agency types, group tN = type N
    lead_rx: tuple[re.Pattern[str] | None, ...] = field(init=False, repr=False, compare=False)
    anchor_start_rx: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    boundary_rx: re.Pattern[str] = field(init=False, repr=False, compare=False)
    suffix_rx: re.Pattern[str] = field(init=False, repr=False, compare=False)
    not_name_start_rx: re.Pattern[str] = field(init=False, repr=False, compare=False)
    person_rx: re.Pattern[str] = field(init=False, repr=False, compare=False)  # honorific + name + surname$

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", MisspellingMatcher(self.terms))
        anchors = "|".join(f"(?P<t{i}>{t.anchor})" for i, t in enumerate(self.agency_types))
        object.__setattr__(self, "anchor_rx", re.compile(anchors or r"(?!)"))
        # The literal start of every anchor, to find candidates fast (named groups slow a plain search).
        starts = {re.match(r"[^\\()\[\]?*+{}|.^$]*", t.anchor).group() for t in self.agency_types}  # type: ignore[union-attr]
        prefilter = "|".join(re.escape(x) for x in sorted(starts) if x) if all(starts) else ""
        object.__setattr__(self, "anchor_start_rx", re.compile(prefilter) if prefilter else None)
        object.__setattr__(self, "lead_rx", tuple(re.compile(t.lead) if t.lead else None for t in self.agency_types))
        object.__setattr__(self, "boundary_rx", re.compile(trie_pattern(list(self.name_boundaries)) or r"(?!)"))
        object.__setattr__(self, "suffix_rx", re.compile(trie_pattern(list(self.name_suffixes)) or r"(?!)"))
        object.__setattr__(self, "not_name_start_rx", re.compile(trie_pattern(list(self.not_name_start)) or r"(?!)"))
        honorifics = "|".join(re.escape(h) for h in sorted(self.honorifics, key=len, reverse=True)) or r"(?!)"
        thai = "\u0e01-\u0e4e"
        object.__setattr__(self, "person_rx", re.compile(rf"(?:{honorifics})\s?([{thai}]+\s[{thai}]+)\s?$"))


def _default_distance(term: str, category: str) -> int:
    if category == "word":
        return 0
    n = len(term)
    return 0 if n < 10 else 1 if n < 15 else 2


def _strings(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise LexiconError(f"พจนานุกรม: {where} ต้องเป็นรายการข้อความ", f"lexicon: {where} must be a list of strings")
    return tuple(normalise_text(x).strip() for x in raw)


def parse_lexicon(data: object, origin: str = "lexicon.yaml") -> Lexicon:
    """Validate the YAML data of a lexicon."""
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise LexiconError(f"พจนานุกรม {origin}: ต้องมีรายการ terms", f"lexicon {origin}: a list of terms is needed")
    terms = []
    for i, raw in enumerate(data["terms"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str):
            raise LexiconError(f"พจนานุกรม {origin}: terms[{i}] ต้องมี term", f"lexicon {origin}: terms[{i}] needs a term")
        term = normalise_text(raw["term"]).strip()
        category = raw.get("category", "term")
        if category not in _CATEGORIES:
            raise LexiconError(
                f"พจนานุกรม {origin}: {term}: category ต้องเป็น {', '.join(_CATEGORIES)}",
                f"lexicon {origin}: {term}: category must be one of {', '.join(_CATEGORIES)}",
            )
        k = raw.get("max_distance", _default_distance(term, category))
        if not isinstance(k, int) or not 0 <= k <= 3:
            raise LexiconError(
                f"พจนานุกรม {origin}: {term}: max_distance ต้องเป็น 0–3",
                f"lexicon {origin}: {term}: max_distance must be 0-3",
            )
        severity = raw.get("severity")
        if severity not in (None, "error", "warning", "info"):
            raise LexiconError(
                f"พจนานุกรม {origin}: {term}: severity ไม่ถูกต้อง", f"lexicon {origin}: {term}: bad severity"
            )
        terms.append(
            Term(
                term=term,
                category=category,
                misspellings=_strings(raw.get("misspellings"), f"{term}.misspellings"),
                allow=_strings(raw.get("allow"), f"{term}.allow"),
                max_distance=k,
                severity=severity,
            )
        )
    types = []
    for raw in data.get("agency_types") or []:
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or not isinstance(raw.get("anchor"), str):
            raise LexiconError(
                f"พจนานุกรม {origin}: agency_types ต้องมี type และ anchor",
                f"lexicon {origin}: agency_types need type and anchor",
            )
        try:
            re.compile(raw["anchor"])
            if raw.get("lead"):
                re.compile(raw["lead"])
        except re.error as exc:
            raise LexiconError(
                f"พจนานุกรม {origin}: {raw['type']}: รูปแบบไม่ถูกต้อง ({exc})", f"lexicon {origin}: bad pattern ({exc})"
            ) from None
        types.append(
            AgencyType(
                type=normalise_text(raw["type"]),
                anchor=raw["anchor"],
                lead=raw.get("lead"),
                abbreviations=_strings(raw.get("abbreviations"), f"{raw['type']}.abbreviations"),
            )
        )
    self_ref = data.get("self_reference") or {}
    inst = data.get("institutions") or {}
    if not isinstance(inst, dict):
        raise LexiconError(
            f"พจนานุกรม {origin}: institutions ต้องเป็นกลุ่มรายการ", f"lexicon {origin}: institutions must be a mapping"
        )
    return Lexicon(
        terms=tuple(terms),
        agency_types=tuple(types),
        title_words=_strings(data.get("title_words"), "title_words"),
        honorifics=_strings(data.get("honorifics"), "honorifics"),
        name_boundaries=_strings(data.get("name_boundaries"), "name_boundaries"),
        name_suffixes=_strings(data.get("name_suffixes"), "name_suffixes"),
        not_name_start=_strings(data.get("not_name_start"), "not_name_start"),
        self_after=_strings(self_ref.get("after"), "self_reference.after"),
        self_before=_strings(self_ref.get("before"), "self_reference.before"),
        institution_prefixes=_strings(inst.get("prefixes"), "institutions.prefixes"),
        institution_names=_strings(inst.get("names"), "institutions.names"),
        institution_stops=_strings(inst.get("stops"), "institutions.stops"),
        institution_not_names=_strings(inst.get("not_names"), "institutions.not_names"),
        institution_name_suffixes=_strings(inst.get("name_suffixes"), "institutions.name_suffixes"),
        not_assessed=_strings(inst.get("not_assessed"), "institutions.not_assessed"),
        legacy_levels=_strings(data.get("legacy_levels"), "legacy_levels"),
    )


def load_lexicon_file(path: Path | str) -> Lexicon:
    return parse_lexicon(LEXICON.read(path), str(path))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The built-in lexicon (cached)."""
    return load_lexicon_file(LEXICON_PATH)


# --- matching ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpellingHit:
    start: int  # offsets in the normalised text
    end: int
    found: str  # as written (normalised), whitespace included
    term: Term
    distance: int
    known: bool  # one of the term's listed misspellings


def trie_pattern(words: set[str] | list[str]) -> str:
    """A regular expression matching any of `words`, factored as a trie (much faster than a|b|c).

    With several words sharing a start, the longest one present matches (greedy).
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        if ends:
            body = (f"(?:{body})" if len(alts) == 1 else body) + "?"
        return body

    return build(trie)


def _edits_inside(term: str, found: str) -> bool:
    """Whether the differences lie inside: at least two code points agree at each end.

    An edit at the very edge cannot be told from the neighbouring word in unspaced Thai
    (ทั่วไป งบประมาณ → …ปงบประมาณ against ปีงบประมาณ).
    """
    return found[:2] == term[:2] and found[-2:] == term[-2:]


class CompactText:
    """A text with whitespace removed, and the way back to the original offsets."""

    __slots__ = ("_compact_starts", "_original_starts", "compact", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.compact = _WS.sub("", text)
        self._compact_starts: list[int] | None = None
        self._original_starts: list[int] = []

    def _index(self) -> None:
        chunks = _WS.split(self.text)
        spaces = [*map(len, _WS.findall(self.text)), 0]
        self._compact_starts = [0, *accumulate(map(len, chunks))][:-1]
        self._original_starts = [0, *accumulate(map(add, map(len, chunks), spaces))][:-1]

    def original(self, index: int, *, end: bool = False) -> int:
        """Offset in the text of compact index `index` (`end`: just after the character before it)."""
        if self._compact_starts is None:
            self._index()
        assert self._compact_starts is not None
        if end:
            return 0 if index <= 0 else self.original(index - 1) + 1
        j = bisect.bisect_right(self._compact_starts, index) - 1
        # Empty chunks (text starting with whitespace) share a compact start: take the last.
        return self._original_starts[j] + index - self._compact_starts[j]


class MisspellingMatcher:
    """Finds misspelt lexicon terms in a text."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self._pieces: dict[str, list[tuple[int, int]]] = {}
        self._known: dict[str, list[int]] = {}
        self._valid: set[str] = set()
        for idx, t in enumerate(terms):
            self._valid.add(t.term)
            self._valid.update(t.allow)
            k = t.max_distance
            for wrong in t.misspellings:
                if not self._approx_finds(t.term, wrong, k):
                    self._known.setdefault(wrong, []).append(idx)
            if k == 0:
                continue
            for offset, piece in self._cut(t.term, k):
                self._pieces.setdefault(piece, []).append((idx, offset))
        needles = set(self._pieces) | set(self._known)
        # For each needle the regular expression can match: what to do for it and for every needle
        # that is its prefix (they match wherever it does): (term index, offset of the needle in the
        # term, the term, length of the listed misspelling or 0 for a seed piece).
        self._actions: dict[str, tuple[tuple[int, int, str, int], ...]] = {}
        for n in needles:
            acts = []
            for m in (m for m in needles if n.startswith(m)):
                acts += [(idx, 0, terms[idx].term, len(m)) for idx in self._known.get(m, ())]
                acts += [(idx, offset, terms[idx].term, 0) for idx, offset in self._pieces.get(m, ())]
            self._actions[n] = tuple(acts)
        self._search = re.compile(trie_pattern(needles) or r"(?!)")

    @staticmethod
    def _approx_finds(term: str, wrong: str, k: int) -> bool:
        """Whether the approximate search is sure to find this listed misspelling by itself."""
        return (
            k > 0
            and wrong[0] == term[0]
            and wrong[-1] == term[-1]
            and Levenshtein.distance(term, wrong) <= k
            and _edits_inside(term, wrong)
        )

    @staticmethod
    def _cut(term: str, k: int) -> list[tuple[int, str]]:
        """`k + 1` pieces of the term, none starting on a combining mark."""
        n = len(term)
        bounds = [0]
        for j in range(1, k + 1):
            b = j * n // (k + 1)
            while b < n and term[b] in _MARKS:
                b += 1
            if b > bounds[-1] and b < n:
                bounds.append(b)
        bounds.append(n)
        return [(bounds[i], term[bounds[i] : bounds[i + 1]]) for i in range(len(bounds) - 1)]

    def _best_window(self, compact: str, term: str, s0: int, k: int) -> tuple[int, int, int] | None:
        n, size = len(term), len(compact)
        first, last = term[0], term[-1]
        best: tuple[int, int, int, int, int] | None = None
        for s in range(max(0, s0 - k), min(size, s0 + k + 1)):
            if compact[s] != first:
                continue
            for length in range(max(1, n - k), n + k + 1):
                e = s + length
                if e > size or compact[e - 1] != last or (e < size and compact[e] in _MARKS):
                    continue
                window = compact[s:e]
                d = Levenshtein.distance(term, window, score_cutoff=k)
                if d > k or not _edits_inside(term, window):
                    continue
                key = (d, abs(length - n), abs(s - s0), s, e)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        return best[3], best[4], best[0]

    def find(self, text: str, compact: CompactText | None = None) -> list[SpellingHit]:
        """Every misspelt term in `text` (normalised), at most one hit per place."""
        ct = compact or CompactText(text)
        c = ct.compact
        raw: list[tuple[int, int, int, int, bool]] = []  # (start, end, term index, distance, known)
        seen: set[tuple[int, int]] = set()
        done: set[tuple[int, int, int, int]] = set()
        terms, actions = self.terms, self._actions
        # One pass finds every needle (listed misspelling or seed piece) at every position.
        search, at = self._search.search, 0
        while (m := search(c, at)) is not None:
            pos = at = m.start()
            at += 1  # overlapping: the next needle may start inside this one
            for idx, offset, correct, known_len in actions[m.group()]:
                s0 = pos - offset
                if c.startswith(correct, s0) and (not known_len or len(correct) >= known_len):
                    continue  # the correct word is here (a listed form may be only its start)
                if known_len:
                    if not self._inside_valid(c, pos, pos + known_len):
                        raw.append((pos, pos + known_len, idx, -1, True))
                    continue
                if (idx, s0) in seen:
                    continue
                seen.add((idx, s0))
                t = terms[idx]
                k = t.max_distance
                if correct[0] not in c[max(0, s0 - k) : s0 + k + 1]:
                    continue
                window = self._best_window(c, correct, s0, k)
                if window is None or (idx, *window) in done:
                    continue
                done.add((idx, *window))
                s, e, d = window
                found = c[s:e]
                if found in self._valid or self._inside_valid(c, s, e):
                    continue
                raw.append((s, e, idx, d, found in t.misspellings))
        if not raw:
            return []
        # One hit per place: the longest term wins, then a listed misspelling, then the closest.
        raw.sort(key=lambda h: (-len(self.terms[h[2]].term), not h[4], h[3], h[0]))
        taken: list[tuple[int, int]] = []
        hits = []
        for s, e, idx, d, known in raw:
            if any(s < te and ts < e for ts, te in taken):
                continue
            start, end = ct.original(s), ct.original(e, end=True)
            if "\n" in text[start:end] or "\t" in text[start:end]:
                continue  # across lines or table cells: two words, not one misspelt word
            taken.append((s, e))
            t = self.terms[idx]
            distance = d if d >= 0 else Levenshtein.distance(t.term, c[s:e])
            hits.append(SpellingHit(start, end, text[start:end], t, distance, known))
        hits.sort(key=lambda h: h.start)
        return hits

    def _inside_valid(self, compact: str, s: int, e: int) -> bool:
        """Whether [s, e) lies inside an exact occurrence of some valid term or allowed form."""
        found = compact[s:e]
        for valid in self._valid:
            if len(valid) <= len(found) or found not in valid:
                continue
            n = len(valid)
            pos = compact.find(valid, max(0, e - n), s + n)
            while 0 <= pos <= s:
                if pos + n >= e:
                    return True
                pos = compact.find(valid, pos + 1, s + n)
        return False
