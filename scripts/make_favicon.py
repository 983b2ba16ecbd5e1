"""Write the site icon: ``favicon.svg`` and ``favicon.ico`` (16, 32 and 48 px) in src/prongsai/web/static/prongsai/.

A white tick on a rounded square of the site's accent blue, drawn here from the SVG's own geometry with the
standard library only (supersampled, PNG images inside the ICO). Run it again after changing the shape:

    .venv/bin/python scripts/make_favicon.py
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "prongsai" / "web" / "static" / "prongsai"
BLUE = (0x0B, 0x53, 0x94)
WHITE = (0xFF, 0xFF, 0xFF)
VIEW = 32.0  # the SVG's viewBox is 0 0 32 32
RADIUS = 6.0
TICK = [(8.0, 16.5), (13.5, 22.0), (24.0, 10.5)]
STROKE = 4.0

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\
<rect width="32" height="32" rx="{RADIUS:g}" fill="#0b5394"/>\
<path d="M{TICK[0][0]:g} {TICK[0][1]:g}L{TICK[1][0]:g} {TICK[1][1]:g}L{TICK[2][0]:g} {TICK[2][1]:g}" fill="none" \
stroke="#fff" stroke-width="{STROKE:g}" stroke-linecap="round" stroke-linejoin="round"/></svg>
"""


def _in_square(x: float, y: float) -> bool:
    cx = min(max(x, RADIUS), VIEW - RADIUS)
    cy = min(max(y, RADIUS), VIEW - RADIUS)
    return 0 <= x <= VIEW and 0 <= y <= VIEW and math.hypot(x - cx, y - cy) <= RADIUS


def _on_tick(x: float, y: float) -> bool:
    for (x1, y1), (x2, y2) in itertools.pairwise(TICK):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= STROKE / 2:
            return True
    return False


def _rgba(size: int, samples: int = 4) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0
        for px in range(size):
            inside = white = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * VIEW / size
                    y = (py + (sy + 0.5) / samples) * VIEW / size
                    if _in_square(x, y):
                        inside += 1
                        white += _on_tick(x, y)
            n = samples * samples
            if inside == 0:
                row += bytes(4)
                continue
            share = white / inside
            colour = [round(b + (w - b) * share) for b, w in zip(BLUE, WHITE, strict=True)]
            row += bytes([*colour, round(255 * inside / n)])
        rows.append(bytes(row))
    return b"".join(rows)


def _png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(_rgba(size), 9)) + chunk(
        b"IEND", b""
    )


def ico(sizes: tuple[int, ...] = (16, 32, 48)) -> bytes:
    images = [_png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, image in zip(sizes, images, strict=True):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return out + b"".join(images)


if __name__ == "__main__":
    (OUT / "favicon.svg").write_text(SVG, encoding="ascii")
    (OUT / "favicon.ico").write_bytes(ico())
    print(f"wrote {OUT / 'favicon.svg'} and {OUT / 'favicon.ico'}")
