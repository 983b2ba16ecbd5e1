"""When the year's OIT list changes (the framework workbench), each checklist follows it: evidence moves to the
matching new item, and evidence of an item with no match is kept apart, never dropped."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.frameworks import services as frameworks
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.oit import selectors, services
from prongsai.apps.oit.models import OitFile, OitItem
from prongsai.core.frameworks.loader import framework_as_raw
from prongsai.core.oit.checklist import match_items

YEAR = 2570
PDF = b"%PDF-1.4\n%%EOF\n"


def _edit(item: OitItem, access, actor, **changes) -> OitItem:
    fields = {"responsible": "", "urls": [], "how_to_find": [], "parts_done": set(), "status": "todo",
              "explanation": ""}
    fields.update(changes)
    return services.item_update(item=item, access=access, actor=actor, version=item.version, **fields)


BASELINE = [  # (sub-indicator, indicator, [(code, title)]): version 1 of the year, as a checklist was made from it
    ("9.1", 9, [("O1", "โครงสร้างและอำนาจหน้าที่"), ("O2", None), ("O3", "ข้อมูลการติดต่อ")]),
    ("9.2", 9, [("O10", "E–Service"), ("O11", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี พ.ศ. 2569")]),
    ("10.1", 10, [("O23", "การประเมินความเสี่ยงการทุจริต"), ("O25", "แผนปฏิบัติการป้องกันการทุจริต")]),
]
CHANGED = [  # version 2: O10 renamed, the plan moved from O25 to O23, a new O25, O2 dropped, O11 reworded
    ("9.1", 9, [("O1", "โครงสร้าง หน้าที่และอำนาจ"), ("O3", "ข้อมูลการติดต่อและช่องทางการสอบถาม")]),
    ("9.2", 9, [("O10", "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)"),
                ("O11", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี")]),
    ("10.1", 10, [("O22", "การประเมินความเสี่ยงการทุจริต"), ("O23", "แผนปฏิบัติการป้องกันการทุจริต"),
                  ("O25", "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")]),
]


def _with_list(groups) -> dict:
    raw = copy.deepcopy(framework_as_raw(framework_registry().get(YEAR)))
    raw["oit"]["subindicators"] = [
        {"code": code, "indicator": indicator, "items": [{"code": c, "title_th": t} for c, t in items]}
        for code, indicator, items in groups
    ]
    return raw


def _save_list(groups, version: int) -> None:
    frameworks.version_save(actor=None, fiscal_year=YEAR, raw=_with_list(groups), expected_version=version,
                            reason="รายการข้อ OIT ตามคู่มือ")


@pytest.fixture
def year_checklist(world, access):
    _save_list(BASELINE, 0)
    return services.checklist_create(
        agency=world.own, access=access("coordinator"), actor=world.user("coordinator"), fiscal_year=YEAR
    )


def _item(checklist, code):
    return OitItem.objects.get(checklist=checklist, code=code.lower())


def test_evidence_follows_a_changed_list_and_nothing_is_dropped(world, access, year_checklist):
    coordinator, acc = world.user("coordinator"), access("coordinator")
    o10 = _edit(_item(year_checklist, "O10"), acc, coordinator, responsible="นางสาวทดสอบ บริการ",
                urls=["https://www.example.go.th/eservice"], status="published")
    o25 = _edit(_item(year_checklist, "O25"), acc, coordinator, responsible="นายแผน ป้องกัน",
                urls=["https://www.example.go.th/plan"], status="in_progress")
    services.file_add(item=o25, access=acc, actor=coordinator, data=PDF, filename="แผน.pdf")
    o2 = _edit(_item(year_checklist, "O2"), acc, coordinator, explanation="หลักฐานของข้อที่ไม่ทราบชื่อ")

    _save_list(CHANGED, 1)
    assert [c.pk for c in selectors.checklists_behind(fiscal_year=YEAR)] == [year_checklist.pk]

    report = services.checklists_follow_framework(actor=world.user("system_admin"), fiscal_year=YEAR)

    assert report.checklists == 1
    assert selectors.checklists_behind(fiscal_year=YEAR) == []
    new_o10 = _item(year_checklist, "O10")  # renamed item, same code and topic: evidence stays
    assert new_o10.pk == o10.pk
    assert new_o10.data["title_th"] == "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)"
    assert new_o10.data["urls"] == ["https://www.example.go.th/eservice"]
    assert new_o10.data["status"] == "published"
    assert _item(year_checklist, "O11").data["title_th"] == "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"
    new_o23 = _item(year_checklist, "O23")  # the plan's title moved to O23: its evidence and file follow it
    assert new_o23.pk == o25.pk and new_o23.data["responsible"] == "นายแผน ป้องกัน"
    assert OitFile.objects.get(item=new_o23).original_name == "แผน.pdf"
    new_o25 = _item(year_checklist, "O25")  # a new item under a reused code starts blank
    assert new_o25.pk != o25.pk and new_o25.data["urls"] == [] and new_o25.data["responsible"] is None
    kept = OitItem.objects.get(pk=o2.pk)  # O2 is gone from the list: its evidence is kept, retired
    assert kept.retired and kept.data["explanation"] == "หลักฐานของข้อที่ไม่ทราบชื่อ"
    assert ("องค์การบริหารส่วนตำบลทดสอบหนึ่ง", "O2", "") in report.unmatched
    assert ("องค์การบริหารส่วนตำบลทดสอบหนึ่ง", "O25", "O23") in report.moved
    codes = [i.code for i in selectors.checklist_core(agency=world.own, checklist=year_checklist).items]
    assert codes == ["O1", "O3", "O10", "O11", "O22", "O23", "O25"]
    assert AuditEntry.objects.filter(action="oit.checklist_followed_framework").count() == 1


def test_following_twice_changes_nothing(world, access, year_checklist):
    _save_list(CHANGED, 1)
    services.checklists_follow_framework(actor=None, fiscal_year=YEAR)
    before = list(OitItem.objects.filter(checklist=year_checklist).values_list("pk", "code", "version"))
    again = services.checklists_follow_framework(actor=None, fiscal_year=YEAR)
    assert again.checklists == 0
    assert list(OitItem.objects.filter(checklist=year_checklist).values_list("pk", "code", "version")) == before


def test_the_checklist_page_offers_the_update_and_shows_kept_evidence(client, world, access, year_checklist):
    _edit(_item(year_checklist, "O2"), access("coordinator"), world.user("coordinator"), explanation="ข้อสอง")
    _save_list(CHANGED, 1)
    url = reverse("oit:checklist", kwargs={"agency_slug": world.own.slug, "fiscal_year": YEAR})
    client.force_login(world.user("coordinator"))
    page = client.get(url).content.decode()
    assert "ปรับตามรายการข้อปัจจุบัน" in page
    follow = reverse("oit:checklist_follow", kwargs={"agency_slug": world.own.slug, "fiscal_year": YEAR})
    client.force_login(world.user("unit_staff"))
    assert client.post(follow).status_code == 403  # reading staff may not change the checklist
    client.force_login(world.user("coordinator"))
    response = client.post(follow, follow=True)
    html = response.content.decode()
    assert "ปรับรายการตรวจตามรายการข้อ OIT ปัจจุบันแล้ว" in html
    retired = html[html.index("ไม่ตรงกับข้อใดในรายการปัจจุบัน"):]
    assert "O2 (ยังไม่ทราบชื่อข้อ)" in retired  # listed by code and title, its explanation kept on its page
    assert "ปรับตามรายการข้อปัจจุบัน" not in html


def test_a_code_alone_never_moves_evidence_between_unrelated_titles():
    old = [("o20", "การเปิดโอกาสให้เกิดการมีส่วนร่วม"), ("o21", "ประกาศเจตนารมณ์ No Gift Policy")]
    new = [("o19", "ผลการเปิดโอกาสให้มีส่วนร่วม"), ("o20", "แผนปฏิบัติการป้องกันการทุจริต")]
    matches = match_items(old, new)
    assert matches.get("o19") == "o20"  # reworded title
    assert "o20" not in matches  # O20 now names another item


def test_matching_never_gives_one_old_item_to_two_new_items():
    old = [("o1", "ข้อมูลการติดต่อ")]
    new = [("o1", "ข้อมูลการติดต่อ"), ("o2", "ข้อมูลการติดต่อ")]
    assert match_items(old, new) == {"o1": "o1"}


def test_each_agencys_audit_entry_names_only_its_own_items(world, access, year_checklist):
    _edit(_item(year_checklist, "O2"), access("coordinator"), world.user("coordinator"), explanation="ของหน่วยงานแรก")
    foreign = services.checklist_create(
        agency=world.foreign, access=access("foreign", world.foreign), actor=world.user("foreign"), fiscal_year=YEAR
    )
    _save_list(CHANGED, 1)
    report = services.checklists_follow_framework(actor=None, fiscal_year=YEAR)
    assert report.checklists == 2 and [a for a, _, _ in report.unmatched] == [world.own.name_th]
    entries = {e.agency_id: e.after for e in AuditEntry.objects.filter(action="oit.checklist_followed_framework")}
    assert entries[world.own.pk]["unmatched"] == ["O2"]
    assert entries[world.foreign.pk]["unmatched"] == []  # the other agency's audit log says nothing of this one
    assert entries[world.own.pk]["carried"] + entries[world.foreign.pk]["carried"] == report.carried
    assert OitItem.objects.filter(checklist=foreign, retired=True).count() == 0  # its blank O2 was let go
