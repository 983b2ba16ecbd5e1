"""The built-in framework years 2563–2569: they load, say where they come from, and keep the facts
that scoring relies on (weights, levels, OIT lists, IIT questions) and the marks on what is uncertain."""

from __future__ import annotations

import pytest

from prongsai.core.frameworks.loader import FrameworkRegistry, builtin_years, load_framework_file
from prongsai.core.frameworks.schema import Framework, Section
from prongsai.core.scoring import level_for, score_indicators, score_instruments, score_oit

YEARS = list(range(2563, 2571))
LETTER_YEARS = [2563, 2564, 2565]
TIER_YEARS = [2566, 2567, 2568, 2569, 2570]
CONFIDENCES = {"high", "medium", "low", "unknown"}

INDICATOR_NAMES = {
    1: "การปฏิบัติหน้าที่",
    2: "การใช้งบประมาณ",
    3: "การใช้อำนาจ",
    4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต",
    6: "คุณภาพการดำเนินงาน",
    7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงการทำงาน",
    9: "การเปิดเผยข้อมูล",
    10: "การป้องกันการทุจริต",
}


@pytest.fixture(scope="module")
def registry() -> FrameworkRegistry:
    return FrameworkRegistry()


def fw(registry: FrameworkRegistry, year: int) -> Framework:
    return registry.get(year)


def sections(framework: Framework) -> dict[str, Section]:
    names = ("instruments", "indicators", "questions", "oit", "levels", "pass_line", "targets", "national_results")
    return {n: getattr(framework, n) for n in names if getattr(framework, n) is not None}


# --- every year ----------------------------------------------------------------------------------


def test_builtin_years_are_exactly_2563_to_2570(registry):
    assert builtin_years() == YEARS
    assert registry.years() == YEARS


@pytest.mark.parametrize("year", YEARS)
def test_year_loads_and_validates(registry, year):
    framework = fw(registry, year)
    assert framework.fiscal_year == year
    assert f"พ.ศ. {year}" in framework.title_th
    assert framework.summary_th
    assert framework.origin == f"built-in:{year}.yaml"
    assert len(framework.indicators.items) == 10
    assert [i.code for i in framework.instruments.items] == ["IIT", "EIT", "OIT"]


@pytest.mark.parametrize("year", YEARS)
def test_every_section_has_a_source_and_a_confidence(registry, year):
    for name, section in sections(fw(registry, year)).items():
        assert section.source, f"{year} {name}: no source"
        assert all(s.strip() for s in section.source), f"{year} {name}: empty source entry"
        assert section.confidence in CONFIDENCES, f"{year} {name}"


@pytest.mark.parametrize("year", YEARS)
def test_low_or_unknown_sections_explain_why(registry, year):
    for name, section in sections(fw(registry, year)).items():
        if section.confidence in ("low", "unknown"):
            assert section.notes, f"{year} {name} is {section.confidence} but has no notes"


@pytest.mark.parametrize("year", YEARS)
def test_a_user_file_can_extend_each_year(tmp_path, year):
    path = tmp_path / "override.yaml"
    path.write_text(f"extends: {year}\npass_line: {{score: 80}}\n", encoding="utf-8")
    framework = load_framework_file(path, FrameworkRegistry())
    assert framework.fiscal_year == year
    assert framework.pass_line.score == 80
    assert framework.oit == FrameworkRegistry().get(year).oit


@pytest.mark.parametrize("year", YEARS)
def test_weights_are_30_30_40(registry, year):
    weights = {i.code: i.weight for i in fw(registry, year).instruments.items}
    assert weights == {"IIT": 0.30, "EIT": 0.30, "OIT": 0.40}


@pytest.mark.parametrize("year", YEARS)
def test_pass_line_is_85(registry, year):
    assert fw(registry, year).pass_line.score == 85


@pytest.mark.parametrize("year", YEARS)
def test_indicator_names_are_stable_across_years(registry, year):
    framework = fw(registry, year)
    assert {i.number: i.name_th for i in framework.indicators.items} == INDICATOR_NAMES
    assert {i.number: i.instrument for i in framework.indicators.items} == {
        **dict.fromkeys(range(1, 6), "IIT"),
        **dict.fromkeys(range(6, 9), "EIT"),
        9: "OIT",
        10: "OIT",
    }
    assert "การปรับปรุงระบบการทำงาน" in framework.indicator(8).variants
    assert "การแก้ปัญหาการทุจริต" in framework.indicator(5).variants


