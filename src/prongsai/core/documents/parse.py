"""Reading an ITA document's text into structured results (ParsedDocument).

`parse_text` normalises the text (`prongsai.core.thai.normalise_text`) and returns a `ParseResult`:
the `ParsedDocument` (the `prongsai parse --json` shape) plus everything the checker needs to
point at the text: agency mentions, every score claim (table or running text), level claims,
year mentions and periods. All offsets are into the NORMALISED text (`ParseResult.text`), whose
lines are those of the document.

How scores are found: every number in the text is a token; a score-like number is given a
meaning by the nearest keyword before it on its row (an indicator name or its variant,
"ตัวชี้วัดที่ N", an overall-score phrase, an instrument code), provided that only filler words
(ได้คะแนน, อยู่ที่, : …) stand between. Ranked tables are handled because the indicator is known
by its name, not by the row number. Indicator names are compared without spaces, exactly or
fuzzily (rapidfuzz on code points, never default_process).

Published texts (news, agency pages, NACC reports; tests/fixtures/real/) also say "ได้ 91.15 คะแนน" with no
keyword: such a two-decimal score is the overall score of the agency named before it (`agencies.py` finds agencies
that are not local governments, and the abbreviations a text defines), unless the words since then make it an
indicator's or instrument's score, an average, a change or a bound. Scores of other years go to `other_years`;
a text giving the scores of several agencies (running text, or a table read by `tables.py`) gives one
`ParsedDocument` per agency (`ParseResult.documents`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz

from prongsai.core.documents import tables as _tables
from prongsai.core.documents.agencies import InstitutionMention, find_institutions, province_of
from prongsai.core.documents.lexicon import Lexicon, load_lexicon, trie_pattern
from prongsai.core.documents.model import Agency, Overall, ParsedDocument, QuestionScore, YearResult
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.frameworks.loader import shared_registry
from prongsai.core.places import official_form
from prongsai.core.scoring import score_indicators
from prongsai.core.thai import fiscal_year_of, normalise_text

# --- characters and small patterns ----------------------------------------------------------------

_D = "0-9\u0e50-\u0e59"
_TO_ARABIC = str.maketrans("\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59", "0123456789")
_THAI = "\u0e01-\u0e4e"  # letters, vowels and marks (not digits)
_NAME_CHAR = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # without ฯ, ๆ and digits
_NUMBER = re.compile(rf"[{_D}]+(?:[.,][{_D}]+)*")
_WS = re.compile(r"\s+")
_NAME_RUN = re.compile(f"[{_NAME_CHAR}]{{1,40}}(?:-[{_NAME_CHAR}]{{1,30}})?")  # ท่าเดื่อ-มืดกา
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SOFT_WRAP = re.compile(f"(?<=[{_THAI}])[ \t]*\n(?=[{_THAI}])")  # a line break inside running Thai text
_NEWLINE = re.compile("\n")
_DIGITS = re.compile(f"[{_D}]")
_THAI_CHAR = re.compile(f"[{_THAI}]")
_RANK_WORD = re.compile("อันดับ|ลำดับ")
_INDICATOR_WORD_BEFORE = re.compile(r"ตัวชี้วัด\s?(?:ที่)?\s?$")
_TRAILING_FILLER = re.compile(r"(?:ได้รับคะแนน|ได้คะแนน|มีคะแนน|คะแนน|อยู่ที่|เท่ากับ|ได้|[:=\-–().,])+$")
_FY_WORD_BEFORE = re.compile(r"ปี\s?(?:งบประมาณ)?\s?(?:พ\.\s?ศ\.\s?)?$")
RESULTS_WORDS = re.compile(r"ผล\s?(?:การ)?\s?ประเมิน|ผลคะแนน|รอบ\s?การ\s?ประเมิน")

MONTHS = {
    "มกราคม": 1,
    "กุมภาพันธ์": 2,
    "มีนาคม": 3,
    "เมษายน": 4,
    "พฤษภาคม": 5,
    "มิถุนายน": 6,
    "กรกฎาคม": 7,
    "สิงหาคม": 8,
    "กันยายน": 9,
    "ตุลาคม": 10,
    "พฤศจิกายน": 11,
    "ธันวาคม": 12,
    "ม.ค.": 1,
    "ก.พ.": 2,
    "มี.ค.": 3,
    "เม.ย.": 4,
    "พ.ค.": 5,
    "มิ.ย.": 6,
    "ก.ค.": 7,
    "ส.ค.": 8,
    "ก.ย.": 9,
    "ต.ค.": 10,
    "พ.ย.": 11,
    "ธ.ค.": 12,
}
_MONTH_NAMES = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_MONTH_BEFORE = re.compile(rf"(?<![{_D}])([{_D}]{{1,2}})\s?(?:เดือน\s?)?({_MONTH_NAMES})\s?(?:พ\.\s?ศ\.\s?)?$")
_RANGE_SEP = re.compile(r"^\s?(?:-|–|—|ถึง(?:วันที่)?|จนถึง(?:วันที่)?|ถึงวันที่)\s?(?:วันที่\s?)?$")
_FY_CLAIM_BEFORE = re.compile(
    rf"ปี\s?งบประมาณ\s?(?:พ\.\s?ศ\.\s?)?([{_D}]{{4}})\s?[(:]?\s?(?:ระหว่าง|ตั้งแต่)?\s?(?:วันที่\s?)?$"
)
_TWO_DIGIT_YEAR_BEFORE = re.compile(r"(?:ปี|ปีงบประมาณ|พ\.\s?ศ\.|ITA)\s?(?:พ\.\s?ศ\.\s?)?$")

# Keywords that give a year its context (the nearest one before the year wins).
_YEAR_CONTEXT = re.compile(
    r"(?P<results>ผล\s?(?:การ)?\s?ประเมิน|ผลคะแนน|ผลการวิเคราะห์|คะแนน)"
    r"|(?P<measures>มาตรการ)"
    r"|(?P<assessment>การประเมิน|ประเมินคุณธรรม)"
    r"|(?P<other>แผน|ประชุม|โครงการ|คำสั่ง|ประกาศ|เป้าหมาย|ภายในปี)"
)
# Words that start a new clause: a year after them no longer belongs to the keyword before.
_CLAUSE_BREAK = re.compile(r"และ|เพื่อ|จึง|ซึ่ง|โดย|กำหนด|ดังนี้|แนวทาง|\n\s*\n")
# What may stand between "ผลการประเมิน" and the year it belongs to (compared without spaces).
_RESULTS_FILLER = re.compile(
    r"(?:ผล(?:การ)?ประเมิน|ผลคะแนน|ผลการวิเคราะห์|คะแนน|การประเมิน|ภาพรวม|ITA|\(ITA\)|ของ|ใน|จาก|ประจำ|ปี|งบประมาณ"
    r"|พ\.ศ\.|หน่วยงาน|ภาครัฐ|คุณธรรมและความโปร่งใส|ในการดำเนินงานของหน่วยงานภาครัฐ|ที่ได้รับ|รอบ|ราย|ข้อคำถาม"
    r"|ตัวชี้วัด|แบบวัด|เครื่องมือ|IIT|EIT|OIT|\([A-Za-z&:\-]+\)|[:()\-,])*"  # (IntegrityandTransparency…:ITA)
)
_RELATIVE_RESULTS = re.compile(
    r"ผล\s?(?:การ)?\s?(?:ประเมิน|คะแนน)[^\n\d]{0,40}?(?:ปี\s?(?:งบประมาณ\s?)?ที่\s?ผ่าน\s?มา|ปีก่อน|ปีที่แล้ว)"
)

_PARENT_BEFORE = re.compile(r"(?:สังกัด|ภายใต้)\s?$")
_FROM_BEFORE = re.compile(r"จาก\s?$")  # "ปรับลดจาก “ผ่านดี” เหลือเพียง “ผ่าน”": the former level
_YEARLY_BEFORE = re.compile(r"ประจำ\s?ปี\s?(?:งบประมาณ)?\s?(?:พ\.\s?ศ\.\s?)?$")
_SINCE_BEFORE = re.compile(r"(?:ตั้งแต่|นับแต่|นับตั้งแต่|ก่อน|เมื่อ)\s?(?:ปี\s?)?(?:พ\.\s?ศ\.\s?)?$")
_ITA_BEFORE = re.compile(r"ITA\s?(?:ปี\s?)?(?:พ\.\s?ศ\.\s?)?$")
_TARGET_BEFORE = re.compile(r"(?:เป้าหมาย|ตั้งเป้า|ไม่ต่ำกว่า|ต้องได้|ให้ได้|มุ่ง|คาดว่า|คาดหวัง)\S{0,10}\s?$")
_OVERALL_KEYWORDS = ("ผลคะแนนภาพรวม", "คะแนนภาพรวม", "ภาพรวม", "คะแนนรวม", "คะแนนITA", "ผลการประเมินITA")
_INSTRUMENT_KEYWORDS = {
    "IIT": "IIT",
    "EIT": "EIT",
    "OIT": "OIT",
    "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน": "IIT",
    "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก": "EIT",
    "แบบตรวจการเปิดเผยข้อมูลสาธารณะ": "OIT",
}
# What may stand between a keyword and its score (compared without spaces).
_FILLER = re.compile(
    r"(?:[:=\-–()\[\].,]|ได้รับคะแนน|ได้คะแนน|มีคะแนน|มีผลคะแนน|คะแนน|ได้|อยู่ที่|เท่ากับ|คือ|รวม|เฉลี่ย|ของ|หน่วยงาน"
    rf"|ประจำปีงบประมาณ|ปีงบประมาณ|ประจำปี|พ\.ศ\.|ปี|ITA|ใน|ที่|มี|เป็น|ผลการประเมิน|ระดับ|ตัวชี้วัด|[{_D}])*"
)
_NOT_A_SCORE_BEFORE = re.compile(
    r"(?:(?:ตัวชี้วัด|ข้อ|ลำดับ|อันดับ|ครั้ง|หมู่|วัน|ชั้น|ส่วน|ฉบับ|มาตรา|เลข|ระดับ)\s?(?:ที่)?"
    r"|(?:^|\s)ที่|เวลา|จำนวน|ร้อยละ|โทร|ไม่ต่ำกว่า|ตั้งแต่|มากกว่า|น้อยกว่า|ต่ำกว่า|เกินกว่า|เกิน|กว่า|อย่างน้อย|เต็ม"
    r")\s?$|[A-Za-z/#]$"
)
_NOT_A_SCORE_AFTER = re.compile(r"^\s?(?:คะแนน\s?)?(?:ขึ้นไป|ขึ้น|ลงมา|%|น\.|นาฬิกา|คน|ราย|ข้อ|บาท|ปี|วัน|ครั้ง|[/:])")
_SCORE_WORD_AFTER = re.compile(r"^\s?คะแนน")
_SECTION_NUMBER_AFTER = re.compile(rf"^(?:\)|[ \t][{_THAI}(])")

# Levels: the labels of every year's scheme, longest first.
_LEVEL = re.compile(
    r"\s?(?:ผล\s?การ\s?ประเมิน|ผล)?\s?(?:ITA\s?)?(?:[:=]\s?)?[\"“”']?\s?(ผ่านดีเยี่ยม|ผ่านดี|ไม่ผ่าน|ผ่าน|AA|[A-F])(?![A-Za-z])"
)
# "ระดับ AA 95.00 – 100 คะแนน": the scale's legend, not the agency's level.
_LEVEL_LABEL = r"(ผ่านดีเยี่ยม|ผ่านดี|ไม่ผ่าน|ผ่าน|AA|[A-F])(?![A-Za-z])"
_LEVEL_AFTER_COLON = re.compile(r"(?:ผล\s?(?:การ\s?)?ประเมิน|เกณฑ์)\s?(?:ITA\s?)?[:=]\s?[\"“”']?\s?" + _LEVEL_LABEL)
_LEVEL_QUOTED = re.compile(r"[\"“]\s?(ผ่านดีเยี่ยม|ผ่านดี|ไม่ผ่าน|ผ่าน|AA)\s?[\"”]")
_LEVEL_BRACKETED_AFTER_SCORE = re.compile(rf"[{_D}]\s?(?:คะแนน\s?)?\(\s?(ผ่านดีเยี่ยม|ผ่านดี|ไม่ผ่าน|ผ่าน)\s?\)")
_LEVEL_BARE_AFTER_SCORE = re.compile(rf"[{_D}]\s?คะแนน\s?(ผ่านดีเยี่ยม|ผ่านดี|ไม่ผ่าน)(?![\u0e01-\u0e4e])")
_LEVEL_YEAR_BEFORE = re.compile(
    rf"ปี\s?(?:งบประมาณ\s?)?(?:พ\.\s?ศ\.\s?)?([{_D}]{{4}}|[{_D}]{{2}})\s?(?:ได้(?:รับ)?|อยู่ใน|เป็น|มี)?\s?$"
)
_LEVEL_LEGEND_AFTER = re.compile(rf"\s?[:=(]?\s?(?:คะแนน\s?)?[{_D}]+(?:\.[{_D}]+)?\s?(?:-|–|—|ถึง|ขึ้นไป)")
_LEVEL_ASPIRATION_BEFORE = re.compile(r"(?:ยก|เป้าหมาย|มุ่ง|ให้ได้|สู่|ต้องการ|คาดหวัง|อย่างน้อย)\S{0,12}\s?$")
_LEVEL_FOLLOW_OK = re.compile(r"^(?:$|[^\u0e01-\u0e4e]|และ|ซึ่ง|โดย|ตาม|แต่|จึง|ของ|ใน|คือ|ถือ|เนื่อง|เพราะ|อีก|ด้วย|นะ)")

_QUESTION_HEADER = ("ข้อคำถาม", "ข้อความ", "คำถาม", "ประเด็นคำถาม")
_QUESTION_CODE = re.compile(rf"^\s?(?:ข้อ\s?)?([iIeEoO][{_D}]{{1,2}})(?![{_D}])")

Kind = Literal["table", "text", "ambiguous"]


# --- what the checker sees ---------------------------------------------------------------------------


@dataclass
class AgencyMention:
    type: str  # the agency type, e.g. องค์การบริหารส่วนตำบล
    name: str | None  # the name as written after the type; None when it cannot be told
    start: int  # span of the whole mention (type start … name end)
    end: int
    name_start: int
    abbreviated: bool = False
    in_header: bool = False
    title: str | None = None  # นายก / ปลัด … written just before the type
    person: str | None = None  # the person holding that title (honorific removed, no spaces)
    self_context: bool = False  # the sentence speaks of the agency's own results or doings
    bounded: bool = False  # the name ended at a space, a line end or punctuation
    continuation: tuple[int, str] | None = None  # the name ended at a line break: where the next line's word starts


@dataclass
class ScoreClaim:
    key: str  # "1".."10", "IIT"/"EIT"/"OIT", or "overall"
    value: float
    kind: Kind
    start: int  # from the keyword (or the row) to the end of the number
    end: int
    value_start: int
    label: str = ""  # the indicator name as written, when there is one
    row_values: list[float] = field(default_factory=list)  # several scores on one row (ambiguous)
    row_years: list[int] = field(default_factory=list)  # the years heading those columns, when found
    year: int | None = None  # a year written just before the score, when there is one
    subject: str | None = None  # the agency the score belongs to, when the text names one (news, lists)


@dataclass
class LevelClaim:
    label: str
    start: int
    end: int
    strong: bool = True  # introduced by ระดับ / เกณฑ์ / ผลการประเมิน :, not a bare label ("ผ่านดี", (ผ่าน))
    year: int | None = None  # "ปี 2564 ได้ระดับ A": the level of another year


YearContext = Literal["results", "measures", "assessment", "other", "date", "none"]


@dataclass
class YearMention:
    year: int
    start: int
    end: int
    context: YearContext
    context_start: int  # where the context keyword starts (for evidence)
    in_header: bool = False
    day: date | None = None  # when the year ends a date (5 มีนาคม 2568)


@dataclass
class Period:
    first: date
    last: date
    start: int
    end: int
    claimed_year: int | None = None  # "ปีงบประมาณ Z (1 ต.ค. … – 30 ก.ย. …)"
    claim_start: int | None = None

    @property
    def fiscal_year(self) -> int | None:
        """The fiscal year when the period is exactly one (1 Oct – 30 Sep)."""
        fy = fiscal_year_of(self.first)
        if (self.first.month, self.first.day, self.last.month, self.last.day) == (10, 1, 9, 30) and (
            fiscal_year_of(self.last) == fy
        ):
            return fy
        return None


@dataclass
class ParseResult:
    document: ParsedDocument
    text: str  # the normalised text; every offset is into it
    header_end: int
    agencies: list[AgencyMention] = field(default_factory=list)
    own_type: str | None = None
    own_name: str | None = None  # canonical name (without the type)
    own_name_official: bool = False  # the canonical name is the official subdistrict name (กรมการปกครอง)
    own_forms: dict[str, list[AgencyMention]] = field(default_factory=dict)  # name → mentions (own cluster)
    other_forms: dict[str, list[AgencyMention]] = field(default_factory=dict)  # same type, not own
    overall_claims: list[ScoreClaim] = field(default_factory=list)
    level_claims: list[LevelClaim] = field(default_factory=list)
    overall_level: LevelClaim | None = None
    indicator_claims: list[ScoreClaim] = field(default_factory=list)
    instrument_claims: list[ScoreClaim] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    relative_results: list[tuple[int, int]] = field(default_factory=list)
    institutions: list[InstitutionMention] = field(default_factory=list)  # agencies other than local governments
    own_entity: str | None = None  # the full name of the agency the document is about (local or not)
    rows: list[ParsedDocument] = field(default_factory=list)  # one per agency when the text lists several
    row_claims: list[tuple[ScoreClaim, LevelClaim | None]] = field(default_factory=list)  # what each row rests on
    year_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # where each other year is stated
    _lines: list[int] | None = None

    @property
    def documents(self) -> list[ParsedDocument]:
        """What the text states: one document per agency row when it lists several agencies, else the document."""
        return self.rows or [self.document]

    def current(self, claims: list[ScoreClaim]) -> list[ScoreClaim]:
        """The claims about the results year (written without a year, or with that year) and about the document's
        own agency (or no agency named with them)."""
        fy = self.document.fiscal_year
        own = self.own_entity
        return [
            c
            for c in claims
            if (c.year is None or fy is None or c.year == fy) and (c.subject is None or own is None or c.subject == own)
        ]

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        if self._lines is None:
            self._lines = [m.end() for m in _NEWLINE.finditer(self.text)]
        return bisect.bisect_right(self._lines, offset) + 1

    def snippet(self, start: int, end: int, width: int = 40) -> str:
        """The text around [start, end) on its line, for people."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        a, b = max(line_start, start - width), min(line_end, end + width)
        text = _WS.sub(" ", self.text[a:b]).strip()
        return ("…" if a > line_start else "") + text + ("…" if b < line_end else "")


