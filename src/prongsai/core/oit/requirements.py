"""What each OIT item must contain: `requirements.yaml`, validated, and resolved to a year's items by title.

Topics find their items the way the advice knowledge base does (`prongsai.core.advice`): keyword groups matched
against the normalised item TITLE, so a new fiscal year needs no change here. The first topic that matches wins.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from prongsai.core.advice import OitMatch, normalise_title
from prongsai.core.datafiles import DataSet
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.schema import Framework, OitItem, OitPeriod, OitSubindicator

BUILTIN_PATH = Path(__file__).parent / "requirements.yaml"
MAX_FILE_BYTES = 1_000_000

Period = OitPeriod  # which fiscal year an item's content must belong to (defined with the framework schema)
Basis = Literal["source", "heuristic"]
PERIOD_TH: dict[str, str] = {
    "current": "ต้องเป็นข้อมูลของปีงบประมาณที่ประเมิน",
    "previous": "เป็นรายงานของปีงบประมาณก่อนหน้า",
    "current_or_previous": "ข้อมูลของปีงบประมาณที่ประเมินหรือปีก่อนหน้า",
    "any": "ไม่กำหนดปี (ควรเป็นฉบับปัจจุบัน)",
}


class RequirementsError(ProngsaiError):
    """The requirements file is missing or malformed."""


REQUIREMENTS = DataSet(
    RequirementsError,
    "ข้อกำหนด OIT",
    "OIT requirements",
    invalid_th="ไฟล์ข้อกำหนด OIT ไม่ถูกต้อง",
    invalid_en="invalid OIT requirements file",
    max_bytes=MAX_FILE_BYTES,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    title_th: str
    url: str
    note: str | None = None


class Part(_Strict):
    """One required content of an item, e.g. ค่าธรรมเนียม in the service manual."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_th: str = Field(min_length=1)
    keywords: list[str] = []
    detect: Literal["text", "image", "manual"] = "text"
    basis: Basis
    source: str | None = None
    if_title: list[str] = []  # applies only when the item's title contains one of these
    from_year: int | None = None

    @model_validator(mode="after")
    def _keywords(self) -> Part:
        if self.detect == "text" and not self.keywords:
            raise ValueError(f"ส่วนประกอบ {self.id}: ต้องมีคำค้นอย่างน้อยหนึ่งคำ / part {self.id} needs keywords")
        return self

    def applies(self, title: str | None, fiscal_year: int) -> bool:
        if self.from_year is not None and fiscal_year < self.from_year:
            return False
        if self.if_title:
            norm = normalise_title(title or "")
            return any(normalise_title(w) in norm for w in self.if_title)
        return True


class Topic(_Strict):
    name_th: str = Field(min_length=1)
    title: OitMatch
    find: list[str] = []
    url_hosts: list[str] = []
    external_ok: bool = False
    period: Period
    period_basis: Basis = "heuristic"
    period_source: str | None = None
    parts: list[Part] = []

    def matches(self, title: str) -> bool:
        return self.matches_normalised(normalise_title(title))

    def matches_normalised(self, norm: str) -> bool:
        """`matches` for a title already through `normalise_title`."""
        if any(x in norm for x in normalised(tuple(self.title.exclude))):
            return False
        return any(all(k in norm for k in normalised(tuple(group))) for group in self.title.match)


@lru_cache(maxsize=4096)
def normalised(words: tuple[str, ...]) -> tuple[str, ...]:
    """`normalise_title` of each word, once per distinct list (a checked site resolves every item's topic)."""
    return tuple(normalise_title(w) for w in words)


class Requirements(_Strict):
    schema_version: Literal[1] = 1
    sources: dict[str, Source] = {}
    topics: dict[str, Topic] = Field(min_length=1)
    origin: str = ""

    @model_validator(mode="after")
    def _references(self) -> Requirements:
        problems = []
        for topic_id, topic in self.topics.items():
            refs = [topic.period_source] + [p.source for p in topic.parts]
            problems += [
                f"topics.{topic_id}: ไม่มีแหล่งข้อมูล '{r}' / unknown source '{r}'"
                for r in refs
                if r is not None and r not in self.sources
            ]
            ids = [p.id for p in topic.parts]
            if len(set(ids)) != len(ids):
                problems.append(f"topics.{topic_id}: รหัสส่วนประกอบซ้ำ / duplicate part ids")
            if topic.period_basis == "source" and topic.period_source is None:
                problems.append(f"topics.{topic_id}: period_basis source ต้องระบุ period_source")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def topic_for(self, title: str | None) -> str | None:
        """The id of the first topic whose keywords match this item title (None: no topic, or no title)."""
        if not title:
            return None
        norm = normalise_title(title)
        for topic_id, topic in self.topics.items():
            if topic.matches_normalised(norm):
                return topic_id
        return None


class ItemRequirement(BaseModel):
    """One OIT item of a year with what it must contain."""

    code: str
    title_th: str | None
    subindicator: str
    indicator: int
    confidence: str | None
    topic: str | None
    topic_name_th: str | None
    period: Period
    period_basis: Basis
    external_ok: bool
    find: list[str]
    url_hosts: list[str]
    parts: list[Part]


def resolve_items(framework: Framework, requirements: Requirements | None = None) -> list[ItemRequirement]:
    """Every OIT item of the year, in order, with its topic's parts (items without a title get none)."""
    reqs = requirements or load_requirements()
    if framework.oit is None:
        return []
    out = []
    for sub, item in framework.oit.items():
        out.append(_item(reqs, framework.fiscal_year, sub, item))
    return out


def _manual_parts(item: OitItem) -> list[Part]:
    """The required parts a person typed in from the year's manual, each checked by a person."""
    return [
        Part(id=f"manual_{n}", name_th=name.strip(), detect="manual", basis="source")
        for n, name in enumerate(item.required_parts, start=1)
        if name.strip()
    ]


def _item(reqs: Requirements, fy: int, sub: OitSubindicator, item: OitItem) -> ItemRequirement:
    topic_id = reqs.topic_for(item.title_th)
    topic = reqs.topics[topic_id] if topic_id else None
    topic_parts = [p for p in topic.parts if p.applies(item.title_th, fy)] if topic else []
    return ItemRequirement(
        code=item.code,
        title_th=item.title_th,
        subindicator=sub.code,
        indicator=sub.indicator,
        confidence=item.confidence or sub.confidence,
        topic=topic_id,
        topic_name_th=topic.name_th if topic else None,
        period=item.period or (topic.period if topic else "any"),
        period_basis="source" if item.period else (topic.period_basis if topic else "heuristic"),
        external_ok=topic.external_ok if topic else False,
        find=list(topic.find) if topic else [],
        url_hosts=list(topic.url_hosts) if topic else [],
        parts=_manual_parts(item) or topic_parts,
    )


def requirements_from_dict(raw: Any, origin: str = "(dict)") -> Requirements:
    if isinstance(raw, dict):
        raw = {**raw, "origin": origin}
    return REQUIREMENTS.validate(Requirements, raw, origin)


@lru_cache(maxsize=1)
def _builtin() -> Requirements:
    return requirements_from_dict(REQUIREMENTS.read(BUILTIN_PATH), "built-in:requirements.yaml")


def load_requirements(path: Path | str | None = None) -> Requirements:
    """The built-in requirements, or the user's own file."""
    if path is None:
        return _builtin()
    return requirements_from_dict(REQUIREMENTS.read(path), str(path))
