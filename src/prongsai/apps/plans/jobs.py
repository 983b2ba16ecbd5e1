"""Background jobs on Django's task API (``django-tasks``). Run the worker with
``python -m prongsai.web.manage db_worker`` (see docs/deployment.md); tests and ``make run`` use the immediate
backend, which runs a job when it is enqueued."""

from __future__ import annotations

from django_tasks import task


@task()
def render_document(document_id: str) -> str:
    """Build a requested DOCX/PDF (``documents.document_render``)."""
    from prongsai.apps.plans.documents import document_render

    return document_render(document_id=document_id)