# --- indicator names ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    by_name: dict[str, int]  # compact name or variant → indicator number
    names_of: dict[int, tuple[str, ...]]
    pattern: re.Pattern[str]
    labels: frozenset[str]  # every level label of every year


@lru_cache(maxsize=8)
def _indicator_names(registry: FrameworkRegistry) -> _Names:
    by_name: dict[str, int] = {}
    labels: set[str] = set()
    try:
        years = registry.years()
    except ProngsaiError:  # broken user framework files: the built-in names still read documents
        registry = FrameworkRegistry()
        years = registry.years()
    for year in years:  # later years win when a name moves
        try:
            fw = registry.get(year)
        except ProngsaiError:
            continue  # a broken user framework file is reported where it is used, not here
        for ind in fw.indicators.items:
            for name in (ind.name_th, *ind.variants):
                by_name[_compact(normalise_text(name))] = ind.number
        labels.update(r.label for r in fw.levels.rules)
    names_of: dict[int, list[str]] = {}
    for name, number in by_name.items():
        names_of.setdefault(number, []).append(name)
    return _Names(
        by_name=by_name,
        names_of={n: tuple(v) for n, v in names_of.items()},
        pattern=re.compile(trie_pattern(list(by_name))),
        labels=frozenset(labels),
    )


def _nth_non_space(text: str, n: int) -> int:
    """Index in `text` of its n-th non-space character (len(text) when there are fewer)."""
    count = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if count == n:
                return i
            count += 1
    return len(text)


