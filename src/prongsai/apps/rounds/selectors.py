"""Reads of assessment rounds, always for the agency the access check resolved (the assessor organisation or a unit)
and through its ``RoundAccess``: a unit reads only its own rows, and results only once they are confirmed. No read
here returns anything about a survey respondent: the survey engine stores none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from prongsai.apps.agencies.models import Agency
from prongsai.apps.rounds import pool
from prongsai.apps.rounds.access import RoundAccess
from prongsai.apps.rounds.frameworks import oit_items, round_framework_and_notes, survey_blocks
from prongsai.apps.rounds.models import (
    Dispute,
    Instrument,
    Judgement,
    OitSubmission,
    Round,
    RoundResult,
    RoundRole,
    RoundUnit,
    SiteCheck,
)
from prongsai.apps.rounds.scores import response_counts, unit_minimums
from prongsai.core.frameworks.schema import CONFIDENCE_TH
from prongsai.core.rounds import PHASE_TH, sample_size_rules


def rounds_run_by(*, agency: Agency) -> QuerySet[Round]:
    return Round.objects.filter(assessor=agency).order_by("-fiscal_year", "-pk")


def round_entries_for(*, agency: Agency) -> QuerySet[RoundUnit]:
    return RoundUnit.objects.filter(agency=agency).select_related("round", "round__assessor").order_by("-round__pk")


def round_for_agency(*, agency: Agency, pk: int) -> Round | None:
    """A round the agency runs or takes part in (else None: 404)."""
    round = Round.objects.filter(pk=pk).select_related("assessor").first()
    if round is None or (round.assessor_id != agency.pk and not round.units.filter(agency=agency).exists()):
        return None
    return round


def role_people(*, agency: Agency, racc: RoundAccess) -> list[tuple[str, str]]:
    """(username, "ชื่อ นามสกุล · หน่วยงาน") of the active members of the assessor organisation and the ITA
    coordinators and administrators of the round's units: whom a round admin may name assessor or unit coordinator,
    by Thai name rather than a typed username. A unit's other staff (who may answer its IIT survey) are never listed."""
    from django.db.models import Q

    from prongsai.apps.agencies.models import Membership, Role

    unit_ids = list(racc.round.units.values_list("agency_id", flat=True))
    rows = (
        Membership.objects.filter(
            Q(agency_id=racc.round.assessor_id)
            | Q(agency_id__in=unit_ids, role__in=[Role.COORDINATOR, Role.AGENCY_ADMIN]),
            user__is_active=True,
        )
        .select_related("user", "agency")
        .order_by("-agency_id", "user__first_name", "user__last_name", "user__username")
    )
    seen: dict[str, str] = {}
    for m in rows:
        if m.user.username in seen:
            continue
        name = m.user.get_full_name().strip() or m.user.username
        seen[m.user.username] = f"{name} · {m.agency.name_th}"
    assessor_first = sorted(seen.items(), key=lambda kv: (not kv[1].endswith(racc.round.assessor.name_th), kv[1]))
    return assessor_first


def unit_in_round(*, agency: Agency, racc: RoundAccess, pk: int) -> RoundUnit | None:
    """A unit of the round by id: any for the assessor organisation, only its own for a unit."""
    if racc.unit is not None:
        return racc.unit if racc.unit.pk == pk else None
    return racc.round.units.select_related("agency").filter(pk=pk).first()


def dispute_in_round(*, agency: Agency, racc: RoundAccess, pk: int) -> Dispute | None:
    if racc.unit is not None:
        return None
    return Dispute.objects.select_related("unit__agency").filter(pk=pk, unit__round=racc.round).first()


@dataclass
class UnitRow:
    unit: RoundUnit
    minimums: dict[str, int]
    responses: dict[str, int]
    submitted: int
    judged: int
    open_disputes: int
    result: RoundResult | None
    assessors: list[str] = field(default_factory=list)
    pending: int = 0  # IIT answers waiting in the mixing pool (not in ``responses`` yet)


def _latest_result(unit: RoundUnit) -> RoundResult | None:
    return unit.results.order_by("-version").first()


def round_overview(*, agency: Agency, racc: RoundAccess) -> dict[str, Any]:
    round = racc.round
    framework, notes = round_framework_and_notes(round)
    rules, default_rule = sample_size_rules(framework)
    items = len(oit_items(framework))
    rows = []
    roles = list(RoundRole.objects.filter(round=round).select_related("user", "unit__agency"))
    pending = pool.round_pending_counts(round)
    for unit in round.units.select_related("agency").order_by("group", "agency__name_th"):
        rows.append(
            UnitRow(
                unit=unit,
                minimums=unit_minimums(round, unit),
                responses=response_counts(unit),
                submitted=OitSubmission.objects.filter(unit=unit).values("item").distinct().count(),
                judged=Judgement.objects.filter(unit=unit).values("item").distinct().count(),
                open_disputes=unit.disputes.filter(decision__isnull=True).count(),
                result=_latest_result(unit),
                assessors=sorted(
                    {
                        r.user.get_full_name() or r.user.get_username()
                        for r in roles
                        if r.kind == RoundRole.Kind.ASSESSOR
                        and (r.unit_id == unit.pk or (r.group and r.group == unit.group))
                    }
                ),
                pending=pending.get(unit.pk, 0),
            )
        )
    return {
        "framework": framework,
        "framework_notes": list(notes),
        "rules": rules,
        "default_rule": default_rule,
        "rules_confidence": CONFIDENCE_TH[rules.confidence],
        "items": items,
        "phases": [(p, PHASE_TH[p.kind]) for p in round.phases.all()],
        "rows": rows,
        "roles": roles,
        "iit_questions": len(survey_blocks(framework, "IIT")),
        "eit_questions": len(survey_blocks(framework, "EIT")),
    }


