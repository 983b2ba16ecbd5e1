"""Writes for plans, approvals, tasks, evidence and comments. Keyword-only, typed, atomic, audited.

Every service takes the ``access`` the view resolved (``agencies.access.agency_access``) and checks the rule in
``rules`` again, so a command or a test is held to the same rules as a page. Bad input raises ``PlanRefused``
(a ``ValidationError`` with a Thai message) before anything is written.

Plan writes take ``version``, the version the person saw: a plan changed by someone else in between is refused
(nothing is overwritten), and a form posted twice does not act twice. Each plan write bumps ``Plan.version``,
adds a ``PlanVersion`` snapshot and an audit entry, in one transaction. Every edit is validated through the core
(``MeasuresPlan.from_json_dict``): a plan with a date outside its fiscal year is never stored.

One module per role: ``plans`` (drafting, measures, the approval workflow), ``tasks``, ``evidence``; what they
share (refusals, the write preamble, version recording) is in ``_common``. This package re-exports the public
names: callers use ``from prongsai.apps.plans import services`` or ``from prongsai.apps.plans.services import …``;
a test that patches a name patches it on the module that defines it.
"""

from prongsai.apps.plans.inputs import measures_plan
from prongsai.apps.plans.services._common import MAX_COMMENT, MAX_TITLE, NotAllowed, PlanRefused
from prongsai.apps.plans.services.evidence import evidence_add, evidence_remove
from prongsai.apps.plans.services.plans import (
    EDITABLE_FIELDS,
    measure_add,
    measure_remove,
    measure_update,
    plan_approve,
    plan_comment_add,
    plan_draft,
    plan_return,
    plan_submit,
)
from prongsai.apps.plans.services.tasks import task_comment_add, task_create, task_update, unit_for_name

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_COMMENT",
    "MAX_TITLE",
    "NotAllowed",
    "PlanRefused",
    "evidence_add",
    "evidence_remove",
    "measure_add",
    "measure_remove",
    "measure_update",
    "measures_plan",
    "plan_approve",
    "plan_comment_add",
    "plan_draft",
    "plan_return",
    "plan_submit",
    "task_comment_add",
    "task_create",
    "task_update",
    "unit_for_name",
]
