"""The open-data registry: each app registers the tables it publishes in its ``AppConfig.ready()``; the portal
lists, shows and exports whatever is registered (``portal.opendata``) and imports no app for it.

    register_dataset(Dataset("procurement-plan", "แผนการจัดซื้อจัดจ้างประจำปี", "…", columns, rows), order=30)

``rows(agency)`` returns one dict per row, keyed by the column names; values are typed (dates, Decimals for
money, ints, bools). ``order`` places the dataset in the catalogue (lower first; ties keep registration order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str  # open-data column name (English, snake_case)
    label_th: str
    type: str  # "text" | "integer" | "money" | "decimal" | "date" | "boolean"
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title_th: str
    notes: str  # description (GD-Catalog ``notes``)
    columns: tuple[Column, ...]
    rows: Callable[[Any], list[dict[str, Any]]]  # agency → rows
    data_type: str = "ข้อมูลระเบียน"  # ข้อมูลระเบียน | ข้อมูลสถิติ
    objective: tuple[str, ...] = ("พันธกิจหน่วยงาน", "กฎหมายที่เกี่ยวข้อง")
    update_frequency_unit: str = "เดือน"
    update_frequency_interval: int = 1
    tags: tuple[str, ...] = ()
    oit_items: tuple[str, ...] = ()  # which OIT items this dataset serves (by title keyword, informative)
    unit_of_measure: str = ""
    extra: dict[str, str] = field(default_factory=dict)


FISCAL_YEAR = Column("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "integer")

_REGISTRY: dict[str, tuple[int, int, Dataset]] = {}


def register_dataset(dataset: Dataset, *, order: int = 1000) -> None:
    """Publish ``dataset`` at ``/p/<agency>/data/<slug>/``. Registering the same slug again replaces it."""
    seq = _REGISTRY[dataset.slug][1] if dataset.slug in _REGISTRY else len(_REGISTRY)
    _REGISTRY[dataset.slug] = (order, seq, dataset)


def unregister_dataset(slug: str) -> None:
    _REGISTRY.pop(slug, None)


def registered_datasets() -> dict[str, Dataset]:
    """Every registered dataset by slug, in catalogue order."""
    return {slug: d for slug, (_, _, d) in sorted(_REGISTRY.items(), key=lambda item: item[1][:2])}


def registered_dataset(slug: str) -> Dataset | None:
    found = _REGISTRY.get(slug)
    return found[2] if found else None


def two_decimals(value: Any) -> Decimal | None:
    """A number as a Decimal with two places (None stays None): scores and averages in the tables."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
