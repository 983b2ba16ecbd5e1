"""The round pages as people use them: a refused form comes back as the page itself, in Thai, with what was typed
still there and nothing written; a mistyped invitation code says so; the menu marks one section."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.rounds import services
from prongsai.apps.rounds.models import Dispute, Invitation, Judgement, OitSubmission, RoundRole, RoundUnit


def _unit(round, rw, k):
    return round.units.get(agency=rw.units[k])


def _page(response) -> str:
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return response.content.decode()


def test_a_refused_oit_answer_comes_back_with_what_was_typed(rw, open_round, client):
    client.force_login(rw.users["coord_a"])
    url = reverse("rounds:oit_submit", args=[rw.units["a"].slug, open_round.pk])
    # no มี/ไม่มี chosen: the form is the page again, the links and the explanation kept, the reason in Thai
    response = client.post(url, {"item": "O3", "urls": "https://a.example.go.th/o3", "explanation": "หน้าหลัก > ITA"})
    html = _page(response)
    assert response.status_code == 400 and "ยังบันทึกไม่ได้" in html and "มี/ไม่มี:" in html
    section = html.split('id="item-O3"')[1].split("</section>")[0]
    assert "<details open>" in section and ">https://a.example.go.th/o3</textarea>" in section
    assert ">หน้าหลัก &gt; ITA</textarea>" in section
    # a link without http(s): the service's Thai reason beside the item, มี still ticked
    response = client.post(url, {"item": "O3", "has_evidence": "1", "urls": "www.a.example.go.th/o3",
                                 "explanation": ""})
    section = _page(response).split('id="item-O3"')[1].split("</section>")[0]
    assert response.status_code == 400 and "ลิงก์ไม่ถูกต้อง" in section
    assert 'value="1" checked' in section and ">www.a.example.go.th/o3</textarea>" in section
    assert not OitSubmission.objects.exists()


def test_a_refused_registration_keeps_the_numbers(rw, open_round, client):
    client.force_login(rw.users["coord_a"])
    response = client.post(reverse("rounds:register", args=[rw.units["a"].slug, open_round.pk]),
                           {"staff_count": "0", "stakeholder_count": "250", "website": ""})
    html = _page(response)
    assert response.status_code == 400 and "ยังบันทึกไม่ได้" in html
    assert 'name="stakeholder_count" value="250"' in html and 'name="staff_count" value="0"' in html
    assert _unit(open_round, rw, "a").stakeholder_count == 200


def test_a_refused_dispute_and_decision_keep_their_text(rw, open_round, client):
    unit = _unit(open_round, rw, "a")
    coord = rw.racc("coord_a", rw.units["a"], open_round)
    services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O1", has_evidence=False, urls="", explanation="")
    services.judgement_record(racc=rw.racc("assessor1", rw.assessor, open_round), actor=rw.users["assessor1"],
                              unit=unit, item="O1", passed=False, comment="ไม่พบ", checked_on=timezone.localdate())
    client.force_login(rw.users["coord_a"])
    response = client.post(reverse("rounds:dispute", args=[rw.units["a"].slug, open_round.pk]),
                           {"item": "O1", "text": "เผยแพร่แล้วที่หน้า ITA", "url": "ไม่ใช่ลิงก์"})
    section = _page(response).split('id="item-O1"')[1].split("</section>")[0]
    assert response.status_code == 400 and "ลิงก์ใหม่:" in section
    assert ">เผยแพร่แล้วที่หน้า ITA</textarea>" in section and not Dispute.objects.exists()

    services.dispute_file(racc=coord, actor=rw.users["coord_a"], item="O1", text="เผยแพร่แล้ว", url="")
    dispute = Dispute.objects.get()
    client.force_login(rw.users["assessor1"])
    decide = reverse("rounds:decide", args=[rw.assessor.slug, open_round.pk, dispute.pk])
    response = client.post(decide, {"comment": "ตรวจแล้วพบจริง"})  # neither upheld nor rejected chosen
    html = _page(response)
    assert response.status_code == 400 and "กรุณาเลือกคำวินิจฉัย" in html and ">ตรวจแล้วพบจริง</textarea>" in html
    response = client.post(decide, {"upheld": "0", "comment": ""})  # rejecting needs a reason
    html = _page(response)
    assert response.status_code == 400 and "กรุณาระบุเหตุผล" in html and 'value="0" checked' in html
    assert Judgement.objects.count() == 1 and Dispute.objects.filter(decision__isnull=True).count() == 1


def test_the_round_admins_forms_answer_beside_the_field_in_thai(rw, open_round, client):
    client.force_login(rw.users["admin"])
    slug, pk = rw.assessor.slug, open_round.pk
    response = client.post(reverse("rounds:unit_add", args=[slug, pk]),
                           {"agency": "อบต.หนึ่งทดสอบ", "group": "อำเภอกลาง"})
    html = _page(response)
    # the Thai name with its kind abbreviated finds unit a, which is already in the round
    assert response.status_code == 400 and "อยู่ในรอบนี้แล้ว" in html and "Enter a valid" not in html
    assert 'value="อบต.หนึ่งทดสอบ"' in html and 'value="อำเภอกลาง"' in html
    response = client.post(reverse("rounds:unit_add", args=[slug, pk]), {"agency": "no-such-agency", "group": ""})
    assert response.status_code == 400 and "ไม่พบหน่วยงานชื่อนี้ในระบบ" in _page(response)
    response = client.post(reverse("rounds:role_add", args=[slug, pk]),
                           {"username": "nobody", "kind": "assessor", "group": "ก", "unit": "9999"})
    html = _page(response)
    assert response.status_code == 400 and "กรุณาเลือกบุคคลจากรายการ" in html and "ไม่มีหน่วยรับการประเมินเลขที่นี้" in html
    assert 'value="nobody"' not in html  # people are picked from a list, never typed
    today = timezone.localdate().isoformat()
    response = client.post(reverse("rounds:phase_set", args=[slug, pk]),
                           {"kind": "registration", "starts_on": today, "ends_on": ""})
    assert response.status_code == 400 and "วันสิ้นสุด:" in _page(response)
    # the forms' fields have ids of their own (two of them have a "group" field)
    ids = re.findall(r'id="([^"]+)"', _page(client.get(reverse("rounds:detail", args=[slug, pk]))))
    assert len(ids) == len(set(ids))
    assert RoundUnit.objects.filter(round=open_round).count() == 3 and RoundRole.objects.filter(
        user__username="nobody").count() == 0


def test_a_mistyped_invitation_code_says_so_and_a_pasted_link_works(rw, open_round):
    unit = _unit(open_round, rw, "a")
    services.invitations_create(racc=rw.racc("coord_a", rw.units["a"], open_round), actor=rw.users["coord_a"])
    code = Invitation.objects.filter(survey__unit=unit).first().token
    entry = reverse("rounds:answer", args=[unit.surveys.get(instrument="IIT").open_token])
    visitor = Client()
    response = visitor.get(entry, {"code": "ABCD-wrong"})
    html = _page(response)
    assert response.status_code == 400 and "ไม่พบรหัสเชิญตอบนี้" in html and 'value="ABCD-wrong"' in html
    # the whole link from the card, pasted into the box, opens the form
    response = visitor.get(entry, {"code": f"http://testserver/r/{code}/"})
    assert response.status_code == 302 and response["Location"] == reverse("rounds:answer", args=[code])
    # another unit's code is not this survey's
    other = _unit(open_round, rw, "b")
    services.invitations_create(racc=rw.racc("coord_b", rw.units["b"], open_round), actor=rw.users["coord_b"])
    other_code = Invitation.objects.filter(survey__unit=other).first().token
    assert visitor.get(entry, {"code": other_code}).status_code == 400


def test_the_round_dashboard_marks_only_the_rounds_menu(rw, open_round, client):
    client.force_login(rw.users["admin"])
    html = _page(client.get(reverse("rounds:dashboard", args=[rw.assessor.slug, open_round.pk])))
    current = re.findall(r'aria-current="page">([^<]+)</a>', html)
    assert current == ["การประเมินหน่วยงานในสังกัด"]


def test_an_assessor_can_open_an_item_already_judged_from_the_queue(rw, open_round, client):
    """Nothing waiting does not mean nothing to see: every item of each of the assessor's units is one click away."""
    unit = _unit(open_round, rw, "b")
    coord = rw.racc("coord_b", rw.units["b"], open_round)
    services.oit_submit(racc=coord, actor=rw.users["coord_b"], item="O1", has_evidence=False, urls="", explanation="")
    services.judgement_record(racc=rw.racc("assessor1", rw.assessor, open_round), actor=rw.users["assessor1"],
                              unit=unit, item="O1", passed=False, comment="ไม่พบ", checked_on=timezone.localdate())
    client.force_login(rw.users["assessor1"])
    html = _page(client.get(reverse("rounds:queue", args=[rw.assessor.slug, open_round.pk])))
    review = reverse("rounds:review", args=[rw.assessor.slug, open_round.pk, unit.pk, "O1"])
    assert f'href="{review}"' in html
    assert client.get(review).status_code == 200