def _compact(text: str) -> str:
    return _WS.sub("", text)


def to_number(raw: str) -> float | None:
    try:
        return float(raw.translate(_TO_ARABIC).replace(",", ""))
    except ValueError:
        return None


# --- numbers ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    raw: str
    value: float
    decimals: int
    score: bool = False  # may be a score
    year: int | None = None  # B.E. year
    transparent: bool = False  # years, "ตัวชี้วัดที่ N", dates: do not end a keyword's reach
    used: bool = False
    indicator_number: int | None = None  # when written as ตัวชี้วัดที่ N
    strong: bool = False  # a two-decimal score with คะแนน after it (or ร้อยละ before): a result, whatever comes before
    own_year: int | None = None  # "92.43 คะแนน (ปี 2567)": the year written in brackets right after the score
    attached: bool = False  # a year in brackets right after a score: it belongs to that score only
    is_date: bool = False  # the year of a date (5 มีนาคม 2568)


def _numbers(text: str) -> list[_Num]:
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group()
        value = to_number(raw)
        if value is None:
            continue
        decimals = len(raw) - raw.rfind(".") - 1 if "." in raw else 0
        out.append(_Num(m.start(), m.end(), raw, value, decimals))
    return out


def _classify_numbers(text: str, nums: list[_Num]) -> None:
    by_start = {n.start: n for n in nums}
    for n in nums:
        before = text[max(0, n.start - 20) : n.start]
        after = text[n.end : n.end + 14]
        if _strong_score(n, before, after):
            n.score = n.strong = True
            m = _YEAR_IN_BRACKETS_AFTER.match(text, n.end)
            if m:
                year = by_start.get(m.start(1))
                if year is not None:
                    n.own_year = int(to_number(m.group(1)) or 0)
                    year.attached = True
            continue
        if "." not in n.raw and "," not in n.raw and len(n.raw) == 4 and 2400 <= n.value <= 2700:
            n.year = int(n.value)
            n.transparent = True
            continue
        if len(n.raw) == 2 and "." not in n.raw and 40 <= n.value <= 99 and _TWO_DIGIT_YEAR_BEFORE.search(before):
            n.year = 2500 + int(n.value)
            n.transparent = True
            continue
        if n.decimals == 0 and 1 <= n.value <= 99 and _INDICATOR_WORD_BEFORE.search(before):
            n.indicator_number = int(n.value)
            n.transparent = True
            continue
        if n.value > 100 or n.decimals > 2 or "," in n.raw:
            continue
        if _NOT_A_SCORE_BEFORE.search(before) or _NOT_A_SCORE_AFTER.match(after):
            continue
        line_start = text.rfind("\n", 0, n.start) + 1
        at_line_start = not text[line_start : n.start].strip(" -•*")
        if at_line_start and _SECTION_NUMBER_AFTER.match(after) and not _SCORE_WORD_AFTER.match(after):
            continue  # ๑.๔ ปรับปรุง… is a section number
        if n.decimals or _SCORE_WORD_AFTER.match(after):
            n.score = True
        else:
            # an integer cell on its own in a table row
            prev_char = text[n.start - 1] if n.start else "\n"
            next_char = text[n.end] if n.end < len(text) else "\n"
            n.score = prev_char in "\t" and next_char in "\t\n"


# A two-decimal score the text calls a score: "๙๑.๑๕ คะแนน", "ร้อยละ 58.13" (not a range, a change or a bound).
_SCORE_WORD_STRONG_AFTER = re.compile(r"^\s?คะแนน(?!เต็ม)")
_PERCENT_BEFORE = re.compile(r"ร้อยละ\s?$")
_BOUND_BEFORE = re.compile(rf"(?:กว่า|เกิน|ตั้งแต่|[{_D}]\s?[-–—]|[-–—−])\s?$")
_RANGE_AFTER = re.compile(rf"^\s?[-–—]\s?[{_D}]")
_YEAR_IN_BRACKETS_AFTER = re.compile(
    rf"\s?(?:คะแนน\s?)?\(\s?(?:ปี\s?)?(?:งบประมาณ\s?)?(?:พ\.\s?ศ\.\s?)?([{_D}]{{4}})\s?\)"
)


# News phrasing (compared without spaces): what may come right before a score that is not followed by คะแนน.
_NEWS_VERB_BEFORE = re.compile(r"(?:คะแนน(?:เฉลี่ย|รวม)?|ได้|สูงถึง|อยู่ที่|เท่ากับ|ที่|ผลประเมิน|ค่าคะแนน)$")
# What makes a score in running text not the agency's overall score.
_NEWS_NOT_OVERALL = re.compile(r"IIT|EIT|OIT|เครื่องมือ|แบบวัด|แบบตรวจ|ตัวชี้วัด|ดัชนี|ข้อคำถาม|หาก|ถ้า|สมมติ")
_THRESHOLD_BEFORE = re.compile(r"เกณฑ์\S{0,8}$")
_AGGREGATE = re.compile(r"ระดับประเทศ|ทั้งประเทศ|ทั่วประเทศ|ค่าเฉลี่ย|เฉลี่ยภาพรวม|เฉลี่ยทั้ง|เต็ม|เป้าหมาย|ค่ากลาง|มัธยฐาน")
_CHANGE = re.compile(r"เพิ่มขึ้น|เพิ่ม(?!เติม)|ลดลง|ลด(?!หย่อน)|กว่า|ติดลบ|ส่วนต่าง|สูงขึ้น|ดีขึ้น|ต่ำลง|ห่าง|ขาด")
_OWN_AVERAGE = re.compile(r"(?:ได้|ด้วย)(?:รับ)?คะแนนเฉลี่ย\S{0,8}$")


def _strong_score(n: _Num, before: str, after: str) -> bool:
    if n.decimals != 2 or not 0 <= n.value <= 100 or "," in n.raw:
        return False
    if _BOUND_BEFORE.search(before) or _RANGE_AFTER.match(after) or _NOT_A_SCORE_AFTER.match(after):
        return False  # "95.00 คะแนนขึ้นไป", "95.00-100.00", "ไม่ต่ำกว่า 85.00"
    return bool(_SCORE_WORD_STRONG_AFTER.match(after) or _PERCENT_BEFORE.search(before))


