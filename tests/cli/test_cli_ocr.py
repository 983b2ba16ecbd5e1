"""`prongsai parse` and `check` on scans: OCR with progress on stderr (stdout stays JSON), a page limit, Thai errors.

The scan is made here from the two-page PDF fixture (tests/fixtures/documents/scans.py: 150 dpi grey, speckle,
±1°), so no LibreOffice is needed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prongsai.cli import app
from prongsai.core.documents.read import ocr as ocr_reader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
runner = CliRunner()

pytestmark = pytest.mark.skipif(
    not ocr_reader.ocr_available(), reason="Tesseract with the Thai model is not installed; `make debian-deps`"
)


def _scans():
    spec = importlib.util.spec_from_file_location("ocr_scans", FIXTURES / "scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    scans = _scans()
    path = tmp_path_factory.mktemp("scan") / "ผลITA-สแกน.pdf"
    path.write_bytes(scans.image_pdf(scans.scan_pages((FIXTURES / "ita_2567.pdf").read_bytes())))
    return path


@pytest.mark.slow
def test_parse_a_scan_shows_progress_on_stderr_and_json_on_stdout(scan):
    result = runner.invoke(app, ["parse", str(scan), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ocr"] is True and "overall.score" in data["ocr_fields"]
    assert data["agency"]["name"] == "องค์การบริหารส่วนตำบลทดสอบ"
    assert (data["fiscal_year"], data["overall"]["score"]) == (2567, 91.88)
    assert "หน้า 1/2" in result.stderr and "หน้า 2/2" in result.stderr


@pytest.mark.slow
def test_check_a_scan_says_it_was_read_by_ocr(scan):
    result = runner.invoke(app, ["check", str(scan)])
    assert result.exit_code in (0, 1), result.output
    assert "อ่านจากภาพสแกนด้วย OCR" in result.stdout
    assert "[misspelling]" not in result.stdout


def test_a_scan_over_the_page_limit_is_refused_in_thai(scan):
    result = runner.invoke(app, ["parse", str(scan), "--max-pages", "1"])
    assert result.exit_code == 2
    assert "เกินกำหนด 1 หน้า" in result.stderr and "Traceback" not in result.output
    english = runner.invoke(app, ["--lang", "en", "check", str(scan), "--max-pages", "1"])
    assert english.exit_code == 2 and "over the limit of 1" in english.stderr


def test_an_image_that_is_not_an_image_exits_2(tmp_path):
    bad = tmp_path / "สแกน.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    result = runner.invoke(app, ["parse", str(bad)])
    assert result.exit_code == 2
    assert "เสียหาย" in result.stderr and "Traceback" not in result.output
