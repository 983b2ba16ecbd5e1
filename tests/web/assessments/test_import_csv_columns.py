"""A results CSV whose row has more cells than its columns (a decimal comma: ``indicator_1,97,10,``) is refused with
an error naming the line and column, and nothing is kept: never read as 97.00 with "ไม่พบข้อผิดพลาด"."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.apps.assessments.imports import template_bytes
from prongsai.apps.assessments.models import AssessmentResult, PendingImport

SCORES = {1: "90.10", 2: "85.20", 3: "88.30", 4: "84.40", 5: "86.50", 6: "85.60", 7: "82.70", 8: "81.80", 9: "90.00",
          10: "87.50"}


def _template(first: str) -> tuple[str, int]:
    """The blank CSV template of 2566 filled in, indicator 1's line written as ``first`` (with ``{label}``); and
    the line number of indicator 1."""
    out, line_of_first = [], 0
    for number, line in enumerate(template_bytes(fiscal_year=2566, fmt="csv").decode("utf-8-sig").splitlines(), 1):
        key, _, rest = line.partition(",")
        if key.startswith("indicator_"):
            n = int(key.split("_")[1])
            label = rest.split(",", 1)[1] if "," in rest else ""
            if n == 1:
                line, line_of_first = first.format(label=label), number
            else:
                line = f"{key},{SCORES[n]},{label}"
        out.append(line)
    return "\n".join(out) + "\n", line_of_first


def _upload(client, world, text: str):
    client.force_login(world.user("coordinator"))
    return client.post(reverse("assessments:import_upload", args=[world.own.slug]),
                       {"file": SimpleUploadedFile("ผล.csv", text.encode("utf-8"))})


def _file_error(response) -> str:
    found = re.findall(r'<div class="field-error" id="id_file_error">(.*?)</div>', response.content.decode(), re.S)
    assert found, "the error sits beside the file field"
    return html_lib.unescape(found[0])


@pytest.mark.parametrize("first", ["indicator_1,97,10,", "indicator_1,97,10,{label}", "indicator_1,๙๗,๑๐"])
def test_a_decimal_comma_is_an_error_naming_the_line_and_column(client, world, first):
    before = AssessmentResult.objects.count()
    text, line = _template(first)
    response = _upload(client, world, text)
    assert response.status_code == 400
    error = _file_error(response)
    assert f"บรรทัด {line} คอลัมน์ 3: มีช่องเกินมา อาจใช้จุลภาคแทนจุดทศนิยม (97,10) กรุณาใช้จุด เช่น 97.10" in error
    assert "ไม่พบข้อผิดพลาด" not in response.content.decode()
    assert not PendingImport.objects.exists() and AssessmentResult.objects.count() == before


def test_a_quoted_decimal_comma_asks_for_a_dot(client, world):
    text, line = _template('indicator_1,"97,10",{label}')
    response = _upload(client, world, text)
    assert response.status_code == 400
    assert f"บรรทัด {line} คอลัมน์ 2: ใช้จุดเป็นจุดทศนิยม เช่น 97.10" in _file_error(response)
    assert not PendingImport.objects.exists()


def test_a_filled_cell_beyond_the_label_is_an_error(client, world):
    text, line = _template("indicator_1,97.10,{label},เกินมา")
    response = _upload(client, world, text)
    assert response.status_code == 400
    assert f"บรรทัด {line} คอลัมน์ 4: มีช่องเกินมา (“เกินมา”)" in _file_error(response)


def test_blank_cells_that_excel_pads_rows_with_are_fine(client, world):
    text, _ = _template("indicator_1,97.10,{label},,")
    response = _upload(client, world, text)
    assert response.status_code == 302, _file_error(response)
    assert PendingImport.objects.get().kind == "csv"


def test_a_question_row_with_a_decimal_comma_is_an_error(client, world):
    text, _ = _template("indicator_1,97.10,{label}")
    text += "questions\ncode,text,indicator,instrument,score\ni1,ข้อคำถาม,1,IIT,96,40\n"
    response = _upload(client, world, text)
    assert response.status_code == 400
    assert "คอลัมน์ 6: มีช่องเกินมา อาจใช้จุลภาคแทนจุดทศนิยม (96,40) กรุณาใช้จุด เช่น 96.40" in _file_error(response)
    assert not PendingImport.objects.exists()
