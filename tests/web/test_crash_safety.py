"""Crash safety: every multi-step write is one transaction, and a process killed in the middle of a write leaves
nothing half-written.

1. A static audit: every public write function in the apps' services (and imports, documents) either runs in
   ``transaction.atomic`` or makes at most one write (a call to one atomic service).
2. For the multi-step writes users rely on, a failure forced after the last write (the real writes ran, then an
   error) leaves every table and the files folder exactly as before.
3. Kill tests: a child process on a file database (SQLite; PostgreSQL too when DATABASE_URL points there) is
   SIGKILLed while (a) an import of results and (b) a plan approval is half-way through its writes (the child
   pauses at that point by a patch inside the child itself; production code has no test hook). After a restart
   the database opens, nothing of the interrupted write is there, and the operation can be done again.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import signal
import time
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from tests.web.subprocess_django import Site, postgres_database, postgres_url

APPS = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "apps"
WRITE_MODULES = sorted(
    [
        *APPS.glob("*/services.py"),
        *APPS.glob("*/services/*.py"),  # an app whose services are a package (plans)
        APPS / "assessments" / "imports.py",
        APPS / "plans" / "documents.py",
    ]
)
WRITE_METHODS = {"save", "create", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


# --- 1. the static audit -------------------------------------------------------------------------------------


def _is_atomic(fn: ast.FunctionDef) -> bool:
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and target.attr == "atomic":
            return True
    for node in ast.walk(fn):
        if isinstance(node, ast.With):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "atomic":
                    return True
    return False


def _functions() -> dict[str, tuple[Path, ast.FunctionDef]]:
    found = {}
    for path in WRITE_MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                found[".".join((*path.relative_to(APPS).with_suffix("").parts, node.name))] = (path, node)
    return found


def _writes(fn: ast.FunctionDef, atomic_names: set[str]) -> list[str]:
    writes = []
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            writes.append(f"line {node.lineno}: .{func.attr}()")
        elif isinstance(func, ast.Name) and func.id in atomic_names | {"audit_record"}:
            writes.append(f"line {node.lineno}: {func.id}()")
    return writes


def test_every_multi_step_service_write_runs_in_one_transaction():
    functions = _functions()
    atomic_names = {key.rsplit(".", 1)[1] for key, (_, fn) in functions.items() if _is_atomic(fn)}
    assert {"result_record", "import_confirm", "plan_approve", "evidence_add", "agency_row_save"} <= atomic_names
    offenders = {}
    for key, (_, fn) in functions.items():
        if fn.name.startswith("_") or _is_atomic(fn):
            continue
        writes = _writes(fn, atomic_names)
        if len(writes) > 1:
            offenders[key] = writes
    assert not offenders, f"multi-step writes outside transaction.atomic: {offenders}"


def test_the_audit_sees_a_non_atomic_multi_step_write():
    """The audit itself can fail: a two-write function without ``atomic`` is reported."""
    tree = ast.parse("def thing_save(*, a):\n    a.save()\n    audit_record(actor=None)\n")
    fn = tree.body[0]
    assert not _is_atomic(fn) and len(_writes(fn, set())) == 2
    wrapped = ast.parse("@transaction.atomic\ndef thing_save(*, a):\n    a.save()\n").body[0]
    assert _is_atomic(wrapped)


# --- 2. failure after the last write: nothing stays --------------------------------------------------------------


def _state(files_dir: Path) -> dict:
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    rows = {
        m._meta.label: list(m._base_manager.order_by("pk").values_list())
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
    }
    rows["<files>"] = sorted(str(p) for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []
    return rows


class Boom(Exception):
    pass


def _fail_after(target: str, seen: list, files_dir: Path):
    """Patch ``target`` so that it runs, the state in the middle of the transaction is noted, then it fails."""
    real = pkgutil.resolve_name(target)

    def wrapper(*args, **kwargs):
        real(*args, **kwargs)
        seen.append(_state(files_dir))
        raise Boom(target)

    return mock.patch(target, side_effect=wrapper)


@pytest.fixture
def files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"
    return settings.PRONGSAI_FILES_DIR


def _access(world, role, agency=None):
    from prongsai.apps.agencies.access import agency_access

    return agency_access(user=world.user(role), agency=agency or world.own)


def _submitted_plan(world):
    from prongsai.apps.plans import services

    coord = world.user("coordinator")
    plan = services.plan_draft(agency=world.own, access=_access(world, "coordinator"), actor=coord,
                               results_fiscal_year=2568)
    return services.plan_submit(plan=plan, access=_access(world, "coordinator"), actor=coord, version=plan.version)


def _case_result_record(world, files_dir):
    from prongsai.apps.assessments.services import result_record

    scores = {n: 80 + n for n in range(1, 11)}
    return "prongsai.apps.assessments.services.audit_record", lambda: result_record(
        agency=world.own, fiscal_year=2566, indicator_scores=scores, actor=world.user("coordinator"))


def _case_import_confirm(world, files_dir, report_text):
    from prongsai.apps.assessments import imports

    user = world.user("coordinator")
    text = report_text(year=2566, scores={n: 70 + n for n in range(1, 11)})
    pending = imports.import_prepare(agency=world.own, actor=user, data=text.encode(), filename="ผล.txt")
    token = imports.confirmation_token(pending=pending, user=user)
    return "prongsai.apps.assessments.imports.audit_record", lambda: imports.import_confirm(
        agency=world.own, pending_id=pending.pk, actor=user, token=token)


def _case_plan_approve(world, files_dir):
    from prongsai.apps.plans import services

    plan = _submitted_plan(world)
    return "prongsai.apps.plans.services.tasks._tasks_from_steps", lambda: services.plan_approve(
        plan=plan, access=_access(world, "executive"), actor=world.user("executive"), version=plan.version)


def _case_plan_submit(world, files_dir):
    from prongsai.apps.plans import services

    coord = world.user("coordinator")
    plan = services.plan_draft(agency=world.own, access=_access(world, "coordinator"), actor=coord,
                               results_fiscal_year=2568)
    return "prongsai.apps.plans.services.plans._status_change", lambda: services.plan_submit(
        plan=plan, access=_access(world, "coordinator"), actor=coord, version=plan.version, note="เสนอแผน")


def _case_evidence_add(world, files_dir):
    from prongsai.apps.plans import services
    from prongsai.apps.plans.models import Task

    plan = _submitted_plan(world)
    services.plan_approve(plan=plan, access=_access(world, "executive"), actor=world.user("executive"),
                          version=plan.version)
    task = Task.objects.filter(agency=world.own).order_by("pk").first()
    png = b"\x89PNG\r\n\x1a\n" + bytes(300)
    return "prongsai.apps.plans.services.evidence.audit_record", lambda: services.evidence_add(
        task=task, access=_access(world, "coordinator"), actor=world.user("coordinator"), data=png,
        filename="ภาพ.png")


def _case_document_request(world, files_dir):
    from prongsai.apps.plans import documents

    plan = _submitted_plan(world)
    return "prongsai.apps.plans.documents.audit_record", lambda: documents.document_request(
        plan=plan, access=_access(world, "coordinator"), actor=world.user("coordinator"), kind="analysis", fmt="docx")


def _case_complaint_file(world, files_dir):
    from prongsai.apps.complaints.services import complaint_file

    return "prongsai.apps.complaints.models.ComplaintStatusChange.objects.create", lambda: complaint_file(
        agency=world.own, kind="corruption", subject="เรื่องทดสอบ", details="รายละเอียด", anonymous=True)


def _case_contracts_import(world, files_dir):
    from prongsai.apps.procurement.services import contracts_import

    body = json.dumps({"result": [
        {"project_id": "67019000001", "project_name": "จัดซื้อวัสดุสำนักงาน", "purchase_method_name": "เฉพาะเจาะจง",
         "project_money": 5000, "budget_year": 2568},
        {"project_id": "67019000002", "project_name": "จ้างซ่อมถนน", "purchase_method_name": "เฉพาะเจาะจง",
         "project_money": 90000, "budget_year": 2568},
    ]}, ensure_ascii=False).encode()
    return "prongsai.apps.procurement.services.audit_record", lambda: contracts_import(
        agency=world.own, actor=world.user("coordinator"), data=body, filename="egp.json", default_year=2568)


def _case_membership_set(world, files_dir):
    from tests.web.conftest import make_user

    from prongsai.apps.agencies.models import Role
    from prongsai.apps.agencies.services import membership_set

    newcomer = make_user("newcomer")
    return "prongsai.apps.audit.services.audit_record", lambda: membership_set(
        user=newcomer, agency=world.own, role=Role.AUDITOR, actor=world.user("agency_admin"))


CASES = {
    "result_record": _case_result_record,
    "import_confirm": _case_import_confirm,
    "plan_approve": _case_plan_approve,
    "plan_submit": _case_plan_submit,
    "evidence_add": _case_evidence_add,
    "document_request": _case_document_request,
    "complaint_file": _case_complaint_file,
    "contracts_import": _case_contracts_import,
    "membership_set": _case_membership_set,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_failure_after_the_last_write_leaves_nothing(name, world, files_dir, report_text):
    case = CASES[name]
    args = (world, files_dir, report_text) if name == "import_confirm" else (world, files_dir)
    target, call = case(*args)
    before = _state(files_dir)
    seen: list = []
    with _fail_after(target, seen, files_dir), pytest.raises(Boom):
        call()
    assert seen and seen[0] != before, "the patched point was reached with writes in progress"
    assert _state(files_dir) == before


# --- 3. kill tests ---------------------------------------------------------------------------------------------

PREPARE = """
from django.contrib.auth import get_user_model
from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.plans import services
agency = Agency.objects.get(slug=DEMO_SLUG)
coord = get_user_model().objects.get(username="demo-coordinator")
access = agency_access(user=coord, agency=agency)
latest = AssessmentResult.objects.filter(agency=agency).order_by("-fiscal_year").first().fiscal_year
plan = services.plan_draft(agency=agency, access=access, actor=coord, results_fiscal_year=latest,
                           plan_fiscal_year=latest + 3)
