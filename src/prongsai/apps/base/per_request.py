"""Answers that several parts of one page ask for (the menu, the next-tasks panel, a template tag), computed once
per request.

They are kept on an object that lives exactly as long as the request: the request itself, or the ``Access`` the
agency check made for it (``agencies.access.resolve_agency``). Nothing outlives the request, so nothing needs
invalidating; a holder of ``None`` (a template rendered without a request) computes every time.

    per_request(request, "frameworks.editor", lambda: can_edit_frameworks(user=request.user))
    per_request_set(access, key, value)  # a provider that learnt the answer as a by-product of its own query
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_ATTR = "_prongsai_per_request"


def _store(holder: Any) -> dict[str, Any]:
    # vars(): a frozen dataclass (Access) refuses setattr, not its own __dict__
    return vars(holder).setdefault(_ATTR, {})


def per_request(holder: Any, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``key`` is asked of ``holder``, the kept answer afterwards."""
    if holder is None:
        return compute()
    store = _store(holder)
    if key not in store:
        store[key] = compute()
    return store[key]


def per_request_set(holder: Any, key: str, value: Any) -> None:
    if holder is not None:
        _store(holder)[key] = value
