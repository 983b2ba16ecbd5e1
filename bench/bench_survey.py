"""Benchmark: score a synthetic national ITA year of survey answers with prongsai.core.survey.

    .venv/bin/python bench/bench_survey.py                 # full scale: 8,300 agencies, 1.35 M respondents
    .venv/bin/python bench/bench_survey.py --quick         # smoke run: 100 agencies
    .venv/bin/python bench/bench_survey.py --encoding categorical --parquet
    .venv/bin/python bench/bench_survey.py --encoding categorical --from-file parquet   # file → scores

Every run checks its scores against a direct reference computed apart (each answer's option score from the
framework, mean per agency and answer point, respondents counted) unless --no-verify; a mismatch fails the run.

The data are made up (polars only, a seeded hash as the random source): agencies of log-normal size,
IIT staff answering all 51 IIT answer points of FY2564 and EIT respondents answering the 16 answer
points of the 15 SYNTHETIC EIT questions in tests/fixtures/frameworks/bench_eit_2564.yaml (the real
EIT questions are not built in). Respondents split IIT/EIT as in the published FY2567 totals
(461,440 officials, 907,795 public). Answers lean towards the good end, more so in "better" agencies.

Generation is timed apart from scoring. Prints a short table and writes JSON to bench/out/survey.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from prongsai.core.frameworks.loader import load_framework_file  # noqa: E402
from prongsai.core.frameworks.schema import Framework  # noqa: E402
from prongsai.core.survey import read_responses, score_responses  # noqa: E402

FRAMEWORK = ROOT / "tests" / "fixtures" / "frameworks" / "bench_eit_2564.yaml"
OUT = ROOT / "bench" / "out" / "survey.json"
IIT_SHARE = 461_440 / (461_440 + 907_795)  # FY2567 national respondent split
QUICK_AGENCIES = 100
FULL_AGENCIES = 8_300
FULL_RESPONDENTS = 1_350_000
U64 = float(2**64)


# --- machine ---------------------------------------------------------------------------------


def _rss_now_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _reset_hwm() -> bool:
    """Reset the kernel's RSS high-water mark (VmHWM) so the next peak is the scoring's own."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _hwm_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gib = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_gib = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores_available": len(os.sched_getaffinity(0)),
        "memory_gib": mem_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_threads": pl.thread_pool_size(),
    }


# --- synthetic data ----------------------------------------------------------------------------


def _uniform(expr: pl.Expr, seed: int) -> pl.Expr:
    """A uniform [0, 1) number from a seeded hash of `expr` (same seed and polars version → same data)."""
    return expr.hash(seed) / U64


def _point_table(framework: Framework, prefix: str) -> pl.DataFrame:
    """One row per (answer point, goodness): goodness 0 = worst option … k-1 = best option."""
    assert framework.questions is not None
    rows = []
    point = 0
    for q in framework.questions.items:
        if not q.code.startswith(prefix):
            continue
        for sub in q.sub_items:
            scale = framework.questions.scales[sub.scale]
            options = list(scale.options.items())
            ranked = sorted(range(len(options)), key=lambda i: options[i][1])  # worst → best
            for goodness, idx in enumerate(ranked):
                rows.append((point, q.code, sub.code or None, len(options), goodness, idx + 1, options[idx][0]))
            point += 1
    return pl.DataFrame(
        rows,
        schema={
            "point": pl.Int16,
            "question": pl.String,
            "sub_item": pl.String,
            "n_options": pl.Int8,
            "goodness": pl.Int8,
            "position": pl.Int8,
            "label": pl.String,
        },
        orient="row",
    )


def _agencies(n: int, respondents: int, seed: int) -> pl.DataFrame:
    """Agency sizes: log-normal weights (most agencies small, a few large), at least 5 per form."""
    u1 = _uniform(pl.col("agency_id"), seed + 11).clip(1e-12, 1.0)
    u2 = _uniform(pl.col("agency_id"), seed + 12)
    normal = (-2.0 * u1.log()).sqrt() * (2 * 3.141592653589793 * u2).cos()
    frame = pl.DataFrame({"agency_id": pl.int_range(n, eager=True, dtype=pl.Int32)}).with_columns(
        weight=(0.7 * normal).exp(),
        quality=_uniform(pl.col("agency_id"), seed + 13),
    )
    n_iit = round(respondents * IIT_SHARE)
    n_eit = respondents - n_iit
    share = pl.col("weight") / pl.col("weight").sum()
    return frame.with_columns(
        n_iit=(share * n_iit).round(0).cast(pl.Int64).clip(5, None),
        n_eit=(share * n_eit).round(0).cast(pl.Int64).clip(5, None),
    )


