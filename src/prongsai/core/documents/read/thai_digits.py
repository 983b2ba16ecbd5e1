"""Reading Thai digits (๐–๙) from a scanned number, where Tesseract's Thai models fail.

Tesseract's ``tha`` and ``script/Thai`` models (Debian 4.1.0 data, the ones ``make debian-deps`` installs) read
Thai letters well but Thai digits badly: on a clean 300 dpi render of Sarabun they read ๙๕.๕๐ as ๕๕.๕๐, ๘๘.๒๕ as
๕๕.๒๕ and ๒๕๖๗ as ๒๕๐. Official Thai documents write their numbers in Thai digits, so the words where Tesseract
saw a digit (or a dot, or short Latin letters) are read again here from the ink (``read_numbers``):

- the line's body (baseline and glyph height) comes from the larger connected components; marks above and below,
  and specks, are passed over, and a component is cut off at the body's top and bottom (a speck touching it);
- a component as wide as two to four digits (touching glyphs, common in a 150 dpi scan) is cut where its ink is
  thinnest, into the number of pieces that read most like digits;
- each glyph is matched against the ten digits and the other glyphs a number may stand beside (Thai letters and
  vowels, Latin letters, Arabic digits) drawn from Sarabun in five weights, each drawn cleanly and as a small glyph
  doubled in size (as a 150 dpi scan read at 300 dpi looks): the nearest template by correlation of a 20×20 bitmap
  of the ink and of the grey levels, plus the aspect ratio. A glyph is a digit only when a digit is nearest;
- dots and commas are told by size and place; a run of digits is a number; a single digit glued to letters is not.

Sarabun is a redesign of TH Sarabun New, the font of Thai official documents, and its digits have the same shapes;
digits of other fonts are not tested. The matcher is deliberately small: numpy and Pillow, the templates (2,660)
made once per process (about 0.7 s).
"""

from __future__ import annotations

import itertools
import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_SIDE = 20
_WEIGHTS = ("Light", "Regular", "Medium", "SemiBold", "Bold")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Templates:
    chars: tuple[str, ...]
    vectors: np.ndarray  # (n, SIDE*SIDE), zero mean, unit norm: the glyph's ink
    greys: np.ndarray  # the same from the glyph's grey levels (anti-aliased, not thresholded)
    aspects: np.ndarray  # log(height / width)


@lru_cache(maxsize=512)
def _box_weights(n: int) -> np.ndarray:
    """Pillow's BOX resampling of ``n`` pixels to SIDE as a (SIDE, n) matrix: each output pixel the mean of the
    input pixels whose centres fall in its span (Pillow's ``precompute_coeffs`` with the box filter)."""
    scale = n / _SIDE
    filterscale = max(scale, 1.0)
    out = np.zeros((_SIDE, n), dtype=np.float64)
    for i in range(_SIDE):
        centre = (i + 0.5) * scale
        first = max(0, int(centre - 0.5 * filterscale + 0.5))
        last = min(n, int(centre + 0.5 * filterscale + 0.5))
        for x in range(first, last):
            if -0.5 < (x - centre + 0.5) / filterscale <= 0.5:
                out[i, x] = 1.0
        out[i] /= out[i].sum()
    return out


def _normalised(mask: np.ndarray) -> np.ndarray:
    """A glyph (bool ink, or float darkness 0–255, cropped) as a zero-mean, unit-norm vector of a SIDE×SIDE
    square, aspect kept. The square is shrunk as Pillow's ``resize(..., BOX)`` does (the same values to float32
    rounding), by two small matrix products: about ten times faster than going through a Pillow image."""
    h, w = mask.shape
    side = max(h, w)
    top, left = (side - h) // 2, (side - w) // 2
    weights = _box_weights(side)
    glyph = mask.astype(np.float64) * (255.0 if mask.dtype == bool else 1.0)
    small = (weights[:, top : top + h] @ glyph @ weights[:, left : left + w].T).astype(np.float32)
    vec = small.ravel() - small.mean()
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