@pytest.mark.parametrize("year", YEARS)
def test_no_eit_questions_are_encoded(registry, year):
    questions = fw(registry, year).questions
    assert questions is not None
    assert all(q.indicator <= 5 for q in questions.items)


@pytest.mark.parametrize("year", YEARS)
def test_all_items_passed_gives_100_on_oit(registry, year):
    framework = fw(registry, year)
    result = score_oit(framework, {it.code: True for _, it in framework.oit.items()})
    assert result.indicators == {"9": 100.0, "10": 100.0}
    assert not result.missing_items


# --- 2563–2565: the letter-level cycle -----------------------------------------------------------

REVERSED = {"i9", "i10", "i11b", "i16", "i17", "i18a", "i18b", "i18c", "i19", "i22"}


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_2563_2565_oit_has_43_items_in_the_known_sub_indicators(registry, year):
    oit = fw(registry, year).oit
    assert [s.code for s in oit.subindicators] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert [len(s.items) for s in oit.subindicators] == [9, 8, 7, 4, 5, 8, 2]
    assert [it.code for _, it in oit.items()] == [f"o{n}" for n in range(1, 44)]
    assert all(it.title_th for _, it in oit.items())


def test_2563_2565_oit_titles_are_the_same(registry):
    titles = [[(it.code, it.title_th) for _, it in fw(registry, y).oit.items()] for y in LETTER_YEARS]
    assert titles[0] == titles[1] == titles[2]


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_2563_2565_iit_has_30_questions_and_51_answer_points(registry, year):
    questions = fw(registry, year).questions
    assert [q.code for q in questions.items] == [f"i{n}" for n in range(1, 31)]
    assert sum(len(q.sub_items) for q in questions.items) == 51
    per_indicator = {n: [q.code for q in questions.items if q.indicator == n] for n in range(1, 6)}
    assert all(len(codes) == 6 for codes in per_indicator.values())


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_2563_2565_answer_scales(registry, year):
    questions = fw(registry, year).questions
    scale_of = {f"{q.code}{s.code}": s.scale for q in questions.items for s in q.sub_items}
    assert {k for k, v in scale_of.items() if v == "four_level_reversed"} == REVERSED
    assert {k for k, v in scale_of.items() if v == "yes_no_bad"} == {f"i{n}{c}" for n in (4, 5, 6) for c in "abc"}
    assert {k for k, v in scale_of.items() if v == "yes_no_good"} == {"i26a", "i26b"}
    scales = questions.scales
    assert scales["yes_no_bad"].options == {"มี": 0, "ไม่มี": 100}
    assert scales["yes_no_good"].options == {"มี": 100, "ไม่มี": 0}
    assert scales["four_level"].options["มากที่สุด"] == 100
    assert scales["four_level_reversed"].options["มากที่สุด"] == 0


def test_2563_2565_questions_are_the_same(registry):
    dumps = [fw(registry, y).questions.model_dump(include={"scales", "items"}) for y in LETTER_YEARS]
    assert dumps[0] == dumps[1] == dumps[2]


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_2563_2565_use_letter_levels(registry, year):
    levels = fw(registry, year).levels
    assert levels.scheme == "letter"
    assert [r.label for r in levels.rules] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert [r.label for r in levels.rules if r.passed] == ["AA", "A"]
    assert all(r.min_each_instrument is None for r in levels.rules)


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_2563_2565_share_the_80_percent_target(registry, year):
    (target,) = fw(registry, year).targets.national
    assert (target.min_score, target.share_of_agencies_percent, target.by_fiscal_year) == (85, 80, 2565)


@pytest.mark.parametrize(
    ("year", "scores", "overall", "level"),
    [
        # Trat and Chanthaburi 2563 rows of the ITA 2564 group-2 report.
        (2563, [92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78], 75.62, "B"),
        (2563, [92.17, 85.44, 88.74, 84.05, 86.51, 84.62, 83.70, 81.88, 51.68, 29.82], 67.54, "C"),
    ],
)
def test_published_2563_results_reproduce(registry, year, scores, overall, level):
    result = score_indicators(fw(registry, year), dict(enumerate(scores, start=1)))
    # The published indicator scores are themselves rounded, so the total can differ by one hundredth.
    assert abs(result.overall - overall) <= 0.01 + 1e-9
    assert result.level == level


# --- 2566 onward: pass tiers ----------------------------------------------------------------------


