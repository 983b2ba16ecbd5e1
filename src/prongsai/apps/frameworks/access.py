"""Who may open the framework workbench (``/frameworks/…``): a system administrator, or a person granted the right
(``FrameworkEditor``). Anonymous visitors go to the login page; anyone else signed in gets 404, not 403, as an
agency one may not see does (``agencies.access``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from prongsai.apps.agencies.access import is_system_admin
from prongsai.apps.frameworks.selectors import can_edit_frameworks

ViewFunc = Callable[..., HttpResponse]


def _login(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)})
    return redirect_to_login(request.get_full_path())


def framework_editor_view(view: ViewFunc) -> ViewFunc:
    """Wrap a workbench view: login, then 404 unless the person may edit frameworks."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login(request)
        if not can_edit_frameworks(user=request.user):
            raise Http404("ไม่พบหน้าที่ต้องการ")
        return view(request, *args, **kwargs)

    wrapper.prongsai_access = "frameworks"  # type: ignore[attr-defined]
    return wrapper


def system_admin_view(view: ViewFunc) -> ViewFunc:
    """Wrap a view only a system administrator may open (granting the workbench right): 404 for anyone else."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login(request)
        if not is_system_admin(request.user):
            raise Http404("ไม่พบหน้าที่ต้องการ")
        return view(request, *args, **kwargs)

    wrapper.prongsai_access = "system_admin"  # type: ignore[attr-defined]
    return wrapper
