"""This site's own address in links: the request's host when there is a request (``build_absolute_uri``), else the
configured ``PRONGSAI_SITE_URL`` (production sets it; in development it defaults to ``http://127.0.0.1:8000``).

Links to the site's own pages that were stored with an address (demo OIT evidence, a checklist pre-filled from it)
carry the configured address or the development default; ``follow_site`` points them at the address the page is
being served from, so a development server on another port never shows dead links."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"


def configured_site_url() -> str:
    return (getattr(settings, "PRONGSAI_SITE_URL", "") or DEVELOPMENT_DEFAULT).rstrip("/")


def site_base_url(request: Any = None) -> str:
    """``https://host[:port]`` of the request, else the configured site address; no trailing slash."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return configured_site_url()


def follow_site(url: str, base: str) -> str:
    """``url`` with the configured site address (or the development default) replaced by ``base``."""
    text = str(url or "")
    base = (base or "").rstrip("/")
    if not base:
        return text
    for prefix in dict.fromkeys((configured_site_url(), DEVELOPMENT_DEFAULT)):
        if text == prefix or text.startswith(prefix + "/"):
            return base + text[len(prefix):]
    return text
