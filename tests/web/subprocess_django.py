"""Run Django in a child process against a file database of its own (crash, backup and migration tests).

``Site(tmp_path / "a")`` is one installation: a SQLite file and a files folder under that folder, the fixed test
field key, the immediate task backend. ``Site(..., database_url=…)`` uses that database instead (PostgreSQL).
``postgres_database()`` makes an empty PostgreSQL database when ``DATABASE_URL`` points at a server.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from prongsai.web.settings.test import PRONGSAI_FIELD_KEYS

PYTHON = sys.executable
SRC = str(Path(__file__).resolve().parents[2] / "src")


class Site:
    def __init__(self, folder: Path, *, database_url: str | None = None, field_keys: str | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRONGSAI_TASKS_BACKEND")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="prongsai.web.settings.local",
            PRONGSAI_DATA_DIR=str(self.folder),
            PRONGSAI_FIELD_KEYS=field_keys or ",".join(PRONGSAI_FIELD_KEYS),
            PRONGSAI_LOG_LEVEL="WARNING",
            PYTHONPATH=SRC + os.pathsep + self.env.get("PYTHONPATH", ""),
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url

    @property
    def db_file(self) -> Path:
        return self.folder / "prongsai.sqlite3"

    @property
    def files_dir(self) -> Path:
        return self.folder / "files"

    def manage(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run([PYTHON, "-m", "prongsai.web.manage", *args], timeout=timeout, check=check)

    def cli(self, *args: str, timeout: float = 300, check: bool = False, env: dict[str, str] | None = None):
        return self.run([PYTHON, "-m", "prongsai", *args], timeout=timeout, check=check, env=env)

    def script(self, code: str, *args: str, timeout: float = 300, check: bool = True):
        """Run ``code`` (django.setup() done first) in a child; its stdout is returned."""
        body = "import django\ndjango.setup()\n" + textwrap.dedent(code)
        return self.run([PYTHON, "-c", body, *args], timeout=timeout, check=check)

    def popen(self, code: str, *args: str) -> subprocess.Popen[str]:
        body = "import django\ndjango.setup()\n" + textwrap.dedent(code)
        return subprocess.Popen(
            [PYTHON, "-u", "-c", body, *args], env=self.env, cwd=self.folder,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def run(self, argv: list[str], *, timeout: float, check: bool, env: dict[str, str] | None = None):
        done = subprocess.run(
            argv, env={**self.env, **(env or {})}, cwd=self.folder, capture_output=True, text=True, timeout=timeout
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{argv[:4]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the DATABASE_URL server; dropped afterwards. Yields its URL."""
    import psycopg

    url = postgres_url()
    assert url is not None
    parts = urlsplit(url)
    name = f"prongsai_rel_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Every table, row by row, through the ORM (engine-neutral values; complaint text decrypted with the keys).
DUMP_ROWS = """
import json, sys, datetime, decimal, uuid
from django.apps import apps
from django.db import connection
tables = set(connection.introspection.table_names())
skip = {"django_session", "django_migrations"}
def norm(v):
    if isinstance(v, datetime.datetime):
        return v.astimezone(datetime.timezone.utc).isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v.normalize())
    if isinstance(v, (bytes, memoryview)):
        return bytes(v).hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return v
out = {}
for m in apps.get_models(include_auto_created=True):
    t = m._meta.db_table
    if t in skip or t not in tables or not m._meta.managed or m._meta.proxy:
        continue
    cols = [f.attname for f in m._meta.concrete_fields]
    if m._meta.label_lower == "contenttypes.contenttype":
        rows = sorted([ct.app_label, ct.model] for ct in m.objects.all())
    elif m._meta.label_lower == "auth.permission":
        rows = sorted([p.content_type.app_label, p.content_type.model, p.codename] for p in m.objects.all())
    else:
        rows = [[norm(v) for v in r] for r in m._base_manager.order_by("pk").values_list(*cols)]
    out[t] = rows
json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True, default=str)
"""
