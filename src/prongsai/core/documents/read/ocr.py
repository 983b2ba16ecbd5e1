"""OCR of scans: image files (PNG, JPEG, TIFF, GIF, WebP, BMP) and the pages of a PDF that have no text layer.

Tesseract 5 (through ``tesserocr``) with the Debian Thai and English models (``tesseract-ocr-tha``,
``tesseract-ocr-eng``; ``make debian-deps`` installs them). Each page is:

1. made grey at about 300 dpi: an image is scaled from its own resolution (unknown or implausible: the page is
   taken to be A4); a scanned PDF page is rendered at the resolution of its scan, then scaled the same way;
2. cleaned: a 3×3 median filter removes copier speckle (after scaling, so that thin strokes survive), Otsu's
   threshold makes it black and white, the skew is measured from the projection profile of the ink (±5°, to
   0.05°) and turned back, thin ruled lines (table borders, underlines) are taken out so that they are not read
   as letters, and isolated specks left over are dropped;
3. recognised (Tesseract, the Thai model alone, page segmentation "auto", LSTM): words with their boxes and
   confidences (Thai has no spaces between words: Tesseract's pieces of one run are joined, only a blank before a
   word is a space);
4. laid out again from the word boxes, not from Tesseract's reading order, by the layout shared with PDFs
   (``_layout``): Tesseract's lines are grouped into rows by their vertical position (a table's cells in one row,
   whatever blocks Tesseract put them in), a page in two columns of running text is read column by column, and a
   row is cut into cells where the gap between two words is wide. Cells are joined by TAB, as the Word reader joins
   table cells, so the parser reads a scanned table like a Word table;
5. corrected where Tesseract is known to fail: numbers with Thai digits are read again from the ink by
   ``thai_digits`` (Tesseract's Thai models do not read Thai digits), and short Latin or doubtful words, short
   words in brackets and short words alone in a table cell get a second reading by the English model alone (the
   word cut out of the page), an ITA abbreviation misread by a letter ("(IT)" after ภายใน) being written as
   IIT, EIT, OIT or ITA. A word the Thai model read as Thai is replaced only by an abbreviation (or a level's
   letter among numbers in Thai digits).

Limits: ``max_pages`` pages to OCR (default ``PRONGSAI_OCR_MAX_PAGES`` or 50; a scan over it is refused before any
page is read), ``MAX_PIXELS`` per page image (a decompression bomb is refused before it is decoded). Text found is
judged: a file whose pages give fewer than ``MIN_THAI_LETTERS`` confidently read Thai letters is "no text in the
image", a Thai refusal.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from prongsai.core.documents.read._common import ProgressFn, fail, image_format
from prongsai.core.errors import DocumentError

TARGET_DPI = 300
DEFAULT_MAX_PAGES = 50
MAX_PIXELS = 60_000_000  # one page image: A4 at 600 dpi is 35 million pixels
MIN_THAI_LETTERS = 20  # confidently read Thai letters in the whole file, else "no text found"
CONFIDENT = 50.0  # Tesseract word confidence (0–100) counted as read
# The main pass reads with the Thai model alone (about 0.6 s a page less than "tha+eng"); the Latin words of an ITA
# document (IIT, EIT, OIT, ITA in brackets, table cells, web addresses) get a second reading by the English model
# (``Engine.latin``), chosen word by word (``_second_opinions``).
LANGUAGES = "tha"
TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_THAI_LETTER = range(0x0E01, 0x0E2F)
_THAI_DIGIT_CHARS = frozenset("๐๑๒๓๔๕๖๗๘๙")


def max_pages_default() -> int:
    """``PRONGSAI_OCR_MAX_PAGES`` (a positive integer), else 50."""
    raw = os.environ.get("PRONGSAI_OCR_MAX_PAGES", "").strip()
    return int(raw) if raw.isdecimal() and int(raw) > 0 else DEFAULT_MAX_PAGES


# --- Tesseract ----------------------------------------------------------------------------------------


def tessdata_dir() -> str | None:
    """The folder holding ``tha.traineddata`` and ``eng.traineddata``: ``PRONGSAI_TESSDATA``, ``TESSDATA_PREFIX``
    or the Debian/Homebrew places."""
    for env in ("PRONGSAI_TESSDATA", "TESSDATA_PREFIX"):
        value = os.environ.get(env, "").strip()
        if value:
            for folder in (Path(value), Path(value) / "tessdata"):
                if (folder / "tha.traineddata").is_file():
                    return str(folder) + "/"
    for candidate in TESSDATA_CANDIDATES:
        if (Path(candidate) / "tha.traineddata").is_file() and (Path(candidate) / "eng.traineddata").is_file():
            return candidate + "/"
    return None


def _unavailable(source: str, why: str) -> DocumentError:
    return fail(
        source,
        "อ่านภาพด้วย OCR ไม่ได้ เพราะเครื่องนี้ยังไม่มีโปรแกรม Tesseract หรือข้อมูลภาษาไทย"
        " (ผู้ดูแลระบบติดตั้งได้ด้วย make debian-deps) หรือใช้ไฟล์ต้นฉบับ (Word/PDF ที่มีข้อความ)",
        f"OCR is not available ({why}); install Tesseract with the Thai model (make debian-deps),"
        " or use the original Word file or a PDF with a text layer",
    )


def ocr_available() -> bool:
    """Whether OCR can run here: tesserocr imports and the Thai and English models are found."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return tessdata_dir() is not None


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    line: int  # Tesseract's text line (index on the page)

    @property
    def height(self) -> int:
        return self.bottom - self.top