plan = services.plan_submit(plan=plan, access=access, actor=coord, version=plan.version)
print(json.dumps({"plan": plan.pk, "year": latest}))
"""

# The child: the real import, paused (by a patch here, in the child) inside result_record after the year's old
# indicator rows were deleted and before the new ones are written.
IMPORT_CHILD = """
import sys, time
from django.contrib.auth import get_user_model
from prongsai.apps.agencies.models import Agency
from prongsai.apps.assessments import imports
from prongsai.apps.assessments.demo import DEMO_SLUG
from prongsai.apps.assessments.models import AssessmentResult, IndicatorScore
from prongsai.core.frameworks import default_registry
year = int(sys.argv[1])
agency = Agency.objects.get(slug=DEMO_SLUG)
user = get_user_model().objects.get(username="demo-coordinator")
framework = default_registry().get(year)
lines = ["รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
         f" ประจำปีงบประมาณ พ.ศ. {year}", agency.name_th, "ตัวชี้วัด\\tคะแนน"]
lines += [f"{i.number}. {i.name_th}\\t{60 + i.number:.2f}" for i in framework.indicators.items]
pending = imports.import_prepare(agency=agency, actor=user, data="\\n".join(lines).encode(), filename="ผล.txt")
token = imports.confirmation_token(pending=pending, user=user)
print("PENDING", pending.pk, flush=True)
if sys.argv[2] == "pause":
    real = IndicatorScore.objects.bulk_create
    def paused(objs, *a, **kw):
        result = AssessmentResult.objects.get(agency=agency, fiscal_year=year)
        print("PAUSED", json.dumps({"indicators_now": result.indicator_scores.count()}), flush=True)
        time.sleep(600)
        return real(objs, *a, **kw)
    IndicatorScore.objects.bulk_create = paused
