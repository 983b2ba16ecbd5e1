"""The knowledge base: coverage, OIT items by title for any year, validation errors, ranked recommendations."""

import re
from pathlib import Path

import pytest
import yaml

from prongsai.core.advice import (
    BUILTIN_PATH,
    KnowledgeBaseError,
    knowledge_base_from_dict,
    load_knowledge_base,
    normalise_title,
    oit_coverage,
    recommend,
    resolve_oit,
)
from prongsai.core.analysis import AnalysisSettings, analyse
from prongsai.core.documents.model import QuestionScore
from prongsai.core.frameworks import load_framework_file
from prongsai.core.scoring import score_indicators

TRAT_2564 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]
ISSUE_TOPICS = {  # the topics the issue names, by their ids here
    "service_standards", "complaints_protection", "bribery_risk", "no_gift", "asset_use", "e_service",
    "two_way_communication", "procurement_transparency", "staff_participation", "training",
}
# Topics with no OIT item in a year although the year's list is fully titled.
NO_ITEM = {("personal_data", 2563), ("personal_data", 2564), ("personal_data", 2565)}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def result_of(framework, values):
    return score_indicators(framework, {i + 1: v for i, v in enumerate(values)})


def raw_kb() -> dict:
    return yaml.safe_load(BUILTIN_PATH.read_text(encoding="utf-8"))


# --- coverage ----------------------------------------------------------------------------------


def test_every_indicator_and_iit_question_has_topics(kb):
    assert sorted(kb.indicators) == list(range(1, 11))
    assert sorted(kb.questions, key=lambda c: int(c[1:])) == [f"i{n}" for n in range(1, 31)]
    assert set(kb.topics) >= ISSUE_TOPICS
    linked = {t for ts in kb.indicators.values() for t in ts}
    assert linked == set(kb.topics)  # every topic helps at least one indicator
    for topic in kb.topics.values():
        assert topic.measures
        for m in topic.measures:
            assert m.unit in kb.unit_kinds
            assert m.steps_th and m.outputs_th and m.kpi_th and m.evidence_th


def test_question_topics_serve_the_questions_indicator(kb, registry):
    questions = {q.code: q.indicator for q in registry.get(2564).questions.items}
    for code, topics in kb.questions.items():
        assert kb.topics[topics[0]].name_th
        assert any(t in kb.indicators[questions[code]] for t in topics), code


@pytest.mark.parametrize("fy", [2563, 2564, 2565, 2566])
def test_every_topic_maps_to_an_oit_item_where_one_exists(kb, registry, fy):
    framework = registry.get(fy)
    resolved = resolve_oit(kb, framework)
    for topic_id, found in resolved.items():
        if (topic_id, fy) in NO_ITEM:
            assert found.items == []
            assert found.note_th and "ไม่มีข้อ OIT" in found.note_th
        else:
            assert found.items, f"{topic_id} has no OIT item in {fy}"
            assert found.note_th is None or "ยังไม่ยืนยัน" in found.note_th
        assert all(r.title_th for r in found.items)


def test_topics_link_by_title_not_by_number(kb, registry):
    c64 = oit_coverage(registry.get(2564), kb)
    c66 = oit_coverage(registry.get(2566), kb)
    c68 = oit_coverage(registry.get(2568), kb)
    assert c64["e_service"] == ["o17"] and c66["e_service"] == ["o18"] and c68["e_service"] == ["O10"]
    assert c64["procurement_transparency"] == ["o21", "o22", "o23", "o24"]
    assert c66["procurement_transparency"] == ["o19", "o20", "o21", "o22"]
    assert c66["no_gift"] == ["o31", "o32", "o33"]
    assert c68["no_gift"] == ["O21", "O22"]
    assert c64["complaints_protection"] == ["o29", "o30", "o31"]
    assert c68["complaints_protection"] == ["O17", "O18", "O19"]
    assert c66["bribery_risk"] == ["o34", "o35"]
    assert c64["staff_participation"] == ["o42", "o43"]
    assert c66["personal_data"] == ["o10"]
    assert "o14" in c64["service_standards"] and "O9" in c68["service_standards"]


def test_a_topic_without_an_item_says_so_and_names_untitled_items(kb, registry):
    found = resolve_oit(kb, registry.get(2568))["staff_participation"]
    assert found.items == []
    assert "ปีงบประมาณ 2568 ไม่มีข้อ OIT" in found.note_th
    assert "O2" in found.note_th and "ยังไม่ทราบชื่อ" in found.note_th
    shaky = resolve_oit(kb, registry.get(2566))["personal_data"]
    assert shaky.items[0].confidence == "low" and "ยังไม่ยืนยัน" in shaky.note_th