# --- the parser ---------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, raw: str, source: str, registry: FrameworkRegistry, lexicon: Lexicon) -> None:
        self.text = normalise_text(raw)
        self.source = source
        self.registry = registry
        self.lex = lexicon
        self.names = _indicator_names(registry)
        self.header_end = self._header_end()
        self.result = ParseResult(document=ParsedDocument(source=source), text=self.text, header_end=self.header_end)

    # header: the first few short lines
    def _header_end(self) -> int:
        pos, count, text = 0, 0, self.text
        while pos < len(text) and count < 5:
            nl = text.find("\n", pos)
            nl = len(text) if nl < 0 else nl
            line = text[pos:nl].strip()
            if line:
                if len(line) > 200:
                    break
                count += 1
            pos = nl + 1
        return min(pos, len(text))

    def run(self) -> ParseResult:
        text = self.text
        nums = _numbers(text)
        _classify_numbers(text, nums)
        self.nums = nums
        self.num_starts = [n.start for n in nums]
        self._agencies()
        self._years_and_periods()
        self._questions()
        self._scores()
        self._levels()
        self._assemble()
        return self.result

    # --- agencies ---------------------------------------------------------------------------------

    def _agencies(self) -> None:
        text, lex, res = self.text, self.lex, self.result
        mentions: list[AgencyMention] = []
        types = lex.agency_types
        for m in self._anchor_matches():
            idx = int(m.lastgroup[1:]) if m.lastgroup else 0
            at = types[idx]
            start = m.start()
            if text.startswith("เทศมนตรี", start) and not text.endswith("นายก", 0, start):
                continue  # นายกเทศมนตรีตำบล X names the municipality; เทศมนตรี alone does not
            if at.lead:
                lead = lex.lead_rx[idx].search(text[max(0, start - 10) : start]) if lex.lead_rx[idx] else None
                if lead:
                    start = max(0, start - 10) + lead.start()
            mentions.append(self._mention(at.type, start, m.end(), abbreviated=False))
        for at in types:
            for abbr in at.abbreviations:
                pos = text.find(abbr)
                while pos >= 0:
                    mentions.append(self._mention(at.type, pos, pos + len(abbr), abbreviated=True))
                    pos = text.find(abbr, pos + 1)
        mentions.sort(key=lambda x: x.start)
        self._join_broken_names(mentions)
        # Names that ended cleanly tell where run-on names end.
        counts = Counter(x.name for x in mentions if x.bounded and x.name)
        known = sorted((name for name, _ in counts.most_common(50)), key=len, reverse=True)
        for x in mentions:
            if not x.bounded:
                x.name = self._resolve_name(x, known)
        res.agencies = mentions
        self.agency_starts = [x.start for x in mentions]
        self._own_agency(mentions)
        res.institutions = find_institutions(text, lex, skip=[(x.start, x.end) for x in mentions])
        self._entities()

    def _join_broken_names(self, mentions: list[AgencyMention]) -> None:
        """Join a name a line break split, when the joined form is written elsewhere or ends in a place suffix."""
        broken = [x for x in mentions if x.continuation and x.name]
        if not broken:
            return
        whole = {x.name for x in mentions if x.bounded and x.name and not x.continuation}
        for x in broken:
            k, cont = x.continuation  # type: ignore[misc]
            name = x.name or ""
            joined = next(
                (f for f in sorted(whole, key=len, reverse=True) if len(f) > len(name) and (name + cont).startswith(f)),
                None,
            )
            if joined is None:
                suffix = self.lex.suffix_rx.match(cont)
                if suffix and (suffix.end() == len(cont) or self.lex.boundary_rx.match(cont, suffix.end())):
                    joined = name + suffix.group()
            if joined is not None and joined.startswith(name):
                x.name = joined
                x.end = k + len(joined) - len(name)
                x.bounded = True

    def _anchor_matches(self) -> Iterator[re.Match[str]]:
        lex, text = self.lex, self.text
        if lex.anchor_start_rx is None:
            yield from lex.anchor_rx.finditer(text)
            return
        end = 0
        for cand in lex.anchor_start_rx.finditer(text):
            if cand.start() < end:
                continue
            m = lex.anchor_rx.match(text, cand.start())
            if m:
                end = m.end()
                yield m

    def _mention(self, type_: str, start: int, type_end: int, *, abbreviated: bool) -> AgencyMention:
        text = self.text
        pos = type_end
        if pos < len(text) and text[pos] == " ":
            pos += 1
        elif (
            text.startswith("\n", pos)
            and _THAI_CHAR.match(text, pos + 1)
            and not _PLACE_AFTER.match(text, pos + 1)
            and not self.lex.not_name_start_rx.match(text, pos + 1)
        ):
            pos += 1  # องค์การบริหารส่วนตำบล / ห้วยทรายเหนือ: a line broken right after the type
        run = _NAME_RUN.match(text, pos)
        name, bounded, end = None, False, type_end
        if run:
            name = run.group()
            end = run.end()
            nxt = text[end] if end < len(text) else "\n"
            place_follows = bool(_PLACE_AFTER.match(text, end))
            line_end_in_header = nxt == "\n" and start < self.header_end
            delimited = not _NUMBER.match(nxt) and not ("\u0e01" <= nxt <= "\u0e4e")
            if place_follows or line_end_in_header:
                bounded = True  # "องค์การบริหารส่วนตำบลในเมือง อำเภอ…": the whole run is the name
            elif self.lex.not_name_start_rx.match(name):
                bounded = False  # ทุกองค์การบริหารส่วนตำบล ในเขต…: no name, unless one seen elsewhere
            else:
                bounded = delimited and len(name) <= 15 and not self.lex.boundary_rx.search(name, 2)
        mention = AgencyMention(
            type=type_,
            name=name,
            start=start,
            end=end,
            name_start=pos if run else type_end,
            abbreviated=abbreviated,
            in_header=start < self.header_end,
            bounded=bounded,
        )
        if run and text.startswith("\n", end):
            # A line broken inside the name (PDF text: องค์การบริหารส่วนตำบลห้วยทราย / เหนือ): the next line may go on.
            k = end + 1
            while k < len(text) and text[k] in " \t":
                k += 1
            cont = _NAME_RUN.match(text, k)
            if cont:
                mention.continuation = (k, cont.group())
        before = text[max(0, start - 60) : start]
        for title in self.lex.title_words:
            if before.rstrip().endswith(title) and len(before) - len(before.rstrip()) <= 1:
                mention.title = title
                who = self.lex.person_rx.search(before[: len(before.rstrip()) - len(title)])
                if who:
                    mention.person = _compact(who.group(1))
                break
        compact_before = _compact(before)
        if any(compact_before.endswith(b) for b in self.lex.self_before):
            mention.self_context = True
        return mention

    def _resolve_name(self, x: AgencyMention, known: list[str]) -> str | None:
        """Where a run-on name (no space after it) ends."""
        text = self.text
        run_m = _NAME_RUN.match(text, x.name_start)
        if not run_m:
            return None
        run = run_m.group()
        boundary = self.lex.boundary_rx
        cut = None
        for form in known:
            if run.startswith(form):
                cut = len(form)
                # A place-name suffix right after a known name makes another name (ฮีเซ → ฮีเซใต้).
                suffix = self.lex.suffix_rx.match(run, cut)
                if suffix and (suffix.end() == len(run) or boundary.match(run, suffix.end())):
                    cut = suffix.end()
                break
        if cut is None and self.lex.not_name_start_rx.match(run):
            return None
        if cut is None:
            b = boundary.search(run, 2)
            if not b:
                return None
            cut = b.start()
        x.end = x.name_start + cut
        return run[:cut]

    def _own_agency(self, mentions: list[AgencyMention]) -> None:
        res, lex, text = self.result, self.lex, self.text
        for x in mentions:
            if x.name:
                after = _compact(text[x.end : x.end + 40])
                if any(after.startswith(a) for a in lex.self_after):
                    x.self_context = True
        named = [x for x in mentions if x.name and not x.abbreviated]
        if not named:
            named = [x for x in mentions if x.name and x.bounded]  # only อบต.X: X is still the name
            for x in named:
                x.abbreviated = False
        if not named:
            self._other_agency()
            return
        weight: Counter[tuple[str, str]] = Counter()
        for x in named:
            weight[(x.type, x.name)] += 2 if x.in_header else 1
        first_seen = {}
        for x in named:
            first_seen.setdefault((x.type, x.name), x.start)
        (own_type, seed), _ = max(weight.items(), key=lambda kv: (kv[1], -first_seen[kv[0]]))
        forms: dict[str, list[AgencyMention]] = {}
        for x in named:
            if x.type == own_type:
                forms.setdefault(x.name, []).append(x)  # type: ignore[arg-type]
        if len(forms) > 100:  # a list of many agencies: compare the most frequent names only
            keep = sorted(forms, key=lambda f: -len(forms[f]))[:100]
            forms = {f: forms[f] for f in forms if f in keep or f == seed}
        cluster = {seed}
        persons = {x.person for x in forms[seed] if x.person}
        changed = True
        while changed:
            changed = False
            for name, ms in forms.items():
                if name in cluster:
                    continue
                sim = max(fuzz.ratio(name, c) for c in cluster)
                # The same person holding the same office under another name: a mis-named own agency.
                same_person = any(x.title and x.person and x.person in persons for x in ms)
                context = any(x.self_context for x in ms)
                if sim >= 70 or (sim >= 40 and context) or same_person:
                    cluster.add(name)
                    persons.update(x.person for x in ms if x.person)
                    changed = True
        own_forms = {n: forms[n] for n in forms if n in cluster}
        place = self._district_province(
            sorted((x for ms in own_forms.values() for x in ms), key=lambda x: (not x.in_header, x.start))
        )
        # The official subdistrict name wins when exactly one spelling is one; else the most used.
        official = official_form(list(own_forms), **place)
        canonical = official or max(
            own_forms,
            key=lambda n: (
                sum(2 if x.in_header else 1 for x in own_forms[n]),
                any(x.in_header for x in own_forms[n]),
                -own_forms[n][0].start,
            ),
        )
        # Abbreviated mentions (อบต.X) join when X is one of the forms or close to the name.
        for x in mentions:
            if x.abbreviated and x.type == own_type and x.name:
                match = next((f for f in own_forms if x.name.startswith(f)), None)
                if match:
                    x.name, x.end = match, x.name_start + len(match)
                    own_forms[match].append(x)
                elif fuzz.ratio(x.name, canonical) >= 70:
                    own_forms.setdefault(x.name, []).append(x)
        res.own_type, res.own_name = own_type, canonical
        res.own_name_official = official is not None
        res.own_forms = own_forms
        res.other_forms = {n: ms for n, ms in forms.items() if n not in cluster}
        doc = res.document
        doc.agency = Agency(name=own_type + canonical, **place)

    def _other_agency(self) -> None:
        """Not a local government: an institution named in the title lines (มหาวิทยาลัย…, สำนักงาน…)."""
        text = self.text
        for m in _INSTITUTION.finditer(text, 0, self.header_end):
            name = m.group().strip()
            if any(name.startswith(w) for w in _NOT_THE_AGENCY):
                continue
            place = _PROVINCE.match(text, m.end())
            district = _DISTRICT.match(text, m.end())
            self.result.document.agency = Agency(
                name=name, district=district.group(1) if district else None, province=place.group(1) if place else None
            )
            return

    def _entities(self) -> None:
        """Every named agency, local or not, by the full name it stands for: whose is a score written after it."""
        res = self.result
        canonical = _institution_canonical([m.name for m in res.institutions])
        entities: list[_Entity] = []
        for x in res.agencies:
            if not x.name:
                continue
            name = x.type + x.name
            if res.own_type == x.type and res.own_name and x.name in res.own_forms:
                name = res.own_type + res.own_name
            entities.append(_Entity(x.start, x.end, name, "local", x))
        for m in res.institutions:
            kind: Literal["institution", "province", "assessor", "parent"] = (
                "assessor" if m.not_assessed else "province" if m.province else "institution"
            )
            if kind == "institution" and (
                m.name.startswith("กระทรวง") or _PARENT_BEFORE.search(self.text, max(0, m.start - 12), m.start)
            ):
                kind = "parent"  # "หน่วยงานในสังกัดกระทรวงสาธารณสุข": the agency's ministry, not the agency
            entities.append(_Entity(m.start, m.end, canonical.get(m.name, m.name), kind))
        entities.sort(key=lambda e: e.start)
        self.entities = entities
        self.entity_starts = [e.start for e in entities]

    def _subject(self, pos: int) -> str | None:
        """The agency a score at `pos` belongs to: the nearest named before it (the assessor and a province only when
        close: they are usually the announcer and an address)."""
        j = bisect.bisect_left(self.entity_starts, pos) - 1
        while j >= 0:
            e = self.entities[j]
            j -= 1
            if e.end > pos:
                continue
            gap = len(_compact(self.text[e.end : pos]))
            if gap > 500:
                return None
            if (e.kind in ("assessor", "parent") and gap > 25) or (e.kind == "province" and gap > 40):
                continue
            return e.name
        return None

    def _district_province(self, mentions: list[AgencyMention]) -> dict[str, str | None]:
        out: dict[str, str | None] = {"district": None, "province": None}
        text = self.text
        for x in mentions:
            tail = text[x.end : x.end + 80]
            for key, rx in (("district", _DISTRICT), ("province", _PROVINCE)):
                if out[key] is None:
                    m = rx.match(tail)
                    if m:
                        out[key] = m.group(1)
            if out["district"] and out["province"]:
                break
        return out

    # --- years and periods ------------------------------------------------------------------------

    def _years_and_periods(self) -> None:
        text, res = self.text, self.result
        dates: list[tuple[_Num, date, int]] = []  # (year token, date, date start)
        prev_end = 0
        for n in self.nums:
            if n.year is None:
                # "1 ต.ค. 66": a two-digit year after a month
                if len(n.raw) != 2 or not _MONTH_BEFORE.search(text[max(0, n.start - 25) : n.start]):
                    continue
                n.year, n.transparent = 2500 + int(n.value), True
            before = text[max(0, n.start - 25) : n.start]
            mb = _MONTH_BEFORE.search(before)
            if mb:
                n.is_date = True
                day = to_number(mb.group(1))
                month = MONTHS[mb.group(2)]
                try:
                    d = date(n.year - 543, month, int(day or 0))
                except ValueError:
                    d = None
                if d is not None:
                    dates.append((n, d, max(0, n.start - 25) + mb.start()))
                res.years.append(YearMention(n.year, n.start, n.end, "date", n.start, n.start < self.header_end, d))
                j = bisect.bisect_left(self.num_starts, max(0, n.start - 25) + mb.start(1))
                while j < len(self.nums) and self.nums[j].start < n.start:
                    self.nums[j].transparent = True  # the day
                    j += 1
                prev_end = n.end
                continue
            lo = max(prev_end, n.start - 160)
            for blank in _BLANK_LINE.finditer(text, lo, n.start):
                lo = max(lo, blank.end())
            context: YearContext = "none"
            cstart = n.start
            for cm in _YEAR_CONTEXT.finditer(text, lo, n.start):
                context, cstart = cm.lastgroup, cm.start()  # type: ignore[assignment]
            if n.attached:
                context = "other"  # "92.43 คะแนน (ปี 2567)": that score's year, not the document's
            if context == "results":
                between = self._without_agencies(cstart, n.start)
                between = _SOFT_WRAP.sub("", between)  # a line wrapped inside a phrase (PDF text) joins up again
                if _CLAUSE_BREAK.search(between.replace("คุณธรรมและความโปร่งใส", "")) or not _RESULTS_FILLER.fullmatch(
                    _compact(between)
                ):
                    context = "none"
            res.years.append(YearMention(n.year, n.start, n.end, context, cstart, n.start < self.header_end))
            prev_end = n.end
        # Periods: two dates joined by – / ถึง.
        for (n1, d1, s1), (n2, d2, s2) in pairwise(dates):
            if not _RANGE_SEP.match(text[n1.end : s2]) or d2 < d1:
                continue
            period = Period(d1, d2, s1, n2.end)
            claim = _FY_CLAIM_BEFORE.search(text[max(0, s1 - 40) : s1])
            if claim:
                period.claimed_year = int(to_number(claim.group(1)) or 0)
                period.claim_start = max(0, s1 - 40) + claim.start()
            res.periods.append(period)
        for m in _RELATIVE_RESULTS.finditer(text):
            res.relative_results.append((m.start(), m.end()))

    # --- question tables --------------------------------------------------------------------------

    def _questions(self) -> None:
        text, doc = self.text, self.result.document
        if "\t" not in text:
            return
        pos = 0
        by_start = {n.start: n for n in self.nums}
        upcoming = {w: text.find(w) for w in _QUESTION_HEADER}
        while True:
            for w, i in upcoming.items():
                if 0 <= i < pos:
                    upcoming[w] = text.find(w, pos)
            found = min((i for i in upcoming.values() if i >= 0), default=-1)
            if found < 0:
                return
            ls = text.rfind("\n", 0, found) + 1
            le = text.find("\n", found)
            le = len(text) if le < 0 else le
            header = [c.strip() for c in text[ls:le].split("\t")]
            pos = le + 1
            if len(header) < 3:
                continue
            col_q = next((i for i, c in enumerate(header) if any(w in c for w in _QUESTION_HEADER)), None)
            col_s = next((i for i, c in enumerate(header) if "คะแนน" in c), None)
            if col_q is None or col_s is None:
                continue
            col_ind = next((i for i, c in enumerate(header) if "ตัวชี้วัด" in c), None)
            col_inst = next((i for i, c in enumerate(header) if "แบบวัด" in c or "เครื่องมือ" in c), None)
            col_code = next((i for i, c in enumerate(header) if c in ("ข้อ", "รหัส", "ข้อที่")), None)
            indicator: int | None = None
            instrument: str | None = None
            row_start = le + 1
            while row_start < len(text):
                row_end = text.find("\n", row_start)
                row_end = len(text) if row_end < 0 else row_end
                row = text[row_start:row_end]
                if "\t" not in row:
                    break
                cells = row.split("\t")
                offsets, o = [], row_start
                for c in cells:
                    offsets.append(o)
                    o += len(c) + 1

                def cell(i: int | None, cells: list[str] = cells) -> str:
                    return cells[i].strip() if i is not None and i < len(cells) else ""

                inst = cell(col_inst).upper()
                if inst in ("IIT", "EIT", "OIT"):
                    instrument = inst
                ind = cell(col_ind)
                if ind:
                    mnum = _NUMBER.search(ind)
                    v = to_number(mnum.group()) if mnum else None
                    indicator = int(v) if v is not None and 1 <= v <= 99 and v == int(v) else indicator
                score_text = cell(col_s)
                question = _WS.sub(" ", cell(col_q))
                value = to_number(score_text) if _NUMBER.fullmatch(score_text or "x") else None
                if question and value is not None and 0 <= value <= 100:
                    code = cell(col_code).translate(_TO_ARABIC) or None  # i๑๙ → i19, as in the text
                    cm = _QUESTION_CODE.match(question)
                    if code is None and cm:
                        code = cm.group(1).translate(_TO_ARABIC)
                    doc.questions.append(
                        QuestionScore(code=code, text=question, indicator=indicator, instrument=instrument, score=value)  # type: ignore[arg-type]
                    )
                    n = by_start.get(offsets[col_s] + (len(cells[col_s]) - len(cells[col_s].lstrip())))
                    if n is not None:
                        n.used = True
                row_start = row_end + 1
            pos = row_start

    # --- scores -----------------------------------------------------------------------------------

    def _scores(self) -> None:
        res = self.result
        prev: _Num | None = None  # the last number that ends a keyword's reach
        written: _Num | None = None  # the last "ตัวชี้วัดที่ N"
        self._last_score_end = 0
        for i, n in enumerate(self.nums):
            if n.indicator_number is not None:
                written = n
            if not n.score or n.used:
                if not n.transparent:
                    prev = n
                continue
            seg_start = max(prev.end if prev else 0, n.start - 220, self._row_start(n.start))
            claim = self._claim(n, seg_start, written if written and written.start >= seg_start else None)
            self._last_score_end = n.end
            if claim is not None:
                claim.subject = self._subject(n.start)
                if claim.key == "overall":
                    res.overall_claims.append(claim)
                elif claim.key in ("IIT", "EIT", "OIT"):
                    res.instrument_claims.append(claim)
                else:
                    self._mark_multi(claim, i)
                    res.indicator_claims.append(claim)
            prev = n

    def _row_start(self, pos: int) -> int:
        text = self.text
        ls = text.rfind("\n", 0, pos) + 1
        lines = 0
        # A number alone on its line (or a whole line of a broken table) reaches up to 3 lines up.
        while lines < 3 and ls > 0 and not text[ls:pos].strip(" \t\n:"):
            ls = text.rfind("\n", 0, ls - 1) + 1
            lines += 1
        # Running text wrapped inside Thai (PDF text: "ได้คะแนนภาพ\nรวม 88.37": the line above ends, spaces aside,
        # and this one starts with a Thai character) goes on from the line above; table rows (tabs) do not.
        if lines == 0 and ls > 1 and "\t" not in text[ls:pos] and _THAI_CHAR.match(text, ls):
            above = text.rfind("\n", 0, ls - 1) + 1
            line = text[above : ls - 1]
            if line and "\t" not in line and _THAI_CHAR.match(line.rstrip(" "), len(line.rstrip(" ")) - 1):
                ls = above
        return ls

    def _without_agencies(self, start: int, end: int) -> str:
        """text[start:end] with agency mentions blanked (same length)."""
        segment = self.text[start:end]
        agencies = self.result.agencies
        j = bisect.bisect_left(self.agency_starts, start)
        while j < len(agencies) and agencies[j].start < end:
            x = agencies[j]
            if x.end <= end:
                a, b = x.start - start, x.end - start
                segment = segment[:a] + " " * (b - a) + segment[b:]
            j += 1
        return segment

    def _claim(self, n: _Num, seg_start: int, written: _Num | None) -> ScoreClaim | None:
        text = self.text
        # Agency mentions inside the segment are filler ("คะแนนภาพรวมหน่วยงาน อบต.X : 85.32").
        segment = self._without_agencies(seg_start, n.start)
        compact = _compact(segment)
        best: tuple[int, str, str, int] | None = None  # (end in compact, key, label, start in compact)
        # Indicator names (exact / variant).
        for m in self.names.pattern.finditer(compact):
            if best is None or m.end() >= best[0]:
                best = (m.end(), str(self.names.by_name[m.group()]), m.group(), m.start())
        for kw in _OVERALL_KEYWORDS:
            j = compact.rfind(kw)
            if j >= 0 and (best is None or j + len(kw) > best[0]):
                best = (j + len(kw), "overall", kw, j)
        for kw, code in _INSTRUMENT_KEYWORDS.items():
            j = compact.rfind(kw)
            if j >= 0 and (best is None or j + len(kw) > best[0]):
                best = (j + len(kw), code, kw, j)
        written_number = written.indicator_number if written is not None else None
        found_key = best[1] if best is not None else None
        if (
            best is not None
            and found_key == "overall"
            and _AGGREGATE.search(_compact(text[max(0, seg_start + _nth_non_space(segment, best[3]) - 40) : n.start]))
        ):
            return None  # "คะแนนเฉลี่ยภาพรวม 81.25", "ภาพรวมระดับประเทศ": every agency's, not this one's
        if best is not None:
            tail = compact[best[0] :]
            if not _FILLER.fullmatch(tail):
                best = None
        if best is None and written_number is not None:
            # "ตัวชี้วัดที่ 6 คุณภาพดำเนินการ ได้คะแนน 97.07": a name close to indicator 6's.
            label = _compact(text[written.end : n.start]) if written else ""
            label = _DIGITS.sub("", label)
            stripped = _TRAILING_FILLER.sub("", label)
            if not stripped or self._name_close_to(stripped, written_number):
                best = (len(compact), str(written_number), stripped, len(compact))
        if best is None:
            best = self._number_only_row(n)
            if best is None:
                return self._news_claim(n, found_key, written_number)
        key, label = best[1], best[2]
        if key.isdigit() and written_number is not None and int(key) != written_number:
            # ตัวชี้วัดที่ N with another indicator's name: cannot tell which.
            return None
        start = seg_start + _nth_non_space(segment, best[3])
        if written is not None and written.start < start:
            word = text.rfind("ตัวชี้วัด", max(seg_start, written.start - 16), written.start)
            start = word if word >= 0 else written.start
        if _TARGET_BEFORE.search(text, max(0, start - 30), start):
            return None  # "เป้าหมายคะแนนภาพรวม 95.00": a target, not a result
        # A year written with the score ("คะแนนภาพรวมปี 2567 92.00") says which year's result it is.
        years = self._years_between(max(0, start - 40), n.start)
        year = years[-1].year if years else None
        kind: Kind = "text"
        line_end = text.find("\n", n.end)
        line_end = len(text) if line_end < 0 else line_end
        after = text[n.end : line_end]
        if (not after.strip() or after.startswith("\t")) and not _THAI_CHAR.search(compact, best[0]):
            kind = "table"
        return ScoreClaim(
            key=key, value=n.value, kind=kind, start=start, end=n.end, value_start=n.start, label=label, year=year
        )

    def _news_claim(self, n: _Num, found_key: str | None, written_number: int | None) -> ScoreClaim | None:
        """A score as news and agency pages write it: "ได้ ๙๑.๑๕ คะแนน", "ด้วยคะแนน 91.16", "ร้อยละ 58.13".

        It is the overall score of the agency named before it, unless the words since that agency (or since the last
        score) make it an instrument's or indicator's score, a change, an average or a bound.
        """
        if written_number is not None or (found_key is not None and found_key != "overall") or n.decimals != 2:
            return None
        text = self.text
        line_start = self._row_start(n.start)  # the line, or the sentence it wraps from (PDF text)
        near = _compact(text[max(line_start, n.start - 30) : n.start])
        if not n.strong and not _NEWS_VERB_BEFORE.search(near):
            return None
        if _THRESHOLD_BEFORE.search(near):
            return None  # "ต่ำกว่าเกณฑ์ 85.00", "ยังไม่ถึงเกณฑ์ผ่าน 85.00"
        j = bisect.bisect_left(self.entity_starts, n.start) - 1
        while j >= 0 and self.entities[j].end > n.start:
            j -= 1
        entity_end = self.entities[j].end if j >= 0 else 0
        # The sentence so far (since the agency named last, on this line) speaks of an indicator or an instrument.
        if _NEWS_NOT_OVERALL.search(_compact(text[max(line_start, n.start - 200, entity_end) : n.start])):
            return None
        ctx_start = max(line_start, n.start - 160, self._last_score_end)
        region_start = max(ctx_start, entity_end)
        region = _compact(text[region_start : n.start])
        if _AGGREGATE.search(region):
            return None
        if n.own_year is None and _CHANGE.search(region):
            return None
        if "เฉลี่ย" in region and not _OWN_AVERAGE.search(region):
            return None  # "จากทั้งหมด 17 หน่วยงาน คะแนนเฉลี่ย 92.67": the group's average
        if _TARGET_BEFORE.search(_compact(text[max(0, n.start - 40) : n.start])):
            return None  # "ตั้งเป้าหมายไว้ที่ 95.00 คะแนน"
        start = region_start + (len(text[region_start : n.start]) - len(text[region_start : n.start].lstrip()))
        year = n.own_year
        if year is None:
            years = [y for y in self._nums_between(max(ctx_start, n.start - 70), n.start) if y.year and not y.attached]
            years = [y for y in years if not y.is_date]
            year = years[-1].year if years else None
        return ScoreClaim(
            key="overall", value=n.value, kind="text", start=start, end=n.end, value_start=n.start, label="", year=year
        )

    def _name_close_to(self, label: str, number: int) -> bool:
        names = self.names.names_of.get(number, ())
        return any(fuzz.ratio(label, name) >= 60 for name in names)

    def _number_only_row(self, n: _Num) -> tuple[int, str, str, int] | None:
        """A row "N <tab> score" under a header naming indicators (ตัวชี้วัดที่ | คะแนน)."""
        text = self.text
        i = bisect.bisect_left(self.num_starts, n.start)
        prev = self.nums[i - 1] if i > 0 else None
        if prev is None or prev.decimals or not 1 <= prev.value <= 10:
            return None
        if text[prev.end : n.start].strip(" \t:") or "\n" in text[prev.end : n.start]:
            return None
        ls = text.rfind("\n", 0, prev.start) + 1
        if text[ls : prev.start].strip():
            return None
        # The header: the nearest line above with no digits.
        pos = ls - 1
        for _ in range(12):
            if pos <= 0:
                return None
            hs = text.rfind("\n", 0, pos) + 1
            line = text[hs:pos]
            if line.strip() and not _NUMBER.search(line):
                if "ตัวชี้วัด" in line and "คะแนน" in line and not _RANK_WORD.search(line):
                    return (0, str(int(prev.value)), "", 0)
                return None
            pos = hs - 1
        return None

    def _mark_multi(self, claim: ScoreClaim, index: int) -> None:
        """A row with several scores: read by its header (a คะแนน column, or one year per column)."""
        text, nums = self.text, self.nums
        line_end = text.find("\n", claim.end)
        line_end = len(text) if line_end < 0 else line_end
        values = [claim.value]
        last, j = claim.end, index + 1
        while j < len(nums) and nums[j].start < line_end:
            n = nums[j]
            if not n.score or text[last : n.start].strip(" \t|"):
                break
            values.append(n.value)
            n.used = True
            last = n.end
            j += 1
        if len(values) < 2:
            return
        claim.kind = "ambiguous"
        claim.row_values = values
        row_start = text.rfind("\n", 0, claim.start) + 1
        cells = text[row_start:line_end].split("\t")
        pos = row_start - 1
        for _ in range(15):
            if pos <= 0:
                return
            hs = text.rfind("\n", 0, pos) + 1
            years = [y.year for y in self._years_between(hs, pos)]
            if len(years) >= len(values):
                claim.row_years = years[-len(values) :]  # one year per column
                return
            header = text[hs:pos].split("\t")
            if len(header) == len(cells) > 1 and not any(n.score for n in self._nums_between(hs, pos)):
                # "ตัวชี้วัด | น้ำหนัก | คะแนน": the one column headed คะแนน (not คะแนนเต็ม).
                score_cols = [i for i, c in enumerate(header) if "คะแนน" in c and "เต็ม" not in c]
                value = to_number(cells[score_cols[0]].strip()) if len(score_cols) == 1 else None
                if value is not None and value in values:
                    claim.value, claim.kind = value, "table"
                return
            pos = hs - 1

    def _nums_between(self, start: int, end: int) -> list[_Num]:
        j, k = bisect.bisect_left(self.num_starts, start), bisect.bisect_left(self.num_starts, end)
        return self.nums[j:k]

    def _years_between(self, start: int, end: int) -> list[_Num]:
        return [n for n in self._nums_between(start, end) if n.year is not None]

    # --- levels -----------------------------------------------------------------------------------

    def _levels(self) -> None:
        text, res = self.text, self.result
        claims: list[LevelClaim] = []

        def fits(label: str, start: int, end: int) -> bool:
            return (
                label in self.names.labels
                and bool(_LEVEL_FOLLOW_OK.match(text[end : end + 6]))
                and not _LEVEL_ASPIRATION_BEFORE.search(text[max(0, start - 30) : start])
                and not _LEVEL_LEGEND_AFTER.match(text, end)
            )

        pos = text.find("ระดับ")
        while pos >= 0:
            m = _LEVEL.match(text, pos + 5)
            if m and fits(m.group(1), pos, m.end()):
                claims.append(LevelClaim(m.group(1), pos, m.end(), year=self._level_year(pos)))
            pos = text.find("ระดับ", pos + 5)
        # "ผลการประเมิน : ผ่าน", "อยู่ในเกณฑ์ : ผ่านดี"
        for m in _LEVEL_AFTER_COLON.finditer(text):
            if fits(m.group(1), m.start(), m.end()):
                claims.append(LevelClaim(m.group(1), m.start(), m.end(), year=self._level_year(m.start())))
        # A bare label: in quotes ("ผ่านดี"), in brackets right after a score (96.04 (ผ่าน)), or a pass label right
        # after a score's คะแนน (98.94 คะแนน ผ่านดีเยี่ยม). These give way to a label after ระดับ.
        for rx in (_LEVEL_QUOTED, _LEVEL_BRACKETED_AFTER_SCORE, _LEVEL_BARE_AFTER_SCORE):
            for m in rx.finditer(text):
                if (
                    m.group(1) in self.names.labels
                    and _LEVEL_FOLLOW_OK.match(text[m.end() : m.end() + 6])
                    and not _FROM_BEFORE.search(text, max(0, m.start() - 8), m.start())
                ):
                    claims.append(LevelClaim(m.group(1), m.start(1), m.end(1), strong=False))
        claims.sort(key=lambda c: (c.start, not c.strong))
        kept: list[LevelClaim] = []
        reach = -1
        for c in claims:
            if c.start < reach:
                continue  # the same label found twice (ระดับ "ผ่านดี")
            kept.append(c)
            reach = c.end
        res.level_claims = kept

    def _level_year(self, pos: int) -> int | None:
        """The year written right before a level ("ปี 2564 ได้ระดับ A"), when there is one."""
        m = _LEVEL_YEAR_BEFORE.search(self.text, max(0, pos - 30), pos)
        if not m:
            return None
        value = int(to_number(m.group(1)) or 0)
        return value + 2500 if value < 100 else value

    # --- the document -----------------------------------------------------------------------------

    def _assemble(self) -> None:
        res, doc = self.result, self.result.document
        doc.document_year = self._document_year()
        doc.fiscal_year = fy = self._fiscal_year(doc.document_year)
        res.own_entity = self._own_entity()
        if res.own_entity and not res.own_name:  # not a local government: กรม…, สถาบัน…, จังหวัด…
            province = res.own_entity[len("จังหวัด") :] if res.own_entity.startswith("จังหวัด") else None
            doc.agency = Agency(name=res.own_entity, province=province)
        # Overall and its level: the first overall score of the results year (or given without a year) of the
        # document's own agency.
        mine = [c for c in res.overall_claims if c.subject is None or c.subject == res.own_entity]
        overall = res.current(res.overall_claims) or mine
        if overall:
            doc.overall = Overall(score=overall[0].value, level=None)
            # The level written with the score, or with the same score stated again (a headline, then the body).
            for c in [overall[0], *(c for c in overall[1:] if round(c.value, 2) == round(overall[0].value, 2))]:
                res.overall_level = self._level_near(c, fy)
                if res.overall_level is not None:
                    break
        if res.overall_level is None and res.level_claims and not overall:
            # A level stated without the score: the first of the results year, after ระดับ first.
            levels = [lc for lc in res.level_claims if lc.year is None or fy is None or lc.year == fy]
            res.overall_level = next((lc for lc in levels if lc.strong), levels[0] if levels else None)
        if res.overall_level is not None:
            doc.overall.level = res.overall_level.label
        doc.other_years = self._other_years(mine, fy)
        self._read_tables(doc)
        if not res.rows:
            res.rows = self._rows_from_claims(fy)
        # Rows with a score per year: the column of the results year, when the header says which.
        for c in res.indicator_claims:
            if c.kind == "ambiguous" and doc.fiscal_year in c.row_years:
                c.value = c.row_values[c.row_years.index(doc.fiscal_year)]
                c.kind = "table"
        # Indicators: the results table first, then running text; unreadable multi-year rows not at all.
        chosen: dict[int, ScoreClaim] = {}
        rank = {"table": 0, "text": 1}
        for c in res.current(res.indicator_claims):
            k = int(c.key)
            if c.kind != "ambiguous" and (k not in chosen or rank[c.kind] < rank[chosen[k].kind]):
                chosen[k] = c
        doc.indicators = {str(k): chosen[k].value for k in sorted(chosen)}
        instruments: dict[str, float] = {}
        for c in res.instrument_claims:
            instruments.setdefault(c.key, c.value)
        doc.instruments = {k: instruments[k] for k in ("IIT", "EIT", "OIT") if k in instruments}
        self._question_details(doc)

    def _own_entity(self) -> str | None:
        """The agency the document is about: its local government, else the agency its scores are about, else the one
        it names most (the title counts twice)."""
        res = self.result
        if res.own_type and res.own_name:
            return res.own_type + res.own_name
        weight: Counter[str] = Counter()
        first: dict[str, int] = {}
        for e in self.entities:
            if e.kind in ("assessor", "parent"):
                continue
            first.setdefault(e.name, e.start)
            if e.kind != "province":
                weight[e.name] += 2 if e.start < self.header_end else 1
        for c in res.overall_claims:
            if c.subject:
                weight[c.subject] += 10
        weight = Counter({k: v for k, v in weight.items() if v > 0})
        if not weight:
            return None
        return max(weight, key=lambda k: (weight[k], -first.get(k, 0)))

    def _other_years(self, claims: list[ScoreClaim], fy: int | None) -> list[YearResult]:
        """Results of other years stated with the scores (claims with their year) or alone ("ปี 2564 ได้ระดับ A")."""
        if fy is None:
            return []
        years: dict[int, YearResult] = {}
        for c in claims:
            if c.year is None or c.year == fy or c.year in years:
                continue
            level = self._level_near(c, c.year, after_only=True)
            years[c.year] = YearResult(fiscal_year=c.year, overall=c.value, level=level.label if level else None)
            spans = [(c.start, c.end)] + ([(level.start, level.end)] if level else [])
            self.result.year_spans.setdefault(c.year, spans)
        if claims or not self.result.overall_claims:
            for lc in self.result.level_claims:
                if lc.year is not None and lc.year != fy and lc.year not in years and lc.strong:
                    years[lc.year] = YearResult(fiscal_year=lc.year, level=lc.label)
        return [years[y] for y in sorted(years, reverse=True)]

    def _rows_from_claims(self, fy: int | None) -> list[ParsedDocument]:
        """One result per agency when the text gives the scores of several (a ranking, a group's results).

        Not when one agency dominates the text and others are named in passing ("ลำดับที่ 1 … คือ เมืองพัทยา").
        """
        res = self.result
        current = [c for c in res.overall_claims if c.subject and (c.year is None or fy is None or c.year == fy)]
        subjects = list(dict.fromkeys(c.subject for c in current if c.subject))
        if len(subjects) < 2 or res.instrument_claims or res.indicator_claims:
            return []  # instrument and indicator scores are the document's own agency's: others are named in passing
        counts = Counter(e.name for e in self.entities if e.kind not in ("assessor", "parent"))
        top = max(subjects, key=lambda name: counts[name])
        others = max(counts[name] for name in subjects if name != top)
        if counts[top] >= 3 and counts[top] >= 3 * others:
            return []
        rows = []
        for subject in subjects:
            claims = [c for c in res.overall_claims if c.subject == subject]
            first = next(c for c in claims if c.year is None or fy is None or c.year == fy)
            level = self._level_near(first, fy)
            entity = next((e for e in self.entities if e.name == subject), None)
            place: dict[str, str | None] = {"district": None, "province": None}
            if entity is not None and entity.mention is not None:
                place = self._district_province([entity.mention])
            elif subject.startswith("จังหวัด"):
                place["province"] = subject[len("จังหวัด") :]
            row = ParsedDocument(
                source=res.document.source,
                agency=Agency(name=subject, **place),
                fiscal_year=first.year or fy,
                document_year=res.document.document_year,
                overall=Overall(score=first.value, level=level.label if level else None),
                other_years=self._other_years([c for c in claims if c is not first], first.year or fy),
            )
            rows.append(row)
            res.row_claims.append((first, level))
        return rows

    def _read_tables(self, doc: ParsedDocument) -> None:
        """Tables with a score per year (the other years) or per agency (one row each); group reports' rows."""
        res, text, fy = self.result, self.text, doc.fiscal_year
        agency_rows: list[tuple[ParsedDocument, ScoreClaim, LevelClaim | None]] = []
        for table in _tables.tables(text):
            by_year = _tables.year_rows(table)
            if by_year:
                year = fy if fy in {r.year for r in by_year} else max(r.year for r in by_year)
                for r in by_year:
                    if r.year == year:
                        if doc.overall.score is None and r.score is not None:
                            doc.overall.score = r.score
                        if doc.overall.level is None and r.level is not None:
                            doc.overall.level = r.level
                            if r.level_start is not None:
                                res.overall_level = LevelClaim(r.level, r.level_start, r.level_start + len(r.level))
                        continue
                    if r.year not in {y.fiscal_year for y in doc.other_years}:
                        doc.other_years.append(YearResult(fiscal_year=r.year, overall=r.score, level=r.level))
                        res.year_spans[r.year] = [
                            (a, a + len(v))
                            for a, v in ((r.score_start, r.score_text), (r.level_start, r.level))
                            if a is not None and v
                        ]
                doc.other_years.sort(key=lambda y: -y.fiscal_year)
                if doc.fiscal_year is None:
                    doc.fiscal_year = year
                continue
            for r in _tables.agency_rows(table):
                name = r.name
                province = province_of(r.province) if r.province else None
                if name.startswith("จังหวัด") and province_of(name[len("จังหวัด") :]):
                    name = "จังหวัด" + (province_of(name[len("จังหวัด") :]) or "")
                row = ParsedDocument(
                    source=doc.source,
                    agency=Agency(name=name, district=r.district, province=province or r.province),
                    fiscal_year=fy,
                    document_year=doc.document_year,
                    overall=Overall(score=r.score, level=r.level),
                )
                claim = ScoreClaim("overall", r.score or 0.0, "table", r.start, r.end, r.score_start or r.start)
                level = (
                    LevelClaim(r.level, r.level_start, r.level_start + len(r.level))
                    if r.level and (r.level_start is not None)
                    else None
                )
                agency_rows.append((row, claim, level))
        group = _tables.group_rows(text, self._overall_of)
        if group:
            last: ParsedDocument | None = None
            for g in group:
                if g.name is None and last is not None:
                    last.other_years.append(YearResult(fiscal_year=g.year, overall=g.overall))
                    continue
                name = g.name or ""
                province = province_of(name)
                row = ParsedDocument(
                    source=doc.source,
                    agency=Agency(name="จังหวัด" + province if province else name, province=province),
                    fiscal_year=g.year,
                    document_year=doc.document_year,
                    overall=Overall(score=g.overall),
                    indicators=g.indicators,
                )
                agency_rows.append((row, ScoreClaim("overall", g.overall, "table", g.start, g.end, g.start), None))
                last = row
        if len(agency_rows) >= 2:
            if doc.fiscal_year is None:  # a table of results is results: its year is the one the page names
                doc.fiscal_year = self._stated_year() or doc.document_year
                for r, _, _ in agency_rows:
                    r.fiscal_year = r.fiscal_year or doc.fiscal_year
            res.rows = [r for r, _, _ in agency_rows]
            res.row_claims = [(c, lc) for _, c, lc in agency_rows]

    def _overall_of(self, year: int, indicators: dict[int, float]) -> float | None:
        try:
            fw = self.registry.get(year)
        except ProngsaiError:
            return None
        if sorted(indicators) != [i.number for i in fw.indicators.items]:
            return None
        try:
            return score_indicators(fw, indicators).overall
        except ProngsaiError:
            return None

    def _question_details(self, doc: ParsedDocument) -> None:
        """Instrument and indicator of coded questions (i1 → IIT, indicator from the year's question list)."""
        if not any(q.code for q in doc.questions):
            return
        indicator_of: dict[str, int] = {}
        for year in (doc.fiscal_year, doc.document_year):
            if year is None:
                continue
            try:
                fw = self.registry.get(year)
            except ProngsaiError:
                continue
            if fw.questions:
                indicator_of = {q.code.lower(): q.indicator for q in fw.questions.items}
                break
        for q in doc.questions:
            if not q.code:
                continue
            code = q.code.lower()
            if q.instrument is None:
                q.instrument = {"i": "IIT", "e": "EIT", "o": "OIT"}.get(code[0])  # type: ignore[assignment]
            if q.indicator is None and code in indicator_of:
                q.indicator = indicator_of[code]

    def _level_near(
        self, claim: ScoreClaim, fiscal_year: int | None = None, *, after_only: bool = False
    ) -> LevelClaim | None:
        """The level written with a score: the nearest one with no other score between (after ระดับ first).

        `after_only`: another year's score ("ปี 2560 ได้ 77.57 คะแนน") takes only a level written after it or with its
        year; the one before it is the results year's."""
        best = None
        year = claim.year or fiscal_year
        for lc in self.result.level_claims:
            if lc.year is not None and year is not None and lc.year != year:
                continue  # "(ปี 2564 ได้ระดับ A)" next to the 2565 score
            if after_only and lc.start < claim.end and lc.year != claim.year:
                continue
            gap = lc.start - claim.end if lc.start >= claim.end else claim.start - lc.end
            if gap > 120:
                continue
            lo, hi = (claim.end, lc.start) if lc.start >= claim.end else (lc.end, claim.start)
            j = bisect.bisect_left(self.num_starts, lo)
            if any(n.score for n in self.nums[j : bisect.bisect_left(self.num_starts, hi)]):
                continue
            key = (not lc.strong, gap)
            if best is None or key < best[0]:
                best = (key, lc)
        return best[1] if best else None

    def _document_year(self) -> int | None:
        res = self.result
        measure_periods = {p.fiscal_year for p in res.periods if p.fiscal_year and not self._results_period(p)}
        if len(measure_periods) == 1:
            return measure_periods.pop()
        header = [y for y in res.years if y.in_header and y.context != "date"]
        for pick in (
            [y for y in header if y.context not in ("results",) and self._fy_phrase(y)],
            [y for y in header if y.context not in ("results",)],
            header,
        ):
            if pick:
                return max(y.year for y in pick)
        dated = next((y.day for y in res.years if y.day is not None), None)
        if dated is not None and not res.periods:
            return fiscal_year_of(dated)  # a meeting's or an announcement's date
        fy_years = Counter(
            y.year for y in res.years if y.context in ("measures", "assessment", "other", "none") and self._fy_phrase(y)
        )
        if fy_years:
            return fy_years.most_common(1)[0][0]
        return None

    def _yearly_phrase(self, y: YearMention) -> bool:
        return bool(_YEARLY_BEFORE.search(self.text[max(0, y.start - 25) : y.start]))

    def _fy_phrase(self, y: YearMention) -> bool:
        return bool(_FY_WORD_BEFORE.search(self.text[max(0, y.start - 25) : y.start]))

    def _results_period(self, p: Period) -> bool:
        before = self.text[max(0, p.start - 80) : p.start]
        return bool(RESULTS_WORDS.search(before))

    def _fiscal_year(self, document_year: int | None) -> int | None:
        res = self.result
        # Years of results ("ผลการประเมิน … ปี 2567"), and years of the assessment when a results year is also
        # named ("การประเมินคุณธรรม … ประจำปีงบประมาณ พ.ศ. 2565" against "ผลการประเมินในปี 2564 จ.X …").
        voters = [y for y in res.years if y.context == "results"]
        if voters:
            voters += [y for y in res.years if y.context == "assessment" and self._yearly_phrase(y)]
            voters.sort(key=lambda y: y.start)
        votes = Counter(y.year for y in voters)
        if res.relative_results and document_year:
            votes[document_year - 1] += len(res.relative_results)
        if votes:
            top = votes.most_common()
            best = [y for y, c in top if c == top[0][1]]
            if len(best) == 1:
                return best[0]
            # A tie: the year nearest before the overall score, else the latest.
            if res.overall_claims:
                pos = res.overall_claims[0].start
                before = [y for y in voters if y.year in best and y.start < pos]
                if before:
                    return before[-1].year
            return max(best)
        states_results = bool(
            res.overall_claims
            or res.indicator_claims
            or res.instrument_claims
            or res.level_claims
            or res.document.questions
        )
        if states_results:
            return self._stated_year() or document_year
        return None

    def _stated_year(self) -> int | None:
        """News and agency pages name the assessment's year, not "ผลการประเมิน ปี …": ประจำปีงบประมาณ พ.ศ. 2566,
        ITA 2566, ปี 66 (not a date's year, nor a year in brackets after another year's score, nor "ตั้งแต่ปี")."""
        votes: Counter[int] = Counter()
        first: dict[int, int] = {}
        for y in self.result.years:
            if y.context in ("date", "measures", "other"):
                continue
            before = self.text[max(0, y.start - 25) : y.start]
            if _SINCE_BEFORE.search(before):
                continue
            if self._fy_phrase(y) or _ITA_BEFORE.search(before):
                votes[y.year] += 1
                first.setdefault(y.year, y.start)
        if not votes:
            return None
        return max(votes, key=lambda v: (votes[v], -first[v]))


