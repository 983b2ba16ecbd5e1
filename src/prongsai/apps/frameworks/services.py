"""Writes of the framework workbench. Every change is a new ``FrameworkVersion`` with who, when and why, checked by
the same schema as the YAML loader, and refused whole (nothing saved) when anything is wrong."""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml
from django.db import IntegrityError, transaction

from prongsai.apps.audit.services import actor_label, audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.frameworks.models import FrameworkEditor, FrameworkStatus, FrameworkVersion, FrameworkYear
from prongsai.apps.frameworks.selectors import current_version, framework_registry
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.loader import framework_as_raw, framework_from_raw
from prongsai.core.frameworks.schema import Framework

MAX_YAML_BYTES = 2_000_000
SECTIONS = ("instruments", "indicators", "questions", "oit", "levels", "pass_line", "targets", "national_results",
            "sample_size")
_WEAKER = {"high": "low", "medium": "low", "low": "low", "unknown": "unknown"}


class FrameworkRefused(ProngsaiError):
    """A workbench change that cannot be saved; ``field`` names the form field when there is one."""

    def __init__(self, th: str, en: str = "", *, field: str | None = None) -> None:
        super().__init__(th, en or th)
        self.field = field


def validate_raw(raw: dict[str, Any], *, fiscal_year: int) -> Framework:
    """The framework this data makes, by the loader's own schema; Thai errors naming each field otherwise."""
    if not isinstance(raw, dict):
        raise FrameworkRefused("ข้อมูลกรอบการประเมินต้องเป็น mapping (key: value)")
    if raw.get("fiscal_year") != fiscal_year:
        raise FrameworkRefused(
            f"ข้อมูลนี้เป็นของปีงบประมาณ {raw.get('fiscal_year')} ไม่ใช่ปี {fiscal_year}", field="fiscal_year"
        )
    registry = framework_registry().without_stored(fiscal_year)
    try:
        return framework_from_raw(raw, f"workbench:{fiscal_year}", registry)
    except ProngsaiError as exc:
        raise FrameworkRefused(exc.th, exc.en) from exc


@transaction.atomic
def version_save(
    *,
    actor: Any,
    fiscal_year: int,
    raw: dict[str, Any] | None,
    expected_version: int,
    reason: str,
    origin_note: str = "",
) -> FrameworkVersion:
    """Store a new version of one year (``raw`` None: back to the built-in or file framework).

    ``expected_version`` is the version the person started from (0 for a year not stored yet); if another save
    came first, nothing is saved and the person is asked to reload."""
    reason = (reason or "").strip()
    if not reason:
        raise FrameworkRefused("กรุณาระบุเหตุผลของการเปลี่ยนแปลง (จะบันทึกไว้ในประวัติ)", field="reason")
    if raw is not None:
        framework = validate_raw(raw, fiscal_year=fiscal_year)
        raw = framework_as_raw(framework)  # self-contained: extends expanded, defaults written out
        status = framework.status
    else:
        underneath = framework_registry().without_stored(fiscal_year)
        if fiscal_year not in underneath.years():
            raise FrameworkRefused(f"ปีงบประมาณ {fiscal_year} ไม่มีกรอบในตัวระบบให้กลับไปใช้")
        status = underneath.get(fiscal_year).status
    year, _ = FrameworkYear.objects.get_or_create(fiscal_year=fiscal_year)
    year = FrameworkYear.objects.select_for_update().get(pk=year.pk)
    if year.version != expected_version:
        raise FrameworkRefused(
            f"มีผู้แก้ไขกรอบการประเมินปี {fiscal_year} ไปก่อนหน้าท่าน (ฉบับที่ {year.version}) ข้อมูลของท่านยังไม่ถูกบันทึก"
            " กรุณาเปิดหน้านี้ใหม่เพื่อดูฉบับล่าสุด แล้วแก้ไขอีกครั้ง",
            field="version",
        )
    before = {"version": year.version, "status": year.status}
    year.version += 1
    year.status = status
    year.save(update_fields=["version", "status", "updated_at"])
    try:
        with transaction.atomic():
            version = FrameworkVersion.objects.create(
                year=year, number=year.version, raw=raw, status=status, reason=reason[:4000],
                origin_note=origin_note[:300], actor=real_actor(actor), actor_label=actor_label(actor)[:300],
            )
    except IntegrityError:
        raise FrameworkRefused("มีผู้บันทึกฉบับเดียวกันพร้อมกัน กรุณาลองใหม่", field="version") from None
    audit_record(
        actor=actor, agency=None, action="frameworks.version_saved", target=version, before=before,
        after={"version": version.number, "status": status, "origin": origin_note[:300]}, note=reason[:1000],
    )
    return version


def current_raw(*, fiscal_year: int) -> dict[str, Any]:
    """The year's framework as data, as the workbench edits it."""
    try:
        return framework_as_raw(framework_registry().get(fiscal_year))
    except ProngsaiError as exc:
        raise FrameworkRefused(exc.th, exc.en) from exc


