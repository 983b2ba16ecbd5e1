"""`prongsai report --kind development|minutes --meeting FILE`: the working group's meeting documents from the
command line, read back by `prongsai parse` and `prongsai check`; seed 000's facts (FY2568, 87.85)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prongsai.cli import app
from prongsai.core.documents.write.pdf import soffice_path
from prongsai.core.frameworks import default_registry
from prongsai.core.scoring import level_for

runner = CliRunner()
AGENCY = "องค์การบริหารส่วนตำบลพยุหะบุรี"
SEED_000 = "87.85," * 9 + "87.85"  # seed 000: FY2568 overall 87.85 (the indicator scores re-entered as data)
MEETING = """\
date: 2 เมษายน 2569
place: ห้องประชุมองค์การบริหารส่วนตำบลพยุหะบุรี
chair: {name: นายณัฐพล ศรีจันทร์, position: นายกองค์การบริหารส่วนตำบลพยุหะบุรี}
attendees:
  - {name: นางสาวสมศรี ใจดี, position: ปลัดองค์การบริหารส่วนตำบล, present: true}
  - {name: นายสมชาย มั่นคง, position: ผู้อำนวยการกองคลัง, present: false}
decisions:
  - {text: "กำชับให้เจ้าหน้าที่ถือปฏิบัติตามคู่มือการปฏิบัติงานโดยเคร่งครัด", indicator: 1}
  - {text: "จัดทำแนวทางการยืมทรัพย์สินของราชการ", indicator: 4}
  - text: "ตรวจสอบความครบถ้วนของข้อมูล OIT ก่อนนำเข้าสู่ระบบ ITAS"
"""


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def score_json(tmp_path) -> Path:
    result = run("score", "--fy", "2568", "--indicators", SEED_000, "--json")
    assert result.exit_code == 0, result.output
    path = tmp_path / "score.json"
    path.write_text(result.output, encoding="utf-8")
    return path


@pytest.fixture
def meeting_yaml(tmp_path) -> Path:
    path = tmp_path / "meeting.yaml"
    path.write_text(MEETING, encoding="utf-8")
    return path


def write(score_json, meeting, out, kind, *more):
    return run(
        "report", score_json, "--kind", kind, "--meeting", meeting, "--out", out, "--agency-name", AGENCY,
        "--district", "แก่งกระจาน", "--province", "เพชรบุรี", *more,
    )


def the_level() -> str:
    framework = default_registry().get(2568)
    return level_for(framework, 87.85, {"IIT": 87.85, "EIT": 87.85, "OIT": 87.85}).label


def read_back(out: Path) -> dict:
    result = run("parse", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["agency"] == {"name": AGENCY, "district": "แก่งกระจาน", "province": "เพชรบุรี"}
    assert data["fiscal_year"] == 2568
    assert data["overall"] == {"score": 87.85, "level": the_level()}
    check = run("check", out)
    assert check.exit_code == 0, check.output
    return data


@pytest.mark.parametrize("digits", ["thai", "arabic"])
@pytest.mark.parametrize("kind", ["development", "minutes"])
def test_meeting_documents_round_trip_docx(kind, digits, score_json, meeting_yaml, tmp_path):
    out = tmp_path / f"{kind}.docx"
    result = write(score_json, meeting_yaml, out, kind, "--digits", digits)
    assert result.exit_code == 0, result.output
    read_back(out)


@pytest.mark.parametrize("kind", ["development", "minutes"])
def test_meeting_documents_round_trip_pdf(kind, score_json, meeting_yaml, tmp_path):
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / f"{kind}.pdf"
    result = write(score_json, meeting_yaml, out, kind, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    read_back(out)


def test_seed_000_development_report_has_the_frameworks_level(score_json, meeting_yaml, tmp_path):
    out = tmp_path / "development.docx"
    result = write(score_json, meeting_yaml, out, "development", "--digits", "arabic")
    assert result.exit_code == 0, result.output
    from prongsai.core.documents.read import read_document

    text = read_document(out).text.replace("\u00a0", " ")
    assert "นายณัฐพล ศรีจันทร์ นายกองค์การบริหารส่วนตำบลพยุหะบุรี เป็นประธาน" in text
    assert "2 เมษายน 2569" in text
    assert f"87.85 คะแนน อยู่ในระดับ {the_level()}" in text
    # the seed printed ผ่านดีเยี่ยม; the FY2568 framework gives another level for 87.85
    assert the_level() != "ผ่านดีเยี่ยม" and "ผ่านดีเยี่ยม" not in text
    assert "(ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่)" in text and "(ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ)" in text
    assert "พยุหสวรรค์" not in text


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        ("date: [unclosed\n", "อ่านไฟล์ YAML ไม่ได้"),
        ("- a list\n", "ไฟล์การประชุมต้องเป็นรายการ"),
        ("place: x\nchair: {name: ก}\n", "ไม่มีวันที่ประชุม"),
        ("date: 31 ก.พ. 2569\nchair: {name: ก}\n", "date:"),
        ("date: 2 เมษายน 2569\n", "chair ต้องมี name"),
        ("date: 2 เมษายน 2569\nchair: {name: ก}\nfiscal_year: 2570\n", "ไม่อยู่ในปีงบประมาณ 2570"),
        ("date: 2 เมษายน 2569\nchair: {name: ก}\ndecisions: [{text: x, indicator: 42}]\n", "ไม่มีตัวชี้วัดที่ 42"),
        ("date: 2 เมษายน 2569\nchair: {name: ก}\nattendees: [{name: ข, present: maybe}]\n", "present ต้องเป็น"),
        ("date: 2 เมษายน 2569\nchair: {name: ก}\nsecret: 1\n", "ไม่รู้จักหัวข้อ secret"),
    ],
)
def test_a_bad_meeting_file_is_a_thai_error(meeting, message, score_json, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(meeting, encoding="utf-8")
    out = tmp_path / "out.docx"
    result = write(score_json, path, out, "minutes")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_the_meeting_file_is_required(score_json, tmp_path):
    out = tmp_path / "out.docx"
    result = run("report", score_json, "--kind", "development", "--out", out, "--agency-name", AGENCY)
    assert result.exit_code == 2 and "--meeting" in result.output
