"""Background jobs of assessment rounds (Django's task API, like apps/plans/jobs.py): the website checker."""

from __future__ import annotations

from django_tasks import task


@task()
def run_site_check(check_id: int) -> str:
    """Run the core website checker on the unit's main website; store its report (suggestions only: the unit
    still answers every item itself). Private addresses only where ``PRONGSAI_OIT_ALLOW_PRIVATE`` is on (tests)."""
    from django.conf import settings

    from prongsai.apps.rounds.frameworks import round_framework
    from prongsai.apps.rounds.models import SiteCheck
    from prongsai.core.errors import ProngsaiError
    from prongsai.core.oit import CrawlConfig, check_site_sync

    check = SiteCheck.objects.select_related("unit__round").get(pk=check_id)
    config = CrawlConfig(
        allow_private=bool(getattr(settings, "PRONGSAI_OIT_ALLOW_PRIVATE", False)),
        max_pages=int(getattr(settings, "PRONGSAI_ROUNDS_CHECK_MAX_PAGES", 200)),
        timeout=float(getattr(settings, "PRONGSAI_ROUNDS_CHECK_TIMEOUT", 15.0)),
    )
    try:
        report = check_site_sync(check.unit.website, round_framework(check.unit.round), config=config)
    except (ProngsaiError, OSError, ValueError) as exc:
        message = getattr(exc, "th", "") or "ตรวจเว็บไซต์ไม่สำเร็จ"
        SiteCheck.objects.filter(pk=check.pk).update(status=SiteCheck.Status.FAILED, error=str(message)[:500])
        return "failed"
    SiteCheck.objects.filter(pk=check.pk).update(status=SiteCheck.Status.DONE, report=report.to_json_dict())
    return "done"
