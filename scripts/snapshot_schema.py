"""Make a schema snapshot: a small SQLite database at the schema (and with the demo data) of a commit.

    python scripts/snapshot_schema.py <commit> [<commit> …]

For each commit: a temporary git worktree (the main checkout is not touched), ``migrate`` and the demo data
commands that exist at that commit (``load_demo``, ``load_portal_demo``), run with this checkout's Python and the
worktree's sources; then ``VACUUM`` and gzip to ``tests/web/schemas/<short sha>.sqlite3.gz``, and remove the worktree.
``tests/web/test_migrations_history.py`` migrates every file there to the current head. Run it at each release
(docs/deployment.md, "Schema snapshots"). Uses the fixed test field key, so the tests can read complaint data.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "web" / "schemas"
TEST_FIELD_KEY = "cHJvbmdzYWktdGVzdC1maWVsZC1rZXktMzJieXRlcyE="  # prongsai.web.settings.test
MAX_BYTES = 2_000_000


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def snapshot(commit: str) -> Path:
    sha = _git("rev-parse", "--short=7", commit)
    with tempfile.TemporaryDirectory(prefix=f"prongsai-snap-{sha}-") as tmp:
        tree, data = Path(tmp) / "tree", Path(tmp) / "data"
        _git("worktree", "add", "--detach", str(tree), sha)
        try:
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRONGSAI_TASKS_BACKEND")}
            env.update(
                PYTHONPATH=str(tree / "src"),
                DJANGO_SETTINGS_MODULE="prongsai.web.settings.local",
                PRONGSAI_DATA_DIR=str(data),
                PRONGSAI_FIELD_KEYS=TEST_FIELD_KEY,
                PRONGSAI_LOG_LEVEL="WARNING",
            )

            def manage(*args: str) -> None:
                subprocess.run([sys.executable, "-m", "prongsai.web.manage", *args], cwd=tree, env=env, check=True,
                               stdout=subprocess.DEVNULL)

            manage("migrate", "--no-input", "-v0")
            commands = subprocess.run(
                [sys.executable, "-m", "prongsai.web.manage", "help", "--commands"], cwd=tree, env=env, check=True,
                capture_output=True, text=True,
            ).stdout.split()
            for command in ("load_demo", "load_portal_demo"):
                if command in commands:
                    manage(command)
            db = data / "prongsai.sqlite3"
            with sqlite3.connect(db) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")
            conn = sqlite3.connect(db)
            conn.execute("DELETE FROM django_session")
            conn.commit()
            conn.execute("VACUUM")
            conn.close()
            OUT.mkdir(parents=True, exist_ok=True)
            target = OUT / f"{sha}.sqlite3.gz"
            with open(db, "rb") as src, gzip.GzipFile(target, "wb", mtime=0) as dst:
                shutil.copyfileobj(src, dst)
        finally:
            _git("worktree", "remove", "--force", str(tree))
    size = target.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{target} is {size} bytes (> {MAX_BYTES}): make the demo data smaller")
    return target


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for commit in argv:
        path = snapshot(commit)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
