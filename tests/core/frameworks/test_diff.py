"""Comparing frameworks (core/frameworks/diff.py), and carrying OIT evidence over to a new list
(core/oit/checklist.carry_over_map)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.frameworks.diff import (
    FrameworkDiff,
    ItemChange,
    diff_frameworks,
    title_key,
)
from prongsai.core.frameworks.loader import FrameworkRegistry, framework_as_raw, framework_from_raw
from prongsai.core.oit.checklist import carry_over_map


@pytest.fixture(scope="module")
def registry() -> FrameworkRegistry:
    return FrameworkRegistry()


@pytest.fixture(scope="module")
def base_raw(registry) -> dict:
    return framework_as_raw(registry.get(2569))


def with_items(base_raw: dict, groups: dict[str, list[tuple[str, str | None]]], **changes) -> object:
    """A framework like 2569 whose OIT list is `groups` {sub-indicator: [(code, title)]}."""
    raw = copy.deepcopy(base_raw)
    raw["oit"]["subindicators"] = [
        {"code": sub, "indicator": int(sub.split(".")[0]), "items": [{"code": c, "title_th": t} for c, t in items]}
        for sub, items in groups.items()
    ]
    raw.update(changes)
    return framework_from_raw(raw, "test")


OLD = {
    "9.1": [("O1", "โครงสร้าง"), ("O2", "ข้อมูลผู้บริหาร"), ("O3", "อำนาจหน้าที่"), ("O4", None)],
    "9.2": [("O5", "แผนการใช้จ่ายงบประมาณประจำปี พ.ศ. 2568"), ("O6", "คู่มือการปฏิบัติงาน"), ("O7", "ข่าวประชาสัมพันธ์")],
    "10.1": [("O8", "แผนปฏิบัติการป้องกันการทุจริต"), ("O9", "รายงานผลการดำเนินงาน ประจำปี 2568")],
}
NEW = {
    "9.1": [("O1", "โครงสร้างและอำนาจหน้าที่"), ("O2", "ข้อมูลผู้บริหาร"), ("O3", "ข้อมูลการติดต่อ"), ("O4", "Q&A")],
    "9.2": [("O5", "คู่มือการปฏิบัติงาน"), ("O6", "แผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"),
            ("O7", "ข่าวประชาสัมพันธ์")],
    "10.1": [("O8", "รายงานผลการดำเนินงานประจำปี"), ("O10", "การประเมินความเสี่ยง")],
    "10.2": [],
}


def test_title_key_strips_years_and_spacing():
    assert title_key("แผนการใช้จ่ายงบประมาณประจำปี พ.ศ. 2568") == title_key("แผนการใช้จ่ายงบประมาณ ปี ๒๕๖๙")
    assert title_key("รายงานผล ประจำปีงบประมาณ พ.ศ.2569") == title_key("รายงานผล")
    assert title_key("รายงานผลประจำปี") == title_key("รายงานผล (ปี 2570)")
    assert title_key("E–Service") == title_key("e - service")
    assert title_key("แผน 5 ปี") != title_key("แผน")
    assert title_key(None) is None and title_key("") is None


def test_renamed_renumbered_moved_added_removed(base_raw):
    old = with_items(base_raw, OLD)
    new_groups = {k: v for k, v in NEW.items() if v}
    # O2 moves to 10.1 with the same title
    new_groups["9.1"] = [it for it in new_groups["9.1"] if it[0] != "O2"]
    new_groups["10.1"] = [("O2", "ข้อมูลผู้บริหาร"), *new_groups["10.1"]]
    new = with_items(base_raw, new_groups)
    diff = diff_frameworks(old, new, a_label="เก่า", b_label="ใหม่")
    by_code = {(c.kind, c.code): c for c in diff.items}
    assert by_code[("renamed", "O1")] == ItemChange(
        "renamed", "O1", "O1", "โครงสร้างและอำนาจหน้าที่", "โครงสร้าง", "9.1", "9.1"
    )
    assert by_code[("moved", "O2")].old_subindicator == "9.1" and by_code[("moved", "O2")].subindicator == "10.1"
    assert by_code[("renumbered", "O5")].old_code == "O6"  # same title, new code
    assert by_code[("renumbered", "O6")].old_code == "O5"  # the year in the title is not a difference
    assert by_code[("renumbered", "O8")].old_code == "O9"
    assert by_code[("renamed", "O4")].old_title_th is None  # the title is now known
    assert by_code[("added", "O10")].title_th == "การประเมินความเสี่ยง"
    # old O8's title is gone and its code went to old O9's title: removed
    assert by_code[("removed", "O8")].old_title_th == "แผนปฏิบัติการป้องกันการทุจริต"
    assert [c.code for c in diff.items if c.kind == "removed"] == ["O8"]
    # O3 is another item under the same code: renamed in the diff (carry_over_map refuses it)
    assert by_code[("renamed", "O3")].old_title_th == "อำนาจหน้าที่"
    assert "O7" not in {c.code for c in diff.items}  # unchanged
    lines = "\n".join(diff.lines_th())
    assert lines.startswith("เปรียบเทียบ เก่า กับ ใหม่")
    assert "เปลี่ยนชื่อข้อ O1" in lines and "เปลี่ยนเลขข้อ O6 เป็น O5" in lines and "ย้ายข้อ O2" in lines
    assert "เพิ่มข้อ O10" in lines and "ตัดข้อ O8" in lines and "จำนวนข้อ OIT" not in lines


def test_carry_over_by_title_then_code_never_two_to_one(base_raw):
    old, new = with_items(base_raw, OLD), with_items(base_raw, {k: v for k, v in NEW.items() if v})
    carry = carry_over_map(old, new)
    assert carry["O5"] == "O6" and carry["O6"] == "O5"  # by title, years ignored
    assert carry["O8"] == "O9"  # "รายงานผลการดำเนินงาน ประจำปี 2568" → "รายงานผลการดำเนินงานประจำปี"
    assert carry["O2"] == "O2" and carry["O7"] == "O7"
    assert carry["O4"] == "O4"  # the old title was unknown: same code carries over
    assert carry["O1"] == "O1"  # "โครงสร้าง" is contained in "โครงสร้างและอำนาจหน้าที่": the same item, elaborated
    assert "O3" not in carry  # O3 "ข้อมูลการติดต่อ" is not O3 "อำนาจหน้าที่"
    assert "O10" not in carry
    assert len(set(carry.values())) == len(carry)


def test_close_titles_carry_over_under_the_same_code(base_raw):
    old = with_items(base_raw, {"9.1": [("O1", "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่")]})
    new = with_items(base_raw, {"9.1": [("O1", "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่รัฐ")]})
    assert carry_over_map(old, new) == {"O1": "O1"}


def test_two_new_items_with_one_old_title_take_it_once(base_raw):
    old = with_items(base_raw, {"9.1": [("O1", "ข่าวประชาสัมพันธ์"), ("O2", None)]})
    new = with_items(base_raw, {"9.1": [("O1", "ข่าวประชาสัมพันธ์"), ("O5", "ข่าวประชาสัมพันธ์ ประจำปี 2569")]})
    carry = carry_over_map(old, new)
    assert carry == {"O1": "O1"}


def test_identical_frameworks_have_no_differences(registry):
    f = registry.get(2569)
    diff = diff_frameworks(f, f)
    assert diff.is_empty() and diff.lines_th()[-1] == "ไม่มีความแตกต่าง"
    assert carry_over_map(f, f) == {it.code.upper(): it.code.upper() for _, it in f.oit.items()}


def test_builtin_2568_against_2569(registry):
    a, b = registry.get(2568), registry.get(2569)
    diff = diff_frameworks(a, b)
    assert isinstance(diff, FrameworkDiff) and (diff.a_label, diff.b_label) == ("ปีงบประมาณ 2568", "ปีงบประมาณ 2569")
    carry = carry_over_map(a, b)
    assert len(set(carry.values())) == len(carry)
    old_keys = {title_key(it.title_th): it.code for _, it in a.oit.items() if it.title_th}
    for _, item in b.oit.items():
        key = title_key(item.title_th)
        if key in old_keys:  # a title seen last year always carries over to an item of that title
            assert title_key(next(i.title_th for _, i in a.oit.items() if i.code == carry[item.code])) == key
    changed = {c.code for c in diff.items if c.kind != "removed"}
    b_codes = {it.code for _, it in b.oit.items()}
    assert changed <= b_codes
    assert diff.lines_th()[0] == "เปรียบเทียบ ปีงบประมาณ 2568 กับ ปีงบประมาณ 2569"


def test_builtin_2565_against_2566_sections(registry):
    diff = diff_frameworks(registry.get(2565), registry.get(2566))
    described = {d for d, _, _ in diff.sections}
    assert "ระดับผลการประเมิน" in described
    assert any(c.kind == "renumbered" for c in diff.items)
    assert len(set(carry_over_map(registry.get(2565), registry.get(2566)).values())) == len(
        carry_over_map(registry.get(2565), registry.get(2566))
    )


def test_section_changes_weights_pass_line_status_questions(base_raw, registry):
    raw = copy.deepcopy(base_raw)
    weights = {"IIT": 0.25, "EIT": 0.25, "OIT": 0.5}
    for inst in raw["instruments"]["items"]:
        inst["weight"] = weights[inst["code"]]
    raw["pass_line"]["score"] = 80
    raw["status"] = "confirmed"
    raw["indicators"]["items"][0]["name_th"] = "การปฏิบัติหน้าที่อย่างซื่อตรง"
    changed = framework_from_raw(raw, "t")
    diff = diff_frameworks(registry.get(2569), changed)
    described = {d: (before, after) for d, before, after in diff.sections}
    assert described["เกณฑ์ผ่าน"] == ("85", "80")
    assert "OIT 50%" in described["น้ำหนักเครื่องมือ"][1]
    assert described["สถานะ"][1] == "ยืนยันแล้ว"
    assert described["ชื่อตัวชี้วัดที่ 1"][1] == "การปฏิบัติหน้าที่อย่างซื่อตรง"
    assert not diff.items and not diff.is_empty()
    assert "เกณฑ์ผ่าน: 85 → 80" in diff.lines_th()


TITLES = ["โครงสร้าง", "ข่าวประชาสัมพันธ์", "แผนการใช้จ่าย", "แผนการใช้จ่ายประจำปี 2568", "คู่มือ", "คู่มือการให้บริการ",
          "E-Service", "รายงานผล", None]


@st.composite
def oit_lists(draw):
    count = draw(st.integers(1, 10))
    numbers = draw(st.lists(st.integers(1, 15), min_size=count, max_size=count, unique=True))
    return {"9.1": [(f"O{n}", draw(st.sampled_from(TITLES))) for n in numbers]}


@settings(max_examples=80, deadline=None)
@given(oit_lists(), oit_lists())
def test_carry_over_is_one_to_one_and_only_known_codes(base_raw, old_items, new_items):
    old, new = with_items(base_raw, old_items), with_items(base_raw, new_items)
    carry = carry_over_map(old, new)
    assert len(set(carry.values())) == len(carry)
    assert set(carry) <= {c for c, _ in new_items["9.1"]}
    assert set(carry.values()) <= {c for c, _ in old_items["9.1"]}
    diff = diff_frameworks(old, new)
    added = {c.code for c in diff.items if c.kind == "added"}
    removed = {c.code for c in diff.items if c.kind == "removed"}
    paired_new = len(new_items["9.1"]) - len(added)
    assert paired_new == len(old_items["9.1"]) - len(removed)  # every item is paired once or listed
