"""The "next tasks" registry: what a person should do next in an agency, shown at the top of the agency home.

Each app registers its providers in its ``AppConfig.ready()`` (``register(provider)``); the dashboard lists what
they return and imports no app for it (the same pattern as the open-data registry).

    def provider(*, user, access, agency, today) -> list[NextTask]: ...

A provider looks at the person's ``Access`` (and anything of its own app) and returns nothing when the role has no
such work. Keep each provider to one or two queries: the agency home calls every provider on each visit.
Items are short Thai sentences with a count and a link; a complaint provider gives a count only, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class NextTask:
    text: str  # one short Thai sentence
    count: int | None  # how many (None: nothing to count, e.g. a checklist still to create)
    url: str
    action: str = ""  # the button's label when the item asks for an act ("พิจารณาอนุมัติ")
    order: int = 50  # lower first: approvals 10, the person's own work 20, the agency's 30, deadlines 60, surveys 70
    progress: bool = False  # results so far (e.g. a round's judgements), not work to do


Provider = Callable[..., list[NextTask]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def registered() -> tuple[Provider, ...]:
    return tuple(_PROVIDERS)


def next_tasks_for(*, user: Any, access: Any, agency: Any, today: date | None = None) -> list[NextTask]:
    """Every registered provider's items for this person in this agency, most pressing first."""
    today = today or timezone.localdate()
    items: list[NextTask] = []
    for provider in _PROVIDERS:
        items.extend(provider(user=user, access=access, agency=agency, today=today))
    return sorted(items, key=lambda item: item.order)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)
