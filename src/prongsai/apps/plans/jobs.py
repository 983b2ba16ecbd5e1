"""Background jobs on Django's task API (``django-tasks``). Run the worker with
``python -m prongsai.web.manage db_worker`` (see docs/deployment.md); tests and ``make run`` use the immediate
backend, which runs a job when it is enqueued.

A job is declared beside the service it runs (``documents.document_render_job`` runs ``documents.document_render``),
so the service that queues it does not import this module; this module lists the app's jobs."""

from __future__ import annotations

from prongsai.apps.plans.documents import document_render_job

# The job's name before it was renamed: a row queued then stores the task path
# ``prongsai.apps.plans.jobs.render_document``, which the worker imports; it names the same task.
render_document = document_render_job

__all__ = ["document_render_job", "render_document"]
