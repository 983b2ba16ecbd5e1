"""Thai error pages even with DEBUG on.

In production (DEBUG off) Django answers errors with the site's handlers: ``404.html``, ``403.html``, ``400.html``
(Django's default handlers render these Thai templates) and ``handler500`` (``busy.server_error``: the Thai
``500.html``, or 503 "busy"). With DEBUG on (``make run``, settings/local.py) Django shows its own English debug
pages instead for 404, 400 and 500, so a person trying the app meets English. ``ThaiErrorPagesMiddleware`` answers
those with the same Thai pages unless a developer asks for Django's: setting ``PRONGSAI_DEBUG_ERROR_PAGES`` (env
``PRONGSAI_DEBUG_404=1``). The traceback of a 500 still goes to the console (logger ``django.request``).

403 needs nothing: Django renders ``handler403`` whatever DEBUG says. With DEBUG off this middleware does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import get_exception_response
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf

logger = logging.getLogger("django.request")


def thai_pages_wanted() -> bool:
    """DEBUG is on and no developer asked for Django's debug pages."""
    return bool(settings.DEBUG) and not getattr(settings, "PRONGSAI_DEBUG_ERROR_PAGES", False)


def _error_page(request: HttpRequest, status: int, exception: Exception) -> HttpResponse:
    """The site's handler for ``status`` (handler404/400/500 of the URLconf, or Django's defaults)."""
    resolver = get_resolver(getattr(request, "urlconf", None) or get_urlconf())
    if status == 500:  # handler500 takes no exception (busy.server_error reads sys.exc_info())
        return resolver.resolve_error_handler(500)(request)
    return get_exception_response(request, resolver, status, exception)


class ThaiErrorPagesMiddleware:
    """Placed before the busy middleware, so that a saturated database still answers its own 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No URL matched (the view never ran, so process_exception did not see it): Django's debug 404.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and thai_pages_wanted():
            response = _error_page(request, 404, Resolver404({"path": request.path_info}))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not thai_pages_wanted() or isinstance(exception, PermissionDenied):
            return None  # production handles it; 403 is Thai already
        if isinstance(exception, Http404):
            status = 404
        elif isinstance(exception, BadRequest | SuspiciousOperation):
            status = 400
        else:
            logger.error("Internal Server Error: %s", request.path, exc_info=exception)
            status = 500
        return _error_page(request, status, exception)
