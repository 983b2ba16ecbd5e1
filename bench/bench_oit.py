"""Benchmark: the OIT website checker on 100 fixture sites at once, all served on 127.0.0.1.

A child process builds the sites (tests/core/oit/fixture_sites.py: FY2564 / 2566 / 2568 frameworks, with about a
fifth of the items changed: missing, stale, broken links, Google Drive, redirects, broken HTML, TIS-620, generic
"ดาวน์โหลด" links, empty files, missing parts, slow pages under the timeout) and serves each on its own port. This
process then checks them with `sweep_sites` (core/oit/sweep.py: one worker process per core, each checking up to
`--per-worker` sites at once) and reports sites per minute, pages per second, CPU time (this process and the
workers) and the peak memory (RSS high-water marks: this process + every worker). `--workers 0` is the single-process
way: `check_site` on all sites at once with asyncio.gather in this process.

    .venv/bin/python bench/bench_oit.py                        # 100 sites, 4 requests at once per site, all cores
    .venv/bin/python bench/bench_oit.py --workers 0            # the same in this process only (one core)
    .venv/bin/python bench/bench_oit.py --sites 200 --concurrency 8 --seed 3
    .venv/bin/python bench/bench_oit.py --batch 25             # 25 sites at a time instead of all at once

Nothing leaves the machine: every URL is http://127.0.0.1:<port>/ (external links in the fixtures are recorded by the
checker, never fetched). Writes bench/out/oit.json (gitignored).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "core" / "oit"))

from prongsai.core.frameworks import FrameworkRegistry  # noqa: E402
from prongsai.core.oit.checker import check_site  # noqa: E402
from prongsai.core.oit.crawler import CrawlConfig  # noqa: E402
from prongsai.core.oit.sweep import SweepStats, sweep_sites  # noqa: E402

YEARS = (2564, 2566, 2568)
MODES = (
    "missing", "stale", "no_year", "broken", "drive", "redirect", "parts_missing", "broken_html", "tis620",
    "generic_link", "empty_file", "slow",
)


def plan(n_sites: int, seed: int) -> list[tuple[int, dict[str, str]]]:
    """(fiscal year, modes) per site, reproducible from the seed."""
    rng = random.Random(seed)
    registry = FrameworkRegistry()
    out = []
    for i in range(n_sites):
        fy = YEARS[i % len(YEARS)]
        codes = [it.code for _, it in registry.get(fy).oit.items() if it.title_th]
        changed = rng.sample(codes, k=max(1, len(codes) // 5))
        out.append((fy, {code: rng.choice(MODES) for code in changed}))
    return out


def _serve(sites_plan, conn, slow_delay: float) -> None:  # child process
    from fixture_sites import FixtureServer, build_site

    registry = FrameworkRegistry()
    servers = []
    for fy, modes in sites_plan:
        servers.append(FixtureServer(build_site(registry.get(fy), modes, slow_delay=slow_delay)).__enter__())
    conn.send([s.url for s in servers])
    conn.recv()  # wait for "stop"
    for s in servers:
        s.__exit__(None, None, None)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _rss_mib(field: str) -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def check_all(urls, years, config, batch: int):
    registry = FrameworkRegistry()
    frameworks = {fy: registry.get(fy) for fy in set(years)}
    reports = []
    for start in range(0, len(urls), batch):
        part = zip(urls[start : start + batch], years[start : start + batch], strict=True)
        reports += await asyncio.gather(*(check_site(u, frameworks[fy], config=config) for u, fy in part))
    return reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=4, help="requests at once per site")
    ap.add_argument("--batch", type=int, default=0, help="with --workers 0: sites checked at once (0: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (0: this process)")
    ap.add_argument("--per-worker", type=int, default=50, help="sites checked at once by each worker process")
    ap.add_argument("--timeout", type=float, default=15.0, help="seconds per request (the CLI default)")
    ap.add_argument("--slow-delay", type=float, default=0.5, help="seconds a 'slow' page waits (under the timeout)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-read", action="store_true", help="do not read the text of PDF/DOCX files (download only)")
    args = ap.parse_args()

    sites_plan = plan(args.sites, args.seed)
    t0 = time.perf_counter()
    parent, child = mp.Pipe()
    server = mp.get_context("fork").Process(target=_serve, args=(sites_plan, child, args.slow_delay), daemon=True)
    server.start()
    urls = parent.recv()
    built = time.perf_counter() - t0

    config = CrawlConfig(
        allow_private=True, concurrency=args.concurrency, timeout=args.timeout, read_files=not args.no_read
    )
    years = [fy for fy, _ in sites_plan]
    rss_before = _rss_mib("VmRSS")
    peak_reset = _reset_peak()
    cpu0 = time.process_time()
    t1 = time.perf_counter()
    stats = SweepStats()
    if args.workers > 0:
        by_index: dict[int, object] = {}
        for index, report, error in sweep_sites(
            zip(urls, years, strict=True), config=config, workers=args.workers, sites_per_worker=args.per_worker,
            stats=stats,
        ):
            if error is not None:
                raise SystemExit(f"site {index} failed: {error[1]}")
            by_index[index] = report
        reports = [by_index[i] for i in range(len(urls))]
    else:
        reports = asyncio.run(check_all(urls, years, config, args.batch or len(urls)))
    wall = time.perf_counter() - t1
    cpu = time.process_time() - cpu0
    parent_peak = _rss_mib("VmHWM") if peak_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = sum(stats.worker_peak_rss_mib.values())
    workers_cpu = sum(stats.worker_cpu_seconds.values())
    cpu += workers_cpu
    peak = (parent_peak or 0) + workers_peak
    parent.send("stop")
    server.join(timeout=10)

    verdicts = Counter(i.verdict for r in reports for i in r.items)
    pages = sum(r.pages_crawled for r in reports)
    files = sum(r.files_checked for r in reports)
    requests = sum(r.response_times.get("count", 0) for r in reports)
    errors = Counter(b["error"] for r in reports for b in r.broken_detail)
    result = {
        "sites": len(reports),
        "concurrency_per_site": args.concurrency,
        "batch": args.batch or len(urls),
        "workers": args.workers,
        "per_worker": args.per_worker if args.workers else None,
        "read_files": not args.no_read,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "sites_per_minute": round(len(reports) / wall * 60, 1),
        "pages": pages,
        "files": files,
        "requests": requests,
        "requests_per_second": round(requests / wall, 1),
        "rss_before_mib": round(rss_before, 1) if rss_before else None,
        "peak_rss_mib": round(peak, 1) if peak else None,
        "peak_rss_parent_mib": round(parent_peak, 1) if parent_peak else None,
        "peak_rss_workers_mib": {k: round(v, 1) for k, v in sorted(stats.worker_peak_rss_mib.items())},
        "cpu_seconds_workers": round(workers_cpu, 2),
        "verdicts": dict(verdicts),
        # every site's every item and verdict, in order: equal digests = identical verdicts item by item
        "verdicts_sha256": hashlib.sha256(
            json.dumps([[(i.code, i.verdict) for i in r.items] for r in reports]).encode()
        ).hexdigest(),
        "link_errors": dict(errors),
        "sites_built_seconds": round(built, 2),
        "load_average": os.getloadavg(),
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "oit.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"sites      {result['sites']} (FY {', '.join(map(str, YEARS))}), {args.concurrency} requests at once per site,"
        + (
            f" {args.workers} worker processes x {args.per_worker} sites at once"
            if args.workers
            else f" {result['batch']} sites at once in this process"
        )
        + f"; built and served in {built:.1f} s by a child process\n"
        f"checked    {wall:.1f} s wall, {cpu:.1f} s CPU = {result['sites_per_minute']:,} sites/minute;"
        f" {pages:,} pages + {files:,} files, {requests:,} requests ({result['requests_per_second']:,}/s)\n"
        f"memory     {result['rss_before_mib']} MiB before, peak {result['peak_rss_mib']} MiB while checking"
        f" (this process {result['peak_rss_parent_mib']} + workers {result['peak_rss_workers_mib']})\n"
        f"verdicts   {dict(verdicts)}; link errors {dict(errors)}; sha256 {result['verdicts_sha256'][:16]}"
    )


if __name__ == "__main__":
    main()
