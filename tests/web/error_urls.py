"""A URLconf for the error-page tests: the site's URLs, its handler500, and three views that fail."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import path

from prongsai.web.urls import handler500 as site_handler500
from prongsai.web.urls import urlpatterns as site_urlpatterns

handler500 = site_handler500


def _not_found(request):
    raise Http404("this view has nothing")


def _bad_request(request):
    raise SuspiciousOperation("a malformed request")


def _crash(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("test-errors/404/", _not_found),
    path("test-errors/400/", _bad_request),
    path("test-errors/500/", _crash),
    *site_urlpatterns,
]