@dataclass
class _Entity:
    start: int
    end: int
    name: str  # the full name it stands for
    kind: Literal["local", "institution", "province", "assessor", "parent"]
    mention: AgencyMention | None = None


def _institution_canonical(names: list[str]) -> dict[str, str]:
    """Each written name → the form to report: with its (องค์การมหาชน) when any mention has it."""
    by_base: dict[str, list[str]] = {}
    for name in names:
        base = _compact(re.sub(r"\(.*?\)", "", name))
        by_base.setdefault(base, []).append(name)
    out = {}
    for forms in by_base.values():
        counts = Counter(forms)
        best = max(counts, key=lambda f: (len(f), counts[f]))
        out.update({f: best for f in counts})
    return out


# Institutions other than local governments, named in the title lines.
_INSTITUTION = re.compile(
    rf"(?:มหาวิทยาลัย|โรงพยาบาล|โรงเรียน|สำนักงาน|กรม|กระทรวง|สถาบัน|สำนัก|ศาล|การไฟฟ้า|การประปา|กองทุน|องค์การ"
    rf"|ศูนย์|วิทยาลัย)[{_NAME_CHAR}]{{2,60}}"
)
_NOT_THE_AGENCY = ("สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", "สำนักงานป.ป.ช", "สำนักงานคณะกรรมการ ป.ป.ช")
_PLACE_AFTER = re.compile(r"\s?(?:อำเภอ|จังหวัด|อ\.|จ\.|เขต)")
_DISTRICT = re.compile(rf"\s?(?:อำเภอ|อ\.)\s?([{_NAME_CHAR}]{{2,30}})")
_PROVINCE = re.compile(rf"(?:\s?(?:อำเภอ|อ\.)\s?[{_NAME_CHAR}]{{2,30}})?\s?(?:จังหวัด|จ\.)\s?([{_NAME_CHAR}]{{2,30}})")


def _registry() -> FrameworkRegistry:
    return shared_registry()  # built-in years plus the user's (PRONGSAI_FRAMEWORK_PATH)


def parse_text(
    text: str, source: str = "", *, registry: FrameworkRegistry | None = None, lexicon: Lexicon | None = None
) -> ParseResult:
    """Parse a document's text (any extraction) into results and the spans behind them."""
    return _Parser(text, source, registry or _registry(), lexicon or load_lexicon()).run()


def parse_document_text(text: str, source: str = "") -> ParsedDocument:
    """Just the ParsedDocument."""
    return parse_text(text, source).document


def parse_file(path: str | Path, *, registry: FrameworkRegistry | None = None) -> ParseResult:
    """Read a document file (.txt .docx .pdf .html; DocumentError when it cannot be read) and parse it."""
    from prongsai.core.documents.read import read_document

    extracted = read_document(path)
    result = parse_text(extracted.text, extracted.source, registry=registry)
    if extracted.ocr:  # a scan: mark what was read by OCR (fields, and the lines the checker treats as OCR)
        from prongsai.core.documents.ocr_marks import mark_ocr

        mark_ocr(result, extracted)
    return result