class Engine:
    """One Tesseract instance (the Thai model, LSTM), and one of the English model for second readings of single
    words. Not thread-safe: one per thread (``_engine``); ``close()`` frees it."""

    def __init__(self, source: str) -> None:
        try:
            import tesserocr
        except ImportError as exc:
            raise _unavailable(source, "the tesserocr package is not installed") from exc
        path = tessdata_dir()
        if path is None:
            raise _unavailable(source, "no tha.traineddata/eng.traineddata found")
        try:
            self.api = tesserocr.PyTessBaseAPI(
                path=path, lang=LANGUAGES, psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY
            )
        except RuntimeError as exc:
            raise _unavailable(source, f"Tesseract did not start: {exc}") from exc
        self.api.SetVariable("tessedit_do_invert", "0")  # scans are dark on light: do not try inverted text
        self._tesserocr = tesserocr
        self._latin = None  # the English model alone, for second readings (made when first needed)

    def close(self) -> None:
        self.api.End()
        if self._latin is not None:
            self._latin.End()

    def latin(self, image, box: tuple[int, int, int, int], dpi: int) -> tuple[str, float]:
        """A second reading of one word with the English model alone, as a single line: Tesseract's Thai model
        reads short Latin words inside Thai text badly ("(IIT)" as "(NT)" or "เห")."""
        tr = self._tesserocr
        if self._latin is None:
            self._latin = tr.PyTessBaseAPI(
                path=tessdata_dir(), lang="eng", psm=tr.PSM.SINGLE_LINE, oem=tr.OEM.LSTM_ONLY
            )
        api = self._latin
        # The word cut out and given alone: about 2.3 ms a word, against 7.3 ms for SetRectangle on the whole page
        # (measured on the analysis scan's first page, 67 words).
        api.SetImage(image.crop(box))
        api.SetSourceResolution(dpi)
        text = (api.GetUTF8Text() or "").strip()
        return text, float(api.MeanTextConf())

    def words(self, image, dpi: int) -> list[Word]:
        tr = self._tesserocr
        api = self.api
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        out: list[Word] = []
        iterator = api.GetIterator()
        if iterator is None:
            return out
        line = -1
        for r in tr.iterate_level(iterator, tr.RIL.WORD):
            try:
                if r.IsAtBeginningOf(tr.RIL.TEXTLINE):
                    line += 1
                text = r.GetUTF8Text(tr.RIL.WORD)
                box = r.BoundingBox(tr.RIL.WORD)
                conf = r.Confidence(tr.RIL.WORD)
                spaced = r.BlanksBeforeWord() > 0
            except RuntimeError:  # an empty element
                continue
            if not text or not text.strip() or box is None:
                continue
            word = Word(text.strip(), box[0], box[1], box[2], box[3], float(conf), max(line, 0))
            last = out[-1] if out else None
            if last is not None and not spaced and last.line == word.line:
                # Thai is not written with spaces between words: Tesseract's "words" there are pieces of one
                # run of text, and only a blank before a word is a real space.
                last.text += word.text
                last.left, last.top = min(last.left, word.left), min(last.top, word.top)
                last.right, last.bottom = max(last.right, word.right), max(last.bottom, word.bottom)
                last.conf = min(last.conf, word.conf)
                continue
            out.append(word)
        return out


# --- cleaning the page image ----------------------------------------------------------------------------


def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold of a uint8 image (the grey level that best splits ink from paper)."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    mean_all = mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * weight / total - mean) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    return int(np.argmax(between))


def skew_angle(ink: np.ndarray, *, limit: float = 5.0) -> float:
    """The angle (degrees, counter-clockwise positive) by which the text lines are turned.

    Projection profile: for each candidate angle, the ink pixels are projected onto the vertical axis along that
    angle; text lines give the sharpest profile (largest sum of squared differences) at the true angle."""
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60_000:  # a sample is enough, and keeps this fast on a dense page
        pick = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        rows -= rows.min()
        profile = np.bincount(rows).astype(np.float64)
        return float(np.sum(np.diff(profile) ** 2))

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=sharpness)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness)
    return round(float(fine), 2)


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels of horizontal runs of True at least ``length`` long."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    starts = np.argwhere(edges == 1)
    ends = np.argwhere(edges == -1)
    out = np.zeros_like(mask)
    long = (ends[:, 1] - starts[:, 1]) >= length
    for (row, start), (_, end) in zip(starts[long], ends[long], strict=True):
        out[row, start:end] = True
    return out