def _answers(agencies: pl.DataFrame, points: pl.DataFrame, count_col: str, first_id: int, seed: int):
    people = (
        agencies.select("agency_id", "quality", pl.col("agency_id").repeat_by(count_col).alias("rep"))
        .explode("rep")
        .drop("rep")
        .with_row_index("respondent", offset=first_id)
        .with_columns(pl.col("respondent").cast(pl.Int64))
        .with_columns(lean=_uniform(pl.col("respondent"), seed + 21))
    )
    point_ids = points.select("point", "n_options").unique().sort("point")
    rows = people.join(point_ids, how="cross")
    u = _uniform(pl.int_range(0, pl.len(), dtype=pl.UInt64) + first_id * 1000, seed + 22)
    p_best = (0.2 + 0.45 * pl.col("quality") + 0.3 * pl.col("lean")).clip(0.05, 0.97)
    four = (
        pl.when(u < p_best)
        .then(3)
        .when(u < p_best + (1 - p_best) * 0.6)
        .then(2)
        .when(u < p_best + (1 - p_best) * 0.85)
        .then(1)
        .otherwise(0)
    )
    two = pl.when(u < 0.5 + 0.48 * p_best).then(1).otherwise(0)
    rows = rows.with_columns(goodness=pl.when(pl.col("n_options") == 2).then(two).otherwise(four).cast(pl.Int8)).select(
        "agency_id", "respondent", "point", "goodness"
    )
    return rows.join(points.drop("n_options"), on=["point", "goodness"]).drop("point", "goodness")


def build(framework: Framework, agencies: int, respondents: int, seed: int, encoding: str) -> pl.DataFrame:
    ag = _agencies(agencies, respondents, seed)
    iit = _answers(ag, _point_table(framework, "i"), "n_iit", 0, seed)
    first_eit = int(ag.get_column("n_iit").sum())
    eit = _answers(ag, _point_table(framework, "e"), "n_eit", first_eit, seed + 100)
    frame = pl.concat([iit, eit])
    if encoding == "string":  # as read from a CSV file: every column text
        return frame.select(
            agency=pl.format("AG{}", pl.col("agency_id").cast(pl.String).str.zfill(5)),
            respondent=pl.format("R{}", pl.col("respondent")),
            question="question",
            sub_item="sub_item",
            answer="label",
        )
    cat = pl.Categorical()
    out = frame.select(
        agency=pl.col("agency_id"),
        respondent=pl.col("respondent"),
        question=pl.col("question").cast(cat),
        sub_item=pl.col("sub_item").cast(cat),
        answer=pl.col("label").cast(cat) if encoding == "categorical" else pl.col("position"),
    )
    return out


# --- the reference check ---------------------------------------------------------------------


def reference_points(framework: Framework, frame: pl.DataFrame) -> pl.DataFrame:
    """The straightforward computation, for the benchmark's canonical data only: each row's option score
    looked up in the framework (by label or position), then the mean per (agency, question, sub-item)."""
    assert framework.questions is not None
    rows = []
    for q in framework.questions.items:
        for sub in q.sub_items:
            for pos, (label, score) in enumerate(framework.questions.scales[sub.scale].options.items(), start=1):
                rows += [(q.code, sub.code, label, float(score)), (q.code, sub.code, str(pos), float(score))]
    options = pl.DataFrame(rows, schema=["question", "sub_item", "answer", "score"], orient="row").unique()
    text = frame.select(
        pl.col("agency").cast(pl.String),
        pl.col("question").cast(pl.String),
        pl.col("sub_item").cast(pl.String).fill_null(""),
        pl.col("answer").cast(pl.String),
    )
    joined = text.join(options, on=["question", "sub_item", "answer"], how="left")
    if joined.get_column("score").null_count():
        raise SystemExit("reference: some answers are not options of their scale")
    return joined.group_by("agency", "question", "sub_item").agg(
        ref_score=pl.col("score").mean(), ref_respondents=pl.len()
    )


