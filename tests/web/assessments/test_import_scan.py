"""Importing a scan: OCR runs as a background job (the immediate backend here), the review page shows its progress
until it is read, then the review with the OCR note; bad scans are Thai errors, and the uploaded file is not kept."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prongsai.apps.assessments.models import AssessmentResult, PendingImport
from prongsai.core.documents.read import ocr as ocr_reader

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
needs_tesseract = pytest.mark.skipif(
    not ocr_reader.ocr_available(), reason="Tesseract with the Thai model is not installed; `make debian-deps`"
)


def _scans():
    spec = importlib.util.spec_from_file_location("ocr_scans", FIXTURES / "scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    """The two-page PDF fixture, scanned (150 dpi grey, speckle, ±1°), as an image-only PDF."""
    scans = _scans()
    return scans.image_pdf(scans.scan_pages((FIXTURES / "ita_2567.pdf").read_bytes()))


@pytest.fixture
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def _upload(client, world, data: bytes, name: str):
    url = reverse("assessments:import_upload", kwargs={"agency_slug": world.own.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _stored(files_dir: Path) -> list[Path]:
    return [p for p in files_dir.rglob("*") if p.is_file()] if files_dir.exists() else []


@needs_tesseract
@pytest.mark.slow
def test_a_scan_is_read_in_the_background_and_then_reviewed(
    coordinator, world, files_dir, scan_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _upload(coordinator, world, scan_pdf, "ผลITA-สแกน.pdf")
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert (pending.status, pending.pages_total, pending.kind) == ("queued", 2, "pdf")
    assert len(_stored(files_dir)) == 1  # kept only until the job has read it

    # Before the job runs: the review URL shows the reading page, whose status block polls itself.
    page = coordinator.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert "รอคิวอ่าน" in html and 'hx-trigger="every 2s"' in html and 'name="token"' not in html
    block = coordinator.get(response["Location"], headers={"HX-Request": "true"})
    assert "<html" not in block.content.decode() and "HX-Refresh" not in block

    for callback in queued:  # the job (immediate backend): OCR, two pages
        callback()
    pending.refresh_from_db()
    assert pending.status == "ready", pending.error
    assert (pending.pages_done, pending.pages_total) == (2, 2) and pending.read_at is not None
    assert _stored(files_dir) == [] and pending.stored_name == ""
    doc = pending.documents[0]
    assert doc["ocr"] is True and "overall.score" in doc["ocr_fields"]
    assert (doc["fiscal_year"], doc["overall"]["score"]) == (2567, 91.88)

    block = coordinator.get(response["Location"], headers={"HX-Request": "true"})
    assert block["HX-Refresh"] == "true"  # read: the whole page loads, now the review
    review = coordinator.get(response["Location"]).content.decode()
    assert "อ่านจากภาพสแกนด้วย OCR" in review and 'name="token"' in review and "91.88" in review


def test_the_reading_page_shows_the_pages_read(coordinator, world):
    pending = PendingImport.objects.create(
        agency=world.own, source_name="สแกน.pdf", kind="pdf", size=10, sha256="0" * 64, documents=[], digest="",
        status="running", pages_done=3, pages_total=10,
    )
    url = reverse("assessments:import_review", kwargs={"agency_slug": world.own.slug, "pending_id": pending.pk})
    html = coordinator.get(url).content.decode()
    assert "อ่านแล้ว 3 จาก 10 หน้า" in html and '<progress max="10" value="3">' in html
    confirm = reverse("assessments:import_confirm", kwargs={"agency_slug": world.own.slug, "pending_id": pending.pk})
    before = AssessmentResult.objects.count()
    refused = coordinator.post(confirm, {"token": "x", "sets": ["0"]})  # nothing to confirm yet: the page again
    assert "อ่านแล้ว 3 จาก 10 หน้า" in refused.content.decode()
    assert AssessmentResult.objects.count() == before
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def _photo_jpeg() -> bytes:
    image = Image.radial_gradient("L").resize((900, 700)).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, "JPEG")
    return buf.getvalue()


@needs_tesseract
def test_a_photo_fails_in_the_job_with_a_thai_reason(coordinator, world, files_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(coordinator, world, _photo_jpeg(), "ภาพกิจกรรม.jpg")
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert pending.status == "failed" and "ไม่พบข้อความในภาพ" in pending.error
    assert _stored(files_dir) == []
    html = coordinator.get(response["Location"]).content.decode()
    assert "อ่านไฟล์ไม่สำเร็จ" in html and "ไม่พบข้อความในภาพ" in html and "นำเข้าไฟล์อีกครั้ง" in html


def _blank_scan_pdf(pages: int) -> bytes:
    images = [Image.new("L", (200, 280), 255) for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=72.0)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"\xff\xd8\xff\xe0" + bytes(300), "สแกน.jpg", "ไฟล์ภาพ (JPEG) เสียหาย"),
        (_blank_scan_pdf(60), "สแกน.pdf", "เกินกำหนด 50 หน้า"),
    ],
)
def test_what_shows_at_once_is_refused_beside_the_file_field(coordinator, world, files_dir, data, name, words):
    response = _upload(coordinator, world, data, name)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not PendingImport.objects.exists() and _stored(files_dir) == []
