"""Thai line breaks for the copy of a DOCX that LibreOffice prints: lines end between words, never inside one.

LibreOffice breaks Thai lines at the boundaries of its ICU dictionary, which cuts words that PyThaiNLP (and a Thai
reader) keep whole: น้ำ|หนัก, ดำเนิน|การ, หน่วย|งาน, ความคืบ|หน้า. In a narrow table column that puts half a word
on each line (measured: กำลังดำเนิน / การ in the progress report's status column). So, in the copy LibreOffice
prints (never in the DOCX the officer edits):

* the text is cut into words with PyThaiNLP (longest matching, run by run between spaces), a few phrases kept as
  one word (`KEEP_TOGETHER`, the agency name the document names as its author);
* inside a word that fits on one line of its paragraph or table cell, a WORD JOINER (U+2060) sits at every place
  where a line could otherwise break (before each Thai consonant or leading vowel, never after a leading vowel, so
  no mark is ever separated from its base); a word wider than its column gets none, so LibreOffice still breaks it
  at its own places rather than at an arbitrary character;
* between two Thai words a ZERO WIDTH SPACE (U+200B) marks where a line may break, and so does one after each
  slash of a web address too wide for its column (LibreOffice would otherwise cut it anywhere).

LibreOffice writes neither character into the PDF's text layer (pdftotext and PDFium give the plain text; tested),
so copying text from the PDF gives the words as written. Widths are measured from Sarabun's advance widths (the
font every PDF is printed in) at the run's size, with a small margin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"

# Phrases that are one unit to a reader although PyThaiNLP cuts them (status labels, table headings, budget terms).
KEEP_TOGETHER: tuple[str, ...] = (
    "กำลังดำเนินการ",
    "ดำเนินการแล้วเสร็จ",
    "ยังไม่เริ่ม",
    "ติดปัญหา",
    "เลยกำหนด",
    "กำหนดเสร็จ",
    "ความคืบหน้า",
    "น้ำหนัก",
    "งบดำเนินงาน",
    "งบลงทุน",
    "งบประมาณ",
    "ไม่ใช้งบประมาณ",
    "ส่วนราชการ",
    "ผู้รับผิดชอบ",
    "ผลเทียบเกณฑ์",
)

_THAI = re.compile("[\u0e01-\u0e5b]")
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
# A line may start before a Thai consonant, a leading vowel (เ แ โ ใ ไ) or a Thai digit; never before a following
# vowel, a tone mark or sara am, and never right after a leading vowel.
_CLUSTER_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44\u0e50-\u0e59]")
_LEADING_VOWEL = "\u0e40\u0e41\u0e42\u0e43\u0e44"
_AFTER_SLASH = re.compile(r"(?<=[^/:])/(?=[^/\s])")  # a path's slashes, not the // after https:
_SAFETY = 0.95  # measured widths leave this share of the column for kerning and rounding


def _font_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.ROOT) / "files"


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    """Sarabun's advance width per code point, its units per em, and a fallback advance."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(_font_dir() / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf")), lazy=True)
    metrics = font["hmtx"].metrics
    widths = {cp: metrics[name][0] for cp, name in font.getBestCmap().items()}
    em = font["head"].unitsPerEm
    font.close()
    return widths, em, widths.get(ord("ก"), em // 2)


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `text` prints in Sarabun at `size_pt` (advance widths; marks above and below take none)."""
    widths, em, fallback = _advances(bold)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size_pt / em


def _glue(word: str) -> str:
    """`word` with a WORD JOINER wherever a line could break inside it."""
    out = [word[0]]
    for prev, ch in pairwise(word):
        if _CLUSTER_START.match(ch) and prev not in _LEADING_VOWEL:
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=8)
def _keep_pattern(keep: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted({p for p in keep if p and _THAI.search(p)}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


_RUNS = re.compile("[\u0e01-\u0e4e]+|[^\u0e01-\u0e4e]+")  # runs of Thai letters and marks, and the rest
LONGEST_MAX = 300  # PyThaiNLP's "longest" is quadratic: a longer run without spaces is cut with newmm


def _tokenise(chunk: str) -> list[str]:
    """One run of text without spaces cut into words. PyThaiNLP's ``longest`` matching cuts the phrases of
    official Thai better than ``newmm`` (การดำเนินการตาม: การ|ดำเนินการ|ตาม, not การ|ดำเนิน|การตาม; รายงาน, not
    ราย|งานการ) and costs a few milliseconds for a run of a hundred characters."""
    return list(_tokenise_cached(chunk))


@lru_cache(maxsize=32768)
def _tokenise_cached(chunk: str) -> tuple[str, ...]:
    """Cached: a batch of reports repeats the same phrases (headings, fixed sentences, unit names) in every
    document, and tokenising was most of preparing a DOCX for LibreOffice (docs/performance.md)."""
    from pythainlp.tokenize import word_tokenize

    engine = "longest" if len(chunk) <= LONGEST_MAX else "newmm"
    return tuple(word_tokenize(chunk, engine=engine, keep_whitespace=True))


def words(text: str, keep: Iterable[str] = ()) -> list[str]:
    """`text` cut into words: each run of Thai letters by PyThaiNLP, with the `keep` phrases and `KEEP_TOGETHER`
    each one word; spaces, digits, Latin text and punctuation are runs of their own."""
    pattern = _keep_pattern(tuple(sorted({*KEEP_TOGETHER, *keep})))
    out: list[str] = []
    for run in _RUNS.findall(text):
        if not _THAI_LETTER.match(run):
            out.append(run)
            continue
        start = 0
        for m in pattern.finditer(run) if pattern else ():
            if m.start() > start:
                out.extend(_tokenise(run[start : m.start()]))
            out.append(m.group(0))
            start = m.end()
        if start < len(run):
            out.extend(_tokenise(run[start:]))
    return out


def break_between_words(
    text: str, *, width_pt: float, size_pt: float, bold: bool = False, keep: Iterable[str] = ()
) -> str:
    """`text` prepared so that LibreOffice ends its lines only between words (module docstring).

    `width_pt` is the width of a line of the paragraph (a table cell's text width), `size_pt` the printed size."""
    if not _THAI.search(text):
        return text
    limit = width_pt * _SAFETY
    pieces: list[str] = []
    previous_thai = False
    for phrase in words(text, keep):
        fits = text_width_pt(phrase, size_pt, bold=bold) <= limit
        # a kept phrase too wide for its column falls back to its words, so it breaks between them
        parts = [phrase] if fits or not _THAI_LETTER.match(phrase) else _tokenise(phrase)
        for word in parts:
            thai = bool(_THAI_LETTER.match(word))  # a run of Thai letters (PyThaiNLP's word), nothing else
            if not thai and "/" in word and not fits:  # a web address wider than its column breaks after a slash
                word = _AFTER_SLASH.sub("\\g<0>" + ZERO_WIDTH_SPACE, word)
            if thai and previous_thai and _CLUSTER_START.match(word) and pieces[-1][-1] not in _LEADING_VOWEL:
                pieces.append(ZERO_WIDTH_SPACE)
            if thai and len(word) > 1 and (fits or text_width_pt(word, size_pt, bold=bold) <= limit):
                word = _glue(word)
            pieces.append(word)
            previous_thai = thai
    return "".join(pieces)


def unglued(text: str) -> str:
    """`text` without the joiners and zero-width spaces this module adds."""
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")


__all__ = [
    "KEEP_TOGETHER",
    "WORD_JOINER",
    "ZERO_WIDTH_SPACE",
    "break_between_words",
    "text_width_pt",
    "unglued",
    "words",
]
