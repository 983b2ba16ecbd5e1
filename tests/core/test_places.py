from prongsai.core.places import official_form, official_subdistricts


def test_the_official_spelling_wins_among_variants_even_with_a_misspelt_district():
    forms = ["โลหะจุด", "ละจุด", "โละจูด", "ละงูต", "โลหะจูด"]
    assert official_form(forms, province="นราธิวาส", district="แวง") == "โละจูด"  # อำเภอแว้ง
    assert official_form(forms, province="จังหวัดนราธิวาส", district=None) == "โละจูด"


def test_no_choice_without_a_place_or_when_no_or_several_spellings_are_official():
    assert official_form(["โละจูด", "โลหะจูด"], province=None, district=None) is None
    assert official_form(["พยุหะบุรี", "พยุหสวรรค์"], province="เพชรบุรี", district="แก่งกระจาน") is None
    assert official_subdistricts(province="ไม่มีจังหวัดนี้", district=None) == set()