@dataclass
class ItemRow:
    code: str
    title: str
    subindicator: str
    submission: OitSubmission | None
    suggestion: dict | None
    judgement: Judgement | None
    disputes: list[Dispute]


def _suggestions(unit: RoundUnit) -> dict[str, dict]:
    check = unit.site_checks.filter(status=SiteCheck.Status.DONE).order_by("-pk").first()
    if check is None or not check.report:
        return {}
    return {i["code"].upper(): i for i in check.report.get("items", []) if i.get("verdict") != "missing"}


def unit_items(*, agency: Agency, racc: RoundAccess, unit: RoundUnit) -> list[ItemRow]:
    """Every OIT item with the unit's latest answer, the checker's suggestion, the current judgement and disputes."""
    framework, _ = round_framework_and_notes(racc.round)
    latest: dict[str, OitSubmission] = {}
    for s in OitSubmission.objects.filter(unit=unit).order_by("pk"):
        latest[s.item] = s
    judged: dict[str, Judgement] = {}
    for j in Judgement.objects.filter(unit=unit).order_by("pk"):
        judged[j.item] = j
    disputes: dict[str, list[Dispute]] = {}
    for d in Dispute.objects.filter(unit=unit).order_by("pk"):
        disputes.setdefault(d.item, []).append(d)
    hints = _suggestions(unit)
    return [
        ItemRow(code, title, sub, latest.get(code), hints.get(code.upper()), judged.get(code), disputes.get(code, []))
        for code, title, sub in oit_items(framework)
    ]


def unit_page(*, agency: Agency, racc: RoundAccess) -> dict[str, Any]:
    unit = racc.unit
    round = racc.round
    framework, notes = round_framework_and_notes(round)
    surveys = {s.instrument: s for s in unit.surveys.select_related("pulse")}
    return {
        "unit": unit,
        "framework": framework,
        "framework_notes": list(notes),
        "phases": [(p, PHASE_TH[p.kind]) for p in round.phases.all()],
        "minimums": unit_minimums(round, unit),
        "responses": response_counts(unit),
        "eit_survey": surveys.get(Instrument.EIT),
        "iit_survey": surveys.get(Instrument.IIT),
        **_invitation_counts(surveys.get(Instrument.IIT)),
        "items": unit_items(agency=agency, racc=racc, unit=unit),
        "site_check": unit.site_checks.order_by("-pk").first(),
        "result": _latest_result(unit) if racc.can_see_results else None,
        "result_tables": _result_tables(framework, _latest_result(unit)) if racc.can_see_results else None,
    }


def _result_tables(framework, result: RoundResult | None) -> dict[str, list] | None:
    """Instruments, indicators and questions of a stored result, with the framework's names."""
    if result is None:
        return None
    data = result.data
    texts = {q.code: q.text_th for q in framework.questions.items} if framework.questions else {}
    return {
        "instruments": [(i.code, i.name_th, data.get("instruments", {}).get(i.code))
                        for i in framework.instruments.items],
        "indicators": [(i.number, i.name_th, data.get("indicators", {}).get(str(i.number)))
                       for i in framework.indicators.items],
        "questions": [(q["code"], texts.get(q["code"], ""), q["score"], q["respondents"])
                      for q in data.get("questions", [])],
    }


def invitation_codes(*, agency: Agency, racc: RoundAccess) -> list[str]:
    """The unit's IIT codes, to print: the codes only, never whether a given one has answered."""
    survey = racc.unit.surveys.get(instrument=Instrument.IIT)
    return list(survey.invitations.order_by("pk").values_list("token", flat=True))


def _invitation_counts(survey) -> dict[str, int]:
    """Counts only: codes made, codes that have answered, answers waiting in the mixing pool ("รอรวมผล")."""
    if survey is None:
        return {"invitations": 0, "invitations_used": 0, "pending": 0, "pool_size": pool.pool_size()}
    return {"invitations": survey.invitations.count(), "invitations_used": pool.codes_used_count(survey),
            "pending": pool.pending_count(survey), "pool_size": pool.pool_size()}


