"""Shared view step for the apps' forms: run the service, keep its error beside what the user typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError

T = TypeVar("T")


def save_form(request: Any, form: Any, save: Callable[[], T]) -> tuple[bool, T | None]:
    """On a valid POST, run the service call `save`; its ValidationError becomes a form error.

    Returns (saved, what the service returned).
    """
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, save()
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return False, None
