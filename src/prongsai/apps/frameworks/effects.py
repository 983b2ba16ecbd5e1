"""What a new framework version affects, registered by the apps that own the rows (in their ``AppConfig.ready()``),
so that the workbench never imports them: assessments registers its results to re-score, oit its checklists to
bring up to the new OIT list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Effect:
    key: str
    # the rows of the year that follow another framework version than the current one
    behind: Callable[[int], list[Any]]
    # bring them up to the current version: (actor, fiscal_year, reason) -> the app's report
    apply: Callable[[Any, int, str], Any]


_EFFECTS: dict[str, Effect] = {}


def register_effect(key: str, *, behind: Callable[[int], list[Any]], apply: Callable[[Any, int, str], Any]) -> None:
    _EFFECTS[key] = Effect(key, behind, apply)


def effect(key: str) -> Effect:
    """The registered effect (``results`` or ``checklists``); a KeyError names a missing registration."""
    return _EFFECTS[key]
