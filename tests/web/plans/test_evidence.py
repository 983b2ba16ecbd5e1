"""Evidence: web addresses and files. Files are sniffed from their bytes, stored under random names, served as
attachments with nosniff; hostile or unknown files are refused and nothing is kept."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Unit
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans import services
from prongsai.apps.plans.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


@pytest.fixture
def task(world, access, plan):
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    return services.task_create(measure=plan.measures.first(), access=access("coordinator"), actor=None,
                                title_th="งานมีหลักฐาน", owner_unit=finance, due=date(2026, 1, 15))


def _stored(files_dir):
    return sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []


def test_url_evidence(world, access, task):
    e = services.evidence_add(task=task, access=access("unit_staff"), actor=world.user("unit_staff"),
                              title="ข่าวบนเว็บไซต์", url="https://own-tambon.example/news/1")
    assert (e.title, e.url, e.stored_name) == ("ข่าวบนเว็บไซต์", "https://own-tambon.example/news/1", "")
    assert AuditEntry.objects.get(action="evidence.added").after["url"] == e.url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/x", "example.com", "https://"])
def test_bad_urls_are_refused(world, access, task, url):
    with pytest.raises(services.PlanRefused, match="http:// หรือ https://"):
        services.evidence_add(task=task, access=access("coordinator"), actor=None, url=url)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [(PDF, "รายงาน.pdf", "pdf"), (PNG, "photo.png", "png"), (DOCX, "memo.docx", "docx"), (XLSX, "budget.xlsx", "xlsx"),
     ("บันทึกการประชุม\n".encode(), "note.txt", "txt"), (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "x.jpg", "jpeg")],
)
def test_accepted_files_are_stored_under_random_names(world, access, task, files_dir, data, name, kind):
    e = services.evidence_add(task=task, access=access("unit_staff"), actor=None, data=data, filename=name)
    assert e.kind == kind and e.original_name == name and e.size == len(data)
    assert e.stored_name.startswith(f"evidence/{world.own.pk}/") and name not in e.stored_name
    assert e.stored_name.endswith("." + kind)
    assert (files_dir / e.stored_name).read_bytes() == data


HOSTILE = [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64, "report.pdf", "โปรแกรม"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "scan.png", "โปรแกรม"),
    (b"<html><script>alert(1)</script></html>", "photo.png", "HTML"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "a.svg", "SVG"),
    (b"<svg onload=alert(1)>", "a.png", "SVG"),
    (_zip({"evil.exe": b"MZ"}), "archive.zip", "บีบอัด"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}),
     "macro.docx", "มาโคร"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.doc", "Office รุ่นเก่า"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "x.pdf", "บีบอัด"),
    (b"", "empty.pdf", "ว่างเปล่า"),
    (b"\x00\x01\x02\x03binary", "data.bin", "ไม่รองรับ"),
]


@pytest.mark.parametrize(("data", "name", "why"), HOSTILE)
def test_hostile_or_unknown_files_are_refused_and_nothing_is_kept(world, access, task, files_dir, data, name, why):
    with pytest.raises(services.PlanRefused, match=why):
        services.evidence_add(task=task, access=access("coordinator"), actor=None, data=data, filename=name)
    assert not Evidence.objects.exists()
    assert _stored(files_dir) == []


def test_size_limit(world, access, task, files_dir, settings):
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(services.PlanRefused, match="ใหญ่เกิน"):
        services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF + b"x" * 200,
                              filename="big.pdf")
    assert _stored(files_dir) == []


def test_a_path_in_the_file_name_is_dropped(world, access, task):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF,
                              filename="../../etc/passwd\x00.pdf")
    assert e.original_name == "passwd.pdf" and "/" not in e.original_name


def test_download_is_an_attachment_with_nosniff(client, world, access, task):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF, filename="รายงาน ผล.pdf")
    client.force_login(world.user("auditor"))
    response = client.get(reverse("plans:evidence_download", kwargs={"agency_slug": world.own.slug,
                                                                    "evidence_id": e.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E0%B8%A3" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_other_agencies_evidence_is_404(client, world, access, task):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF, filename="a.pdf")
    client.force_login(world.user("foreign"))
    url = reverse("plans:evidence_download", kwargs={"agency_slug": world.foreign.slug, "evidence_id": e.pk})
    assert client.get(url).status_code == 404


def test_upload_through_the_page(client, world, task, files_dir):
    url = reverse("plans:evidence_add", kwargs={"agency_slug": world.own.slug, "task_id": task.pk})
    client.force_login(world.user("unit_staff"))
    response = client.post(url, {"title": "ภาพกิจกรรม", "file": SimpleUploadedFile("act.png", PNG, "image/png")})
    assert response.status_code == 302
    assert Evidence.objects.get().kind == "png"
    # a program dressed as a PDF: refused beside the field, the typed title kept
    program = SimpleUploadedFile("x.pdf", HOSTILE[0][0], "application/pdf")
    response = client.post(url, {"title": "ไฟล์แปลก", "file": program})
    html = response.content.decode()
    assert response.status_code == 400 and "โปรแกรม" in html and 'value="ไฟล์แปลก"' in html
    assert Evidence.objects.count() == 1 and len(_stored(files_dir)) == 1
    # neither a URL nor a file
    response = client.post(url, {"title": "ว่าง"})
    assert response.status_code == 400 and "อย่างใดอย่างหนึ่ง" in response.content.decode()


def test_unit_staff_of_another_unit_cannot_add_evidence(client, world, access, plan):
    office = Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
    other = services.task_create(measure=plan.measures.first(), access=access("coordinator"), actor=None,
                                 title_th="งานสำนักปลัด", owner_unit=office, due=date(2026, 1, 15))
    with pytest.raises(services.NotAllowed):
        services.evidence_add(task=other, access=agency_access(user=world.user("unit_staff"), agency=world.own),
                              actor=None, url="https://example.com/")
    client.force_login(world.user("unit_staff"))
    url = reverse("plans:evidence_add", kwargs={"agency_slug": world.own.slug, "task_id": other.pk})
    assert client.post(url, {"url": "https://example.com/"}).status_code == 403


def test_a_duplicate_file_is_removed_by_the_unit_the_row_audited_and_the_file_deleted_after_commit(
    world, access, task, files_dir, django_capture_on_commit_callbacks
):
    staff = access("unit_staff")
    first = services.evidence_add(task=task, access=staff, actor=world.user("unit_staff"), data=PDF, filename="ก.pdf")
    twice = services.evidence_add(task=task, access=staff, actor=world.user("unit_staff"), data=PDF, filename="ก.pdf")
    assert len(_stored(files_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.evidence_remove(evidence=twice, access=staff, actor=world.user("unit_staff"))
    assert len(callbacks) == 2  # the file deletion, and the public pages' version bump of the audit entry
    assert list(Evidence.objects.values_list("pk", flat=True)) == [first.pk]
    assert _stored(files_dir) == [files_dir / first.stored_name]
    entry = AuditEntry.objects.get(action="evidence.removed")
    assert entry.before["file"] == "ก.pdf" and entry.before["sha256"] == twice.sha256 and entry.after in (None, {})
    assert entry.actor == world.user("unit_staff")


def test_a_rolled_back_removal_keeps_the_file(world, access, task, files_dir, django_capture_on_commit_callbacks):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF, filename="a.pdf")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # never committed: nothing runs
        services.evidence_remove(evidence=e, access=access("coordinator"), actor=None)
    assert len(callbacks) == 2 and _stored(files_dir) == [files_dir / e.stored_name]


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_only_those_who_may_update_the_task_remove_its_evidence(world, access, task, role):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, url="https://own.example/a")
    with pytest.raises(services.NotAllowed):
        services.evidence_remove(evidence=e, access=access(role), actor=None)
    office = Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
    others = services.task_create(measure=task.measure, access=access("coordinator"), actor=None, title_th="งานอื่น",
                                  owner_unit=office, due=date(2026, 1, 15))
    theirs = services.evidence_add(task=others, access=access("coordinator"), actor=None, url="https://own.example/b")
    with pytest.raises(services.NotAllowed):  # unit staff of กองคลัง, evidence of สำนักปลัด's task
        services.evidence_remove(evidence=theirs, access=access("unit_staff"), actor=None)
    assert Evidence.objects.count() == 2
    services.evidence_remove(evidence=e, access=access("unit_staff"), actor=None)  # their own unit's task
    assert Evidence.objects.count() == 1


def test_the_task_page_offers_removal_with_a_confirmation(client, world, access, task, files_dir,
                                                          django_capture_on_commit_callbacks):
    e = services.evidence_add(task=task, access=access("coordinator"), actor=None, data=PDF, filename="ซ้ำ.pdf")
    page = reverse("plans:task_detail", kwargs={"agency_slug": world.own.slug, "task_id": task.pk})
    remove = reverse("plans:evidence_remove", kwargs={"agency_slug": world.own.slug, "evidence_id": e.pk})
    client.force_login(world.user("executive"))
    assert remove not in client.get(page).content.decode()  # readers get no button
    assert client.post(remove, {"confirm": "yes"}).status_code == 403
    client.force_login(world.user("unit_staff"))
    html = client.get(page).content.decode()
    assert remove in html and 'name="csrfmiddlewaretoken"' in html and "ยืนยันลบ" in html
    assert client.post(remove, {}).status_code == 400  # not confirmed: nothing removed
    assert Evidence.objects.filter(pk=e.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#evidence")
    assert "ลบหลักฐาน “ซ้ำ.pdf” แล้ว" in response.content.decode()
    assert not Evidence.objects.filter(pk=e.pk).exists() and _stored(files_dir) == []
    foreign = reverse("plans:evidence_remove", kwargs={"agency_slug": world.foreign.slug, "evidence_id": e.pk})
    client.force_login(world.user("foreign"))
    assert client.post(foreign, {"confirm": "yes"}).status_code == 404
