"""Synthetic national results (prongsai.core.synthetic) and national analytics (prongsai.core.national)."""

from __future__ import annotations

import polars as pl
import pytest

from prongsai.core import national, synthetic
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import score_indicators


@pytest.fixture(scope="module")
def years() -> pl.DataFrame:
    return synthetic.generate_years([2564, 2565, 2566, 2567, 2568])


@pytest.mark.parametrize("fy", [2564, 2565, 2566, 2567, 2568])
def test_calibrated_to_published_means_and_pass_rates(years, fy):
    year = years.filter(pl.col("fiscal_year") == fy)
    cal = synthetic.CALIBRATION[fy]
    assert year.height == synthetic.NATIONAL_AGENCIES
    assert year.get_column("overall").mean() == pytest.approx(cal.mean, abs=0.1)
    if cal.pass_rate is not None:
        assert (year.get_column("overall") >= 85).mean() == pytest.approx(cal.pass_rate, abs=0.02)
    means = year.select(synthetic_cols := [f"ind_{n}" for n in range(1, 11)]).mean().row(0)
    weakest_two = sorted(range(10), key=lambda i: means[i])[:2]
    assert {synthetic_cols[i] for i in weakest_two} == {"ind_9", "ind_10"}
    assert year.select(pl.all_horizontal(pl.col(synthetic_cols).is_between(0, 100))).to_series().all()


def test_seeded_and_agencies_stable_across_years(years):
    again = synthetic.generate(2566, n_agencies=500, seed=1)
    assert again.equals(synthetic.generate(2566, n_agencies=500, seed=1))
    assert not again.equals(synthetic.generate(2566, n_agencies=500, seed=2))
    a = years.filter(pl.col("fiscal_year") == 2564).select("agency_id", "agency_type", "province")
    b = years.filter(pl.col("fiscal_year") == 2568).select("agency_id", "agency_type", "province")
    assert a.equals(b)
    assert years.get_column("province").n_unique() >= 76


@pytest.mark.parametrize("fy", [2565, 2568])
def test_levels_equal_the_scoring_engine(years, fy):
    framework = default_registry().get(fy)
    sample = years.filter(pl.col("fiscal_year") == fy).sample(400, seed=3)
    # plus boundary cases: exact pass line, per-instrument minimum just missed
    edge = pl.DataFrame({f"ind_{n}": [85.0, 95.0, 100.0, 84.99, 90.0] for n in range(1, 11)}).with_columns(
        ind_6=pl.Series([85.0, 94.99, 100.0, 84.99, 70.0]), agency_id=pl.lit(0), fiscal_year=pl.lit(fy)
    )
    edge = synthetic.score_frame(edge, framework)
    for row in pl.concat([sample.select(edge.columns), edge], how="vertical_relaxed").iter_rows(named=True):
        want = score_indicators(framework, {n: row[f"ind_{n}"] for n in range(1, 11)})
        assert row["overall"] == want.overall
        assert row["level"] == want.level
        assert row["passed"] == want.passed
        assert {"IIT": row["iit"], "EIT": row["eit"], "OIT": row["oit"]} == want.instruments


def _tiny() -> pl.DataFrame:
    rows = [
        # id, type, province, fy, indicator score for all ten, except indicator 9
        ("1", "อบต.", "ก", 2568, 90.0, 80.0),
        ("2", "อบต.", "ก", 2568, 80.0, 70.0),
        ("3", "เทศบาลตำบล", "ก", 2568, 100.0, 100.0),
        ("4", "อบต.", "ข", 2568, 96.0, 60.0),
        ("1", "อบต.", "ก", 2567, 80.0, 80.0),
        ("2", "อบต.", "ก", 2567, 85.0, 85.0),
    ]
    data = [
        {
            "agency_id": i,
            "agency_type": t,
            "province": p,
            "fiscal_year": fy,
            **{f"ind_{n}": s for n in range(1, 11)},
            "ind_9": s9,
        }
        for i, t, p, fy, s, s9 in rows
    ]
    return national.prepare(pl.DataFrame(data))


def test_analytics_on_a_tiny_hand_made_set():
    frame = _tiny()
    # overall = 0.3 s + 0.3 s + 0.4 (s + s9) / 2
    got = dict(frame.filter(pl.col("fiscal_year") == 2568).select("agency_id", "overall").iter_rows())
    assert got == {"1": 88.0, "2": 78.0, "3": 100.0, "4": 88.8}
    s = national.summary(frame, fiscal_year=2568)
    assert s["agencies"] == 4
    assert s["mean"] == pytest.approx((88 + 78 + 100 + 88.8) / 4, abs=1e-4)
    assert s["passing"] == 0.75 and s["meets_target"] is False
    assert s["indicators"]["9"] == pytest.approx((80 + 70 + 100 + 60) / 4)
    assert s["weakest_indicator"][0] == {"weakest": 9, "agencies": 3}  # agency 3 ties everywhere → indicator 1
    assert [r["province"] for r in s["ranking"]] == ["ข", "ก"]  # 88.8 > 88.67
    assert s["ranking"][1]["mean"] == pytest.approx((88 + 78 + 100) / 3, abs=0.01)
    assert {r["level"]: r["agencies"] for r in s["levels"]} == {"ผ่านดีเยี่ยม": 1, "ผ่านดี": 1, "ผ่าน": 1, "ไม่ผ่าน": 1}
    hist = {r["bin"]: r["agencies"] for r in s["histogram"]}
    assert hist == {75.0: 1, 85.0: 2, 95.0: 1}
    yoy = s["year_on_year"]
    assert yoy["previous_year"] == 2567
    # 2567: agency 1 = 80, agency 2 = 85 (both provinces' 2567 data: only these two)
    assert yoy["agencies"]["improved"] == 1 and yoy["agencies"]["declined"] == 1
    assert yoy["agencies"]["newly_failed"] == 1
    p = national.summary(frame, fiscal_year=2568, province="ก")
    assert [r["agency_id"] for r in p["ranking"]] == ["3", "1", "2"]
    assert p["ranking"][0]["rank"] == 1


def test_percentiles_among_peers():
    frame = _tiny()
    pct = national.agency_percentile(frame, "1", 2568)
    assert pct["pct_national"] == 50.0  # 2 of 4 at or below 88.0 (78 and itself; 88.8 and 100 above)
    assert pct["pct_type"] == pytest.approx(66.7)  # อบต.: 78, 88, 88.8
    assert pct["pct_province"] == pytest.approx(66.7)  # ก: 78, 88, 100
    assert national.agency_percentile(frame, "3", 2568)["pct_national"] == 100.0
    with pytest.raises(Exception, match=r"no agency|ไม่มีหน่วยงาน"):
        national.agency_percentile(frame, "9", 2568)


def test_cli_synth_and_national(tmp_path):
    from typer.testing import CliRunner

    from prongsai.cli import app

    out = tmp_path / "n.parquet"
    runner = CliRunner()
    res = runner.invoke(app, ["synth", "--fy", "2567", "--fy", "2568", "--agencies", "300", "--out", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["--lang", "en", "national", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert '"fiscal_year": 2568' in res.output and '"year_on_year"' in res.output
    csv = tmp_path / "n.csv"
    pl.read_parquet(out).write_csv(csv)
    res = runner.invoke(app, ["--lang", "en", "national", str(csv), "--fy", "2567", "--province", "นราธิวาส"])
    assert res.exit_code in (0, 2), res.output
    res = runner.invoke(app, ["--lang", "en", "national", str(out), "--agency", "7"])
    assert res.exit_code == 0 and "percentile national" in res.output
