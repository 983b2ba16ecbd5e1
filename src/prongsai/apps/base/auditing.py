"""The audit hook: code below the audit app (``agencies``, ``base``) records changes through here.

The audit app registers its writer in ``AuditConfig.ready()`` (``register_recorder``); ``audit_change`` then
writes the entry in the caller's transaction, exactly as ``audit.services.audit_record`` does. Without a
recorder ``audit_change`` refuses (a change is never left unaudited silently).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Recorder = Callable[..., Any]

_recorder: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    """Set the function that writes an audit entry (keyword arguments as ``audit_change``)."""
    _recorder[:] = [recorder]


def audit_change(
    *,
    actor: Any,
    agency: Any,
    action: str,
    target: Any,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    note: str = "",
) -> Any:
    """Write one audit entry through the registered recorder; returns what it returns (the entry)."""
    if not _recorder:
        raise ImproperlyConfigured("no audit recorder registered (is prongsai.apps.audit installed?)")
    return _recorder[0](actor=actor, agency=agency, action=action, target=target, before=before, after=after, note=note)
