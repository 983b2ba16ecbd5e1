"""Geometry of the uptime page's response-time chart (inline SVG, no JavaScript): plain numbers for the template."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from prongsai.core.oit import UptimeSample


def response_chart(samples: list[UptimeSample], *, start: datetime, end: datetime, buckets: int = 120,
                   width: int = 640, height: int = 220) -> dict | None:
    """Geometry of an inline SVG: the mean response time of the good probes per time slot (a line) and the slots
    with a failed probe (red bars). None when there is nothing to draw."""
    if not samples:
        return None
    left, right, top, bottom = 52, 8, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((end - start).total_seconds(), 1.0)
    sums = [0.0] * buckets
    counts = [0] * buckets
    failed = [0] * buckets
    for s in samples:
        i = min(buckets - 1, max(0, int((s.checked_at - start).total_seconds() / span * buckets)))
        if s.ok and s.elapsed_ms is not None:
            sums[i] += s.elapsed_ms
            counts[i] += 1
        elif not s.ok:
            failed[i] += 1
    means = [sums[i] / counts[i] if counts[i] else None for i in range(buckets)]
    top_ms = max([m for m in means if m is not None] or [1.0])
    step = next((v for v in (100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 30000) if top_ms <= v * 4),
                60000)
    y_max = step * max(1, -(-int(top_ms) // step))
    slot_w = plot_w / buckets

    def x(i: float) -> float:
        return round(left + i * slot_w, 1)

    def y(ms: float) -> float:
        return round(top + plot_h - ms / y_max * plot_h, 1)

    lines: list[str] = []
    current: list[str] = []
    for i, m in enumerate(means):
        if m is None:
            if current:
                lines.append(" ".join(current))
                current = []
            continue
        current.append(f"{x(i + 0.5)},{y(m)}")
    if current:
        lines.append(" ".join(current))
    singles = [(x(i + 0.5), y(m)) for i, m in enumerate(means) if m is not None]
    ticks = [{"y": y(v), "label": f"{v:,}"} for v in range(0, y_max + 1, step)]
    local = timezone.localtime
    x_labels = []
    for frac in (0, 0.25, 0.5, 0.75, 1):
        at = local(start + timedelta(seconds=span * frac))
        x_labels.append({"x": round(left + plot_w * frac, 1), "label": at, "anchor": "start" if frac == 0 else
                         ("end" if frac == 1 else "middle")})
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": top + plot_h, "lines": lines, "points": singles if len(singles) <= 3 else [],
        "fails": [{"x": x(i), "w": max(round(slot_w, 1), 1.5)} for i, n in enumerate(failed) if n],
        "ticks": ticks, "x_labels": x_labels, "plot_h": plot_h,
    }
