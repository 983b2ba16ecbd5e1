"""Every URL of the permission matrix, with sample rows for the own agency, for the header and XSS tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from tests.web import test_access as matrix

# Roles tried, in order, for each URL: the first one the matrix expects to get the page.
TRY_ROLES = ("anonymous", "coordinator", "agency_admin", "executive", "complaint_officer", "unit_staff", "auditor")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    role: str
    ok: int


def _sample_objects(world, report_text) -> dict:
    """The matrix's rows for both agencies (``test_access.matrix_objects``), and more text people write."""
    objects = matrix.matrix_objects(world, report_text)
    _more_rows(world, objects[world.own.pk])
    return objects


def _more_rows(world, o: dict) -> None:
    """Comments, an answer, complaint messages: text people write that the matrix's rows do not include."""
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.complaints import services as complaints
    from prongsai.apps.plans import services as plans
    from prongsai.apps.portal import services as portal

    coordinator = world.user("coordinator")
    access = agency_access(user=coordinator, agency=world.own)
    plans.plan_comment_add(plan=o["plan"], access=access, actor=coordinator, body="ความเห็นต่อแผน")
    plans.task_comment_add(task=o["task"], access=access, actor=coordinator, body="ความเห็นต่องาน")
    portal.question_answer(agency=world.own, question=o["question"], actor=coordinator, answer="คำตอบ")
    complaints.complaint_reporter_add(complaint=o["complaint"], body="ข้อความเพิ่มเติมจากผู้แจ้ง")
    complaints.complaint_reply(complaint=o["complaint"], officer=world.user("complaint_officer"), body="ตอบผู้แจ้ง")


def pages_of(world, objects) -> list[Page]:
    """Each GET URL of the matrix for the own agency, with a role that gets the page."""
    found = []
    for name, sample in matrix.SAMPLES.items():
        if sample["method"] != "get":
            continue
        url = reverse(name, kwargs=matrix._kwargs(name, world.own, objects))
        for role in TRY_ROLES:
            if matrix._expected(name, role, True) == sample["ok"]:
                found.append(Page(name, url, role, sample["ok"]))
                break
    return found


@pytest.fixture
def every_page(matrix_world, report_text, settings, tmp_path):
    """(world, [Page…]): every GET URL of the matrix with its sample rows written."""
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    objects = _sample_objects(matrix_world, report_text)
    return matrix_world, pages_of(matrix_world, objects)


matrix_world = matrix.matrix_world


@pytest.fixture
def every_page_objects(matrix_world, report_text, settings, tmp_path):
    """(world, sample objects by agency pk)."""
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return matrix_world, _sample_objects(matrix_world, report_text)
