"""Deployment smoke test: production settings on PostgreSQL, gunicorn with deploy/gunicorn.conf.py, the
`db_worker` queue worker, and one real background job (a measures DOCX of the demo plan) end to end.

Needs PostgreSQL at postgres://postgres@127.0.0.1:5432 (PRONGSAI_SMOKE_PG to change it); skipped otherwise.
Creates a fresh database, drops it afterwards. Takes about 20-40 s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("PRONGSAI_SMOKE_PG", "postgres://postgres@127.0.0.1:5432")
BIN = Path(sys.executable).parent

ENQUEUE = """
from prongsai.apps.plans.models import GeneratedDocument, Plan
from prongsai.apps.plans.jobs import document_render_job
plan = Plan.objects.order_by("pk").first()
doc = GeneratedDocument.objects.create(agency_id=plan.agency_id, plan=plan, plan_version=plan.version,
                                       kind="measures", fmt="docx", digits="thai", filename="smoke.docx")
result = document_render_job.enqueue(str(doc.pk))
GeneratedDocument.objects.filter(pk=doc.pk).update(task_id=str(result.id)[:64])
print("DOC", doc.pk, plan.agency.slug)
"""


def _pg():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG}: {exc}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _manage(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "prongsai.web.manage", *args],
        env=env,
        cwd=env["PRONGSAI_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, f"manage {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_production_stack_runs_a_background_job_end_to_end(tmp_path):
    from cryptography.fernet import Fernet

    admin = _pg()
    db = f"prongsai_smoke_{uuid.uuid4().hex[:10]}"
    admin.execute(f"CREATE DATABASE {db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PRONGSAI_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "prongsai.web.settings.production",
        "DJANGO_SECRET_KEY": "smoke-test-secret-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{db}",
        "PRONGSAI_FIELD_KEYS": Fernet.generate_key().decode(),
        "PRONGSAI_BEHIND_PROXY": "1",
        "PRONGSAI_DATA_DIR": str(tmp_path),
        "PRONGSAI_FILES_DIR": str(tmp_path / "files"),
        "PRONGSAI_STATIC_ROOT": str(tmp_path / "static"),
        "PRONGSAI_TASKS_BACKEND": "database",
        "PRONGSAI_BIND": f"127.0.0.1:{port}",
        "PRONGSAI_WORKERS": "2",
        "PRONGSAI_ACCESS_LOG": str(access_log),
        "HOME": str(tmp_path),
    }
    procs: list[subprocess.Popen] = []
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "load_demo")
        web = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "prongsai.web.wsgi:application"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "gunicorn.err", "w"),  # noqa: SIM115
        )
        procs.append(web)
        worker = subprocess.Popen(
            [sys.executable, "-m", "prongsai.web.manage", "db_worker"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "worker.err", "w"),  # noqa: SIM115
        )
        procs.append(worker)

        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180  # a busy CI machine starts gunicorn slowly; the loop ends at the first 200
        status = 0
        while time.monotonic() < deadline:
            try:
                status, _body = _get(f"{base}/healthz")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.3)
        assert status == 200, (tmp_path / "gunicorn.err").read_text()
        status, _ = _get(f"{base}/", {"X-Forwarded-Proto": "http"})
        assert status == 301  # HTTPS only
        status, _ = _get(f"{base}/", {"X-Forwarded-Proto": "https"})
        assert status in (200, 302)

        out = _manage(env, "shell", "-c", ENQUEUE)
        doc_id, slug = out.split("DOC", 1)[1].split()
        status, _ = _get(f"{base}/p/{slug}/complaints/", {"X-Forwarded-Proto": "https"})
        assert status in (200, 302, 404)

        import psycopg

        with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
            deadline = time.monotonic() + 300  # ends as soon as the worker has rendered the document
            row = None
            while time.monotonic() < deadline:
                row = conn.execute(
                    "SELECT status, stored_name, error FROM plans_generateddocument WHERE id = %s", (doc_id,)
                ).fetchone()
                if row and row[0] in ("ready", "failed"):
                    break
                time.sleep(0.5)
        assert row is not None and row[0] == "ready", (row, (tmp_path / "worker.err").read_text()[-2000:])
        data = (tmp_path / "files" / row[1]).read_bytes()
        assert data[:2] == b"PK" and len(data) > 10_000

        for proc in procs:
            _stop(proc)
        log = access_log.read_text()
        assert "/healthz" in log
        assert "complaints" not in log  # complaint pages never reach the access log
    finally:
        for proc in procs:
            _stop(proc)
        admin.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        admin.close()
