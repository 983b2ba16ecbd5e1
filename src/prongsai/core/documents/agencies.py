"""Agencies that are not local governments, as written in running text: กรม…, สถาบัน…, มหาวิทยาลัย…, รัฐวิสาหกิจ,
จังหวัด…, and the abbreviations and other names a text defines for them.

    สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี (สสวท.) … ข้อมูลคะแนน ITA ของ สสวท.
    การไฟฟ้านครหลวง หรือMEA ได้รับ…      MEA หรือการไฟฟ้านครหลวงได้รับ…      จ.กาญจนบุรี ได้คะแนน…

A name starts with a word of the lexicon's `institutions.prefixes` (or is one of `institutions.names`) and runs on over
Thai letters (and a hyphen between them) to a space, punctuation, a digit or one of `institutions.stops`
(ธนาคารออมสินได้รับ… → ธนาคารออมสิน). A province is จังหวัด/จ. + an official province name. `(ABBR)` right after a name
defines an abbreviation; `หรือ` joins a name and another name for it. Offsets are into the normalised text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from prongsai.core.documents.lexicon import Lexicon, trie_pattern

_LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # Thai letters, vowels and marks, no digits
_RUN = re.compile(f"[{_LETTER}]+(?:-[{_LETTER}]+)*")
# A following vowel or a mark cannot start a new syllable: the prefix is then part of a longer word (ศาล|า).
_NOT_A_SYLLABLE_START = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_ABBR = re.compile(r"\s?\(\s?((?:[ก-ฮ]{1,6}\.)+[ก-ฮ]{0,8}|[ก-ฮ]{2,8}\.?|[A-Z][A-Za-z]{1,9})\s?\)")
_OR = re.compile(r"\s?หรือ\s?")
_LATIN_WORD = re.compile(r"[A-Z][A-Za-z]{1,9}\b")
_THAI_LETTER = re.compile(f"[{_LETTER}]")
_NOT_ABBREVIATIONS = frozenset({"ITA", "IIT", "EIT", "OIT", "ITAS", "MOIT"})


@dataclass
class InstitutionMention:
    name: str  # the full name (the abbreviation's or other name's full name when `abbreviated`)
    start: int
    end: int
    abbreviated: bool = False  # written as an abbreviation or another name (สสวท., MEA, ไทยพีบีเอส)
    province: bool = False  # จังหวัด… (also a place in addresses: counts only as the subject of a score)
    not_assessed: bool = False  # the assessor (สำนักงาน ป.ป.ช.): the agency only when a score follows it closely


@dataclass(frozen=True)
class _Patterns:
    prefix: re.Pattern[str]
    stop: re.Pattern[str]
    not_name: re.Pattern[str]
    not_assessed: frozenset[str]
    suffixes: tuple[str, ...]


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> _Patterns:
    starts = [*lex.institution_prefixes, *lex.institution_names]
    return _Patterns(
        prefix=re.compile(trie_pattern(starts) or r"(?!)"),
        stop=re.compile(trie_pattern(list(lex.institution_stops)) or r"(?!)"),
        not_name=re.compile(trie_pattern(list(lex.institution_not_names)) or r"(?!)"),
        not_assessed=frozenset("".join(n.split()) for n in lex.not_assessed),
        suffixes=lex.institution_name_suffixes,
    )


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Official province names, longest first (กรมการปกครอง data through `geothai`)."""
    from prongsai.core.places import province_names as official

    return tuple(sorted(official(), key=len, reverse=True))


def province_of(written: str) -> str | None:
    """The official province a (possibly damaged) name stands for: exact, or the same letters in another order.

    PDF text from some flipbooks puts a vowel before its consonant (จนั ทบุรี for จันทบุรี); the letters are the same.
    """
    name = "".join(written.split())
    if not name:
        return None
    names = province_names()
    if name in names:
        return name
    letters = sorted(name)
    same = [p for p in names if sorted(p) == letters]
    return same[0] if len(same) == 1 else None


def find_institutions(text: str, lex: Lexicon, *, skip: list[tuple[int, int]] = ()) -> list[InstitutionMention]:
    """Every non-local agency named in `text`, in order; spans in `skip` (local agencies) are left alone."""
    p = _patterns(lex)
    found: list[InstitutionMention] = []
    skip_sorted = sorted(skip)
    skipped = _Spans(skip_sorted)
    pos = 0
    for m in p.prefix.finditer(text):
        if m.start() < pos or skipped.covers(m.start()):
            continue
        mention = _named(text, m, p, lex)
        if mention is not None:
            found.append(mention)
            pos = mention.end
    found.extend(_provinces(text, found, skip_sorted))
    found.sort(key=lambda x: x.start)
    found.extend(_abbreviations(text, found, skip_sorted))
    found.sort(key=lambda x: x.start)
    return found


