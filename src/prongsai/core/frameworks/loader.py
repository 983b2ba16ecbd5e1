"""Loading framework files: the built-in years, and the user's own additions or overrides.

The NACC changes its rules every year, so adding or overriding a year with a YAML file is a main
path. A user file either holds a whole year, or says `extends: <year>` and replaces only the
sections it names (sections are merged key by key; lists are replaced whole).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from prongsai.core.errors import FrameworkError, UnknownFiscalYearError
from prongsai.core.frameworks.schema import Framework
from prongsai.core.validation import problem_lines

BUILTIN_DIR = Path(__file__).parent / "data"
ENV_PATH = "PRONGSAI_FRAMEWORK_PATH"
MAX_FILE_BYTES = 2_000_000

def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FrameworkError(
                f"ไฟล์กรอบการประเมิน {path} ใหญ่เกินไป (เกิน {MAX_FILE_BYTES:,} ไบต์)",
                f"framework file {path} is too large (over {MAX_FILE_BYTES:,} bytes)",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"ไม่พบไฟล์กรอบการประเมิน: {path}", f"framework file not found: {path}") from None
    except UnicodeDecodeError:
        raise FrameworkError(
            f"ไฟล์กรอบการประเมิน {path} ไม่ได้เข้ารหัสเป็น UTF-8",
            f"framework file {path} is not UTF-8 text",
        ) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" บรรทัด {mark.line + 1} คอลัมน์ {mark.column + 1}"
        raise FrameworkError(
            f"ไฟล์กรอบการประเมิน {path}: รูปแบบ YAML ไม่ถูกต้อง{where}",
            f"framework file {path}: invalid YAML{where.replace('บรรทัด', 'line').replace('คอลัมน์', 'column')}",
        ) from None
    if not isinstance(raw, dict):
        raise FrameworkError(
            f"ไฟล์กรอบการประเมิน {path}: ต้องเป็นข้อมูลแบบ mapping (key: value) ที่ระดับบนสุด",
            f"framework file {path}: the top level must be a mapping",
        )
    return raw


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return override


def _validate(raw: dict[str, Any], origin: str) -> Framework:
    try:
        return Framework.model_validate({**raw, "origin": origin})
    except ValidationError as exc:
        detail = problem_lines(exc)
        raise FrameworkError(
            f"ไฟล์กรอบการประเมินไม่ถูกต้อง: {origin}\n{detail}",
            f"invalid framework file: {origin}\n{detail}",
        ) from None


@lru_cache(maxsize=32)
def _builtin_raw(fiscal_year: int) -> dict[str, Any]:
    return _read_yaml(BUILTIN_DIR / f"{fiscal_year}.yaml")


def builtin_years() -> list[int]:
    return sorted(int(p.stem) for p in BUILTIN_DIR.glob("*.yaml") if p.stem.isdigit())


def load_framework_file(path: Path | str, registry: FrameworkRegistry | None = None) -> Framework:
    """Load and validate one framework file. `extends: <year>` builds on that year of `registry`."""
    path = Path(path)
    raw = _read_yaml(path)
    extends = raw.pop("extends", None)
    if extends is not None:
        if not isinstance(extends, int):
            raise FrameworkError(
                f"ไฟล์กรอบการประเมินไม่ถูกต้อง: {path}\n  - extends: ต้องเป็นปีงบประมาณ พ.ศ. (ตัวเลข) แต่ได้ {extends!r}",
                f"invalid framework file: {path}\n  - extends: must be a B.E. fiscal year, got {extends!r}",
            )
        base = (registry or FrameworkRegistry()).get(extends)
        base_raw = base.model_dump(mode="json", exclude={"origin"}, exclude_none=True)
        raw.setdefault("fiscal_year", extends)
        raw = _merge(base_raw, raw)
    return _validate(raw, str(path))


class FrameworkRegistry:
    """The frameworks one installation knows: the built-in years, then the user's files on top.

    `extra_paths` are files or folders of `*.yaml`; a later file for the same year wins.
    """

    def __init__(self, extra_paths: Sequence[Path | str] = ()) -> None:
        self.extra_paths = [Path(p) for p in extra_paths]
        self._cache: dict[int, Framework] = {}
        self._user: dict[int, Path] | None = None

    def _user_files(self) -> dict[int, Path]:
        if self._user is None:
            found: dict[int, Path] = {}
            for entry in self.extra_paths:
                if not entry.exists():
                    raise FrameworkError(
                        f"ไม่พบไฟล์หรือโฟลเดอร์กรอบการประเมิน: {entry}",
                        f"framework file or folder not found: {entry}",
                    )
                files = sorted(entry.glob("*.yaml")) + sorted(entry.glob("*.yml")) if entry.is_dir() else [entry]
                for f in files:
                    raw = _read_yaml(f)
                    fy = raw.get("fiscal_year", raw.get("extends"))
                    if not isinstance(fy, int):
                        raise FrameworkError(
                            f"ไฟล์กรอบการประเมินไม่ถูกต้อง: {f}\n  - fiscal_year: ต้องระบุปีงบประมาณ พ.ศ. เป็นตัวเลข",
                            f"invalid framework file: {f}\n  - fiscal_year: a B.E. fiscal year is required",
                        )
                    found[fy] = f
            self._user = found
        return self._user

    def years(self) -> list[int]:
        return sorted(set(builtin_years()) | set(self._user_files()))

    def source_of(self, fiscal_year: int) -> str:
        user = self._user_files().get(fiscal_year)
        return str(user) if user else "built-in"

    def get(self, fiscal_year: int) -> Framework:
        if fiscal_year in self._cache:
            return self._cache[fiscal_year]
        user = self._user_files().get(fiscal_year)
        if user is not None:
            raw = _read_yaml(user)
            if raw.get("extends") == fiscal_year:
                # Overriding a built-in year: build on the built-in file, not on ourselves.
                framework = load_framework_file(user, FrameworkRegistry())
            else:
                framework = load_framework_file(user, self)
        elif fiscal_year in builtin_years():
            framework = _validate(_builtin_raw(fiscal_year), f"built-in:{fiscal_year}.yaml")
        else:
            known = ", ".join(str(y) for y in self.years())
            raise UnknownFiscalYearError(
                f"ไม่รู้จักกรอบการประเมินของปีงบประมาณ {fiscal_year} (ที่มี: {known})"
                " เพิ่มปีใหม่ได้ด้วยไฟล์ YAML ของท่านเอง (--framework หรือ PRONGSAI_FRAMEWORK_PATH)",
                f"no framework for fiscal year {fiscal_year} (known: {known});"
                " add one with your own YAML file (--framework or PRONGSAI_FRAMEWORK_PATH)",
            )
        self._cache[fiscal_year] = framework
        return framework

    def all(self) -> list[Framework]:
        return [self.get(y) for y in self.years()]


_SHARED: dict[str, FrameworkRegistry] = {}


def shared_registry() -> FrameworkRegistry:
    """One cached registry per PRONGSAI_FRAMEWORK_PATH value, for hot paths (parsing, checking)."""
    key = os.environ.get(ENV_PATH, "")
    if key not in _SHARED:
        _SHARED[key] = default_registry()
    return _SHARED[key]


def default_registry(extra_paths: Sequence[Path | str] = ()) -> FrameworkRegistry:
    """The registry for this process: built-ins, then PRONGSAI_FRAMEWORK_PATH, then `extra_paths`."""
    env = [p for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    return FrameworkRegistry([*env, *extra_paths])
