"""Public pages of one agency never show another agency's data.

Every public URL (a route taking ``<slug:slug>``, found by walking the URLconf, so a new public page is checked
without being listed here) is requested for ``own`` while ``foreign`` has a row of every kind, each carrying a
marker; every open dataset is downloaded in every format. Rows of ``foreign`` named by id under ``own``'s slug
are 404.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from prongsai.apps.base.opendata import registered_datasets
from prongsai.apps.complaints.services import complaint_file
from prongsai.apps.portal import opendata
from prongsai.apps.portal import services as portal
from prongsai.apps.procurement.services import announcement_save, contract_save, plan_item_save
from prongsai.apps.registers.services import gift_save, nogift_declaration_save

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _files_dir(settings, tmp_path):
    settings.PRONGSAI_FILES_DIR = tmp_path / "files"


FOREIGN_MARK = "ข้อมูลของหน่วยงานอื่นเท่านั้น"
OWN_MARK = "ข้อมูลของหน่วยงานนี้เอง"


def _public_routes():
    """("namespace:name", route) for every URL taking an agency's public slug."""

    def walk(resolver, prefix="", namespace=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                yield from walk(p, prefix + str(p.pattern), f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern):
                yield f"{namespace}{p.name}", prefix + str(p.pattern)

    return [(name, route) for name, route in walk(get_resolver()) if "<slug:slug>" in route]


def _rows(agency, user, mark: str, money: str) -> dict:
    """One published row of every kind a public page shows, each text carrying ``mark`` (and amounts ``money``)."""
    today = timezone.localdate()
    news = portal.news_save(
        agency=agency, actor=user, item=None,
        data={"title": f"ข่าว {mark}", "body": f"เนื้อหา {mark}", "published_on": today, "is_published": True},
    )
    question = portal.question_ask(
        agency=agency, kind="question", subject=f"คำถาม {mark}", body=f"ข้อความ {mark}", display_name=f"ผู้ถาม {mark}"
    )
    portal.question_answer(agency=agency, question=question, actor=user, answer=f"คำตอบ {mark}")
    service = portal.service_type_save(
        agency=agency, actor=user, item=None,
        data={"name": f"บริการ {mark}", "steps": f"ขั้นตอน {mark}", "duration_days": 7, "required_documents": mark},
    )
    portal.service_request_file(
        agency=agency, service_type=service, name=f"ผู้ขอ {mark}", contact="0812223333", details=mark, uploads=[]
    )
    portal.evidence_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "item_code": "O1", "title": f"หลักฐาน {mark}", "url": f"https://{agency.slug}.example/o1",
              "note": mark, "is_published": True},
    )
    contract_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "project_name": f"ถนน {mark}", "purchase_method": "เฉพาะเจาะจง",
              "budget_category": "investment", "project_money": Decimal(money), "winner": f"ผู้ชนะ {mark}"},
    )
    plan_item_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "project_name": f"แผน {mark}", "budget_category": "investment",
              "budget_amount": Decimal(money), "purchase_method": "specific", "planned_month": today},
    )
    announcement_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "kind": "winner", "title": f"ประกาศ {mark}", "announce_date": today},
    )
    gift_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "received_on": today, "recipient_position": f"ตำแหน่ง {mark}",
              "giver": f"ผู้ให้ {mark}", "description": f"ของขวัญ {mark}", "value": Decimal(money),
              "action": "refused"},
    )
    nogift_declaration_save(
        agency=agency, actor=user, item=None,
        data={"fiscal_year": 2568, "executive_name": f"ผู้บริหาร {mark}", "executive_position": "นายก",
              "declared_on": today, "text": f"ประกาศเจตนารมณ์ {mark}", "is_published": True},
    )
    complaint_file(agency=agency, kind="corruption", subject=f"เรื่อง {mark}", details=mark)
    # an approved plan with a published document (the public year page lists it; the portal serves it)
    from prongsai.apps.agencies.access import agency_access
    from prongsai.apps.base import files
    from prongsai.apps.plans.models import GeneratedDocument, Plan
    from prongsai.apps.plans.services import plan_draft

    access = agency_access(user=user, agency=agency)
    plan = plan_draft(agency=agency, access=access, actor=user, results_fiscal_year=2568)
    Plan.objects.filter(pk=plan.pk).update(status="approved")
    document = GeneratedDocument.objects.create(
        agency=agency, plan=plan, plan_version=plan.version, kind="measures", fmt="pdf", status="ready",
        filename="measures.pdf",
        stored_name=files.store(f"%PDF-1.4 {mark}".encode(), folder=f"documents/{agency.pk}", suffix="pdf"),
    )
    from prongsai.apps.plans.documents import document_publish

    document_publish(document=document, access=access, actor=user)
    # a working-group meeting whose development report and one photo are published (the year page lists them)
    from datetime import date

    from prongsai.apps.meetings import services as meetings

    from ..conftest import TINY_PNG

    meeting = meetings.meeting_create(agency=agency, actor=user, fiscal_year=2569, day=date(2026, 4, 2),
                                      chair_name=f"ประธาน {mark}", results_fiscal_year=2568, place=f"ห้อง {mark}")
    photo = meetings.file_add(agency=agency, meeting=meeting, actor=user, kind="photo",
                              data=TINY_PNG, filename="ภาพ.png")
    meetings.decision_add(agency=agency, meeting=meeting, access=access, actor=user, text=f"มติ {mark}")
    meetings.development_publish(agency=agency, meeting=meeting, access=access, actor=user, photo_ids=[photo.pk])
    return {"news": news, "service": service, "document": document, "meeting": meeting, "meeting_photo": photo}


