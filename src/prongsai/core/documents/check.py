"""Checking an ITA document: findings an officer can act on before publishing it.

Codes (stable): agency-name-mismatch, indicator-score-mismatch, overall-score-mismatch,
level-mismatch, fiscal-year-mismatch, misspelling, ocr-suspect (text read from a scan that looks misread: a
near-miss of a lexicon word, or letters in a number; a note, not an error, since the scan may well be right — see
``ocr_marks``). Messages are Thai (English alongside, for
`--lang en`). Evidence offsets are into the normalised text (`prongsai.core.thai.normalise_text`),
whose line numbers are those of the document.

Scores and levels are checked under the rules of the year the RESULTS belong to
(`fiscal_year`), with the tolerance of published two-decimal figures (±0.02).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from prongsai.core.documents.lexicon import Lexicon, load_lexicon
from prongsai.core.documents.model import Evidence, Finding, ParsedDocument
from prongsai.core.documents.parse import RESULTS_WORDS, LevelClaim, ParseResult, Period, ScoreClaim, parse_text
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.frameworks.loader import shared_registry
from prongsai.core.frameworks.schema import Framework
from prongsai.core.scoring import (
    complete_instrument_scores,
    level_for,
    round2,
    score_indicators,
    score_instruments,
)
from prongsai.core.thai import fiscal_year_period, thai_date

TOLERANCE = 0.02
_EPS = 1e-9
_ROUNDING = 0.005  # a published two-decimal figure stands for anything within half a cent
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_FY_PHRASE_BEFORE = re.compile(r"(?:ปี\s?งบประมาณ|ประจำปี|ในปี|ปี)\s?(?:พ\.\s?ศ\.\s?)?$")


@dataclass
class CheckReport:
    """The findings for one document, with English messages alongside (same order)."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    messages_en: list[str] = field(default_factory=list)
    result: ParseResult | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def add(self, finding: Finding, en: str) -> None:
        self.findings.append(finding)
        self.messages_en.append(en)

    def sort(self) -> None:
        order = sorted(
            range(len(self.findings)),
            key=lambda i: (
                _SEVERITY_ORDER[self.findings[i].severity],
                self.findings[i].evidence[0].start if self.findings[i].evidence else -1,
            ),
        )
        self.findings = [self.findings[i] for i in order]
        self.messages_en = [self.messages_en[i] for i in order]

    def to_json_dict(self) -> dict:
        return {
            "source": self.source,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "summary": {s: self.count(s) for s in ("error", "warning", "info")},
        }


def _s(value: float) -> str:
    return f"{value:.2f}"


def _evidence(text: str, spans: Iterable[tuple[int, int]]) -> list[Evidence]:
    out, seen = [], set()
    for start, end in spans:
        if (start, end) in seen or start >= end:
            continue
        seen.add((start, end))
        out.append(Evidence(text=text[start:end], start=start, end=end))
    return out


# --- level rules ---------------------------------------------------------------------------------------


def possible_levels(framework: Framework, overall: float, instruments: Mapping[str, float]) -> list[str]:
    """The levels an overall score can have under the year's rules, given the instrument scores known.

    From FY2566 a level also needs every instrument at a minimum; with instruments unknown, a
    level is possible when some instrument scores averaging to `overall` would give it.
    """
    overall = round2(overall)
    weights = {i.code: i.weight for i in framework.instruments.items}
    known = {c: round2(v) for c, v in instruments.items() if c in weights}
    if len(known) == len(weights):
        return [level_for(framework, overall, known).label]
    rules = framework.levels.rules
    out = []
    for i, rule in enumerate(rules):
        if overall < rule.min_overall - _EPS or (rule.max_overall is not None and overall > rule.max_overall + _EPS):
            continue
        lo = rule.min_each_instrument or 0.0
        blockers = [
            e
            for e in rules[:i]
            if e.min_overall - _EPS <= overall and (e.max_overall is None or overall <= e.max_overall + _EPS)
        ]
        if any(e.min_each_instrument is None for e in blockers):
            continue  # an earlier level holds whatever the instruments
        hi = min((e.min_each_instrument for e in blockers if e.min_each_instrument is not None), default=None)
        if any(v < lo - _EPS for v in known.values()):
            continue
        if hi is not None and hi <= lo:
            continue
        if _instruments_exist(overall, weights, known, lo, hi):
            out.append(rule.label)
    return out