@pytest.mark.parametrize("year", TIER_YEARS)
def test_2566_on_use_pass_tiers_with_per_instrument_conditions(registry, year):
    levels = fw(registry, year).levels
    assert levels.scheme == "pass_tiers"
    rules = [(r.label, r.min_overall, r.min_each_instrument, r.passed) for r in levels.rules]
    assert rules == [
        ("ผ่านดีเยี่ยม", 95, 95, True),
        ("ผ่านดี", 85, 85, True),
        ("ผ่าน", 85, None, True),
        ("ไม่ผ่าน", 0, None, False),
    ]
    assert [r.label_en for r in levels.rules] == ["Excellent pass", "Good pass", "Pass", "Fail"]
    assert levels.rules[-1].max_overall == 84.99


@pytest.mark.parametrize("year", TIER_YEARS)
@pytest.mark.parametrize(
    ("instruments", "level"),
    [
        ({"IIT": 96, "EIT": 95, "OIT": 100}, "ผ่านดีเยี่ยม"),
        ({"IIT": 94.99, "EIT": 99, "OIT": 100}, "ผ่านดี"),  # ≥ 95 overall but one instrument below 95
        ({"IIT": 99, "EIT": 84.99, "OIT": 98}, "ผ่าน"),  # like the 2568 State Audit Office case
        ({"IIT": 84, "EIT": 84, "OIT": 86.47}, "ไม่ผ่าน"),  # 84.99 overall
    ],
)
def test_pass_tier_levels(registry, year, instruments, level):
    assert score_instruments(fw(registry, year), instruments).level == level


def test_bangkok_2566_reproduces_with_equal_eit_parts(registry):
    framework = fw(registry, 2566)
    eit = sum(p.weight * s for p, s in zip(framework.instrument("EIT").parts, [79.40, 82.24], strict=True))
    result = score_instruments(framework, {"IIT": 82.44, "EIT": eit, "OIT": 100})
    assert result.overall == 88.98
    assert result.level == "ผ่าน"
    assert level_for(framework, 88.98, {"IIT": 82.44, "EIT": 80.82, "OIT": 100}).passed


@pytest.mark.parametrize("year", [2566, 2568, 2569])
def test_eit_has_two_parts_from_2566(registry, year):
    eit = fw(registry, year).instrument("EIT")
    assert [p.name_th for p in eit.parts] == ["ส่วนที่ 1 EIT Public", "ส่วนที่ 2 EIT Survey"]
    assert [p.weight for p in eit.parts] == [0.5, 0.5]
    assert eit.parts_confidence == "low"


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_eit_has_no_parts_before_2566(registry, year):
    assert fw(registry, year).instrument("EIT").parts == []


def test_2566_oit_is_restructured(registry):
    oit = fw(registry, 2566).oit
    assert [len(s.items) for s in oit.subindicators] == [10, 8, 4, 4, 4, 11, 2]
    assert [it.code for _, it in oit.items()] == [f"o{n}" for n in range(1, 44)]
    titles = {it.code: it.title_th for _, it in oit.items()}
    assert "No Gift Policy" in titles["o31"]
    assert titles["o39"] == "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"


def test_2567_oit_is_the_33_item_hypothesis(registry):
    oit = fw(registry, 2567).oit
    assert oit.confidence == "unknown"  # a vocational-college app's seed, not evidence of the NACC list
    assert [len(s.items) for s in oit.subindicators] == [6, 7, 4, 3, 4, 5, 4]
    assert [it.code for _, it in oit.items()] == [f"O{n}" for n in range(1, 34)]
    titles = {it.code: it.title_th for _, it in oit.items()}
    assert titles["O4"] == "ข้อมูลการติดต่อ"
    assert all(titles[f"O{n}"] is None for n in range(14, 34))  # school wording in the source: left out


def test_2568_oit_has_26_items_with_three_unknown_titles(registry):
    oit = fw(registry, 2568).oit
    assert oit.confidence == "low"
    items = {it.code: it for _, it in oit.items()}
    assert list(items) == [f"O{n}" for n in range(1, 27)]
    for code in ("O2", "O6", "O7"):
        assert items[code].title_th is None
        assert items[code].confidence == "unknown"
    assert all(it.title_th for code, it in items.items() if code not in ("O2", "O6", "O7"))
    # O5 from RTRDA's 2569 guide pages and a school's 2568 order: titled, low, with its own source.
    assert items["O5"].title_th == "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"
    assert items["O5"].confidence == "low" and items["O5"].source
    # Indicator 10's real sub-indicators are unknown: one placeholder group, said so in the notes.
    ten = [s for s in oit.subindicators if s.indicator == 10]
    assert [(s.code, s.name_th, len(s.items)) for s in ten] == [("10.1", None, 6)]
    assert "ชั่วคราว" in oit.notes


