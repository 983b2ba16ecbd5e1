"""IIT invitation codes cannot be linked to their answers (docs/rounds.md, "what the system knows").

The attack: N staff answer with their codes in some order; someone then has the database (a dump, or the live
PostgreSQL with its hidden columns) and pairs the k-th used invitation with the k-th response, ordering both by
physical position (PostgreSQL ``ctid``, SQLite ``rowid``), by transaction id (``xmin``), by primary key, and by the
order the rows come out of a dump (``pg_dump``; SQLite ``iterdump``). The strongest attacker also knows the order in
which the codes answered (what an access log of ``POST /r/<code>/`` gave) and pairs that with the responses' order.
Every strategy must do no better than chance: for a random pairing the expected number of correct matches is 1
whatever N, and 8 or more of 40 happens with probability below 1e-4 (all strategies together).

Before the mixing pool, an answer marked its invitation used and stored its response in one transaction:
``test_the_linker_links_every_answer_on_the_old_path`` replays that old path and the same linker matches all 40 on
PostgreSQL (order, ``xmin``, dump) and, with the answer order, on SQLite too. That is the proof the linker works; the
pool makes it fail.
"""

from __future__ import annotations

import ast
import io
import logging
import os
import random
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from prongsai.apps.rounds import pool, services
from prongsai.apps.rounds.frameworks import round_framework, survey_points
from prongsai.apps.rounds.models import Invitation, PendingIitAnswer, SpentInvitation
from prongsai.apps.surveys.models import PulseAnswer, PulseResponse
from prongsai.apps.surveys.services import SurveyInputError, pulse_answers_store

N = 40
CHANCE_LIMIT = 8  # correct matches of N by a random pairing: mean 1; P(>= 8) < 1e-5 each
POSTGRES = connection.vendor == "postgresql"


# --- the round ----------------------------------------------------------------------------------------------------


def _iit_survey(rw, round, *, staff: int = N):
    unit = round.units.get(agency=rw.units["a"])
    racc = rw.racc("coord_a", rw.units["a"], round)
    services.unit_register(racc=racc, actor=rw.users["coord_a"], staff_count=staff, stakeholder_count=200, website="")
    services.invitations_create(racc=racc, actor=rw.users["coord_a"])
    return unit.surveys.get(instrument="IIT")


def _answer_sets(survey, n: int) -> list[dict[str, str]]:
    """n answer sets that differ from each other: set j spells j in base (number of options)."""
    points = survey_points(round_framework(survey.unit.round), "IIT")
    base = min(len(p.options) for p in points)
    assert base ** len(points) >= n
    sets = []
    for j in range(n):
        digits, rest = [], j
        for _ in points:
            digits.append(rest % base)
            rest //= base
        sets.append({p.field: p.options[d] for p, d in zip(points, digits, strict=True)})
    return sets


def _key(answers: dict[str, str]) -> tuple:
    return tuple(sorted(answers.items()))


def _answer_all(survey, answer: Callable[[str, dict], None]) -> tuple[list[str], dict[str, tuple]]:
    """Every code answers, in a random order the test knows; returns (the order, code → its answer set)."""
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    order = codes[:]
    random.Random(1702).shuffle(order)
    truth = {}
    for code, answers in zip(order, _answer_sets(survey, len(order)), strict=True):
        answer(code, answers)
        truth[code] = _key(answers)
    return order, truth


# --- the attacker: reads rows the way a database keeps them -------------------------------------------------------


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _uuid(value) -> str:
    return str(uuid.UUID(str(value)))


def _response_answers(survey) -> dict[str, tuple]:
    """response id → its answer set (from the answer rows, as the attacker sees them)."""
    found: dict[str, dict] = {}
    for response_id, question, sub_item, answer in _rows(
        "SELECT a.response_id, a.question, a.sub_item, a.answer FROM surveys_pulseanswer a "
        "JOIN surveys_pulseresponse r ON r.id = a.response_id WHERE r.round_id = %s", [survey.pulse_id]
    ):
        found.setdefault(_uuid(response_id), {})[f"{question}__{sub_item}"] = answer
    return {rid: _key(answers) for rid, answers in found.items()}


def _ordered(table: str, where: str, params: list, order: str, column: str) -> list:
    return [row[0] for row in _rows(f"SELECT {column} FROM {table} WHERE {where} ORDER BY {order}", params)]


def _physical() -> str:
    return "ctid" if POSTGRES else "rowid"


