"""The public pages' cache: a version per agency (and one for the whole site), and the middleware that serves the
rendered public pages to anonymous visitors from Django's cache (docs/performance.md, "Cached public pages").

- ``public_version(slug)`` is the agency's current version (a ``base.versions`` token: random, with the time it
  was made, kept in the default cache; a fresh one when none is kept yet, e.g. after a restart of a local-memory
  cache). The key of every cached page holds it, so bumping it makes every cached page of that agency unreachable
  at once.
- ``public_version_bump(agency=…)`` gives the agency a new token now and again when the transaction commits (the
  first so that this request's next read misses, the second so that a page rendered between the two from the
  data before the commit is never reached again). ``agency=None`` bumps the site-wide version (frameworks, a
  national import: every agency's pages).
- The audit app calls ``public_version_bump`` for every audit entry it writes (``audit.services.audit_record``),
  so every audited write of an agency's data (results, publish/unpublish, news, answers, e-service types, OIT
  evidence, registers, procurement, plan documents) invalidates its public pages without each service having to
  remember it.

What is cached (``PublicPageCacheMiddleware``): only GET requests to the URL names in ``CACHEABLE_VIEWS`` (the
portal's read-only pages and open data, ``/agencies/<slug>/``), only from a request that carries no cookie but the
CSRF cookie (a signed-in person or anyone with a session or a pending message is never served from the cache),
only a 200 response to an anonymous request that sets no cookie, is not streamed, is not ``no-store``/``private``
and carries no CSP nonce. The form pages (Q&A, e-service, complaints, surveys) are not in the list and are
``no-store`` anyway. The key is made of the host, the scheme, the full path with its query (``?digits=thai``…),
today's date, and the site's and the agency's versions. Cacheable responses get an ``ETag``, ``Last-Modified``
(the latest of the two versions' times and the start of today: when the page's data last changed, or later when
a version was lost) and ``Cache-Control: public, max-age=60`` (a conditional GET with the ETag answers 304).

Off when ``PRONGSAI_PUBLIC_CACHE`` is false (the test settings; tests of the cache turn it on). With several
processes the cache must be shared (Redis, ``PRONGSAI_CACHE_URL``): with a local-memory cache each process keeps
its own versions and pages, so a change could be seen late by the other processes until ``PUBLIC_PAGE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from prongsai.apps.base import versions

SITE = "__site__"
PUBLIC_PAGE_SECONDS = 300  # how long a rendered page is kept (a bump makes it unreachable before that)
MAX_AGE = 60  # Cache-Control max-age for browsers, nginx and CDNs

CACHEABLE_VIEWS = frozenset(
    {
        "portal:home",
        "portal:results",
        "portal:result_year",
        "portal:news",
        "portal:news_detail",
        "portal:oit",
        "portal:oit_year",
        "portal:data",
        "portal:data_catalog_json",
        "portal:dataset",
        "portal:dataset_download",
        "assessments:agency_results",
    }
)


def version_name(slug: str) -> str:
    """The ``base.versions`` name of an agency's (or, with ``SITE``, the site's) public version."""
    return f"public:{slug}"


def public_version(slug: str) -> str:
    """The agency's current public version (``SITE`` for the site-wide one): a ``base.versions`` token."""
    return versions.version(version_name(slug))


def _versions(slug: str) -> tuple[str, str]:
    site, own = versions.versions([version_name(SITE), version_name(slug)])
    return site, own


def public_version_bump(*, agency: Any = None, slugs: list[str] | None = None) -> None:
    """A new public version for the agency (``agency=None`` and no ``slugs``: the whole site), now and on commit."""
    names = list(slugs or [])
    if agency is not None and getattr(agency, "slug", ""):
        names.append(agency.slug)
    if agency is None and not slugs:
        names = [SITE]
    versions.bump(*(version_name(slug) for slug in names))


def _enabled() -> bool:
    return bool(getattr(settings, "PRONGSAI_PUBLIC_CACHE", True))


def _cacheable_request(request: HttpRequest) -> str | None:
    """The agency slug when this request may be answered from (and stored in) the cache, else None."""
    if request.method != "GET":
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in CACHEABLE_VIEWS:
        return None
    return str(match.kwargs.get("slug") or "") or None


def _page_key(request: HttpRequest, slug: str) -> tuple[str, int]:
    """The cache key of this request's page, and when its data last changed (unix seconds)."""
    site, own = _versions(slug)
    today = timezone.localdate()
    midnight = datetime(today.year, today.month, today.day, tzinfo=timezone.get_current_timezone())
    changed_at = max(versions.token_time(site), versions.token_time(own), int(midnight.timestamp()))
    raw = "\n".join(
        [
            request.get_host(),
            request.scheme,
            request.get_full_path(),
            today.isoformat(),
            site,
            own,
        ]
    )
    return "public-page:" + hashlib.sha256(raw.encode()).hexdigest(), changed_at


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if "no-store" in control or "private" in control or "no-cache" in control:
        return False
    for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "nonce-" in response.get(name, ""):
            return False
    return True


def _mark_public(response: HttpResponse, changed_at: int) -> None:
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(min(changed_at, int(time.time())))


class PublicPageCacheMiddleware:
    """Serves and stores the anonymous public pages (see the module's docstring). Sits just after
    ``SecurityMiddleware``: a cached page skips sessions, authentication and the views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slug = _cacheable_request(request) if _enabled() else None
        if slug is None:
            return self.get_response(request)
        key, changed_at = _page_key(request, slug)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Prongsai-Cache"] = "hit"
            conditional = get_conditional_response(
                request, etag=response.get("ETag"), last_modified=None, response=response
            )
            return conditional
        response = self.get_response(request)
        if _storable(request, response):
            _mark_public(response, changed_at)
            headers = [(k, v) for k, v in response.items() if k.lower() != "x-prongsai-cache"]
            cache.set(key, (response.status_code, headers, response.content), PUBLIC_PAGE_SECONDS)
            conditional = get_conditional_response(
                request, etag=response.get("ETag"), last_modified=None, response=response
            )
            return conditional
        return response
