"""sweep_sites: many sites checked in worker processes give the same reports as checking them one by one."""

from __future__ import annotations

import random

from fixture_sites import NORMAL_TIMEOUT, build_site

from prongsai.core.oit.checker import check_site_sync
from prongsai.core.oit.crawler import CrawlConfig
from prongsai.core.oit.sweep import SweepStats, report_without_timing, sweep_sites

# every mode of the benchmark except "slow" (a page that never answers would only wait for the timeout)
MODES = (
    "missing", "stale", "no_year", "broken", "drive", "redirect", "parts_missing", "broken_html", "tis620",
    "generic_link", "empty_file",
)


def _sites(frameworks, serve, n: int):
    rng = random.Random(5)
    out = []
    for i in range(n):
        fy = (2564, 2566, 2568)[i % 3]
        codes = [it.code for _, it in frameworks.get(fy).oit.items() if it.title_th]
        modes = {code: rng.choice(MODES) for code in rng.sample(codes, k=len(codes) // 4)}
        out.append((serve(build_site(frameworks.get(fy), modes)).url, fy))
    return out


def test_parallel_sweep_equals_sequential_checks(frameworks, serve):
    sites = _sites(frameworks, serve, 4)
    config = CrawlConfig(allow_private=True, timeout=NORMAL_TIMEOUT, concurrency=4)
    sequential = [report_without_timing(check_site_sync(url, fy, config=config)) for url, fy in sites]

    stats = SweepStats()
    seen: dict[int, dict] = {}
    for index, report, error in sweep_sites(sites, config=config, workers=2, sites_per_worker=2, stats=stats):
        assert error is None, error
        assert index not in seen
        seen[index] = report_without_timing(report)
    assert sorted(seen) == list(range(len(sites)))
    assert [seen[i] for i in range(len(sites))] == sequential
    assert set(stats.worker_peak_rss_mib) == {0, 1}  # both workers reported and exited

    here = {i: report_without_timing(r) for i, r, _ in sweep_sites(sites, config=config, workers=0)}
    assert [here[i] for i in range(len(sites))] == sequential


def test_a_failing_site_is_reported_and_the_sweep_goes_on(frameworks, serve):
    sites = [*_sites(frameworks, serve, 1), ("not a url", 2568)]
    config = CrawlConfig(allow_private=True, timeout=NORMAL_TIMEOUT)
    results = {i: (r, e) for i, r, e in sweep_sites(sites, config=config, workers=2)}
    assert results[0][0] is not None and results[0][1] is None
    assert results[1][0] is None and "URL" in results[1][1][0]