def _horizontal_rules(dark: np.ndarray, dpi: int, length: int) -> np.ndarray:
    """Thin horizontal lines at least ``length`` long: dark pixels with paper a little above and below them (a
    letter's stroke is short; a text line is thick), in runs of that length. ``dark`` must be C-contiguous."""
    gap = max(3, round(dpi / 60))  # about 0.4 mm: thicker than a rule at 1 pt
    h = dark.shape[0]
    out = np.zeros_like(dark)
    if h <= 2 * gap:
        return out
    thin = dark[gap : h - gap] & ~dark[: h - 2 * gap] & ~dark[2 * gap :]
    # Only a row with ``length`` such pixels in all can hold a run that long: the runs are looked for in those rows
    # alone (on a page without a table or an underline, none), the same result for a fraction of the work.
    rows = np.flatnonzero(np.count_nonzero(thin, axis=1) >= length)
    if not len(rows):
        return out
    runs = _long_runs(thin[rows], length)
    for k in np.flatnonzero(runs.any(axis=1)):  # ``thin`` row r is row r + gap of the page
        r = rows[k]
        out[r + 1 : r + 2 * gap, :] |= runs[k]  # the whole thickness of the rule: the rows around it
    return out


def despeckle(ink: np.ndarray, dpi: int) -> np.ndarray:
    """Ink without isolated specks: pixels with almost no ink within about 1 mm around them (copier dust, and
    what the median filter left). A full stop or a Thai mark stands next to a letter, so it is kept."""
    from PIL import Image, ImageFilter

    # Counted on every second pixel each way (a quarter of the work): a speck is still a speck there.
    half = ink[::2, ::2]
    radius = max(2, round(dpi / 50.8))  # about 1 mm, in half pixels
    limit = max(2, round((dpi / 300) ** 2 * 10))  # a bit more than a 5×5 speck at 300 dpi, in half pixels
    mask = Image.fromarray(half.view(np.uint8) * np.uint8(255), mode="L")
    share = np.asarray(mask.filter(ImageFilter.BoxBlur(radius)))  # ink share × 255
    keep = share > int(255 * limit / (2 * radius + 1) ** 2)
    keep = np.repeat(np.repeat(keep, 2, axis=0), 2, axis=1)[: ink.shape[0], : ink.shape[1]]
    return ink & keep


