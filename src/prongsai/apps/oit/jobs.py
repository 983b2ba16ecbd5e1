"""Background jobs on Django's task API (``django-tasks``), run by ``python -m prongsai.web.manage db_worker``;
tests use the immediate backend, which runs a job when it is enqueued (see ``plans.jobs``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_site_check(check_id: int) -> str:
    """Crawl and judge the agency's main website (``services.site_check_run``)."""
    from prongsai.apps.oit.services import site_check_run

    return site_check_run(check_id=check_id)
