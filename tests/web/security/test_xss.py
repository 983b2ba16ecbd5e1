"""Stored XSS: a payload set goes into every text field of every Prongsai model (through the ORM, past every form),
then every page of the permission matrix, staff and public, is rendered: no payload comes out unescaped, and no
stored URL becomes a ``javascript:`` or ``data:`` link. Forms refuse such URLs in the first place."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.template import Context, Template

from prongsai.web.templatetags.safe_links import http_url

# <script>, an attribute break-out with an event handler, a made-up tag, Thai with a right-to-left override and
# zero-width characters, mixed scripts.
PAYLOAD = (
    '<script>alert("xss")</script>"><img src=x onerror=alert(1)>\'><xss-tag>'
    " ส่วนราชการ\u202eทดสอบ\u200b\u200dزيارة 测试 javascript:alert(2)"
)
SHORT = "<xss-tag>"
# What must never appear in a page: each is harmless only when escaped.
RAW_MARKERS = ("<script>alert(", "<img src=x onerror", "<xss-tag>")
BAD_URLS = ("javascript:alert('xss')", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")

# Fields that hold no one's typed text: identifiers in URLs, digests, file names made by the app, ciphertext,
# values the app computes. Each must be named here with its reason; any other text field gets the payload.
MACHINE_FIELDS = {
    "assessments.AssessmentResult.level": "computed by the core from the scores (a level code)",
    "assessments.AssessmentResult.framework_origin": "the framework file that scored the result, set by the app",
    "assessments.PendingImport.kind": "the reader's kind, set by the app",
    "assessments.PendingImport.sha256": "a digest",
    "assessments.PendingImport.digest": "a digest",
    "audit.AuditEntry.action": "an action code written by a service",
    "audit.AuditEntry.target_type": "a model label written by a service",
    "audit.AuditEntry.target_id": "a primary key written by a service",
    "plans.Evidence.stored_name": "a random file name made by the app",
    "plans.Evidence.kind": "the sniffed file type",
    "plans.Evidence.content_type": "the sniffed content type",
    "plans.Evidence.sha256": "a digest",
    "plans.GeneratedDocument.digits": "thai/arabic, chosen from a list",
    "plans.GeneratedDocument.stored_name": "a random file name made by the app",
    "plans.GeneratedDocument.task_id": "the task queue's id",
    "portal.ServiceAttachment.content_type": "the sniffed content type",
    "complaints.Complaint.identity_sealed": "ciphertext (the reporter's identity, sealed)",
    "complaints.Complaint.receipt_hash": "a digest of the tracking code",
    "base.SpentFormToken.digest": "a digest of a spent form token's nonce",
    "surveys.PulseRound.token": "the survey's link token (in its URL)",
    "oit.OitFile.stored_name": "a random file name made by the app",
    "meetings.MeetingFile.stored_name": "a random file name made by the app",
    "meetings.MeetingFile.content_type": "the sniffed content type",
    "meetings.Meeting.development_stored_name": "a random file name made by the app",
    "oit.OitFile.kind": "the sniffed file type",
    "oit.OitFile.content_type": "the sniffed content type",
    "oit.OitFile.sha256": "a digest",
    "oit.SiteCheck.pdf_stored_name": "a random file name made by the app",
    "oit.SiteCheck.task_id": "the task queue's id",
    "national.NationalImport.sha256": "a digest",
    "national.NationalImport.digest": "a digest",
    "rounds.RoundSurvey.open_token": "a link token (in its URL)",
    "rounds.Invitation.token": "an invitation token (in its URL)",
    "rounds.SpentInvitation.digest": "a keyed digest of an invitation code",
    "rounds.PendingIitAnswer.sealed": "ciphertext (an IIT answer waiting in the mixing pool, sealed)",
    "rounds.Round.framework_yaml": "the round's framework, parsed as YAML (its text is checked by the loader)",
}


def _prongsai_models():
    return [m for m in apps.get_models() if m.__module__.startswith("prongsai.")]


def _text_fields(model):
    """(field, kind) for every concrete CharField/TextField: "url", "choice", "id", "machine" or "text"."""
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        key = f"{model._meta.label}.{field.name}"
        if isinstance(field, models.URLField):
            yield field, "url"
        elif field.choices:
            yield field, "choice"  # forms offer only the choices; covered by the form tests
        elif isinstance(field, models.SlugField):
            yield field, "id"
        elif key in MACHINE_FIELDS:
            yield field, "machine"
        else:
            yield field, "text"


def _value(field, kind: str, pk: int, n: int) -> str:
    suffix = f"#{pk}"
    if kind == "url":
        return BAD_URLS[n % len(BAD_URLS)]
    limit = field.max_length or 10_000
    if limit >= len(PAYLOAD) + len(suffix):
        return PAYLOAD + suffix
    if limit >= len(SHORT) + len(suffix):
        return SHORT + suffix
    return SHORT[:limit]


def _poison_every_row() -> dict[str, int]:
    """Write the payload into every text field of every row; how many rows each model had."""
    rows = {}
    for model in _prongsai_models():
        fields = [(f, kind) for f, kind in _text_fields(model) if kind in ("text", "url")]
        rows[model._meta.label] = model._base_manager.count()
        if not fields:
            continue
        for n, row in enumerate(model._base_manager.values("pk", *[f.name for f, _ in fields])):
            pk = row["pk"]
            # a URL stays empty where it was (a file evidence has none, by a database constraint)
            values = {f.name: _value(f, kind, pk, n) for f, kind in fields if kind == "text" or row[f.name]}
            for name, value in values.items():
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**{name: value})
                except IntegrityError:
                    pass  # the database itself refuses the value: nothing to render
    return rows


def test_every_machine_field_exists_and_is_not_free_text():
    """The exemption list names real fields, so a renamed field does not silently drop out of the XSS test."""
    known = {f"{m._meta.label}.{f.name}" for m in _prongsai_models() for f in m._meta.concrete_fields}
    missing = {key for key in MACHINE_FIELDS if key not in known and key.split(".")[0] in {"assessments", "audit",
                                                                                           "plans", "portal",
                                                                                           "complaints", "surveys"}}
    assert missing == set()


def test_payloads_in_every_text_field_render_escaped_on_every_page(client, client_for, every_page):
    world, pages = every_page
    rows = _poison_every_row()
    poisoned = {label for label, count in rows.items() if count}
    # the sample world fills the models staff and citizens write to; a new model without sample rows shows here
    for label in ("agencies.Agency", "agencies.Unit", "assessments.QuestionScore", "plans.Task", "plans.Evidence",
                  "plans.Comment", "portal.NewsItem", "portal.Question", "portal.ServiceType", "portal.ServiceRequest",
                  "portal.EvidenceLink", "complaints.Complaint", "procurement.Contract", "registers.GiftRecord",
                  "registers.NoGiftDeclaration", "registers.Asset", "registers.Loan", "registers.InventoryRound",
                  "registers.EthicsActivity", "surveys.PulseRound", "surveys.OfficialSurveyLink", "audit.AuditEntry"):
        assert label in poisoned, label
    problems = []
    shown = set()  # pages where the payload did arrive (escaped): proof the test reaches the templates
    for page in pages:
        client_for(client, world.user(page.role))
        response = client.get(page.url)
        if response.status_code != page.ok:
            problems.append(f"{page.name}: {response.status_code}, expected {page.ok}")
            continue
        kind = response.get("Content-Type", "")
        if not ("html" in kind or "svg" in kind or "xml" in kind) or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", errors="replace")
        if "&lt;xss-tag&gt;" in body:
            shown.add(page.name)
        for marker in RAW_MARKERS:
            if marker in body:
                at = body.index(marker)
                problems.append(f"{page.name} ({page.role}): unescaped {marker!r}: …{body[max(0, at - 80):at + 40]}…")
        for match in re.finditer(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*(javascript|data|vbscript):""",
                                 body, re.IGNORECASE):
            if not body[match.start():].startswith('src="data:image/'):
                problems.append(f"{page.name} ({page.role}): a {match.group(1)}: link")
    assert problems == []
    for name in ("assessments:home", "portal:news_detail", "portal:qa", "portal:oit_year", "procurement:public",
                 "registers:nogift", "plans:task_detail", "plans:plan_detail", "complaints:officer_case",
                 "portal:staff_service_request", "registers:assets", "audit:log", "agencies:people"):
        assert name in shown, name
    assert len(shown) > 40, sorted(shown)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.example.go.th/a?b=1", "https://www.example.go.th/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", "#"),
        ("JaVaScRiPt:alert(1)", "#"),
        (" \x01javascript:alert(1)", "#"),
        ("java\tscript:alert(1)", "#"),
        ("data:text/html,<script>alert(1)</script>", "#"),
        ("vbscript:msgbox(1)", "#"),
        ("//evil.example/x", "#"),
        ("https:/no-host", "#"),
        ("", "#"),
        (None, "#"),
    ],
)
def test_http_url_filter(value, expected):
    assert http_url(value) == expected


def test_http_url_output_is_still_escaped():
    html = Template('{% load safe_links %}<a href="{{ u|http_url }}">').render(
        Context({"u": 'https://example.org/"><script>alert(1)</script>'})
    )
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html
