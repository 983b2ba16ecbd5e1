"""The web load test (bench/load/run_load.py) in its smallest configuration: a fresh SQLite database, gunicorn
with 2 workers, 20 complaints 5 at a time and 10 Q&A questions, through CSRF, the signed form token and the
honeypot. No submission may be lost or answered 5xx, and SQLite may never report "database is locked".
Performance figures never go in tests: they are in docs/performance.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_public_form_submissions_are_all_stored(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load" / "run_load.py"), "--db", "sqlite", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert out.is_file(), proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    complaints, questions = result["forms"]["complaint"], result["forms"]["question"]
    # every complaint got its receipt page (201) and is in the database; every question was accepted (302)
    assert (complaints["submissions"], complaints["concurrency"]) == (20, 5)
    assert complaints["post_status"] == {"201": 20} and complaints["stored"] == 20
    assert questions["post_status"] == {"302": 10} and questions["stored"] == 10
    assert complaints["errors"] == questions["errors"] == 0
    assert result["server_log"]["database_is_locked"] == 0 and result["server_log"]["tracebacks"] == 0
    assert result["problems"] == [] and proc.returncode == 0, proc.stdout[-3000:]
