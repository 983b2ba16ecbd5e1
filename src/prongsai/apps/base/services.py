"""Shared writes: the audited create/update of one row that belongs to an agency (portal, procurement, registers)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from prongsai.apps.base.auditing import audit_change


class RowRefused(ValidationError):
    """A row write that is refused, with a Thai message."""


def _snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.pk if isinstance(value, models.Model) else value
    return out


@transaction.atomic
def agency_row_save(
    *,
    agency: models.Model,
    actor: Any,
    model: type[models.Model],
    instance: models.Model | None,
    data: Mapping[str, Any],
    action: str,
) -> models.Model:
    """Create (``instance`` None) or update an agency's row with ``data``; audit what changed.

    ``model`` has an ``agency`` foreign key; the audit action is ``<action>.created`` or ``<action>.updated``.
    Nothing is written (and nothing audited) when ``data`` changes nothing.
    """
    fields = list(data)
    given = instance
    if instance is not None:
        # Compare with the row as stored: a bound ModelForm has already copied the input onto ``instance``.
        instance = model.objects.select_for_update().get(pk=instance.pk)
        if instance.agency_id != agency.pk:
            raise RowRefused("ข้อมูลนี้ไม่ใช่ของหน่วยงานนี้")
    before = _snapshot(instance, fields) if instance is not None else None
    obj = instance if instance is not None else model(agency=agency)
    for name, value in data.items():
        setattr(obj, name, value)
        if given is not None:
            setattr(given, name, value)  # the caller's object shows what was saved too
    obj.full_clean()
    after = _snapshot(obj, fields)
    if before == after:
        return obj
    obj.save()
    audit_change(
        actor=actor,
        agency=agency,
        action=f"{action}.{'updated' if before else 'created'}",
        target=obj,
        before=before,
        after=after,
    )
    return obj
