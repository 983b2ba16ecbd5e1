"""Thai lists in generated sentences: "ก ข และค", with a space after และ before a code or a number ("และ EIT")."""

from __future__ import annotations

import re

import pytest

from prongsai.core.analysis import analyse
from prongsai.core.scoring import score_indicators
from prongsai.core.thai import after_thai_word, list_th

RUN_TOGETHER = re.compile(r"และ[A-Za-z0-9๐-๙]")


def test_list_th_keeps_a_space_before_a_code_or_a_number():
    assert list_th(["IIT ขาดอีก 1.00 คะแนน", "EIT ขาดอีก 0.17 คะแนน"]) == (
        "IIT ขาดอีก 1.00 คะแนน และ EIT ขาดอีก 0.17 คะแนน"
    )
    assert list_th(["ก", "ข", "ค"]) == "ก ข และค"  # Thai words follow และ directly, as Thai is written
    assert list_th(["ตัวชี้วัดที่ 1", "", "12 คะแนน"]) == "ตัวชี้วัดที่ 1 และ 12 คะแนน"
    assert list_th(["๑๒ คะแนน", "๑๓ คะแนน"]).endswith("และ ๑๓ คะแนน")
    assert list_th(["EIT"]) == "EIT" and list_th([]) == ""
    assert after_thai_word("ขณะนี้", "EIT ขาดอีก") == "ขณะนี้ EIT ขาดอีก"
    assert after_thai_word("ขณะนี้", "ผลรวมยังขาด") == "ขณะนี้ผลรวมยังขาด"


@pytest.mark.parametrize("fiscal_year", [2566, 2567, 2568, 2569, 2570])
def test_no_analysis_sentence_runs_และ_into_a_code(registry, fiscal_year):
    """Scores that leave several instruments short of the next level's minimum (the sentence a review found:
    "…0.17 คะแนน และEIT")."""
    framework = registry.get(fiscal_year)
    instrument = {i.number: i.instrument for i in framework.indicators.items}
    sentences = []
    for base in (84.0, 88.0, 91.0, 94.0):
        for oit in (80.0, 95.0, 100.0):
            scores = {n: (oit if instrument[n] == "OIT" else base) for n in instrument}
            sentences += [s.text_th for s in analyse(framework, score_indicators(framework, scores)).summary]
    assert sentences
    assert [s for s in sentences if RUN_TOGETHER.search(s)] == []
