"""Background jobs were renamed `*_job`; rows queued under the old names must still run.

django-tasks' database backend stores a job's task path (module.function) and the worker imports it: the old
paths must keep naming the same task as the new ones."""

from __future__ import annotations

import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task

JOBS = {
    "prongsai.apps.oit.jobs.run_site_check": "prongsai.apps.oit.services.site_check_job",
    "prongsai.apps.plans.jobs.render_document": "prongsai.apps.plans.documents.document_render_job",
}


@pytest.mark.parametrize(("old", "new"), JOBS.items())
def test_an_old_task_path_names_the_renamed_job(old, new):
    task = import_string(new)
    assert isinstance(task, Task) and task.module_path == new
    assert import_string(old) is task
    assert import_string(new.rsplit(".", 2)[0] + ".jobs." + new.rsplit(".", 1)[1]) is task  # listed in jobs


@pytest.mark.django_db
def test_a_row_queued_under_the_old_path_resolves_to_the_job():
    from django_tasks_db.models import DBTaskResult

    for old, new in JOBS.items():
        row = DBTaskResult(task_path=old, args_kwargs={"args": [1], "kwargs": {}}, backend_name="default")
        assert row.task.func is import_string(new).func
