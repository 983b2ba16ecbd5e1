"""What changed between two frameworks (which evidence carries over is `prongsai.core.oit.checklist`'s call).

Items are paired first by title (normalised, year words stripped: "ประจำปี พ.ศ. 2568", "ปี 2569"), then by code.
A pair with another code is "renumbered"; with the same code and another title "renamed"; with the same code
and title in another sub-indicator "moved". Unpaired items are "added" (in b) or "removed" (from a).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from prongsai.core.advice import normalise_title
from prongsai.core.frameworks.schema import STATUS_TH, Framework
from prongsai.core.thai import to_arabic_digits

ChangeKind = Literal["added", "removed", "renamed", "moved", "renumbered"]

_YEAR = re.compile(
    r"[(\[]?\s*(?:ประจำ\s*)?(?:ปี\s*)?(?:งบประมาณ\s*)?(?:พ\s*\.\s*ศ\s*\.?|ค\s*\.\s*ศ\s*\.?)?\s*(?:25|20)\d{2}\s*[)\]]?"
)
_TRAILING_YEAR_WORDS = re.compile(r"(?:\s*(?:ประจำปีงบประมาณ|ประจำปี|ปีงบประมาณ))+\s*[.,:;\-–]*\s*$")


def title_key(title: str | None) -> str | None:
    """A title for matching: year words and B.E./C.E. years removed, then `normalise_title`. None if unknown."""
    if not title:
        return None
    text = _YEAR.sub(" ", to_arabic_digits(title))
    text = _TRAILING_YEAR_WORDS.sub("", text)
    key = normalise_title(text)
    return key or None


@dataclass(frozen=True)
class ItemChange:
    kind: ChangeKind
    code: str  # the item's code in b (in a, for "removed")
    old_code: str | None
    title_th: str | None
    old_title_th: str | None
    subindicator: str | None
    old_subindicator: str | None

    def line_th(self) -> str:
        title = self.title_th or "(ยังไม่ทราบชื่อข้อ)"
        old_title = self.old_title_th or "(ยังไม่ทราบชื่อข้อ)"
        if self.kind == "added":
            return f"เพิ่มข้อ {self.code} {title} (ตัวชี้วัดย่อย {self.subindicator})"
        if self.kind == "removed":
            return f"ตัดข้อ {self.code} {old_title} (ตัวชี้วัดย่อย {self.old_subindicator})"
        moved = (
            f" และย้ายจากตัวชี้วัดย่อย {self.old_subindicator} ไป {self.subindicator}"
            if self.subindicator != self.old_subindicator
            else ""
        )
        if self.kind == "renumbered":
            return f"เปลี่ยนเลขข้อ {self.old_code} เป็น {self.code}: {title}{moved}"
        if self.kind == "renamed":
            return f"เปลี่ยนชื่อข้อ {self.code}: '{old_title}' เป็น '{title}'{moved}"
        return f"ย้ายข้อ {self.code} {title} จากตัวชี้วัดย่อย {self.old_subindicator} ไป {self.subindicator}"


@dataclass(frozen=True)
class FrameworkDiff:
    a_label: str
    b_label: str
    items: list[ItemChange] = field(default_factory=list)  # OIT items
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (Thai description, before, after)

    def is_empty(self) -> bool:
        return not self.items and not self.sections

    def lines_th(self) -> list[str]:
        head = f"เปรียบเทียบ {self.a_label} กับ {self.b_label}"
        if self.is_empty():
            return [head, "ไม่มีความแตกต่าง"]
        out = [head]
        out += [f"{what}: {before} → {after}" for what, before, after in self.sections]
        if self.items:
            out.append(f"ข้อ OIT ที่เปลี่ยน {len(self.items)} รายการ")
            out += [f"  - {change.line_th()}" for change in self.items]
        return out

    def to_json_dict(self) -> dict:
        return {
            "a": self.a_label,
            "b": self.b_label,
            "items": [change.__dict__ for change in self.items],
            "sections": [{"description_th": d, "before": b, "after": a} for d, b, a in self.sections],
            "lines_th": self.lines_th(),
        }


# --- OIT items ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    code: str
    title: str | None
    sub: str
    key: str | None


def _items(framework: Framework) -> list[_Item]:
    if framework.oit is None:
        return []
    return [_Item(it.code.upper(), it.title_th, s.code, title_key(it.title_th)) for s, it in framework.oit.items()]


def _pair_by_title(old: list[_Item], new: list[_Item]) -> dict[str, str]:
    """new code → old code for items whose title keys are equal; one to one, the same code preferred."""
    pairs: dict[str, str] = {}
    claimed: set[str] = set()
    by_key: dict[str, list[_Item]] = {}
    for item in old:
        if item.key:
            by_key.setdefault(item.key, []).append(item)
    for item in new:
        candidates = [o for o in by_key.get(item.key or "", []) if o.code not in claimed]
        if not candidates:
            continue
        chosen = next((o for o in candidates if o.code == item.code), candidates[0])
        pairs[item.code] = chosen.code
        claimed.add(chosen.code)
    return pairs


def _pairs(old: list[_Item], new: list[_Item]) -> dict[str, str]:
    """Title pairs, then same-code pairs among the rest (what the diff calls renamed). Which evidence may move is
    decided more carefully by `prongsai.core.oit.checklist.carry_over_map`."""
    pairs = _pair_by_title(old, new)
    claimed = set(pairs.values())
    old_by_code = {o.code: o for o in old}
    for item in new:
        if item.code in pairs:
            continue
        other = old_by_code.get(item.code)
        if other is None or other.code in claimed:
            continue
        pairs[item.code] = other.code
        claimed.add(other.code)
    return pairs


def _item_changes(a: Framework, b: Framework) -> list[ItemChange]:
    old, new = _items(a), _items(b)
    pairs = _pairs(old, new)
    old_by_code = {o.code: o for o in old}
    changes = []
    for item in new:
        if item.code not in pairs:
            changes.append(ItemChange("added", item.code, None, item.title, None, item.sub, None))
            continue
        before = old_by_code[pairs[item.code]]
        if before.code != item.code:
            kind: ChangeKind | None = "renumbered"
        elif before.key != item.key or (before.key is None and before.title != item.title):
            kind = "renamed"
        elif before.sub != item.sub:
            kind = "moved"
        else:
            kind = None
        if kind is not None:
            changes.append(ItemChange(kind, item.code, before.code, item.title, before.title, item.sub, before.sub))
    paired_old = set(pairs.values())
    for item in old:
        if item.code not in paired_old:
            changes.append(ItemChange("removed", item.code, item.code, None, item.title, None, item.sub))
    return changes


# --- sections ----------------------------------------------------------------------------------------------


def _weights(f: Framework) -> str:
    return ", ".join(f"{i.code} {i.weight * 100:g}%" for i in f.instruments.items)


def _levels(f: Framework) -> str:
    parts = []
    for rule in f.levels.rules:
        text = f"{rule.label} ≥ {rule.min_overall:g}"
        if rule.min_each_instrument is not None:
            text += f" (ทุกเครื่องมือ ≥ {rule.min_each_instrument:g})"
        parts.append(text)
    return "; ".join(parts)


def _sections(a: Framework, b: Framework) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []

    def compare(what: str, before: str, after: str) -> None:
        if before != after:
            out.append((what, before, after))

    compare("สถานะ", STATUS_TH[a.status], STATUS_TH[b.status])
    compare("น้ำหนักเครื่องมือ", _weights(a), _weights(b))
    a_inst = {i.code: i.indicators for i in a.instruments.items}
    for inst in b.instruments.items:
        if inst.code in a_inst:
            compare(f"ตัวชี้วัดของ {inst.code}", _numbers(a_inst[inst.code]), _numbers(inst.indicators))
    compare("ระดับผลการประเมิน", _levels(a), _levels(b))
    compare("เกณฑ์ผ่าน", f"{a.pass_line.score:g}", f"{b.pass_line.score:g}")
    compare("จำนวนตัวชี้วัด", str(len(a.indicators.items)), str(len(b.indicators.items)))
    a_ind = {i.number: i.name_th for i in a.indicators.items}
    for ind in b.indicators.items:
        if ind.number in a_ind:
            compare(f"ชื่อตัวชี้วัดที่ {ind.number}", a_ind[ind.number], ind.name_th)
    a_subs = {s.code: s.name_th for s in a.oit.subindicators} if a.oit else {}
    b_subs = {s.code: s.name_th for s in b.oit.subindicators} if b.oit else {}
    compare("ตัวชี้วัดย่อย OIT", ", ".join(a_subs) or "-", ", ".join(b_subs) or "-")
    for code, name in b_subs.items():
        if code in a_subs:
            compare(f"ชื่อตัวชี้วัดย่อย {code}", a_subs[code] or "(ไม่ทราบชื่อ)", name or "(ไม่ทราบชื่อ)")
    compare("จำนวนข้อ OIT", str(len(a.oit.items()) if a.oit else 0), str(len(b.oit.items()) if b.oit else 0))
    compare(
        "จำนวนข้อคำถาม IIT/EIT",
        str(len(a.questions.items) if a.questions else 0),
        str(len(b.questions.items) if b.questions else 0),
    )
    return out


def _numbers(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def diff_frameworks(a: Framework, b: Framework, *, a_label: str = "", b_label: str = "") -> FrameworkDiff:
    """What b changes relative to a: OIT items (paired by title, then code) and the scoring sections."""
    return FrameworkDiff(
        a_label or f"ปีงบประมาณ {a.fiscal_year}",
        b_label or f"ปีงบประมาณ {b.fiscal_year}",
        _item_changes(a, b),
        _sections(a, b),
    )
