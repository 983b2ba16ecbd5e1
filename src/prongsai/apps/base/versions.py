"""Change versions: a random token per name, renewed by every change of what the name stands for, kept in Django's
default cache. A cache key built from the tokens of everything a kept page or fragment shows is never reached again
once any of them changes. A lost token (a restart of a local-memory cache, an eviction) is replaced by a new one:
a miss, never a stale hit.

- ``version(name)``, ``versions(names)`` (one cache round trip for all of them);
- ``bump(*names)``: a new token now, and again when the transaction commits, so that a page rendered between the
  two from the data before the commit is never reached again.

The names in use:

- ``public:<slug>``, ``public:__site__``: an agency's public pages, the whole site (``base.public_cache``; every
  audited write renews them through ``audit.services.audit_record``);
- ``staff:<agency pk>``: rows that the agency's staff pages show but that are written without an audit entry of
  that agency: complaints filed by the public, the rounds' submissions, judgements and disputes (each app bumps
  it from its models' save and delete signals: ``staff_changed``);
- ``person:<user pk>``: what the site header shows of a person beyond their role in the page's agency: their other
  agencies, the framework and regional rights, complaint-officer and round roles (``person_changed``, from the
  apps' signals);
- ``results``: any agency's assessment results (``base.result_events.results_changed``): the peers panel.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import transaction

VERSION_SECONDS = 7 * 24 * 3600
RESULTS = "results"


def _key(name: str) -> str:
    return f"version:{name}"


def new_token() -> str:
    """A random token and the time it was made: ``"<hex>.<unix seconds>"``."""
    return f"{uuid.uuid4().hex}.{int(time.time())}"


def token_time(token: str) -> int:
    """When ``token`` was made (0 for a token in another form)."""
    stamp = token.rpartition(".")[2]
    return int(stamp) if stamp.isdecimal() else 0


def version(name: str) -> str:
    """The current token of ``name`` (a new one when none is kept)."""
    key = _key(name)
    value = cache.get(key)
    if value is None:
        value = new_token()
        if not cache.add(key, value, VERSION_SECONDS):
            value = cache.get(key) or value
    return value


def versions(names: Sequence[str]) -> list[str]:
    """The current tokens of ``names``, in order, in one cache round trip when all are kept."""
    keys = [_key(n) for n in names]
    found = cache.get_many(keys)
    return [found[k] if k in found else version(n) for k, n in zip(keys, names, strict=True)]


def _set(names: list[str]) -> None:
    cache.set_many({_key(n): new_token() for n in names}, VERSION_SECONDS)


def bump(*names: str) -> None:
    """New tokens for ``names`` now and when the current transaction commits (at once outside one)."""
    wanted = sorted(set(names))
    if not wanted:
        return
    _set(wanted)
    transaction.on_commit(lambda: _set(wanted))


def staff_name(agency_id: object) -> str:
    return f"staff:{agency_id}"


def person_name(user_id: object) -> str:
    return f"person:{user_id}"


def staff_changed(agency_ids: Iterable[object]) -> None:
    """Rows shown on these agencies' staff pages changed without an audit entry of theirs."""
    bump(*(staff_name(a) for a in agency_ids if a is not None))


def person_changed(user_ids: Iterable[object]) -> None:
    """What the header shows of these people changed (their agencies, rights or roles)."""
    bump(*(person_name(u) for u in user_ids if u is not None))


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The deployed code and templates: kept pages outlive a restart in a shared cache (Redis), so their keys hold
    this, and a deploy that changes a template or a module is never served a page of the code before. Computed once
    per process from the package's files (names and contents, ~4 MB: the same on every server of one release)."""
    return stamp_of(Path(__file__).resolve().parents[2])  # the prongsai package


def stamp_of(root: Path) -> str:
    """A digest of the code and template files below ``root`` (their names and contents)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".yaml", ".txt", ".json", ".css", ".js") and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(root)}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def watch(
    model: type,
    *,
    staff: Callable[[Any], Iterable[object]] | None = None,
    person: Callable[[Any], Iterable[object]] | None = None,
) -> None:
    """Renew versions whenever a row of ``model`` is saved or deleted (Django's signals; call it in the app's
    ``AppConfig.ready()``): the ``staff`` versions of the agencies ``staff(row)`` names, the ``person`` versions of
    the people ``person(row)`` names. The signals also catch writes that forget to say so; ``QuerySet.update`` and
    ``bulk_create`` send none, so a service that uses them on a watched model calls ``staff_changed`` itself."""
    from django.db.models.signals import post_delete, post_save

    def renew(sender: type, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # loading fixtures
            return
        if staff is not None:
            staff_changed(staff(instance))
        if person is not None:
            person_changed(person(instance))

    uid = f"prongsai.versions.{model._meta.label}"  # type: ignore[attr-defined]
    post_save.connect(renew, sender=model, weak=False, dispatch_uid=uid + ".save")
    post_delete.connect(renew, sender=model, weak=False, dispatch_uid=uid + ".delete")
