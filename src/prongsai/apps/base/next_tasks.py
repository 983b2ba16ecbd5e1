"""The "next tasks" registry: what a person should do next in an agency, shown at the top of the agency home.

Each app registers its providers in its ``AppConfig.ready()`` (``register(provider)``); the dashboard lists what
they return and imports no app for it (the same pattern as the open-data registry).

    def provider(*, user, access, agency, today) -> list[NextTask]: ...

A provider looks at the person's ``Access`` (and anything of its own app) and returns nothing when the role has no
such work. Keep each provider to one or two queries: the agency home calls every provider on each visit.
Items are short Thai sentences with a count and a link; a complaint provider gives a count only, never content.

A provider whose every input is the agency's data that renews the agency's data version (its and the site's public
versions, which ``audit.services.audit_record`` renews, and its ``staff`` version, which the apps renew from their
models' signals for rows written without an audit entry of the agency, such as a complaint filed by the public or a
judgement in a round: ``base.versions``), plus the person's ``Access`` and today, is marked
``@kept_with_agency_data``: the agency home keeps its items per person under (that version, the agency, the person,
their access, today) (``next_tasks_for(data_version=…, seconds=…)``). Anything else (files on disk, such as the
ITA calendar) stays unmarked and is asked on every visit (``live_next_tasks``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
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


_KEPT_ATTR = "kept_with_agency_data"


def kept_with_agency_data(provider: Provider) -> Provider:
    """Mark a provider whose items depend only on the agency's audited data, the person's ``Access`` and today (see
    the module's docstring): check every table it reads is written only through services that call
    ``audit_record`` with this agency (or none: the whole site) before marking it."""
    setattr(provider, _KEPT_ATTR, True)
    return provider


def _is_kept(provider: Provider) -> bool:
    return bool(getattr(provider, _KEPT_ATTR, False))


def _name(provider: Provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def access_signature(access: Any) -> str:
    """Everything of ``Access`` a provider may read (role, every permission, the unit and its name), hashed."""
    unit = getattr(access, "unit", None)
    fields = sorted((k, v) for k, v in vars(access).items() if k.startswith("can_") or k in ("role", "is_system_admin"))
    raw = repr((fields, getattr(unit, "pk", None), getattr(unit, "name_th", None)))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def kept_key(*, data_version: str, user: Any, access: Any, agency: Any, today: date) -> str:
    """The cache key of one person's kept items: a change of any part (a new data version after an audited write,
    another person, another role or unit, another day) is another key. The version is hashed: it holds several
    tokens, and a key stays short."""
    version = hashlib.sha256(data_version.encode()).hexdigest()[:32]
    return f"next-tasks:{agency.pk}:{version}:{user.pk}:{access_signature(access)}:{today.isoformat()}"


def live_next_tasks(*, user: Any, access: Any, agency: Any, today: date | None = None) -> dict[str, list[NextTask]]:
    """The items of the providers that are not kept, by provider: asked on every visit (a page kept per person puts
    them in its key, ``base.kept_pages``)."""
    today = today or timezone.localdate()
    return {
        _name(p): list(p(user=user, access=access, agency=agency, today=today)) for p in _PROVIDERS if not _is_kept(p)
    }


def next_tasks_for(
    *, user: Any, access: Any, agency: Any, today: date | None = None, data_version: str = "", seconds: int = 0,
    live: dict[str, list[NextTask]] | None = None,
) -> list[NextTask]:
    """Every registered provider's items for this person in this agency, most pressing first.

    With ``data_version`` (``assessments.selectors.dashboard_data_version``) and ``seconds``, the items of the
    providers marked ``@kept_with_agency_data`` are kept in Django's cache for this person (``kept_key``); the
    others are asked every time, unless ``live`` (``live_next_tasks`` of this request) gives them. The list is the
    same, in the same order, either way."""
    today = today or timezone.localdate()
    key = ""
    kept: dict[str, list[NextTask]] | None = None
    user_pk = getattr(user, "pk", None)
    if data_version and seconds > 0 and user_pk is not None and getattr(user, "is_authenticated", False):
        key = kept_key(data_version=data_version, user=user, access=access, agency=agency, today=today)
        kept = cache.get(key)
    fresh: dict[str, list[NextTask]] = {}
    items: list[NextTask] = []
    for provider in _PROVIDERS:
        name = _name(provider) if key else ""
        if kept is not None and name in kept and _is_kept(provider):
            items.extend(kept[name])
            continue
        if live is not None and not _is_kept(provider) and _name(provider) in live:
            items.extend(live[_name(provider)])
            continue
        found = provider(user=user, access=access, agency=agency, today=today)
        items.extend(found)
        if key and _is_kept(provider):
            fresh[name] = list(found)
    if key and kept is None:
        cache.set(key, fresh, seconds)
    return sorted(items, key=lambda item: item.order)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(first_next.toordinal() - 1)
