"""Reads: the frameworks this installation knows, for every app (``framework_registry``), and the workbench's
lists of years and versions."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from prongsai.apps.base.per_request import per_request
from prongsai.apps.frameworks.models import FrameworkEditor, FrameworkVersion, FrameworkYear, framework_origin
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry, default_registry
from prongsai.core.frameworks.loader import ENV_PATH
from prongsai.core.frameworks.schema import Framework
from prongsai.core.thai import fiscal_year_of

_LOCK = threading.Lock()
_CACHED: dict[str, tuple[tuple[int, Any] | None, FrameworkRegistry]] = {}


def _stamp() -> tuple[int, Any] | None:
    """The newest version's id and time: versions are only ever added, so a new one means something changed (the
    time guards against an id reused after a rollback or a restore)."""
    return FrameworkVersion.objects.order_by("-pk").values_list("pk", "created_at").first()


def _stored() -> dict[int, tuple[dict[str, Any], str]]:
    current = FrameworkVersion.objects.filter(number=F("year__version")).select_related("year")
    return {
        v.year.fiscal_year: (v.raw, framework_origin(v.year.fiscal_year, v.number))
        for v in current
        if v.raw is not None
    }


def framework_registry() -> FrameworkRegistry:
    """The frameworks of this installation: built-in years, PRONGSAI_FRAMEWORK_PATH, then the workbench's
    current versions. One cached registry per process, rebuilt when a version is added."""
    key = os.environ.get(ENV_PATH, "")
    stamp = _stamp()
    cached = _CACHED.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _LOCK:
        stored = _stored() if stamp is not None else {}
        registry = FrameworkRegistry(default_registry().extra_paths, stored)
        _CACHED[key] = (stamp, registry)
    return registry


def _framework_in(registry: FrameworkRegistry, fiscal_year: int) -> Framework | None:
    if fiscal_year not in registry.years():
        return None
    try:
        return registry.get(fiscal_year)
    except ProngsaiError:
        return None


def framework_for(*, fiscal_year: int) -> Framework | None:
    """The year's framework, or None when the installation has none (a page then says so: never a 500)."""
    return _framework_in(framework_registry(), fiscal_year)


def current_fiscal_year(*, today: date | None = None) -> int:
    """The fiscal year of today's date (1 Oct – 30 Sep), whatever frameworks exist."""
    return fiscal_year_of(today or timezone.localdate())


@dataclass(frozen=True)
class YearState:
    """What a page needs to say about one fiscal year's framework."""

    fiscal_year: int
    exists: bool
    provisional: bool
    status_label: str
    warning: str | None  # the provisional warning, Thai
    base_year: int | None  # the nearest earlier year to create this one from, when it does not exist


def year_state(*, fiscal_year: int) -> YearState:
    registry = framework_registry()
    framework = _framework_in(registry, fiscal_year)
    if framework is None:
        earlier = [y for y in registry.years() if y < fiscal_year]
        return YearState(fiscal_year, False, True, "ยังไม่มีกรอบการประเมิน", None, earlier[-1] if earlier else None)
    warning = framework.status_warning()
    return YearState(
        fiscal_year, True, framework.is_provisional, "ชั่วคราว" if framework.is_provisional else "ยืนยันแล้ว",
        warning[0] if warning else None, None,
    )


def can_edit_frameworks(*, user: Any) -> bool:
    """A system administrator, or a person granted the right (``FrameworkEditor``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return FrameworkEditor.objects.filter(user=user).exists()


def request_can_edit_frameworks(request: Any) -> bool:
    """``can_edit_frameworks`` for the request's person, asked once per request (the menu and
    ``{% framework_status %}`` both want it on the same page)."""
    return per_request(request, "frameworks.editor", lambda: can_edit_frameworks(user=getattr(request, "user", None)))


def stored_years() -> QuerySet[FrameworkYear]:
    return FrameworkYear.objects.all().order_by("-fiscal_year")


def stored_year(*, fiscal_year: int) -> FrameworkYear | None:
    return FrameworkYear.objects.filter(fiscal_year=fiscal_year).first()


def current_version(*, fiscal_year: int) -> int:
    """The number of the year's current stored version; 0 while the year has none (built-in or file)."""
    year = stored_year(fiscal_year=fiscal_year)
    return year.version if year else 0


def year_versions(*, fiscal_year: int) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(year__fiscal_year=fiscal_year).select_related("actor").order_by("-number")


def year_version(*, fiscal_year: int, number: int) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(year__fiscal_year=fiscal_year, number=number).first()


def framework_editors() -> QuerySet[FrameworkEditor]:
    """The people granted the workbench right (system administrators have it without a row)."""
    return FrameworkEditor.objects.select_related("user", "granted_by").order_by("user__username")


def active_user_named(*, username: str) -> Any:
    """An active user by sign-in name, or None (the editors page grants the right by name)."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    return model.objects.filter(**{model.USERNAME_FIELD: username.strip()}, is_active=True).first()


def user_by_pk(*, pk: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk).first()
