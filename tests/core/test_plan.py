"""The measures plan: draft from analysis + recommendations, dates inside the fiscal year, units, JSON, edits."""

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from prongsai.core.advice import recommend
from prongsai.core.analysis import analyse
from prongsai.core.documents.model import Agency, QuestionScore
from prongsai.core.plan import Measure, MeasuresPlan, PlanError, add_months, draft_plan, validate_plan
from prongsai.core.scoring import score_indicators

TRAT_2564 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]
UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา"]


def result_of(framework, values):
    return score_indicators(framework, {i + 1: v for i, v in enumerate(values)})


@pytest.fixture
def inputs(registry):
    f = registry.get(2564)
    a = analyse(
        f, result_of(f, TRAT_2564), agency=Agency(name="อบต.ตัวอย่าง"),
        questions=[QuestionScore(code="i19", text="", score=70.0)],
    )
    return a, recommend(registry.get(2565), a)


@pytest.fixture
def plan(inputs):
    a, recs = inputs
    return draft_plan(a, recs, units=UNITS)


def _all_days(plan):
    for m in plan.measures:
        yield m.start
        yield m.end
        yield from (x.day for x in m.milestones)
    yield from (x.day for x in plan.reporting)


# --- the draft ---------------------------------------------------------------------------------


def test_draft_plan_is_for_the_next_fiscal_year_and_every_date_is_inside_it(plan):
    assert plan.fiscal_year == 2565 and plan.results_fiscal_year == 2564
    assert plan.period == (date(2021, 10, 1), date(2022, 9, 30))
    assert plan.title_th == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2565"
    first, last = plan.period
    assert all(first <= d <= last for d in _all_days(plan))
    assert all(m.start <= m.end for m in plan.measures)
    assert validate_plan(plan) == []
    assert plan.agency.name == "อบต.ตัวอย่าง"
    assert plan.basis_th and plan.basis_th[0].startswith("ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2564")


def test_the_measures_follow_the_recommendations_and_monitoring_comes_last(plan, inputs):
    _, recs = inputs
    assert [m.number for m in plan.measures] == list(range(1, len(plan.measures) + 1))
    assert len(plan.measures) == 11  # ten measures (the default limit) + follow-up
    assert [m.measure_id for m in plan.measures[:-1]] == [r.measure_id for r in recs[:10]]
    assert any("ไม่ได้ใส่ในร่าง" in n for n in plan.notes_th)
    top = plan.measures[0]
    assert top.targets == recs[0].targets and top.target_points == recs[0].points
    assert "ตัวชี้วัดที่ 10" in top.serves_th and "+3.89" in top.serves_th
    assert top.steps_th and top.outputs_th and top.kpi_th and top.objective_th and top.method_th
    assert top.evidence and all(e.fiscal_year == 2565 for e in top.evidence)


def test_follow_up_reports_to_the_executives_at_6_and_12_months(plan):
    follow = plan.measures[-1]
    assert follow.kind == "monitoring"
    assert (follow.start, follow.end) == plan.period
    assert [x.day for x in follow.milestones] == [date(2022, 3, 31), date(2022, 9, 30)]
    assert [x.day for x in plan.reporting] == [date(2022, 3, 31), date(2022, 9, 30)]
    assert "6 เดือน" in plan.reporting[0].title_th and "12 เดือน" in plan.reporting[1].title_th
    assert plan.coordinator == "สำนักปลัด"


def test_timelines_are_spread_over_the_year(plan):
    early = [m for m in plan.measures[:-1] if m.end < date(2022, 3, 1)]
    assert early  # OIT evidence measures finish before the OIT check
    assert len({m.start for m in plan.measures}) > 3
    assert any(m.start >= date(2022, 1, 1) for m in plan.measures)  # mid-year measures
    assert any(m.end == date(2022, 9, 30) for m in plan.measures[:-1])  # year-round measures


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=date(2021, 10, 1), max_value=date(2022, 9, 30)), st.integers(1, 30))
def test_any_start_day_keeps_every_date_inside_the_year(start, limit):
    from prongsai.core.frameworks import FrameworkRegistry

    reg = FrameworkRegistry()
    f = reg.get(2564)
    a = analyse(f, result_of(f, TRAT_2564))
    p = draft_plan(a, recommend(reg.get(2565), a), start=start, max_measures=limit)
    assert all(start <= m.start <= m.end <= date(2022, 9, 30) for m in p.measures)
    assert all(date(2021, 10, 1) <= d <= date(2022, 9, 30) for d in _all_days(p))


