"""The OIT checklist in the web app: made from the year's framework, edited item by item (atomic, audited, no lost
edits), files, completeness and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.oit import services
from prongsai.apps.oit.models import OitChecklist, OitFile, OitItem
from prongsai.core.frameworks import default_registry
from prongsai.core.oit import build_checklist


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"agency_slug": world.own.slug, **kwargs})


def _first(checklist) -> OitItem:
    return checklist.items.order_by("position").first()


def _post_item(client, world, item, **changes):
    data = {"version": item.version, "responsible": "", "urls": "", "how_to_find": "", "status": "todo",
            "explanation": ""}
    data.update(changes)
    return client.post(_url("oit:item", world, pk=item.pk), data)


def test_coordinator_makes_the_years_checklist_with_every_item_and_links_from_the_portal(client, world):
    from prongsai.apps.portal.services import evidence_save

    coordinator = world.user("coordinator")
    evidence_save(agency=world.own, actor=coordinator, item=None, data={
        "fiscal_year": 2566, "item_code": "O1", "title": "โครงสร้าง", "url": "https://www.own.go.th/o1",
        "note": "เมนูเกี่ยวกับเรา", "is_published": True,
    })
    client.force_login(coordinator)
    response = client.post(reverse("oit:checklist_new", kwargs={"agency_slug": world.own.slug}),
                           {"fiscal_year": 2566})
    assert response.status_code == 302
    checklist = OitChecklist.objects.get(agency=world.own, fiscal_year=2566)
    expected = [i.code.lower() for i in build_checklist(default_registry().get(2566)).items]
    assert list(checklist.items.order_by("position").values_list("code", flat=True)) == expected
    o1 = checklist.items.get(code="o1")
    assert o1.data["urls"] == ["https://www.own.go.th/o1"] and o1.data["explanation"] == "เมนูเกี่ยวกับเรา"
    entry = AuditEntry.objects.get(agency=world.own, action="oit.checklist_created")
    assert entry.after["items"] == len(expected) and entry.after["prefilled"] == 1
    # the list page: every item, its status and the readiness count
    html = client.get(_url("oit:checklist", world, fiscal_year=2566)).content.decode()
    assert f"พร้อม 0/{len(expected)} ข้อ" in html
    assert "ยังไม่เริ่ม" in html


def test_an_item_saved_by_the_form_is_ready_and_audited(client, world, checklist):
    item = _first(checklist)
    parts = [p["id"] for p in item.data["parts"]]
    client.force_login(world.user("coordinator"))
    response = _post_item(
        client, world, item, responsible="นางสาวทดสอบ นักวิเคราะห์นโยบายและแผน",
        urls="https://www.own.go.th/ita/o1", how_to_find="หน้าหลัก\nITA 2566\nO1 โครงสร้าง", status="published",
        parts=parts,
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2
    assert item.data["how_to_find"] == ["หน้าหลัก", "ITA 2566", "O1 โครงสร้าง"]
    assert all(p["done"] is True for p in item.data["parts"])
    entry = AuditEntry.objects.filter(action="oit.item_updated").latest("pk")
    assert entry.after["status"] == "published" and entry.before["status"] == "todo"
    total = checklist.items.count()
    html = client.get(_url("oit:checklist", world, fiscal_year=2566)).content.decode()
    assert f"พร้อม 1/{total} ข้อ" in html
    gaps = client.get(_url("oit:completeness", world, fiscal_year=2566)).content.decode()
    assert "ข้อ O1:" not in gaps and "ข้อ O2: ยังไม่ได้ระบุผู้รับผิดชอบ" in gaps


def test_two_officers_editing_different_items_keep_both_edits(client, world, checklist, access):
    first, second = checklist.items.order_by("position")[:2]
    # both pages loaded at version 1; the agency administrator saves O1, the coordinator O2
    services.item_update(item=first, access=access("agency_admin"), actor=world.user("agency_admin"), version=1,
                         responsible="ผู้ดูแล", urls=[], how_to_find=[], parts_done=set(), status="in_progress",
                         explanation="")
    services.item_update(item=second, access=access("coordinator"), actor=world.user("coordinator"), version=1,
                         responsible="ผู้ประสานงาน", urls=[], how_to_find=[], parts_done=set(), status="in_progress",
                         explanation="")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.data["responsible"] == "ผู้ดูแล" and second.data["responsible"] == "ผู้ประสานงาน"


def test_a_stale_form_is_refused_and_nothing_is_lost(client, world, checklist, access):
    item = _first(checklist)
    services.item_update(item=item, access=access("agency_admin"), actor=world.user("agency_admin"), version=1,
                         responsible="คนแรก", urls=[], how_to_find=[], parts_done=set(), status="todo",
                         explanation="")
    client.force_login(world.user("coordinator"))
    response = _post_item(client, world, item, version=1, responsible="คนที่สอง")
    assert response.status_code == 400
    assert "มีผู้แก้ไขข้อนี้ไปก่อนหน้าท่าน" in response.content.decode()
    item.refresh_from_db()
    assert item.data["responsible"] == "คนแรก" and item.version == 2


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "www.own.go.th/o1", "ftp://own.go.th/x"])
def test_a_bad_url_is_refused_in_thai_and_nothing_is_written(client, world, checklist, bad):
    item = _first(checklist)
    client.force_login(world.user("coordinator"))
    response = _post_item(client, world, item, responsible="ทดสอบ", urls=f"https://ok.go.th/a\n{bad}")
    assert response.status_code == 400
    assert "ต้องขึ้นต้นด้วย http:// หรือ https://" in response.content.decode()
    item.refresh_from_db()
    assert item.version == 1 and item.data["responsible"] is None
    assert not AuditEntry.objects.filter(action="oit.item_updated").exists()


def test_unit_staff_and_auditors_read_but_do_not_edit(client, world, checklist):
    item = _first(checklist)
    for role in ("unit_staff", "auditor", "executive"):
        client.force_login(world.user(role))
        page = client.get(_url("oit:item", world, pk=item.pk))
        assert page.status_code == 200
        assert 'name="responsible"' not in page.content.decode()
        assert _post_item(client, world, item, responsible="x").status_code == 403
        assert client.post(reverse("oit:checklist_new", kwargs={"agency_slug": world.own.slug}),
                           {"fiscal_year": 2567}).status_code == 403
    item.refresh_from_db()
    assert item.version == 1
    assert not OitChecklist.objects.filter(fiscal_year=2567).exists()


def test_menu_links_oit_for_every_member(client, world):
    for role in ("unit_staff", "auditor", "coordinator"):
        client.force_login(world.user(role))
        html = client.get(reverse("assessments:dashboard", kwargs={"agency_slug": world.own.slug})).content.decode()
        nav = html.split('aria-label="เมนูของหน่วยงาน"')[1].split("</nav>")[0]
        assert f'href="{reverse("oit:index", kwargs={"agency_slug": world.own.slug})}"' in nav
        assert "หลักฐาน OIT" in nav


# --- files ---------------------------------------------------------------------------------------------------


def test_evidence_file_is_sniffed_stored_and_served_only_as_an_attachment(client, world, checklist):
    item = _first(checklist)
    client.force_login(world.user("coordinator"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    response = client.post(_url("oit:file_add", world, pk=item.pk),
                           {"file": SimpleUploadedFile("โครงสร้าง.pdf", pdf, content_type="text/html")})
    assert response.status_code == 302
    stored = OitFile.objects.get(item=item)
    assert stored.kind == "pdf" and stored.original_name == "โครงสร้าง.pdf"
    assert AuditEntry.objects.filter(action="oit.file_added").exists()
    client.force_login(world.user("unit_staff"))  # every member may download
    download = client.get(_url("oit:file_download", world, pk=stored.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    # the clarification lists the file
    client.force_login(world.user("coordinator"))
    item.refresh_from_db()
    services.clarification_draft(item=item, access=_acc(world, "coordinator"), actor=world.user("coordinator"),
                                 version=item.version, reason="ไม่พบ")
    item.refresh_from_db()
    assert "โครงสร้าง.pdf" in item.data["clarification"]
    # removing needs a confirmation
    assert client.post(_url("oit:file_remove", world, pk=stored.pk)).status_code == 400
    assert client.post(_url("oit:file_remove", world, pk=stored.pk), {"confirm": "on"}).status_code == 302
    assert not OitFile.objects.filter(pk=stored.pk).exists()


def _acc(world, role):
    from prongsai.apps.agencies.access import agency_access

    return agency_access(user=world.user(role), agency=world.own)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "HTML"),
        ("x.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "ไฟล์โปรแกรม"),
        ("empty.pdf", b"", "ว่าง"),
    ],
)
def test_refused_uploads_keep_nothing(client, world, checklist, files_dir, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = _first(checklist)
    client.force_login(world.user("coordinator"))
    response = client.post(_url("oit:file_add", world, pk=item.pk), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OitFile.objects.exists()
    assert not files_dir.exists() or not any(p.is_file() for p in files_dir.rglob("*"))
