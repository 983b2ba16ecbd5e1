"""The "results changed" registry: apps that keep figures derived from many agencies' results (the national
app's materialised dashboards) learn of every change without the writing app importing them (the same pattern as
``next_tasks`` and the open-data registry).

Each interested app registers a listener in its ``AppConfig.ready()`` (``register(listener)``); the services that
write results (``assessments.services``: record, publish, unpublish; ``national.services``: the bulk import) call
``results_changed(...)`` INSIDE their transaction, so a listener can mark its figures stale in the same
transaction (and schedule a recompute with ``transaction.on_commit``).

    def listener(*, fiscal_years: set[int], agency, reason: str) -> None: ...

``reason``: ``"saved"`` (scores created or changed), ``"published"``, ``"unpublished"``, ``"imported"`` (many
agencies at once; ``agency`` None). Keep a listener to one or two queries: it runs on every result save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from prongsai.apps.base import versions

Listener = Callable[..., None]

_LISTENERS: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def unregister(listener: Listener) -> None:
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def registered() -> tuple[Listener, ...]:
    return tuple(_LISTENERS)


def results_changed(*, fiscal_years: Iterable[int], agency: Any = None, reason: str = "saved") -> None:
    """Tell every registered listener that these years' results changed (call it inside the writing transaction),
    and renew the ``results`` version (``base.versions``: what is kept from every agency's results, such as the
    peers panel, is keyed on it)."""
    years = {int(y) for y in fiscal_years}
    if not years:
        return
    versions.bump(versions.RESULTS)
    for listener in _LISTENERS:
        listener(fiscal_years=years, agency=agency, reason=reason)
