"""Uptime of the main website: one probe (`probe`, `probe_async`) and a small history staff can show.

    sample = probe("https://www.example.go.th", timeout=10)  # UptimeSample(checked_at, ok, status, elapsed_ms, error)
    history = UptimeHistory(url="https://www.example.go.th")
    history.add(sample)
    history.summary()                                            # uptime %, response times, outages

The schedule belongs to the web app; it stores samples (or the history's JSON) and calls `summary()`.
A sample is ok when the final response (redirects followed, at most 5) is 2xx within the timeout.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import BaseModel, Field

from prongsai.core.oit.crawler import (
    CrawlError,
    _blocked_address,
    network_error_th,
    normalise_url,
    run_sync,
    ssl_context,
    user_agent,
)

MAX_SAMPLES = 20_000  # about 7 months at one probe every 15 minutes


class UptimeSample(BaseModel):
    checked_at: datetime
    ok: bool
    status: int | None = None
    elapsed_ms: float | None = None
    error: str | None = None


async def probe_async(
    url: str,
    timeout: float = 10.0,
    *,
    allow_private: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    contact: str | None = None,
) -> UptimeSample:
    """GET the URL once (redirects followed) and time it. Never raises for network trouble."""
    target = normalise_url(url)
    if target is None:
        raise CrawlError(f"URL ไม่ถูกต้อง: {url!r}", f"invalid URL: {url!r}")
    checked_at = datetime.now(UTC)
    host = httpx.URL(target).host
    if not allow_private and await asyncio.to_thread(_blocked_address, host):
        return UptimeSample(checked_at=checked_at, ok=False, error="ที่อยู่เป็นเครือข่ายภายใน จึงไม่ตรวจ")
    started = time.monotonic()
    status = None
    error = None
    try:
        async with (
            httpx.AsyncClient(
                headers={"User-Agent": user_agent(contact), "Accept-Encoding": "identity"},
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                max_redirects=5,
                transport=transport,
                trust_env=False,
                verify=ssl_context(),
            ) as client,
            asyncio.timeout(timeout),
            client.stream("GET", target) as response,
        ):
            status = response.status_code
            async for _ in response.aiter_bytes(65536):
                break  # the first bytes are enough: the server answers
    except (TimeoutError, httpx.TimeoutException):
        error = f"หมดเวลา (เกิน {timeout:g} วินาที)"
    except httpx.TooManyRedirects:
        error = "เปลี่ยนเส้นทางมากเกินไป"
    except (httpx.HTTPError, OSError) as exc:
        error = network_error_th(exc)  # plain Thai: ไม่พบเว็บไซต์นี้, เชื่อมต่อไม่ได้ (…), ใบรับรอง HTTPS ไม่ถูกต้อง …
    elapsed = round((time.monotonic() - started) * 1000, 1)
    ok = error is None and status is not None and 200 <= status < 300
    if error is None and not ok:
        error = f"HTTP {status}"
    return UptimeSample(checked_at=checked_at, ok=ok, status=status, elapsed_ms=elapsed, error=error)


def probe(url: str, timeout: float = 10.0, **kwargs: Any) -> UptimeSample:
    """`probe_async` for code that is not async (a scheduled task)."""
    return run_sync(probe_async(url, timeout, **kwargs))


class Outage(BaseModel):
    start: datetime
    end: datetime | None  # None: still down at the last sample
    samples: int
    error: str | None = None

    @property
    def minutes(self) -> float | None:
        return None if self.end is None else round((self.end - self.start).total_seconds() / 60, 1)


class UptimeHistory(BaseModel):
    """The probes of one website, oldest first (kept to the last `MAX_SAMPLES`)."""

    url: str
    samples: list[UptimeSample] = Field(default_factory=list)

    def add(self, sample: UptimeSample) -> None:
        self.samples.append(sample)
        if len(self.samples) > MAX_SAMPLES:
            del self.samples[: len(self.samples) - MAX_SAMPLES]

    def since(self, start: datetime | None) -> list[UptimeSample]:
        return [s for s in self.samples if start is None or s.checked_at >= start]

    def uptime_percent(self, since: datetime | None = None) -> float | None:
        window = self.since(since)
        if not window:
            return None
        return round(100 * sum(1 for s in window if s.ok) / len(window), 2)

    def outages(self, since: datetime | None = None) -> list[Outage]:
        """Runs of failed probes; an outage ends at the first ok probe after it."""
        out: list[Outage] = []
        current: Outage | None = None
        for s in sorted(self.since(since), key=lambda x: x.checked_at):
            if not s.ok:
                if current is None:
                    current = Outage(start=s.checked_at, end=None, samples=0, error=s.error)
                current.samples += 1
            elif current is not None:
                current.end = s.checked_at
                out.append(current)
                current = None
        if current is not None:
            out.append(current)
        return out

    def summary(self, *, days: int | None = 30, now: datetime | None = None) -> dict[str, Any]:
        """Uptime %, response times of the ok probes and outages over the last `days` (None: all)."""
        now = now or datetime.now(UTC)
        since = now - timedelta(days=days) if days else None
        window = self.since(since)
        times = [s.elapsed_ms for s in window if s.ok and s.elapsed_ms is not None]
        last = window[-1] if window else None
        return {
            "url": self.url,
            "days": days,
            "samples": len(window),
            "ok": sum(1 for s in window if s.ok),
            "uptime_percent": self.uptime_percent(since),
            "mean_ms": round(statistics.fmean(times), 1) if times else None,
            "p95_ms": round(sorted(times)[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
            "last": last.model_dump(mode="json") if last else None,
            "outages": [
                {**o.model_dump(mode="json"), "minutes": o.minutes} for o in self.outages(since)
            ],
        }
