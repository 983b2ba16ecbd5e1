"""What a regional viewer reads on the pages: province names as Thai writes them, the header marks where they are,
and an import already saved is described in the past tense."""

from __future__ import annotations

from django.urls import reverse

from prongsai.apps.national.models import NationalImport, province_label

from .test_import import GOOD, _csv, _upload


def test_bangkok_is_not_called_a_changwat():
    assert province_label("ตราด") == "จังหวัดตราด"
    assert province_label("กรุงเทพมหานคร") == "กรุงเทพมหานคร"
    assert province_label("(ไม่ระบุจังหวัด)") == "(ไม่ระบุจังหวัด)"


def test_the_bangkok_dashboard_says_bangkok_and_other_provinces_say_changwat(client, world):
    client.force_login(world.user("system_admin"))
    bangkok = GOOD.replace("A1,อบต.หนึ่ง,อบต.,ตราด", "B1,สำนักงานเขตหนึ่ง,อื่น ๆ,กรุงเทพมหานคร")
    pending = _upload(client, _csv(GOOD, bangkok), "สองจังหวัด.csv")
    review = client.get(pending["Location"])
    client.post(reverse("national:import_confirm", args=[NationalImport.objects.get().pk]),
                {"token": review.context["token"]})
    html = client.get(reverse("national:province", args=["กรุงเทพมหานคร"]) + "?fy=2568").content.decode()
    assert "ภาพรวมผลการประเมิน ITA กรุงเทพมหานคร" in html and "หน่วยงานในกรุงเทพมหานคร" in html
    assert "จังหวัดกรุงเทพมหานคร" not in html
    html = client.get(reverse("national:province", args=["ตราด"]) + "?fy=2568").content.decode()
    assert "ภาพรวมผลการประเมิน ITA จังหวัดตราด" in html


def test_the_header_link_is_marked_on_the_regional_pages(client, world):
    client.force_login(world.user("system_admin"))
    html = client.get(reverse("national:home")).content.decode()
    assert 'href="/national/" aria-current="page">ภาพรวมจังหวัด/ประเทศ</a>' in html


def test_an_import_already_saved_is_told_in_the_past_tense(client, world):
    client.force_login(world.user("system_admin"))
    review_url = _upload(client, _csv(GOOD), "หนึ่งแถว.csv")["Location"]
    before = client.get(review_url)
    assert "หน่วยงานใหม่ที่จะสร้าง: 1 แห่ง" in before.content.decode()
    client.post(reverse("national:import_confirm", args=[NationalImport.objects.get().pk]),
                {"token": before.context["token"]})
    after = client.get(review_url).content.decode()
    assert "สิ่งที่บันทึกเมื่อยืนยัน" in after and "หน่วยงานใหม่ที่สร้าง: 1 แห่ง" in after
    assert "สิ่งที่จะเกิดขึ้น" not in after and "ยืนยันและบันทึก" not in after


def test_a_bangkok_viewer_is_told_about_bangkok_not_changwat_bangkok(client, world):
    from prongsai.apps.national.services import regional_viewer_set

    viewer = world.user("outsider")
    regional_viewer_set(user=viewer, province="กรุงเทพมหานคร")
    client.force_login(viewer)
    html = client.get(reverse("national:import_upload")).content.decode()
    assert "ท่านนำเข้าได้เฉพาะผลของกรุงเทพมหานคร" in html
    refused = _upload(client, _csv(GOOD), "ตราด.csv")  # a row of ตราด
    html = refused.content.decode()
    assert refused.status_code == 400 and "ไม่รวมจังหวัดตราด" in html and "จังหวัดกรุงเทพมหานคร" not in html
