"""Background jobs on Django's task API (``django-tasks``), run by ``python -m prongsai.web.manage db_worker``;
tests use the immediate backend, which runs a job when it is enqueued (see ``plans.jobs``).

A job is declared beside the service it runs (``services.site_check_job`` runs ``services.site_check_run``), so
the service that queues it does not import this module; this module lists the app's jobs."""

from __future__ import annotations

from prongsai.apps.oit.services import site_check_job

# The job's name before it was renamed: a row queued then stores the task path
# ``prongsai.apps.oit.jobs.run_site_check``, which the worker imports; it names the same task.
run_site_check = site_check_job

__all__ = ["run_site_check", "site_check_job"]
