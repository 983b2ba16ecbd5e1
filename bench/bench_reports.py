"""Benchmark: the report documents (analysis, measures, news, memo) as DOCX and PDF, one by one and in batches.

1. One document of each kind: the time to build the DOCX (``build_report`` + serialise) and to convert it to PDF
   (``docx_to_pdf``, LibreOffice), median of ``--repeat`` runs after a warm-up.
2. A province's batch: ``--agencies`` agencies (1,000 by default, seeded random results, three years of history)
   → analyse + recommend + draft the plan → the measures DOCX, written to disk, all in this process.
3. PDFs of the batch with a pool of ``--workers`` processes, each with its own LibreOffice profile (what
   ``docx_to_pdf`` gives a process): ``--pdf-batch`` documents (50 by default) are converted and the time for all
   agencies is extrapolated from their rate (printed as such).

    .venv/bin/python bench/bench_reports.py                       # 1,000 agencies, 50 PDFs, 2 workers
    .venv/bin/python bench/bench_reports.py --quick               # 20 agencies, 4 PDFs
    .venv/bin/python bench/bench_reports.py --agencies 8300 --pdf-batch 100 --workers 4
    .venv/bin/python bench/bench_reports.py --agencies 1000 --pdf-batch 1000 --many-only --repeat 1   # 1,000 PDFs

Writes bench/out/reports.json (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prongsai.core.documents.write.pdf import docx_to_pdf, docx_to_pdf_many, soffice_path  # noqa: E402
from prongsai.core.frameworks import FrameworkRegistry  # noqa: E402
from prongsai.core.pipeline import KINDS, ReportInput, build_report, prepare  # noqa: E402
from prongsai.core.scoring import score_indicators  # noqa: E402

TYPES = ["องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง"]
SYLLABLES = ["หนอง", "บัว", "บ้าน", "นา", "ทุ่ง", "โพธิ์", "ดอน", "แก้ว", "ห้วย", "ทราย", "วัง", "ศรี", "สุข", "คง",
             "ท่า", "โคก", "สูง", "ป่า", "แดง", "น้ำ", "ใส", "ไผ่", "ขาม", "กลาง"]
UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม", "กองสาธารณสุขและสิ่งแวดล้อม"]
PEOPLE = ["นายสมชาย ใจดี", "นางสาวมาลี ศรีสุข", "นายประเสริฐ มั่นคง", "นางสุดา แก้วมณี"]
REGISTRY = FrameworkRegistry()
RESULTS_YEAR = 2568


def agency_input(i: int, rng: random.Random) -> ReportInput:
    base = [rng.uniform(70, 100) for _ in range(10)]

    def year(fy: int, drift: float):
        values = {n + 1: round(min(100.0, max(0.0, v + drift + rng.uniform(-3, 3))), 2) for n, v in enumerate(base)}
        return score_indicators(REGISTRY.get(fy), values)

    return ReportInput(
        agency_name=TYPES[i % len(TYPES)] + "".join(rng.sample(SYLLABLES, 2)),
        district="เมือง",
        province="ตัวอย่าง",
        website=f"https://www.agency{i}.go.th",
        units=UNITS[: rng.randint(3, 5)],
        signer_name=rng.choice(PEOPLE),
        result=year(RESULTS_YEAR, 0),
        history=[year(RESULTS_YEAR - 1, -2), year(RESULTS_YEAR - 2, -4)],
        document_date=date(2025, 10, 15),
    )


def timed(fn, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def one_of_each(repeat: int, with_pdf: bool) -> dict:
    data = agency_input(0, random.Random(7))
    analysis, plan = prepare(data, registry=REGISTRY)
    out: dict = {}
    for kind in KINDS:
        build_report(kind, analysis, plan, data).to_bytes()  # warm-up (fonts, PyThaiNLP dictionary, templates)
        docx_s, docx_runs = timed(lambda kind=kind: build_report(kind, analysis, plan, data).to_bytes(), repeat)
        docx = build_report(kind, analysis, plan, data).to_bytes()
        row = {"docx_s": docx_s, "docx_runs": docx_runs, "docx_bytes": len(docx)}
        if with_pdf:
            pdf_s, pdf_runs = timed(lambda docx=docx: docx_to_pdf(docx), repeat)
            row.update(pdf_s=pdf_s, pdf_runs=pdf_runs, pdf_bytes=len(docx_to_pdf(docx)))
        out[kind] = row
        pdf_part = f"  PDF {row['pdf_s']:.2f} s ({row['pdf_bytes'] / 1024:.0f} KB)" if with_pdf else ""
        print(f"  {kind:9} DOCX {docx_s * 1000:6.0f} ms ({len(docx) / 1024:.0f} KB){pdf_part}", flush=True)
    return out


def _convert(path: str) -> float:
    t = time.perf_counter()
    docx_to_pdf(path, path[:-5] + ".pdf")
    return time.perf_counter() - t


def _convert_in_one_soffice(paths: list[str]) -> float:
    """One LibreOffice run converts the whole chunk (docx_to_pdf_many)."""
    t = time.perf_counter()
    for path, pdf in zip(paths, docx_to_pdf_many(paths), strict=True):
        Path(path[:-5] + ".pdf").write_bytes(pdf)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--pdf-batch", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="20 agencies, 4 PDFs, 1 repeat")
    parser.add_argument(
        "--one-soffice", action="store_true", help="also time one LibreOffice run per worker for its whole chunk"
    )
    parser.add_argument(
        "--many-only", action="store_true", help="convert the PDFs only with one LibreOffice run per worker (no pool)"
    )
    args = parser.parse_args()
    if args.quick:
        args.agencies, args.pdf_batch, args.repeat = 20, 4, 1
    with_pdf = soffice_path() is not None
    report: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
            "soffice": _soffice_version() if with_pdf else None,
        },
        "args": vars(args),
    }
    print("one document of each kind (median of", args.repeat, "runs):")
    report["single"] = one_of_each(args.repeat, with_pdf)

    rng = random.Random(args.seed)
    inputs = [agency_input(i, rng) for i in range(args.agencies)]
    work = Path(tempfile.mkdtemp(prefix="prongsai-bench-reports-"))
    try:
        prepare_s = build_s = write_s = 0.0
        cpu = time.process_time()
        wall = time.perf_counter()
        paths = []
        for i, data in enumerate(inputs):
            t0 = time.perf_counter()
            analysis, plan = prepare(data, registry=REGISTRY)
            t1 = time.perf_counter()
            docx = build_report("measures", analysis, plan, data).to_bytes()
            t2 = time.perf_counter()
            path = work / f"measures-{i:05d}.docx"
            path.write_bytes(docx)
            t3 = time.perf_counter()
            prepare_s, build_s, write_s = prepare_s + t1 - t0, build_s + t2 - t1, write_s + t3 - t2
            paths.append(str(path))
        batch_wall = time.perf_counter() - wall
        batch_cpu = time.process_time() - cpu
        n = len(inputs)
        report["docx_batch"] = {
            "agencies": n,
            "wall_s": batch_wall,
            "cpu_s": batch_cpu,
            "per_doc_ms": batch_wall / n * 1000,
            "prepare_s": prepare_s,
            "build_s": build_s,
            "write_s": write_s,
        }
        print(
            f"measures DOCX for {n:,} agencies in this process: {batch_wall:.1f} s wall ({batch_cpu:.1f} s CPU)"
            f" = {batch_wall / n * 1000:.0f} ms each (analyse+recommend+plan {prepare_s / n * 1000:.0f} ms,"
            f" build {build_s / n * 1000:.0f} ms, write {write_s / n * 1000:.1f} ms)",
            flush=True,
        )

        if with_pdf and args.pdf_batch:
            sample = paths[: min(args.pdf_batch, n)]
            if not args.many_only:
                wall = time.perf_counter()
                with ProcessPoolExecutor(max_workers=args.workers) as pool:
                    each = list(pool.map(_convert, sample))
                pdf_wall = time.perf_counter() - wall
                rate = len(sample) / pdf_wall
                report["pdf_batch"] = {
                    "documents": len(sample),
                    "workers": args.workers,
                    "wall_s": pdf_wall,
                    "per_conversion_s": {"median": statistics.median(each), "max": max(each)},
                    "docs_per_s": rate,
                    "extrapolated_for_agencies_s": n / rate,
                    "note": "extrapolated from the measured batch at the same rate (not run for every agency)",
                }
                print(
                    f"measures PDF, {len(sample)} documents with {args.workers} LibreOffice processes: {pdf_wall:.1f} s"
                    f" = {rate:.2f} documents/s (one conversion: median {statistics.median(each):.2f} s);"
                    f" extrapolated for {n:,} agencies: {n / rate / 60:.1f} min",
                    flush=True,
                )
            if args.one_soffice or args.many_only:
                chunks = [sample[k :: args.workers] for k in range(args.workers)]
                wall = time.perf_counter()
                with ProcessPoolExecutor(max_workers=args.workers) as pool:
                    list(pool.map(_convert_in_one_soffice, chunks))
                batch_wall = time.perf_counter() - wall
                batch_rate = len(sample) / batch_wall
                report["pdf_batch_one_soffice_per_worker"] = {
                    "documents": len(sample),
                    "workers": args.workers,
                    "wall_s": batch_wall,
                    "docs_per_s": batch_rate,
                    "extrapolated_for_agencies_s": n / batch_rate,
                    "note": "docx_to_pdf_many: one LibreOffice run per worker converts its whole chunk",
                }
                print(
                    f"  docx_to_pdf_many, one LibreOffice run per worker for its whole chunk: {batch_wall:.1f} s"
                    f" = {batch_rate:.2f} documents/s; extrapolated for {n:,} agencies: {n / batch_rate / 60:.1f} min",
                    flush=True,
                )
                if args.many_only:
                    rate = batch_rate
            # all four kinds: the pool's measured rate for the measures PDF, scaled by each kind's single time
            docx_each = sum(report["single"][k]["docx_s"] for k in KINDS)
            pdf_scale = sum(report["single"][k]["pdf_s"] for k in KINDS) / report["single"]["measures"]["pdf_s"]
            docx_total, pdf_total = n * (prepare_s / n + docx_each), n * pdf_scale / rate
            report["all_kinds_estimate"] = {"agencies": n, "docx_s": docx_total, "pdf_s": pdf_total}
            print(
                f"estimate, all four kinds for {n:,} agencies: DOCX {docx_total / 60:.1f} min in one process;"
                f" PDF {pdf_total / 60:.0f} min with {args.workers} workers",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_after"] = os.getloadavg()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written: {out / 'reports.json'}")


def _soffice_version() -> str | None:
    with tempfile.TemporaryDirectory() as home:  # keep LibreOffice away from the user's profile
        try:
            done = subprocess.run(
                [soffice_path(), "--version"], capture_output=True, text=True, timeout=60, check=False,
                env={**os.environ, "HOME": home},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
    return done.stdout.strip() or None


if __name__ == "__main__":
    main()
