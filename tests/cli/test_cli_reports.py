"""`prongsai report` through the command line: from a score JSON, a parse JSON and a document; errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prongsai.cli import app
from prongsai.core.documents.write.pdf import soffice_path

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_002 = next((FIXTURES / "seeds").glob("002_*.txt"))  # FY2566 results of a อบต., every indicator stated
INDICATORS = "93.55,87.72,91.01,87.93,89.52,90.55,88.68,88.58,72.89,65.56"
AGENCY = "องค์การบริหารส่วนตำบลบ้านตัวอย่าง"


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def score_json(tmp_path) -> Path:
    result = run("score", "--fy", "2567", "--indicators", INDICATORS, "--json")
    assert result.exit_code == 0, result.output
    path = tmp_path / "score.json"
    path.write_text(result.output, encoding="utf-8")
    return path


def parsed(path: Path) -> dict:
    result = run("parse", path, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_report_from_a_score_json(score_json, tmp_path):
    out = tmp_path / "measures.docx"
    result = run(
        "report", score_json, "--kind", "measures", "--out", out, "--agency-name", AGENCY,
        "--district", "เมืองตัวอย่าง", "--province", "ตัวอย่าง", "--unit", "สำนักปลัด", "--unit", "กองคลัง",
        "--signer", "นายสมชาย ใจดี", "--date", "2567-10-15", "--digits", "arabic",
    )
    assert result.exit_code == 0, result.output
    assert "เขียนมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน แล้ว" in result.output
    assert "81.45" in result.output and "ข้อควรตรวจสอบก่อนเสนอผู้บริหาร" in result.output
    data = parsed(out)
    assert data["agency"] == {"name": AGENCY, "district": "เมืองตัวอย่าง", "province": "ตัวอย่าง"}
    assert (data["fiscal_year"], data["document_year"]) == (2567, 2568)
    assert data["overall"] == {"score": 81.45, "level": "ไม่ผ่าน"}
    assert data["indicators"] == {str(i + 1): float(v) for i, v in enumerate(INDICATORS.split(","))}
    check = run("check", out)
    assert check.exit_code == 0, check.output
    assert "ไม่พบปัญหา" in check.output
    from prongsai.core.documents.read import read_document

    text = read_document(out).text.replace("\u00a0", " ")
    assert "15 ตุลาคม 2567" in text and "นายสมชาย ใจดี" in text and "กองคลัง" in text


def test_report_from_a_parse_json_keeps_the_agency(tmp_path):
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(parsed(SEED_002), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "analysis.docx"
    result = run("report", source, "--kind", "analysis", "--out", out, "--date", "2023-10-20")
    assert result.exit_code == 0, result.output
    before, after = parsed(SEED_002), parsed(out)
    assert after["agency"]["name"] == before["agency"]["name"]
    assert after["fiscal_year"] == before["fiscal_year"] == 2566
    assert after["document_year"] == 2567
    assert after["overall"] == before["overall"]
    assert after["indicators"] == before["indicators"]
    assert run("check", out).exit_code == 0


def test_report_from_a_text_document_with_history(score_json, tmp_path):
    out = tmp_path / "news.docx"
    older = tmp_path / "older.json"
    result = run("score", "--fy", "2566", "--indicators", "90,85,88,85,86,87,85,85,70,60", "--json")
    older.write_text(result.output, encoding="utf-8")
    result = run(
        "report", SEED_002, "--kind", "news", "--out", out, "--plan-fy", "2567", "--history", older,
        "--website", "www.example.go.th", "--date", "2023-11-01",
    )
    assert result.exit_code == 2  # the history year is the analysed year with other scores
    assert "ปีงบประมาณ 2566" in result.output
    result = run("score", "--fy", "2565", "--indicators", "90,85,88,85,86,87,85,85,70,60", "--json")
    older.write_text(result.output, encoding="utf-8")
    result = run(
        "report", SEED_002, "--kind", "news", "--out", out, "--plan-fy", "2567", "--history", older,
        "--website", "www.example.go.th", "--date", "2023-11-01",
    )
    assert result.exit_code == 0, result.output
    data = parsed(out)
    assert (data["fiscal_year"], data["document_year"], data["overall"]["score"]) == (2566, 2567, 99.5)
    from prongsai.core.documents.read import read_document

    text = read_document(out).text.replace("\u00a0", " ")
    assert "www.example.go.th" in text and "๑ พฤศจิกายน ๒๕๖๖" in text
    assert "เมื่อเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๕" in text


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_report_as_pdf(score_json, tmp_path):
    out = tmp_path / "memo.pdf"
    result = run("report", score_json, "--kind", "memo", "--out", out, "--agency-name", AGENCY, "--date", "2024-10-15")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    data = parsed(out)
    assert (data["agency"]["name"], data["overall"]["score"], data["document_year"]) == (AGENCY, 81.45, 2568)
    assert run("check", out).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "measures"], "ไม่มีชื่อหน่วยงาน ให้ระบุด้วย --agency-name"),
        (["--kind", "letter", "--agency-name", AGENCY], "--kind ต้องเป็น analysis หรือ measures หรือ news หรือ memo"),
        (["--kind", "memo", "--agency-name", AGENCY, "--format", "odt"], "--format ต้องเป็น docx หรือ pdf"),
        (["--kind", "memo", "--agency-name", AGENCY, "--digits", "roman"], "--digits ต้องเป็น thai หรือ arabic"),
        (["--kind", "memo", "--agency-name", AGENCY, "--date", "15/10/2567"], "วันที่ '15/10/2567' ไม่ถูกต้อง"),
        (["--kind", "memo", "--agency-name", AGENCY, "--plan-fy", "2560"], "ต้องไม่ก่อนปีของผลการประเมิน"),
        (["--kind", "memo", "--agency-name", AGENCY, "--history", "/nonexistent.json"], "ไม่พบไฟล์"),
    ],
)
def test_errors_are_thai_and_exit_2(args, message, score_json, tmp_path):
    out = tmp_path / "x.docx"
    result = run("report", score_json, "--out", out, *args)
    assert result.exit_code == 2, result.output
    assert "ข้อผิดพลาด:" in result.output and message in result.output
    assert not out.exists()


def test_input_errors(tmp_path):
    out = tmp_path / "x.docx"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("report", bad, "--kind", "memo", "--out", out)
    assert result.exit_code == 2 and "อ่าน JSON ไม่ได้" in result.output
    partial = tmp_path / "partial.json"
    result = run("score", "--fy", "2567", "--instruments", "90,90,90", "--json")
    partial.write_text(result.output, encoding="utf-8")
    result = run("report", partial, "--kind", "memo", "--out", out, "--agency-name", AGENCY)
    assert result.exit_code == 2 and "ต้องมีคะแนนครบทุกตัวชี้วัด" in result.output
    result = run("report", tmp_path / "missing.txt", "--kind", "memo", "--out", out)
    assert result.exit_code == 2 and "ไม่พบไฟล์" in result.output


def test_english_messages(score_json, tmp_path):
    result = run("report", score_json, "--kind", "memo", "--out", tmp_path / "x.docx", "--lang", "en")
    assert result.exit_code == 2
    assert "error:" in result.output and "give --agency-name" in result.output
    result = run(
        "--lang", "en", "report", score_json, "--kind", "news", "--out", tmp_path / "n.docx", "--agency-name", AGENCY
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote the news document:")
