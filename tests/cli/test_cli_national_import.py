"""`prongsai import-results`: whole-file validation, --dry-run writes nothing, Thai by default, --lang en."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.national.models import NationalAgencyCode
from prongsai.cli import app
from prongsai.core.synthetic import generate

runner = CliRunner()


@pytest.fixture
def parquet(tmp_path):
    path = tmp_path / "national.parquet"
    generate(2568, n_agencies=25, seed=5).with_columns(agency_id=pl.format("C{}", pl.col("agency_id"))).write_parquet(
        path
    )
    return path


@pytest.mark.django_db
def test_dry_run_writes_nothing_then_import_then_reimport_changes_nothing(parquet):
    dry = runner.invoke(app, ["import-results", str(parquet), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "ตรวจแล้ว 25 แถว ถูกต้องทั้งหมด (ยังไม่บันทึก): หน่วยงานใหม่ 25 ผลใหม่ 25" in dry.output
    assert not NationalAgencyCode.objects.exists()
    done = runner.invoke(app, ["import-results", str(parquet), "--json"])
    assert done.exit_code == 0 and json.loads(done.output)["results_created"] == 25
    assert AssessmentResult.objects.filter(agency__national_code__isnull=False).count() == 25
    again = runner.invoke(app, ["--lang", "en", "import-results", str(parquet)])
    assert again.exit_code == 0
    assert "saved 25 rows: new agencies 0, new results 0, changed 0, unchanged 25" in again.output


@pytest.mark.django_db
def test_bad_rows_are_listed_and_nothing_is_saved(tmp_path):
    path = tmp_path / "ผล.csv"
    header = "agency_id,province,fiscal_year," + ",".join(f"ind_{n}" for n in range(1, 11))
    path.write_text(
        f"{header}\nB1,ตราด,2568,97,93,95,93,94,93,92,91,100,97\nB2,ตราด,2568,97,93,95,93,94,93,92,91,100,-3\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import-results", str(path)])
    assert result.exit_code == 1
    assert "บรรทัดที่ 3: ตัวชี้วัดที่ 10: คะแนน -3 อยู่นอกช่วง 0–100" in result.output
    assert not NationalAgencyCode.objects.exists()
    wrong_year = runner.invoke(app, ["--lang", "en", "import-results", str(path), "--fy", "2567", "--json"])
    assert wrong_year.exit_code == 1 and json.loads(wrong_year.output)["error_count"] == 3


def test_unreadable_file_exits_2(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(app, ["import-results", str(path)])
    assert result.exit_code == 2 and "UTF-8" in result.output


@pytest.mark.django_db
def test_rebuild_national_stores_the_dashboards_figures(parquet):
    from prongsai.apps.national.models import NationalAggregate

    assert runner.invoke(app, ["import-results", str(parquet)]).exit_code == 0
    done = runner.invoke(app, ["rebuild-national", "--fy", "2568", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["fiscal_years"] == [2568] and json.loads(done.output)["rows"] > 1
    assert NationalAggregate.objects.get(fiscal_year=2568, province="", agency_type="").data["agencies"] == 25
    again = runner.invoke(app, ["--lang", "en", "rebuild-national"])
    assert again.exit_code == 0 and "rebuilt FY 2568, 2569" in again.output