# What else a glyph in a number's neighbourhood may be: the Thai letters and full-height vowels, Latin letters,
# Arabic digits and signs. A glyph is a Thai digit only when a digit is nearer than all of these (ด is not ๑).
_OTHERS = (
    "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮฤฦะาเแโใไๆฯ"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789()%/-+"
)


# How each glyph is drawn for the templates: (font size in pixels, grey level below which a pixel is ink). The
# first is a clean print; the others are a small glyph doubled in size, as a 150 dpi scan read at 300 dpi looks:
# softer, and thicker where the threshold catches the blur (loops filling in).
_RENDERINGS = ((96, 128), (30, 128), (30, 170), (22, 150))


@lru_cache(maxsize=1)
def _templates() -> _Templates:
    import fontpkg_sarabun
    from PIL import Image, ImageDraw, ImageFont

    folder = fontpkg_sarabun.ROOT / "files"
    chars, vectors, greys, aspects = [], [], [], []
    for weight in _WEIGHTS:
        for size, level in _RENDERINGS:
            font = ImageFont.truetype(str(folder / f"Sarabun-{weight}.ttf"), size)
            for ch in THAI_DIGITS + _OTHERS:
                canvas = Image.new("L", (size * 2, size * 2), 255)
                ImageDraw.Draw(canvas).text((size // 2, size // 4), ch, font=font, fill=0)
                if size < 64:
                    canvas = canvas.resize((size * 4, size * 4), Image.Resampling.BICUBIC)
                darkness = 255.0 - np.asarray(canvas, dtype=np.float32)
                box = _box(darkness > 255 - level)
                if box is None:  # pragma: no cover - every Sarabun weight has these glyphs
                    continue
                t, b, left, right = box
                chars.append(ch)
                vectors.append(_normalised(darkness[t:b, left:right] > 255 - level))
                greys.append(_normalised(darkness[t:b, left:right]))
                aspects.append(math.log((b - t) / (right - left)))
    return _Templates(tuple(chars), np.stack(vectors), np.stack(greys), np.asarray(aspects, dtype=np.float32))


def _box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows) or not len(cols):
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def classify(mask: np.ndarray, darkness: np.ndarray | None = None) -> tuple[str, float]:
    """The glyph a component looks most like, and the distance (0 = identical; above ~0.5 = doubtful).

    ``mask``: its ink (bool, cropped to it); ``darkness``: the same box of the grey scan as 255 − grey, when there
    is one (matched against anti-aliased templates, so that a loop the threshold filled in still counts)."""
    return classify_many([(mask, darkness)])[0]


def classify_many(glyphs: list[tuple[np.ndarray, np.ndarray | None]]) -> list[tuple[str, float]]:
    """``classify`` of several glyphs at once: one matrix product against the templates for all of them (the
    templates are read from memory once, not once per glyph)."""
    if not glyphs:
        return []
    with _LOCK:
        t = _templates()
    aspects = np.asarray([math.log(m.shape[0] / max(m.shape[1], 1)) for m, _ in glyphs], dtype=np.float32)
    shape = 0.35 * np.abs(t.aspects[None, :] - aspects[:, None])  # (glyphs, templates)
    distance = (1.0 - np.stack([_normalised(m) for m, _ in glyphs]) @ t.vectors.T) + shape
    greyed = [k for k, (_, d) in enumerate(glyphs) if d is not None]
    if greyed:
        grey = (1.0 - np.stack([_normalised(glyphs[k][1]) for k in greyed]) @ t.greys.T) + shape[greyed]
        distance[greyed] = 0.5 * distance[greyed] + 0.5 * grey
    best = np.argmin(distance, axis=1)
    return [(t.chars[int(b)], float(distance[k, b])) for k, b in enumerate(best)]


# --- cutting a number into glyphs -----------------------------------------------------------------------


@dataclass
class _Component:
    top: int
    left: int
    bottom: int  # exclusive
    right: int  # exclusive
    area: int
    pixels: list[tuple[int, int, int]]  # (row, start, end) runs

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def width(self) -> int:
        return self.right - self.left

    def merge(self, other: _Component) -> None:
        self.top, self.left = min(self.top, other.top), min(self.left, other.left)
        self.bottom, self.right = max(self.bottom, other.bottom), max(self.right, other.right)
        self.area += other.area
        self.pixels.extend(other.pixels)

    def mask(self) -> np.ndarray:
        out = np.zeros((self.height, self.width), dtype=bool)
        for row, start, end in self.pixels:
            out[row - self.top, start - self.left : end - self.left] = True
        return out


def components(ink: np.ndarray) -> list[_Component]:
    """8-connected components of a small bool image, by runs (union-find over the runs of each row)."""
    runs: list[tuple[int, int, int]] = []
    row_runs: list[tuple[int, int]] = []  # per row: the first run's index and the end
    for r in range(ink.shape[0]):
        padded = np.concatenate(([False], ink[r], [False]))
        edges = np.flatnonzero(padded[1:] != padded[:-1]).tolist()
        first = len(runs)
        runs.extend((r, edges[k], edges[k + 1]) for k in range(0, len(edges), 2))
        row_runs.append((first, len(runs)))
    parent = list(range(len(runs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(1, len(row_runs)):
        j, j_end = row_runs[r - 1]
        i, i_end = row_runs[r]
        while i < i_end and j < j_end:  # both rows' runs are sorted: one sweep finds every touching pair
            _, s1, e1 = runs[i]
            _, s2, e2 = runs[j]
            if s2 <= e1 and s1 <= e2:  # touching or diagonal neighbours (8-connected)
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
            if e1 < e2:
                i += 1
            else:
                j += 1
    groups: dict[int, _Component] = {}
    for k, (r, start, end) in enumerate(runs):
        root = find(k)
        comp = groups.get(root)
        if comp is None:
            groups[root] = _Component(r, start, r + 1, end, end - start, [(r, start, end)])
        else:
            comp.top, comp.bottom = min(comp.top, r), max(comp.bottom, r + 1)
            comp.left, comp.right = min(comp.left, start), max(comp.right, end)
            comp.area += end - start
            comp.pixels.append((r, start, end))
    return sorted(groups.values(), key=lambda c: c.left)


@dataclass(frozen=True)
class Number:
    """A number found in an image: its text (Thai digits, ``.`` and ``,``) and where it lies across (pixels)."""

    text: str
    left: int
    right: int  # exclusive
    worst: float  # the largest glyph distance (how doubtful the reading is)


MAX_DISTANCE = 0.6  # a glyph further than this from every template is not read


def _body(comps: list[_Component]) -> tuple[float, float] | None:
    """The line's baseline and the height of its glyphs (x-height for letters, digit height for a number): the
    median bottom and height of the components that are not marks or specks."""
    if not comps:
        return None
    tallest = max(c.height for c in comps)
    # Marks above and below (also those of the lines above and below, caught at the crop's edges) are under half
    # the height of the tallest glyph; letters and digits are over it.
    big = [c for c in comps if c.height >= 0.55 * tallest and c.area >= 10]
    if not big:
        return None
    bottoms = sorted(c.bottom for c in big)
    heights = sorted(c.height for c in big)
    return float(bottoms[len(bottoms) // 2]), float(heights[len(heights) // 2])


def _trimmed(c: _Component, low: int, high: int) -> _Component | None:
    """The component's ink between rows ``low`` and ``high`` (exclusive), or None when nothing is left."""
    pixels = [(r, s, e) for r, s, e in c.pixels if low <= r < high]
    if not pixels:
        return None
    rows = [r for r, _, _ in pixels]
    return _Component(
        min(rows), min(s for _, s, _ in pixels), max(rows) + 1, max(e for _, _, e in pixels),
        sum(e - s for _, s, e in pixels), pixels,
    )


def _split(c: _Component, parts: int) -> list[_Component]:
    """A component cut into ``parts`` pieces across, at the columns with the least ink (touching glyphs)."""
    mask = c.mask()
    profile = mask.sum(axis=0)
    cuts, width = [0], c.width
    for k in range(1, parts):
        centre = round(k * width / parts)
        lo, hi = max(cuts[-1] + 1, centre - width // (3 * parts)), min(width - 1, centre + width // (3 * parts))
        if hi <= lo:
            return [c]
        cuts.append(lo + int(np.argmin(profile[lo:hi])))
    cuts.append(width)
    pieces = []
    for a, b in itertools.pairwise(cuts):
        sub = mask[:, a:b]
        pixels = []
        for r in range(sub.shape[0]):
            padded = np.concatenate(([False], sub[r], [False]))
            edges = np.flatnonzero(padded[1:] != padded[:-1]).tolist()
            x = c.left + a
            pixels.extend((c.top + r, x + edges[k], x + edges[k + 1]) for k in range(0, len(edges), 2))
        if not pixels:
            return [c]
        piece = _trimmed(_Component(c.top, c.left + a, c.bottom, c.left + b, 0, pixels), c.top, c.bottom)
        if piece is None:
            return [c]
        pieces.append(piece)
    return pieces


def _darkness(piece: _Component, grey: np.ndarray) -> np.ndarray:
    """255 − grey over the piece's box, only where the piece's ink is (grown by two pixels: the blur around it)."""
    mask = piece.mask()
    grown = np.pad(mask, 2)
    for _ in range(2):
        g = grown.copy()
        g[1:] |= grown[:-1]
        g[:-1] |= grown[1:]
        g[:, 1:] |= grown[:, :-1]
        g[:, :-1] |= grown[:, 1:]
        grown = g
    grown = grown[2:-2, 2:-2]
    box = grey[piece.top : piece.bottom, piece.left : piece.right].astype(np.float32)
    return np.where(grown, 255.0 - box, 0.0)


def read_numbers(ink: np.ndarray, grey: np.ndarray | None = None) -> list[Number]:
    """The numbers written in Thai digits in a cropped bool image (True = ink) of one line of text, left to right;
    ``grey`` is the same crop of the grey scan, when there is one.

    The line's body (x-height to baseline) is the densest band of ink. Each glyph standing on the baseline and about
    as tall as the body (cut off above and below, so a speck touching it does not count; cut across when two glyphs
    touch) is matched against the digits and the other glyphs of Sarabun; a run of digits, with the dots or commas
    between them, is a number. Marks above or below and specks are passed over; a letter or a space ends the run."""
    all_comps = [c for c in components(ink) if c.area >= 4]
    body = _body(all_comps)
    if body is None:
        return []
    baseline, xh = body
    if xh < 6:
        return []
    y0 = baseline - xh
    low, high = max(0, round(baseline - 1.8 * xh)), round(baseline + 0.2 * xh)
    found: list[Number] = []
    run: list[tuple[str, _Component, float]] = []
    glued = [False]  # the run started right after a glyph that is not a digit (no space between)
    last_other: list[_Component] = []  # the last glyph read that is not a digit

    def close_run(next_glyph: _Component | None = None) -> None:
        while run and run[-1][0] in ".,":
            run.pop()
        while run and run[0][0] in ".,":
            run.pop(0)
        touching_after = next_glyph is not None and run and next_glyph.left - run[-1][1].right < 0.35 * xh
        lone = len(run) == 1 and (glued[0] or touching_after)  # ๐ in "(OIT)", ๑ for ด inside a word
        if run and not lone and any(ch in THAI_DIGITS for ch, _, _ in run):
            found.append(
                Number("".join(ch for ch, _, _ in run), run[0][1].left, run[-1][1].right, max(d for _, _, d in run))
            )
        run.clear()

    glyphs: list[_Component] = []
    for c in all_comps:
        if c.bottom < y0 or c.top >= baseline + 0.3 * xh:
            continue  # a speck, or a mark above or below the body
        piece = _trimmed(c, low, high)
        if piece is not None:
            glyphs.append(piece)
    joined = _joined(glyphs, xh)
    # The glyphs to read (on the line, not a dot, as tall as a digit), read together: one product with the templates.
    todo = [c for c in joined if abs(c.bottom - baseline) <= 0.3 * xh and not _is_dot(c, xh) and c.height >= 0.6 * xh]
    readings = classify_many([(c.mask(), None if grey is None else _darkness(c, grey)) for c in todo])
    wholes = {id(c): (ch, c, d) for c, (ch, d) in zip(todo, readings, strict=True)}
    for c in joined:
        on_line = abs(c.bottom - baseline) <= 0.3 * xh
        if not on_line:
            continue
        if _is_dot(c, xh):
            if run and run[-1][0] not in ".," and not any(ch in ".," for ch, _, _ in run):
                run.append(("," if c.bottom > baseline + 0.15 * xh else ".", c, 0.0))
            else:
                close_run()  # a full stop after a word, or a second dot
            continue
        if c.height < 0.6 * xh:
            continue  # a small sign or a speck on the line
        if run and c.left - run[-1][1].right > 0.6 * xh:
            close_run()  # a space
        for ch, piece, distance in _read_glyphs(c, xh, grey, wholes[id(c)]):
            if ch in THAI_DIGITS and distance <= MAX_DISTANCE:
                if not run:
                    glued[0] = bool(last_other) and piece.left - last_other[-1].right < 0.35 * xh
                run.append((ch, piece, distance))
            else:
                close_run(piece)
                last_other[:] = [piece]
    close_run()
    return found


def _read_glyphs(
    c: _Component, xh: float, grey: np.ndarray | None, whole: tuple[str, _Component, float]
) -> list[tuple[str, _Component, float]]:
    """What one component reads as (``whole``: its reading as one glyph): one glyph, or, when it is as wide as
    several digits (touching glyphs, common in a 150 dpi scan), the cut into 2–4 pieces whose readings are closest
    to digits."""
    if c.width <= 1.6 * xh:
        return [whole]
    best, best_score = [whole], whole[2] if whole[0] in THAI_DIGITS else 9.0
    guess = c.width / xh
    cuts = []
    for parts in sorted({max(2, math.floor(guess)), max(2, round(guess)), max(2, math.ceil(guess))}):
        if parts > 4:
            continue
        pieces = _split(c, parts)
        if len(pieces) == parts:
            cuts.append(pieces)
    flat = [p for pieces in cuts for p in pieces]
    read = classify_many([(p.mask(), None if grey is None else _darkness(p, grey)) for p in flat])
    at = 0
    for pieces in cuts:
        readings = [(ch, p, d) for p, (ch, d) in zip(pieces, read[at : at + len(pieces)], strict=True)]
        at += len(pieces)
        if not all(ch in THAI_DIGITS for ch, _, _ in readings):
            continue
        score = max(d for _, _, d in readings)
        if score < best_score:
            best, best_score = readings, score
    return best


def _joined(comps: list[_Component], xh: int) -> list[_Component]:
    """Components in x order, with the pieces of one broken glyph (overlapping across) joined."""
    joined: list[_Component] = []
    for c in sorted(comps, key=lambda c: c.left):
        if joined:
            last = joined[-1]
            overlap = min(last.right, c.right) - max(last.left, c.left)
            both_big = c.height >= 0.3 * xh and last.height >= 0.3 * xh
            if both_big and overlap > 0.6 * min(last.width, c.width):
                last.merge(c)
                continue
        joined.append(c)
    return joined


def _is_dot(c: _Component, xh: float) -> bool:
    return c.height < 0.4 * xh and c.width < 0.45 * xh and c.area >= 0.01 * xh * xh
