"""Shared fixtures. Django-related fixtures live here (pytest-django provides ``db``, ``client``…)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches: the public forms' per-client counters and survey runs
    (``prongsai.apps.base.abuse``, all tests come from 127.0.0.1) never carry over from another test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def demo_agency(db):
    """The fictional demo agency with its results, loaded through the ``load_demo`` command."""
    import io

    from django.core.management import call_command

    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.assessments.demo import DEMO_SLUG

    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    return Agency.objects.get(slug=DEMO_SLUG)
