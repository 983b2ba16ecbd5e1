"""QR codes (segno): PNG for posters and documents, SVG for labels and pages."""

from __future__ import annotations

import io


def qr_svg(text: str, *, scale: int = 4) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=scale, xmldecl=False, svgns=True)
    return out.getvalue()


def qr_png(text: str, *, scale: int = 8) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
