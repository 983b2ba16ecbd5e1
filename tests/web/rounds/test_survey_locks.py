"""What a survey answer and the IIT pool's flush lock: only the row they are about (found by the survey load test,
bench/load/run_load.py ``--surveys-only``).

The flush read the pool with the model's default ordering (survey → unit → round, agency): a join, and its
``FOR UPDATE`` then also locked the survey, unit, round and agency rows for the whole flush. An answer arriving
meanwhile checks its foreign key to the survey at COMMIT (``FOR KEY SHARE`` on the survey row), so under load every
IIT answer queued behind every flush. An answer through a public link (``pulse_answer_take``: the open EIT and the
pulse surveys ``/s/…``) locked its survey with ``.first()``, whose ordering joined the agency: the agency's row was
locked until the answer committed, so answers to the agency's other surveys, and every write that names the agency,
waited for it.

No timing here: the SQL is checked on every backend, and on PostgreSQL a second connection asks, while the flush or
the answer holds its locks, for exactly what a concurrent answer's commit needs, with NOWAIT (refused at once when
the row is locked, never a wait)."""

from __future__ import annotations

import re

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from prongsai.apps.rounds import services
from prongsai.apps.rounds.frameworks import round_framework, survey_points
from prongsai.apps.rounds.models import PendingIitAnswer
from prongsai.apps.surveys.bursts import pulse_answer_take
from prongsai.apps.surveys.models import PulseResponse

POSTGRES = connection.vendor == "postgresql"
LOCKED_TABLES = {"surveys_pulseround", "rounds_pendingiitanswer"}


def _answers(survey) -> dict[str, str]:
    return {p.field: p.options[-1] for p in survey_points(round_framework(survey.unit.round), survey.instrument)}


def _iit(rw, round, staff: int = 4):
    racc = rw.racc("coord_a", rw.units["a"], round)
    services.unit_register(racc=racc, actor=rw.users["coord_a"], staff_count=staff, stakeholder_count=200, website="")
    services.invitations_create(racc=racc, actor=rw.users["coord_a"])
    return round.units.get(agency=rw.units["a"]).surveys.get(instrument="IIT")


def _reads_of_locked_tables(queries) -> list[str]:
    """The SELECTs whose main table is one of those the answer path locks (PostgreSQL adds FOR UPDATE to them;
    SQLite, without row locks, drops that clause, but the query is the same)."""
    out = []
    for q in queries:
        sql = q["sql"]
        main = re.match(r'SELECT .*? FROM "(\w+)"', sql, re.S)
        if main and main.group(1) in LOCKED_TABLES:
            out.append(sql)
    return out


def test_the_pool_flush_and_a_link_answer_read_their_locked_rows_without_a_join(rw, open_round, settings):
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 50  # nothing is mixed while answering: the flush below is the one
    iit = _iit(rw, open_round)
    for code in list(iit.invitations.values_list("token", flat=True))[:3]:
        services.survey_answer(survey=iit, answers=_answers(iit), invitation=code)
    with CaptureQueriesContext(connection) as flush:
        assert services.pool_flush(survey=iit, final=True) == 3
    eit = open_round.units.get(agency=rw.units["a"]).surveys.get(instrument="EIT")
    with CaptureQueriesContext(connection) as answer:
        pulse_answer_take(round=eit.pulse, nonce="lock-test-nonce", managed_elsewhere=True,
                          store=lambda: services.survey_answer(survey=eit, answers=_answers(eit)))
    assert PulseResponse.all_objects.filter(round=eit.pulse).count() == 1
    reads = _reads_of_locked_tables(flush.captured_queries) + _reads_of_locked_tables(answer.captured_queries)
    assert any("rounds_pendingiitanswer" in sql for sql in reads)
    assert any("surveys_pulseround" in sql for sql in reads)
    assert [sql for sql in reads if "JOIN" in sql] == []
    if POSTGRES:
        locks = [q["sql"] for q in flush.captured_queries + answer.captured_queries if "FOR UPDATE" in q["sql"]]
        assert locks and all("JOIN" not in sql for sql in locks)


def _other_connection_can_key_share(rows: dict[str, int]) -> dict[str, str]:
    """From a second connection, in its own transaction: ``SELECT … FOR KEY SHARE NOWAIT`` on each (table, id), the
    lock PostgreSQL's foreign-key check takes when another transaction commits a row that points there. Returns
    table → the error for the rows that were locked against it."""
    other = connections.create_connection("default")
    refused = {}
    try:
        with other.cursor() as cursor:
            for table, pk in rows.items():
                cursor.execute("BEGIN")
                try:
                    cursor.execute(f'SELECT 1 FROM "{table}" WHERE id = %s FOR KEY SHARE NOWAIT', [pk])
                except Exception as exc:  # LockNotAvailable, wrapped by Django
                    refused[table] = type(exc).__name__
                finally:
                    cursor.execute("ROLLBACK")
    finally:
        other.close()
    return refused


@pytest.mark.skipif(not POSTGRES, reason="row locks are PostgreSQL's (CI runs this with DATABASE_URL)")
def test_on_postgresql_answers_are_not_locked_out_by_a_flush_or_another_answer(
    rw, open_round, settings, monkeypatch, transactional_db
):
    settings.PRONGSAI_ROUNDS_IIT_POOL_SIZE = 50
    iit = _iit(rw, open_round)
    unit = iit.unit
    for code in list(iit.invitations.values_list("token", flat=True))[:3]:
        services.survey_answer(survey=iit, answers=_answers(iit), invitation=code)
    # what a concurrent answer's COMMIT needs: its survey row (SpentInvitation, PendingIitAnswer, PulseResponse point
    # there), and what other writes of the agency and the round need
    needed = {"rounds_roundsurvey": iit.pk, "rounds_roundunit": unit.pk, "rounds_round": open_round.pk,
              "agencies_agency": unit.agency_id}
    seen: dict[str, dict[str, str]] = {}
    real_store_many = services.pulse_answers_store_many

    def store_many_while_probing(**kwargs):  # inside the flush's transaction, after its locking read
        seen["flush"] = _other_connection_can_key_share(needed)
        return real_store_many(**kwargs)

    monkeypatch.setattr(services, "pulse_answers_store_many", store_many_while_probing)
    assert services.pool_flush(survey=iit, final=True) == 3
    assert PendingIitAnswer.objects.filter(survey=iit).count() == 0

    eit = unit.surveys.get(instrument="EIT")

    def store_while_probing():  # inside the answer's transaction, after it locked its link
        seen["answer"] = _other_connection_can_key_share(
            {"agencies_agency": unit.agency_id, "surveys_pulseround": iit.pulse_id}
        )
        services.survey_answer(survey=eit, answers=_answers(eit))

    pulse_answer_take(round=eit.pulse, nonce="lock-test-nonce-pg", managed_elsewhere=True, store=store_while_probing)
    assert seen == {"flush": {}, "answer": {}}
