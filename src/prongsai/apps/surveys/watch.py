"""Which responses the current request stored, for the burst watch of public links (``bursts.pulse_answer_take``).

``pulse_answers_store_many`` reports each response it creates to ``note_created``; the ids go only to a collector
opened by ``collecting()`` around one answer's store, in the same request and thread (a context variable), and from
there to the cache of the current run of that link. They are never returned, rendered or logged; with no collector
open (a command, the IIT mixing pool) nothing is kept.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

_collector: contextvars.ContextVar[list[tuple[int, str]] | None] = contextvars.ContextVar(
    "prongsai_pulse_created", default=None
)


@contextmanager
def collecting() -> Iterator[list[tuple[int, str]]]:
    """(pulse round id, response id) of every response stored inside the block."""
    found: list[tuple[int, str]] = []
    token = _collector.set(found)
    try:
        yield found
    finally:
        _collector.reset(token)


def note_created(*, round_id: int, response_ids: Iterable[object]) -> None:
    found = _collector.get()
    if found is not None:
        found.extend((round_id, str(pk)) for pk in response_ids)