def unit_invitations(*, agency: Agency, racc: RoundAccess) -> dict[str, Any]:
    """The invitations page: the codes to print and the counts."""
    survey = racc.unit.surveys.get(instrument=Instrument.IIT)
    return {"codes": invitation_codes(agency=agency, racc=racc), **_invitation_counts(survey)}


@dataclass
class QueueRow:
    unit: RoundUnit
    waiting: list[str]  # items submitted and not judged yet
    second: list[str]  # items judged by someone else, not yet second-reviewed
    disputes: list[Dispute]
    items: list[str] = field(default_factory=list)  # every OIT item of the round: any can be opened again


def assessor_queue(*, agency: Agency, racc: RoundAccess, user: Any) -> list[QueueRow]:
    """The person's own work: each unit they judge, with items waiting for a first judgement or a second review,
    and disputes to decide."""
    rows = []
    framework, _ = round_framework_and_notes(racc.round)
    codes = [code for code, _title, _sub in oit_items(framework)]
    for unit in racc.round.units.select_related("agency").filter(pk__in=racc.assessor_unit_ids):
        submitted = set(OitSubmission.objects.filter(unit=unit).values_list("item", flat=True))
        judgements = list(Judgement.objects.filter(unit=unit).order_by("pk"))
        first_by = {j.item: j.assessor_id for j in judgements if j.kind == Judgement.Kind.FIRST}
        seconded = {j.item for j in judgements if j.kind == Judgement.Kind.SECOND}
        rows.append(
            QueueRow(
                unit=unit,
                waiting=sorted(submitted - set(first_by), key=_item_order),
                second=sorted((i for i, who in first_by.items() if who != user.pk and i not in seconded),
                              key=_item_order),
                disputes=list(unit.disputes.filter(decision__isnull=True).order_by("pk")),
                items=codes,
            )
        )
    return rows


def workload(*, agency: Agency, racc: RoundAccess) -> list[tuple[str, int, int, int]]:
    """Every assessor's load: (name, units, items waiting for a first judgement, open disputes)."""
    from prongsai.apps.rounds.access import round_assessor_unit_ids

    out = []
    roles = RoundRole.objects.filter(round=racc.round, kind=RoundRole.Kind.ASSESSOR).select_related("user")
    users = {r.user for r in roles}
    for user in sorted(users, key=lambda u: u.get_username()):
        unit_ids = round_assessor_unit_ids(user=user, round=racc.round)
        waiting = 0
        for unit_id in unit_ids:
            submitted = set(OitSubmission.objects.filter(unit_id=unit_id).values_list("item", flat=True))
            judged = set(Judgement.objects.filter(unit_id=unit_id, kind="first").values_list("item", flat=True))
            waiting += len(submitted - judged)
        disputes = Dispute.objects.filter(unit_id__in=unit_ids, decision__isnull=True).count()
        out.append((user.get_full_name() or user.get_username(), len(unit_ids), waiting, disputes))
    return out


def _item_order(code: str) -> int:
    digits = "".join(c for c in code if c.isdigit())
    return int(digits or 0)


def item_history(*, agency: Agency, racc: RoundAccess, unit: RoundUnit, item: str) -> dict[str, Any]:
    """Every answer, judgement and dispute of one item, oldest first (nothing is ever overwritten)."""
    framework, _ = round_framework_and_notes(racc.round)
    titles = {code: title for code, title, _ in oit_items(framework)}
    return {
        "title": titles.get(item),
        "submissions": list(OitSubmission.objects.filter(unit=unit, item=item).select_related("by").order_by("pk")),
        "judgements": list(Judgement.objects.filter(unit=unit, item=item).select_related("assessor").order_by("pk")),
        "disputes": list(Dispute.objects.filter(unit=unit, item=item).select_related("by").order_by("pk")),
    }


def round_results(*, agency: Agency, racc: RoundAccess) -> list[RoundResult]:
    """The latest result of every unit, ranked. A unit sees them only once the round is confirmed (published)."""
    if not racc.can_see_results:
        return []
    latest = []
    for unit in racc.round.units.select_related("agency"):
        result = _latest_result(unit)
        if result is not None:
            latest.append(result)
    return sorted(latest, key=lambda r: (r.rank or 10**6, r.unit.agency.name_th))


def result_versions(*, agency: Agency, racc: RoundAccess, unit: RoundUnit) -> list[RoundResult]:
    if not racc.can_see_results:
        return []
    return list(unit.results.select_related("by").order_by("version"))


def earlier_results(*, agency: Agency, racc: RoundAccess, unit: RoundUnit) -> list[RoundResult]:
    """The same unit's confirmed results in earlier rounds of the same assessor (for the trend)."""
    out = []
    for entry in RoundUnit.objects.filter(
        agency=unit.agency, round__assessor=racc.round.assessor, round__fiscal_year__lt=racc.round.fiscal_year,
        round__confirmed_at__isnull=False,
    ).order_by("round__fiscal_year"):
        result = _latest_result(entry)
        if result is not None:
            out.append(result)
    return out
