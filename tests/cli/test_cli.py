"""The `prongsai` command line, through its stable interface."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from prongsai.cli import app

runner = CliRunner()
TRAT_2564 = "93.55,87.72,91.01,87.93,89.52,90.55,88.68,88.58,72.89,65.56"


def run(*args: str):
    return runner.invoke(app, list(args))


def test_frameworks_list_shows_every_year_2563_to_2570_with_its_status():
    result = run("frameworks", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["fiscal_year"] for row in rows] == list(range(2563, 2571))
    status = {row["fiscal_year"]: row["status"] for row in rows}
    assert {y for y, s in status.items() if s == "confirmed"} == {2563, 2564, 2565}
    assert status[2570] == "provisional"
    text = run("frameworks", "list").output
    assert "2566" in text and "ผ่านดีเยี่ยม" in text


def test_frameworks_show_in_thai_and_json():
    result = run("frameworks", "show", "2564")
    assert result.exit_code == 0
    assert "ITA = 0.30 × IIT + 0.30 × EIT + 0.40 × OIT" in result.output
    assert "1 ตุลาคม 2563 – 30 กันยายน 2564" in result.output
    assert "o43" in result.output and "ความเชื่อมั่น" in result.output
    data = json.loads(run("frameworks", "show", "2564", "--json").output)
    assert data["fiscal_year"] == 2564
    assert len(data["indicators"]["items"]) == 10


def test_score_json_shape_and_figures():
    result = run("score", "--fy", "2564", "--indicators", TRAT_2564, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["fiscal_year"] == 2564
    assert data["overall"] == 81.45
    assert data["level"] == "B"
    assert set(data["instruments"]) == {"IIT", "EIT", "OIT"}
    assert data["indicators"]["10"] == 65.56


def test_score_accepts_thai_digits_and_prints_thai():
    thai = TRAT_2564.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    result = run("score", "--fy", "2564", "--indicators", thai, "--thai-digits")
    assert result.exit_code == 0
    assert "คะแนนภาพรวม: ๘๑.๔๕ คะแนน" in result.output
    assert "ระดับ: B" in result.output


def test_score_with_gains_shows_points_and_the_path():
    data = json.loads(run("score", "--fy", "2564", "--indicators", TRAT_2564, "--gains", "--target", "90",
                          "--json").output)
    ranked = data["gains"]["indicators"]
    assert ranked[0]["indicator"] == 10
    assert ranked[0]["gains"]["90"] == pytest.approx(0.2 * (90 - 65.56), abs=0.01)
    assert data["gains"]["next_level"]["to_level"] == "A"
    text = run("score", "--fy", "2564", "--indicators", TRAT_2564, "--gains").output
    assert "ทางที่สั้นที่สุดจากระดับ B สู่ระดับ A" in text


def test_score_from_an_oit_checklist_alone_and_with_the_other_indicators(tmp_path):
    checklist = tmp_path / "oit.csv"
    rows = ["item,pass"] + [f"o{i},{'ไม่มี' if i == 3 else 'มี'}" for i in range(1, 44)]
    checklist.write_text("\n".join(rows), encoding="utf-8")
    alone = json.loads(run("score", "--fy", "2564", "--oit", str(checklist), "--json").output)
    assert alone["overall"] is None
    assert alone["indicators"] == {"9": 97.78, "10": 100.0}
    assert alone["instruments"] == {"OIT": 98.89}
    both = json.loads(run("score", "--fy", "2564", "--oit", str(checklist), "--indicators",
                          "90,90,90,90,90,90,90,90", "--json").output)
    assert both["overall"] == pytest.approx(0.6 * 90 + 0.4 * 98.89, abs=0.01)
    json_list = tmp_path / "oit.json"
    json_list.write_text(json.dumps({f"o{i}": i != 3 for i in range(1, 44)}), encoding="utf-8")
    from_json = json.loads(run("score", "--fy", "2564", "--oit", str(json_list), "--json").output)
    assert from_json["indicators"]["9"] == 97.78


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--fy", "2564", "--indicators", "90,90,90"], "ต้องระบุคะแนน 10 ตัวชี้วัด"),
        (["score", "--fy", "2564", "--indicators", "90,90,90,90,90,90,90,90,90,101"], "ระหว่าง 0 ถึง 100"),
        (["score", "--fy", "2564", "--indicators", "90,90,90,90,90,90,90,90,90,abc"], "ไม่ใช่ตัวเลข"),
        (["score", "--fy", "2599", "--indicators", TRAT_2564], "ไม่รู้จักกรอบการประเมินของปีงบประมาณ 2599"),
        (["score", "--fy", "2564"], "ต้องระบุ --indicators"),
        (["frameworks", "show", "2500"], "ไม่รู้จักกรอบการประเมิน"),
    ],
)
def test_errors_are_clear_and_non_zero(args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output


def test_errors_in_english_when_asked():
    result = run("--lang", "en", "score", "--fy", "2564", "--indicators", "90,90")
    assert result.exit_code == 2
    assert "expected 10 indicator scores" in result.output


def test_user_framework_file_through_the_cli(tmp_path):
    path = tmp_path / "2570.yaml"
    path.write_text("extends: 2569\nfiscal_year: 2570\ntitle_th: ทดลอง 2570\n", encoding="utf-8")
    assert run("--framework", str(path), "frameworks", "validate", str(path)).exit_code == 0
    data = json.loads(run("--framework", str(path), "score", "--fy", "2570", "--indicators", "96," * 9 + "96",
                          "--json").output)
    assert data["fiscal_year"] == 2570
    assert data["level"] == "ผ่านดีเยี่ยม"
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: 2569\nfiscal_year: 2571\nlevels: {rules: []}\n", encoding="utf-8")
    result = run("frameworks", "validate", str(bad))
    assert result.exit_code == 1
    assert "levels.rules" in result.output


def test_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "prongsai", "score", "--fy", "2563", "--indicators",
                          "93.76,88.66,95.22,88.93,95.18,86.60,76.62,78.27,79.85,87.50", "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["overall"] == 85.32


def test_score_from_survey_answers_alone_and_completed_with_other_indicators():
    from pathlib import Path

    answers = str(Path(__file__).resolve().parents[1] / "fixtures" / "survey" / "small.csv")
    alone = json.loads(run("score", "--fy", "2564", "--responses", answers, "--json").output)
    assert alone["overall"] is None
    assert set(alone["indicators"]) == {"1", "2", "5"}
    assert alone["survey"]["agencies"][0]["questions"][0]["code"] == "i1"
    # the seven indicators the answers do not cover, in order 3, 4, 6, 7, 8, 9, 10
    full = json.loads(run("score", "--fy", "2564", "--responses", answers, "--indicators",
                          "90,90,90,90,90,90,90", "--json").output)
    assert full["indicators"]["1"] == alone["indicators"]["1"]
    assert full["indicators"]["3"] == 90
    assert full["level"] in {"AA", "A", "B", "C", "D", "E", "F"}
    assert any("อนุมาน" in w["th"] for w in full["warnings"])  # the roll-up is inferred: say so


def test_score_many_agencies_answers_per_agency_and_refuses_mixing():
    from pathlib import Path

    answers = str(Path(__file__).resolve().parents[1] / "fixtures" / "survey" / "two_agencies.csv")
    data = json.loads(run("score", "--fy", "2564", "--responses", answers, "--json").output)
    assert [a["agency"] for a in data["survey"]["agencies"]] == ["อบต.หนึ่ง", "เทศบาลสอง"]
    mixed = run("score", "--fy", "2564", "--responses", answers, "--indicators", "90,90")
    assert mixed.exit_code == 2
    assert "2 หน่วยงาน" in mixed.output
