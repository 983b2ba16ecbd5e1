"""Running Thai text on pages wraps only between words (``thai_wrap``): each Thai word is one
``<span class="w">`` (nowrap), a ``<wbr>`` marks where a line may end, proper names are never cut, and the text
stays escaped (no XSS through stored text)."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.utils.safestring import SafeString

from prongsai.web.templatetags.thai_wrap import MAX_CHARS, names_in, thai_wrap, wrap_pieces

AGENCY = "องค์การบริหารส่วนตำบลตัวอย่าง"


def _render(text, names=""):
    return Template("{% load thai_wrap %}{{ text|thai_wrap:names }}").render(Context({"text": text, "names": names}))


def _words(html: str) -> list[str]:
    """The unbreakable pieces: the words kept whole, as the browser sees them."""
    return re.findall(r'<span class="w">(.*?)</span>', html)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_breaks_only_between_words_and_keeps_compounds_whole():
    text = "งบดำเนินงานกำลังดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    html = _render(text)
    assert _plain(html) == text  # nothing added to the text itself (copying gives the words as written)
    words = _words(html)
    assert "งบดำเนินงาน" in words and "กำลังดำเนินการ" in words  # never งบดำเนิน|งาน or กำลังดำเนิน|การ
    assert "<wbr>" in html and "\u200b" not in html
    # every <wbr> sits between two whole words, never inside a span
    assert not re.search(r'<span class="w">[^<]*<wbr>', html)
    assert html.count("<wbr>") == len(words) - 1


def test_agency_and_person_names_are_never_cut():
    text = f"{AGENCY}โดยนายสมชาย ใจดี ปลัดเทศบาลและนางสาวมณีรัตน์ ทองดี ร่วมกับอำเภอเหนือ จังหวัดตัวอย่าง"
    html = _render(text, f"{AGENCY}|อำเภอเหนือ จังหวัดตัวอย่าง")
    words = _words(html)
    for name in (AGENCY, "นายสมชาย", "นางสาวมณีรัตน์", "อำเภอเหนือ", "จังหวัดตัวอย่าง"):
        assert name in words, (name, words)
    assert _plain(html) == text
    assert names_in("ติดต่อนางสมศรี มีสุข") == ["นางสมศรี"]
    assert names_in("นายกเทศมนตรีตำบลตัวอย่างกล่าวเปิดงานประชุมประจำปีของหน่วยงาน") == []  # no space: not a name


def test_several_names_separated_by_a_bar_and_spaces_inside_a_name():
    html = _render("ผู้อำนวยการโรงเรียนบ้านหนองบัวและองค์การบริหารส่วนจังหวัดทดสอบ", "โรงเรียนบ้านหนองบัว|องค์การบริหารส่วนจังหวัดทดสอบ")
    assert {"โรงเรียนบ้านหนองบัว", "องค์การบริหารส่วนจังหวัดทดสอบ"} <= set(_words(html))
    spaced = _render("ติดต่อกองคลัง เทศบาล ตัวอย่าง", "เทศบาล ตัวอย่าง")
    assert "เทศบาล ตัวอย่าง" in _plain(spaced)  # a name's own space stays a place to wrap


def test_escaping_stays_safe():
    attack = '<script>alert("x")</script>งบประมาณ<img src=x onerror=alert(1)>ของ"หน่วยงาน"&'
    html = _render(attack, '<b>ชื่อ</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&quot;" in html or "&#x27;" in html or "&#34;" in html
    assert "&amp;" in html
    assert set(re.findall(r"<(/?[a-z]+)", html)) <= {"span", "/span", "wbr"}
    # a name containing markup cannot inject either
    assert "<" not in _plain(_render("ชื่อ<b>", "<b>"))


def test_text_without_thai_and_empty_values_are_only_escaped():
    assert _render("<i>OIT 2568</i>") == "&lt;i&gt;OIT 2568&lt;/i&gt;"
    assert thai_wrap(None) == "" and thai_wrap("") == ""
    long = "ก" * (MAX_CHARS + 1) + "<x>"
    out = thai_wrap(long)
    assert "<span" not in out and "&lt;x&gt;" in out


def test_output_is_safe_for_linebreaksbr_and_keeps_lines():
    html = Template("{% load thai_wrap %}{{ t|thai_wrap|linebreaksbr }}").render(
        Context({"t": "บรรทัดแรก<ก>\nบรรทัดที่สอง"})
    )
    assert "<br>" in html and "&lt;ก&gt;" in html and "&amp;lt;" not in html
    assert isinstance(thai_wrap("งบประมาณ"), SafeString)


def test_no_line_starts_with_a_mark():
    for piece, _keep, may_break in wrap_pieces("น้ำหนักคะแนนที่ได้รับจากการประเมินของสำนักงาน"):
        if may_break:
            assert not re.match("[\u0e30-\u0e3a\u0e47-\u0e4e]", piece)
