"""Open-data downloads: two header rows (Thai labels, then machine names) by default, one row of machine names with
``?header=machine``; dates stay ISO 8601 (Christian era) and the catalogue says so in Thai (docs/portal.md)."""

from __future__ import annotations

import csv
import io
import json
import re

from openpyxl import load_workbook

from prongsai.apps.base.opendata import registered_dataset, registered_datasets
from prongsai.apps.portal.opendata import header_th


def _csv(client, world, slug, query=""):
    response = client.get(f"/p/{world.own.slug}/data/{slug}.csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_thai_labels_then_machine_names(client, world):
    dataset = registered_dataset("ita-results")
    rows = _csv(client, world, "ita-results")
    assert rows[0] == [header_th(c) for c in dataset.columns]
    assert rows[0][0] == "ปีงบประมาณ (พ.ศ.)" and rows[1][0] == "fiscal_year"
    assert rows[1] == [c.name for c in dataset.columns]
    assert {r[0] for r in rows[2:]} == {"2567", "2568"}  # the data starts on the third row


def test_header_machine_gives_one_row_of_names(client, world):
    dataset = registered_dataset("ita-results")
    rows = _csv(client, world, "ita-results", "?header=machine")
    assert rows[0] == [c.name for c in dataset.columns]
    assert {r[0] for r in rows[1:]} == {"2567", "2568"}
    assert _csv(client, world, "ita-results", "?header=anything")[1] == rows[0]  # unknown values: the default


def test_date_columns_say_their_dates_are_christian_era_iso(client, world):
    dated = [(d, c) for d in registered_datasets().values() for c in d.columns if c.type == "date"]
    assert dated
    for dataset, column in dated:
        assert header_th(column) == f"{column.label_th} (ค.ศ. ปปปป-ดด-วว)"
        assert header_th(column) in _csv(client, world, dataset.slug)[0]


def test_xlsx_has_the_same_two_header_rows_and_the_machine_form(client, world):
    dataset = registered_dataset("ita-results")
    for query, first in (("", 3), ("?header=machine", 2)):
        response = client.get(f"/p/{world.own.slug}/data/ita-results.xlsx{query}")
        sheet = load_workbook(io.BytesIO(response.content))["data"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[first - 2] == [c.name for c in dataset.columns]
        if first == 3:
            assert rows[0] == [header_th(c) for c in dataset.columns]
        assert sheet.freeze_panes == f"A{first}"
        assert {r[0] for r in rows[first - 1:]} == {2567, 2568}


def test_json_keeps_machine_names_with_thai_labels(client, world):
    doc = json.loads(client.get(f"/p/{world.own.slug}/data/ita-results.json?header=machine").content)
    assert doc["fields"][0] == {"id": "fiscal_year", "type": "integer", "label_th": "ปีงบประมาณ (พ.ศ.)"}
    assert "fiscal_year" in doc["records"][0]


def test_catalogue_explains_the_headers_and_dates_in_thai(client, world):
    html = client.get(f"/p/{world.own.slug}/data/").content.decode()
    assert "แถวแรกเป็นชื่อคอลัมน์ภาษาไทย แถวที่สองเป็นชื่อคอลัมน์ภาษาอังกฤษ" in html
    assert "?header=machine" in html and "ปปปป-ดด-วว" in html and "ISO 8601" in html
    assert "Open Data" not in html and "GD-Catalog" not in html and "Excel" not in html
    catalog = json.loads(client.get(f"/p/{world.own.slug}/data/catalog.json").content)
    resources = catalog["datasets"][0]["resources"]
    assert any(r["url"].endswith(".csv?header=machine") for r in resources)
    assert all(r["description"] for r in resources)


def test_dataset_page_names_types_in_thai_and_dates_in_be(client, world):
    html = client.get(f"/p/{world.own.slug}/data/ita-results/").content.decode()
    assert "จำนวนเต็ม" in html and "<td>integer</td>" not in html
    assert "<code>fiscal_year</code>" in html
    assert re.search(r"วันที่ปรับปรุงล่าสุด</dt><dd>\d{1,2} \S+ 25\d\d</dd>", html)  # 7 ธันวาคม 2569, not 2026-12-07
