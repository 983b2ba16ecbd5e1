"""Who did it: the person to store on a row (``created_by``, ``actor`` …)."""

from __future__ import annotations

from typing import Any


def real_actor(actor: Any) -> Any:
    """``actor`` when it is a signed-in person; None for the system (a command) and for anonymous visitors."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
