"""Pages kept per person: a signed-in person's rendered page, kept in Django's cache under a key made of everything
the page shows, and served again without running the view's reads or its template (docs/performance.md,
"Dashboard: the page kept per person"). The staff dashboard uses it; its key lists the data versions
(``base.versions``), the person, their ``Access``, the header's inputs, today and the full path.

What a caller must do: name in ``parts`` every input of the page that is not the same for everyone with the same
parts. A forgotten input is a stale page, so keep a page only where each input is versioned (``base.versions``) or
read on every request and put in the parts.

What this module does:

- the CSRF token is rendered as a placeholder and replaced, on every serve, by this request's own token;
- a request with messages waiting is neither served a kept page nor kept (the messages are shown once, live);
- only a 200 response that sets no cookie is kept; the page is stored compressed (a dashboard is ~35 KB of HTML);
- the page is kept for ``seconds`` at most (0: never kept, e.g. ``PRONGSAI_DASHBOARD_FRAGMENTS`` off).

The session, the person, the second factor and the agency access are checked before this, on every request (the
middleware and ``agency_view``): a kept page is never served to someone who may no longer see it.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

CSRF_PLACEHOLDER = "kept-page-csrf-token-7f3a9c"  # rendered in place of the token, replaced on each serve
CACHE_HEADER = "X-Prongsai-Cache"


def _messages_waiting(request: HttpRequest) -> bool:
    """Whether a message waits to be shown (``len`` loads them without marking them shown)."""
    return bool(len(get_messages(request)))


def kept_page_key(name: str, parts: Iterable[Any]) -> str:
    raw = "\n".join(str(p) for p in parts)
    return f"kept-page:{name}:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_token(content: bytes, request: HttpRequest) -> bytes:
    if CSRF_PLACEHOLDER.encode() not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def kept_page(
    request: HttpRequest,
    *,
    name: str,
    parts: Iterable[Any],
    seconds: int,
    render: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """The page kept under (``name``, ``parts``), else ``render(extra_context)`` kept for ``seconds``.

    ``render`` receives the context to add to the page's own (the CSRF placeholder) and renders it."""
    if seconds <= 0 or request.method not in ("GET", "HEAD") or _messages_waiting(request):
        return render({})
    key = kept_page_key(name, parts)
    stored = cache.get(key)
    if stored is not None:
        content_type, packed = stored
        response = HttpResponse(_with_token(zlib.decompress(packed), request), content_type=content_type)
        response[CACHE_HEADER] = "kept"
        return response
    response = render({"csrf_token": CSRF_PLACEHOLDER})
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response["Content-Type"], zlib.compress(response.content, 1)), seconds)
    if not response.streaming:
        response.content = _with_token(response.content, request)
    return response
