"""Thai text helpers: digits, Buddhist-era years and fiscal years, score formatting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

BE_OFFSET = 543
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """๙๙.๕๐ → 99.50 (other characters unchanged)."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """99.50 → ๙๙.๕๐ (other characters unchanged)."""
    return text.translate(_TO_THAI)


def format_score(value: float, *, thai_digits: bool = False) -> str:
    """A score as published: two decimals, Thai digits on request."""
    text = f"{value:.2f}"
    return to_thai_digits(text) if thai_digits else text


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """The B.E. fiscal year (ปีงบประมาณ) a date falls in: 1 Oct 2024 – 30 Sep 2025 is 2568."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_period(fiscal_year_be: int) -> tuple[date, date]:
    ce = ce_year(fiscal_year_be)
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def thai_date(day: date, *, thai_digits: bool = False, short: bool = False) -> str:
    """21 พฤศจิกายน 2568 (B.E. year, Thai month name); short gives 21 พ.ย. 2568."""
    from pythainlp.util import thai_strftime

    return thai_strftime(day, "%-d %b %Y" if short else "%-d %B %Y", thaidigit=thai_digits)


def after_thai_word(word: str, text: str) -> str:
    """``text`` after a Thai ``word`` such as และ or ขณะนี้: Thai letters follow without a space (และตัวชี้วัด), anything
    else (a code such as EIT, a number) after one space, so a sentence never reads "และEIT"."""
    if not text:
        return word
    return f"{word}{text}" if "\u0e01" <= text[0] <= "\u0e4f" else f"{word} {text}"


def list_th(items: Sequence[str]) -> str:
    """Thai list: "ก ข และค" (items joined by spaces, the last after และ); blank items dropped."""
    kept = [x for x in items if x]
    if len(kept) <= 1:
        return "".join(kept)
    return " ".join(kept[:-1]) + " " + after_thai_word("และ", kept[-1])


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above/below take none."""
    import unicodedata

    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a display width (ljust/rjust count Thai marks as columns, which misaligns tables)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


# --- text normalisation for documents ------------------------------------------------------------

import re as _re  # noqa: E402
import unicodedata as _unicodedata  # noqa: E402

# Invisible characters that PDF/Word extraction leaves inside words.
_ZERO_WIDTH = _re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
# Other space characters become a plain space; tabs and newlines are kept (tables and line numbers).
_ODD_SPACES = _re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# NIKHAHIT (+ tone mark) + SARA AA → (tone mark +) SARA AM: นํ้า → น้ำ, ทํา → ทำ.
_DECOMPOSED_AM = _re.compile("\u0e4d([\u0e48-\u0e4b]?) ?\u0e32")
# Tone mark or THANTHAKHAT typed before an above/below vowel: ก่ิน → กิ่น.
_TONE_BEFORE_VOWEL = _re.compile("([\u0e48-\u0e4c]+)([\u0e31\u0e34-\u0e3a\u0e47])")
_DOUBLE_SARA_E = _re.compile("\u0e40\u0e40")
_REPEATED_MARK = _re.compile(f"([{_THAI_MARKS}])\\1+")
# A mark can never start a syllable: spaces before it are extraction artefacts (ที ่ → ที่).
_SPACE_BEFORE_MARK = _re.compile(f"(?<=[\u0e01-\u0e4e]) +(?=[{_THAI_MARKS}])")
_SPACE_RUN = _re.compile(" {2,}")
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_ODD_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Anything the four mark repairs below would change (one pass to find out).
_MARK_TROUBLE = _re.compile(
    f"[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a\u0e47]|\u0e40\u0e40|([{_THAI_MARKS}])\\1"
    f"|(?<=[\u0e01-\u0e4e]) +(?=[{_THAI_MARKS}])"
)


def normalise_text(text: str) -> str:
    """Clean text extracted from a document, so that the same word is always the same code points.

    NFC; CR/LF and form feeds → newline; zero-width characters removed; odd spaces → a space;
    decomposed SARA AM (ํ + า, also with a tone mark between) → ำ; tone marks typed before an
    above/below vowel reordered; เเ → แ; repeated marks dropped; spaces before Thai marks
    removed; runs of spaces collapsed to one. Thai digits are kept (convert them when reading
    numbers: `to_arabic_digits` keeps every offset). Tabs and newlines are kept, so line numbers
    stay those of the document. Offsets reported by the parser and checker are into this text.

    Like PyThaiNLP's ``normalize`` + ``remove_spaces_before_marks``, but those join lines and strip
    the text (line numbers would be lost), and keep the space in "ที ่" after a vowel.
    """
    text = _unicodedata.normalize("NFC", text)
    if "\r" in text or "\f" in text or "\v" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    # Single-character tests are fast (memchr); the regular expressions run only when needed.
    if any(ch in text for ch in _ZERO_WIDTH_CHARS):
        text = _ZERO_WIDTH.sub("", text)
    if any(ch in text for ch in _ODD_SPACE_CHARS):
        text = _ODD_SPACES.sub(" ", text)
    if "\u0e4d" in text:
        text = _DECOMPOSED_AM.sub("\\1\u0e33", text)
    if _MARK_TROUBLE.search(text):
        text = _SPACE_BEFORE_MARK.sub("", text)
        text = _TONE_BEFORE_VOWEL.sub("\\2\\1", text)
        text = _DOUBLE_SARA_E.sub("\u0e41", text)
        text = _REPEATED_MARK.sub("\\1", text)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text
