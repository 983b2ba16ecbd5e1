"""One way to load the YAML data sets: frameworks, OIT requirements, the advice knowledge base, the calendar and
the lexicon.

Each data set describes itself once (`DataSet`: its error class, its names in Thai and English, a size cap) and
gets the same reading, validation and error messages, in Thai first and English second, naming the file:

    FRAMEWORKS = DataSet(FrameworkError, "กรอบการประเมิน", "framework",
                         invalid_th="ไฟล์กรอบการประเมินไม่ถูกต้อง", invalid_en="invalid framework file")
    raw = FRAMEWORKS.read(path)                                   # UTF-8, size cap, safe_load, a mapping at the top
    framework = FRAMEWORKS.validate(Framework, raw, str(path))     # pydantic; each field problem on its own line
    framework = FRAMEWORKS.load(Framework, path)                   # both
    files = FRAMEWORKS.override_files(["my-years/", "2570.yaml"])  # the user's files and folders, in order

Override paths: a data set that lets the user add or replace files takes files or folders of ``*.yaml``/``*.yml``
(`override_files`, often from an environment variable: `env_paths`); the caller lets a later file win.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from prongsai.core.errors import ProngsaiError
from prongsai.core.validation import problem_lines

M = TypeVar("M", bound=BaseModel)
YAML_PATTERNS = ("*.yaml", "*.yml")


def env_paths(variable: str) -> list[Path]:
    """The paths listed in an environment variable (separated by os.pathsep, blanks skipped), in order."""
    return [Path(p) for p in os.environ.get(variable, "").split(os.pathsep) if p.strip()]


@dataclass(frozen=True)
class DataSet:
    """One YAML data set: how its messages name it, the error they raise, and how large a file may be.

    `name_th`/`name_en` complete "ไฟล์…"/"… file" ("กรอบการประเมิน", "framework"); `invalid_th`/`invalid_en` open
    the message that lists the field problems ("ไฟล์กรอบการประเมินไม่ถูกต้อง", "invalid framework file").
    """

    error: type[ProngsaiError]
    name_th: str
    name_en: str
    invalid_th: str
    invalid_en: str
    max_bytes: int = 2_000_000

    @property
    def file_th(self) -> str:
        return f"ไฟล์{self.name_th}"

    @property
    def file_en(self) -> str:
        return f"{self.name_en} file"

    def fail(self, th: str, en: str) -> NoReturn:
        raise self.error(th, en)

    # --- reading ----------------------------------------------------------------------------------------------

    def read(self, path: Path | str) -> dict[str, Any]:
        """A file's data: UTF-8 text of at most `max_bytes`, parsed with yaml.safe_load, a mapping at the top."""
        path = Path(path)
        try:
            if path.stat().st_size > self.max_bytes:
                self.fail(
                    f"{self.file_th} {path} ใหญ่เกินไป (เกิน {self.max_bytes:,} ไบต์)",
                    f"{self.file_en} {path} is too large (over {self.max_bytes:,} bytes)",
                )
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.fail(f"ไม่พบ{self.file_th}: {path}", f"{self.file_en} not found: {path}")
        except UnicodeDecodeError:
            self.fail(f"{self.file_th} {path} ไม่ได้เข้ารหัสเป็น UTF-8", f"{self.file_en} {path} is not UTF-8 text")
        except OSError as exc:
            self.fail(
                f"อ่าน{self.file_th} {path} ไม่ได้ ({exc.strerror or exc})", f"cannot read {self.file_en} {path}: {exc}"
            )
        return self.loads(text, str(path))

    def loads(self, text: str, origin: str) -> dict[str, Any]:
        """YAML text (a file's, or one uploaded) as a mapping; `origin` names it in messages."""
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            th = en = ""
            if mark is not None:
                line, column = mark.line + 1, mark.column + 1
                th, en = f" บรรทัด {line} คอลัมน์ {column}", f" line {line} column {column}"
            self.fail(f"{self.file_th} {origin}: รูปแบบ YAML ไม่ถูกต้อง{th}", f"{self.file_en} {origin}: invalid YAML{en}")
        return self.mapping(raw, origin)

    def mapping(self, raw: Any, origin: str) -> dict[str, Any]:
        """`raw` itself when it is a mapping; else the data set's error."""
        if not isinstance(raw, dict):
            self.fail(
                f"{self.invalid_th}: {origin}\n  - ระดับบนสุดต้องเป็นข้อมูลแบบ mapping (key: value)",
                f"{self.invalid_en}: {origin}\n  - the top level must be a mapping",
            )
        return raw

    # --- validating -------------------------------------------------------------------------------------------

    def validate(self, model: type[M], raw: Any, origin: str) -> M:
        """`raw` (a mapping) validated by the pydantic `model`; every field problem named, one per line."""
        try:
            return model.model_validate(self.mapping(raw, origin))
        except ValidationError as exc:
            detail = problem_lines(exc)
            self.fail(f"{self.invalid_th}: {origin}\n{detail}", f"{self.invalid_en}: {origin}\n{detail}")

    def load(self, model: type[M], path: Path | str, origin: str | None = None, **extra: Any) -> M:
        """Read and validate one file; `extra` fields are added to its data (e.g. origin=…)."""
        raw = self.read(path)
        return self.validate(model, {**raw, **extra}, origin or str(path))

    # --- the user's files -------------------------------------------------------------------------------------

    def override_files(
        self, entries: Iterable[Path | str], *, patterns: Sequence[str] = YAML_PATTERNS, missing_ok: bool = False
    ) -> list[Path]:
        """The files named by `entries` (files, or folders of `patterns`, each folder's files by name), in order:
        where two give the same thing, the caller lets the later one win. A missing entry is an error unless
        `missing_ok`."""
        out: list[Path] = []
        for entry in map(Path, entries):
            if entry.is_dir():
                for pattern in patterns:
                    out.extend(sorted(entry.glob(pattern)))
            elif entry.exists():
                out.append(entry)
            elif not missing_ok:
                self.fail(
                    f"ไม่พบไฟล์หรือโฟลเดอร์{self.name_th}: {entry}", f"{self.name_en} file or folder not found: {entry}"
                )
        return out

    def last_named(self, entries: Iterable[Path | str], name: str) -> Path | None:
        """The file called `name` in the last of the folders `entries` that has one (later wins), or None."""
        found = [p for p in self.override_files(entries, patterns=(name,), missing_ok=True) if p.name == name]
        return found[-1] if found else None


__all__ = ["DataSet", "env_paths"]
