"""Gains: overall points per improvement, and the smallest path to the next level."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.gains import gains_report, indicator_gains, path_to_level
from prongsai.core.scoring import score_indicators

TRAT_2564 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]


def result_of(framework, values):
    return score_indicators(framework, {i + 1: v for i, v in enumerate(values)})


def test_ten_points_on_indicator_10_is_worth_two_overall_points(registry):
    framework = registry.get(2564)
    values = [90.0] * 9 + [80.0]
    gains = {g.indicator: g for g in indicator_gains(framework, result_of(framework, values), (90.0,))}
    assert gains[10].gains["90"] == 2.0
    assert gains[10].points_per_indicator_point == 0.2
    assert gains[1].points_per_indicator_point == 0.06
    assert gains[6].points_per_indicator_point == 0.1


def test_gains_are_ranked_and_zero_for_indicators_already_above_target(registry):
    framework = registry.get(2564)
    ranked = indicator_gains(framework, result_of(framework, TRAT_2564))
    assert [g.indicator for g in ranked[:2]] == [10, 9]
    by_number = {g.indicator: g for g in ranked}
    assert by_number[1].gains["85"] == 0.0  # 93.55 is already above 85
    assert by_number[10].gains["100"] == pytest.approx(0.2 * (100 - 65.56), abs=0.01)


def test_path_from_b_to_a_raises_the_heaviest_weakest_indicator_first(registry):
    framework = registry.get(2564)
    path = path_to_level(framework, result_of(framework, TRAT_2564))
    assert (path.from_level, path.to_level, path.level_after) == ("B", "A", "A")
    assert [s.indicator for s in path.steps] == [10]
    assert path.overall_after >= 85.00
    # 3.55 overall points at 0.20 per point need 17.75 points on indicator 10
    assert path.steps[0].to_score == pytest.approx(65.56 + 17.75, abs=0.01)


def test_path_to_good_pass_lifts_the_instrument_below_85_first(registry):
    framework = registry.get(2568)
    result = result_of(framework, [99, 99, 99, 99, 99, 85, 84, 81.78, 100, 100])
    assert result.level == "ผ่าน"
    path = path_to_level(framework, result)
    assert path.to_level == "ผ่านดี"
    assert path.level_after == "ผ่านดี"
    assert {s.indicator for s in path.steps} <= {6, 7, 8}


def test_no_path_above_the_top_level(registry):
    framework = registry.get(2564)
    assert path_to_level(framework, result_of(framework, [100] * 10)) is None
    assert gains_report(framework, result_of(framework, [100] * 10)).next_level is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=10, max_size=10),
       st.sampled_from([2564, 2568]))
def test_the_path_always_reaches_the_next_level_and_never_lowers_a_score(values, fy):
    from prongsai.core.frameworks import FrameworkRegistry

    framework = FrameworkRegistry().get(fy)
    result = result_of(framework, [float(v) for v in values])
    path = path_to_level(framework, result)
    if path is None:
        assert result.level == framework.levels.rules[0].label
        return
    assert path.level_after == path.to_level
    for step in path.steps:
        assert step.to_score > step.from_score
        assert step.to_score <= 100