imports.import_confirm(agency=agency, pending_id=pending.pk, actor=user, token=token)
print("DONE", flush=True)
"""

RESULT_STATE = """
import sys
from django.db import connection
from prongsai.apps.assessments.models import AssessmentResult, PendingImport
from prongsai.apps.audit.models import AuditEntry
if connection.vendor == "sqlite":
    with connection.cursor() as cur:
        cur.execute("PRAGMA integrity_check")
        assert cur.fetchone()[0] == "ok"
r = AssessmentResult.objects.get(agency__slug="demo-tambon", fiscal_year=int(sys.argv[1]))
print(json.dumps({
    "scores": {s.number: str(s.score) for s in r.indicator_scores.all()},
    "overall": str(r.overall), "versions": r.versions.count(),
    "confirmed": PendingImport.objects.exclude(confirmed_at=None).count(),
    "import_audits": AuditEntry.objects.filter(action="import.confirmed").count(),
    "orphans": AssessmentResult.objects.filter(indicator_scores=None).count(),
}))
"""

APPROVE_CHILD = """
import sys, time
from django.contrib.auth import get_user_model
from prongsai.apps.agencies.access import agency_access
from prongsai.apps.plans import services
from prongsai.apps.plans.models import Plan, Task
plan = Plan.objects.get(pk=int(sys.argv[1]))
executive = get_user_model().objects.get(username="demo-executive")
if sys.argv[2] == "pause":
    real = Task.objects.create
    made = []
    def paused(**kw):
        task = real(**kw)
        made.append(task)
        if len(made) == 3:
            p = Plan.objects.get(pk=plan.pk)
            print("PAUSED", json.dumps({"status": p.status, "tasks": Task.objects.filter(measure__plan=p).count()}),
                  flush=True)
            time.sleep(600)
        return task
    Task.objects.create = paused