def remove_rules(ink: np.ndarray, dark: np.ndarray, dpi: int) -> np.ndarray:
    """Ink without ruled lines (table borders, underlines). ``dark`` is a lenient mask (anything darker than the
    paper), in which a thin grey rule is whole where the ink mask has broken it into dashes."""
    across = _horizontal_rules(dark, dpi, max(30, dpi // 4))  # 1/4 inch: longer than any letter's stroke
    # A table's upright rules run between its horizontal ones (removed first, so that the crossings are thin):
    # a row high, about 1/6 inch, still longer than the upright stroke of a letter.
    down = _horizontal_rules(np.ascontiguousarray((dark & ~across).T), dpi, max(20, dpi // 6)).T
    rules = across | down
    return ink & ~rules if rules.any() else ink


# fmt: off
_MEDIAN9 = (
    (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
    (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
)
# fmt: on


def median3(arr: np.ndarray) -> np.ndarray:
    """The 3×3 median of a uint8 image, edges repeated: the same pixels as Pillow's ``MedianFilter(3)``, in about a
    quarter of its time (a 19-exchange sorting network over the nine shifted copies of the page)."""
    h, w = arr.shape
    padded = np.pad(arr, 1, mode="edge")
    v = [padded[dy : dy + h, dx : dx + w].copy() for dy in range(3) for dx in range(3)]
    for a, b in _MEDIAN9:
        low = np.minimum(v[a], v[b])
        np.maximum(v[a], v[b], out=v[b])
        v[a] = low
    return v[4]


@dataclass
class CleanPage:
    image: object  # PIL image, mode "L", black text on white, TARGET_DPI
    ink: np.ndarray  # bool, True = ink (the same pixels)
    dpi: int
    angle: float
    grey: np.ndarray | None = None  # uint8, the straightened grey page (rules and specks made paper)
    threshold: int = 128  # the page's Otsu threshold


def _grey(image):
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr * 255.0 / top).astype(np.uint8))
    return image.convert("L")


def clean(image, dpi: float | None) -> CleanPage:
    """Grey, about 300 dpi, speckle removed, straightened, black and white, ruled lines removed."""
    from PIL import Image

    grey = _grey(image)
    w, h = grey.size
    if dpi is None or not 100 <= dpi <= 1200:
        dpi = max(w, h) / 11.69  # unknown: take the long side to be A4's 297 mm
    scale = min(4.0, TARGET_DPI / max(dpi, 1.0))
    if not 0.9 <= scale <= 1.1 and (scale > 1 or dpi > 450):
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        if size[0] * size[1] > MAX_PIXELS:
            factor = math.sqrt(MAX_PIXELS / (size[0] * size[1]))
            size = (max(1, int(size[0] * factor)), max(1, int(size[1] * factor)))
        grey = grey.resize(size, Image.Resampling.BICUBIC)
        out_dpi = round(dpi * grey.size[0] / w)
    else:
        out_dpi = round(dpi)
    # The median filter after scaling: a speck is then a few pixels wide and goes, while a thin stroke (the tail of
    # ๙, a tone mark) is wide enough to stay; at 150 dpi it would take those strokes with the speckle.
    arr = median3(np.asarray(grey))
    grey = Image.fromarray(arr, mode="L")
    threshold = otsu_threshold(arr[::2, ::2])  # every fourth pixel gives the same histogram's shape
    # The skew from a quarter-size copy: fast, and precise enough (0.05° over a page width is under a pixel).
    small = grey.reduce(4) if min(grey.size) >= 400 else grey
    angle = skew_angle(np.asarray(small) <= threshold)
    if abs(angle) >= 0.1:
        grey = grey.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
        arr = np.asarray(grey)
    paper = int(np.percentile(arr[::4, ::4], 90))
    dark = arr < threshold + (paper - threshold) * 2 // 3
    raw = arr <= threshold
    ink = despeckle(remove_rules(raw, dark, out_dpi), out_dpi)
    page = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), mode="L")
    grey_clean = np.where(raw & ~ink, np.uint8(255), arr)
    return CleanPage(page, ink, out_dpi, angle, grey_clean, threshold)


# --- laying the words out again ------------------------------------------------------------------------


@dataclass
class _Row:
    top: int
    bottom: int
    words: list[Word] = field(default_factory=list)


def _core_band(words: list[Word]) -> tuple[int, int]:
    """A line's vertical band without the marks above and below: the median top and bottom of its words."""
    tops = sorted(w.top for w in words)
    bottoms = sorted(w.bottom for w in words)
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]


def rows_of(words: list[Word], unit: float | None = None) -> list[_Row]:
    """Words grouped into rows in reading order by the layout shared with PDFs (``_layout``): Tesseract's lines are
    placed whole (by their core band) and joined when they stand side by side at the same height (the cells of one
    table row, which Tesseract often puts in different blocks); a page set in two columns of running text gives the
    rows of its left column, then those of its right column (``_layout.regions_of``)."""
    from prongsai.core.documents.read import _layout

    boxes = [_layout.Box(w.left, w.top, w.right, w.bottom, w.text, w.line) for w in words]
    word_of = {id(b): w for b, w in zip(boxes, words, strict=True)}
    rows: list[_Row] = []
    for region in _layout.regions_of(boxes, unit, together=True):
        for row in _layout.rows_of(region, together=True):
            ws = [word_of[id(b)] for b in row]
            top, bottom = _core_band(ws)
            rows.append(_Row(top, bottom, ws))
    return rows


_CANDIDATE = _THAI_DIGIT_CHARS | frozenset("0123456789.,")
_STRIP = _THAI_DIGIT_CHARS | frozenset("0123456789.,oO«<")


def _has_thai(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e5b" for ch in text)


def _candidate(word: Word, unit: float) -> bool:
    """A word that may hold a number in Thai digits: Tesseract saw a digit or a dot in it, read it as a short run of
    Latin letters (what it often makes of Thai digits: ๓๐ as "mo", ๗๖.๔๕ as "abcde"), or was not sure of it."""
    if word.right - word.left >= 12 * unit:
        return False
    if any(ch in _CANDIDATE for ch in word.text):
        return True
    return (len(word.text) <= 10 and not _has_thai(word.text)) or (word.conf < 60 and len(word.text) <= 6)


_LATIN_WORD = re.compile(r"^[(\[]?[A-Za-z][A-Za-z0-9&.\-]{0,8}[)\]]?[.,:;]?$")
# The Latin abbreviations of ITA documents, and the Thai names written before them ("…ภายใน (IIT)").
CODES = ("IIT", "EIT", "OIT", "ITA")
_CODE_AFTER = {"ภายใน": "IIT", "ภายนอก": "EIT", "สาธารณะ": "OIT", "ภาครัฐ": "ITA"}
LEVELS = ("AA", "A", "B", "C", "D", "E", "F")  # the ITA levels, as a table of past years writes them
_TWO_I = re.compile(r"^[NHUWM]T$")  # "NT", "HT", "WT", "UT": how Tesseract reads "IIT" with its I's touching
_CODE_SHAPE = re.compile(r"^(?P<open>[(\[]?)(?P<code>[A-Za-z0-9!|]{2,4})(?P<close>[)\]]?)(?P<tail>[.,:;]?)$")


def _as_code(text: str, before: str) -> str | None:
    """A short Latin word that is an ITA abbreviation misread by one letter ("(IT)", "0IT", "(0IT)"), written as
    the abbreviation; the Thai words just before decide between IIT, EIT and OIT when the letters cannot."""
    from rapidfuzz.distance import Levenshtein

    m = _CODE_SHAPE.match(text)
    if not m or not (any(ch.isalpha() for ch in m["code"]) or (m["open"] and m["close"])):
        return None  # digits alone are a number, unless in brackets ("(011)" for "(OIT)")
    letters = m["code"].upper().replace("0", "O").replace("1", "I").replace("!", "I").replace("|", "I")
    if letters in CODES:
        code = letters
    elif _TWO_I.match(letters):
        code = "IIT"  # the two I's of IIT printed close together, read as one wide letter
    else:
        near = [c for c in CODES if Levenshtein.distance(letters, c) <= 1]
        if not near:
            return None
        context = [c for word, c in _CODE_AFTER.items() if before.rstrip(" (").endswith(word)]
        if len(near) == 1 and (not context or context[0] == near[0]):
            code = near[0]
        elif context and context[0] in near:
            code = context[0]
        else:
            return None
    return f"{m['open']}{code}{m['close']}{m['tail']}"


_BRACKETS = "()[]|.,:;"


def _maybe_code(words: list[Word], index: int, unit: float) -> bool:
    """Whether a word the Thai model read as Thai may be an ITA abbreviation it misread ("(IIT)" as "(แร)", "OIT"
    as "0วห"): a short word in brackets, or a short word alone in a table cell (far from the words beside it)."""
    word = words[index]
    core = word.text.strip(_BRACKETS)
    if not 1 <= len(core) <= 6 or word.right - word.left > 4 * unit:
        return False
    if all(ch in _CANDIDATE for ch in core) and len(core) > 1:
        return False  # a number (read again from the ink already)
    if word.text[0] in "([" or word.text[-1] in ")]":
        return True
    if any((ch.isascii() and ch.isalnum()) or ch == "|" for ch in core) and _has_thai(core):
        return True  # Latin letters or digits mixed with Thai ones ("|โก" for ITA)
    before = words[index - 1].right if index else None
    after = words[index + 1].left if index + 1 < len(words) else None
    alone = (before is None or word.left - before > 1.2 * unit) and (after is None or after - word.right > 1.2 * unit)
    return alone and len(core) <= 4 and len(words) > 1


def _ink_rows(ink: np.ndarray, top: int, bottom: int, left: int, right: int, middle: int) -> tuple[int, int]:
    """The rows of [top, bottom) with ink in [left, right) that run on unbroken from the row ``middle`` (or a row
    next to it): a word in capitals and brackets, without the marks of the lines above and below."""
    rows = ink[max(0, top) : bottom, max(0, left) : right].any(axis=1)
    at = middle - max(0, top)
    if not 0 <= at < len(rows) or not rows[max(0, at - 2) : at + 3].any():
        return top, bottom
    first = last = at
    while first > 0 and rows[first - 1]:
        first -= 1
    while last < len(rows) - 1 and rows[last + 1]:
        last += 1
    return max(0, top) + first, max(0, top) + last + 1


def _second_opinions(
    words: list[Word],
    engine: Engine | None,
    image,
    dpi: int,
    unit: float,
    band: tuple[int, int] | None = None,
    ink: np.ndarray | None = None,
) -> list[Word]:
    """Short Latin words (and doubtful short words, and the words ``_maybe_code`` picks) read again with the English
    model alone, as a line of their own: Tesseract's Thai model reads "(IIT)" inside Thai text as "(แร)" or "เห".
    The second reading is kept when it is one of the ITA abbreviations (or one misread by a letter), a level's
    letter for a lone Arabic digit in a row of Thai-digit numbers ("B" read as "8"), or, for a word not read as
    Thai, a Latin word read with more confidence than the first; an abbreviation misread by one letter is then
    written as the abbreviation. ``band`` (the row's core band) and ``ink`` fit the box of a word in brackets to
    its own ink (the Thai reading's box may reach into the lines around, or stop before the closing bracket)."""
    out: list[Word] = []
    for index, word in enumerate(words):
        text = word.text
        thai = sum(1 for ch in text if "\u0e01" <= ch <= "\u0e5b")
        latin_like = thai == 0 and 2 <= len(text) <= 7 and any(ch.isalpha() for ch in text)
        doubtful = word.conf < 80 and len(text) <= 8 and thai * 2 <= len(text)
        code_shaped = _maybe_code(words, index, unit)
        # A lone Arabic digit among numbers in Thai digits: a level's letter ("B" read as "8") in a table row.
        level_shaped = (
            len(text) == 1
            and text.isascii()
            and text.isdigit()
            and any(ch in _THAI_DIGIT_CHARS for w in words for ch in w.text)
        )
        code_shaped = code_shaped or level_shaped
        maybe_code = code_shaped and not (latin_like or doubtful)
        if (
            engine is not None
            and image is not None
            and (latin_like or doubtful or maybe_code)
            and text.strip("()") not in CODES
        ):
            pad = max(2, int(0.12 * unit))
            top, bottom, left, right = word.top, word.bottom, word.left, word.right
            if band is not None and code_shaped:
                # The row's band (Latin capitals have no marks above or below; a Thai reading's box may reach into
                # the lines around), widened where its ink goes on past Tesseract's box.
                top, bottom = max(top, band[0] - int(0.3 * unit)), min(bottom, band[1] + int(0.2 * unit))
                if ink is not None and bottom > top:
                    top, bottom = _ink_rows(ink, top, bottom, left, right, (band[0] + band[1]) // 2)
                    if text[0] in "([" and text[-1] not in ")]":  # its closing bracket cut off ("(๐0เ1")
                        inner = (bottom - top) // 5  # the middle of the word: no marks of the lines around
                        gap, most = max(2, int(0.25 * unit)), int(0.5 * unit)  # a space is wider than the gap
                        left, right = _extent(ink, top + inner, bottom - inner, left, right, gap, most)
            if bottom - top < 2 or right - left < 2:  # the band and the word do not meet: the word's own box
                top, bottom, left, right = word.top, word.bottom, word.left, word.right
            box = (max(0, left - pad), max(0, top - pad), right + pad, bottom + pad)
            try:
                second, conf = engine.latin(image, box, dpi)
            except RuntimeError:
                second, conf = "", 0.0
            if second.strip("()[].,:;").upper() in CODES or _as_code(second, " ".join(w.text for w in out[-3:])):
                text = second  # an ITA abbreviation
            elif level_shaped and second in LEVELS:
                text = second
            elif not maybe_code and _LATIN_WORD.match(second) and conf >= 75 and conf > word.conf:
                text = second  # a Latin word read with more confidence (a word in Thai is kept)
        before = " ".join(w.text for w in out[-3:])
        code = _as_code(text, before) if thai == 0 or text != word.text else None
        if code is None and thai and text == word.text:
            # "(011)ได้": a bracketed abbreviation glued to the Thai word after it
            head, bracket, rest = text.partition(")")
            if bracket and head.startswith("(") and rest and _has_thai(rest):
                fixed = _as_code(head + ")", before)
                if fixed is not None:
                    code = f"{fixed} {rest}"
        out.append(word if text == word.text and code is None else _with_text(word, code or text))
    return out


_STRAY = "'`‘’\""


def _tidy(text: str) -> str:
    """A word without the stray quote marks a speck of dust makes beside Thai text ("พ.ศ.'"): Thai official text
    does not use the ASCII apostrophe."""
    if _has_thai(text):
        text = text.strip(_STRAY)
    return text


def _extent(ink: np.ndarray, top: int, bottom: int, left: int, right: int, gap: int, most: int) -> tuple[int, int]:
    """Widen [left, right) by at most ``most`` while ink continues within ``gap`` columns (Tesseract's boxes may cut
    off part of a glyph)."""
    band = ink[max(0, top) : bottom].any(axis=0)
    width = len(band)
    first, last = max(0, left - most), min(width, right + most)
    while left > first and band[max(0, left - gap) : left].any():
        left -= 1
    while right < last and band[right : right + gap].any():
        right += 1
    return left, right


def _segments(words: list[Word], unit: float) -> list[tuple[int, int]]:
    """Runs of neighbouring candidate words, as (first, end) indices: Tesseract often cuts a number in Thai digits
    into several "words" ("๒๕๖๗" as "lod ded"), so they are read again together."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if not _candidate(words[i], unit):
            i += 1
            continue
        j = i + 1
        while j < len(words) and _candidate(words[j], unit) and words[j].left - words[j - 1].right < 1.5 * unit:
            j += 1
        out.append((i, j))
        i = j
    return out


def _reread_numbers(row: _Row, ink: np.ndarray, unit: float, grey: np.ndarray | None = None) -> list[Word]:
    """The row's words with the numbers in Thai digits read again from the ink by ``thai_digits``.

    Each run of candidate words is read again as one piece of the line. A number takes the place of the words it
    covers (most of their width); a word it covers only in part keeps its letters beside the number (split off by a
    space)."""
    from prongsai.core.documents.read.thai_digits import read_numbers

    words = row.words
    out: list[Word] = []
    done = 0
    for first, end in _segments(words, unit):
        out.extend(words[done:first])
        done = end
        run = words[first:end]
        pad = max(2, int(0.15 * unit))
        top, bottom = min(w.top for w in run) - pad, max(w.bottom for w in run) + pad
        left, right = _extent(
            ink, top + pad, bottom - pad, run[0].left, max(w.right for w in run),
            max(2, int(0.08 * unit)), max(4, int(0.5 * unit)),
        )
        crop = ink[max(0, top) : bottom, left:right]
        grey_crop = None if grey is None else grey[max(0, top) : bottom, left:right]
        numbers = read_numbers(crop, grey_crop) if crop.size else []
        if not numbers:
            out.extend(run)
            continue
        spans = [(left + n.left, left + n.right, n.text) for n in numbers]
        out.extend(_merge_numbers(run, spans))
    out.extend(words[done:])
    return out


def _merge_numbers(run: list[Word], spans: list[tuple[int, int, str]]) -> list[Word]:
    """Tesseract's words of a run with the numbers read from the ink put in their places."""
    out: list[Word] = []
    placed: set[int] = set()
    for word in run:
        width = max(1, word.right - word.left)
        inside = [
            k for k, (a, b, _) in enumerate(spans) if min(b, word.right) - max(a, word.left) > 0
        ]
        if not inside:
            out.append(word)
            continue
        covered = sum(min(spans[k][1], word.right) - max(spans[k][0], word.left) for k in inside)
        new = [k for k in inside if k not in placed]
        if covered >= 0.7 * width:  # the word is (mostly) the number: the reading from the ink replaces it
            for k in new:
                a, b, text = spans[k]
                out.append(Word(text, a, word.top, b, word.bottom, word.conf, word.line))
                placed.add(k)
            continue
        # Letters and a number in one word (no space between): keep the letters on the side away from the number.
        a, b = spans[inside[0]][0], spans[inside[-1]][1]
        strip = "".join(_STRIP)
        if a - word.left > 0.2 * width and b >= word.right - 0.2 * width:
            letters = word.text.rstrip(strip)
            if letters:
                out.append(Word(letters, word.left, word.top, a, word.bottom, word.conf, word.line))
        elif word.right - b > 0.2 * width and a <= word.left + 0.2 * width:
            letters = word.text.lstrip(strip)
        else:
            out.append(word)  # a number inside a word: not enough to go by
            placed.update(inside)
            continue
        for k in new:
            sa, sb, text = spans[k]
            out.append(Word(text, sa, word.top, sb, word.bottom, word.conf, word.line))
            placed.add(k)
        if a - word.left <= 0.2 * width and word.right - b > 0.2 * width and letters:
            out.append(Word(letters, b, word.top, word.right, word.bottom, word.conf, word.line))
    for k, (a, b, text) in enumerate(spans):  # a number Tesseract saw no word on (glyphs it dropped)
        if k not in placed:
            ref = run[0]
            out.append(Word(text, a, ref.top, b, ref.bottom, ref.conf, ref.line))
    out.sort(key=lambda w: w.left)
    return out


def _with_text(word: Word, text: str) -> Word:
    return Word(text, word.left, word.top, word.right, word.bottom, word.conf, word.line)


def lay_out(
    words: list[Word],
    ink: np.ndarray,
    grey: np.ndarray | None = None,
    *,
    engine: Engine | None = None,
    image=None,
    dpi: int = TARGET_DPI,
) -> list[str]:
    """Text lines from word boxes: one line per row, TAB between cells. Numbers in Thai digits are read again from
    ``ink`` (and ``grey``); with ``engine`` and the page ``image``, doubtful short words get a second reading."""
    words = [w for w in words if w.height > 0]
    if not words:
        return []
    heights = sorted(_core_band([w])[1] - _core_band([w])[0] for w in words)
    unit = float(max(8, heights[len(heights) // 2]))  # a typical word height: the scale of gaps
    lines: list[str] = []
    for row in rows_of(words, unit):
        row.words = _second_opinions(
            _reread_numbers(row, ink, unit, grey), engine, image, dpi, unit, band=(row.top, row.bottom), ink=ink
        )
        kept = [w for w in row.words if _tidy(w.text) and not (w.conf < 50 and not w.text.strip(_STRAY + ".,:;-_~"))]
        if not kept:
            continue
        cells: list[list[str]] = [[_tidy(kept[0].text)]]
        for prev, word in itertools.pairwise(kept):
            if word.left - prev.right > 1.2 * unit:
                cells.append([_tidy(word.text)])
            else:
                cells[-1].append(_tidy(word.text))
        lines.append("\t".join(" ".join(c) for c in cells))
    return lines


# --- pages ----------------------------------------------------------------------------------------------


@dataclass
class PageText:
    lines: list[str]
    thai_letters: int  # Thai letters in confidently read words
    angle: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_page(engine: Engine, image, dpi: float | None) -> PageText:
    page = clean(image, dpi)
    words = engine.words(page.image, page.dpi)
    thai = sum(1 for w in words if w.conf >= CONFIDENT for ch in w.text if ord(ch) in _THAI_LETTER)
    lines = lay_out(words, page.ink, page.grey, engine=engine, image=page.image, dpi=page.dpi)
    return PageText(lines, thai, page.angle)


def check_page_count(count: int, max_pages: int, source: str, *, pdf: bool = False) -> None:
    """Refuse (Thai) a scan with more pages to OCR than ``max_pages``, before any page is read."""
    if count > max_pages:
        where = "PDF สแกน" if pdf else "ไฟล์ภาพ"
        raise fail(
            source,
            f"{where}นี้มีหน้าที่ต้องอ่านด้วย OCR {count:,} หน้า เกินกำหนด {max_pages:,} หน้า"
            " กรุณาแยกเฉพาะหน้าผลการประเมินเป็นไฟล์ใหม่ (ผู้ดูแลระบบปรับกำหนดได้ด้วย PRONGSAI_OCR_MAX_PAGES"
            " หรือคำสั่ง --max-pages)",
            f"the scan has {count:,} pages to OCR, over the limit of {max_pages:,}; extract the results pages"
            " (the limit is PRONGSAI_OCR_MAX_PAGES, or --max-pages on the command line)",
        )


def no_text_found(source: str, *, pdf: bool = False) -> DocumentError:
    where_th = "PDF นี้ไม่มีชั้นข้อความ (text layer) และ" if pdf else ""
    where_en = "the PDF has no text layer, and " if pdf else ""
    return fail(
        source,
        f"{where_th}ไม่พบข้อความในภาพ (อ่านด้วย OCR แล้วพบตัวอักษรไทยน้อยเกินไป) ภาพนี้อาจไม่ใช่เอกสาร หรือสแกนไม่ชัด"
        " กรุณาสแกนใหม่ที่ 300 dpi หรือใช้ไฟล์ต้นฉบับ (Word/PDF ที่มีข้อความ)",
        f"{where_en}no text was found in the image (OCR read too little Thai); it may not be a document, or the"
        " scan is unclear. Scan again at 300 dpi, or use the original Word file or a PDF with a text layer",
    )


def ocr_pages(
    images: Iterable[tuple[object, float | None]],
    count: int,
    source: str,
    *,
    progress: ProgressFn | None = None,
) -> list[PageText]:
    """OCR ``count`` page images (given lazily, with their dpi) with this thread's Tesseract; progress after each
    page."""
    engine = _engine(source)
    out: list[PageText] = []
    if progress:
        progress(0, count)
    for image, dpi in images:
        out.append(read_page(engine, image, dpi))
        if progress:
            progress(len(out), count)
    return out


_LOCAL = threading.local()


def _engine(source: str) -> Engine:
    """This thread's Tesseract, made on first use and kept: loading the Thai and English models costs about 0.3 s
    of CPU, a good part of reading a one-page scan. (An instance is not thread-safe, so each thread has its own.)"""
    engine = getattr(_LOCAL, "engine", None)
    if engine is None:
        engine = Engine(source)
        _LOCAL.engine = engine
    return engine


# --- image files ----------------------------------------------------------------------------------------

def _too_many_pixels(source: str, width: int, height: int) -> DocumentError:
    return fail(
        source,
        f"ภาพมีขนาด {width:,}×{height:,} พิกเซล ใหญ่เกินกำหนด {MAX_PIXELS / 1e6:,.0f} ล้านพิกเซล"
        " (อาจเป็นไฟล์อันตรายที่ขยายตัวเมื่อเปิด) กรุณาสแกนใหม่ที่ 300 dpi",
        f"the image is {width:,}×{height:,} pixels, over the limit of {MAX_PIXELS / 1e6:,.0f} million"
        " (possibly a decompression bomb); scan it again at 300 dpi",
    )


def _corrupt_image(source: str, fmt: str) -> DocumentError:
    return fail(
        source,
        f"ไฟล์ภาพ ({fmt}) เสียหายหรือไม่ครบ เปิดไม่ได้ กรุณาสแกนหรือบันทึกภาพใหม่",
        f"the image file ({fmt}) is corrupt or truncated",
    )


def open_image(data: bytes, source: str):
    """A Pillow image (not yet decoded) after the pixel limit was checked. DocumentError otherwise."""
    from PIL import Image, UnidentifiedImageError

    fmt = image_format(data) or "?"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise fail(
                source,
                f"ภาพใหญ่เกินกำหนด {MAX_PIXELS / 1e6:,.0f} ล้านพิกเซล (อาจเป็นไฟล์อันตรายที่ขยายตัวเมื่อเปิด)",
                f"the image is over the limit of {MAX_PIXELS / 1e6:,.0f} million pixels (decompression bomb)",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
            raise _corrupt_image(source, fmt) from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _corrupt_image(source, fmt)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(source, width, height)
    return image


def _frames(image, count: int, source: str, fmt: str) -> Iterator[tuple[object, float | None]]:
    from PIL import Image

    for index in range(count):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.seek(index)
                if image.size[0] * image.size[1] > MAX_PIXELS:
                    raise _too_many_pixels(source, *image.size)
                frame = image.copy()  # decodes; a truncated file fails here
                frame.load()
        except DocumentError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(source, *image.size) from exc
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
            raise _corrupt_image(source, fmt) from exc
        dpi = image.info.get("dpi")
        value = None
        if isinstance(dpi, tuple) and dpi and isinstance(dpi[0], int | float):
            value = float(dpi[0])
        yield frame, value


def check_image(data: bytes, source: str, *, max_pages: int | None = None) -> int:
    """The number of pages (frames) of an image file, after the checks that need no OCR: it opens, is not over the
    pixel limit, its first page decodes whole (a truncated file fails here), and it has no more than ``max_pages``
    pages. DocumentError in Thai otherwise."""
    fmt = image_format(data) or "?"
    image = open_image(data, source)
    try:
        count = int(getattr(image, "n_frames", 1) or 1)
        check_page_count(count, max_pages or max_pages_default(), source)
        for _ in _frames(image, 1, source, fmt):
            pass
    finally:
        image.close()
    return count


def read_image_text(
    data: bytes, source: str, *, max_pages: int | None = None, progress: ProgressFn | None = None
) -> list[PageText]:
    """OCR an image file (every frame of a multi-page TIFF or GIF). DocumentError in Thai when it cannot."""
    fmt = image_format(data) or "?"
    image = open_image(data, source)
    try:
        count = int(getattr(image, "n_frames", 1) or 1)
        check_page_count(count, max_pages or max_pages_default(), source)
        pages = ocr_pages(_frames(image, count, source, fmt), count, source, progress=progress)
    finally:
        image.close()
    if sum(p.thai_letters for p in pages) < MIN_THAI_LETTERS:
        raise no_text_found(source)
    return pages