def _instruments_exist(
    overall: float, weights: dict[str, float], known: dict[str, float], lo: float, hi: float | None
) -> bool:
    """Whether unknown instrument scores in [lo, 100] (one below `hi` if needed) give `overall`."""
    rest = overall - sum(weights[c] * v for c, v in known.items())
    unknown = [weights[c] for c in weights if c not in known]
    total = sum(unknown)
    low, high = lo * total - _ROUNDING, 100 * total + _ROUNDING
    if hi is None or any(v < hi for v in known.values()):
        return low <= rest <= high
    if not unknown:
        return False
    # One unknown instrument must stay below `hi`: the lightest one, to reach as high as possible.
    w = min(unknown)
    return low <= rest < w * hi + (total - w) * 100 + _ROUNDING


# --- the checks ----------------------------------------------------------------------------------------


class _Checker:
    def __init__(self, result: ParseResult, registry: FrameworkRegistry, lexicon: Lexicon) -> None:
        self.r = result
        self.doc = result.document
        self.text = result.text
        self.registry = registry
        self.lex = lexicon
        self.report = CheckReport(source=result.document.source, result=result)

    def framework(self, year: int | None) -> Framework | None:
        if year is None:
            return None
        try:
            return self.registry.get(year)
        except ProngsaiError:
            return None

    def run(self) -> CheckReport:
        self.agency_names()
        self.indicator_scores()
        self.overall_and_level()
        self.other_results()
        self.fiscal_years()
        self.misspellings()
        self.ocr_confusions()
        self.report.sort()
        return self.report

    def add(self, code: str, severity: str, th: str, en: str, spans: Iterable[tuple[int, int]], expected=None) -> None:
        self.report.add(
            Finding(
                code=code,  # type: ignore[arg-type]
                severity=severity,  # type: ignore[arg-type]
                message=th,
                evidence=_evidence(self.text, spans),
                expected=expected,
            ),
            en,
        )

    # --- agency name --------------------------------------------------------------------------

    def agency_names(self) -> None:
        r = self.r
        if not r.own_name or not r.own_type:
            return
        canonical = r.own_name
        full = r.own_type + canonical
        main = r.own_forms.get(canonical, [])
        where = "รวมทั้งในหัวเรื่อง" if any(x.in_header for x in main) else ""
        if r.own_name_official:
            where = ("ซึ่งตรงกับชื่อตำบลตามทะเบียนกรมการปกครอง " + where).strip()
        for name, mentions in r.own_forms.items():
            if name == canonical:
                continue
            written = sorted({self.text[x.start : x.end] for x in mentions}, key=len)
            shown = "”, “".join(_one_line(w) for w in written[:3])
            if all(self._from_ocr(x.start) for x in mentions) and Levenshtein.distance(name, canonical) <= 2:
                # A letter or a mark off, in text read from a scan: the OCR's misreading far more often than the
                # author's (บ้านตั๋วอย่าง for บ้านตัวอย่าง).
                self.add(
                    "ocr-suspect",
                    "info",
                    f"อาจอ่านผิดจากภาพ (OCR): ชื่อหน่วยงาน “{shown}” น่าจะเป็น “{full}” กรุณาเทียบกับต้นฉบับ",
                    f"possibly misread from the scan (OCR): the agency's name “{shown}” is probably “{full}”",
                    [(x.start, x.end) for x in mentions],
                    expected=full,
                )
                continue
            self.add(
                "agency-name-mismatch",
                "error",
                f"ชื่อหน่วยงานเขียนไม่ตรงกัน: “{shown}” ({len(mentions)} แห่ง) ต่างจาก “{full}”"
                f" ที่ใช้ {len(main)} แห่ง{' ' + where if where else ''} ควรใช้ชื่อเดียวกันทั้งเอกสาร",
                f"the agency's name is written differently: “{shown}” ({len(mentions)}×) instead of “{full}”"
                f" (used {len(main)}×)",
                [(x.start, x.end) for x in mentions],
                expected=full,
            )
        for name, mentions in r.other_forms.items():
            if Levenshtein.distance(name, canonical) > 2 and fuzz.ratio(name, canonical) < 70:
                continue  # another agency of the same type (a neighbour, a host), most likely
            self.add(
                "agency-name-mismatch",
                "warning",
                f"พบชื่อ “{r.own_type}{name}” ซึ่งคล้ายชื่อหน่วยงาน “{full}” หากหมายถึงหน่วยงานเดียวกัน ควรแก้ให้ตรงกัน",
                f"“{r.own_type}{name}” looks like the agency's own name “{full}”; if it is meant, make them the same",
                [(x.start, x.end) for x in mentions],
                expected=full,
            )

    # --- indicator scores ---------------------------------------------------------------------

    def indicator_scores(self) -> None:
        claims: dict[str, list[ScoreClaim]] = {}
        for c in self.r.current(self.r.indicator_claims):
            if c.kind != "ambiguous":
                claims.setdefault(c.key, []).append(c)
        fw = self.framework(self.doc.fiscal_year) or self.framework(self.doc.document_year)
        for key in sorted(claims, key=int):
            group = sorted(claims[key], key=lambda c: (c.kind != "table", c.start))
            values = {round2(c.value) for c in group}
            if len(values) < 2:
                continue
            chosen = self.doc.indicators.get(key, group[0].value)
            in_table = group[0].kind == "table"
            name = ""
            if fw is not None and 1 <= int(key) <= len(fw.indicators.items):
                name = f" ({fw.indicator(int(key)).name_th})"
            parts_th = [
                f"{'ในตาราง' if c.kind == 'table' else 'ในเนื้อความ'} {_s(c.value)}"
                f" (บรรทัด {self.r.line_of(c.value_start)})"
                for c in group
            ]
            parts_en = [f"{c.kind} {_s(c.value)} (line {self.r.line_of(c.value_start)})" for c in group]
            self.add(
                "indicator-score-mismatch",
                "error",
                f"คะแนนตัวชี้วัดที่ {key}{name} ไม่ตรงกัน: "
                + ", ".join(parts_th)
                + (
                    f" ควรใช้คะแนนตามตารางผลการประเมิน {_s(chosen)}"
                    if in_table
                    else f" ควรแก้ให้ตรงกับผลการประเมินที่ประกาศ (ค่าที่ระบุครั้งแรก {_s(chosen)})"
                ),
                f"indicator {key} is given different scores: "
                + ", ".join(parts_en)
                + (f"; the results table says {_s(chosen)}" if in_table else f"; first stated: {_s(chosen)}"),
                [(c.start, c.end) for c in group],
                expected=chosen,
            )
        # Stated instrument scores against the mean of their stated indicators.
        if fw is None:
            return
        stated = {int(k): v for k, v in self.doc.indicators.items() if 1 <= int(k) <= len(fw.indicators.items)}
        try:
            means = complete_instrument_scores(fw, stated)
        except ProngsaiError:
            return
        for claim in self.r.instrument_claims:
            mean = means.get(claim.key)
            if mean is None or abs(claim.value - mean) <= TOLERANCE + _EPS:
                continue
            numbers = ", ".join(str(n) for n in fw.instrument(claim.key).indicators)
            self.add(
                "indicator-score-mismatch",
                "error",
                f"คะแนน {claim.key} {_s(claim.value)} ไม่ตรงกับค่าเฉลี่ยของตัวชี้วัดที่ {numbers} ที่ระบุไว้ ({_s(mean)})",
                f"{claim.key} {_s(claim.value)} does not match the mean of indicators {numbers} ({_s(mean)})",
                [(claim.start, claim.end)],
                expected=mean,
            )

    # --- overall score and level --------------------------------------------------------------

    def overall_and_level(self) -> None:
        r, doc = self.r, self.doc
        stated_overall = doc.overall.score
        # Several stated overall scores of the results year must agree.
        current = r.current(r.overall_claims)
        if len({round2(c.value) for c in current}) > 1:
            first = current[0]
            others = ", ".join(f"{_s(c.value)} (บรรทัด {r.line_of(c.value_start)})" for c in current)
            self.add(
                "overall-score-mismatch",
                "error",
                f"คะแนนภาพรวมระบุไว้ไม่ตรงกัน: {others}",
                "the overall score is given differently: "
                + ", ".join(f"{_s(c.value)} (line {r.line_of(c.value_start)})" for c in current),
                [(c.start, c.end) for c in current],
                expected=first.value,
            )
        fy = doc.fiscal_year
        fw = self.framework(fy)
        if fw is None and doc.overall.level is not None and fy is None:
            fw = self._framework_for_label(doc.overall.level)
        if fw is None:
            return
        numbers = [i.number for i in fw.indicators.items]
        stated = {int(k): v for k, v in doc.indicators.items() if int(k) in numbers}
        recomputed = None
        how_th = how_en = ""
        try:
            if len(stated) == len(numbers):
                recomputed = score_indicators(fw, stated).overall
                how_th, how_en = "คะแนนรายตัวชี้วัดที่ระบุ", "the stated indicator scores"
            elif len(doc.instruments) == len(fw.instruments.items):
                recomputed = score_instruments(fw, doc.instruments).overall
                how_th, how_en = "คะแนนรายเครื่องมือที่ระบุ", "the stated instrument scores"
        except ProngsaiError:
            recomputed = None
        overall_spans = [(c.start, c.end) for c in (current or r.overall_claims)[:1]]
        if (
            stated_overall is not None
            and recomputed is not None
            and abs(stated_overall - recomputed) > TOLERANCE + _EPS
        ):
            self.add(
                "overall-score-mismatch",
                "error",
                f"คะแนนภาพรวม {_s(stated_overall)} ไม่ตรงกับที่คำนวณจาก{how_th}ตามเกณฑ์ปีงบประมาณ {fw.fiscal_year}"
                f" ({fw.instruments.formula_text()}) ซึ่งได้ {_s(recomputed)}",
                f"the overall score {_s(stated_overall)} does not match {_s(recomputed)}, computed from {how_en}"
                f" under the FY{fw.fiscal_year} rules",
                overall_spans,
                expected=recomputed,
            )
        label = doc.overall.level
        if label is None or r.overall_level is None:
            return
        level_span = [(r.overall_level.start, r.overall_level.end)]
        score = stated_overall if stated_overall is not None else recomputed
        labels = [rule.label for rule in fw.levels.rules]
        instruments = dict(doc.instruments)
        with contextlib.suppress(ProngsaiError):
            instruments.update(
                {k: v for k, v in complete_instrument_scores(fw, stated).items() if k not in instruments}
            )
        possible = possible_levels(fw, score, instruments) if score is not None else []
        if label not in labels:
            expected = possible[0] if possible else None
            self.add(
                "level-mismatch",
                "error",
                f"ระดับ “{label}” ไม่มีในเกณฑ์ปีงบประมาณ {fw.fiscal_year} (ระดับที่มี: {', '.join(labels)})"
                + (f" คะแนน {_s(score)} ได้ระดับ {' หรือ '.join(possible)}" if possible else ""),
                f"level “{label}” does not exist in FY{fw.fiscal_year} (levels: {', '.join(labels)})"
                + (f"; {_s(score)} gives {' or '.join(possible)}" if possible else ""),
                overall_spans + level_span,
                expected=expected,
            )
            return
        if score is None or label in possible or not possible:
            return
        rule = next(rule for rule in fw.levels.rules if rule.label == label)
        need_th = f"คะแนนภาพรวม {_s(rule.min_overall)} ขึ้นไป" if rule.min_overall > 0 else ""
        need_en = f"an overall score of {_s(rule.min_overall)} or more" if rule.min_overall > 0 else ""
        if rule.max_overall is not None:
            need_th = f"คะแนนภาพรวม {_s(rule.min_overall)}–{_s(rule.max_overall)}"
            need_en = f"an overall score of {_s(rule.min_overall)}-{_s(rule.max_overall)}"
        if rule.min_each_instrument is not None:
            need_th += f" และทุกเครื่องมือ {_s(rule.min_each_instrument)} ขึ้นไป"
            need_en += f" and every instrument at {_s(rule.min_each_instrument)} or more"
        cond_th = cond_en = ""
        if len(possible) > 1:
            best = next(x for x in fw.levels.rules if x.label == possible[0])
            if best.min_each_instrument is not None:
                floor = _s(best.min_each_instrument)
                rest_th, rest_en = " หรือ ".join(possible[1:]), " or ".join(possible[1:])
                cond_th = f" (หากทุกเครื่องมือได้ {floor} ขึ้นไป มิฉะนั้น {rest_th})"
                cond_en = f" (if every instrument reaches {floor}; otherwise {rest_en})"
        self.add(
            "level-mismatch",
            "error",
            f"ระดับผลการประเมิน “{label}” เป็นไปไม่ได้สำหรับคะแนน {_s(score)} ตามเกณฑ์ปีงบประมาณ {fw.fiscal_year}"
            f" (ระดับ {label} ต้องได้{need_th}) คะแนนนี้ได้ระดับ {possible[0]}{cond_th}",
            f"level “{label}” is impossible for {_s(score)} under the FY{fw.fiscal_year} rules ({label} needs"
            f" {need_en}); this score gives {possible[0]}{cond_en}",
            overall_spans + level_span,
            expected=possible[0],
        )

    def other_results(self) -> None:
        """The level stated for each agency of a multi-agency text and for each other year of a multi-year table,
        against its year's rules (the document's own overall is checked by `overall_and_level`)."""
        r = self.r
        current = r.current(r.overall_claims) or r.overall_claims
        own = {(c.start, c.end) for c in current[:1]}
        items: list[tuple[str | None, int | None, float | None, str | None, list[tuple[int, int]]]] = []
        for doc, (claim, level) in zip(r.rows, r.row_claims, strict=False):
            spans = [(claim.start, claim.end)] + ([(level.start, level.end)] if level else [])
            if (claim.start, claim.end) not in own:
                items.append((doc.agency.name, doc.fiscal_year, doc.overall.score, doc.overall.level, spans))
        for y in self.doc.other_years:
            items.append((None, y.fiscal_year, y.overall, y.level, r.year_spans.get(y.fiscal_year, [])))
        for name, fy, score, label, spans in items:
            fw = self.framework(fy)
            if score is None or label is None or fw is None:
                continue
            labels = [rule.label for rule in fw.levels.rules]
            possible = possible_levels(fw, score, {})
            if label in labels and (label in possible or not possible):
                continue
            who_th = f"{name} " if name else ""
            who_en = f"{name}: " if name else ""
            if label not in labels:
                th = f"{who_th}ปีงบประมาณ {fy}: ระดับ “{label}” ไม่มีในเกณฑ์ของปีนั้น (ระดับที่มี: {', '.join(labels)})"
                en = f"{who_en}FY{fy}: level “{label}” does not exist that year (levels: {', '.join(labels)})"
            else:
                th = (
                    f"{who_th}ปีงบประมาณ {fy}: ระดับ “{label}” เป็นไปไม่ได้สำหรับคะแนน {_s(score)}"
                    f" ตามเกณฑ์ปีงบประมาณ {fy} คะแนนนี้ได้ระดับ {' หรือ '.join(possible)}"
                )
                en = (
                    f"{who_en}FY{fy}: level “{label}” is impossible for {_s(score)} under that year's rules;"
                    f" this score gives {' or '.join(possible)}"
                )
            self.add("level-mismatch", "error", th, en, spans, expected=possible[0] if possible else None)

    def _framework_for_label(self, label: str) -> Framework | None:
        """Without a results year, the latest year whose scheme has the label."""
        for year in reversed(self.registry.years()):
            fw = self.framework(year)
            if fw is not None and any(rule.label == label for rule in fw.levels.rules):
                return fw
        return None

    # --- fiscal years -------------------------------------------------------------------------

    def fiscal_years(self) -> None:
        r = self.r
        for p in r.periods:
            if p.claimed_year is None or p.claim_start is None:
                continue
            fy = p.fiscal_year
            first, last = fiscal_year_period(p.claimed_year)
            if fy == p.claimed_year or (fy is None and first <= p.first and p.last <= last):
                continue
            span = f"{thai_date(p.first)} – {thai_date(p.last)}"
            right = f"{thai_date(first)} – {thai_date(last)}"
            self.add(
                "fiscal-year-mismatch",
                "error",
                f"ช่วงเวลา {span} ไม่ตรงกับปีงบประมาณ {p.claimed_year} ที่ระบุ (ปีงบประมาณ {p.claimed_year} คือ {right})"
                + (f" ช่วงเวลานี้คือปีงบประมาณ {fy}" if fy else ""),
                f"the period {p.first} – {p.last} is not fiscal year {p.claimed_year} ({first} – {last})"
                + (f"; it is FY{fy}" if fy else ""),
                [(p.claim_start, p.end)],
                expected=fy if fy is not None else right,
            )
        # Measures called FY Y elsewhere, while their period is another fiscal year.
        periods = [p for p in r.periods if p.fiscal_year is not None and not _results_period(self.text, p)]
        years = {p.fiscal_year for p in periods}
        if len(years) != 1:
            return
        fy = years.pop()
        period = periods[0]
        wrong = [
            y
            for y in r.years
            if y.context == "measures"
            and y.year != fy
            and _fiscal_phrase(self.text, y.start)
            and not _about_past_measures(self.text[y.context_start : y.start])
        ]
        if not wrong:
            return
        lines = ", ".join(str(r.line_of(y.start)) for y in wrong)
        self.add(
            "fiscal-year-mismatch",
            "error",
            f"มาตรการมีระยะเวลา {thai_date(period.first)} – {thai_date(period.last)} ซึ่งเป็นปีงบประมาณ {fy}"
            f" แต่เอกสารเรียกว่ามาตรการประจำปีงบประมาณ {', '.join(sorted({str(y.year) for y in wrong}))}"
            f" (บรรทัด {lines})",
            f"the measures run {period.first} – {period.last}, which is FY{fy}, but are called FY"
            f"{', '.join(sorted({str(y.year) for y in wrong}))} measures (lines {lines})",
            [(_phrase_start(self.text, y.start), y.end) for y in wrong] + [(period.start, period.end)],
            expected=fy,
        )

    # --- spelling -----------------------------------------------------------------------------

    def misspellings(self) -> None:
        for hit in self.lex.matcher.find(self.text):
            if "\ufffd" in hit.found:
                continue  # a character the extraction could not read, not the author's spelling
            term = hit.term
            severity = term.severity or (
                "error" if term.category in ("title", "agency") or hit.start < self.r.header_end else "warning"
            )
            found = _one_line(hit.found)
            if self._from_ocr(hit.start):
                # Read from a scan: more likely the OCR's misreading than the author's (ข for ช, a mark lost).
                self.add(
                    "ocr-suspect",
                    "info",
                    f"อาจอ่านผิดจากภาพ (OCR): “{found}” น่าจะเป็น “{term.term}” กรุณาเทียบกับต้นฉบับ",
                    f"possibly misread from the scan (OCR): “{found}” is probably “{term.term}”; compare with the"
                    " original",
                    [(hit.start, hit.end)],
                    expected=term.term,
                )
                continue
            self.add(
                "misspelling",
                severity,
                f"สะกดผิด: “{found}” ควรเป็น “{term.term}”",
                f"misspelt: “{found}” should be “{term.term}”",
                [(hit.start, hit.end)],
                expected=term.term,
            )

    # --- OCR ----------------------------------------------------------------------------------------

    def _from_ocr(self, offset: int) -> bool:
        return self.doc.ocr and self.doc.is_ocr_line(self.r.line_of(offset))

    def ocr_confusions(self) -> None:
        """Numbers read from a scan with letters in them: OCR takes ๐ for o, ๑ for ด, 0 for O, 1 for l."""
        if not self.doc.ocr:
            return
        for m in _TOKEN.finditer(self.text):
            token = m.group()
            if not self._from_ocr(m.start()) or not _mixed_number(token):
                continue
            guess = _as_digits(token)
            self.add(
                "ocr-suspect",
                "info",
                f"ตัวเลข “{token}” มีตัวอักษรปนอยู่ อาจอ่านผิดจากภาพ (OCR) น่าจะเป็น “{guess}” กรุณาเทียบกับต้นฉบับ",
                f"the number “{token}” has letters in it; possibly misread from the scan (OCR), probably “{guess}”",
                [(m.start(), m.end())],
                expected=guess,
            )


