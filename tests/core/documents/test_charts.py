"""Charts: PNGs of a sane size with Sarabun, Thai labels wrapped between words, Thai or Arabic digits."""

from __future__ import annotations

import io
import struct

import pytest

from prongsai.core.documents.write import charts
from prongsai.core.documents.write.charts import indicator_chart, trend_chart, wrap_thai
from prongsai.core.thai import display_width

NAMES = [
    "การปฏิบัติหน้าที่",
    "การใช้งบประมาณ",
    "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต",
    "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงระบบการทำงาน",
    "การเปิดเผยข้อมูล",
    "การป้องกันการทุจริตและการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
]
SCORES = [93.76, 88.1, 91.2, 84.3, 79.99, 90.0, 86.5, 95.5, 100.0, 62.5]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_matplotlib_shapes_thai_and_uses_packaged_sarabun():
    import fontpkg_sarabun
    import matplotlib
    from matplotlib import font_manager, ft2font

    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    assert (major, minor) >= (3, 11)  # 3.10 misplaces Thai tone marks
    assert ft2font.__libraqm_version__  # complex-text shaping is bundled
    charts.register_fonts()
    path = font_manager.findfont(font_manager.FontProperties(family="Sarabun"), fallback_to_default=False)
    assert path.startswith(str(fontpkg_sarabun.ROOT))


def test_indicator_chart_png(tmp_path):
    targets = {"การใช้ทรัพย์สินของราชการ": 90.0, "การแก้ไขปัญหาการทุจริต": 88.0}
    png = indicator_chart(NAMES, SCORES, pass_line=85, targets=targets, digits="thai", title="คะแนนรายตัวชี้วัด ปี 2568")
    width, height = png_size(png)
    assert abs(width - round(charts.WIDTH_CM / 2.54 * charts.DPI)) <= 2  # 16 cm at 200 dpi
    assert 500 < height < 2500
    (tmp_path / "indicators.png").write_bytes(png)
    arabic = indicator_chart(NAMES, SCORES, pass_line=85, targets=targets, digits="arabic")
    assert arabic != png


def test_chart_has_ink_where_expected():
    """The bars are really drawn: the image holds the pass and fail colours."""
    from matplotlib import image as mpimg

    png = indicator_chart(NAMES[:3], [93.0, 70.0, 88.0], pass_line=85, targets={}, digits="thai")
    pixels = (mpimg.imread(io.BytesIO(png))[..., :3] * 255).round().astype(int).reshape(-1, 3)
    colours = {tuple(p) for p in pixels.tolist()}

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))

    assert rgb(charts.PASS_COLOUR) in colours and rgb(charts.FAIL_COLOUR) in colours


def test_trend_chart_png():
    years = [2563, 2564, 2565, 2566, 2567, 2568]
    png = trend_chart(
        years,
        [78.5, 82.1, 86.4, 88.9, 84.2, 91.3],
        pass_line=85,
        digits="thai",
        title="คะแนนรวม ITA",
        targets={2568: 90.0},
    )
    width, height = png_size(png)
    assert abs(width - 1260) <= 2 and 400 < height < 1000
    assert trend_chart(years[:1], [88.0], digits="arabic")[:8] == b"\x89PNG\r\n\x1a\n"


def test_wrap_thai_breaks_between_words():
    from pythainlp.tokenize import word_tokenize

    name = NAMES[-1]
    wrapped = wrap_thai(name, 20)
    lines = wrapped.split("\n")
    assert len(lines) >= 3 and "".join(lines) == name
    assert all(display_width(line) <= 20 for line in lines)
    boundaries, position = set(), 0
    for token in word_tokenize(name, engine="newmm"):
        position += len(token)
        boundaries.add(position)
    offset = 0
    for line in lines[:-1]:
        offset += len(line)
        assert offset in boundaries, line
    assert wrap_thai("การใช้อำนาจ", 30) == "การใช้อำนาจ"


def test_bad_chart_input():
    with pytest.raises(ValueError):
        indicator_chart(NAMES, SCORES[:-1])
    with pytest.raises(ValueError):
        indicator_chart(NAMES, SCORES, targets={"ไม่มีตัวชี้วัดนี้": 90})
    with pytest.raises(ValueError):
        trend_chart([2567, 2568], [80.0])
    with pytest.raises(ValueError):
        trend_chart([], [])


def test_chart_goes_into_a_document():
    from prongsai.core.documents.write import ThaiDocument

    doc = ThaiDocument()
    doc.image(trend_chart([2567, 2568], [84.2, 91.3]), caption="ภาพที่ 1 คะแนนรวม")
    assert b"word/media/image1.png" in doc.to_bytes()