def test_date_boxes_open_on_today_in_the_thai_way(rw, open_round, client):
    """The site's one date box (base.forms.ThaiDateInput): today as วว/ดด/ปปปป พ.ศ. with the date in words under
    it, never the browser's type="date" (which showed Gregorian years under a พ.ศ. hint)."""
    from prongsai.core.thaidate import thai_date_words, typed_be_date

    today = timezone.localdate()
    client.force_login(rw.users["assessor1"])
    unit = _unit(open_round, rw, "a")
    html = _page(client.get(reverse("rounds:review", args=[rw.assessor.slug, open_round.pk, unit.pk, "O1"])))
    assert f'type="text" name="checked_on" value="{typed_be_date(today)}"' in html
    assert thai_date_words(today) in html and 'type="date"' not in html
    client.force_login(rw.users["admin"])
    html = _page(client.get(reverse("rounds:new", args=[rw.assessor.slug])))
    assert f'type="text" name="starts_on" value="{typed_be_date(today)}"' in html and 'type="date"' not in html


def test_a_unit_posting_to_the_admins_forms_never_gets_the_admins_page(rw, open_round, client):
    """A refused admin form answers with the page again; from a unit's URL that must be the unit's own page, not
    the round overview with every unit in it."""
    client.force_login(rw.users["coord_a"])
    slug, pk = rw.units["a"].slug, open_round.pk
    for name, data in (("unit_add", {"agency": "", "group": ""}), ("role_add", {"username": ""}),
                       ("phase_set", {"kind": "registration"}), ("confirm", {})):
        response = client.post(reverse(f"rounds:{name}", args=[slug, pk]), data)
        html = _page(response)
        assert response.status_code == 400, name
        assert rw.units["b"].name_th not in html and rw.units["c"].name_th not in html, name
        assert "รายการนี้สำหรับผู้จัดการประเมินเท่านั้น" in html, name


def test_a_confirmed_round_takes_no_new_oit_answers(rw, open_round, client):
    """Confirmed results are frozen: the surveys close, and so do the unit's OIT answers and registration (the
    calendar may still be open); the unit's page says so instead of offering the forms."""
    open_round.confirmed_at = timezone.now()
    open_round.save(update_fields=["confirmed_at"])
    coord = rw.racc("coord_a", rw.units["a"], open_round)
    with pytest.raises(services.RoundInputError, match="ยืนยันผลแล้ว"):
        services.oit_submit(racc=coord, actor=rw.users["coord_a"], item="O1", has_evidence=False, urls="",
                            explanation="")
    with pytest.raises(services.RoundInputError, match="ยืนยันผลแล้ว"):
        services.unit_register(racc=coord, actor=rw.users["coord_a"], staff_count=12, stakeholder_count=200)
    client.force_login(rw.users["coord_a"])
    html = _page(client.get(reverse("rounds:detail", args=[rw.units["a"].slug, open_round.pk])))
    assert "รอบนี้ยืนยันผลแล้ว คำตอบถูกตรึงไว้" in html
    assert reverse("rounds:oit_submit", args=[rw.units["a"].slug, open_round.pk]) not in html
    assert not OitSubmission.objects.exists()
