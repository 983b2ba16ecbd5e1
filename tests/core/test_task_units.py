"""Who does each task (`core/task_units.py`, `advice/task_units.yaml`) and each unit once on a measure's line
(`plan.distinct_co_units`).

Before: the drafted plan's 47 tasks all went to สำนักปลัด (every task took its measure's unit, and most measures are
สำนักปลัด's), and lines read "สำนักปลัด (งานประชาสัมพันธ์…) ร่วมกับ สำนักปลัด, กองคลัง…"."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.pipeline import ReportInput, prepare
from prongsai.core.plan import Measure, distinct_co_units, unit_base
from prongsai.core.scoring import score_indicators
from prongsai.core.task_units import fallback_unit, task_unit, task_units, topic_of

RICH = ["สำนักปลัด", "กองคลัง", "กองช่าง", "งานประชาสัมพันธ์", "งานบุคคล", "ศูนย์รับเรื่องร้องเรียน", "งานพัสดุ"]
DEMO = ["สำนักปลัด", "กองคลัง", "กองช่าง"]


def test_the_table_loads_and_every_topic_has_words():
    table = task_units()
    assert {"procurement", "website", "hr", "complaints"} <= set(table.topics)
    assert all(t.task and t.units for t in table.topics.values()) and "สำนักปลัด" in table.fallback


@pytest.mark.parametrize(("step", "units", "owner"), [
    ("ประกาศผลการจัดซื้อจัดจ้างทุกโครงการ", RICH, "งานพัสดุ"),  # the supply section before the finance division
    ("ประกาศผลการจัดซื้อจัดจ้างทุกโครงการ", DEMO, "กองคลัง"),
    ("นำคู่มือขึ้นเว็บไซต์หลักของหน่วยงาน", RICH, "งานประชาสัมพันธ์"),
    ("นำคู่มือขึ้นเว็บไซต์หลักของหน่วยงาน", ["สำนักปลัด", "ศูนย์ข้อมูลข่าวสาร"], "ศูนย์ข้อมูลข่าวสาร"),
    ("ชี้แจงบุคลากรเรื่องหลักเกณฑ์การรับทรัพย์สิน", RICH, "งานบุคคล"),
    ("สรุปสถิติเรื่องร้องเรียนทุกไตรมาส", RICH, "ศูนย์รับเรื่องร้องเรียน"),
    ("เผยแพร่ช่องทางร้องเรียนไว้บนเว็บไซต์หลัก", RICH, "ศูนย์รับเรื่องร้องเรียน"),  # the narrower topic first
    ("เผยแพร่ช่องทางร้องเรียนไว้บนเว็บไซต์หลัก", ["สำนักปลัด", "งานประชาสัมพันธ์"], "งานประชาสัมพันธ์"),
    ("ตรวจรับงานก่อสร้างถนน", ["สำนักปลัด", "กองช่าง"], "กองช่าง"),
    ("ประชุมคณะทำงานทุกไตรมาส", RICH, None),  # no topic: the measure's unit keeps it
    ("นำคู่มือขึ้นเว็บไซต์หลักของหน่วยงาน", DEMO, None),  # a topic, but no unit of it in this agency
])
def test_a_task_goes_to_the_unit_of_its_topic(step, units, owner):
    assert task_unit(step, units) == owner


def test_the_fallback_is_the_permanent_secretarys_office_whatever_its_name():
    assert fallback_unit(["กองคลัง", "สำนักงานปลัดเทศบาล"]) == "สำนักงานปลัดเทศบาล"
    assert fallback_unit(["กองคลัง", "กองช่าง"]) == "กองคลัง"  # none such: the first unit
    assert fallback_unit([]) is None
    assert topic_of("จัดซื้อครุภัณฑ์และประกาศบนเว็บไซต์")[:1] == ["procurement"]


@pytest.fixture(scope="module")
def result():
    registry = FrameworkRegistry()
    return registry, score_indicators(registry.get(2568), dict(zip(range(1, 11), [
        93.76, 88.66, 95.22, 88.93, 95.18, 86.60, 76.62, 78.27, 79.85, 70.50], strict=True)))


def _plan(result, units):
    registry, scored = result
    data = ReportInput(agency_name="องค์การบริหารส่วนตำบลตัวอย่าง", units=units, result=scored,
                       document_date=date(2025, 10, 15))
    return prepare(data, registry=registry)[1]


def _owners(plan, units) -> Counter:
    owners = Counter()
    for m in plan.measures:
        base = unit_base(m.responsible_unit)
        measure_unit = base if base in units else fallback_unit(units)
        for step in m.steps_th:
            owners[task_unit(step, units) or measure_unit] += 1
    return owners


def test_the_drafted_tasks_are_spread_over_the_units_that_own_their_topics(result):
    plan = _plan(result, RICH)
    owners = _owners(plan, RICH)
    assert sum(owners.values()) >= 40
    assert owners["สำนักปลัด"] < sum(owners.values()) / 2  # before: every one of them
    for unit in ("งานประชาสัมพันธ์", "งานบุคคล", "ศูนย์รับเรื่องร้องเรียน"):
        assert owners[unit] >= 2, owners
    # an agency with only the usual three divisions: what has no unit of its own stays with สำนักปลัด
    assert set(_owners(_plan(result, DEMO), DEMO)) <= set(DEMO)


@pytest.mark.parametrize("units", [RICH, DEMO, []])
def test_no_line_lists_a_unit_twice(result, units):
    for m in _plan(result, units).measures:
        bases = [unit_base(m.responsible_unit), *(unit_base(u) for u in m.co_units)]
        assert len(bases) == len(set(bases)), (m.responsible_unit, m.co_units)


def test_a_stored_measure_with_repeated_units_reads_each_once():
    assert distinct_co_units("สำนักปลัด (งานประชาสัมพันธ์)", ["สำนักปลัด", "กองคลัง", "กองคลัง (งานพัสดุ)", " กองช่าง "]) == [
        "กองคลัง", "กองช่าง"]
    m = Measure(number=1, title_th="ทดสอบ", responsible_unit="สำนักปลัด (งานนิติการ)",
                co_units=["สำนักปลัด", "สำนักปลัด (งานการเจ้าหน้าที่)", "กองคลัง"],
                start=date(2025, 10, 1), end=date(2025, 12, 31))
    assert m.co_units == ["กองคลัง"]
