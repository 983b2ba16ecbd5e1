"""Citizens on a phone, JavaScript off: ask a question, file an e-service request and follow it, file a
complaint and follow it with the receipt code."""

from __future__ import annotations

import re

import pytest

from prongsai.apps.complaints.models import Complaint
from prongsai.apps.portal.models import Question, ServiceRequest
from prongsai.apps.portal.services import service_type_save

from .conftest import PHONE, shot

pytestmark = pytest.mark.django_db(transaction=True)


def _no_sideways_scroll(page) -> None:
    width = page.locator("html").bounding_box()["width"]
    assert width <= PHONE["width"] + 1, width


def test_ask_a_question(phone, agency):
    page = phone
    page.goto(f"{page.base}/p/{agency.slug}/qa/")
    assert page.locator("html").get_attribute("lang") == "th"
    page.get_by_label("หัวข้อ").fill("ห้องสมุดเปิดวันเสาร์หรือไม่")
    page.get_by_label("ข้อความ").fill("อยากพาลูกไปอ่านหนังสือวันเสาร์ค่ะ")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    page.wait_for_load_state()
    assert "ได้รับคำถามเลขที่" in page.content()
    assert page.get_by_role("heading", name="ห้องสมุดเปิดวันเสาร์หรือไม่").is_visible()
    assert Question.objects.filter(agency=agency).count() == 1
    _no_sideways_scroll(page)
    shot(page, "qa-asked")


def test_file_an_eservice_request_and_follow_it(phone, agency):
    service_type_save(
        agency=agency,
        actor=None,
        item=None,
        data={
            "name": "ขอรับเบี้ยยังชีพผู้สูงอายุ",
            "description": "",
            "steps": "ยื่นคำขอ\nตรวจสอบ\nแจ้งผล",
            "duration_days": 15,
            "fee_amount": None,
            "fee_note": "",
            "required_documents": "สำเนาบัตรประชาชน",
            "unit": None,
            "is_active": True,
        },
    )
    page = phone
    page.goto(f"{page.base}/p/{agency.slug}/eservice/")
    page.get_by_role("link", name="ขอรับเบี้ยยังชีพผู้สูงอายุ").click()
    assert page.locator("#fee").inner_text() == "ไม่มีค่าธรรมเนียม"
    page.get_by_label("ชื่อ-นามสกุลผู้ยื่นคำขอ").fill("นางสมใจ ทดสอบ")
    page.get_by_label("โทรศัพท์หรืออีเมลสำหรับติดต่อกลับ").fill("081 234 5678")
    page.locator("#id_attachment_1").set_input_files(
        files=[{"name": "บัตรประชาชน.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="ยื่นคำขอ").click()
    page.wait_for_load_state()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"ES-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    _no_sideways_scroll(page)
    shot(page, "eservice-filed")
    assert ServiceRequest.objects.get().attachments.count() == 1

    page.get_by_role("link", name="ไปหน้าติดตามคำขอ").click()
    page.get_by_label("เลขติดตามคำขอ").fill(code.lower())
    page.get_by_role("button", name="ติดตาม").click()
    page.wait_for_load_state()
    assert page.locator("#request-status").inner_text() == "รับคำขอแล้ว"
    shot(page, "eservice-tracked")


def test_file_a_complaint_and_follow_it_with_the_receipt(phone, agency):
    page = phone
    page.goto(f"{page.base}/p/{agency.slug}/complaints/")
    assert "ไม่บันทึกหมายเลข IP" in page.content()
    page.get_by_label("ประเภทเรื่อง").select_option("corruption")
    page.locator("#id_subject").fill("เรียกรับเงินเพื่ออนุมัติใบอนุญาต")
    page.get_by_label("รายละเอียด").fill("เจ้าหน้าที่ขอเงินเพิ่มนอกเหนือค่าธรรมเนียม")
    page.get_by_label("แจ้งชื่อโดยให้เก็บเป็นความลับ", exact=False).check()
    page.get_by_label("ชื่อ-นามสกุล").fill("นายผู้แจ้ง ทดสอบเบราว์เซอร์")
    page.get_by_label("โทรศัพท์").fill("0899999999")
    page.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    page.wait_for_load_state()
    receipt = page.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipt)
    _no_sideways_scroll(page)
    shot(page, "complaint-receipt")
    complaint = Complaint.objects.get()
    assert not complaint.anonymous and "นายผู้แจ้ง" not in complaint.identity_sealed

    page.get_by_role("link", name="ไปหน้าติดตามเรื่อง").click()
    page.get_by_label("รหัสติดตามเรื่อง").fill("AAAA-BBBB-CCCC-DDDD")
    page.get_by_role("button", name="ดูเรื่อง").click()
    page.wait_for_load_state()
    assert "ไม่พบเรื่องตามรหัสนี้" in page.content()
    page.get_by_label("รหัสติดตามเรื่อง").fill(receipt)
    page.get_by_role("button", name="ดูเรื่อง").click()
    page.wait_for_load_state()
    assert page.locator("#complaint-status").inner_text() == "รับเรื่องแล้ว"
    page.get_by_label("ข้อมูลเพิ่มเติมถึงเจ้าหน้าที่").fill("มีพยานสองคน")
    page.get_by_role("button", name="ส่งข้อมูลเพิ่มเติม").click()
    page.wait_for_load_state()
    assert "ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว" in page.content() and "มีพยานสองคน" in page.content()
    _no_sideways_scroll(page)
    shot(page, "complaint-followed")