def test_a_new_year_works_without_editing_the_kb(kb, registry, tmp_path: Path):
    path = tmp_path / "2570.yaml"
    path.write_text(
        """
extends: 2568
fiscal_year: 2570
title_th: ปีทดสอบ
oit:
  source: ["test"]
  confidence: low
  subindicators:
    - code: "9.1"
      indicator: 9
      items:
        - {code: O1, title_th: "ระบบบริการออนไลน์ (E - Service) ของหน่วยงาน"}
        - {code: O2, title_th: ช่องทางการร้องเรียนการทุจริต}
    - code: "10.1"
      indicator: 10
      items:
        - {code: O3, title_th: การขับเคลื่อนนโยบาย NO GIFT POLICY}
""",
        encoding="utf-8",
    )
    framework = load_framework_file(path, registry)
    c = oit_coverage(framework, kb)
    assert c["e_service"] == ["O1"]
    assert c["complaints_protection"] == ["O2"]
    assert c["no_gift"] == ["O3"]
    assert c["procurement_transparency"] == []


def test_normalised_titles_ignore_case_spaces_and_dashes():
    assert normalise_title("E–Service") == normalise_title("e - service") == "e-service"
    assert normalise_title("No Gift  Policy") == "nogiftpolicy"


# --- validation --------------------------------------------------------------------------------


def _invalid(raw) -> str:
    with pytest.raises(KnowledgeBaseError) as err:
        knowledge_base_from_dict(raw, "test.yaml")
    assert err.value.th.startswith("ฐานความรู้ไม่ถูกต้อง: test.yaml")
    return err.value.th


def test_unknown_topic_and_unit_kind_are_named():
    raw = raw_kb()
    raw["indicators"][3].append("no_such_topic")
    raw["topics"]["e_service"]["measures"][0]["unit"] = "kitchen"
    msg = _invalid(raw)
    assert "indicators.3: ไม่มีหัวข้อ 'no_such_topic'" in msg
    assert "ไม่มีประเภทหน่วย 'kitchen'" in msg


def test_missing_fields_bad_phase_and_duplicate_ids():
    raw = raw_kb()
    del raw["topics"]["no_gift"]["measures"][0]["kpi_th"]
    raw["topics"]["no_gift"]["measures"][0]["phase"] = "someday"
    raw["topics"]["training"]["measures"][0]["id"] = "no-gift-policy"
    msg = _invalid(raw)
    assert "topics.no_gift.measures[0].kpi_th: ขาดข้อมูลที่จำเป็น" in msg
    assert "topics.no_gift.measures[0].phase: ค่าไม่อยู่ในตัวเลือกที่อนุญาต" in msg
    raw = raw_kb()
    raw["topics"]["training"]["measures"][0]["id"] = "no-gift-policy"
    assert "รหัสมาตรการซ้ำ" in _invalid(raw)


def test_other_structural_errors():
    raw = raw_kb()
    raw["unit_kinds"]["admin"]["fallback"] = "hr"  # hr → admin → hr
    raw["questions"]["q-1"] = ["e_service"]
    msg = _invalid(raw)
    assert "วนกลับมาที่เดิม" in msg
    assert "questions.q-1" in msg
    raw = raw_kb()
    raw["topics"]["e_service"]["oit"]["match"] = [[]]
    raw["topics"]["e_service"]["measures"][0]["months"] = 13
    raw["topics"]["e_service"]["surprise"] = 1
    msg = _invalid(raw)
    assert "กลุ่มคำค้น" in msg
    assert "months: ค่าอยู่นอกช่วงที่อนุญาต" in msg
    assert "topics.e_service.surprise: มีช่องข้อมูลที่ไม่รู้จัก" in msg
    raw = raw_kb()
    raw["topics"]["e_service"]["measures"][0]["unit"] = "all"  # only co_units may say all
    assert "ไม่มีประเภทหน่วย 'all'" in _invalid(raw)
    _invalid(["not", "a", "mapping"])