def _dump_order(survey) -> tuple[list[str], list[str]] | None:
    """(used invitation codes, response ids) in the order a dump writes them: pg_dump's COPY blocks on PostgreSQL,
    ``iterdump`` on SQLite. None when pg_dump is not installed."""
    if POSTGRES:
        binary = shutil.which("pg_dump")
        if binary is None:
            return None
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        args = [binary, "--data-only", "--table=rounds_invitation", "--table=surveys_pulseresponse",
                "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
                "-U", db.get("USER") or "postgres", db["NAME"]]
        text = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=300).stdout
        blocks = dict(re.findall(r"^COPY public\.(\w+) \([^)]*\) FROM stdin;\n(.*?)^\\\.$", text, re.M | re.S))
        heads = dict(re.findall(r"^COPY public\.(\w+) \(([^)]*)\) FROM stdin;", text, re.M))

        def rows(table):
            columns = [c.strip() for c in heads[table].split(",")]
            return [dict(zip(columns, line.split("\t"), strict=True)) for line in blocks[table].splitlines()]

        codes = [r["token"] for r in rows("rounds_invitation")
                 if r["used"] == "t" and r["survey_id"] == str(survey.pk)]
        responses = [_uuid(r["id"]) for r in rows("surveys_pulseresponse") if r["round_id"] == str(survey.pulse_id)]
        return codes, responses
    columns = {t: [r[1] for r in _rows(f"PRAGMA table_info({t})", [])]
               for t in ("rounds_invitation", "surveys_pulseresponse")}
    codes, responses = [], []
    for line in connection.connection.iterdump():
        match = re.match(r'INSERT INTO "(rounds_invitation|surveys_pulseresponse)" VALUES\((.*)\);$', line)
        if not match:
            continue
        values = ast.literal_eval("(" + re.sub(r"\bNULL\b", "None", match.group(2)) + ",)")
        row = dict(zip(columns[match.group(1)], values, strict=True))
        if match.group(1) == "rounds_invitation" and row["used"] and row["survey_id"] == survey.pk:
            codes.append(row["token"])
        elif match.group(1) == "surveys_pulseresponse" and row["round_id"] == survey.pulse_id:
            responses.append(_uuid(row["id"]))
    return codes, responses


def linker(survey, truth: dict[str, tuple], answer_order: list[str]) -> dict[str, int]:
    """Correct matches (of N) of each strategy that pairs the k-th code with the k-th response."""
    answers = _response_answers(survey)

    def score(codes: list[str], responses: list) -> int:
        responses = [_uuid(r) for r in responses]
        return sum(truth[c] == answers.get(r) for c, r in zip(codes, responses, strict=False))

    used = "survey_id = %s AND used"
    mine = "round_id = %s"
    out = {
        "physical order": score(
            _ordered("rounds_invitation", used, [survey.pk], _physical(), "token"),
            _ordered("surveys_pulseresponse", mine, [survey.pulse_id], _physical(), "id")),
        "primary key": score(
            _ordered("rounds_invitation", used, [survey.pk], "id", "token"),
            _ordered("surveys_pulseresponse", mine, [survey.pulse_id], "id", "id")),
        "answer order from a log": score(
            answer_order, _ordered("surveys_pulseresponse", mine, [survey.pulse_id], _physical(), "id")),
    }
    if POSTGRES:
        by_xmin = "xmin::text::bigint, ctid"
        out["xmin"] = score(_ordered("rounds_invitation", used, [survey.pk], by_xmin, "token"),
                            _ordered("surveys_pulseresponse", mine, [survey.pulse_id], by_xmin, "id"))
    dumped = _dump_order(survey)
    if dumped is not None:
        out["dump order"] = score(*dumped)
    return out


def _report(title: str, figures: dict[str, int]) -> None:
    print(f"\n{title} ({connection.vendor}): " + ", ".join(f"{k} {v}/{N}" for k, v in figures.items()))


# --- the tests ----------------------------------------------------------------------------------------------------


def _one_mix_at_close(rw, round, settings):
    """All N codes answer into the pool (it holds them all); then the round's pools are mixed in at close."""
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = N + 1
    survey = _iit_survey(rw, round)
    order, truth = _answer_all(survey, lambda code, answers: services.survey_answer(
        survey=survey, answers=answers, invitation=code))
    assert PulseResponse.objects.filter(round=survey.pulse).count() == 0 and pool.pending_count(survey) == N
    assert Invitation.objects.filter(survey=survey, used=True).count() == 0  # an answer touches no invitation
    call_command("rounds_flush_pool", round=round.pk, close=True, stdout=io.StringIO())
    assert PulseResponse.objects.filter(round=survey.pulse).count() == N and pool.pending_count(survey) == 0
    assert Invitation.objects.filter(survey=survey, used=True).count() == N  # marked used at close, all at once
    return survey, linker(survey, truth, order)


