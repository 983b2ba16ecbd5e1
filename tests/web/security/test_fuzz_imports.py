"""Hypothesis fuzzing of the importers in the apps (result files, assets, e-GP procurement, national results): any
bytes give rows or the app's own refusal with a Thai message, never another exception, never a hang."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

THAI = re.compile(r"[\u0e00-\u0e7f]")
# Derandomised (the same examples every run, no example database): a failure reproduces, and the suite never flakes.
FUZZ = settings(
    derandomize=True, database=None, max_examples=150, deadline=30_000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CELLS = ["รหัส", "ชื่อ", "ประเภท", "สถานที่", "หน่วยผู้ดูแล", "มูลค่า", "สถานะ", "project_id", "project_name",
         "budget_year", "project_money", "winner", "agency_id", "province", "fiscal_year", "ind_1", "ind_10", "2568",
         "1,000.50", "-1", "=cmd|'/C calc'!A0", "", "\"", "ก", "\x00", "\ufeff", "1e400", "nan"]
table_bytes = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=6), min_size=1, max_size=12).map(",".join),
             max_size=40).map(lambda rows: "\n".join(rows).encode("utf-8", "surrogatepass")),
    st.binary(max_size=1000).map(lambda b: b"PK\x03\x04" + b),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
                 max_leaves=30).map(lambda v: json.dumps(v).encode()),
)


def _thai(message: str) -> None:
    assert THAI.search(message), message


@FUZZ
@given(data=table_bytes, name=st.sampled_from(["ผล.xlsx", "ผล.csv", "ผล.txt", "ผล.pdf", "ผล.docx", "ผล"]))
def test_result_import_reads_or_refuses(data, name):
    from prongsai.apps.assessments.imports import ImportRefused, read_upload

    try:
        read_upload(data, name)
    except ImportRefused as exc:
        _thai(exc.messages[0])


@FUZZ
@given(data=table_bytes, name=st.sampled_from(["assets.csv", "assets.xlsx", "assets.txt"]))
def test_asset_import_reads_or_refuses(data, name):
    from prongsai.apps.registers.assets_io import RegisterInputError, parse_asset_file

    try:
        parse_asset_file(filename=name, data=data, units={"กองคลัง": object()})
    except RegisterInputError as exc:
        _thai(exc.messages[0])


@FUZZ
@given(data=table_bytes, name=st.sampled_from(["egp.csv", "egp.json", "egp.txt"]))
def test_procurement_import_reads_or_refuses(data, name):
    from prongsai.apps.procurement.services import ProcurementInputError, read_rows

    try:
        read_rows(data=data, filename=name)
    except ProcurementInputError as exc:
        _thai(exc.messages[0])


@FUZZ
@given(data=table_bytes, name=st.sampled_from(["national.csv", "national.xlsx", "national.parquet"]))
def test_national_import_reads_or_refuses(data, name):
    from prongsai.apps.national.validate import FileRefused, read_table

    try:
        read_table(data, name)
    except FileRefused as exc:
        _thai(str(exc))
