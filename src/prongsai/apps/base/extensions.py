"""Extension points: what one app adds to another app's page, registered in ``AppConfig.ready()`` (the same
pattern as the open-data and next-tasks registries), so that neither page imports the app that adds to it.

- ``register_measure_origin(provider)``: ``provider(*, agency, measure_ids) -> dict[int, Link]``, where a plan
  measure came from (the meeting whose decision created or amended it). The plan page calls
  ``measure_origins(agency=…, measure_ids=…)``.
- ``register_public_year_section(provider)``: ``provider(*, agency, fiscal_year) -> list[PublicSection]``, what
  the portal's public year page (``/p/<slug>/results/<year>/``) shows besides results and measures. A provider
  returns only what its app has deliberately published; the portal shows whatever it is given.

Every text is plain Thai (the templates escape it); URLs are made by the provider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class PublicSection:
    title: str
    text: str = ""
    links: tuple[Link, ...] = ()  # downloads (documents)
    images: tuple[Link, ...] = ()  # pictures shown on the page (``text`` is the alternative text)
    order: int = 50


Provider = Callable[..., Any]

_MEASURE_ORIGINS: list[Provider] = []
_PUBLIC_YEAR: list[Provider] = []


def _add(registry: list[Provider], provider: Provider) -> None:
    if provider not in registry:
        registry.append(provider)


def register_measure_origin(provider: Provider) -> None:
    _add(_MEASURE_ORIGINS, provider)


def unregister_measure_origin(provider: Provider) -> None:
    if provider in _MEASURE_ORIGINS:
        _MEASURE_ORIGINS.remove(provider)


def measure_origins(*, agency: Any, measure_ids: list[int]) -> dict[int, Link]:
    """measure id → a link to where it came from (the first provider that knows wins)."""
    out: dict[int, Link] = {}
    if not measure_ids:
        return out
    for provider in _MEASURE_ORIGINS:
        for key, link in provider(agency=agency, measure_ids=list(measure_ids)).items():
            out.setdefault(key, link)
    return out


def register_public_year_section(provider: Provider) -> None:
    _add(_PUBLIC_YEAR, provider)


def unregister_public_year_section(provider: Provider) -> None:
    if provider in _PUBLIC_YEAR:
        _PUBLIC_YEAR.remove(provider)


def public_year_sections(*, agency: Any, fiscal_year: int) -> list[PublicSection]:
    """Every registered provider's published sections for the year's public page, in ``order``."""
    items: list[PublicSection] = []
    for provider in _PUBLIC_YEAR:
        items.extend(provider(agency=agency, fiscal_year=fiscal_year))
    return sorted(items, key=lambda s: s.order)