def verify(framework: Framework, frame: pl.DataFrame, scores) -> dict:
    """Compare the scored answer points and respondent counts with `reference_points`; exit on a mismatch."""
    ref = reference_points(framework, frame)
    got = scores.points.select("agency", "question", "sub_item", "score", "respondents")
    both = ref.join(got, on=["agency", "question", "sub_item"], how="full", coalesce=True)
    worst = both.select((pl.col("score") - pl.col("ref_score")).abs().max()).item()
    problems = []
    if both.height != ref.height or both.height != got.height:
        problems.append(f"answer points differ: reference {ref.height:,}, scored {got.height:,}")
    if worst is None or worst > 1e-9:
        problems.append(f"largest score difference {worst}")
    if both.filter(pl.col("respondents") != pl.col("ref_respondents")).height:
        problems.append("respondents per answer point differ")
    people = frame.select(pl.struct(pl.col("agency", "respondent")).n_unique()).item()
    counted = int(scores.respondents.get_column("respondents").sum())
    if people != counted:  # the benchmark's respondent ids are unique across instruments
        problems.append(f"respondents: {people:,} in the data, {counted:,} scored")
    if problems:
        raise SystemExit("VERIFY FAILED: " + "; ".join(problems))
    return {"answer_points": both.height, "max_abs_score_difference": worst, "respondents": counted, "ok": True}


