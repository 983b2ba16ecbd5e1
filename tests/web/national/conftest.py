"""Fixtures for the national app: synthetic national results as file bytes, and a loaded national data set."""

from __future__ import annotations

import io

import polars as pl
import pytest

from prongsai.apps.national.services import national_results_apply, validated_or_refused
from prongsai.core.synthetic import generate_years


def synthetic(n: int = 120, years: tuple[int, ...] = (2567, 2568), seed: int = 3) -> pl.DataFrame:
    frame = generate_years(list(years), n_agencies=n, seed=seed)
    return frame.with_columns(agency_id=pl.format("T{}", pl.col("agency_id")))


def as_bytes(frame: pl.DataFrame, fmt: str = "csv") -> bytes:
    buf = io.BytesIO()
    if fmt == "parquet":
        frame.write_parquet(buf)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        book.save(buf)
    else:
        frame.write_csv(buf)
    return buf.getvalue()


@pytest.fixture
def national_frame() -> pl.DataFrame:
    return synthetic()


@pytest.fixture
def loaded(db, national_frame) -> pl.DataFrame:
    """The synthetic frame, imported into the database through the bulk import."""
    national_results_apply(validated=validated_or_refused(as_bytes(national_frame), "t.csv"), source_name="t.csv")
    return national_frame


@pytest.fixture
def make_file():
    """``make_file(frame, fmt)``: the frame as the bytes of a .csv, .xlsx or .parquet file."""
    return as_bytes


@pytest.fixture
def make_frame():
    """``make_frame(n, years, seed)``: synthetic national results (agency ids "T1" …)."""
    return synthetic
