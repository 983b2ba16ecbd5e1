"""Benchmark: the same batch of measures DOCX converted to PDF by two versions of the code, one after the other.

Builds ``--docs`` measures DOCX once (bench_reports' agencies, seeded), then for each ``--src`` folder (a copy of
``src/``, e.g. ``git show``/``git archive`` of an older commit; default: this checkout's ``src``) converts them all
with ``docx_to_pdf_many`` in ``--workers`` processes (what ``bench_reports.py --many-only`` does), each version in a
fresh interpreter. Prints PDFs/s, wall time and the CPU of the processes and their LibreOffice children.

    .venv/bin/python bench/bench_pdf_batch.py --docs 120 --src /tmp/old/src --src src
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _convert(src: str, paths: list[str]) -> int:
    sys.path.insert(0, src)
    from prongsai.core.documents.write.pdf import docx_to_pdf_many

    return len(docx_to_pdf_many(paths))


def run_one(src: str, folder: str, workers: int) -> dict:
    """In this (fresh) interpreter: convert every DOCX in `folder` with the code in `src`."""
    paths = sorted(str(p) for p in Path(folder).glob("*.docx"))
    chunks = [paths[k::workers] for k in range(workers)]
    load = os.getloadavg()[0]
    t = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = sum(pool.map(_convert, [src] * workers, chunks))
    wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "src": src, "documents": done, "workers": workers, "wall_s": round(wall, 1),
        "pdfs_per_s": round(done / wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
    }


def build(folder: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_reports import REGISTRY, agency_input
    from prongsai.core.pipeline import build_report, prepare

    rng = random.Random(1)
    for i in range(n):
        data = agency_input(i, rng)
        analysis, plan = prepare(data, registry=REGISTRY)
        (folder / f"measures-{i:05d}.docx").write_bytes(build_report("measures", analysis, plan, data).to_bytes())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--src", action="append", help="a src folder to time (repeatable; default: this checkout)")
    ap.add_argument("--run-one", nargs=2, metavar=("SRC", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_one:
        print(json.dumps(run_one(args.run_one[0], args.run_one[1], args.workers)))
        return
    with tempfile.TemporaryDirectory(prefix="prongsai-bench-pdf-") as folder:
        t = time.perf_counter()
        build(Path(folder), args.docs)
        print(f"{args.docs} measures DOCX built in {time.perf_counter() - t:.1f} s", flush=True)
        for src in args.src or [str(ROOT / "src")]:
            command = [sys.executable, __file__, "--workers", str(args.workers), "--run-one",
                       str(Path(src).resolve()), folder]
            print(subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
