"""Checking many websites at once (a province's or the nation's agencies) on every core.

`sweep_sites` starts ``workers`` processes (default: one per core). Each runs one asyncio loop that checks up to
``sites_per_worker`` sites at once with `check_site`, each site with its own crawler (its own per-site
concurrency, robots.txt and Crawl-delay: the politeness of a single check is unchanged). Sites are handed out one
at a time from a queue, so a slow site never holds back the others, and every report is passed back as soon as it
is ready: `sweep_sites` yields ``(index, report, error)`` in the order the checks finish (`index` is the site's
position in the input). Memory stays bounded by the sites in progress, not by the length of the list.

Why processes: a check is CPU-bound on a fast network (HTML parsing, reading DOCX/PDF text, matching every link
against every item), and one Python process uses one core (docs/performance.md, "OIT website checker").

The reports are the same as `check_site` gives one by one (only the timing figures differ).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue as queue_mod
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prongsai.core.oit.checker import SiteReport, check_site
from prongsai.core.oit.crawler import CrawlConfig, run_sync

_STOP = None


@dataclass
class SweepStats:
    """Filled in while a sweep runs: each worker's peak resident memory (MiB, from /proc), by worker number."""

    worker_peak_rss_mib: dict[int, float] = field(default_factory=dict)
    worker_cpu_seconds: dict[int, float] = field(default_factory=dict)


def _peak_rss_mib() -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def _worker_loop(jobs, results, config: CrawlConfig, sites_at_once: int, requirements) -> None:
    loop = asyncio.get_running_loop()
    from prongsai.core.frameworks.loader import shared_registry

    registry = shared_registry()
    frameworks: dict[int, Any] = {}

    async def one(index: int, url: str, fiscal_year: int) -> None:
        try:
            if fiscal_year not in frameworks:
                frameworks[fiscal_year] = registry.get(fiscal_year)
            report = await check_site(url, frameworks[fiscal_year], config=config, requirements=requirements)
        except Exception as exc:  # one site's failure is reported, the sweep goes on
            th = getattr(exc, "th", "") or f"ตรวจเว็บไซต์ไม่สำเร็จ ({type(exc).__name__})"
            en = getattr(exc, "en", "") or f"the check failed: {type(exc).__name__}: {exc}"
            results.put(("site", index, None, (str(th), str(en))))
            return
        results.put(("site", index, report, None))

    running: set[asyncio.Task] = set()
    exhausted = False
    while not exhausted or running:
        while not exhausted and len(running) < sites_at_once:
            job = await loop.run_in_executor(None, jobs.get)
            if job is _STOP:
                exhausted = True
                break
            running.add(asyncio.create_task(one(*job)))
        if running:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)


def _worker(number: int, jobs, results, config: CrawlConfig, sites_at_once: int, requirements) -> None:
    try:
        asyncio.run(_worker_loop(jobs, results, config, sites_at_once, requirements))
    finally:
        times = os.times()
        results.put(("done", number, _peak_rss_mib(), times.user + times.system))


def sweep_sites(
    sites: Iterable[tuple[str, int]],
    *,
    config: CrawlConfig | None = None,
    workers: int | None = None,
    sites_per_worker: int = 25,
    requirements: Any = None,
    stats: SweepStats | None = None,
) -> Iterator[tuple[int, SiteReport | None, tuple[str, str] | None]]:
    """Check every ``(url, fiscal_year)`` in `sites`; yield ``(index, report, None)`` or ``(index, None, (th, en))``
    as each check finishes (module docstring). ``workers=0`` checks in this process (no child processes).

    Overall at most ``workers × sites_per_worker`` sites, each with ``config.concurrency`` requests, at once."""
    config = config or CrawlConfig()
    todo = [(i, url, int(fy)) for i, (url, fy) in enumerate(sites)]
    if not todo:
        return
    if workers is None:
        workers = os.cpu_count() or 1
    workers = min(workers, len(todo))
    sites_at_once = max(1, sites_per_worker)
    if workers <= 0:
        yield from _sweep_here(todo, config, sites_at_once, requirements)
        return
    # spawn: a fresh interpreter per worker, safe from a parent with threads (Django, a web server)
    ctx = mp.get_context("spawn")
    jobs = ctx.Queue()
    results = ctx.Queue()
    feeder_stop = threading.Event()

    def feed() -> None:  # the job queue is bounded by the pipe: feed it from a thread
        for job in todo:
            if feeder_stop.is_set():
                break
            jobs.put(job)
        for _ in range(workers):
            jobs.put(_STOP)

    procs = [
        ctx.Process(
            target=_worker, args=(n, jobs, results, config, sites_at_once, requirements), daemon=True,
            name=f"prongsai-oit-sweep-{n}",
        )
        for n in range(workers)
    ]
    for p in procs:
        p.start()
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    pending = {i for i, _, _ in todo}
    done_workers: set[int] = set()
    try:
        while pending and len(done_workers) < workers:
            try:
                message = results.get(timeout=1.0)
            except queue_mod.Empty:
                if all(not p.is_alive() for p in procs):
                    break  # every worker is gone (killed): report what is left as failed
                continue
            if message[0] == "done":
                _, number, peak, cpu = message
                done_workers.add(number)
                if stats is not None:
                    if peak is not None:
                        stats.worker_peak_rss_mib[number] = peak
                    stats.worker_cpu_seconds[number] = cpu
                continue
            _, index, report, error = message
            pending.discard(index)
            yield index, report, error
        # drain the workers' last "done" messages (peak memory) while they exit
        while len(done_workers) < workers and any(p.is_alive() for p in procs):
            try:
                message = results.get(timeout=1.0)
            except queue_mod.Empty:
                continue
            if message[0] == "done":
                _, number, peak, cpu = message
                done_workers.add(number)
                if stats is not None:
                    if peak is not None:
                        stats.worker_peak_rss_mib[number] = peak
                    stats.worker_cpu_seconds[number] = cpu
        for index in sorted(pending):
            yield index, None, ("ตรวจเว็บไซต์ไม่สำเร็จ: กระบวนการตรวจหยุดทำงาน", "the check failed: its worker process died")
    finally:
        feeder_stop.set()
        for p in procs:
            if p.is_alive() and pending:
                p.terminate()
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
                p.join()
        jobs.cancel_join_thread()
        results.cancel_join_thread()


def _sweep_here(todo, config, sites_at_once, requirements) -> Iterator[tuple[int, Any, Any]]:
    """The same sweep in this process, one loop: for tests and for machines with one core."""
    results: queue_mod.Queue = queue_mod.Queue()
    jobs: queue_mod.Queue = queue_mod.Queue()
    for job in todo:
        jobs.put(job)
    jobs.put(_STOP)
    run_sync(_worker_loop(jobs, results, config, sites_at_once, requirements))
    while not results.empty():
        _, index, report, error = results.get()
        yield index, report, error


def report_without_timing(report: SiteReport) -> dict[str, Any]:
    """A report's JSON without the figures that depend on timing (seconds, response times): what two checks of the
    same sites must agree on."""
    data = report.to_json_dict()
    for key in ("seconds", "response_times", "checked_at"):
        data.pop(key, None)
    return data


__all__ = ["SweepStats", "report_without_timing", "sweep_sites"]
