"""Comments, docstrings and docs speak of the code, not of how the work was organised: no "issue 18" or "part B"
references in the package, the tests, the benchmarks or the docs (the issue tracker is not part of the clone)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRACKER_REFERENCE = re.compile(r"\bissues?\s+\d+|\bpart\s+[A-F]\b", re.IGNORECASE)
SCANNED = ("src", "tests", "bench", "docs")
SUFFIXES = {".py", ".html", ".md", ".txt", ".lua", ".yaml", ".yml", ".css", ".js"}
SKIPPED_DIRS = {"fixtures", "__pycache__", "out"}


def _files():
    yield ROOT / "README.md"
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            parts = set(path.relative_to(ROOT).parts)
            if (
                path.suffix in SUFFIXES
                and path.is_file()
                and not SKIPPED_DIRS & parts
                and path != Path(__file__).resolve()
            ):
                yield path


def test_the_pattern_finds_what_it_is_for():
    assert TRACKER_REFERENCE.search("the failure (issue 18)")
    assert TRACKER_REFERENCE.search("Issues 16 and 20") and TRACKER_REFERENCE.search("see part B")
    assert not TRACKER_REFERENCE.search("a reissue 2 times") and not TRACKER_REFERENCE.search("part of 12")


def test_no_tracker_references():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if TRACKER_REFERENCE.search(line)
    ]
    assert len(list(_files())) > 100
    assert not found, "\n".join(found)
