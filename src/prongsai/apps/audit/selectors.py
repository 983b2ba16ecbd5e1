"""Reads for the audit log, always for one agency, with the changes spelled out field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.audit.registry import action_label, field_label


def audit_entries_for_agency(*, agency: Agency, action: str = "") -> QuerySet[AuditEntry]:
    """The agency's entries, newest first; ``action`` filters by an action code or its prefix (``result.``)."""
    entries = AuditEntry.objects.filter(agency=agency).order_by("-created_at", "-pk")
    if action:
        entries = entries.filter(action__startswith=action)
    return entries


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditLine:
    created_at: datetime
    actor: str
    action: str
    action_label: str
    target: str
    note: str
    changes: list[Change]


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list):
        return {prefix: f"{len(value)} รายการ"}
    return {prefix: "" if value is None else str(value)}


def changes_between(before: Any, after: Any) -> list[Change]:
    """Field-by-field differences of two snapshots (nested dicts flattened to ``a.b`` keys)."""
    old = _flatten(before or {})
    new = _flatten(after or {})
    keys = list(dict.fromkeys([*old, *new]))
    return [
        Change(key=k, label=field_label(k), before=old.get(k, ""), after=new.get(k, ""))
        for k in keys
        if old.get(k) != new.get(k)
    ]


def audit_lines(entries: Any) -> list[AuditLine]:
    """Read models for a page of entries."""
    return [
        AuditLine(
            created_at=e.created_at,
            actor=e.actor_label or "ระบบ",
            action=e.action,
            action_label=action_label(e.action),
            target=e.target_label,
            note=e.note,
            changes=changes_between(e.before, e.after),
        )
        for e in entries
    ]
