"""Downloads of uploaded files carry the extension of the type sniffed from the bytes, never the uploader's: a PDF
polyglot uploaded as ``สำเนาบัตร.hta`` is saved as ``สำเนาบัตร.pdf`` (an officer who double-clicks it opens a PDF,
not a script). The name as uploaded stays text on the page. Every entry point that keeps a citizen's or an
officer's file: e-service attachments, task evidence, OIT evidence."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.base import files
from prongsai.apps.base.downloads import download_name, mark_attachment

# Starts as a PDF (so it is one, by its bytes), carries HTML/HTA script after the header.
POLYGLOT_PDF = (b"%PDF-1.4\n<html><head><hta:application/><script>new ActiveXObject('WScript.Shell')"
                b".Run('calc')</script></head></html>\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
POLYGLOT_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<script>alert(1)</script>" + b"\x00" * 64

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "สำเนาบัตร\u202efdp.hta" shows as "สำเนาบัตรath.pdf"
NAMES = [
    "สำเนาบัตร.hta",
    "คำร้อง.html",
    "setup.exe",
    "รูป.svg",
    "ไม่มีนามสกุล",
    f"สำเนาบัตร{RLO}fdp.hta",
    f"คำร้อง{RLO}gpj.exe",
    "สำเนา.pdf.hta",
    "สำเนา.hta.pdf",
    ".hta",
    "a\u200b.h\u200bta",  # zero-width spaces
]


def _served_names(response) -> tuple[str, str]:
    """(the ASCII ``filename=``, the UTF-8 ``filename*=``) of a download."""
    disposition = response["Content-Disposition"]
    ascii_name = re.search(r'filename="([^"]*)"', disposition).group(1)
    utf8_name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
    return ascii_name, utf8_name


def _assert_named_as(response, extension: str, content_type: str) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    ascii_name, utf8_name = _served_names(response)
    for name in (ascii_name, utf8_name):
        assert name.endswith(f".{extension}"), name
        assert name.count(".") == 1 or not re.search(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*\.", name), name
        assert not any(c in name for c in (RLO, "\u200b", "/", "\\", "\x00"))
    return utf8_name


# --- the rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("สำเนาบัตร.hta", "application/pdf", "สำเนาบัตร.pdf"),
        ("คำร้อง.html", "application/pdf", "คำร้อง.pdf"),
        ("setup.exe", "image/png", "setup.png"),
        ("ไม่มีนามสกุล", "application/pdf", "ไม่มีนามสกุล.pdf"),
        (f"สำเนาบัตร{RLO}fdp.hta", "application/pdf", "สำเนาบัตรfdp.pdf"),
        ("photo.JPEG", "image/jpeg", "photo.jpeg"),  # another spelling of the same type is kept
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("a.hta.exe", "application/pdf", "a_hta.pdf"),  # no second extension for Windows to hide
        ("ฉบับที่ 1.5", "application/pdf", "ฉบับที่ 1.5.pdf"),  # "5" is no extension
        ("รายงาน ก.ค.", "application/pdf", "รายงาน ก.ค.pdf"),
        ("report.PDF", "application/pdf; charset=binary", "report.pdf"),
        ("report.docx", "application/octet-stream", "report.bin"),  # an unknown type opens nothing by itself
        ("", "application/pdf", "file.pdf"),
        ("../../etc/passwd", "text/plain; charset=utf-8", "passwd.txt"),
    ],
)
def test_the_served_extension_is_the_content_types(name, content_type, expected):
    assert download_name(name, content_type) == expected


def test_mark_attachment_names_by_the_response_type():
    from django.http import HttpResponse

    response = mark_attachment(HttpResponse(POLYGLOT_PDF, content_type="application/pdf"), "สำเนาบัตร.hta")
    assert _assert_named_as(response, "pdf", "application/pdf") == "สำเนาบัตร.pdf"
    assert _served_names(response)[0] == "_________.pdf"


def test_display_names_drop_bidi_and_zero_width_characters():
    assert files.display_filename(f"สำเนาบัตร{RLO}fdp.hta") == "สำเนาบัตรfdp.hta"
    assert files.display_filename("a\u200b\u2066b\u2069.pdf") == "ab.pdf"
    assert files.display_filename("x\ud800.pdf") == "x.pdf"  # a lone surrogate would break the header


# --- e-service attachments (citizens) ------------------------------------------------------------------------


def _file_request(client, world, uploads: list[tuple[str, bytes]]):
    from prongsai.apps.portal import services as portal

    service_type = portal.service_type_save(
        agency=world.own, actor=world.user("coordinator"), item=None,
        data={"name": "ขอรับเบี้ยยังชีพ", "steps": "ยื่นคำขอ", "duration_days": 15, "is_active": True},
    )
    url = reverse("portal:eservice_type", kwargs={"slug": world.own.slug, "pk": service_type.pk})
    page = client.get(url).content.decode()
    token = re.search(r'name="ft" value="([^"]*)"', page).group(1)
    data = {"ft": token, "website": "", "name": "ผู้ขอ", "contact": "0812223333", "details": ""}
    for i, (name, content) in enumerate(uploads, start=1):
        data[f"attachment_{i}"] = SimpleUploadedFile(name, content, content_type="text/html")
    response = client.post(url, data)
    assert response.status_code == 201, response.content.decode()[-1500:]


@pytest.mark.parametrize("name", NAMES)
def test_eservice_attachments_download_with_the_sniffed_extension(client, world, settings, name):
    from prongsai.apps.portal.models import ServiceAttachment

    settings.PRONGSAI_FORM_MIN_SECONDS = 0
    _file_request(client, world, [(name, POLYGLOT_PDF), (name, POLYGLOT_JPEG)])
    pdf, jpeg = ServiceAttachment.objects.order_by("pk")
    assert (pdf.content_type, jpeg.content_type) == ("application/pdf", "image/jpeg")
    client.force_login(world.user("coordinator"))
    page = client.get(reverse("portal:staff_service_request", args=[world.own.slug, pdf.request_id])).content.decode()
    _assert_named_as(client.get(reverse("portal:staff_attachment", args=[world.own.slug, pdf.pk])),
                     "pdf", "application/pdf")
    _assert_named_as(client.get(reverse("portal:staff_attachment", args=[world.own.slug, jpeg.pk])),
                     "jpg", "image/jpeg")
    assert pdf.filename in html.unescape(page)  # the name as uploaded (cleaned) is text on the page


# --- task evidence (officers) ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_task_evidence_downloads_with_the_sniffed_extension(client, world, settings, tmp_path, name):
    from tests.web.security.test_uploads import _task

    from prongsai.apps.plans.models import Evidence

    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    task = _task(world)
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("plans:evidence_add", args=[world.own.slug, task.pk]),
                           {"file": SimpleUploadedFile(name, POLYGLOT_PDF, content_type="application/hta")})
    assert response.status_code == 302, response.content.decode()[-1500:]
    evidence = Evidence.objects.get(task=task)
    assert evidence.kind == "pdf" and evidence.stored_name.endswith(".pdf")
    assert RLO not in evidence.original_name and "\u200b" not in evidence.original_name
    download = client.get(reverse("plans:evidence_download", args=[world.own.slug, evidence.pk]))
    _assert_named_as(download, "pdf", "application/pdf")
    page = client.get(reverse("plans:task_detail", args=[world.own.slug, task.pk])).content.decode()
    assert evidence.original_name in html.unescape(page)  # the name as uploaded is text on the page


def test_oit_evidence_downloads_with_the_sniffed_extension(client, world, settings, tmp_path):
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.oit import services as oit

    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    user = world.user("coordinator")
    access = agency_access(user=user, agency=world.own)
    item = oit.checklist_create(agency=world.own, access=access, actor=user, fiscal_year=2568).items.first()
    client.force_login(user)
    for name in NAMES:
        found = oit.file_add(item=item, access=access, actor=user, data=POLYGLOT_PDF, filename=name)
        _assert_named_as(client.get(reverse("oit:file_download", args=[world.own.slug, found.pk])),
                         "pdf", "application/pdf")