def test_file_errors(tmp_path: Path):
    with pytest.raises(KnowledgeBaseError, match="ไม่พบไฟล์ฐานความรู้"):
        load_knowledge_base(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="บรรทัด"):
        load_knowledge_base(bad)
    good = tmp_path / "mine.yaml"
    good.write_text(BUILTIN_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_knowledge_base(good).origin == str(good)


# --- our own words -----------------------------------------------------------------------------


def _texts(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _texts(v)
    elif isinstance(x, list):
        for v in x:
            yield from _texts(v)


def test_no_sentence_is_copied_from_the_seed_documents(seed_text):
    # Official names (an OIT item title, "แผนปฏิบัติการป้องกันการทุจริต") may repeat; a clause may not.
    seeds = "".join(re.sub(r"\s+", "", seed_text(p)) for p in ("000", "001", "002", "003", "004"))
    window = 36  # characters without spaces: longer than any official term, about one Thai clause
    copied = []
    for text in _texts(raw_kb()):
        flat = re.sub(r"\s+", "", text)
        for i in range(0, max(1, len(flat) - window + 1), 2):
            piece = flat[i : i + window]
            if len(piece) == window and piece in seeds:
                copied.append(piece)
                break
    assert copied == []


# --- recommendations ---------------------------------------------------------------------------


@pytest.fixture
def trat_analysis(registry):
    f = registry.get(2564)
    return analyse(
        f,
        result_of(f, TRAT_2564),
        questions=[QuestionScore(code="i19", text="", score=70.0)],
    )


def test_recommendations_are_ranked_by_overall_points(kb, registry, trat_analysis):
    recs = recommend(registry.get(2565), trat_analysis, kb=kb)
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
    assert recs[-1].kind == "monitoring" and recs[-1].measure_id == "monitoring-report"
    points = [r.points for r in recs[:-1]]
    assert points == sorted(points, reverse=True)
    top = recs[0]
    assert 10 in top.indicators and top.status == "urgent"
    for t in top.targets:
        s = trat_analysis.indicator(t.indicator)
        assert (t.current, t.target, t.overall_points) == (s.score, s.step_target, s.step_gain)
    assert top.points == pytest.approx(sum(t.overall_points for t in top.targets), abs=0.005)
    assert "ตัวชี้วัดที่ 10" in top.rationale_th and "3.89" in top.rationale_th
    assert top.oit_fiscal_year == 2565 and top.oit_items
    assert len({r.measure_id for r in recs}) == len(recs)


def test_weak_questions_bring_their_topics(kb, registry, trat_analysis):
    recs = recommend(registry.get(2565), trat_analysis, kb=kb)
    asset = [r for r in recs if r.topic == "asset_use"]
    assert asset and all(r.questions == ["i19"] for r in asset)
    assert "i19 (70.00)" in asset[0].rationale_th


def test_questions_without_a_known_code_are_matched_by_their_words(kb, registry):
    f = registry.get(2566)
    a = analyse(
        f,
        result_of(f, [100] * 10),
        questions=[
            QuestionScore(code="E4", text="ในช่วง 1 ปีที่ผ่านมา ท่านเคยถูกเจ้าหน้าที่เรียกเก็บเงิน ของขวัญ", indicator=6,
                          instrument="EIT", score=97.0),
            QuestionScore(code="E10", text="หน่วยงานมีระบบการให้บริการออนไลน์หรือไม่", indicator=8, score=97.03),
        ],
        settings=AnalysisSettings(weak_question_below=100),
    )
    recs = recommend(registry.get(2567), a, kb=kb)
    topics = {r.topic: r for r in recs}
    assert {"no_gift", "bribery_risk", "e_service"} <= set(topics)
    assert topics["e_service"].questions == ["E10"]
    assert topics["e_service"].kind == "maintain"  # indicator 8 is at 100


def test_a_perfect_result_keeps_the_maintain_topics(kb, registry):
    f = registry.get(2566)
    a = analyse(f, result_of(f, [100] * 10))
    recs = recommend(registry.get(2567), a, kb=kb)
    assert {r.topic for r in recs[:-1]} == set(kb.maintain_topics)
    assert all(r.kind == "maintain" and r.points == 0 for r in recs[:-1])


def test_maintain_only_results_target_what_is_below_100(kb, registry):
    f = registry.get(2566)
    a = analyse(f, result_of(f, [100, 100, 100, 99.07, 100, 98.54, 98.54, 98.54, 100, 100]))
    assert a.urgent == [] and a.improve == []
    recs = recommend(registry.get(2567), a, kb=kb)
    served = {n for r in recs for n in r.indicators}
    assert served == {4, 6, 7, 8}
    assert all(r.kind in ("maintain", "monitoring") for r in recs)


def test_an_other_year_framework_is_noted(kb, registry, trat_analysis):
    recs = recommend(registry.get(2566), trat_analysis, kb=kb)  # plan year is 2565
    assert all("ใช้รายการข้อ OIT ของปีงบประมาณ 2566" in r.oit_note_th for r in recs)


def test_recommendations_serialise(kb, registry, trat_analysis):
    import json

    recs = recommend(registry.get(2565), trat_analysis, kb=kb)
    json.dumps([r.to_json_dict() for r in recs], ensure_ascii=False)
    training = next(r for r in recs if r.measure_id == "staff-training")
    assert training.budget_baht == 20000