_TOKEN = re.compile(r"[^\s()\[\]:;]+")
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_LOOKALIKE_THAI = {"o": "๐", "O": "๐", "อ": "๐", "ด": "๑"}
_LOOKALIKE_ARABIC = {"o": "0", "O": "0", "l": "1", "I": "1", "S": "5", "B": "8"}


def _mixed_number(token: str) -> bool:
    """A number with a look-alike letter in it ("๙o.๕๐", "๑ด", "8O.25"): two digits or more, the rest lookalikes."""
    core = token.strip(".,")
    digits = sum(ch.isdigit() for ch in core)  # Thai digits are digits too
    thai = any(ch in _THAI_DIGITS for ch in core)
    table = _LOOKALIKE_THAI if thai else _LOOKALIKE_ARABIC
    odd = [ch for ch in core if not ch.isdigit() and ch not in ".,"]
    return digits >= 2 and bool(odd) and all(ch in table for ch in odd) and len(odd) <= 2


def _as_digits(token: str) -> str:
    thai = any(ch in _THAI_DIGITS for ch in token)
    table = _LOOKALIKE_THAI if thai else _LOOKALIKE_ARABIC
    return "".join(table.get(ch, ch) for ch in token)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _results_period(text: str, p: Period) -> bool:
    return bool(RESULTS_WORDS.search(text[max(0, p.start - 80) : p.start]))


