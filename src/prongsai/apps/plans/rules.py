"""Who may do what with plans and tasks, on top of the agency's permission table (``agencies.access``).

The views ask ``@agency_view(<permission>)`` first; the services ask these again (a service called from
anywhere else, a command or a test, is held to the same rules), and the templates ask them to show a form
or not.

- Draft, edit, submit a plan; add tasks: ``edit_results`` (agency administrator, ITA coordinator, system admin).
- Approve or return a submitted plan: ``approve`` (the agency's executive only), never one they drafted or submitted.
- Comment on plans and tasks: ``comment``.
- Update a task's status and progress, add evidence: ``edit_results``, or unit staff for their own unit's tasks.
"""

from __future__ import annotations

from prongsai.apps.agencies.access import Access
from prongsai.apps.agencies.models import Role
from prongsai.apps.plans.models import Task


def can_manage_plans(access: Access) -> bool:
    return access.can_edit_results


def can_decide(access: Access) -> bool:
    return access.can_approve


def can_comment(access: Access) -> bool:
    return access.can_comment


def can_update_task(access: Access, task: Task) -> bool:
    if task.agency_id != access.agency.pk:
        return False
    if access.can_edit_results:
        return True
    return access.role == Role.UNIT_STAFF and access.unit is not None and task.owner_unit_id == access.unit.pk
