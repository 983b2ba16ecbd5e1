"""Framework files: validation with clear errors, and users adding or overriding a year."""

from pathlib import Path

import pytest
import yaml

from prongsai.core.errors import FrameworkError, UnknownFiscalYearError
from prongsai.core.frameworks import FrameworkRegistry, load_framework_file
from prongsai.core.frameworks.loader import BUILTIN_DIR


def builtin(year: int) -> dict:
    return yaml.safe_load((BUILTIN_DIR / f"{year}.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path, FrameworkRegistry())
    assert str(path) in err.value.th  # names the file
    return err.value.th


def test_weights_that_do_not_sum_to_one_are_refused(tmp_path):
    data = builtin(2564)
    data["instruments"]["items"][2]["weight"] = 0.30
    message = refused(write(tmp_path, data))
    assert "instruments" in message
    assert "น้ำหนัก" in message and "0.9" in message


def test_an_indicator_under_two_instruments_is_refused(tmp_path):
    data = builtin(2564)
    data["instruments"]["items"][1]["indicators"] = [5, 6, 7, 8]
    message = refused(write(tmp_path, data))
    assert "ตัวชี้วัดที่ 5 อยู่ในสองเครื่องมือ" in message


def test_overlapping_level_bands_are_refused(tmp_path):
    data = builtin(2564)
    data["levels"]["rules"][2] = {"label": "B", "label_en": "B", "passed": False, "min_overall": 90.0}
    message = refused(write(tmp_path, data))
    assert "levels" in message and "ซ้อนทับ" in message


def test_a_gap_between_stated_bands_is_refused(tmp_path):
    data = builtin(2564)
    data["levels"]["rules"][1]["max_overall"] = 94.50
    assert "ไม่ต่อเนื่อง" in refused(write(tmp_path, data))


def test_missing_field_wrong_type_and_unknown_field_name_the_field(tmp_path):
    data = builtin(2564)
    del data["indicators"]["items"][0]["name_th"]
    data["pass_line"]["score"] = "eighty-five"
    data["instruments"]["colour"] = "red"
    message = refused(write(tmp_path, data))
    assert "indicators.items[0].name_th: ขาดข้อมูลที่จำเป็น" in message
    assert "pass_line.score: ชนิดข้อมูลไม่ถูกต้อง" in message
    assert "instruments.colour: มีช่องข้อมูลที่ไม่รู้จัก" in message


def test_every_section_needs_a_source_and_a_confidence(tmp_path):
    data = builtin(2564)
    del data["levels"]["confidence"]
    data["oit"]["source"] = []
    message = refused(write(tmp_path, data))
    assert "levels.confidence" in message
    assert "oit.source" in message


def test_broken_yaml_and_non_mapping_files_get_a_clear_error(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("fiscal_year: 2570\ninstruments: [unclosed\n", encoding="utf-8")
    assert "YAML ไม่ถูกต้อง" in refused(broken)
    listing = tmp_path / "list.yaml"
    listing.write_text("- 1\n- 2\n", encoding="utf-8")
    assert "mapping" in refused(listing)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "UTF-8" in refused(binary)


def test_a_user_adds_a_new_year_by_extending_the_last_one(tmp_path):
    path = write(tmp_path, {"extends": 2564, "fiscal_year": 2570, "title_th": "กรอบทดลอง 2570",
                            "pass_line": {"score": 90.0, "source": ["ประกาศสมมติ"], "confidence": "low"}})
    registry = FrameworkRegistry([path])
    assert 2570 in registry.years()
    framework = registry.get(2570)
    assert framework.fiscal_year == 2570
    assert framework.pass_line.score == 90.0
    assert framework.indicator(8).name_th == "การปรับปรุงการทำงาน"  # inherited
    assert registry.source_of(2570) == str(path)


def test_a_user_overrides_a_built_in_year(tmp_path):
    override = {"extends": 2564, "instruments": {"items": [
        {**item, "weight": w} for item, w in zip(builtin(2564)["instruments"]["items"], (0.25, 0.25, 0.5),
                                                 strict=True)]}}
    registry = FrameworkRegistry([write(tmp_path, override)])
    assert registry.get(2564).instrument("OIT").weight == 0.5
    assert FrameworkRegistry().get(2564).instrument("OIT").weight == 0.4  # built-in untouched


def test_a_folder_of_user_files_and_the_environment_setting(tmp_path, monkeypatch):
    from prongsai.core.frameworks import default_registry

    folder = tmp_path / "frameworks"
    folder.mkdir()
    write(folder, {"extends": 2564, "fiscal_year": 2571, "title_th": "ปีทดลอง"}, "2571.yaml")
    monkeypatch.setenv("PRONGSAI_FRAMEWORK_PATH", str(folder))
    assert default_registry().get(2571).title_th == "ปีทดลอง"


def test_unknown_year_names_the_known_years_and_how_to_add_one():
    with pytest.raises(UnknownFiscalYearError) as err:
        FrameworkRegistry().get(2599)
    assert "2599" in err.value.th and "2564" in err.value.th
    assert "--framework" in err.value.th


def test_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(FrameworkError, match="ไม่พบ"):
        FrameworkRegistry([tmp_path / "nope.yaml"]).years()