def test_a_start_outside_the_year_is_refused(inputs):
    a, recs = inputs
    with pytest.raises(PlanError, match=r"อยู่นอกปีงบประมาณ พ\.ศ\. 2565"):
        draft_plan(a, recs, start=date(2022, 10, 1))
    with pytest.raises(PlanError):
        draft_plan(a, recs, max_measures=0)


def test_all_recommendations_when_unlimited(inputs):
    a, recs = inputs
    p = draft_plan(a, recs, max_measures=None)
    assert len(p.measures) == len(recs)
    assert not any("ไม่ได้ใส่ในร่าง" in n for n in p.notes_th)


def test_without_monitoring_the_follow_up_is_still_there(inputs):
    a, recs = inputs
    p = draft_plan(a, [r for r in recs if r.kind != "monitoring"][:3])
    assert p.measures[-1].kind == "monitoring" and len(p.measures) == 4
    assert p.measures[-1].evidence == [] and p.measures[-1].evidence_note_th


# --- units -------------------------------------------------------------------------------------


def test_units_are_assigned_by_kind(plan, inputs):
    by_id = {m.measure_id: m for m in plan.measures}
    a, recs = inputs
    full = {m.measure_id: m for m in draft_plan(a, recs, units=UNITS, max_measures=None).measures}
    assert full["procurement-open-data"].responsible_unit == "กองคลัง"
    assert full["asset-inventory-checks"].co_units[0] == "กองช่าง"
    assert full["fair-hr-criteria"].responsible_unit == "สำนักปลัด (งานการเจ้าหน้าที่)"
    assert by_id["no-gift-policy"].responsible_unit == "สำนักปลัด"
    assert by_id["no-gift-policy"].co_units == ["กองคลัง", "กองช่าง", "กองการศึกษา"]  # "all" but the lead
    assert any("งานการเจ้าหน้าที่" in n and "สำนักปลัด" in n for n in
               draft_plan(a, recs, units=UNITS, max_measures=None).notes_th)


def test_usual_names_without_units(inputs):
    a, recs = inputs
    p = draft_plan(a, recs, max_measures=None)
    by_id = {m.measure_id: m for m in p.measures}
    assert by_id["procurement-open-data"].responsible_unit == "กองคลัง"
    assert by_id["fair-hr-criteria"].responsible_unit == "งานการเจ้าหน้าที่"
    assert by_id["no-gift-policy"].co_units == ["ทุกส่วนราชการในหน่วยงาน"]


def test_a_unit_with_an_unusual_name_is_still_found(inputs):
    a, recs = inputs
    p = draft_plan(a, recs, units=["สำนักงานปลัดเทศบาล", "กองคลัง", "งานการเจ้าหน้าที่"], max_measures=None)
    by_id = {m.measure_id: m for m in p.measures}
    assert by_id["no-gift-policy"].responsible_unit == "สำนักงานปลัดเทศบาล"
    assert by_id["fair-hr-criteria"].responsible_unit == "งานการเจ้าหน้าที่"


# --- budget ------------------------------------------------------------------------------------


def test_budget_none_means_no_budget(inputs):
    a, recs = inputs
    p = draft_plan(a, recs, max_measures=None)
    by_id = {m.measure_id: m for m in p.measures}
    assert by_id["no-gift-policy"].budget is None
    assert by_id["no-gift-policy"].budget_th() == "ไม่ใช้งบประมาณ"
    training = by_id["staff-training"]
    assert training.budget == Decimal(20000) and training.budget_th() == "20,000 บาท"
    assert any("ประมาณการ 20,000 บาท" in n for n in p.notes_th)
    assert p.total_budget() == Decimal(20000)
    assert Measure(number=1, title_th="x", responsible_unit="ก", start=date(2022, 1, 1), end=date(2022, 1, 2),
                   budget=Decimal("1500.50")).budget_th() == "1,500.50 บาท"


# --- JSON and validation -----------------------------------------------------------------------


