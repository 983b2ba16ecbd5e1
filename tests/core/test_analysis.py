"""Analysis: ranking, thresholds, per-instrument conditions, weak questions, trend, gains, Thai summary."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from prongsai.core.analysis import Analysis, AnalysisSettings, analyse, numbers_in
from prongsai.core.documents.model import Agency, QuestionScore
from prongsai.core.errors import ScoreInputError
from prongsai.core.scoring import score_indicators, score_instruments
from prongsai.core.thai import format_score

TRAT_2563 = [92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78]
TRAT_2564 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]
# The indicator table of a FY2566 measures document (seed 002): 99.50 ผ่านดีเยี่ยม.
SEED_2566 = [100.0, 100.0, 100.0, 99.07, 100.0, 98.54, 98.54, 98.54, 100.0, 100.0]


def result_of(framework, values):
    return score_indicators(framework, {i + 1: v for i, v in enumerate(values)})


@pytest.fixture
def trat(registry):
    f64 = registry.get(2564)
    previous = result_of(registry.get(2563), TRAT_2563)
    return analyse(
        f64,
        result_of(f64, TRAT_2564),
        agency=Agency(name="จังหวัดตราด"),
        history=[previous],
        settings=AnalysisSettings(target_score=90),
    )


# --- ranking and thresholds --------------------------------------------------------------------


def test_indicators_are_ranked_highest_first_with_their_weights(trat):
    assert [s.indicator for s in trat.indicators] == [1, 3, 6, 5, 7, 8, 4, 2, 9, 10]
    assert [s.rank for s in trat.indicators] == list(range(1, 11))
    by = {s.indicator: s for s in trat.indicators}
    assert (by[1].instrument, by[1].weight_per_point) == ("IIT", 0.06)
    assert (by[6].instrument, by[6].weight_per_point) == ("EIT", 0.1)
    assert (by[10].instrument, by[10].weight_per_point) == ("OIT", 0.2)


def test_equal_scores_share_a_rank(registry):
    f = registry.get(2564)
    a = analyse(f, result_of(f, [90, 95, 95, 80, 70, 90, 90, 90, 60, 60]))
    ranks = {s.indicator: s.rank for s in a.indicators}
    assert ranks[2] == ranks[3] == 1
    assert ranks[1] == 3
    assert ranks[9] == ranks[10] == 9
    ranking = next(s for s in a.summary if s.key == "ranking")
    assert "ตัวชี้วัดที่ 2" in ranking.text_th and "ตัวชี้วัดที่ 3" in ranking.text_th


def test_default_thresholds_come_from_the_framework(trat):
    t = trat.thresholds
    assert (t.pass_line, t.urgent_below, t.maintain_at, t.weak_question_below) == (85.0, 85.0, 95.0, 95.0)
    assert trat.urgent == [10, 9]  # lowest first
    assert trat.maintain == []
    assert set(trat.improve) == {1, 2, 3, 4, 5, 6, 7, 8}
    by = {s.indicator: s for s in trat.indicators}
    assert by[10].status == "urgent" and by[10].status_th == "ต้องแก้ไขโดยเร่งด่วน"
    assert by[10].gap_to_pass == pytest.approx(85 - 65.56, abs=0.005)
    assert by[1].gap_to_pass == 0.0
    assert by[1].gap_to_maintain == pytest.approx(95 - 93.55, abs=0.005)
    assert by[10].gap_to_target == pytest.approx(90 - 65.56, abs=0.005)


def test_thresholds_are_configurable_like_the_seed_below_100_rule(registry):
    f = registry.get(2566)
    result = result_of(f, SEED_2566)
    assert result.level == "ผ่านดีเยี่ยม"
    default = analyse(f, result)
    assert default.urgent == [] and default.improve == []
    strict = analyse(f, result, settings=AnalysisSettings(urgent_below=100, maintain_at=100))
    assert strict.urgent == [6, 7, 8, 4]  # the seed's "below 100 but not below 97" list, lowest first
    assert strict.maintain == [1, 2, 3, 5, 9, 10]
    banded = analyse(f, result, settings=AnalysisSettings(urgent_below=98.6, maintain_at=99.5))
    assert banded.urgent == [6, 7, 8] and banded.improve == [4]


def test_bad_thresholds_are_refused_in_thai(registry):
    with pytest.raises(ValidationError, match="ต้องไม่สูงกว่า"):
        AnalysisSettings(urgent_below=96, maintain_at=90)
    f = registry.get(2564)
    with pytest.raises(ScoreInputError, match="สูงกว่าเกณฑ์"):
        analyse(f, result_of(f, TRAT_2564), settings=AnalysisSettings(urgent_below=97))  # above the default 95
    with pytest.raises(ScoreInputError, match="ไม่มีระดับ"):
        analyse(f, result_of(f, TRAT_2564), settings=AnalysisSettings(target_level="ผ่านดีเยี่ยม"))


def test_input_errors(registry):
    f64, f66 = registry.get(2564), registry.get(2566)
    with pytest.raises(ScoreInputError, match="กรอบการประเมินเป็นของปี"):
        analyse(f66, result_of(f64, TRAT_2564))
    with pytest.raises(ScoreInputError, match="ต้องมีคะแนนครบทุกตัวชี้วัด"):
        analyse(f64, score_instruments(f64, {"IIT": 90, "EIT": 90, "OIT": 90}))


# --- instruments and levels --------------------------------------------------------------------


def test_per_instrument_conditions_from_2566(registry):
    f = registry.get(2566)
    a = analyse(f, result_of(f, [99, 99, 99, 99, 99, 85, 84, 81.78, 100, 100]))
    assert a.level == "ผ่าน" and a.overall >= 85
    eit = a.instrument("EIT")
    assert eit.score == 83.59
    assert [(c.level, c.min_score, c.met, c.gap) for c in eit.conditions] == [
        ("ผ่านดีเยี่ยม", 95.0, False, 11.41),
        ("ผ่านดี", 85.0, False, 1.41),
    ]
    assert eit.blocks_next_level and eit.gap_to_next_level == 1.41
    assert not a.instrument("OIT").blocks_next_level
    assert a.next_level.to_level == "ผ่านดี"
    assert a.next_level.overall_gap == 0.0
    assert a.next_level.instrument_gaps == {"EIT": 1.41}
    assert a.next_level.path.level_after == "ผ่านดี"
    assert [d.to_level for d in a.higher_levels] == ["ผ่านดี", "ผ่านดีเยี่ยม"]
    assert any(w.kind == "instrument" and w.ref == "EIT" for w in a.weaknesses)
    sentence = next(s for s in a.summary if s.key == "instrument_conditions")
    assert "EIT" in sentence.text_th and "1.41" in sentence.values
    # the indicator bar for the next level is the instrument condition
    assert a.indicator(8).next_level_bar == 85.0 and a.indicator(8).gap_to_next_level == pytest.approx(3.22)


def test_letter_years_have_no_instrument_conditions(trat):
    assert all(i.conditions == [] for i in trat.instruments)
    assert trat.next_level.to_level == "A"
    assert trat.next_level.min_each_instrument is None
    assert trat.next_level.overall_gap == 3.55
    assert [s.indicator for s in trat.next_level.path.steps] == [10]
    assert [d.to_level for d in trat.higher_levels] == ["A", "AA"]
    assert trat.indicator(10).next_level_bar == 85.0


def test_top_level_has_no_next_level(registry):
    f = registry.get(2566)
    a = analyse(f, result_of(f, [100] * 10))
    assert a.next_level is None and a.higher_levels == []
    assert a.maintain == list(range(1, 11)) or set(a.maintain) == set(range(1, 11))
    assert next(s for s in a.summary if s.key == "next_level").text_th.startswith("หน่วยงานอยู่ในระดับสูงสุดแล้ว")
    assert not [s for s in a.summary if s.key == "gain_example"]  # nothing left to win


def test_target_score_and_level(registry, trat):
    assert trat.target.target_score == 90 and trat.target.overall_gap == 8.55 and not trat.target.score_met
    assert any(w.kind == "target" for w in trat.weaknesses)
    f = registry.get(2566)
    a = analyse(f, result_of(f, [99, 99, 99, 99, 99, 85, 84, 81.78, 100, 100]),
                settings=AnalysisSettings(target_level="ผ่านดีเยี่ยม"))
    assert a.target.level_met is False
    assert a.target.level_path.level_after == "ผ่านดีเยี่ยม"
    met = analyse(f, result_of(f, [100] * 10), settings=AnalysisSettings(target_level="ผ่าน", target_score=95))
    assert met.target.level_met and met.target.score_met and met.target.level_path is None


# --- gains -------------------------------------------------------------------------------------


def test_ten_points_on_indicator_10_win_two_overall_points(registry):
    f = registry.get(2564)
    a = analyse(f, result_of(f, [90.0] * 9 + [80.0]))
    g = next(x for x in a.gains if x.indicator == 10)
    assert (g.plus_points, g.plus_gain, g.weight_per_point) == (10.0, 2.0, 0.2)
    g1 = next(x for x in a.gains if x.indicator == 1)
    assert (g1.plus_points, g1.plus_gain) == (10.0, 0.6)
    sentence = next(s for s in a.summary if s.key == "gain_example")
    assert sentence.text_th.startswith("การยกตัวชี้วัดที่ 10")
    assert "2.00" in sentence.values and "0.20" in sentence.values


def test_gains_are_ranked_by_recoverable_points(trat):
    assert [g.rank for g in trat.gains] == list(range(1, 11))
    assert [g.indicator for g in trat.gains[:2]] == [10, 9]
    to_100 = [g.to_100 for g in trat.gains]
    assert to_100 == sorted(to_100, reverse=True)
    g10 = trat.gains[0]
    assert g10.to_pass == pytest.approx(0.2 * (85 - 65.56), abs=0.01)
    assert g10.to_target == pytest.approx(0.2 * (90 - 65.56), abs=0.01)
    near_top = next(g for g in trat.gains if g.indicator == 1)
    assert near_top.plus_points == 6.45  # only 6.45 points left below 100


# --- weak questions ----------------------------------------------------------------------------


class SurveyLike:
    """A question score with code and score only, like survey.QuestionScore."""

    def __init__(self, code, score, indicator=None):
        self.code, self.score, self.indicator = code, score, indicator


def test_weak_questions_are_sorted_and_filled_from_the_framework(registry):
    f = registry.get(2564)
    questions = [
        QuestionScore(code="i30", text="", score=80.5),
        SurveyLike("i19", 70.0),
        QuestionScore(code="E4", text="ถูกเรียกเก็บเงินเพื่อแลกกับบริการ", indicator=6, score=97.0),
        QuestionScore(code="i1", text="", score=96.0),  # above the 95 default: not weak
    ]
    a = analyse(f, result_of(f, TRAT_2564), questions=questions)
    assert [w.code for w in a.weak_questions] == ["i19", "i30"]
    i19 = a.weak_questions[0]
    assert (i19.indicator, i19.instrument, i19.status) == (4, "IIT", "urgent")
    assert i19.text.startswith("เจ้าหน้าที่นำทรัพย์สินของราชการ")
    assert i19.gap == 25.0
    assert a.questions_given == 4
    strict = analyse(f, result_of(f, TRAT_2564), questions=questions,
                     settings=AnalysisSettings(weak_question_below=100, max_weak_questions=3))
    assert [w.code for w in strict.weak_questions] == ["i19", "i30", "i1"]
    assert strict.weak_questions[2].status == "improve"


def test_a_bad_question_score_is_refused(registry):
    f = registry.get(2564)
    with pytest.raises(ScoreInputError, match="ข้อคำถาม i1"):
        analyse(f, result_of(f, TRAT_2564), questions=[SurveyLike("i1", 120)])
    with pytest.raises(ScoreInputError, match="ไม่มีตัวชี้วัดที่ 12"):
        analyse(f, result_of(f, TRAT_2564), questions=[SurveyLike("x1", 50, indicator=12)])


# --- trend -------------------------------------------------------------------------------------


def test_year_on_year_trend(trat):
    tr = trat.trend
    assert (tr.previous_fiscal_year, tr.previous_overall, trat.overall) == (2563, 75.62, 81.45)
    assert tr.overall_change == 5.83 and tr.direction == "up"
    assert tr.indicator_changes["10"] == 12.78
    assert tr.rose[0] == 10 and tr.fell == []
    assert [p.fiscal_year for p in tr.points] == [2563, 2564]
    assert (tr.best_year, tr.worst_year) == (2564, 2563)
    assert not tr.scheme_changed
    assert trat.indicator(10).previous == 52.78 and trat.indicator(10).change == 12.78
    assert trat.instrument("OIT").change == pytest.approx(69.23 - 61.36, abs=0.01)
    assert any(s.kind == "trend" and s.ref == "10" for s in trat.strengths)


def test_trend_with_a_fall_and_a_scheme_change(registry):
    f65, f66 = registry.get(2565), registry.get(2566)
    before = result_of(f65, [95] * 10)
    after = result_of(f66, [95, 95, 95, 95, 95, 95, 95, 90, 95, 95])
    a = analyse(f66, after, history=[before, after])  # the analysed result itself is ignored
    assert a.trend.previous_fiscal_year == 2565
    assert a.trend.direction == "down" and a.trend.fell == [8]
    assert a.trend.scheme_changed  # AA … F → ผ่าน …
    assert any(w.kind == "trend" and w.ref == "8" for w in a.weaknesses)
    assert analyse(f66, after).trend is None


def test_history_errors(registry):
    f64, f65 = registry.get(2564), registry.get(2565)
    r64 = result_of(f64, TRAT_2564)
    with pytest.raises(ScoreInputError, match="อยู่หลังปีที่วิเคราะห์"):
        analyse(f64, r64, history=[result_of(f65, TRAT_2564)])
    r63 = result_of(registry.get(2563), TRAT_2563)
    with pytest.raises(ScoreInputError, match="ซ้ำกัน"):
        analyse(f64, r64, history=[r63, r63])
    with pytest.raises(ScoreInputError, match="คะแนนไม่ตรงกัน"):
        analyse(f64, r64, history=[result_of(f64, [90] * 10)])


# --- the Thai summary cannot drift from the numbers --------------------------------------------


def _model_numbers(data) -> set[str]:
    out: set[str] = set()

    def walk(x):
        if isinstance(x, bool):
            return
        if isinstance(x, int | float):
            out.add(format_score(abs(x)))  # signs are written as words (เพิ่มขึ้น / ลดลง) or +/- before the number
            if float(x).is_integer():
                out.add(str(int(x)))
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            out.add(str(len(x)))
            for v in x:
                walk(v)

    walk(data)
    return out


def _assert_no_drift(a: Analysis) -> None:
    data = a.to_json_dict()
    data.pop("summary")
    known = _model_numbers(data) | {"1", "100"}
    for s in a.summary:
        assert numbers_in(s.text_th) == s.values, s.text_th
        assert set(s.values) <= known, (s.key, set(s.values) - known)


def test_summary_sentences_carry_the_model_numbers(trat):
    sentences = {s.key: s for s in trat.summary}
    assert format_score(trat.overall) in sentences["overall"].values
    assert "จังหวัดตราด" in sentences["overall"].text_th
    assert "ยังไม่ถึงเกณฑ์ผ่าน" in sentences["overall"].text_th  # B is below the pass line
    assert sentences["ranking"].values == ["1", "93.55", "10", "65.56"]
    assert sentences["urgent"].values == ["85.00", "2", "10", "65.56", "9", "72.89"]
    assert "3.55" in sentences["next_level"].values
    assert "8.55" in sentences["target"].values
    assert sentences["trend"].values[:4] == ["2563", "5.83", "75.62", "81.45"]
    for i in trat.instruments:
        assert format_score(i.score) in sentences["instruments"].values
    _assert_no_drift(trat)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=10, max_size=10),
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=10, max_size=10),
    st.sampled_from([2564, 2566, 2568]),
)
def test_no_drift_for_any_scores(values, previous, fy):
    from prongsai.core.frameworks import FrameworkRegistry

    reg = FrameworkRegistry()
    f = reg.get(fy)
    a = analyse(
        f,
        result_of(f, [float(v) for v in values]),
        history=[result_of(reg.get(fy - 1), [float(v) for v in previous])],
        questions=[QuestionScore(code="i4", text="", score=float(values[0]))],
        settings=AnalysisSettings(target_score=90),
    )
    _assert_no_drift(a)
    assert a.urgent + a.improve + a.maintain and len(a.urgent + a.improve + a.maintain) == 10


def test_json_round_trip(trat):
    data = json.loads(json.dumps(trat.to_json_dict(), ensure_ascii=False))
    assert Analysis.from_json_dict(data) == trat
    assert data["plan_fiscal_year"] == 2565 and data["fiscal_year"] == 2564
    assert data["indicators"][0]["indicator"] == 1


def test_plan_year_can_be_set(registry):
    f = registry.get(2566)
    a = analyse(f, result_of(f, SEED_2566), plan_fiscal_year=2568)
    assert a.plan_fiscal_year == 2568
    with pytest.raises(ScoreInputError):
        analyse(f, result_of(f, SEED_2566), plan_fiscal_year=2565)
