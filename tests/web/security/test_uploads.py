"""Uploads: every entry point refuses hostile files with a Thai message and keeps nothing (size limits, type sniffed
from the bytes and never from the name, corrupt and zip-bomb DOCX/XLSX, huge PDFs); what is kept is stored under a
random name outside STATIC/MEDIA and served only as an attachment with nosniff and a sandbox CSP."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.base import files
from prongsai.apps.plans.models import Evidence

SRC = Path(__file__).resolve().parents[3] / "src" / "prongsai"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@cache
def hostile() -> dict[str, tuple[str, bytes]]:
    """name -> (file name the browser sends, bytes)."""
    import pypdfium2 as pdfium

    big = pdfium.PdfDocument.new()
    for _ in range(600):
        big.new_page(200, 200)
    out = io.BytesIO()
    big.save(out)
    big.close()
    bomb_xml = b"<w:t>" + b"\x20" * 40_000_000 + b"</w:t>"  # 40 MB of spaces: about 40 KB compressed
    return {
        "html named .pdf": ("ผลการประเมิน.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        "svg named .png": ("รูป.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "program named .pdf": ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program"),
        "corrupt docx": ("รายงาน.docx", b"PK\x03\x04" + bytes(range(256)) * 8),
        "zip bomb docx": (
            "bomb.docx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bomb_xml}),
        ),
        "zip bomb xlsx": (
            "bomb.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                  "xl/worksheets/sheet1.xml": bomb_xml}),
        ),
        "zip with thousands of members": (
            "many.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", **{f"xl/m{i}.xml": b"<a/>" for i in range(2_500)}}),
        ),
        "macro workbook": (
            "macro.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                  "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        ),
        "600-page pdf": ("big.pdf", out.getvalue()),
        "empty": ("empty.pdf", b""),
    }


# --- every entry point is known ------------------------------------------------------------------------------

KNOWN_UPLOAD_VIEWS = {
    "apps/plans/views.py": "task evidence (test_evidence_upload_refuses_hostile_files)",
    "apps/oit/views.py": "OIT evidence: base.files.sniff_evidence (test_evidence_sniffing_refuses_hostile_files)",
    "apps/registers/views.py": "asset import (test_staff_imports_refuse_hostile_files)",
    "apps/procurement/views.py": "e-GP import (test_staff_imports_refuse_hostile_files)",
    "apps/national/views.py": "national import (test_national_reader_refuses_hostile_files)",
    "apps/assessments/views.py": "result import (test_staff_imports_refuse_hostile_files)",
    "apps/portal/views/public.py": "citizens' e-service attachments (test_public_attachments_refuse_hostile_files)",
    "apps/frameworks/views.py": "framework sheet and YAML imports (test_framework_imports_refuse_hostile_files)",
    "apps/meetings/views.py": "meeting photos and minutes: base.files.sniff_evidence (tests/web/meetings)",
}


# Files that read request.FILES without taking an upload.
NOT_UPLOADS = {"web/busy.py": "only to never echo files back (tests/web/test_busy.py)"}


def test_every_upload_entry_point_is_tested():
    found = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "request.FILES" in path.read_text(encoding="utf-8")
    } - set(NOT_UPLOADS)
    assert found == set(KNOWN_UPLOAD_VIEWS), f"an upload entry point needs a test: {found ^ set(KNOWN_UPLOAD_VIEWS)}"


# --- sniffing: the bytes decide, never the name ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["html named .pdf", "svg named .png", "program named .pdf", "corrupt docx", "zip bomb docx", "zip bomb xlsx",
     "zip with thousands of members", "macro workbook", "empty"],
)
def test_evidence_sniffing_refuses_hostile_files(name):
    filename, data = hostile()[name]
    with pytest.raises(files.EvidenceRefused) as refused:
        files.sniff_evidence(data, filename)
    assert re.search(r"[\u0e00-\u0e7f]", refused.value.th), refused.value.th


def test_evidence_size_limit(settings):
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(files.EvidenceRefused, match="ใหญ่เกิน"):
        files.sniff_evidence(b"%PDF-1.4\n" + b"0" * 1000, "a.pdf")


def test_a_pdf_named_exe_is_a_pdf_and_a_png_named_pdf_is_a_png():
    assert files.sniff_evidence(b"%PDF-1.4\n%%EOF\n", "setup.exe").kind == "pdf"
    assert files.sniff_evidence(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "report.pdf").kind == "png"


# --- file names: never a path -----------------------------------------------------------------------------------

TRAVERSAL_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\windows\\system32\\cmd.exe",
    "C:\\Windows\\win.ini",
    "evil\x00.pdf",
    "a\r\nContent-Type: text/html.pdf",
    "\u2025\u2215\u2025\u2215etc\u2215passwd",  # two-dot leader and division slash lookalikes
    "\uff0e\uff0e\uff0fetc\uff0fpasswd",  # fullwidth dots and slashes
    "..",
    "",
]


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_display_names_carry_no_folder_or_control_character(name):
    from prongsai.apps.portal.services import _clean_filename

    for shown in (files.display_filename(name), _clean_filename(name)):
        assert "/" not in shown and "\\" not in shown and shown not in ("", ".", "..")
        assert not re.search(r"[\x00-\x1f\x7f]", shown)


@pytest.mark.parametrize("stored", ["../../etc/passwd", "/etc/passwd", "evidence/1/../../x.pdf",
                                    "evidence/1/" + "a" * 32 + ".pdf\x00", "evidence\\1\\" + "a" * 32 + ".pdf"])
def test_a_stored_name_that_is_not_ours_is_refused(stored):
    with pytest.raises(FileNotFoundError):
        files.path_of(stored)


@pytest.mark.parametrize("name", TRAVERSAL_NAMES[:7])
def test_an_upload_named_with_a_path_is_stored_under_a_random_name(client, world, settings, tmp_path, name):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    task = _task(world)
    client.force_login(world.user("coordinator"))
    upload = SimpleUploadedFile(name or "x", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    response = client.post(reverse("plans:evidence_add", args=[world.own.slug, task.pk]), {"file": upload})
    evidence = Evidence.objects.filter(task=task).last()
    if evidence is None:  # refused (e.g. no usable name): a Thai message, nothing stored
        assert response.status_code == 400
        assert not any((tmp_path / "files").rglob("*.*"))
        return
    assert re.fullmatch(r"evidence/\d+/[0-9a-f]{32}\.pdf", evidence.stored_name)
    assert [p.relative_to(tmp_path / "files").as_posix() for p in (tmp_path / "files").rglob("*.pdf")] == [
        evidence.stored_name
    ]
    assert not Path("/etc/passwd.pdf").exists()
    download = client.get(reverse("plans:evidence_download", args=[world.own.slug, evidence.pk]))
    _assert_served_safely(download, "application/pdf")
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition.split("filename*=")[0]


# --- entry points over the web ---------------------------------------------------------------------------------


def _task(world):
    from datetime import date

    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.plans import services

    user = world.user("coordinator")
    access = agency_access(user=user, agency=world.own)
    plan = services.plan_draft(agency=world.own, access=access, actor=user, results_fiscal_year=2568)
    return services.task_create(
        measure=plan.measures.order_by("number").first(), access=access, actor=user, title_th="งาน",
        owner_unit=world.own.units.order_by("pk").first(), due=date(2026, 1, 15),
    )


def _assert_served_safely(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


EVIDENCE_HOSTILE = ["html named .pdf", "svg named .png", "program named .pdf", "corrupt docx", "zip bomb docx",
                    "macro workbook"]


@pytest.mark.parametrize("name", EVIDENCE_HOSTILE)
def test_evidence_upload_refuses_hostile_files(client, world, settings, tmp_path, name):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    task = _task(world)
    client.force_login(world.user("coordinator"))
    filename, data = hostile()[name]
    response = client.post(
        reverse("plans:evidence_add", args=[world.own.slug, task.pk]),
        {"file": SimpleUploadedFile(filename, data, content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not Evidence.objects.filter(task=task).exists()
    assert _stored_files(tmp_path / "files") == []


def test_a_pdf_with_javascript_is_kept_only_as_an_attachment_in_a_sandbox(client, world, settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    task = _task(world)
    client.force_login(world.user("coordinator"))
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
           b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    client.post(reverse("plans:evidence_add", args=[world.own.slug, task.pk]),
                {"file": SimpleUploadedFile("a.html", pdf, content_type="text/html")})
    evidence = Evidence.objects.get(task=task)
    assert evidence.kind == "pdf" and evidence.content_type == "application/pdf"
    _assert_served_safely(client.get(reverse("plans:evidence_download", args=[world.own.slug, evidence.pk])),
                          "application/pdf")
    # never under STATIC_ROOT or a MEDIA URL
    stored = files.path_of(evidence.stored_name).resolve()
    assert not stored.is_relative_to(Path(django_settings.STATIC_ROOT).resolve())
    assert not django_settings.MEDIA_ROOT  # no public media folder at all


STAFF_IMPORTS = {
    "assessments:import_upload": ({}, "assessments.PendingImport"),
    "registers:asset_import": ({}, "registers.Asset"),
    "procurement:import": ({"default_year": "2568"}, "procurement.Contract"),
}


@pytest.mark.parametrize("entry", sorted(STAFF_IMPORTS))
@pytest.mark.parametrize(
    "name", ["html named .pdf", "program named .pdf", "corrupt docx", "zip bomb docx", "zip bomb xlsx",
             "zip with thousands of members", "600-page pdf"],
)
def test_staff_imports_refuse_hostile_files(client, world, entry, name):
    from django.apps import apps

    extra, label = STAFF_IMPORTS[entry]
    model = apps.get_model(label)
    before = model.objects.count()
    client.force_login(world.user("coordinator"))
    filename, data = hostile()[name]
    response = client.post(
        reverse(entry, args=[world.own.slug]), {"file": SimpleUploadedFile(filename, data), **extra}
    )
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    assert 'class="field-error"' in html or 'class="error-summary"' in html
    assert model.objects.count() == before


@pytest.mark.parametrize(
    ("entry", "suffix"),
    [("frameworks:sheet", ".xlsx"), ("frameworks:sheet", ".csv"), ("frameworks:yaml_import", ".yaml")],
)
@pytest.mark.parametrize(
    "name", ["html named .pdf", "program named .pdf", "corrupt docx", "zip bomb docx", "zip bomb xlsx",
             "zip with thousands of members", "600-page pdf", "empty"],
)
def test_framework_imports_refuse_hostile_files(client, world, entry, suffix, name):
    """The workbench's uploads, under their own names and renamed to what the form accepts: a Thai refusal,
    nothing stored."""
    from prongsai.apps.frameworks.models import FrameworkVersion

    client.force_login(world.user("system_admin"))
    url = reverse(entry, kwargs={"fiscal_year": 2570}) if entry == "frameworks:sheet" else reverse(entry)
    filename, data = hostile()[name]
    for sent in (filename, filename.rsplit(".", 1)[0] + suffix):
        response = client.post(url, {"file": SimpleUploadedFile(sent, data), "base_year": "2569"})
        assert response.status_code in (200, 400), (sent, response.status_code)
        html = response.content.decode()
        assert 'class="field-error"' in html or 'class="error-summary"' in html or "แถวที่" in html, sent
        assert re.search(r"[\u0e00-\u0e7f]", html)
    assert FrameworkVersion.objects.count() == 0


def test_the_result_import_size_limit(client, world, settings):
    from prongsai.apps.assessments.models import PendingImport

    settings.PRONGSAI_IMPORT_MAX_BYTES = 1000
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("assessments:import_upload", args=[world.own.slug]),
                           {"file": SimpleUploadedFile("a.txt", "ก".encode() * 1000)})
    assert "ใหญ่เกินกำหนด" in response.content.decode()
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize("name", ["html named .pdf", "svg named .png", "program named .pdf", "corrupt docx", "empty"])
def test_public_attachments_refuse_hostile_files(client, world, settings, tmp_path, name):
    from prongsai.apps.portal import services as portal
    from prongsai.apps.portal.models import ServiceAttachment, ServiceRequest

    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    service_type = portal.service_type_save(
        agency=world.own, actor=world.user("coordinator"), item=None,
        data={"name": "ขอรับเบี้ยยังชีพ", "steps": "ยื่นคำขอ", "duration_days": 15, "is_active": True},
    )
    url = reverse("portal:eservice_type", kwargs={"slug": world.own.slug, "pk": service_type.pk})
    page = client.get(url).content.decode()
    token = re.search(r'name="ft" value="([^"]*)"', page).group(1)
    filename, data = hostile()[name]
    response = client.post(url, {
        "ft": token, "website": "", "name": "ผู้ขอ", "contact": "0812223333", "details": "",
        "attachment_1": SimpleUploadedFile(filename, data, content_type="application/pdf"),
    })
    assert response.status_code in (200, 400)
    assert re.search(r"ไม่ใช่ PDF, JPEG หรือ PNG|ว่างเปล่า|ไฟล์", response.content.decode())
    assert not ServiceRequest.objects.exists() and not ServiceAttachment.objects.exists()


def test_public_attachment_size_limit():
    from prongsai.apps.portal import services as portal

    with pytest.raises(portal.PortalInputError, match="ใหญ่เกิน"):
        portal.check_uploads([portal.Upload(name="a.pdf", data=b"%PDF-" + b"0" * portal.MAX_ATTACHMENT_BYTES)])


@pytest.mark.parametrize("name", ["html named .pdf", "program named .pdf", "corrupt docx", "zip bomb xlsx",
                                  "zip with thousands of members", "empty"])
def test_national_reader_refuses_hostile_files(name):
    from prongsai.apps.national import validate

    filename, data = hostile()[name]
    with pytest.raises(validate.FileRefused) as refused:
        validate.read_table(data, filename)
    assert re.search(r"[\u0e00-\u0e7f]", str(refused.value))
