"""OIT item results → sub-indicator percentages → indicators 9 and 10."""

import pytest

from prongsai.core.errors import ScoreInputError
from prongsai.core.scoring import score_oit


def all_pass(framework):
    return {it.code: True for _, it in framework.oit.items()}


def test_one_of_nine_basic_items_missing_gives_indicator_9_of_97_78(registry):
    framework = registry.get(2564)
    items = all_pass(framework)
    items["o3"] = False
    result = score_oit(framework, items)
    assert result.subindicators[0].code == "9.1"
    assert result.subindicators[0].score == 88.89
    assert result.indicators == {"9": 97.78, "10": 100.0}
    assert result.failed_items == ["o3"]


def test_phichit_pattern_93_5_and_93_75(registry):
    # 9.2 one of eight missing (87.5), 9.4 one of four... 9.x pattern (100+87.5+100+80+100)/5 = 93.5
    framework = registry.get(2564)
    items = all_pass(framework)
    items["o10"] = False  # 9.2: 7/8 = 87.5
    items["o29"] = False  # 9.5: 4/5 = 80
    items["o34"] = False  # 10.1: 7/8 = 87.5 → ind 10 = (87.5 + 100) / 2 = 93.75
    result = score_oit(framework, items)
    assert result.indicators == {"9": 93.5, "10": 93.75}


def test_answers_in_thai_words_and_missing_items_count_as_failed(registry):
    framework = registry.get(2564)
    items = {it.code: "มี" for _, it in framework.oit.items()}
    items["o42"] = "ไม่มี"
    del items["o43"]
    result = score_oit(framework, items)
    assert result.indicators["10"] == 50.0  # 10.1 100 %, 10.2 0 %
    assert result.missing_items == ["o43"]
    assert any("o43" in w.th for w in result.warnings)


def test_unknown_item_and_unreadable_answer_are_refused(registry):
    framework = registry.get(2564)
    with pytest.raises(ScoreInputError, match="o99"):
        score_oit(framework, {"o99": True})
    with pytest.raises(ScoreInputError, match="อ่านผลไม่ได้"):
        score_oit(framework, {"o1": "maybe"})
