"""`prongsai oit-check` and `prongsai oit-checklist` through the command line, against a fixture site on 127.0.0.1."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "oit"))

from fixture_sites import NORMAL_TIMEOUT, FixtureServer, build_site
from netguard import loopback_only

from prongsai.cli import app
from prongsai.core.frameworks import FrameworkRegistry

runner = CliRunner()


@pytest.fixture(autouse=True)
def network_guard():
    with loopback_only() as violations:
        yield violations
    assert violations == []


@pytest.fixture
def site_url():
    framework = FrameworkRegistry().get(2568)
    site = build_site(framework, {"O1": "missing", "O10": "drive"})
    with FixtureServer(site) as server:
        yield server.url


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def check(*args):
    """`oit-check`/`oit-checklist --site` against the fixture site with a timeout no busy machine reaches."""
    return run(*args, "--timeout", NORMAL_TIMEOUT)


def test_oit_check_json_shape(site_url, tmp_path):
    html = tmp_path / "report.html"
    result = check("oit-check", site_url, "--fy", 2568, "--json", "--allow-private", "--html", html)
    assert result.exit_code == 1, result.output  # O1 is missing
    data = json.loads(result.stdout)
    assert list(data)[:5] == ["site", "fiscal_year", "https", "items", "broken_links"]
    assert data["fiscal_year"] == 2568 and data["https"] is False and data["site"] == site_url
    assert len(data["items"]) == 26
    for item in data["items"]:
        assert list(item) == ["code", "title", "verdict", "urls", "reasons"]
        assert item["verdict"] in {"found", "missing", "doubtful"}
    by_code = {i["code"]: i for i in data["items"]}
    assert by_code["o1"]["verdict"] == "missing" and by_code["o10"]["verdict"] == "doubtful"
    assert by_code["o9"]["verdict"] == "found" and by_code["o2"]["verdict"] == "doubtful"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_oit_check_text_output(site_url):
    result = check("oit-check", site_url, "--fy", 2568, "--allow-private", "--max-pages", 50, "--concurrency", 4)
    assert result.exit_code == 1
    assert "✗ O1" in result.output and "✓ O9" in result.output and "สรุป: พบ 21 น่าสงสัย 4 ไม่พบ 1" in result.output
    english = check("--lang", "en", "oit-check", site_url, "--fy", 2568, "--allow-private")
    assert "Summary: 21 found, 4 doubtful, 1 missing" in english.output


def test_oit_check_refuses_private_addresses_and_bad_input(site_url):
    result = run("oit-check", site_url, "--fy", 2568)
    assert result.exit_code == 2 and "private" in result.output + str(result.stderr)
    assert run("oit-check", "ftp://x", "--fy", 2568).exit_code == 2
    assert run("oit-check", site_url, "--fy", 2400, "--allow-private").exit_code == 2


def test_oit_checklist_json_and_itas_export(tmp_path):
    out = tmp_path / "itas.csv"
    result = run("oit-checklist", "--fy", 2568, "--json", "--itas-export", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fiscal_year"] == 2568 and len(data["items"]) == 26
    o9 = next(i for i in data["items"] if i["code"] == "O9")
    assert [p["id"] for p in o9["parts"]] == ["service_name", "steps", "time", "channels", "fees", "documents"]
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย"] and len(rows) == 27


def test_oit_checklist_from_site(site_url, tmp_path):
    out = tmp_path / "itas.xlsx"
    result = run("oit-checklist", "--fy", 2568, "--site", site_url, "--allow-private", "--itas-export", out)
    assert result.exit_code == 0, result.output
    assert "วิธีเข้าถึง: หน้าหลัก → ITA 2568 → O9" in result.output
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    has = {r[0].split()[0]: r[1] for r in rows[1:]}
    assert has["O9"] == "มี" and has["O1"] == "ไม่มี" and has["O10"] == "ไม่มี"


def test_oit_sweep_writes_one_json_line_per_site(site_url, tmp_path):
    sites = tmp_path / "sites.txt"
    sites.write_text(f"# agencies\n{site_url}\n{site_url}, 2566\nnot-a-url\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = run(
        "oit-sweep", sites, "--fy", 2568, "--workers", 1, "--allow-private", "--out", out, "--timeout", NORMAL_TIMEOUT
    )
    assert result.exit_code == 0, result.output
    rows = sorted((json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()), key=lambda r: r["index"])
    assert [(r["index"], r["fiscal_year"]) for r in rows] == [(0, 2568), (1, 2566), (2, 2568)]
    assert rows[0]["report"]["fiscal_year"] == 2568 and rows[1]["report"]["fiscal_year"] == 2566
    assert "error" in rows[2] and "report" not in rows[2]
