"""Loading framework files: the built-in years, and the user's own additions or overrides.

The NACC changes its rules every year, so adding or overriding a year with a YAML file is a main
path. A user file either holds a whole year, or says `extends: <year>` and replaces only the
sections it names (sections are merged key by key; lists are replaced whole).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from prongsai.core.datafiles import DataSet, env_paths
from prongsai.core.errors import FrameworkError, UnknownFiscalYearError
from prongsai.core.frameworks.schema import Framework

BUILTIN_DIR = Path(__file__).parent / "data"
ENV_PATH = "PRONGSAI_FRAMEWORK_PATH"
MAX_FILE_BYTES = 2_000_000

FRAMEWORKS = DataSet(
    FrameworkError,
    "กรอบการประเมิน",
    "framework",
    invalid_th="ไฟล์กรอบการประเมินไม่ถูกต้อง",
    invalid_en="invalid framework file",
    max_bytes=MAX_FILE_BYTES,
)


def _read_yaml(path: Path) -> dict[str, Any]:
    return FRAMEWORKS.read(path)


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return override


def _validate(raw: dict[str, Any], origin: str) -> Framework:
    return FRAMEWORKS.validate(Framework, {**raw, "origin": origin}, origin)


@lru_cache(maxsize=32)
def _builtin_raw(fiscal_year: int) -> dict[str, Any]:
    return _read_yaml(BUILTIN_DIR / f"{fiscal_year}.yaml")


def builtin_years() -> list[int]:
    return sorted(int(p.stem) for p in BUILTIN_DIR.glob("*.yaml") if p.stem.isdigit())


@lru_cache(maxsize=32)
def builtin_framework(fiscal_year: int) -> Framework:
    """A built-in year. A built-in file may extend an earlier built-in year (2570 extends 2569)."""
    raw = _builtin_raw(fiscal_year)
    extends = raw.get("extends")
    if extends is not None and (not isinstance(extends, int) or extends >= fiscal_year):
        raise FrameworkError(
            f"กรอบการประเมินในตัวปี {fiscal_year}: extends ต้องเป็นปีก่อนหน้า",
            f"built-in framework {fiscal_year}: extends must name an earlier year",
        )
    return framework_from_raw(raw, f"built-in:{fiscal_year}.yaml", _BuiltinOnly())


def framework_from_raw(raw: dict[str, Any], origin: str, registry: FrameworkRegistry | None = None) -> Framework:
    """Validate one framework held as data (a parsed YAML file, a stored version). `extends: <year>` builds on
    that year of `registry`: sections are merged key by key, lists replaced whole."""
    raw = dict(raw)
    extends = raw.pop("extends", None)
    if extends is not None:
        if not isinstance(extends, int) or isinstance(extends, bool):
            raise FrameworkError(
                f"ไฟล์กรอบการประเมินไม่ถูกต้อง: {origin}\n  - extends: ต้องเป็นปีงบประมาณ พ.ศ. (ตัวเลข) แต่ได้ {extends!r}",
                f"invalid framework file: {origin}\n  - extends: must be a B.E. fiscal year, got {extends!r}",
            )
        base = (registry or FrameworkRegistry()).get(extends)
        base_raw = base.model_dump(mode="json", exclude={"origin"}, exclude_none=True)
        # A year that builds on another is its own year: it does not inherit the base's status.
        base_raw.pop("status", None)
        base_raw.pop("status_note", None)
        raw.setdefault("fiscal_year", extends)
        raw = _merge(base_raw, raw)
    return _validate(raw, origin)


def framework_as_raw(framework: Framework) -> dict[str, Any]:
    """The whole framework as plain data in the built-in file's shape (no `extends`, no origin)."""
    return framework.model_dump(mode="json", exclude={"origin"}, exclude_none=True)


def framework_to_yaml(framework: Framework, *, header: str = "") -> str:
    """The framework as a YAML file that `load_framework_file` reads back to an equal framework."""
    text = yaml.safe_dump(framework_as_raw(framework), allow_unicode=True, sort_keys=False, width=120)
    lines = "".join(f"# {line}\n" for line in header.splitlines())
    return lines + text


def load_framework_file(path: Path | str, registry: FrameworkRegistry | None = None) -> Framework:
    """Load and validate one framework file. `extends: <year>` builds on that year of `registry`."""
    path = Path(path)
    return framework_from_raw(_read_yaml(path), str(path), registry)


class FrameworkRegistry:
    """The frameworks one installation knows: the built-in years, then the user's files on top.

    `extra_paths` are files or folders of `*.yaml`; a later file for the same year wins.
    """

    def __init__(
        self, extra_paths: Sequence[Path | str] = (), stored: Mapping[int, tuple[dict[str, Any], str]] | None = None
    ) -> None:
        self.extra_paths = [Path(p) for p in extra_paths]
        # Years held as data by the application (the web workbench): {year: (raw, origin)}; they win over files.
        self.stored = dict(stored or {})
        self._cache: dict[int, Framework] = {}
        self._user: dict[int, Path] | None = None

    def _user_files(self) -> dict[int, Path]:
        if self._user is None:
            found: dict[int, Path] = {}
            for f in FRAMEWORKS.override_files(self.extra_paths):  # a later file for the same year wins
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
        return sorted(set(builtin_years()) | set(self._user_files()) | set(self.stored))

    def has(self, fiscal_year: int) -> bool:
        return fiscal_year in self.years()

    def source_of(self, fiscal_year: int) -> str:
        if fiscal_year in self.stored:
            return self.stored[fiscal_year][1]
        user = self._user_files().get(fiscal_year)
        return str(user) if user else "built-in"

    def without_stored(self, fiscal_year: int) -> FrameworkRegistry:
        """The same registry without the stored version of one year (what that year builds on)."""
        return FrameworkRegistry(self.extra_paths, {y: v for y, v in self.stored.items() if y != fiscal_year})

    def get(self, fiscal_year: int) -> Framework:
        if fiscal_year in self._cache:
            return self._cache[fiscal_year]
        user = self._user_files().get(fiscal_year)
        if fiscal_year in self.stored:
            raw, origin = self.stored[fiscal_year]
            base = self.without_stored(fiscal_year) if raw.get("extends") == fiscal_year else self
            framework = framework_from_raw(raw, origin, base)
        elif user is not None:
            raw = _read_yaml(user)
            if raw.get("extends") == fiscal_year:
                # Overriding a built-in year: build on the built-in file, not on ourselves.
                framework = load_framework_file(user, FrameworkRegistry())
            else:
                framework = load_framework_file(user, self)
        elif fiscal_year in builtin_years():
            framework = builtin_framework(fiscal_year)
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


class _BuiltinOnly(FrameworkRegistry):
    """Only the built-in years: what a built-in file's `extends` may name."""

    def get(self, fiscal_year: int) -> Framework:
        if fiscal_year not in builtin_years():
            return super().get(fiscal_year)  # raises the Thai "unknown year" error
        return builtin_framework(fiscal_year)


_SHARED: dict[str, FrameworkRegistry] = {}


def shared_registry() -> FrameworkRegistry:
    """One cached registry per PRONGSAI_FRAMEWORK_PATH value, for hot paths (parsing, checking)."""
    key = os.environ.get(ENV_PATH, "")
    if key not in _SHARED:
        _SHARED[key] = default_registry()
    return _SHARED[key]


def default_registry(extra_paths: Sequence[Path | str] = ()) -> FrameworkRegistry:
    """The registry for this process: built-ins, then PRONGSAI_FRAMEWORK_PATH, then `extra_paths`."""
    return FrameworkRegistry([*env_paths(ENV_PATH), *extra_paths])
