"""Demo data shared by the apps: FICTIONAL demo people, and the steps ``load_demo`` runs after its agencies,
results and people exist.

An app adds its demo data in ``AppConfig.ready()``:

    register_demo_step("prongsai.apps.plans.demo.demo_plan_step")

A step is called as ``step(agency=<the demo agency>, users={username: user})`` and returns a Thai line for
``load_demo`` to print ("" prints nothing). Steps run in registration order, inside ``load_demo``'s transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str, str | None], ...]  # (agency slug, role, unit name)
    system_admin: bool = False
    what_th: str = ""


_STEPS: list[str] = []


def register_demo_step(dotted_path: str) -> None:
    """Add a demo step (imported only when ``load_demo`` runs). Registering the same path twice adds it once."""
    if dotted_path not in _STEPS:
        _STEPS.append(dotted_path)


def demo_steps() -> list[Callable[..., str]]:
    return [import_string(path) for path in _STEPS]


def demo_steps_run(*, agency: Any, users: dict[str, Any]) -> list[str]:
    """Run every registered step; the Thai lines they return (empty ones left out)."""
    return [line for step in demo_steps() if (line := step(agency=agency, users=users))]
