"""Encryption at rest for reporters' identities, contact details and complaint content.

Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package) with the keys in
``settings.PRONGSAI_FIELD_KEYS``: the first key encrypts, every key decrypts, so keys can be rotated.
The keys come from settings (the environment in production), never from the database.

    sealed = seal_text("สมชาย")        "f1:gAAAAA…" (a different token every time)
    open_text(sealed)                  "สมชาย"
    EncryptedTextField()               a model field that seals on save and opens on load
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "f1:"


class SealError(Exception):
    """A stored value could not be decrypted with any configured key."""


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in getattr(settings, "PRONGSAI_FIELD_KEYS", []) or [] if k and k.strip()]
    if not keys:
        raise ImproperlyConfigured("PRONGSAI_FIELD_KEYS is not set: reporters' data cannot be encrypted")
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured(
            "PRONGSAI_FIELD_KEYS: each key must be a Fernet key (urlsafe base64, 32 bytes)"
        ) from exc


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal_text(value: str) -> str:
    """Encrypt ``value``; the empty string stays empty (nothing to hide, and no length to leak)."""
    if value is None or value == "":
        return ""
    return PREFIX + _fernet().encrypt(str(value).encode("utf-8")).decode("ascii")


def open_text(value: str) -> str:
    if value is None or value == "":
        return ""
    if not is_sealed(value):
        raise SealError("value is not sealed")
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise SealError("no configured key opens this value") from exc


def seal_json(data: dict[str, Any]) -> str:
    return seal_text(json.dumps(data, ensure_ascii=False, sort_keys=True)) if data else ""


def open_json(value: str) -> dict[str, Any]:
    text = open_text(value)
    return json.loads(text) if text else {}


class EncryptedTextField(models.TextField):
    """Text sealed in the database; plain in Python. Not searchable or sortable, by design.

    ``dumpdata`` writes the sealed form (``value_to_string``), and ``loaddata`` reads it back.
    """

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return open_text(value)

    def to_python(self, value: Any) -> Any:
        if is_sealed(value):
            return open_text(value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or is_sealed(value):
            return value
        return seal_text(value)

    def value_to_string(self, obj: models.Model) -> str:
        return seal_text(self.value_from_object(obj) or "")
