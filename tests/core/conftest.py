from pathlib import Path

import pytest

from prongsai.core.frameworks import FrameworkRegistry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def registry() -> FrameworkRegistry:
    return FrameworkRegistry()


@pytest.fixture
def seed_text():
    def read(prefix: str) -> str:
        (path,) = (FIXTURES / "seeds").glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return read