def _weaken(section: dict[str, Any], base_year: int, fiscal_year: int) -> None:
    section["confidence"] = _WEAKER.get(section.get("confidence", "unknown"), "unknown")
    section["source"] = [f"ยกจากปี {base_year} เมื่อสร้างปี {fiscal_year} (ยังไม่ตรวจกับคู่มือปี {fiscal_year})",
                         *section.get("source", [])]


def raw_created_from(*, base_year: int, fiscal_year: int) -> dict[str, Any]:
    """A new year built from another: everything carried over, provisional, every section at low or unknown
    confidence, the year in the title replaced."""
    registry = framework_registry()
    if base_year not in registry.years():
        raise FrameworkRefused(f"ไม่มีกรอบการประเมินของปีงบประมาณ {base_year} ให้ใช้เป็นฐาน", field="base_year")
    raw = copy.deepcopy(framework_as_raw(registry.get(base_year)))
    raw["fiscal_year"] = fiscal_year
    raw["status"] = "provisional"
    raw["status_note"] = f"สร้างจากปี {base_year} ยังไม่ตรวจกับคู่มือการประเมินปี {fiscal_year}"
    raw["title_th"] = re.sub(r"25\d\d", str(fiscal_year), raw.get("title_th", "")) or (
        f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {fiscal_year}"
    )
    raw.pop("summary_th", None)
    raw.pop("national_results", None)  # another year's national figures are not this year's
    for name in SECTIONS:
        if isinstance(raw.get(name), dict):
            _weaken(raw[name], base_year, fiscal_year)
    return raw


def year_create_from(*, actor: Any, fiscal_year: int, base_year: int, reason: str = "") -> FrameworkVersion:
    """Create (or re-create) ``fiscal_year`` from ``base_year``."""
    if not 2500 <= fiscal_year <= 2700:
        raise FrameworkRefused("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง 2500 ถึง 2700", field="fiscal_year")
    if fiscal_year in framework_registry().years() and FrameworkYear.objects.filter(
        fiscal_year=fiscal_year, version__gt=0
    ).exists():
        raise FrameworkRefused(
            f"ปีงบประมาณ {fiscal_year} มีอยู่แล้ว แก้ไขปีนั้นได้โดยตรง", field="fiscal_year"
        )
    raw = raw_created_from(base_year=base_year, fiscal_year=fiscal_year)
    return version_save(
        actor=actor, fiscal_year=fiscal_year, raw=raw, expected_version=current_version(fiscal_year=fiscal_year),
        reason=reason or f"สร้างปีงบประมาณ {fiscal_year} จากปี {base_year}", origin_note=f"สร้างจากปี {base_year}",
    )


def year_confirm(*, actor: Any, fiscal_year: int, expected_version: int, reason: str) -> FrameworkVersion:
    """Confirmed: checked against the NACC manual of the year by the person who confirms."""
    raw = current_raw(fiscal_year=fiscal_year)
    raw["status"] = FrameworkStatus.CONFIRMED.value
    raw.pop("status_note", None)
    return version_save(
        actor=actor, fiscal_year=fiscal_year, raw=raw, expected_version=expected_version, reason=reason,
        origin_note="ยืนยันกับคู่มือ",
    )


def parse_yaml_text(text: str) -> dict[str, Any]:
    """A shared YAML file (the built-in format) as data; Thai errors for anything else."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise FrameworkRefused(f"ไฟล์ YAML ใหญ่เกินไป (เกิน {MAX_YAML_BYTES:,} ไบต์)", field="file")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" บรรทัด {mark.line + 1}" if mark is not None else ""
        raise FrameworkRefused(f"ไฟล์ YAML รูปแบบไม่ถูกต้อง{where}", field="file") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("fiscal_year", raw.get("extends")), int):
        raise FrameworkRefused("ไฟล์ YAML ต้องเป็นกรอบการประเมินที่ระบุ fiscal_year เป็นปี พ.ศ.", field="file")
    return raw


def year_import_yaml(*, actor: Any, text: str, reason: str, source_name: str = "") -> FrameworkVersion:
    """Put in a year shared by another installation (``prongsai frameworks`` YAML format)."""
    raw = parse_yaml_text(text)
    fiscal_year = raw.get("fiscal_year", raw.get("extends"))
    if "extends" in raw:
        framework = validate_raw({**raw, "fiscal_year": fiscal_year}, fiscal_year=fiscal_year)
        raw = framework_as_raw(framework)
    return version_save(
        actor=actor, fiscal_year=fiscal_year, raw=raw, expected_version=current_version(fiscal_year=fiscal_year),
        reason=reason, origin_note=f"YAML: {source_name}"[:300],
    )


@transaction.atomic
def editor_grant(*, actor: Any, user: Any, note: str = "") -> FrameworkEditor:
    row, _ = FrameworkEditor.objects.get_or_create(user=user, defaults={"granted_by": real_actor(actor), "note": note})
    audit_record(actor=actor, agency=None, action="frameworks.editor_granted", target=row, before=None,
                 after={"user": user.get_username()})
    return row


@transaction.atomic
def editor_revoke(*, actor: Any, user: Any) -> None:
    row = FrameworkEditor.objects.filter(user=user).first()
    if row is not None:
        audit_record(actor=actor, agency=None, action="frameworks.editor_revoked", target=row,
                     before={"user": user.get_username()}, after=None)
        row.delete()
