"""ITA frameworks as data: one YAML file per fiscal year, validated by a pydantic schema."""

from prongsai.core.frameworks.loader import (
    FrameworkRegistry,
    default_registry,
    load_framework_file,
)
from prongsai.core.frameworks.schema import Framework

__all__ = ["Framework", "FrameworkRegistry", "default_registry", "load_framework_file"]
