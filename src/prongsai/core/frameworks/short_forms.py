"""The short IIT pulse form: which of a question year's IIT questions it asks (``short_forms.yaml``, data read
through the one YAML loader, ``core.datafiles``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from prongsai.core.datafiles import DataSet
from prongsai.core.errors import FrameworkError

BUILTIN_PATH = Path(__file__).with_name("short_forms.yaml")

SHORT_FORMS = DataSet(
    FrameworkError, "แบบสั้นของแบบสำรวจ", "short survey forms",
    invalid_th="ไฟล์แบบสั้นของแบบสำรวจไม่ถูกต้อง", invalid_en="invalid short survey forms file", max_bytes=100_000,
)


class ShortForms(BaseModel):
    # other top-level keys are YAML anchors the years refer to
    model_config = ConfigDict(extra="ignore", frozen=True)

    years: dict[int, tuple[str, ...]] = Field(min_length=1)  # question year → the question codes asked, in order

    @field_validator("years")
    @classmethod
    def _codes(cls, value: dict[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
        for year, codes in value.items():
            if not codes or any(not c.strip() for c in codes):
                raise ValueError(f"ปี {year}: ต้องมีรหัสข้อคำถามและไม่มีรหัสว่าง / year {year}: codes are empty")
            if len(set(codes)) != len(codes):
                raise ValueError(f"ปี {year}: มีรหัสข้อคำถามซ้ำ / year {year}: a code is repeated")
        return value


@cache
def short_forms(path: Path | str = BUILTIN_PATH) -> dict[int, tuple[str, ...]]:
    """Question year → the codes the short form asks (the built-in file unless ``path`` names another)."""
    return dict(SHORT_FORMS.load(ShortForms, path).years)