@pytest.mark.django_db(transaction=True)
def test_the_linker_does_no_better_than_chance(rw, open_round, settings):
    """Physical order, primary keys, the dump's order, and the order the codes answered in: each at chance."""
    _survey, figures = _one_mix_at_close(rw, open_round, settings)
    _report("with the pool, one mix at close", figures)
    assert set(figures) >= {"physical order", "primary key", "answer order from a log", "dump order"}
    assert all(v < CHANCE_LIMIT for v in figures.values()), figures


@pytest.mark.skipif(not POSTGRES, reason="xmin and pg_dump are PostgreSQL's (CI runs this with DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_neither_xmin_nor_pg_dump_links(rw, open_round, settings):
    survey, figures = _one_mix_at_close(rw, open_round, settings)
    assert figures["xmin"] < CHANCE_LIMIT, figures
    if shutil.which("pg_dump"):
        assert figures["dump order"] < CHANCE_LIMIT, figures
    # one transaction wrote every response, and another marked every invitation used: one xmin each
    assert len(_rows("SELECT DISTINCT xmin::text FROM surveys_pulseresponse WHERE round_id = %s",
                     [survey.pulse_id])) == 1
    assert len(_rows("SELECT DISTINCT xmin::text FROM rounds_invitation WHERE survey_id = %s AND used",
                     [survey.pk])) == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_default_pool_the_linker_learns_at_most_the_batch(rw, open_round, settings):
    """The default pool (10) is mixed in after each 10th answer. From the rows alone nothing links (the invitations
    are marked at close, all at once); knowing the order the codes answered in (a log) places a code in its batch of
    10 and no closer: about one correct match per batch (4 of 40), never the whole set."""
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 10
    survey = _iit_survey(rw, open_round)
    order, truth = _answer_all(survey, lambda code, answers: services.survey_answer(
        survey=survey, answers=answers, invitation=code))
    assert PulseResponse.objects.filter(round=survey.pulse).count() == N  # four mixes of ten, inline
    call_command("rounds_flush_pool", round=open_round.pk, close=True, stdout=io.StringIO())
    figures = linker(survey, truth, order)
    _report("with the pool of 10", figures)
    batch = figures.pop("answer order from a log")
    assert all(v < CHANCE_LIMIT for v in figures.values()), figures
    assert batch < 16, batch  # four batches, each a random order of 10: mean 4; 16 or more: P < 1e-5
    if POSTGRES:  # four mixing transactions, ten responses each
        sizes = [r[1] for r in _rows("SELECT xmin::text, COUNT(*) FROM surveys_pulseresponse WHERE round_id = %s "
                                     "GROUP BY 1", [survey.pulse_id])]
        assert sorted(sizes) == [10, 10, 10, 10]


@pytest.mark.django_db(transaction=True)
def test_the_linker_links_every_answer_on_the_old_path(rw, open_round):
    """The positive control: the pre-pool code (the invitation marked used and the response stored in the answer's
    own transaction) replayed, and the same linker. On PostgreSQL physical order, xmin and the dump each link all N;
    on SQLite an UPDATE keeps its row in place, but the responses' order is the answering order, so a log of the
    codes in time order links all N."""
    survey = _iit_survey(rw, open_round)
    points = survey_points(round_framework(open_round), "IIT")

    def old_answer(code: str, answers: dict) -> None:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(survey=survey, token=code, used=False)
            Invitation.objects.filter(pk=invitation.pk).update(used=True)
            pulse_answers_store(round=survey.pulse, points=points, answers=answers)

    order, truth = _answer_all(survey, old_answer)
    figures = linker(survey, truth, order)
    _report("the old path (no pool)", figures)
    assert figures["answer order from a log"] == N
    if POSTGRES:
        assert figures["physical order"] == N and figures["xmin"] == N
        if "dump order" in figures:
            assert figures["dump order"] == N


def test_a_code_answers_once_pooled_mixed_or_marked(rw, open_round, settings):
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 2
    survey = _iit_survey(rw, open_round, staff=4)
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    answers = _answer_sets(survey, 1)[0]

    def answer(code):
        services.survey_answer(survey=survey, answers=answers, invitation=code)

    answer(codes[0])  # in the pool
    with pytest.raises(services.RoundInputError, match="ใช้ตอบไปแล้ว"):
        answer(codes[0])
    assert pool.pending_count(survey) == 1 and SpentInvitation.objects.count() == 1
    answer(codes[1])  # the second fills the pool: mixed in
    assert pool.pending_count(survey) == 0 and PulseResponse.objects.filter(round=survey.pulse).count() == 2
    with pytest.raises(services.RoundInputError, match="ใช้ตอบไปแล้ว"):
        answer(codes[1])
    # after the close every spent code's invitation is marked used, and stays refused
    services.pools_flush(round=open_round, final=True)
    assert set(Invitation.objects.filter(survey=survey, used=True).values_list("token", flat=True)) == set(codes[:2])
    with pytest.raises(services.RoundInputError, match="ใช้ตอบไปแล้ว"):
        answer(codes[0])
    # a code used before the pool existed (its invitation marked used) is refused too
    Invitation.objects.filter(token=codes[2]).update(used=True)
    with pytest.raises(services.RoundInputError, match="ใช้ตอบไปแล้ว"):
        answer(codes[2])
    # a code of another survey, or none: refused, nothing written
    with pytest.raises(services.RoundInputError, match="รหัสเชิญตอบไม่ถูกต้อง"):
        services.survey_answer(survey=survey, answers=answers, invitation="not-a-code")
    # an incomplete answer does not use the code up
    with pytest.raises(SurveyInputError, match="กรุณาตอบให้ครบทุกข้อ"):
        services.survey_answer(survey=survey, answers={}, invitation=codes[3])
    assert not pool.code_spent(codes[3])
    assert SpentInvitation.objects.count() == 2 and PulseResponse.objects.filter(round=survey.pulse).count() == 2
    # the digests are keyed: without SECRET_KEY they are not the codes' hashes, and the spent rows name no code
    assert not any(c in SpentInvitation.objects.values_list("digest", flat=True) for c in codes)


def test_the_pool_is_mixed_at_k_and_at_close_and_the_results_wait_for_it(rw, open_round, settings):
    """Under k the answers wait ("รอรวมผล") and are not counted; the k-th mixes them in; at close (scoring after the
    survey window, the confirmation, the command) whatever waits is mixed in, and a confirmation that had to mix
    answers in is refused until the round is scored again."""
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 3
    survey = _iit_survey(rw, open_round, staff=8)
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    sets = _answer_sets(survey, 8)
    for code, answers in zip(codes[:2], sets, strict=False):
        services.survey_answer(survey=survey, answers=answers, invitation=code)
    assert pool.pending_count(survey) == 2 and PulseResponse.objects.filter(round=survey.pulse).count() == 0
    admin = rw.racc("admin", rw.assessor, open_round)
    services.round_score(racc=admin, actor=rw.users["admin"])  # surveys still open: a pool under k waits
    assert pool.pending_count(survey) == 2
    services.survey_answer(survey=survey, answers=sets[2], invitation=codes[2])  # the k-th
    assert pool.pending_count(survey) == 0 and PulseResponse.objects.filter(round=survey.pulse).count() == 3
    assert sorted(_key(a) for a in _responses(survey)) == sorted(_key(a) for a in sets[:3])
    services.survey_answer(survey=survey, answers=sets[3], invitation=codes[3])
    # the command mixes only full pools while the surveys are open
    out = io.StringIO()
    call_command("rounds_flush_pool", stdout=out)
    assert pool.pending_count(survey) == 1 and "ทั้งหมด 0 คำตอบ" in out.getvalue()
    # confirming closes the surveys: what waits is mixed in, and the results (which miss it) must be scored again
    with pytest.raises(services.RoundInputError, match="กรุณากดคำนวณผลอีกครั้ง"):
        services.round_confirm(racc=admin, actor=rw.users["admin"])
    assert pool.pending_count(survey) == 0 and PulseResponse.objects.filter(round=survey.pulse).count() == 4
    assert Invitation.objects.filter(survey=survey, used=True).count() == 4


def test_scoring_after_the_survey_window_mixes_everything_in(rw, open_round, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 10
    survey = _iit_survey(rw, open_round, staff=4)
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    for code, answers in zip(codes[:2], _answer_sets(survey, 2), strict=True):
        services.survey_answer(survey=survey, answers=answers, invitation=code)
    admin = rw.racc("admin", rw.assessor, open_round)
    today = timezone.localdate()
    for kind in ("registration", "oit_submission"):  # the survey window ended yesterday
        services.round_phase_set(racc=admin, actor=rw.users["admin"], kind=kind, starts_on=today - timedelta(days=9),
                                 ends_on=today - timedelta(days=1))
    open_round.refresh_from_db()
    assert not services.surveys_open(open_round)
    services.round_score(racc=rw.racc("admin", rw.assessor, open_round), actor=rw.users["admin"])
    assert pool.pending_count(survey) == 0 and PulseResponse.objects.filter(round=survey.pulse).count() == 2
    assert Invitation.objects.filter(survey=survey, used=True).count() == 2


def _responses(survey) -> list[dict]:
    out: dict = {}
    for a in PulseAnswer.objects.filter(response__round=survey.pulse):
        out.setdefault(a.response_id, {})[f"{a.question}__{a.sub_item}"] = a.answer
    return list(out.values())


def test_the_coordinator_sees_counts_never_which_code_answered(rw, open_round, settings, client):
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 10
    survey = _iit_survey(rw, open_round, staff=5)
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    for code, answers in zip(codes[:2], _answer_sets(survey, 2), strict=True):
        services.survey_answer(survey=survey, answers=answers, invitation=code)
    client.force_login(rw.users["coord_a"])
    slug = rw.units["a"].slug
    page = client.get(reverse("rounds:invitations", args=[slug, open_round.pk])).content.decode()
    assert "ใช้แล้ว 2 จาก 5 รหัส" in page and "รอรวมผล 2 คำตอบ" in page
    listing = page[page.index("<ol>"):page.index("</ol>")]
    items = re.findall(r"<li><code>([^<]*)</code>(.*?)</li>", listing)
    assert len(items) == 5 and all(rest == "" for _url, rest in items)  # the codes only: nothing beside any
    assert "ใช้แล้ว" not in listing
    unit_page = client.get(reverse("rounds:detail", args=[slug, open_round.pk])).content.decode()
    assert "ใช้แล้ว 2 จาก 5 รหัส" in unit_page and "รอรวมผล 2 คำตอบ" in unit_page
    client.force_login(rw.users["admin"])
    admin_page = client.get(reverse("rounds:detail", args=[rw.assessor.slug, open_round.pk])).content.decode()
    assert "รอรวมผล 2" in admin_page and not any(c in admin_page for c in codes)


def test_the_form_posts_the_code_in_its_body_and_no_log_line_carries_a_code(rw, open_round, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 10
    survey = _iit_survey(rw, open_round, staff=3)
    codes = list(survey.invitations.order_by("pk").values_list("token", flat=True))
    entry = reverse("rounds:answer", args=[survey.open_token])
    answers = _answer_sets(survey, 1)[0]
    staff = Client()
    # the card's link shows the form; the form's action is the survey's entry link, the code a hidden field
    form = staff.get(reverse("rounds:answer", args=[codes[0]])).content.decode()
    assert f'action="{entry}"' in form and f'name="code" value="{codes[0]}"' in form
    assert staff.post(entry, {"code": codes[0], "answering": "1", **answers}).status_code == 302
    assert pool.code_spent(codes[0]) and pool.pending_count(survey) == 1
    # a second answer with it: 410, nothing stored
    assert staff.post(entry, {"code": codes[0], "answering": "1", **answers}).status_code == 410
    # the entry page posts the typed code (never in a URL) and answers with the form, not a redirect to the code
    typed = staff.post(entry, {"code": f"http://testserver/r/{codes[1]}/"})
    assert typed.status_code == 200 and f'name="code" value="{codes[1]}"' in typed.content.decode()
    assert staff.post(entry, {"code": "wrong-code"}).status_code == 400
    assert staff.post(entry, {"code": ""}).status_code == 400
    # an incomplete answer: 400 with the form again, the code not used up
    assert staff.post(entry, {"code": codes[1], "answering": "1"}).status_code == 400
    assert not pool.code_spent(codes[1])
    # 4xx answers are logged by Django: the path carries no code, and the filter strips what is left
    staff.get(f"/R/{codes[2]}/")  # 404, a code in a mistyped link
    text = "\n".join(repr(r.__dict__) + r.getMessage() for r in caplog.records)
    assert any("/r/" in r.getMessage() for r in caplog.records), "the 4xx answers above are logged"
    for code in codes:
        assert code not in text and code.lower() not in text
    assert PendingIitAnswer.objects.count() == 1
