"""The public portal: pages, the OIT page generated from evidence, questions and answers with moderation."""

from __future__ import annotations

import pytest

from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.portal.models import EvidenceLink, Question
from prongsai.apps.portal.services import evidence_save, news_save, question_answer, question_ask

from .conftest import token_from

pytestmark = pytest.mark.django_db


def test_every_public_page_answers_in_thai_without_login(client, world):
    slug = world.own.slug
    for path in (
        "",
        "results/",
        "results/2568/",
        "news/",
        "oit/",
        "oit/2568/",
        "data/",
        "qa/",
        "eservice/",
        "eservice/track/",
        "procurement/",
        "nogift/",
        "complaints/",
        "complaints/follow/",
        "complaints/statistics/",
    ):
        response = client.get(f"/p/{slug}/{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="th">' in html and world.own.name_th in html
        assert 'name="viewport"' in html
    assert client.get("/p/no-such-agency/").status_code == 404
    assert client.get(f"/p/{slug}/results/2550/").status_code == 404


def test_results_come_from_the_assessments(client, world):
    html = client.get(f"/p/{world.own.slug}/results/2568/").content.decode()
    assert "94.97" in html or "ผ่าน" in html
    assert "81.11" not in html  # never the other agency's


def test_the_oit_page_is_generated_from_evidence(client, world):
    evidence_save(
        agency=world.own,
        actor=world.user("coordinator"),
        item=None,
        data={
            "fiscal_year": 2568,
            "item_code": "O1",
            "title": "โครงสร้างองค์กร",
            "url": "https://own.example/structure",
            "note": "หน้าแรก → เกี่ยวกับเรา",
            "is_published": True,
        },
    )
    evidence_save(
        agency=world.own,
        actor=world.user("coordinator"),
        item=None,
        data={
            "fiscal_year": 2568,
            "item_code": "O3",
            "title": "ร่างที่ยังไม่เผยแพร่",
            "url": "https://own.example/draft",
            "note": "",
            "is_published": False,
        },
    )
    evidence_save(
        agency=world.foreign,
        actor=None,
        item=None,
        data={
            "fiscal_year": 2568,
            "item_code": "O1",
            "title": "ของหน่วยงานอื่น",
            "url": "https://foreign.example/x",
            "note": "",
            "is_published": True,
        },
    )
    html = client.get(f"/p/{world.own.slug}/oit/2568/").content.decode()
    assert "https://own.example/structure" in html and "หน้าแรก → เกี่ยวกับเรา" in html
    assert "ร่างที่ยังไม่เผยแพร่" not in html and "foreign.example" not in html
    from prongsai.core.frameworks import default_registry

    for _, item in default_registry().get(2568).oit.items():
        assert f'id="{item.code.lower()}"' in html  # every item of the year's framework has its row
    assert AuditEntry.objects.filter(action="evidence.created", agency=world.own).count() == 2


def test_evidence_form_bad_input_and_access(client, world):
    url = f"/a/{world.own.slug}/portal/oit/new/?year=2568"
    client.force_login(world.user("auditor"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("coordinator"))
    assert client.get(url).status_code == 200
    bad = client.post(url, {"item_code": "O999", "title": "", "url": "javascript:alert(1)", "note": ""})
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "กรุณาเลือกข้อ OIT ของปีนี้" in html and "กรุณากรอกช่องนี้" in html and "ที่อยู่เว็บไม่ถูกต้อง" in html
    assert not EvidenceLink.objects.exists()
    ok = client.post(url, {"item_code": "O4", "title": "ข่าว", "url": "https://own.example/news", "is_published": "on"})
    assert ok.status_code == 302 and EvidenceLink.objects.get().fiscal_year == 2568
    client.force_login(world.user("foreign"))
    assert client.get(url).status_code == 404


def _ask(client, agency, **data):
    token = token_from(client.get(f"/p/{agency.slug}/qa/").content.decode())
    payload = {
        "ft": token,
        "website": "",
        "kind": "question",
        "subject": "ถนนหมู่ 4 ชำรุด",
        "body": "จะซ่อมเมื่อใด",
        "display_name": "",
        "contact": "",
    }
    payload.update(data)
    return client.post(f"/p/{agency.slug}/qa/", payload)


def test_a_citizen_asks_anonymously_or_with_contact(client, world):
    assert _ask(client, world.own).status_code == 302
    assert _ask(client, world.own, display_name="ป้าแดง", contact="081-234-5678").status_code == 302
    anonymous, named = Question.objects.order_by("pk")
    assert anonymous.display_name == "" and anonymous.contact == ""
    assert named.contact == "0812345678"
    html = client.get(f"/p/{world.own.slug}/qa/").content.decode()
    assert "ไม่ประสงค์ออกนาม" in html and "ป้าแดง" in html
    assert "0812345678" not in html  # contact details are never published
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM portal_question")
        assert all("0812345678" not in (row[0] or "") for row in cursor.fetchall())  # encrypted at rest


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": ""}, "กรุณากรอกช่องนี้"),
        ({"body": ""}, "กรุณากรอกช่องนี้"),
        ({"kind": "rant"}, "กรุณาเลือกประเภท"),
        ({"contact": "not-an-email@"}, "อีเมลไม่ถูกต้อง"),
        ({"contact": "12"}, "หมายเลขโทรศัพท์ไม่ถูกต้อง"),
        ({"display_name": "ก" * 101}, "ยาวไม่เกิน 100 ตัวอักษร"),
        ({"website": "spam"}, "ส่งแบบฟอร์มไม่สำเร็จ"),
        ({"ft": "bad"}, "แบบฟอร์มไม่สมบูรณ์"),
    ],
)
def test_question_form_bad_input(client, world, data, message):
    response = _ask(client, world.own, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_staff_answer_and_the_answer_is_published_with_response_times(client, world):
    question = question_ask(agency=world.own, kind="question", subject="เปิดกี่โมง", body="สำนักงานเปิดกี่โมง")
    url = f"/a/{world.own.slug}/portal/qa/{question.pk}/"
    client.force_login(world.user("unit_staff"))
    assert client.post(url, {"action": "answer", "answer": "x"}).status_code == 403
    client.force_login(world.user("coordinator"))
    assert client.post(url, {"action": "answer", "answer": ""}).status_code == 400
    assert client.post(url, {"action": "answer", "answer": "เปิด 08:30 ถึง 16:30 น."}).status_code == 302
    html = client.get(f"/p/{world.own.slug}/qa/").content.decode()
    assert "เปิด 08:30 ถึง 16:30 น." in html
    assert 'id="qa-statistics"' in html and "ร้อยละ 100.0" in html
    assert AuditEntry.objects.filter(action="question.answered", actor=world.user("coordinator")).exists()


def test_hiding_is_logged_shown_publicly_and_deletes_nothing(client, world):
    question = question_ask(agency=world.own, kind="feedback", subject="คำหยาบมาก", body="ข้อความหยาบคาย")
    url = f"/a/{world.own.slug}/portal/qa/{question.pk}/"
    client.force_login(world.user("agency_admin"))
    refused = client.post(url, {"action": "hide", "reason": ""})
    assert refused.status_code == 400
    assert client.post(url, {"action": "hide", "reason": "ถ้อยคำไม่สุภาพ"}).status_code == 302
    client.logout()
    html = client.get(f"/p/{world.own.slug}/qa/").content.decode()
    assert "ข้อความหยาบคาย" not in html and "คำหยาบมาก" not in html
    assert f"ข้อความเลขที่ {question.pk} ถูกซ่อนโดยเจ้าหน้าที่" in html and "ถ้อยคำไม่สุภาพ" in html
    question.refresh_from_db()
    assert question.is_hidden and question.body == "ข้อความหยาบคาย"  # kept, not deleted
    entry = AuditEntry.objects.get(action="question.hidden")
    assert entry.note == "ถ้อยคำไม่สุภาพ" and entry.actor == world.user("agency_admin")
    client.force_login(world.user("agency_admin"))
    client.post(url, {"action": "unhide"})
    assert AuditEntry.objects.filter(action="question.unhidden").exists()
    assert Question.objects.count() == 1


def test_news_form_and_public_news(client, world):
    url = f"/a/{world.own.slug}/portal/news/new/"
    client.force_login(world.user("executive"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("coordinator"))
    bad = client.post(url, {"title": "", "body": "", "published_on": "31/02/2568"})
    assert bad.status_code == 400
    assert "ไม่มีวันที่นี้ในปฏิทิน" in bad.content.decode()
    bad_year = client.post(url, {"title": "t", "body": "b", "published_on": "01/01/99"})
    assert "วันที่ไม่ถูกต้อง" in bad_year.content.decode()
    ok = client.post(
        url,
        {"title": "งานวันเด็ก", "body": "<script>alert(1)</script>", "published_on": "10/01/2568", "is_published": "on"},
    )
    assert ok.status_code == 302
    html = client.get(f"/p/{world.own.slug}/news/").content.decode()
    assert "งานวันเด็ก" in html and "<script>alert(1)</script>" not in html  # escaped
    from prongsai.apps.portal.models import NewsItem

    item = NewsItem.objects.get()
    assert str(item.published_on) == "2025-01-10"
    news_save(agency=world.own, actor=None, item=item, data={"is_published": False})
    assert "งานวันเด็ก" not in client.get(f"/p/{world.own.slug}/news/").content.decode()


def test_answer_writes_only_inside_the_agency(world):
    from prongsai.apps.portal.services import PortalInputError

    question = question_ask(agency=world.foreign, kind="question", subject="s", body="b")
    with pytest.raises(PortalInputError):
        question_answer(agency=world.own, question=question, actor=None, answer="x")


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("foreign", 404),
        ("auditor", 200),
        ("unit_staff", 200),
        ("coordinator", 200),
    ],
)
def test_staff_portal_pages_check_access(client, world, client_for, role, expected):
    client_for(client, world.user(role))
    for path in ("", "news/", "qa/", "eservice/", "oit/", "procurement/", "gifts/"):
        assert client.get(f"/a/{world.own.slug}/portal/{path}").status_code == expected, path