def test_json_round_trip(plan):
    text = json.dumps(plan.to_json_dict(), ensure_ascii=False)
    back = MeasuresPlan.from_json_dict(json.loads(text))
    assert back == plan
    assert back.measures[0].start == plan.measures[0].start


def test_a_measure_outside_its_fiscal_year_gets_a_thai_error(plan):
    data = plan.to_json_dict()
    data["measures"][0]["end"] = "2022-10-15"
    with pytest.raises(PlanError) as err:
        MeasuresPlan.from_json_dict(data)
    msg = err.value.th
    assert "มาตรการที่ 1" in msg and "วันสิ้นสุด 15 ตุลาคม 2565" in msg
    assert "อยู่นอกปีงบประมาณ พ.ศ. 2565 (1 ตุลาคม 2564 – 30 กันยายน 2565)" in msg
    data = plan.to_json_dict()
    data["measures"][1]["start"], data["measures"][1]["end"] = "2022-05-01", "2022-04-01"
    with pytest.raises(PlanError, match="อยู่หลังวันสิ้นสุด"):
        MeasuresPlan.from_json_dict(data)
    with pytest.raises(ValidationError, match="อยู่นอกปีงบประมาณ"):
        MeasuresPlan(title_th="x", fiscal_year=2565, measures=[
            Measure(number=1, title_th="x", responsible_unit="ก", start=date(2020, 1, 1), end=date(2020, 2, 1))
        ])


# --- editing -----------------------------------------------------------------------------------


def test_edit_add_remove_and_reschedule(plan):
    count = len(plan.measures)
    extra = Measure(number=99, title_th="จัดกิจกรรมวันต่อต้านคอร์รัปชัน", kind="custom", responsible_unit="สำนักปลัด",
                    start=date(2021, 12, 1), end=date(2021, 12, 9))
    plan.add_measure(extra, position=0)
    assert plan.measures[0].title_th == "จัดกิจกรรมวันต่อต้านคอร์รัปชัน" and plan.measures[0].number == 1
    assert [m.number for m in plan.measures] == list(range(1, count + 2))
    with pytest.raises(PlanError, match="อยู่นอกปีงบประมาณ"):
        plan.add_measure(Measure(number=1, title_th="y", responsible_unit="ก",
                                 start=date(2022, 9, 1), end=date(2022, 11, 1)))
    assert len(plan.measures) == count + 1
    plan.remove_measure(1)
    assert len(plan.measures) == count and plan.measures[0].number == 1
    moved = plan.reschedule(2, date(2022, 2, 1), date(2022, 4, 30))
    assert plan.measure(2) is moved and moved.start == date(2022, 2, 1)
    with pytest.raises(PlanError, match="อยู่นอกปีงบประมาณ"):
        plan.reschedule(2, date(2022, 2, 1), date(2023, 1, 1))
    with pytest.raises(PlanError, match="ไม่มีมาตรการที่ 42"):
        plan.measure(42)
    plan.check()


def test_in_place_edits_are_checked(plan):
    m = plan.measures[0]
    before = m.start
    with pytest.raises(ValidationError, match="อยู่หลังวันสิ้นสุด"):
        m.start = date(2022, 9, 30) if m.end < date(2022, 9, 30) else date(2023, 1, 1)
    assert m.start == before  # a rejected edit changes nothing
    with pytest.raises(ValidationError):
        plan.measures = [*plan.measures, plan.measures[0].model_copy(update={"end": date(2023, 1, 1)})]
    assert len(plan.measures) == 11
    m.end = date(2022, 12, 31)  # later than the year: only the plan can tell
    with pytest.raises(PlanError, match="วันสิ้นสุด 31 ธันวาคม 2565 อยู่นอกปีงบประมาณ"):
        plan.check()
    plan.measures[1].number = plan.measures[2].number
    assert any("เลขมาตรการซ้ำกัน" in p for p in plan.problems())
    plan.renumber()
    plan.measures[0].end = date(2022, 9, 30)
    plan.check()


def test_add_months_clamps_the_day():
    assert add_months(date(2022, 1, 31), 1) == date(2022, 2, 28)
    assert add_months(date(2021, 10, 1), 12) == date(2022, 10, 1)
    assert add_months(date(2022, 10, 1), -3) == date(2022, 7, 1)