def _fiscal_phrase(text: str, pos: int) -> bool:
    return bool(_FY_PHRASE_BEFORE.search(text[max(0, pos - 25) : pos]))


def _phrase_start(text: str, pos: int) -> int:
    """Start of "ประจำปีงบประมาณ พ.ศ." before a year, for evidence."""
    for word in ("ประจำปีงบประมาณ", "ปีงบประมาณ", "ประจำปี", "ในปี", "ปี"):
        i = text.rfind(word, max(0, pos - 30), pos)
        if i >= 0:
            return i
    return pos


def _about_past_measures(between: str) -> bool:
    return any(w in between for w in ("ผลการดำเนิน", "ที่ผ่านมา", "ปีที่แล้ว", "ปีก่อน", "ทบทวน"))


# --- entry points ----------------------------------------------------------------------------------------


def _registry() -> FrameworkRegistry:
    return shared_registry()  # built-in years plus the user's (PRONGSAI_FRAMEWORK_PATH)


def check_parsed(
    result: ParseResult, *, registry: FrameworkRegistry | None = None, lexicon: Lexicon | None = None
) -> CheckReport:
    """Findings for a parsed document."""
    return _Checker(result, registry or _registry(), lexicon or load_lexicon()).run()


def check_text(
    text: str, source: str = "", *, registry: FrameworkRegistry | None = None, lexicon: Lexicon | None = None
) -> CheckReport:
    """Parse and check a document's text."""
    reg, lex = registry or _registry(), lexicon or load_lexicon()
    return check_parsed(parse_text(text, source, registry=reg, lexicon=lex), registry=reg, lexicon=lex)


def check_results(doc: ParsedDocument, *, registry: FrameworkRegistry | None = None) -> CheckReport:
    """The number checks alone (overall and level against the year's rules), for imported results."""
    result = ParseResult(document=doc, text="", header_end=0)
    checker = _Checker(result, registry or _registry(), load_lexicon())
    if doc.overall.level is not None:
        result.overall_level = LevelClaim(doc.overall.level, 0, 0)
    if doc.overall.score is not None:
        result.overall_claims = [ScoreClaim("overall", doc.overall.score, "table", 0, 0, 0)]
    checker.overall_and_level()
    for f in checker.report.findings:
        f.evidence = []
    checker.report.sort()
    return checker.report


def check_file(path: str | Path, *, registry: FrameworkRegistry | None = None) -> CheckReport:
    """Read, parse and check a document file (DocumentError when it cannot be read)."""
    from prongsai.core.documents.parse import parse_file

    reg = registry or _registry()
    return check_parsed(parse_file(path, registry=reg), registry=reg)
