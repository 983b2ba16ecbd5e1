"""The pandas baseline of bench/baseline_pandas.py scores exactly like prongsai.core.survey."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import baseline_pandas  # noqa: E402
import bench_survey  # noqa: E402
from prongsai.core.frameworks.loader import load_framework_file  # noqa: E402
from prongsai.core.scoring import round2  # noqa: E402
from prongsai.core.survey import score_responses  # noqa: E402


@pytest.fixture(scope="module")
def framework():
    return load_framework_file(bench_survey.FRAMEWORK)


def _compare(framework, frame: pl.DataFrame) -> None:
    ours = score_responses(framework, frame)
    theirs = baseline_pandas.score_pandas(framework, baseline_pandas.to_pandas_categorical(frame))
    got = pl.from_dict({c: theirs["indicators"][c].tolist() for c in ("agency", "indicator", "score")})
    want = ours.indicators.select("agency", pl.col("indicator").cast(pl.Int64), "score")
    joined = want.join(got, on=["agency", "indicator"], how="full", coalesce=True, suffix="_pd")
    assert joined.height == want.height == got.height
    for a, b in joined.select("score", "score_pd").iter_rows():
        assert a == pytest.approx(b, abs=1e-9)
        assert round2(a) == round2(b)
    inst = {(r["agency"], r["instrument"]): r["score"] for r in theirs["instruments"].to_dict("records")}
    want_inst = {(a, i): s for a, i, s in ours.instruments.select("agency", "instrument", "score").iter_rows()}
    assert inst.keys() == want_inst.keys()
    assert all(round2(inst[k]) == round2(want_inst[k]) for k in inst)
    resp = {(r["agency"], r["instrument"]): r["respondents"] for r in theirs["respondents"].to_dict("records")}
    want_resp = {(a, i): n for a, i, n in ours.respondents.select("agency", "instrument", "respondents").iter_rows()}
    assert resp == want_resp


def test_same_scores_on_synthetic_sample(framework):
    frame = bench_survey.build(framework, 30, 3000, seed=7, encoding="string")
    assert frame.height > 50_000
    _compare(framework, frame)


def test_same_scores_on_messy_hand_made_answers(framework):
    # positions, Thai digits, spaces and case, a blank answer, an agency without EIT, an incomplete instrument
    rows = [
        ("A", "1", "i1", "a", "มาก"),
        ("A", "1", "i1", "b", "4"),
        ("A", "2", "I1", "a", " ๒ "),
        ("A", "2", "i1", "b", ""),
        ("A", "1", "i9", None, "น้อย"),
        ("B", "1", "i1", "a", "มากที่สุด"),
        ("B", "1", "e1", None, "1"),
    ]
    frame = pl.DataFrame(rows, schema=["agency", "respondent", "question", "sub_item", "answer"], orient="row")
    _compare(framework, frame)
