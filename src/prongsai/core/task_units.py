"""Who does each task of a measure: the agency's own unit for the task's topic (`advice/task_units.yaml`).

A measure has one responsible unit, but its steps are often other units' work: the procurement step is the supply
section's, publishing on the website is public relations', answering complaints the complaints centre's. When the
executive approves a plan each step becomes a task; `task_unit` says which of the agency's units (the names it
entered) owns it, so that 47 tasks are not all left with สำนักปลัด.

    task_unit("ประกาศผลการจัดซื้อจัดจ้างบนเว็บไซต์", ["สำนักปลัด", "กองคลัง", "งานประชาสัมพันธ์"])  # → "กองคลัง"
    task_unit("ประชุมคณะทำงาน", ["สำนักปลัด", "กองคลัง"])                                       # → None (the measure's)
    fallback_unit(["กองคลัง", "สำนักงานปลัดเทศบาล"])                                           # → "สำนักงานปลัดเทศบาล"

Pure core: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from prongsai.core.advice import normalise_title
from prongsai.core.datafiles import DataSet
from prongsai.core.errors import ProngsaiError

BUILTIN_PATH = Path(__file__).parent / "advice" / "task_units.yaml"


class TaskUnitsError(ProngsaiError):
    """The task-units file is missing or malformed."""


TASK_UNITS = DataSet(
    TaskUnitsError, "ส่วนราชการตามเรื่องของงาน", "task units",
    invalid_th="ไฟล์ส่วนราชการตามเรื่องของงานไม่ถูกต้อง", invalid_en="invalid task units file", max_bytes=200_000,
)


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name_th: str = Field(min_length=1)
    task: list[str] = Field(min_length=1)  # words in a step's text that make it this topic's work
    units: list[str] = Field(min_length=1)  # words in a unit's name that make it this topic's unit, best first

    @field_validator("task", "units")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("มีคำว่าง / a word is blank")
        return value


class TaskUnits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: dict[str, Topic] = Field(min_length=1)  # tried in this order
    fallback: list[str] = Field(min_length=1)  # words of the office that takes what no other unit does


@cache
def task_units() -> TaskUnits:
    """The built-in table (validated once)."""
    return TASK_UNITS.load(TaskUnits, BUILTIN_PATH)


def _unit_with(words: Sequence[str], units: Sequence[str]) -> str | None:
    """The first of `units` whose name holds the earliest of `words` that any unit's name holds."""
    names = [(u, normalise_title(u)) for u in units if u and u.strip()]
    for word in words:
        w = normalise_title(word)
        found = next((u for u, n in names if w in n), None)
        if found is not None:
            return found
    return None


def topic_of(text: str, table: TaskUnits | None = None) -> list[str]:
    """The topics whose task words `text` holds, in the table's order."""
    table = table or task_units()
    t = normalise_title(text or "")
    return [key for key, topic in table.topics.items() if any(normalise_title(w) in t for w in topic.task)]


def task_unit(text: str, units: Sequence[str], table: TaskUnits | None = None) -> str | None:
    """The one of `units` that owns a task whose text is `text`: the unit of the first topic the text names that
    the agency has a unit for; None when none (the task stays with its measure's responsible unit)."""
    table = table or task_units()
    for key in topic_of(text, table):
        found = _unit_with(table.topics[key].units, units)
        if found is not None:
            return found
    return None


def fallback_unit(units: Sequence[str], table: TaskUnits | None = None) -> str | None:
    """The office that takes what no other unit does (สำนักปลัด, สำนักงานปลัดเทศบาล …); else the first unit."""
    table = table or task_units()
    kept = [u for u in units if u and u.strip()]
    return _unit_with(table.fallback, kept) or (kept[0] if kept else None)


__all__ = ["TASK_UNITS", "TaskUnits", "TaskUnitsError", "Topic", "fallback_unit", "task_unit", "task_units", "topic_of"]
