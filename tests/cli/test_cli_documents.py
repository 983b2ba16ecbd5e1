"""`prongsai parse`, `check`, `import` and `template` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prongsai.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
CLEAN = sorted((FIXTURES / "documents" / "clean").glob("*.txt"))


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


# --- parse ----------------------------------------------------------------------------------------------


def test_parse_json_is_the_parsed_document_shape():
    result = run("parse", seed("002"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == [
        "source",
        "agency",
        "fiscal_year",
        "document_year",
        "overall",
        "instruments",
        "indicators",
        "questions",
        "other_years",
        "ocr",
        "ocr_fields",
    ]
    assert data["source"] == str(seed("002"))
    assert data["fiscal_year"] == 2566 and data["document_year"] == 2567
    assert data["overall"] == {"score": 99.5, "level": "ผ่านดีเยี่ยม"}
    assert data["indicators"]["6"] == 98.54
    assert set(data["questions"][0]) == {"code", "text", "indicator", "instrument", "score"}


def test_parse_several_files_gives_one_object_each():
    result = run("parse", seed("000"), seed("004"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["fiscal_year"] for d in data] == [2568, 2563]


def test_parse_a_text_listing_several_agencies_gives_one_object_each():
    path = FIXTURES / "real" / "19_independent_orgs_2568.txt"
    result = run("parse", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list) and len(data) == 5
    assert data[0]["agency"]["name"] == "สำนักงานการตรวจเงินแผ่นดิน"
    assert [d["overall"]["score"] for d in data] == [94.64, 93.47, 93.18, 90.51, 90.27]
    assert all(d["source"] == str(path) and d["fiscal_year"] == 2568 for d in data)
    text = run("parse", path)
    assert text.exit_code == 0 and text.output.count("สำนักงาน") >= 5


def test_parse_a_multi_year_table_lists_the_other_years():
    result = run("parse", FIXTURES / "real" / "01_ipst_2567_multiyear.txt", "--json")
    data = json.loads(result.output)
    assert data["fiscal_year"] == 2567 and data["overall"] == {"score": 91.15, "level": "ผ่าน"}
    assert data["other_years"][0] == {"fiscal_year": 2566, "overall": 86.78, "level": "ผ่าน"}
    text = run("--lang", "en", "parse", FIXTURES / "real" / "01_ipst_2567_multiyear.txt")
    assert "Other years: 2566 86.78 ผ่าน; 2565 90.22 A" in text.output


def test_parse_plain_text_in_thai_and_english():
    result = run("parse", seed("004"))
    assert result.exit_code == 0
    assert "คะแนนภาพรวม: 85.32" in result.output and "ระดับ: A" in result.output
    assert "การใช้อำนาจ" in result.output and "95.22" in result.output
    result = run("--lang", "en", "parse", seed("004"))
    assert "Overall: 85.32" in result.output and "Use of authority" in result.output


def test_parse_unreadable_input_exits_2(tmp_path):
    result = run("parse", tmp_path / "missing.txt", "--json")
    assert result.exit_code == 2
    assert "ไม่พบไฟล์" in result.output
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert run("parse", bad).exit_code == 2


def test_parse_reads_other_document_kinds(tmp_path):
    html = tmp_path / "page.html"
    html.write_text(
        "<html><body><p>องค์การบริหารส่วนตำบลทดสอบ</p><p>คะแนนภาพรวม 90.00 คะแนน</p></body></html>", encoding="utf-8"
    )
    result = run("parse", html, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["score"] == 90.0


# --- check ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "code"), [("000", 1), ("001", 1), ("002", 1), ("003", 1), ("004", 0)])
def test_check_exit_codes_on_the_seeds(prefix, code):
    assert run("check", seed(prefix)).exit_code == code


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_check_clean_documents_exit_0(path):
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "ไม่พบปัญหา" in result.output


def test_check_json_findings():
    result = run("check", seed("000"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"error": 3, "warning": 0, "info": 0}
    codes = {f["code"] for f in data["findings"]}
    assert codes == {"agency-name-mismatch", "level-mismatch", "misspelling"}
    for f in data["findings"]:
        assert set(f) == {"code", "severity", "message", "evidence", "expected"}
        assert f["severity"] in ("error", "warning", "info")
        assert all(set(e) == {"text", "start", "end"} for e in f["evidence"])


def test_check_several_files_json_is_a_list():
    data = json.loads(run("check", seed("003"), seed("004"), "--json").output)
    assert [len(d["findings"]) for d in data] == [1, 0]


def test_check_plain_text_says_where_what_and_what_it_should_be():
    out = run("check", seed("000")).output
    assert "บรรทัด 9" in out and "บรรทัด 21" in out  # where
    assert "๘๗.๘๕" in out  # the snippet
    assert "[level-mismatch]" in out and "เป็นไปไม่ได้" in out  # what is wrong
    assert "ควรเป็น: ผ่านดี" in out and "ควรเป็น: นายกองค์การบริหารส่วนตำบล" in out  # what it should be
    assert "สรุป: ข้อผิดพลาด 3" in out
    out = run("--lang", "en", "check", seed("000")).output
    assert "line 9" in out and "should be: ผ่านดี" in out and "impossible" in out


def test_check_unreadable_input_exits_2_even_with_errors_elsewhere(tmp_path):
    result = run("check", seed("000"), tmp_path / "missing.pdf")
    assert result.exit_code == 2


# --- import / template ----------------------------------------------------------------------------------


def test_template_then_import_round_trip(tmp_path):
    out = tmp_path / "results.csv"
    result = run("template", out, "--fy", "2568")
    assert result.exit_code == 0, result.output
    filled = tmp_path / "filled.csv"
    text = out.read_text(encoding="utf-8-sig")
    for key, value in (("agency_name", "องค์การบริหารส่วนตำบลทดสอบ"), ("overall_score", "87.85"), ("level", "ผ่านดีเยี่ยม")):
        text = text.replace(f"\n{key},,", f"\n{key},{value},")
    filled.write_text(text, encoding="utf-8")
    result = run("import", filled, "--json")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)
    assert doc["fiscal_year"] == 2568 and doc["overall"] == {"score": 87.85, "level": "ผ่านดีเยี่ยม"}
    result = run("import", filled)  # plain: the number checks run on imported results too
    assert result.exit_code == 0
    assert "[level-mismatch]" in result.output and "ผ่านดี" in result.output


def test_import_unreadable_file_exits_2(tmp_path):
    result = run("import", tmp_path / "missing.xlsx")
    assert result.exit_code == 2


def test_a_broken_framework_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("fiscal_year: [", encoding="utf-8")
    result = run("--framework", bad, "check", seed("004"))
    assert result.exit_code == 2
