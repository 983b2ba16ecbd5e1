"""Shared fixtures. Django-related fixtures live here (pytest-django provides ``db``, ``client``…)."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_agency(db):
    """The fictional demo agency with its results, loaded through the ``load_demo`` command."""
    import io

    from django.core.management import call_command

    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.assessments.demo import DEMO_SLUG

    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    return Agency.objects.get(slug=DEMO_SLUG)
