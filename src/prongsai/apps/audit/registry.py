"""Thai labels for audit actions and for the fields in ``before``/``after``.

Each app registers its own in ``AppConfig.ready()``; an unknown code shows as itself.

    register_actions({"result.created": "บันทึกผลการประเมินครั้งแรก"})
    register_fields({"overall": "คะแนนรวม"})
"""

from __future__ import annotations

from collections.abc import Mapping

_ACTIONS: dict[str, str] = {}
_FIELDS: dict[str, str] = {}


def register_actions(labels: Mapping[str, str]) -> None:
    _ACTIONS.update(labels)


def register_fields(labels: Mapping[str, str]) -> None:
    _FIELDS.update(labels)


def action_label(code: str) -> str:
    return _ACTIONS.get(code, code)


def field_label(key: str) -> str:
    """``indicators.3`` → the label of ``indicators.3`` if registered, else of ``indicators`` + " 3"."""
    if key in _FIELDS:
        return _FIELDS[key]
    head, _, tail = key.partition(".")
    if tail and head in _FIELDS:
        return f"{_FIELDS[head]} {tail}"
    return key


def known_actions() -> dict[str, str]:
    return dict(_ACTIONS)
