"""What every `prongsai` command shares: the Typer app, the global options (`--lang`, `--framework`) and the
helpers to speak Thai or English, fail with a Thai error and print JSON."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from prongsai import __version__
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry, default_registry
from prongsai.core.frameworks.schema import Framework

app = typer.Typer(
    help="Prongsai (โปร่งใส): กรอบการประเมิน ITA การคำนวณคะแนน และเอกสาร / ITA frameworks, scoring and documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
frameworks_app = typer.Typer(help="กรอบการประเมินรายปีงบประมาณ / ITA frameworks per fiscal year.", no_args_is_help=True)
app.add_typer(frameworks_app, name="frameworks")


class State:
    lang: str = "th"
    framework_files: list[Path] = []  # noqa: RUF012 - process-wide CLI state


def registry() -> FrameworkRegistry:
    return default_registry(State.framework_files)


def t(th: str, en: str) -> str:
    return en if State.lang == "en" else th


def fail(exc: ProngsaiError, code: int = 2) -> None:
    typer.echo(("error: " if State.lang == "en" else "ข้อผิดพลาด: ") + exc.message(State.lang), err=True)
    raise typer.Exit(code)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.callback()
def main(
    lang: Annotated[
        str, typer.Option("--lang", help="ภาษาที่แสดง th หรือ en / output language", envvar="PRONGSAI_LANG")
    ] = "th",
    framework: Annotated[
        list[Path] | None,
        typer.Option(
            "--framework",
            help="ไฟล์หรือโฟลเดอร์ YAML ที่เพิ่มหรือแทนกรอบการประเมินรายปี (ใช้ซ้ำได้) / extra or overriding framework files",
        ),
    ] = None,
) -> None:
    if lang not in ("th", "en"):
        typer.echo("--lang ต้องเป็น th หรือ en / --lang must be th or en", err=True)
        raise typer.Exit(2)
    State.lang = lang
    State.framework_files = list(framework or [])


@app.command()
def version() -> None:
    """รุ่นของโปรแกรม / print the version."""
    typer.echo(__version__)

def warn_if_provisional(framework: Framework) -> None:
    """A provisional year is said on stderr, so that --json output stays clean."""
    warning = framework.status_warning()
    if warning is not None:
        typer.echo(t("คำเตือน: ", "warning: ") + t(*warning), err=True)


def load_year(fy: int) -> Framework:
    """The year's framework (warning when it is provisional), or a Thai error and exit 2."""
    try:
        framework = registry().get(fy)
    except ProngsaiError as exc:
        fail(exc)
        raise  # unreachable
    warn_if_provisional(framework)
    return framework


def run() -> None:  # pragma: no cover - console entry for `python -m prongsai`
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        os._exit(0)
