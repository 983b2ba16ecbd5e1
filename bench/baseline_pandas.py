"""Baseline: the survey roll-up of prongsai.core.survey written the straightforward way with pandas.

    .venv/bin/python bench/baseline_pandas.py                 # full scale: 8,300 agencies, 1.35 M respondents
    .venv/bin/python bench/baseline_pandas.py --quick         # 100 agencies
    .venv/bin/python bench/baseline_pandas.py --agencies 830 --respondents 135000

Same synthetic data as bench/bench_survey.py (its `build`, same seed), handed to pandas as a DataFrame with
Categorical columns (what `pd.read_csv(..., dtype="category")` gives; plain object strings need about 11 GB
at national scale). The scoring is what a reasonable engineer writes with pandas: normalise the codes and
labels (`Series.map` over a Categorical's categories), `merge` every answer with the scale table, check for
unknown answers and duplicates, then `groupby` answer point → question → indicator → instrument, and
`nunique` respondents per instrument. Same rules and numbers as `score_responses` (tested in
tests/core/test_survey_baseline.py). Writes bench/out/pandas.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
from pathlib import Path

import pandas as pd
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_survey import (  # noqa: E402
    FRAMEWORK,
    FULL_AGENCIES,
    FULL_RESPONDENTS,
    QUICK_AGENCIES,
    _hwm_mib,
    _peak_rss_mib,
    _reset_hwm,
    _rss_now_mib,
    build,
    machine_info,
)
from prongsai.core.frameworks.loader import load_framework_file  # noqa: E402
from prongsai.core.frameworks.schema import Framework  # noqa: E402

OUT = ROOT / "bench" / "out" / "pandas.json"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalise(value: object) -> str:
    """The normalisation of prongsai.core.survey: invisible characters out, Thai digits, NFC, trim, lower."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    text = unicodedata.normalize("NFC", str(value).translate(_INVISIBLE).translate(_THAI_DIGITS))
    return text.strip().lower()


def scale_table(framework: Framework) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(answer keys, questions, instruments) of the framework as pandas frames."""
    section = framework.questions
    assert section is not None
    instrument_of = {n: inst.code for inst in framework.instruments.items for n in inst.indicators}
    keys, questions = [], []
    for q in section.items:
        questions.append((q.code, q.indicator, instrument_of[q.indicator]))
        for sub in q.sub_items:
            scale = section.scales[sub.scale]
            labels = [normalise(label) for label in scale.options]
            for pos, (label, score) in enumerate(scale.options.items(), start=1):
                keys.append((q.code, normalise(sub.code), normalise(label), float(score)))
                if str(pos) not in labels:
                    keys.append((q.code, normalise(sub.code), str(pos), float(score)))
    key_frame = pd.DataFrame(keys, columns=["q", "s", "a", "score"]).drop_duplicates(["q", "s", "a"])
    q_frame = pd.DataFrame(questions, columns=["q", "indicator", "instrument"])
    inst = pd.DataFrame(
        [(i.code, len(i.indicators)) for i in framework.instruments.items], columns=["instrument", "n_indicators"]
    )
    return key_frame, q_frame, inst


def score_pandas(framework: Framework, df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Score long-format answers (agency, respondent, question, sub_item, answer) with pandas.

    Returns unrounded frames: indicators (agency, indicator, score), instruments (agency, instrument, score)
    and respondents (agency, instrument, respondents).
    """
    keys, questions, instruments = scale_table(framework)
    data = pd.DataFrame(
        {
            "agency": df["agency"].astype(str) if df["agency"].dtype != "category" else df["agency"],
            "respondent": df["respondent"],
            "q": df["question"].map(normalise),
            "s": df["sub_item"].map(normalise),
            "a": df["answer"].map(normalise),
        }
    )
    data = data[data["a"] != ""]
    for col in ("q", "s", "a"):  # the merge keys as plain strings on both sides
        data[col] = data[col].astype(str)
    if data.duplicated(["agency", "respondent", "q", "s"]).any():
        raise ValueError("a respondent answered the same answer point more than once")
    merged = data.merge(keys, on=["q", "s", "a"], how="left")
    if merged["score"].isna().any():
        raise ValueError(f"{int(merged['score'].isna().sum())} answers are not options of the question's scale")
    merged = merged.merge(questions, on="q", how="left")
    points = merged.groupby(["agency", "q", "s"], observed=True)["score"].agg(["mean", "count"]).reset_index()
    q_scores = (
        points.groupby(["agency", "q"], observed=True)
        .agg(score=("mean", "mean"), respondents=("count", "max"))
        .reset_index()
        .merge(questions, on="q")
    )
    indicators = q_scores.groupby(["agency", "indicator", "instrument"], observed=True)["score"].mean().reset_index()
    inst = (
        indicators.groupby(["agency", "instrument"], observed=True)["score"]
        .agg(["mean", "count"])
        .reset_index()
        .merge(instruments, on="instrument")
    )
    inst = inst[inst["count"] == inst["n_indicators"]].rename(columns={"mean": "score"})
    respondents = (
        merged.groupby(["agency", "instrument"], observed=True)["respondent"].nunique().reset_index(name="respondents")
    )
    for frame in (indicators, inst, respondents):
        frame["agency"] = frame["agency"].astype(str)
    return {
        "indicators": indicators[["agency", "indicator", "score"]],
        "instruments": inst[["agency", "instrument", "score"]].reset_index(drop=True),
        "respondents": respondents,
    }


