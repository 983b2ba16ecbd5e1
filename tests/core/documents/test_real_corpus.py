"""Field accuracy of `parse` over real published texts (tests/fixtures/real/, truth checked by hand in truth.yaml).

Every text is parsed and compared field by field with its truth: agency, results year, overall score, level,
indicator scores, the other years of a multi-year table and, for a text listing several agencies, every row. A field
the parser states that the truth does not have (an extra indicator, another year, a row) counts as a miss too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from prongsai.core.documents.model import ParsedDocument
from prongsai.core.documents.parse import parse_text
from prongsai.core.thai import normalise_text

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
TARGET = 0.95


def _truth() -> list[dict[str, Any]]:
    return yaml.safe_load((REAL / "truth.yaml").read_text(encoding="utf-8"))["texts"]


def _name(value: str | None) -> str | None:
    return None if value is None else "".join(normalise_text(value).split())


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, float | int) and not isinstance(expected, bool) and got is not None:
        return abs(float(expected) - float(got)) < 0.005
    return expected == got


class _Tally:
    def __init__(self) -> None:
        self.right = 0
        self.total = 0
        self.misses: list[str] = []

    def field(self, where: str, expected: Any, got: Any) -> None:
        self.total += 1
        if _same(expected, got):
            self.right += 1
        else:
            self.misses.append(f"{where}: expected {expected!r}, got {got!r}")

    def extra(self, where: str, got: Any) -> None:
        self.total += 1
        self.misses.append(f"{where}: not in the text, got {got!r}")

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def _other_years(doc: ParsedDocument) -> list[dict[str, Any]]:
    return [y if isinstance(y, dict) else y.model_dump() for y in getattr(doc, "other_years", [])]


def _compare(t: _Tally, where: str, truth: dict[str, Any], doc: ParsedDocument) -> None:
    t.field(f"{where} agency", _name(truth.get("agency")), _name(doc.agency.name))
    for key in ("district", "province"):
        if key in truth:
            t.field(f"{where} {key}", truth[key], getattr(doc.agency, key))
    if "fiscal_year" in truth:
        t.field(f"{where} fiscal_year", truth["fiscal_year"], doc.fiscal_year)
    t.field(f"{where} overall", truth.get("overall"), doc.overall.score)
    t.field(f"{where} level", truth.get("level"), doc.overall.level)
    indicators = {str(k): v for k, v in (truth.get("indicators") or {}).items()}
    for key, value in indicators.items():
        t.field(f"{where} indicator {key}", value, doc.indicators.get(key))
    for key in doc.indicators:
        if key not in indicators:
            t.extra(f"{where} indicator {key}", doc.indicators[key])
    got_years = {y["fiscal_year"]: y for y in _other_years(doc)}
    wanted = truth.get("other_years") or []
    for y in wanted:
        fy = y["fiscal_year"]
        got = got_years.get(fy)
        t.field(f"{where} other year {fy}", fy, got and got["fiscal_year"])
        t.field(f"{where} other year {fy} overall", y.get("overall"), got and got.get("overall"))
        t.field(f"{where} other year {fy} level", y.get("level"), got and got.get("level"))
    for fy, got in got_years.items():
        if fy not in {y["fiscal_year"] for y in wanted}:
            t.extra(f"{where} other year {fy}", got)


def _documents(text: str, source: str) -> list[ParsedDocument]:
    result = parse_text(text, source)
    return list(getattr(result, "documents", None) or [result.document])


def measure() -> _Tally:
    t = _Tally()
    for entry in _truth():
        text = (REAL / entry["file"]).read_text(encoding="utf-8")
        docs = _documents(text, entry["file"])
        where = entry["file"]
        if "rows" not in entry:
            _compare(t, where, entry, docs[0])
            for extra in docs[1:]:
                t.extra(f"{where} row", extra.agency.name)
            continue
        by_name = {_name(d.agency.name): d for d in docs}
        used = set()
        for i, row in enumerate(entry["rows"], 1):
            wanted = dict(row)
            wanted.setdefault("fiscal_year", entry.get("fiscal_year"))
            doc = by_name.get(_name(row["agency"]))
            if doc is None:
                doc = ParsedDocument(source=where)
            else:
                used.add(_name(row["agency"]))
            _compare(t, f"{where} row {i}", wanted, doc)
        for name, doc in by_name.items():
            if name not in used:
                t.extra(f"{where} row", doc.agency.name)
    return t


def test_the_corpus_has_enough_real_texts():
    entries = _truth()
    files = {p.name for p in REAL.glob("*.txt")}
    assert len(entries) >= 40
    assert {e["file"] for e in entries} == files  # one truth entry per text, no text without one
    assert all(e.get("url", "").startswith("http") for e in entries)


def test_field_accuracy_over_the_real_corpus():
    t = measure()
    print(f"\nreal corpus: {t.right}/{t.total} fields right ({t.accuracy:.1%})")
    assert t.accuracy >= TARGET, f"{t.accuracy:.1%} of {t.total} fields right; misses:\n" + "\n".join(t.misses)


@pytest.mark.parametrize("entry", _truth(), ids=lambda e: e["file"])
def test_every_real_text_parses(entry):
    text = (REAL / entry["file"]).read_text(encoding="utf-8")
    docs = _documents(text, entry["file"])
    assert docs and all(isinstance(d, ParsedDocument) for d in docs)
