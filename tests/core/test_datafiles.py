"""The one YAML loader of the data sets (prongsai.core.datafiles): messages name the file, the place and the field."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

from prongsai.core.advice import KNOWLEDGE, KnowledgeBaseError
from prongsai.core.calendar import CALENDAR
from prongsai.core.datafiles import DataSet
from prongsai.core.documents.lexicon import LEXICON
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.loader import FRAMEWORKS
from prongsai.core.oit.requirements import REQUIREMENTS


class ThingError(ProngsaiError):
    pass


THINGS = DataSet(ThingError, "ของ", "thing", invalid_th="ไฟล์ของไม่ถูกต้อง", invalid_en="invalid thing file", max_bytes=100)


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    n: int


def _error(fn, *args, **kwargs) -> ThingError:
    with pytest.raises(ThingError) as err:
        fn(*args, **kwargs)
    return err.value


def test_every_data_set_uses_it():
    assert {d.error.__name__ for d in (FRAMEWORKS, REQUIREMENTS, KNOWLEDGE, CALENDAR, LEXICON)} == {
        "FrameworkError", "RequirementsError", "KnowledgeBaseError", "CalendarError", "LexiconError",
    }
    assert KNOWLEDGE.error is KnowledgeBaseError


def test_reading_errors_name_the_file(tmp_path):
    missing = _error(THINGS.read, tmp_path / "none.yaml")
    assert missing.th == f"ไม่พบไฟล์ของ: {tmp_path / 'none.yaml'}" and "not found" in missing.en
    big = tmp_path / "big.yaml"
    big.write_text("n: 1\n" + "#" * 200, encoding="utf-8")
    assert "ใหญ่เกินไป" in _error(THINGS.read, big).th
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"n: \xe9\n")
    assert "UTF-8" in _error(THINGS.read, latin).th
    broken = tmp_path / "broken.yaml"
    broken.write_text("n: 1\nm: [unclosed\n", encoding="utf-8")
    err = _error(THINGS.read, broken)
    assert str(broken) in err.th and "บรรทัด 3 คอลัมน์ 1" in err.th and "line 3 column 1" in err.en
    listing = tmp_path / "list.yaml"
    listing.write_text("- 1\n", encoding="utf-8")
    assert "mapping" in _error(THINGS.read, listing).en


def test_validation_names_every_field(tmp_path):
    path = tmp_path / "thing.yaml"
    path.write_text("n: many\nextra: 1\n", encoding="utf-8")
    err = _error(THINGS.load, Thing, path)
    assert err.th.startswith(f"ไฟล์ของไม่ถูกต้อง: {path}\n")
    assert "  - n: ชนิดข้อมูลไม่ถูกต้อง" in err.th and "  - extra: มีช่องข้อมูลที่ไม่รู้จัก" in err.th
    path.write_text("n: 3\n", encoding="utf-8")
    assert THINGS.load(Thing, path).n == 3


def test_override_paths_keep_their_order_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "1.yaml").write_text("n: 1\n", encoding="utf-8")
    (tmp_path / "a" / "2.yml").write_text("n: 2\n", encoding="utf-8")
    single = tmp_path / "single.yaml"
    single.write_text("n: 3\n", encoding="utf-8")
    files = THINGS.override_files([tmp_path / "a", tmp_path / "b", single])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/1.yaml", "a/2.yml", "b/1.yaml", "single.yaml"]
    assert THINGS.last_named([tmp_path / "a", tmp_path / "b", tmp_path / "gone"], "1.yaml") == tmp_path / "b/1.yaml"
    assert "ไม่พบไฟล์หรือโฟลเดอร์ของ" in _error(THINGS.override_files, [tmp_path / "gone"]).th


def test_the_short_survey_forms_load_through_it(tmp_path):
    from prongsai.core.errors import FrameworkError
    from prongsai.core.frameworks.short_forms import SHORT_FORMS, short_forms

    assert SHORT_FORMS.error is FrameworkError
    built_in = short_forms()
    assert {2563, 2564, 2565} <= set(built_in) and all(len(c) == 10 for c in built_in.values())
    repeated = tmp_path / "repeated.yaml"
    repeated.write_text("years:\n  2565: [i1, i1]\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as err:
        short_forms(repeated)
    assert "ไฟล์แบบสั้นของแบบสำรวจไม่ถูกต้อง" in str(err.value) and "รหัสข้อคำถามซ้ำ" in str(err.value)
    broken = tmp_path / "broken.yaml"
    broken.write_text("years: [\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="รูปแบบ YAML ไม่ถูกต้อง"):
        short_forms(broken)
