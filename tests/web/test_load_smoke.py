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


def test_concurrent_survey_answers_are_all_stored(tmp_path: Path) -> None:
    """The survey load (``--surveys-only``) at its smallest: 5 respondents, 5 at a time, to a round's closed IIT (one
    invitation code each), its open EIT link and a pulse survey's QR link, each GET → POST a full answer set; the
    first of each sends its POST twice at once. Every answer stored once with all its points, the IIT pool flushed
    at the close, no 5xx, the survey limits as in production."""
    out = tmp_path / "surveys.json"
    cmd = [sys.executable, str(ROOT / "bench" / "load" / "run_load.py"), "--db", "sqlite", "--quick", "--surveys-only"]
    proc = subprocess.run(
        [*cmd, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=240, check=False
    )
    assert out.is_file(), proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    forms = result["forms"]
    assert set(forms) == {"round_iit", "round_eit", "pulse"}
    for kind, f in forms.items():
        assert (f["submissions"], f["concurrency"]) == (5, 5), kind
        assert f["post_status"] == {"302": 5} and f["stored"] == 5 and f["errors"] == 0, (kind, f)
        assert f["answers_stored"] == f["answers_expected"] > 0, (kind, f)
        # the double click: the second POST is refused (spent code / spent form token), never stored, never 5xx
        assert f["double_submits"] == 1 and all(s.startswith("4") for s in f["double_submit_status"]), (kind, f)
    iit = result["surveys"]["rows"]["round_iit"]
    assert iit["pending_in_pool"] == 0 and iit["spent_codes"] == iit["invitations_used"] == 5
    assert result["server_log"]["tracebacks"] == 0 and result["server_log"]["database_is_locked"] == 0
    assert result["problems"] == [] and proc.returncode == 0, proc.stdout[-3000:]
