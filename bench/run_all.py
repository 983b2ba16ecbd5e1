"""Run every benchmark (each as its own process, with its own flags) and summarise them.

    .venv/bin/python bench/run_all.py                 # default sizes (about 15 minutes on 2 cores)
    .venv/bin/python bench/run_all.py --quick         # smoke sizes (about 1 minute)
    .venv/bin/python bench/run_all.py --only survey,pandas

Each script keeps writing its own JSON in bench/out/ (survey.json, survey_categorical.json, survey_parquet.json,
pandas.json, reports.json, oit.json, load_postgres.json, load_sqlite.json, load_surveys.json; the documents
benchmark prints only, so its figures are read from its output) and its output goes to bench/out/<name>.log. This
script writes bench/out/summary.json and bench/out/summary.txt (the table it prints). Benchmarks run one after the
other: on a shared 2-core machine running them at once would measure each other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

from bench_survey import machine_info  # noqa: E402

# name → (script, default flags, quick flags)
BENCHES: dict[str, tuple[str, list[str], list[str]]] = {
    "survey": ("bench_survey.py", ["--repeat", "2"], ["--quick"]),
    "survey_categorical": (
        "bench_survey.py",
        ["--encoding", "categorical", "--out", str(OUT / "survey_categorical.json")],
        ["--quick", "--encoding", "categorical", "--out", str(OUT / "survey_categorical.json")],
    ),
    "survey_parquet": (
        "bench_survey.py",
        [
            "--encoding",
            "categorical",
            "--from-file",
            "parquet",
            "--repeat",
            "2",
            "--out",
            str(OUT / "survey_parquet.json"),
        ],
        ["--quick", "--encoding", "categorical", "--from-file", "parquet", "--out", str(OUT / "survey_parquet.json")],
    ),
    "pandas": ("baseline_pandas.py", [], ["--quick"]),
    "documents": ("bench_documents.py", ["--docs", "2000"], ["--docs", "300"]),
    "reports": ("bench_reports.py", ["--agencies", "110", "--pdf-batch", "20", "--one-soffice"], ["--quick"]),
    "oit": ("bench_oit.py", ["--sites", "100"], ["--sites", "5"]),
    "ocr": ("bench_ocr.py", [], ["--docs", "ita"]),  # needs Tesseract (make debian-deps) and LibreOffice
    # web load (bench/load/): needs Debian wrk and, for PostgreSQL, the server on 127.0.0.1:5432
    "load_postgres": (
        "load/run_load.py",
        ["--db", "postgres", "--out", str(OUT / "load_postgres.json")],
        ["--db", "sqlite", "--quick", "--out", str(OUT / "load_postgres.json")],
    ),
    "load_sqlite": (
        "load/run_load.py",
        ["--db", "sqlite", "--out", str(OUT / "load_sqlite.json")],
        ["--db", "sqlite", "--quick", "--out", str(OUT / "load_sqlite.json")],
    ),
    # 1,000 respondents each to a round's closed IIT (invitation codes), its open EIT link and a pulse survey's QR
    # link, 50 at a time, survey limits as in production (bench/README.md, "Survey answers under load")
    "load_surveys": (
        "load/run_load.py",
        ["--db", "postgres", "--surveys-only", "--out", str(OUT / "load_surveys.json")],
        ["--db", "sqlite", "--quick", "--surveys-only", "--out", str(OUT / "load_surveys.json")],
    ),
}


SURVEY_KINDS = ("round_iit", "round_eit", "pulse")


def _load(name: str) -> dict | None:
    path = OUT / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _documents(log: str) -> dict | None:
    m = re.search(r"corpus: ([\d,]+) documents.*?\n.*?= ([\d,]+) documents/s.*?wall ([\d.]+) s = ([\d,]+)", log, re.S)
    if not m:
        return None
    return {
        "documents": int(m[1].replace(",", "")),
        "docs_per_s_cpu": int(m[2].replace(",", "")),
        "wall_s": float(m[3]),
        "docs_per_s_wall": int(m[4].replace(",", "")),
    }


def summarise(results: dict[str, dict]) -> tuple[dict, list[tuple[str, str, str]]]:
    """The figures that matter, with a (benchmark, figure, value) table."""
    rows: list[tuple[str, str, str]] = []
    summary: dict = {}
    for key in ("survey", "survey_categorical", "survey_parquet"):
        s = results.get(key, {}).get("data")
        if not s:
            continue
        fig = {
            "respondents": s["data"]["respondents"],
            "rows": s["data"]["rows"],
            "score_s": s["seconds"]["score"],
            "respondents_per_s": s["throughput"]["respondents_per_s"],
            "peak_rss_during_scoring_mib": s["memory_mib"]["peak_rss_during_scoring"],
        }
        summary[key] = fig
        rows.append((key, "respondents", f"{fig['respondents']:,} ({fig['rows']:,} rows)"))
        rows.append((key, "score", f"{fig['score_s']} s = {fig['respondents_per_s']:,} respondents/s"))
        rows.append((key, "peak RSS while scoring", f"{fig['peak_rss_during_scoring_mib']:,} MiB"))
    p = results.get("pandas", {}).get("data")
    if p:
        fig = {
            "respondents": p["data"]["respondents"],
            "score_s": p["seconds"]["score"],
            "respondents_per_s": p["throughput"]["respondents_per_s"],
            "peak_rss_during_scoring_mib": p["memory_mib"]["peak_rss_during_scoring"],
        }
        for key in ("survey", "survey_categorical"):
            if key in summary and summary[key]["respondents"] == fig["respondents"]:
                fig[f"speedup_{key}"] = round(summary[key]["respondents_per_s"] / fig["respondents_per_s"], 2)
        summary["pandas"] = fig
        rows.append(("pandas", "score", f"{fig['score_s']} s = {fig['respondents_per_s']:,} respondents/s"))
        rows.append(("pandas", "peak RSS while scoring", f"{fig['peak_rss_during_scoring_mib']:,} MiB"))
        for key in ("survey", "survey_categorical"):
            if f"speedup_{key}" in fig:
                rows.append(("pandas", f"{key} / pandas", f"x{fig[f'speedup_{key}']}"))
    d = results.get("documents", {}).get("data")
    if d:
        summary["documents"] = d
        rows.append(
            ("documents", "parse + check", f"{d['docs_per_s_cpu']:,} docs/s CPU, {d['docs_per_s_wall']:,} wall")
        )
    o = results.get("ocr", {}).get("data")
    if o and o.get("total"):
        t = o["total"]
        summary["ocr"] = t
        rows.append(("ocr", "s/page (one core)", f"{t['cpu_s_per_page']} CPU, {t['wall_s_per_page']} wall"))
        rows.append(("ocr", "fields right", f"{t['fields_right']}/{t['fields_stated']}"))
    r = results.get("reports", {}).get("data")
    if r:
        fig = {k: v.get("docx_s") for k, v in r.get("single", {}).items()}
        pdf = {k: v.get("pdf_s") for k, v in r.get("single", {}).items()}
        summary["reports"] = {"docx_s": fig, "pdf_s": pdf}
        for k in fig:
            rows.append(("reports", k, f"DOCX {fig[k] or 0:.3f} s, PDF {pdf[k] or 0:.2f} s"))
        many = r.get("pdf_batch_one_soffice_per_worker")
        if many:
            summary["reports"]["docx_to_pdf_many_docs_per_s"] = round(many["docs_per_s"], 2)
            rows.append(("reports", "docx_to_pdf_many", f"{many['docs_per_s']:.2f} documents/s"))
    o = results.get("oit", {}).get("data")
    if o:
        summary["oit"] = {
            k: o[k] for k in ("sites", "seconds", "sites_per_minute", "requests_per_second", "peak_rss_mib")
        }
        rows.append(("oit", "check", f"{o['sites']} sites in {o['seconds']} s = {o['sites_per_minute']} sites/min"))
    for key in ("load_postgres", "load_sqlite", "load_surveys"):
        w = results.get(key, {}).get("data")
        if not w:
            continue
        fig: dict = {"database": w["database"], "portal": {}, "forms": {}}
        for run in w.get("portal", []) + w.get("dashboard", []):
            page = "dashboard" if run in w.get("dashboard", []) else "portal"
            if run.get("think_ms"):
                page += f" (think {run['think_ms']} ms)"
            bad = run["status"]["5xx"] + sum(run["errors"].values())
            fig.setdefault(page, {})[run["connections"]] = {
                "rps": run["requests_per_s"],
                "p95_ms": run["latency_ms"]["p95"],
                "bad": bad,
            }
            rows.append(
                (
                    key,
                    f"{page} c={run['connections']}",
                    f"{run['requests_per_s']} req/s, p50/p95/p99 {run['latency_ms']['p50']:.0f}/"
                    f"{run['latency_ms']['p95']:.0f}/{run['latency_ms']['p99']:.0f} ms, 5xx+errors {bad}",
                )
            )
        for kind, f in w.get("forms", {}).items():
            fig["forms"][kind] = {k: f[k] for k in ("submissions", "stored", "accepted", "errors", "post_status")}
            rows.append(
                (
                    key,
                    f"{kind} forms",
                    f"{f['stored']:,} of {f['submissions']:,} stored ({f['concurrency']} at a time),"
                    f" {f['submissions_per_s']}/s, POST p95 {f['post_latency_ms']['p95']:.0f} ms",
                )
            )
            if kind in SURVEY_KINDS:  # the targets: all stored, no 5xx, POST p95 < 500 ms
                statuses = [*f["post_status"].items(), *f.get("double_submit_status", {}).items()]
                five = sum(n for status, n in statuses if status.startswith("5"))
                met = f["stored"] == f["submissions"] and not five and f["post_latency_ms"]["p95"] < 500
                fig["forms"][kind].update(post_5xx=five, post_p95_ms=f["post_latency_ms"]["p95"], target_met=met)
                rows.append((key, f"{kind} target", f"{'met' if met else 'NOT met'} (5xx: {five})"))
        summary[key] = fig
    for name, res in results.items():
        if res.get("returncode"):
            rows.append((name, "FAILED", f"exit {res['returncode']}, see bench/out/{name}.log"))
    return summary, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smoke sizes")
    ap.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(BENCHES)}")
    args = ap.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    failed = 0
    for name in names:
        script, flags, quick = BENCHES[name]
        cmd = [sys.executable, str(ROOT / "bench" / script), *(quick if args.quick else flags)]
        print(f"== {name}: {' '.join(Path(c).name if c.startswith('/') else c for c in cmd)}", flush=True)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        log = proc.stdout + proc.stderr
        (OUT / f"{name}.log").write_text(log, encoding="utf-8")
        data = None if proc.returncode else (_documents(log) if name == "documents" else _load(name))
        results[name] = {"command": cmd[1:], "returncode": proc.returncode, "wall_s": round(wall, 1), "data": data}
        failed += proc.returncode != 0
        print(f"   {'ok' if proc.returncode == 0 else 'FAILED'} in {wall:.1f} s", flush=True)
    summary, rows = summarise(results)
    doc = {
        "machine": {**machine_info(), "load_avg": os.getloadavg()},
        "quick": args.quick,
        "summary": summary,
        "runs": {n: {k: v for k, v in r.items() if k != "data"} for n, r in results.items()},
    }
    (OUT / "summary.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    widths = [max(len(r[i]) for r in [("benchmark", "figure", "value"), *rows]) for i in range(3)]
    lines = [f"{'benchmark':<{widths[0]}}  {'figure':<{widths[1]}}  value", "-" * (sum(widths) + 4)]
    lines += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}" for a, b, c in rows]
    table = "\n".join(lines)
    (OUT / "summary.txt").write_text(table + "\n", encoding="utf-8")
    print(table)
    print(f"wrote {OUT / 'summary.json'} and {OUT / 'summary.txt'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
