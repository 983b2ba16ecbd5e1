"""FY2570 works in the CLI as a provisional year, and says so; a year with no framework is a Thai error."""

import json

from typer.testing import CliRunner

from prongsai.cli import app

runner = CliRunner()
SCORES = "93.76,88.66,95.22,88.93,95.18,86.60,76.62,78.27,79.85,87.50"


def test_score_2570_works_and_warns_that_the_year_is_provisional():
    result = runner.invoke(app, ["score", "--fy", "2570", "--indicators", SCORES])
    assert result.exit_code == 0, result.output
    assert "ปีงบประมาณ 2570" in result.stdout and "85.32" in result.stdout
    assert "ฉบับชั่วคราว" in result.output


def test_score_2570_json_stays_clean_and_carries_the_warning():
    result = runner.invoke(app, ["score", "--fy", "2570", "--indicators", SCORES, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fiscal_year"] == 2570
    assert any("ฉบับชั่วคราว" in w["th"] for w in data["warnings"])


def test_oit_checklist_2570_lists_the_items_and_warns_on_stderr():
    result = runner.invoke(app, ["oit-checklist", "--fy", "2570", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fiscal_year"] == 2570 and len(data["items"]) > 20
    assert "คำเตือน" in result.stderr and "2570" in result.stderr


def test_a_confirmed_year_has_no_provisional_warning():
    result = runner.invoke(app, ["oit-checklist", "--fy", "2564", "--json"])
    assert result.exit_code == 0
    assert "ฉบับชั่วคราว" not in result.stderr


def test_a_year_with_no_framework_is_a_thai_error_not_a_traceback():
    result = runner.invoke(app, ["score", "--fy", "2571", "--indicators", SCORES])
    assert result.exit_code == 2
    assert "ไม่รู้จักกรอบการประเมินของปีงบประมาณ 2571" in result.output
    assert "Traceback" not in result.output
