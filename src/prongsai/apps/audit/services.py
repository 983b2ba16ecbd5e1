"""Writes for the audit log. Called from other apps' services, inside their transactions, so an entry is
written exactly when the change it describes is."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.public_cache import public_version_bump


def _jsonable(value: Any) -> Any:
    """Plain JSON: Decimals become strings with their digits kept ("93.70"), keys become strings."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def actor_label(actor: Any) -> str:
    if real_actor(actor) is None:
        return ""
    full = actor.get_full_name().strip() if hasattr(actor, "get_full_name") else ""
    return f"{full} ({actor.get_username()})" if full else actor.get_username()


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    agency: Agency | None,
    action: str,
    target: models.Model | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    note: str = "",
) -> AuditEntry:
    """Add one entry. ``actor`` None (or anonymous) means the system (a command such as ``load_demo``)."""
    if not action:
        raise ValueError("audit_record: action is required")
    person = real_actor(actor)
    public_version_bump(agency=agency)  # the agency's public pages (or, without an agency, every page) change
    return AuditEntry.objects.create(
        agency=agency,
        actor=person,
        actor_label=actor_label(person)[:300],
        action=action[:80],
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
    )