services.plan_approve(plan=plan, access=agency_access(user=executive, agency=plan.agency), actor=executive,
                      version=plan.version, comment="อนุมัติ")
print("DONE", flush=True)
"""

PLAN_STATE = """
import sys
from django.db import connection
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans.models import Plan, PlanVersion, Task
if connection.vendor == "sqlite":
    with connection.cursor() as cur:
        cur.execute("PRAGMA integrity_check")
        assert cur.fetchone()[0] == "ok"
p = Plan.objects.get(pk=int(sys.argv[1]))
approved_without_trail = [
    x.pk for x in Plan.objects.filter(status="approved")
    if not PlanVersion.objects.filter(plan=x, status="approved").exists()
    or not AuditEntry.objects.filter(action="plan.approved", target_id=str(x.pk)).exists()
]
print(json.dumps({
    "status": p.status, "version": p.version, "versions": p.versions.count(),
    "tasks": Task.objects.filter(measure__plan=p).count(), "decided": p.decided_at is not None,
    "approved_without_trail": approved_without_trail,
}))
"""


def _site(tmp_path, engine, stack):
    if engine == "postgresql":
        if postgres_url() is None:
            pytest.skip("DATABASE_URL does not point at PostgreSQL")
        return Site(tmp_path / "pg", database_url=stack.enter_context(postgres_database()))
    return Site(tmp_path / "sqlite")


def _kill_when_paused(site: Site, code: str, *args: str) -> dict:
    child = site.popen("import json\n" + code, *args, "pause")
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            if line.startswith("PAUSED"):
                in_progress = json.loads(line.split(" ", 1)[1])
                child.send_signal(signal.SIGKILL)
                child.wait(timeout=30)
                assert child.returncode == -signal.SIGKILL
                return in_progress
        raise AssertionError(f"the child never reached its pause: {child.stderr.read()}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _json(site: Site, code: str, *args: str) -> dict:
    return json.loads(site.script("import json\n" + code, *args).stdout.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_site(request, tmp_path):
    import contextlib

    with contextlib.ExitStack() as stack:
        site = _site(tmp_path, request.param, stack)
        site.manage("migrate", "--no-input", "-v0")
        site.manage("load_demo")
        yield site


def test_killed_during_an_import_leaves_the_old_result_whole_and_can_be_redone(demo_site):
    site = demo_site
    prepared = _json(site, PREPARE)
    year = prepared["year"]
    before = _json(site, RESULT_STATE, str(year))
    assert len(before["scores"]) == 10

    in_progress = _kill_when_paused(site, IMPORT_CHILD, str(year))
    assert in_progress == {"indicators_now": 0}  # killed with the old indicator rows deleted, new ones not written

    after = _json(site, RESULT_STATE, str(year))
    assert after == before  # the old scores, overall and versions, whole; no import marked confirmed
    assert after["orphans"] == 0

    done = site.script("import json\n" + IMPORT_CHILD, str(year), "run")
    assert "DONE" in done.stdout
    redone = _json(site, RESULT_STATE, str(year))
    assert redone["scores"] == {str(n): f"{60 + n:.2f}" for n in range(1, 11)}
    assert redone["versions"] == before["versions"] + 1
    assert redone["confirmed"] == before["confirmed"] + 1 and redone["import_audits"] == before["import_audits"] + 1
    assert Decimal(redone["overall"]) != Decimal(before["overall"])


def test_killed_during_a_plan_approval_leaves_it_submitted_and_can_be_redone(demo_site):
    site = demo_site
    plan_id = str(_json(site, PREPARE)["plan"])
    before = _json(site, PLAN_STATE, plan_id)
    assert before["status"] == "submitted" and before["tasks"] == 0

    in_progress = _kill_when_paused(site, APPROVE_CHILD, plan_id)
    assert in_progress == {"status": "approved", "tasks": 3}  # killed half-way through creating the tasks

    after = _json(site, PLAN_STATE, plan_id)
    assert after == before  # still submitted: no version, no decision, no task
    assert after["approved_without_trail"] == []

    done = site.script("import json\n" + APPROVE_CHILD, plan_id, "run")
    assert "DONE" in done.stdout
    redone = _json(site, PLAN_STATE, plan_id)
    assert redone["status"] == "approved" and redone["decided"] and redone["tasks"] > 3
    assert redone["versions"] == before["versions"] + 1 and redone["approved_without_trail"] == []


# --- orphan files (a kill between writing a file and committing its row) ---------------------------------------


def test_files_orphans_finds_and_deletes_only_unreferenced_old_files(world, files_dir):
    import io
    import os

    from django.core.management import call_command

    from prongsai.apps.base import files
    from prongsai.apps.plans import services
    from prongsai.apps.plans.models import Task

    plan = _submitted_plan(world)
    services.plan_approve(plan=plan, access=_access(world, "executive"), actor=world.user("executive"),
                          version=plan.version)
    task = Task.objects.filter(agency=world.own).order_by("pk").first()
    kept = services.evidence_add(task=task, access=_access(world, "coordinator"), actor=world.user("coordinator"),
                                 data=b"\x89PNG\r\n\x1a\n" + bytes(64), filename="a.png")
    orphan = files.store(b"\x89PNG\r\n\x1a\n" + bytes(32), folder=f"evidence/{world.own.pk}", suffix="png")
    young = files.store(b"\x89PNG\r\n\x1a\n" + bytes(16), folder=f"evidence/{world.own.pk}", suffix="png")
    day_ago = time.time() - 2 * 86400
    for name in (kept.stored_name, orphan):
        os.utime(files.path_of(name), (day_ago, day_ago))

    listed = io.StringIO()
    call_command("files_orphans", stdout=listed)
    assert orphan in listed.getvalue() and kept.stored_name not in listed.getvalue() and young not in listed.getvalue()
    assert files.path_of(orphan).exists()  # listing deletes nothing

    call_command("files_orphans", "--delete", stdout=io.StringIO())
    assert not files.path_of(orphan).exists()
    assert files.path_of(kept.stored_name).exists() and files.path_of(young).exists()
