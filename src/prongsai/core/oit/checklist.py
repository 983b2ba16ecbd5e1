"""The OIT checklist of one fiscal year: every item, who publishes it, where, how to find it, and what it must contain.

    framework = default_registry().get(2568)
    checklist = build_checklist(framework, main_site="https://www.example.go.th")
    checklist.item("O9").urls.append("https://www.example.go.th/ita/2568/o9")
    for gap in completeness(checklist): print(gap.code, gap.message_th)
    itas_export(checklist, "itas-2568.xlsx")          # ข้อ, มี/ไม่มี, URL, คำอธิบาย
    draft_clarification(checklist.item("O9"), "ไม่พบค่าธรรมเนียม")

The web app stores a checklist as JSON (`Checklist.model_dump(mode="json")`) and reads it back with
`Checklist.model_validate`. `apply_site_report` fills empty URLs, the "how to find it" path and the parts the
website checker (`prongsai.core.oit.checker`) detected.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.diff import title_key
from prongsai.core.frameworks.schema import Framework
from prongsai.core.oit.requirements import PERIOD_TH, Period, Requirements, resolve_items
from prongsai.core.oit.site_report import SiteReport
from prongsai.core.oit.sites import ARROW, HOME_TH, bare_host, external_drive_name
from prongsai.core.spreadsheet import neutralise_cell
from prongsai.core.thai import thai_date

Status = Literal["todo", "in_progress", "published", "disputed", "not_applicable"]
STATUS_TH: dict[str, str] = {
    "todo": "ยังไม่เริ่ม",
    "in_progress": "กำลังจัดทำ",
    "published": "เผยแพร่แล้ว",
    "disputed": "ขอชี้แจงเพิ่มเติม",
    "not_applicable": "ไม่มีข้อมูลตามข้อนี้ (ชี้แจงเหตุผล)",
}
class ChecklistError(ProngsaiError):
    """A checklist cannot be exported or changed as asked."""


class PartCheck(BaseModel):
    """One required content of an item and whether it is there (None: not checked yet)."""

    id: str
    name_th: str
    done: bool | None = None
    basis: str = "heuristic"
    source: str | None = None
    detect: str = "text"
    note: str | None = None


class EvidenceFile(BaseModel):
    name: str
    url: str | None = None
    path: str | None = None  # where the web app keeps the file
    note: str | None = None


class ChecklistItem(BaseModel):
    code: str
    title_th: str | None
    subindicator: str
    indicator: int
    confidence: str | None = None
    topic: str | None = None
    period: Period = "any"
    period_note_th: str = ""
    responsible: str | None = None  # the officer (name and position) who publishes the item
    urls: list[str] = []
    how_to_find: list[str] = []  # ["หน้าหลัก", "ITA", "O9 คู่มือ…"]
    files: list[EvidenceFile] = []
    parts: list[PartCheck] = []
    status: Status = "todo"
    explanation: str | None = None  # คำอธิบาย for ITAS (besides the how-to-find path)
    clarification: str | None = None  # the drafted ชี้แจงเพิ่มเติม, when disputed

    @property
    def label(self) -> str:
        return f"{self.code.upper()} {self.title_th}" if self.title_th else f"{self.code.upper()} (ยังไม่ทราบชื่อข้อ)"

    def how_to_find_text(self) -> str:
        return ARROW.join(self.how_to_find)

    def part(self, part_id: str) -> PartCheck:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)

    def has_evidence(self) -> bool:
        """มี for ITAS: published with at least one URL."""
        return self.status == "published" and bool(self.urls)


class Checklist(BaseModel):
    fiscal_year: int
    framework_origin: str = ""
    agency: str | None = None
    main_site: str | None = None  # https://www.example.go.th (the main website the items must be on)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    items: list[ChecklistItem]

    def item(self, code: str) -> ChecklistItem:
        for it in self.items:
            if it.code.lower() == code.lower():
                return it
        raise KeyError(code)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# --- building ----------------------------------------------------------------------------------------------


def build_checklist(
    framework: Framework,
    *,
    agency: str | None = None,
    main_site: str | None = None,
    requirements: Requirements | None = None,
) -> Checklist:
    """A blank checklist: every OIT item of the year with the parts it must contain (see requirements.yaml)."""
    fy = framework.fiscal_year
    items = []
    for req in resolve_items(framework, requirements):
        period_note = PERIOD_TH[req.period]
        if req.period == "previous":
            period_note += f" (พ.ศ. {fy - 1})"
        elif req.period in ("current", "current_or_previous"):
            period_note += f" (พ.ศ. {fy})"
        if req.period_basis == "heuristic" and req.period != "any":
            period_note += " [หลักการตรวจของระบบ ยังไม่ยืนยันจากคู่มือ]"
        items.append(
            ChecklistItem(
                code=req.code,
                title_th=req.title_th,
                subindicator=req.subindicator,
                indicator=req.indicator,
                confidence=req.confidence,
                topic=req.topic,
                period=req.period,
                period_note_th=period_note,
                parts=[
                    PartCheck(id=p.id, name_th=p.name_th, basis=p.basis, source=p.source, detect=p.detect)
                    for p in req.parts
                ],
            )
        )
    return Checklist(
        fiscal_year=fy, framework_origin=framework.origin, agency=agency, main_site=main_site, items=items
    )


# --- completeness ------------------------------------------------------------------------------------------

GapKind = Literal[
    "title", "responsible", "url", "main_site", "external_drive", "how_to_find", "part", "status", "explanation"
]


class Gap(BaseModel):
    """One thing missing before submission."""

    code: str
    kind: GapKind
    message_th: str
    part: str | None = None


def completeness(checklist: Checklist) -> list[Gap]:
    """Exactly what is missing, item by item, in checklist order. An empty list: ready to submit."""
    gaps: list[Gap] = []
    main = bare_host(checklist.main_site) if checklist.main_site else None
    for it in checklist.items:
        code = it.code

        def gap(kind: GapKind, message: str, part: str | None = None, _code: str = code) -> None:
            gaps.append(Gap(code=_code, kind=kind, message_th=message, part=part))

        if not it.title_th:
            gap("title", f"ข้อ {code.upper()}: ยังไม่ทราบชื่อข้อของปีงบประมาณ {checklist.fiscal_year} ตรวจกับคู่มือ ITA ของปีนี้")
        if it.status == "not_applicable":
            if not (it.explanation or "").strip():
                gap("explanation", f"ข้อ {code.upper()}: ระบุว่าไม่มีข้อมูลตามข้อนี้ แต่ยังไม่ได้เขียนคำอธิบายเหตุผล")
            if not (it.responsible or "").strip():
                gap("responsible", f"ข้อ {code.upper()}: ยังไม่ได้ระบุผู้รับผิดชอบ")
            continue
        if not (it.responsible or "").strip():
            gap("responsible", f"ข้อ {code.upper()}: ยังไม่ได้ระบุผู้รับผิดชอบ")
        if not it.urls:
            gap("url", f"ข้อ {code.upper()}: ยังไม่มี URL ของหลักฐานบนเว็บไซต์หลัก")
        for url in it.urls:
            drive = external_drive_name(url)
            if drive:
                gap("external_drive", f"ข้อ {code.upper()}: {url} อยู่บน {drive} ไม่ใช่เว็บไซต์หลักของหน่วยงาน")
            elif main and bare_host(url) != main:
                gap("main_site", f"ข้อ {code.upper()}: {url} ไม่ได้อยู่บนเว็บไซต์หลัก ({checklist.main_site})")
        if not it.how_to_find:
            gap("how_to_find", f"ข้อ {code.upper()}: ยังไม่มีคำอธิบายวิธีเข้าถึง (หน้าหลัก → … → …)")
        for p in it.parts:
            if p.done is not True:
                state = "ยังไม่ได้ตรวจ" if p.done is None else "ยังไม่มี"
                gap("part", f"ข้อ {code.upper()}: ส่วนประกอบ “{p.name_th}” {state}", part=p.id)
        if it.status != "published" and it.status != "disputed":
            gap("status", f"ข้อ {code.upper()}: สถานะ “{STATUS_TH[it.status]}” ยังไม่เผยแพร่")
    return gaps


# --- ITAS export -------------------------------------------------------------------------------------------

ITAS_COLUMNS = ("ข้อ", "มี/ไม่มี", "URL", "คำอธิบาย")


def itas_rows(checklist: Checklist) -> list[tuple[str, str, str, str]]:
    """One row per item: ข้อ, มี/ไม่มี, URL (one per line), คำอธิบาย (how to find it, then the explanation).

    No cell can start a formula (``neutralise_cell``): officers type these texts."""
    rows = []
    for it in checklist.items:
        has = it.has_evidence()
        explanation = []
        if it.how_to_find:
            explanation.append(it.how_to_find_text())
        if it.explanation:
            explanation.append(it.explanation.strip())
        if not has and not explanation:
            explanation.append("ยังไม่มีข้อมูลเผยแพร่")
        cells = (it.label, "มี" if has else "ไม่มี", "\n".join(it.urls), "\n".join(explanation))
        rows.append(tuple(neutralise_cell(cell) for cell in cells))
    return rows


def itas_export(checklist: Checklist, path: Path | str) -> Path:
    """Write the ITAS-shaped table to .csv (UTF-8 with BOM, so Excel shows Thai) or .xlsx."""
    path = Path(path)
    rows = itas_rows(checklist)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ITAS_COLUMNS)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        wb = Workbook()
        ws = wb.active
        ws.title = f"OIT {checklist.fiscal_year}"
        ws.append(ITAS_COLUMNS)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for col, width in zip("ABCD", (48, 10, 60, 60), strict=True):
            ws.column_dimensions[col].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        wb.save(path)
    else:
        raise ChecklistError(
            f"ส่งออกได้เฉพาะไฟล์ .csv หรือ .xlsx (ได้ {path.name})", f"export to .csv or .xlsx only (got {path.name})"
        )
    return path


# --- clarification -----------------------------------------------------------------------------------------


def draft_clarification(
    item: ChecklistItem,
    reason: str,
    *,
    fiscal_year: int | None = None,
    agency: str | None = None,
    on: datetime | None = None,
) -> str:
    """A draft ชี้แจงเพิ่มเติม (Thai) for an item the assessor marked ไม่มี: what was said, where the evidence is,
    how to reach it and what it contains. The officer edits and submits it within the clarification window."""
    fy_text = f" ปีงบประมาณ พ.ศ. {fiscal_year}" if fiscal_year else ""
    who = agency or "หน่วยงาน"
    lines = [
        f"เรื่อง ขอชี้แจงเพิ่มเติมผลการประเมิน OIT{fy_text} ข้อ {item.label}",
        "",
        f"ตามที่ผู้ประเมินให้ความเห็นต่อข้อ {item.label} ว่า “{reason.strip()}” นั้น",
        f"{who}ขอชี้แจงว่า ได้เผยแพร่ข้อมูลตามข้อนี้บนเว็บไซต์หลักของหน่วยงานแล้ว ดังนี้",
    ]
    if item.urls:
        lines.append("1. ที่อยู่ของหลักฐาน (URL)")
        lines += [f"   - {u}" for u in item.urls]
    else:
        lines.append("1. ที่อยู่ของหลักฐาน (URL): [โปรดระบุ URL บนเว็บไซต์หลัก]")
    path = item.how_to_find_text() or f"{HOME_TH} → [เมนู] → [หัวข้อ]"
    lines.append(f"2. วิธีเข้าถึงจากหน้าหลักของเว็บไซต์: {path}")
    if item.parts:
        lines.append("3. เนื้อหาที่ข้อนี้กำหนด และตำแหน่งที่ปรากฏในหลักฐาน")
        for p in item.parts:
            mark = "มี" if p.done else "[โปรดตรวจและระบุหน้า/ย่อหน้า]"
            lines.append(f"   - {p.name_th}: {mark}")
    if item.period in ("current", "previous", "current_or_previous"):
        lines.append(f"{4 if item.parts else 3}. ช่วงเวลาของข้อมูล: {item.period_note_th.split(' [')[0]}")
    if item.files:
        lines.append("เอกสารแนบ")
        lines += [f"   - {f.name}" + (f" ({f.url})" if f.url else "") for f in item.files]
    lines += [
        "",
        "จึงเรียนมาเพื่อโปรดพิจารณาทบทวนผลการประเมินข้อนี้",
        "",
        f"ผู้รับผิดชอบ: {item.responsible or '[ชื่อ ตำแหน่ง]'}",
        f"วันที่ {thai_date((on or datetime.now(UTC)).date())}",
    ]
    return "\n".join(lines)


# --- from the website checker ------------------------------------------------------------------------------


def apply_site_report(
    checklist: Checklist, report: SiteReport, *, overwrite: bool = False, mark_published: bool = False
) -> Checklist:
    """Fill the checklist from a website check: URLs and how-to-find paths of the items found (only where empty,
    unless `overwrite`), and each part the checker detected in the text (parts it did not see stay unchanged).
    `mark_published`: items the checker found (verdict found) and still "todo"/"in_progress" become "published"."""
    if report.fiscal_year != checklist.fiscal_year:
        raise ChecklistError(
            f"ผลการตรวจเว็บไซต์เป็นของปีงบประมาณ {report.fiscal_year} แต่รายการตรวจเป็นปี {checklist.fiscal_year}",
            f"the website check is for FY{report.fiscal_year}, the checklist for FY{checklist.fiscal_year}",
        )
    by_code = {r.code.lower(): r for r in report.items}
    for it in checklist.items:
        r = by_code.get(it.code.lower())
        if r is None:
            continue
        if r.verdict != "missing" and r.urls and (overwrite or not it.urls):
            it.urls = list(r.urls[:1])
        if r.verdict != "missing" and r.how_to_find and (overwrite or not it.how_to_find):
            it.how_to_find = list(r.how_to_find)
        for p in it.parts:
            if r.parts.get(p.id) is True and (overwrite or p.done is None):
                p.done = True
        if mark_published and r.verdict == "found" and it.status in ("todo", "in_progress"):
            it.status = "published"
    if checklist.main_site is None:
        checklist.main_site = report.site
    return checklist


# --- following a changed item list -------------------------------------------------------------------------

SIMILAR = 85  # rapidfuzz ratio at or above which two titles are the same item reworded
CONTAINED = 90  # partial ratio at or above which one title contains the other ("ข้อมูลการติดต่อ" in "…และช่องทางการสอบถาม")


def match_items(
    old: list[tuple[str, str | None]], new: list[tuple[str, str | None]], requirements: Requirements | None = None
) -> dict[str, str]:
    """{new code: old code} for items whose evidence carries over, in this order of trust:

    1. the same title (case, spaces, dashes and a trailing year ignored);
    2. a reworded title (rapidfuzz ratio ≥ SIMILAR), whatever the codes;
    3. the same code, when one title contains the other or both are the same OIT topic (requirements.yaml);
    4. another code, when both are the only unmatched items of one topic;
    5. the same code, when either title is unknown.

    Codes are reused for other items from year to year, so a code alone never moves evidence between two known,
    unrelated titles. One old item goes to at most one new item; an item with no match is absent (the caller
    keeps it and lists it)."""
    from rapidfuzz import fuzz

    from prongsai.core.oit.requirements import load_requirements

    topic_for = (requirements or load_requirements()).topic_for
    old_key = {c.lower(): title_key(t) or "" for c, t in old}
    new_key = {c.lower(): title_key(t) or "" for c, t in new}
    old_topic = {c.lower(): topic_for(t) for c, t in old}
    new_topic = {c.lower(): topic_for(t) for c, t in new}
    out: dict[str, str] = {}

    def free_old() -> list[str]:
        taken = set(out.values())
        return [c for c in old_key if c not in taken]

    def claim(new_code: str, old_code: str) -> None:
        out[new_code] = old_code

    for n, key in new_key.items():  # 1
        match = next((o for o in free_old() if key and old_key[o] == key), None)
        if match:
            claim(n, match)
    for n, key in new_key.items():  # 2
        if n in out or not key:
            continue
        scored = [(fuzz.ratio(key, old_key[o]), o) for o in free_old() if old_key[o]]
        if scored and max(scored)[0] >= SIMILAR:
            claim(n, max(scored)[1])
    for n, key in new_key.items():  # 3
        if n in out or n not in free_old() or not key or not old_key[n]:
            continue
        contained = fuzz.partial_ratio(key, old_key[n]) >= CONTAINED
        if contained or (new_topic[n] is not None and new_topic[n] == old_topic[n]):
            claim(n, n)
    for n in new_key:  # 4
        topic = new_topic[n]
        if n in out or topic is None:
            continue
        olds = [o for o in free_old() if old_topic[o] == topic]
        news = [m for m in new_key if m not in out and new_topic[m] == topic]
        if len(olds) == 1 and news == [n]:
            claim(n, olds[0])
    for n, key in new_key.items():  # 5
        if n not in out and n in free_old() and (not key or not old_key[n]):
            claim(n, n)
    return out


def carry_over_map(old: Framework, new: Framework) -> dict[str, str]:
    """{new item code: old item code} (upper case) whose evidence carries over from one framework to another."""
    pairs = match_items(
        [(it.code, it.title_th) for _, it in (old.oit.items() if old.oit else [])],
        [(it.code, it.title_th) for _, it in (new.oit.items() if new.oit else [])],
    )
    return {n.upper(): o.upper() for n, o in pairs.items()}


def carry_evidence(old: ChecklistItem, new: ChecklistItem) -> ChecklistItem:
    """The new item (code, title, parts from the new framework) with the officer's work on the old one: the
    responsible officer, URLs, path, files, status, explanation, clarification, and ticks of parts that exist
    in both (by id, then by name)."""
    done_by_id = {p.id: p for p in old.parts}
    done_by_name = {p.name_th: p for p in old.parts}
    parts = []
    for part in new.parts:
        before = done_by_id.get(part.id) or done_by_name.get(part.name_th)
        parts.append(part.model_copy(update={"done": before.done, "note": before.note}) if before else part)
    return new.model_copy(
        update={
            "responsible": old.responsible,
            "urls": list(old.urls),
            "how_to_find": list(old.how_to_find),
            "files": list(old.files),
            "status": old.status,
            "explanation": old.explanation,
            "clarification": old.clarification,
            "parts": parts,
        }
    )


def has_work(item: ChecklistItem) -> bool:
    """Anything an officer entered: an item without it can be let go when the list changes."""
    return bool(
        item.responsible or item.urls or item.files or item.explanation or item.clarification
        or item.status != "todo" or any(p.done is not None for p in item.parts)
    )