def to_pandas_categorical(frame: pl.DataFrame) -> pd.DataFrame:
    """A polars frame → pandas with Categorical columns (no pyarrow needed)."""
    out = {}
    for name in frame.columns:
        series = frame.get_column(name)
        uniq = series.drop_nulls().unique().sort()
        codes = series.replace_strict(uniq, pl.int_range(uniq.len(), eager=True), default=-1, return_dtype=pl.Int32)
        out[name] = pd.Categorical.from_codes(codes.to_numpy(), categories=uniq.to_list())
    return pd.DataFrame(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=None, help=f"default {FULL_AGENCIES:,}")
    ap.add_argument("--respondents", type=int, default=None, help=f"default {FULL_RESPONDENTS:,}")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_AGENCIES} agencies")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    agencies = args.agencies or (QUICK_AGENCIES if args.quick else FULL_AGENCIES)
    respondents = args.respondents or round(FULL_RESPONDENTS * agencies / FULL_AGENCIES)
    framework = load_framework_file(FRAMEWORK)

    t0 = time.perf_counter()
    frame = build(framework, agencies, respondents, args.seed, "string")
    rows = frame.height
    df = to_pandas_categorical(frame)
    del frame
    gen_s = time.perf_counter() - t0
    rss_before = _rss_now_mib()
    hwm = _reset_hwm()
    t0, c0 = time.perf_counter(), time.process_time()
    scores = score_pandas(framework, df)
    score_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    peak = _hwm_mib() if hwm else None
    n_resp = int(scores["respondents"]["respondents"].sum())
    result = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {**machine_info(), "pandas": pd.__version__, "load_avg_1min": os.getloadavg()[0]},
        "data": {"agencies": agencies, "rows": rows, "respondents": n_resp, "encoding": "pandas categorical"},
        "seconds": {"generate_and_convert": round(gen_s, 2), "score": round(score_s, 2), "score_cpu": round(cpu_s, 2)},
        "throughput": {"rows_per_s": round(rows / score_s), "respondents_per_s": round(n_resp / score_s)},
        "memory_mib": {
            "rss_before_scoring": round(rss_before),
            "peak_rss_during_scoring": None if peak is None else round(peak),
            "peak_rss_total": round(_peak_rss_mib()),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"data      {agencies:,} agencies, {n_resp:,} respondents, {rows:,} rows (pandas categorical)")
    print(f"score     {score_s:8.2f} s wall, {cpu_s:.2f} s CPU = {n_resp / score_s:,.0f} respondents/s")
    print(f"memory    {rss_before:,.0f} MiB before, peak {peak or float('nan'):,.0f} MiB while scoring")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
