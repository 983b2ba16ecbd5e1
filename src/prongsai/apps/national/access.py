"""Who may see provincial and national aggregates: one function, ``regions_visible_to``, and the decorator every
``/national/…`` view wears. It extends ``agencies.access`` (the agency check), which never imports this app."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from prongsai.apps.agencies.access import ViewFunc, is_system_admin
from prongsai.apps.national.models import RegionalViewer, RegionScope


@dataclass(frozen=True)
class Regions:
    """The regional aggregates a person may see: the nation, or some provinces (``national.RegionalViewer``).

    A regional viewer sees aggregates and agencies' *published* results (the public pages); never an agency's
    private pages, which stay behind ``agency_view``.
    """

    nation: bool = False
    provinces: frozenset[str] = frozenset()

    @property
    def any(self) -> bool:
        return self.nation or bool(self.provinces)

    def sees(self, province: str | None) -> bool:
        """The nation (``province`` None) or one province."""
        return self.nation or (province is not None and province in self.provinces)

    @property
    def import_limit(self) -> frozenset[str] | None:
        """The provinces this person may import results for (None: any)."""
        return None if self.nation else self.provinces


def regions_visible_to(*, user: Any) -> Regions:
    """The nation for a system administrator or a nation-wide viewer; else the provinces of their viewer rows."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Regions()
    if is_system_admin(user):
        return Regions(nation=True)
    rows = list(RegionalViewer.objects.filter(user=user).values_list("scope", "province"))
    if any(scope == RegionScope.NATION for scope, _ in rows):
        return Regions(nation=True)
    return Regions(provinces=frozenset(p for scope, p in rows if scope == RegionScope.PROVINCE and p))


def region_view(view: ViewFunc) -> ViewFunc:
    """Wrap a regional view (``/national/…``): login, then 404 unless the person sees some region, and, when
    the URL names a ``province``, that province (404, not 403: a province one may not see does not exist for
    them). The view receives ``regions``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        regions = regions_visible_to(user=request.user)
        if not regions.any or ("province" in kwargs and not regions.sees(kwargs["province"])):
            raise Http404("ไม่พบหน้าที่ต้องการ")
        return view(request, *args, regions=regions, **kwargs)

    wrapper.prongsai_region_access = True  # type: ignore[attr-defined]
    return wrapper




def regional_landing(user: Any) -> str | None:
    """A regional viewer without an agency of their own starts on the regional dashboard."""
    return "national:home" if regions_visible_to(user=user).any else None
