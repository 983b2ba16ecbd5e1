"""`prongsai frameworks import | diff | export` (src/prongsai/cli/frameworks.py) through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from prongsai.cli import app
from prongsai.core.frameworks.loader import FrameworkRegistry, framework_as_raw, load_framework_file
from prongsai.core.frameworks.sheet import read_oit_sheet

runner = CliRunner()
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks" / "sheets" / "oit-2570.csv"


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def sheet_items(path: Path) -> list[tuple[str, str, str]]:
    return [(it.code, it.title_th, it.subindicator) for it in read_oit_sheet(path.read_bytes(), path.name).items]


def write_csv(path: Path, rows: list[list]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_import_validate_and_checklist_round_trip(tmp_path):
    out = tmp_path / "2570.yaml"
    result = run("frameworks", "import", FIXTURE, "--fy", "2570", "--extends", "2569", "--out", out)
    assert result.exit_code == 0, result.output
    assert "เขียนกรอบการประเมินปีงบประมาณ 2570 แล้ว" in result.stdout and "ข้อ OIT 8 ข้อ" in result.stdout
    assert out.exists() and "extends" not in yaml.safe_load(out.read_text(encoding="utf-8"))
    validated = run("frameworks", "validate", out)
    assert validated.exit_code == 0 and "ถูกต้อง" in validated.stdout
    checklist = run("--framework", out, "oit-checklist", "--fy", "2570", "--json")
    assert checklist.exit_code == 0, checklist.output
    items = json.loads(checklist.stdout)["items"]
    assert [(i["code"], i["title_th"], i["subindicator"]) for i in items] == sheet_items(FIXTURE)
    o1 = items[0]
    assert [p["name_th"] for p in o1["parts"]] == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"] and o1["period"] == "any"
    framework = load_framework_file(out, FrameworkRegistry())
    assert framework.status == "provisional" and framework.oit.confidence == "medium"
    assert framework.instruments == FrameworkRegistry().get(2569).instruments


def test_import_xlsx_json_output(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["รายการข้อ OIT ปี 2570"])
    ws.append(["title", "code", "subindicator", "subindicator_title"])
    ws.append(["โครงสร้าง", "o1", 9.1, "ข้อมูลพื้นฐาน"])
    ws.append(["แผนป้องกันการทุจริต", "O 2", 10.1, None])
    sheet = tmp_path / "oit.xlsx"
    wb.save(sheet)
    out = tmp_path / "out.yaml"
    result = run("frameworks", "import", sheet, "--fy", "2571", "--extends", "2569", "--out", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fiscal_year"] == 2571 and data["status"] == "provisional" and data["header_row"] == 2
    assert data["items"] == [
        {"code": "O1", "title_th": "โครงสร้าง", "subindicator": "9.1"},
        {"code": "O2", "title_th": "แผนป้องกันการทุจริต", "subindicator": "10.1"},
    ]
    checklist = json.loads(run("--framework", out, "oit-checklist", "--fy", "2571", "--json").stdout)
    assert [i["code"] for i in checklist["items"]] == ["O1", "O2"]


def test_import_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "2570.yaml"
    out.write_text("เดิม", encoding="utf-8")
    result = run("frameworks", "import", FIXTURE, "--fy", "2570", "--extends", "2569", "--out", out)
    assert result.exit_code == 2 and "--force" in result.stderr and "มีไฟล์" in result.stderr
    assert out.read_text(encoding="utf-8") == "เดิม"
    forced = run("frameworks", "import", FIXTURE, "--fy", "2570", "--extends", "2569", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["fiscal_year"] == 2570


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"], ["O1", "ก", "9.1"], ["O1", "ข", "9.1"]], "แถวที่ 3 (ข้อ)"),
        ([["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"], ["O1", "", "9.1"]], "แถวที่ 2 (ชื่อข้อ): ไม่มีชื่อข้อ"),
        ([["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"], ["O1", "=1+1", "9.1"]], "สูตร"),
        ([["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"], ["O1", "ก", "3.1"]], "ไม่ใช่ตัวชี้วัดของ OIT"),
        ([["ก", "ข"], ["ค", "ง"]], "ไม่พบแถวหัวตาราง"),
    ],
)
def test_bad_sheets_exit_2_in_thai_and_write_nothing(tmp_path, rows, words):
    sheet = write_csv(tmp_path / "bad.csv", rows)
    out = tmp_path / "out" / "2570.yaml"
    out.parent.mkdir()
    result = run("frameworks", "import", sheet, "--fy", "2570", "--extends", "2569", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith("ข้อผิดพลาด: ") and words in result.stderr
    assert list(out.parent.iterdir()) == []


def test_bad_sheet_in_english_and_missing_file(tmp_path):
    sheet = write_csv(tmp_path / "bad.csv", [["ข้อ", "ชื่อข้อ", "ตัวชี้วัดย่อย"], ["O1", "", "9.1"]])
    result = run("--lang", "en", "frameworks", "import", sheet, "--fy", "2570", "--extends", "2569",
                 "--out", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "error: " in result.stderr and "row 2" in result.stderr
    missing = run("frameworks", "import", tmp_path / "none.csv", "--fy", "2570", "--extends", "2569",
                  "--out", tmp_path / "x.yaml")
    assert missing.exit_code == 2 and "ไม่พบไฟล์" in missing.stderr
    unknown = run("frameworks", "import", FIXTURE, "--fy", "2570", "--extends", "2400", "--out", tmp_path / "x.yaml")
    assert unknown.exit_code == 2 and "2400" in unknown.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_import_respects_the_global_framework_option(tmp_path):
    # --extends names a year that only exists in the user's file
    exported = tmp_path / "2580.yaml"
    raw = framework_as_raw(FrameworkRegistry().get(2569))
    raw["fiscal_year"] = 2580
    exported.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "2581.yaml"
    result = run("--framework", exported, "frameworks", "import", FIXTURE, "--fy", "2581", "--extends", "2580",
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert run("frameworks", "import", FIXTURE, "--fy", "2581", "--extends", "2580", "--out",
               tmp_path / "other.yaml").exit_code == 2


def test_diff_of_two_years_text_and_json():
    result = run("frameworks", "diff", "2565", "2566")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("เปรียบเทียบ ปีงบประมาณ 2565 กับ ปีงบประมาณ 2566")
    assert "ระดับผลการประเมิน" in result.stdout and "เปลี่ยนเลขข้อ" in result.stdout
    data = json.loads(run("frameworks", "diff", "2565", "๒๕๖๖", "--json").stdout)
    assert data["a"] == "ปีงบประมาณ 2565" and data["b"] == "ปีงบประมาณ 2566"
    assert {c["kind"] for c in data["items"]} >= {"renumbered", "added", "removed"}
    assert len(set(data["carry_over"].values())) == len(data["carry_over"])
    same = run("frameworks", "diff", "2569", "2569")
    assert same.exit_code == 0 and "ไม่มีความแตกต่าง" in same.stdout


def test_diff_against_an_imported_file(tmp_path):
    out = tmp_path / "2570.yaml"
    assert run("frameworks", "import", FIXTURE, "--fy", "2570", "--extends", "2569", "--out", out).exit_code == 0
    data = json.loads(run("frameworks", "diff", "2569", out, "--json").stdout)
    assert data["b"] == "2570.yaml"
    assert set(data["not_carried_over"]) | set(data["carry_over"]) == {f"O{n}" for n in range(1, 9)}
    bad = run("frameworks", "diff", "2569", tmp_path / "missing.yaml")
    assert bad.exit_code == 2 and "ไม่พบไฟล์" in bad.stderr


@pytest.mark.parametrize("year", ["2564", "2570"])
def test_export_round_trip(tmp_path, year):
    out = tmp_path / f"{year}.yaml"
    result = run("frameworks", "export", year, "--out", out)
    assert result.exit_code == 0, result.output
    assert "extends" not in yaml.safe_load(out.read_text(encoding="utf-8"))
    assert run("frameworks", "validate", out).exit_code == 0
    registry = FrameworkRegistry()
    assert framework_as_raw(load_framework_file(out, registry)) == framework_as_raw(registry.get(int(year)))
    again = run("frameworks", "export", year, "--out", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("frameworks", "export", "2400", "--out", tmp_path / "x.yaml").exit_code == 2
    assert not (tmp_path / "x.yaml").exists()


def test_frameworks_list_json_still_carries_status():
    result = run("frameworks", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(row["status"] in ("provisional", "confirmed") for row in rows)
