import pytest

from prongsai.core.places import official_form, official_subdistricts, place_th, strip_place_prefix


def test_the_official_spelling_wins_among_variants_even_with_a_misspelt_district():
    forms = ["โลหะจุด", "ละจุด", "โละจูด", "ละงูต", "โลหะจูด"]
    assert official_form(forms, province="นราธิวาส", district="แวง") == "โละจูด"  # อำเภอแว้ง
    assert official_form(forms, province="จังหวัดนราธิวาส", district=None) == "โละจูด"


def test_no_choice_without_a_place_or_when_no_or_several_spellings_are_official():
    assert official_form(["โละจูด", "โลหะจูด"], province=None, district=None) is None
    assert official_form(["พยุหะบุรี", "พยุหสวรรค์"], province="เพชรบุรี", district="แก่งกระจาน") is None
    assert official_subdistricts(province="ไม่มีจังหวัดนี้", district=None) == set()


# --- an agency's place written once (the doubled "อำเภออำเภอเหนือ") ----------------------------------------------


@pytest.mark.parametrize(("typed", "name"), [
    ("เหนือ", "เหนือ"), ("อำเภอเหนือ", "เหนือ"), ("อำเภออำเภอเหนือ", "เหนือ"), ("อ.เหนือ", "เหนือ"), (" อำเภอ  เหนือ ", "เหนือ"),
    ("จังหวัดตราด", "ตราด"), ("จ. ตราด", "ตราด"), ("เขตบางรัก", "บางรัก"), ("กิ่งอำเภอเกาะช้าง", "เกาะช้าง"),
    ("อำเภอ", "อำเภอ"), ("", ""), (None, ""),
])
def test_the_kind_word_is_stripped_however_often_it_was_typed(typed, name):
    assert strip_place_prefix(typed) == name


@pytest.mark.parametrize("district", ["เหนือ", "อำเภอเหนือ", "อำเภออำเภอเหนือ"])
def test_a_place_names_each_kind_once(district):
    assert place_th(district=district, province="ตัวอย่าง") == "อำเภอเหนือ จังหวัดตัวอย่าง"
    assert place_th(district=district, province="จังหวัดตัวอย่าง") == "อำเภอเหนือ จังหวัดตัวอย่าง"


def test_bangkok_and_missing_parts():
    assert place_th(district="บางรัก", province="กรุงเทพมหานคร") == "เขตบางรัก กรุงเทพมหานคร"
    assert place_th(district="เขตบางรัก", province="กทม.", subdistrict="แขวงสุริยวงศ์") == (
        "แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร")
    assert place_th(province="ตราด") == "จังหวัดตราด" and place_th(district="เหนือ") == "อำเภอเหนือ"
    assert place_th() == "" and place_th(district="", province=None) == ""
    assert place_th(subdistrict="ตำบลบ้านใหม่", district="อ.เหนือ", province="จ.ตัวอย่าง") == (
        "ตำบลบ้านใหม่ อำเภอเหนือ จังหวัดตัวอย่าง")
