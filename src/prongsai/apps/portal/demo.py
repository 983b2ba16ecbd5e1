"""FICTIONAL demo content for the portal of the demo agency: news, questions, e-services, procurement,
No Gift, OIT evidence links, complaints (for the statistics) and a complaint officer. Idempotent: each
piece is created only when missing, so a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.apps.agencies.models import Agency, Unit
from prongsai.apps.base.siteurl import configured_site_url
from prongsai.apps.complaints.models import Complaint, ComplaintOfficer
from prongsai.apps.complaints.services import complaint_file, complaint_officer_designate, complaint_status_set
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.apps.portal.models import EvidenceLink, NewsItem, Question, ServiceRequest, ServiceType
from prongsai.apps.portal.selectors import oit_page
from prongsai.apps.portal.services import (
    evidence_save,
    news_save,
    question_answer,
    question_ask,
    question_moderate,
    service_request_file,
    service_request_status_set,
    service_type_save,
)
from prongsai.apps.procurement.models import Announcement, Contract, PlanItem
from prongsai.apps.registers.models import GiftRecord, NoGiftDeclaration
from prongsai.core.thai import fiscal_year_of

OFFICER_USERNAME = "demo-admin"  # the demo agency administrator is also its complaint officer


@dataclass
class PortalDemoReport:
    agency: Agency
    created: list[str] = field(default_factory=list)
    receipts: list[tuple[str, str]] = field(default_factory=list)  # (complaint number, receipt), new ones only


def _d(fy: int, month: int, day: int) -> date:
    """A date in fiscal year ``fy`` (B.E.): October–December fall in the year before."""
    ce = fy - 543 - (1 if month >= 10 else 0)
    return date(ce, month, day)


@transaction.atomic
def portal_demo_load(*, agency: Agency) -> PortalDemoReport:
    report = PortalDemoReport(agency=agency)
    fy = fiscal_year_of(timezone.localdate())
    today = timezone.localdate()
    officer = get_user_model().objects.filter(username=OFFICER_USERNAME).first()

    news = [
        (
            "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี",
            "ขอเชิญผู้มีหน้าที่เสียภาษีชำระภาษีภายในเดือนเมษายน ณ กองคลัง หรือชำระผ่านช่องทางออนไลน์",
        ),
        ("ประกาศเจตนารมณ์ไม่รับของขวัญ (No Gift Policy)", "ผู้บริหารและบุคลากรทุกคนจะไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่"),
        (
            "เปิดช่องทางแจ้งเรื่องร้องเรียนการทุจริตแบบไม่ต้องเปิดเผยตัวตน",
            "ประชาชนแจ้งเรื่องได้ที่เว็บไซต์ของหน่วยงาน และติดตามด้วยรหัสติดตามเรื่อง",
        ),
    ]
    for i, (title, body) in enumerate(news):
        if not NewsItem.objects.filter(agency=agency, title=title).exists():
            news_save(
                agency=agency,
                actor=None,
                item=None,
                data={
                    "title": title,
                    "body": body,
                    "published_on": today - timedelta(days=3 * i),
                    "is_published": True,
                },
            )
            report.created.append(f"ข่าว: {title}")

    if not Question.objects.filter(agency=agency).exists():
        q1 = question_ask(
            agency=agency,
            kind="question",
            subject="ขอใบอนุญาตก่อสร้างต้องใช้เอกสารอะไรบ้าง",
            body="ต้องการต่อเติมบ้าน ต้องเตรียมเอกสารใดบ้างครับ",
            display_name="ชาวบ้านหมู่ 3",
        )
        question_answer(
            agency=agency,
            question=q1,
            actor=officer,
            answer="ใช้สำเนาโฉนดที่ดิน แบบแปลน และบัตรประชาชน ยื่นได้ที่กองช่างหรือผ่าน e-Service",
        )
        q2 = question_ask(
            agency=agency,
            kind="feedback",
            subject="ไฟทางหน้าโรงเรียนดับ",
            body="ไฟทางหน้าโรงเรียนดับมาหลายวัน ขอให้ช่วยซ่อมด้วยค่ะ",
        )
        question_answer(agency=agency, question=q2, actor=officer, answer="กองช่างซ่อมเรียบร้อยแล้ว ขอบคุณที่แจ้ง")
        question_ask(agency=agency, kind="question", subject="ตลาดนัดวันเสาร์ย้ายไปที่ใด", body="ได้ยินว่าจะย้ายตลาดนัด")
        q4 = question_ask(agency=agency, kind="feedback", subject="ข้อความไม่สุภาพ", body="(ข้อความสาธิตที่ถูกซ่อน)")
        question_moderate(agency=agency, question=q4, actor=officer, hide=True, reason="ใช้ถ้อยคำไม่สุภาพ (ตัวอย่าง)")
        report.created.append("ถาม-ตอบ 4 เรื่อง")

    units = {u.name_th: u for u in Unit.objects.filter(agency=agency)}
    services = [
        (
            "ขอรับเบี้ยยังชีพผู้สูงอายุ",
            15,
            None,
            "",
            "สำนักปลัด",
            "ยื่นคำขอพร้อมเอกสาร\nเจ้าหน้าที่ตรวจสอบคุณสมบัติ\nแจ้งผลการพิจารณา",
            "สำเนาบัตรประชาชน\nสำเนาทะเบียนบ้าน\nสำเนาสมุดบัญชีเงินฝาก",
        ),
        (
            "ขออนุญาตก่อสร้างหรือต่อเติมอาคาร",
            45,
            Decimal("20.00"),
            "ต่อตารางเมตรตามกฎกระทรวง",
            "กองช่าง",
            "ยื่นคำขอและแบบแปลน\nตรวจสอบแบบและสถานที่\nออกใบอนุญาต",
            "สำเนาโฉนดที่ดิน\nแบบแปลน\nสำเนาบัตรประชาชน",
        ),
    ]
    made: dict[str, ServiceType] = {}
    for name, days, fee, note, unit, steps, docs in services:
        found = ServiceType.objects.filter(agency=agency, name=name).first()
        if found is None:
            found = service_type_save(
                agency=agency,
                actor=None,
                item=None,
                data={
                    "name": name,
                    "description": "",
                    "steps": steps,
                    "duration_days": days,
                    "fee_amount": fee,
                    "fee_note": note,
                    "required_documents": docs,
                    "unit": units.get(unit),
                    "is_active": True,
                },
            )
            report.created.append(f"งานบริการ: {name}")
        made[name] = found
    if not ServiceRequest.objects.filter(agency=agency).exists():
        elderly = made["ขอรับเบี้ยยังชีพผู้สูงอายุ"]
        r1 = service_request_file(
            agency=agency,
            service_type=elderly,
            name="นางสมใจ (สาธิต)",
            contact="0812345678",
            details="ขอรับเบี้ยยังชีพ",
            uploads=[],
        )
        service_request_status_set(agency=agency, request=r1, actor=officer, status="in_progress")
        service_request_status_set(agency=agency, request=r1, actor=officer, status="completed", note="อนุมัติแล้ว")
        r2 = service_request_file(
            agency=agency,
            service_type=made["ขออนุญาตก่อสร้างหรือต่อเติมอาคาร"],
            name="นายสมชาย (สาธิต)",
            contact="somchai@example.com",
            details="ต่อเติมครัว",
            uploads=[],
        )
        service_request_status_set(
            agency=agency, request=r2, actor=officer, status="need_documents", note="กรุณาส่งแบบแปลนเพิ่มเติม"
        )
        service_request_file(
            agency=agency, service_type=elderly, name="นายมา (สาธิต)", contact="021234567", details="", uploads=[]
        )
        report.created.append("คำขอรับบริการ 3 รายการ")

    if not PlanItem.objects.filter(agency=agency, fiscal_year=fy).exists():
        for name, cat, amount, method, month in (
            ("ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 2", "investment", "1850000.00", "e_bidding", 2),
            ("จัดซื้อครุภัณฑ์คอมพิวเตอร์", "investment", "96000.00", "specific", 1),
            ("จัดซื้อวัสดุสำนักงาน", "operating", "45000.00", "specific", 11),
            ("จ้างเหมาบริการทำความสะอาด", "operating", "108000.00", "specific", 10),
        ):
            PlanItem.objects.create(
                agency=agency,
                fiscal_year=fy,
                project_name=name,
                budget_category=cat,
                budget_amount=Decimal(amount),
                purchase_method=method,
                planned_month=_d(fy, month, 1),
            )
        Announcement.objects.create(
            agency=agency,
            fiscal_year=fy,
            kind="invitation",
            title="ประกวดราคาจ้างก่อสร้างถนน คสล. หมู่ 2",
            announce_date=_d(fy, 2, 10),
            project_id="67029000001",
        )
        Announcement.objects.create(
            agency=agency,
            fiscal_year=fy,
            kind="winner",
            title="ประกาศผู้ชนะการเสนอราคา ก่อสร้างถนน คสล. หมู่ 2",
            announce_date=_d(fy, 3, 5),
            project_id="67029000001",
        )
        rows = (
            (
                "67029000001",
                "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 2",
                "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
                "investment",
                "1850000.00",
                "1840000.00",
                "1695000.00",
                "หจก.ทางดีก่อสร้าง (สาธิต)",
                "0103555000001",
                (3, 12),
            ),
            (
                "67019000002",
                "จัดซื้อครุภัณฑ์คอมพิวเตอร์",
                "เฉพาะเจาะจง",
                "investment",
                "96000.00",
                "96000.00",
                "94500.00",
                "ร้านคอมดี (สาธิต)",
                "0105555000002",
                (1, 20),
            ),
            (
                "66119000003",
                "จัดซื้อวัสดุสำนักงาน",
                "เฉพาะเจาะจง",
                "operating",
                "45000.00",
                None,
                "44870.00",
                "ร้านเครื่องเขียน (สาธิต)",
                "0105555000003",
                (11, 15),
            ),
            (
                "66109000004",
                "จ้างเหมาบริการทำความสะอาด",
                "เฉพาะเจาะจง",
                "operating",
                "108000.00",
                None,
                "108000.00",
                "นางสะอาด ใจดี (สาธิต)",
                "",
                (10, 2),
            ),
        )
        for pid, name, method, cat, money, build, agree, winner, tin, (m, dd) in rows:
            Contract.objects.create(
                agency=agency,
                fiscal_year=fy,
                project_id=pid,
                project_name=name,
                purchase_method=method,
                budget_category=cat,
                project_money=Decimal(money),
                price_build=Decimal(build) if build else None,
                price_agree=Decimal(agree),
                winner=winner,
                winner_tin=tin,
                contract_no=f"{pid[-3:]}/{fy}",
                contract_date=_d(fy, m, dd),
                announce_date=_d(fy, m, max(1, dd - 5)),
                project_status="ดำเนินการแล้วเสร็จ",
            )
        report.created.append("ข้อมูลจัดซื้อจัดจ้าง (แผน 4 ประกาศ 2 สัญญา 4)")

    if not NoGiftDeclaration.objects.filter(agency=agency, fiscal_year=fy).exists():
        NoGiftDeclaration.objects.create(
            agency=agency,
            fiscal_year=fy,
            executive_name="นายชัยวัฒน์ บริหารดี (สาธิต)",
            executive_position="นายกองค์การบริหารส่วนตำบล",
            declared_on=_d(fy, 10, 1),
            text=(
                "ข้าพเจ้าพร้อมด้วยคณะผู้บริหาร สมาชิกสภา และพนักงานทุกคน"
                " ขอประกาศเจตนารมณ์ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)"
            ),
        )
        GiftRecord.objects.create(
            agency=agency,
            fiscal_year=fy,
            received_on=_d(fy, 1, 2),
            recipient_position="ปลัด อบต.",
            giver="ผู้ประกอบการในพื้นที่ (สาธิต)",
            description="กระเช้าผลไม้ปีใหม่",
            value=Decimal("1500.00"),
            action="refused",
            occasion="ปีใหม่",
        )
        GiftRecord.objects.create(
            agency=agency,
            fiscal_year=fy,
            received_on=_d(fy, 4, 12),
            recipient_position="ผู้อำนวยการกองช่าง",
            giver="ชาวบ้าน (สาธิต)",
            description="ผ้าขาวม้า",
            value=Decimal("250.00"),
            action="kept",
            occasion="สงกรานต์",
        )
        report.created.append("No Gift Policy: ประกาศ 1 ทะเบียน 2")

    known = [y for y in framework_registry().years() if y <= fy]
    oit_fy = max(known) if known else fy
    page = oit_page(agency=agency, fiscal_year=oit_fy, published_only=False)
    if page is not None and not EvidenceLink.objects.filter(agency=agency, fiscal_year=oit_fy).exists():
        for row in page.rows:
            if row.suggestion:
                evidence_save(
                    agency=agency,
                    actor=None,
                    item=None,
                    data={
                        "fiscal_year": oit_fy,
                        "item_code": row.code,
                        "title": row.suggestion[0],
                        "url": configured_site_url() + row.suggestion[1],  # pages show it on their own host
                        "note": "เมนูของเว็บไซต์หน่วยงาน",
                        "is_published": True,
                    },
                )
        evidence_save(
            agency=agency,
            actor=None,
            item=None,
            data={
                "fiscal_year": oit_fy,
                "item_code": page.rows[0].code,
                "title": "โครงสร้างหน่วยงาน (ตัวอย่าง)",
                "url": "https://example.org/structure",
                "note": "หน้าแรก → ข้อมูลหน่วยงาน → โครงสร้าง",
                "is_published": True,
            },
        )
        report.created.append("ลิงก์หลักฐาน OIT")

    if officer is not None and not ComplaintOfficer.objects.filter(agency=agency, user=officer).exists():
        complaint_officer_designate(agency=agency, user=officer, actor=None)
        report.created.append(f"เจ้าหน้าที่รับเรื่องร้องเรียน: {OFFICER_USERNAME}")
    if not Complaint.objects.filter(agency=agency).exists():
        a = complaint_file(
            agency=agency, kind="procurement", subject="สงสัยการแบ่งซื้อแบ่งจ้าง (สาธิต)", details="ข้อความสาธิต", anonymous=True
        )
        b = complaint_file(
            agency=agency,
            kind="service",
            subject="เจ้าหน้าที่เรียกรับเงินเพิ่ม (สาธิต)",
            details="ข้อความสาธิต",
            anonymous=False,
            identity={"name": "ผู้แจ้งสาธิต", "phone": "0800000000"},
        )
        if officer is not None:
            complaint_status_set(complaint=b.complaint, officer=officer, status="screening")
            complaint_status_set(complaint=b.complaint, officer=officer, status="unsubstantiated")
        report.receipts = [(a.complaint.number, a.receipt), (b.complaint.number, b.receipt)]
        report.created.append("เรื่องร้องเรียนสาธิต 2 เรื่อง")
    report.portal_url = reverse("portal:home", args=[agency.slug])  # type: ignore[attr-defined]
    return report