# --- the run ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=None, help=f"default {FULL_AGENCIES:,}")
    ap.add_argument("--respondents", type=int, default=None, help=f"default {FULL_RESPONDENTS:,} (IIT + EIT)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_AGENCIES} agencies")
    ap.add_argument(
        "--encoding",
        choices=["string", "categorical", "position"],
        default="string",
        help="string: every column text, as from CSV (default); categorical: Categorical codes and"
        " integer ids; position: like categorical but answers as Int8 option positions",
    )
    ap.add_argument("--parquet", action="store_true", help="also time writing and reading a Parquet file")
    ap.add_argument("--repeat", type=int, default=1, help="score this many times and report the best")
    ap.add_argument(
        "--from-file",
        choices=["csv", "parquet"],
        default=None,
        help="write the answers to a file first (not timed), then time read_responses(file) + scoring",
    )
    ap.add_argument("--no-verify", action="store_true", help="skip the check against the reference")
    ap.add_argument(
        "--compare-with",
        type=Path,
        default=None,
        help="another survey.py (e.g. `git show HEAD:src/prongsai/core/survey.py > /tmp/old.py`): its"
        " score_responses is timed on the same frame, alternating with this one, so both see the same load",
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    agencies = args.agencies or (QUICK_AGENCIES if args.quick else FULL_AGENCIES)
    respondents = args.respondents or round(FULL_RESPONDENTS * agencies / FULL_AGENCIES)
    framework = load_framework_file(FRAMEWORK)
    rss_start = _rss_now_mib()

    t0 = time.perf_counter()
    frame = build(framework, agencies, respondents, args.seed, args.encoding)
    gen_s = time.perf_counter() - t0
    rows = frame.height
    data_mib = frame.estimated_size("mb")
    rss_after_gen = _rss_now_mib()
    peak_after_gen = _peak_rss_mib()

    parquet = None
    if args.parquet:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "answers.parquet"
            t0 = time.perf_counter()
            frame.write_parquet(path)
            write_s = time.perf_counter() - t0
            size_mib = path.stat().st_size / 1024**2
            del frame
            t0 = time.perf_counter()
            frame = read_responses(path)
            read_s = time.perf_counter() - t0
        parquet = {"write_s": round(write_s, 2), "read_s": round(read_s, 2), "file_mib": round(size_mib, 1)}

    times, cpu = [], []
    rss_before_score = _rss_now_mib()
    hwm_reset = _reset_hwm()
    load_before = os.getloadavg()[0]
    source = None
    tmpdir = tempfile.TemporaryDirectory()
    if args.from_file:
        source = Path(tmpdir.name) / f"answers.{args.from_file}"
        if args.from_file == "csv":
            frame.with_columns(pl.all().cast(pl.String)).write_csv(source)
        else:
            frame.write_parquet(source)
        rss_before_score = _rss_now_mib()
        hwm_reset = _reset_hwm()
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        scores = score_responses(framework, frame if source is None else read_responses(source))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    other = None
    if args.compare_with:
        import importlib.util

        spec = importlib.util.spec_from_file_location("survey_compared", args.compare_with)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["survey_compared"] = module
        spec.loader.exec_module(module)
        ours, theirs = [], []
        for _ in range(max(1, args.repeat)):
            for fn, into in ((score_responses, ours), (module.score_responses, theirs)):
                t0 = time.perf_counter()
                fn(framework, frame if source is None else read_responses(source))
                into.append(round(time.perf_counter() - t0, 2))
        other = {"file": str(args.compare_with), "this_s": ours, "compared_s": theirs, "speedup_best": None}
        other["speedup_best"] = round(min(theirs) / min(ours), 2)
    best = times.index(min(times))
    score_s, score_cpu_s = times[best], cpu[best]
    load_after = os.getloadavg()[0]
    peak_after_score = _peak_rss_mib()
    peak_scoring = _hwm_mib() if hwm_reset else None

    t0 = time.perf_counter()
    national = scores.indicator_frame(wide=True)
    frame_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = scores.to_json_dict()
    json_s = time.perf_counter() - t0

    tmpdir.cleanup()
    verified = None if args.no_verify else verify(framework, frame, scores)

    resp = scores.respondents.group_by("instrument").agg(pl.col("respondents").sum())
    resp_by = dict(resp.iter_rows())
    n_resp = sum(resp_by.values())
    means = scores.instrument_frame().group_by("instrument").agg(pl.col("score").mean().round(2))
    result = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {**machine_info(), "load_avg_1min_before_after_scoring": [load_before, load_after]},
        "data": {
            "agencies": agencies,
            "agencies_scored": len(doc["agencies"]),
            "rows": rows,
            "respondents": n_resp,
            "respondents_by_instrument": resp_by,
            "answer_points": {
                code: sum(len(q.sub_items) for q in framework.questions.items if q.code.startswith(prefix))
                for code, prefix in (("IIT", "i"), ("EIT", "e"))
            },
            "encoding": args.encoding,
            "timed_from": f"{args.from_file} file (read_responses + score_responses)"
            if args.from_file
            else "frame in memory (score_responses)",
            "frame_mib": round(data_mib, 1),
            "seed": args.seed,
        },
        "seconds": {
            "generate": round(gen_s, 2),
            "score": round(score_s, 2),
            "score_all_runs": [round(t, 2) for t in times],
            "score_cpu": round(score_cpu_s, 2),
            "score_cpu_all_runs": [round(t, 2) for t in cpu],
            "indicator_frame": round(frame_s, 2),
            "to_json_dict": round(json_s, 2),
        },
        "throughput": {
            "rows_per_s": round(rows / score_s),
            "respondents_per_s": round(n_resp / score_s),
        },
        "memory_mib": {
            "rss_at_start": round(rss_start),
            "rss_after_generation": round(rss_after_gen),
            "peak_rss_after_generation": round(peak_after_gen),
            "peak_rss_total": round(peak_after_score),
            "rss_before_scoring": round(rss_before_score),
            "peak_rss_during_scoring": None if peak_scoring is None else round(peak_scoring),
        },
        "parquet": parquet,
        "verified": verified,
        "compared_with": other,
        "national_mean_instrument_scores": dict(means.sort("instrument").iter_rows()),
        "national_indicator_frame_shape": list(national.shape),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    m = result["machine"]
    lines = [
        ("machine", f"{m['cpu']}, {m['cores_available']} cores, {m['memory_gib']} GiB, polars {m['polars']}"),
        ("data", f"{agencies:,} agencies, {n_resp:,} respondents, {rows:,} rows ({args.encoding})"),
        ("generate", f"{gen_s:8.2f} s"),
        ("score", f"{score_s:8.2f} s   {rows / score_s:14,.0f} rows/s  {n_resp / score_s:12,.0f} respondents/s"),
        ("score CPU", f"{score_cpu_s:8.2f} s   (all runs, wall: {', '.join(f'{t:.2f}' for t in times)} s)"),
        ("load average", f"{load_before:.2f} before, {load_after:.2f} after scoring (1 min)"),
        ("indicator_frame", f"{frame_s:8.2f} s"),
        ("to_json_dict", f"{json_s:8.2f} s"),
        (
            "scoring RSS",
            f"{rss_before_score:8.0f} MiB before, peak {peak_scoring or float('nan'):.0f} MiB while scoring",
        ),
        (
            "peak RSS",
            f"{peak_after_score:8.0f} MiB (after generation {peak_after_gen:.0f} MiB; frame {data_mib:.0f} MB)",
        ),
    ]
    if parquet:
        lines.append(
            ("parquet", f"write {parquet['write_s']} s, read {parquet['read_s']} s, {parquet['file_mib']} MiB")
        )
    lines.append(("timed from", result["data"]["timed_from"]))
    if other:
        lines.append(
            (
                "compared",
                f"this {', '.join(map(str, other['this_s']))} s; {args.compare_with.name}"
                f" {', '.join(map(str, other['compared_s']))} s (alternating): best x{other['speedup_best']}",
            )
        )
    lines.append(
        (
            "verified",
            "skipped"
            if verified is None
            else f"ok, {verified['answer_points']:,} answer points, max"
            f" difference {verified['max_abs_score_difference']:.1e}",
        )
    )
    width = max(len(k) for k, _ in lines)
    for key, value in lines:
        print(f"{key:<{width}}  {value}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
