"""Downloads: the four plan documents and the progress reports, as DOCX (and PDF when LibreOffice is there),
made by the background job (the immediate backend in tests); the status page polls until ready."""

from __future__ import annotations

import re
import shutil

import pytest
from django.urls import reverse

from prongsai.apps.plans import documents, services
from prongsai.apps.plans.models import DocumentStatus, GeneratedDocument
from prongsai.core.documents.read import read_bytes


def _request(plan, access, kind, fmt="docx", digits="arabic", capture=None):
    with capture(execute=True):
        doc = documents.document_request(plan=plan, access=access, actor=None, kind=kind, fmt=fmt, digits=digits)
    doc.refresh_from_db()
    return doc


def _docx_text(doc, files_dir) -> str:
    data = (files_dir / doc.stored_name).read_bytes()
    assert data[:2] == b"PK"
    return read_bytes(data, filename="x.docx").text


@pytest.mark.parametrize("kind", ["analysis", "measures", "news", "memo"])
def test_plan_documents_hold_the_agency_and_its_numbers(world, access, plan, files_dir, kind,
                                                        django_capture_on_commit_callbacks):
    doc = _request(plan, access("auditor"), kind, capture=django_capture_on_commit_callbacks)
    assert doc.status == DocumentStatus.READY, doc.error
    assert doc.filename == f"{world.own.slug}-2569-{kind}.docx" and doc.task_id
    text = _docx_text(doc, files_dir)
    assert world.own.name_th in text
    assert "2569" in text
    overall = f"{plan.analysis['overall']:.2f}"
    if kind in ("analysis", "news", "memo"):
        assert overall in text  # the FY2568 overall score, from the same analysis
    if kind == "measures":
        first = plan.measures.order_by("number").first()
        assert first.title_th in text and first.data["responsible_unit"] in text


def test_progress_reports_count_the_tasks(world, access, approved, files_dir, django_capture_on_commit_callbacks):
    tasks = list(approved.measures.order_by("number").first().tasks.order_by("position"))
    coord = access("coordinator")
    services.task_update(task=tasks[0], access=coord, actor=None, status="done", progress=100)
    services.evidence_add(task=tasks[0], access=coord, actor=None, title="ภาพถ่ายกิจกรรม",
                          url="https://own.example/ita/1")
    for kind, label in (("progress6", "รอบ 6 เดือน"), ("progress12", "รอบ 12 เดือน")):
        doc = _request(approved, coord, kind, capture=django_capture_on_commit_callbacks)
        assert doc.status == DocumentStatus.READY, doc.error
        text = _docx_text(doc, files_dir)
        total = sum(m.tasks.count() for m in approved.measures.all())
        assert world.own.name_th in text and label in text
        assert f"แบ่งเป็นงานย่อย {total} งาน ดำเนินการแล้วเสร็จ 1 งาน" in text
        assert "https://own.example/ita/1" in text and tasks[0].title_th in text


def test_progress_report_needs_tasks(world, access, plan, django_capture_on_commit_callbacks):
    with pytest.raises(services.PlanRefused, match="ยังไม่มีงานที่ติดตาม"):
        _request(plan, access("coordinator"), "progress6", capture=django_capture_on_commit_callbacks)


def test_thai_digits(world, access, plan, files_dir, django_capture_on_commit_callbacks):
    doc = _request(plan, access("coordinator"), "news", digits="thai", capture=django_capture_on_commit_callbacks)
    text = _docx_text(doc, files_dir)
    assert "๒๕๖๙" in text and "2569" not in text


def test_the_same_document_is_reused_the_same_day(world, access, plan, django_capture_on_commit_callbacks):
    a = _request(plan, access("coordinator"), "memo", capture=django_capture_on_commit_callbacks)
    b = _request(plan, access("executive"), "memo", capture=django_capture_on_commit_callbacks)
    assert a.pk == b.pk
    services.measure_update(plan=plan, measure=plan.measures.first(), access=access("coordinator"), actor=None,
                            version=plan.version, fields={"title_th": "เปลี่ยนชื่อ"})
    plan.refresh_from_db()
    c = _request(plan, access("coordinator"), "memo", capture=django_capture_on_commit_callbacks)
    assert c.pk != a.pk and c.plan_version == plan.version


def test_a_failure_is_kept_and_shown(client, world, access, plan, monkeypatch, django_capture_on_commit_callbacks):
    def boom(doc):
        raise RuntimeError("no")

    monkeypatch.setattr(documents, "build_docx", boom)
    doc = _request(plan, access("coordinator"), "analysis", capture=django_capture_on_commit_callbacks)
    assert doc.status == DocumentStatus.FAILED and "ไม่สำเร็จ" in doc.error
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("plans:document_status", kwargs={"agency_slug": world.own.slug,
                                                              "document_id": doc.pk})).content.decode()
    assert "จัดทำไม่สำเร็จ" in html and "hx-trigger" not in html
    url = reverse("plans:document_download", kwargs={"agency_slug": world.own.slug, "document_id": doc.pk})
    assert client.get(url).status_code == 404


def test_the_status_page_polls_until_ready(client, world, plan):
    doc = GeneratedDocument.objects.create(agency=world.own, plan=plan, plan_version=1, kind="analysis", fmt="pdf",
                                           filename="x.pdf")
    client.force_login(world.user("unit_staff"))
    url = reverse("plans:document_status", kwargs={"agency_slug": world.own.slug, "document_id": doc.pk})
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and "<html" in html
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and 'hx-trigger="every 2s"' in partial.content.decode()
    assert partial["Cache-Control"] == "no-store"
    download = reverse("plans:document_download", kwargs={"agency_slug": world.own.slug, "document_id": doc.pk})
    assert client.get(download).status_code == 404  # not ready yet


def test_request_through_the_pages_and_download(client, world, plan, django_capture_on_commit_callbacks):
    client.force_login(world.user("executive"))
    page = reverse("plans:plan_documents", kwargs={"agency_slug": world.own.slug, "fiscal_year": 2569})
    assert "จัดทำเอกสาร" in client.get(page).content.decode()
    url = reverse("plans:document_request", kwargs={"agency_slug": world.own.slug, "fiscal_year": 2569})
    response = client.post(url, {"kind": "", "fmt": "docx", "digits": "thai"})
    assert response.status_code == 400 and "กรุณาเลือกเอกสาร" in response.content.decode()
    assert re.search(r'value="thai"[^>]*checked', response.content.decode())  # the choices made are kept
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "measures", "fmt": "docx", "digits": "thai"})
    assert response.status_code == 302
    status = client.get(response["Location"]).content.decode()
    assert "พร้อมดาวน์โหลด" in status and "hx-trigger" not in status
    doc = GeneratedDocument.objects.get()
    download = client.get(reverse("plans:document_download", kwargs={"agency_slug": world.own.slug,
                                                                    "document_id": doc.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="own-tambon-2569-measures.docx"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # another agency's document id: 404
    client.force_login(world.user("foreign"))
    url = reverse("plans:document_download", kwargs={"agency_slug": world.foreign.slug, "document_id": doc.pk})
    assert client.get(url).status_code == 404


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_through_the_job(world, access, plan, files_dir, django_capture_on_commit_callbacks):
    from prongsai.core.documents.write.pdf import pdf_text

    doc = _request(plan, access("coordinator"), "news", fmt="pdf", capture=django_capture_on_commit_callbacks)
    assert doc.status == DocumentStatus.READY, doc.error
    data = (files_dir / doc.stored_name).read_bytes()
    assert data.startswith(b"%PDF")
    assert world.own.name_th in pdf_text(data)