class _Spans:
    """Sorted, non-overlapping spans; `covers(pos)` by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        self.starts = [a for a, _ in merged]
        self.spans = merged

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def _named(text: str, m: re.Match[str], p: _Patterns, lex: Lexicon) -> InstitutionMention | None:
    prefix = m.group()
    start = m.start()
    if prefix in lex.institution_names:
        end = m.end()
        nxt = text[end : end + 1]
        if nxt and _THAI_LETTER.match(nxt) and not p.stop.match(text, end):
            return None  # part of a longer word
        return InstitutionMention(prefix, start, end)
    if text.startswith("บริหารส่วน", m.end()):
        return None  # องค์การบริหารส่วนตำบล/จังหวัด: a local government (lexicon agency types)
    run = _RUN.match(text, m.end())
    if not run or _NOT_A_SYLLABLE_START.match(text, m.end()) or p.not_name.match(text, m.end()):
        return None
    body = run.group()
    stop = p.stop.search(body)
    if stop:
        body = body[: stop.start()]
    if len(body) < 2:
        return None
    name, end = prefix + body, m.end() + len(body)
    for suffix in p.suffixes:
        gap = text[end : end + 1]
        if gap in (" ", "") and text.startswith(suffix, end + len(gap)):
            name, end = f"{name} {suffix}", end + len(gap) + len(suffix)
            break
    compact = "".join(name.split())
    assessor = any(compact.startswith(n) for n in p.not_assessed)
    return InstitutionMention(name, start, end, not_assessed=assessor)


_PROVINCE_WORD = re.compile(r"(?:จังหวัด|จ\.)\s?")
# Words after which another name for an agency may follow without a space (โดยไทยพีบีเอสได้…).
_JOINING_WORDS = ("โดย", "ของ", "ทาง", "และ", "ซึ่ง", "ว่า", "ให้", "กับ", "ที่", "คือ")
# Thai words after หรือ that are not another name of the agency.
_NOT_ALIASES = re.compile("^(?:หน่วยงาน|องค์กร|ส่วน|ไม่|ทั้ง|ผู้|การ|ความ|ที่|ซึ่ง|เทียบ|อื่น|ประเภท)")


def _provinces(text: str, found: list[InstitutionMention], skip: list[tuple[int, int]]) -> list[InstitutionMention]:
    out = []
    taken = _Spans([(x.start, x.end) for x in found] + list(skip))
    for m in _PROVINCE_WORD.finditer(text):
        if taken.covers(m.start()):
            continue
        run = _RUN.match(text, m.end())
        if not run:
            continue
        name = next((n for n in province_names() if run.group().startswith(n)), None)
        if name is None:
            continue
        out.append(InstitutionMention("จังหวัด" + name, m.start(), m.end() + len(name), province=True))
    return out


def _abbreviations(text: str, found: list[InstitutionMention], skip: list[tuple[int, int]]) -> list[InstitutionMention]:
    """Uses of the abbreviations and other names the text defines: `NAME (ABBR)`, `NAME หรือ X`, `X หรือNAME`."""
    full_of: dict[str, InstitutionMention] = {}
    for x in found:
        if x.abbreviated or x.province:
            continue
        end = x.end
        m = _ABBR.match(text, end)
        if m and m.group(1) not in _NOT_ABBREVIATIONS:
            full_of.setdefault(m.group(1).rstrip("."), x)
            end = m.end()
        o = _OR.match(text, end)
        if o:
            alias = _LATIN_WORD.match(text, o.end()) or _RUN.match(text, o.end())
            if alias and len(alias.group()) >= 3 and not _NOT_ALIASES.match(alias.group()):
                full_of.setdefault(alias.group(), x)
        o = re.search(r"([A-Z][A-Za-z]{1,9})\s?หรือ\s?$", text[max(0, x.start - 16) : x.start])
        if o and o.group(1) not in _NOT_ABBREVIATIONS:
            full_of.setdefault(o.group(1), x)
    out = []
    taken = _Spans([(x.start, x.end) for x in found] + list(skip))
    for short, full in full_of.items():
        if short.isascii():
            rx = re.compile(rf"(?<![A-Za-z]){re.escape(short)}(?![A-Za-z])")
        elif "." in short or len(short) > 3:
            rx = re.compile(re.escape(short) + r"\.?")
        else:
            rx = re.compile(re.escape(short) + r"\.")  # อว. but not the อว of อวัยวะ
        for m in rx.finditer(text):
            if taken.covers(m.start()):
                continue
            inside_word = not short.isascii() and m.start() and _THAI_LETTER.match(text, m.start() - 1)
            if inside_word and not text[: m.start()].endswith(_JOINING_WORDS):
                continue  # inside a word
            out.append(
                InstitutionMention(full.name, m.start(), m.end(), abbreviated=True, not_assessed=full.not_assessed)
            )
    return out