def test_2569_uses_the_rtrda_2569_list_not_the_2568_one(registry):
    oit_2568, oit_2569 = fw(registry, 2568).oit, fw(registry, 2569).oit
    assert oit_2569.subindicators != oit_2568.subindicators
    assert oit_2569.confidence == "low"  # one source
    titles = {it.code: it.title_th for _, it in oit_2569.items()}
    assert list(titles) == [f"O{n}" for n in range(1, 27)]
    assert titles["O25"] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert "MOPH MOIT" in oit_2569.notes and "ชั่วคราว" in oit_2569.notes


# --- uncertainty is marked -----------------------------------------------------------------------


def test_confidence_of_weights_follows_the_evidence(registry):
    assert {y: fw(registry, y).instruments.confidence for y in YEARS} == {
        2563: "high",
        2564: "high",
        2565: "medium",
        2566: "medium",
        2567: "low",
        2568: "low",
        2569: "low",
        2570: "low",
    }


@pytest.mark.parametrize("year", [2567, 2568, 2569, 2570])
def test_low_confidence_years_warn_when_scoring(registry, year):
    result = score_instruments(fw(registry, year), {"IIT": 90, "EIT": 90, "OIT": 90})
    assert result.warnings
    assert any(f"ปีงบประมาณ {year}" in w.th for w in result.warnings)


@pytest.mark.parametrize("year", [2563, 2564])
def test_established_years_do_not_warn(registry, year):
    assert score_instruments(fw(registry, year), {"IIT": 90, "EIT": 90, "OIT": 90}).warnings == []


def test_2566_warns_only_that_the_year_is_provisional(registry):
    # its weights and levels are well supported; its OIT list is not the NACC's for certain, so the year is provisional
    warnings = score_instruments(fw(registry, 2566), {"IIT": 90, "EIT": 90, "OIT": 90}).warnings
    assert [w.th for w in warnings] == [fw(registry, 2566).status_warning()[0]]


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_i10_is_marked_low(registry, year):
    i10 = next(q for q in fw(registry, year).questions.items if q.code == "i10")
    assert i10.confidence == "low"
    assert i10.notes


def test_question_confidence_per_year(registry):
    assert {y: fw(registry, y).questions.confidence for y in YEARS} == {
        2563: "medium",
        2564: "medium",
        2565: "low",
        2566: "unknown",
        2567: "unknown",
        2568: "unknown",
        2569: "unknown",
        2570: "unknown",
    }
    assert all(fw(registry, y).questions.items == [] for y in TIER_YEARS)


def test_2566_pdpa_item_is_low(registry):
    items = {it.code: it for _, it in fw(registry, 2566).oit.items()}
    assert items["o10"].confidence == "low"


@pytest.mark.parametrize("year", TIER_YEARS)
def test_no_target_is_invented_after_2565(registry, year):
    targets = fw(registry, year).targets
    assert targets.national == []
    assert targets.confidence == "unknown"


def test_2569_is_low_everywhere_it_matters(registry):
    framework = fw(registry, 2569)
    for name in ("instruments", "indicators", "oit", "levels", "pass_line"):
        assert getattr(framework, name).confidence == "low", name
    assert framework.national_results is None


# --- national results ----------------------------------------------------------------------------


def test_national_results(registry):
    got = {
        y: fw(registry, y).national_results.results.model_dump(exclude_defaults=True)
        for y in YEARS
        if fw(registry, y).national_results is not None
    }
    assert got == {
        2563: {"agencies": 8303},
        2564: {"agencies": 8300, "mean": 81.25},
        2565: {"agencies": 8303, "respondents": 1300132, "mean": 87.57, "passed": 5855, "pass_rate_percent": 70.52},
        2566: {"agencies": 8323, "mean": 90.19, "passed": 6737, "pass_rate_percent": 80.94},
        2567: {"agencies": 8325, "respondents": 1369235, "mean": 93.05, "passed": 7696, "pass_rate_percent": 92.44},
        2568: {"agencies": 8317, "mean": 93.82, "passed": 7832, "pass_rate_percent": 94.17},
    }