def _urls(name: str, route: str, slug: str, own: dict) -> list[str]:
    if name == "portal:dataset":
        return [reverse(name, args=[slug, d]) for d in registered_datasets()]
    if name == "portal:dataset_download":
        return [reverse(name, args=[slug, d, fmt]) for d in registered_datasets() for fmt in opendata.FORMATS]
    extra = {
        "portal:result_year": [2568],
        "portal:oit_year": [2568],
        "portal:news_detail": [own["news"].pk],
        "portal:eservice_type": [own["service"].pk],
        "portal:plan_document": [own["document"].pk],
        "meetings:public_development": [own["meeting"].pk],
        "meetings:public_photo": [own["meeting_photo"].pk],
    }.get(name, [])
    assert route.count("<") == 1 + len(extra), f"{name}: add its sample arguments here ({route})"
    return [reverse(name, args=[slug, *extra])]


def _text(response) -> str:
    if response.streaming:
        data = b"".join(response.streaming_content)
        if response["Content-Type"].startswith("image/"):
            return ""
        if response["Content-Type"].endswith("wordprocessingml.document"):  # a published development report
            from prongsai.core.documents.read import read_bytes

            return read_bytes(data, filename="report.docx").text
        return data.decode("utf-8")
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return response.content.decode("utf-8-sig")


def test_public_pages_show_only_their_own_agencys_data(client, world):
    own = _rows(world.own, world.user("coordinator"), OWN_MARK, "555.55")
    foreign = _rows(world.foreign, world.user("foreign"), FOREIGN_MARK, "777.77")
    leaks = [FOREIGN_MARK, world.foreign.name_th, world.foreign.slug, "81.11", "71.11", "777.77"]
    seen = []
    routes = _public_routes()
    assert {name for name, _ in routes} >= {"portal:home", "complaints:start", "procurement:public", "registers:nogift"}
    for name, route in routes:
        for url in _urls(name, route, world.own.slug, own):
            response = client.get(url)
            assert response.status_code == 200, url
            text = _text(response)
            assert [m for m in leaks if m in text] == [], url
            seen.append(text)
    assert OWN_MARK in "\n".join(seen)  # the own agency's rows are there, so their absence above means something
    # the foreign agency's pages do show its own rows (the markers are real)
    assert FOREIGN_MARK in client.get(f"/p/{world.foreign.slug}/news/").content.decode()
    # foreign rows named by id under the own agency's slug do not exist
    assert client.get(reverse("portal:news_detail", args=[world.own.slug, foreign["news"].pk])).status_code == 404
    assert client.get(reverse("portal:eservice_type", args=[world.own.slug, foreign["service"].pk])).status_code == 404
    assert client.get(reverse("portal:plan_document", args=[world.own.slug, foreign["document"].pk])).status_code == 404
    for name, pk in (("meetings:public_development", foreign["meeting"].pk),
                     ("meetings:public_photo", foreign["meeting_photo"].pk)):
        assert client.get(reverse(name, args=[world.own.slug, pk])).status_code == 404


def test_statistics_count_only_the_agencys_own_cases(client, world):
    """Counts too: the foreign agency's complaints, requests and questions add nothing to the own agency's figures."""
    _rows(world.foreign, world.user("foreign"), FOREIGN_MARK, "777.77")
    for dataset in ("complaint-statistics", "service-statistics", "questions", "procurement-annual-report"):
        own_records = json.loads(client.get(f"/p/{world.own.slug}/data/{dataset}.json").content)["records"]
        foreign_records = json.loads(client.get(f"/p/{world.foreign.slug}/data/{dataset}.json").content)["records"]
        assert foreign_records, dataset
        assert own_records == [], (dataset, own_records)


def test_the_dataset_preview_shows_buddhist_era_dates(client, world):
    """The HTML preview is for Thai readers (B.E. years); the downloads keep ISO dates."""
    from prongsai.core.thai import thai_date

    _rows(world.own, world.user("coordinator"), OWN_MARK, "555.55")
    today = timezone.localdate()
    html = client.get(f"/p/{world.own.slug}/data/gifts-register/").content.decode()
    assert thai_date(today) in html and f" {today.year}<" not in html
    records = json.loads(client.get(f"/p/{world.own.slug}/data/gifts-register.json").content)["records"]
    assert records[0]["received_date"] == today.isoformat()
