"""Writes of assessment rounds. Every write is checked against ``round_access`` (the access module),
audited, and atomic; judgements, disputes and results only ever add rows."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from prongsai.apps.agencies.access import agency_access
from prongsai.apps.agencies.models import Agency, Membership
from prongsai.apps.audit.services import audit_record
from prongsai.apps.complaints.crypto import SealError, open_json, seal_json
from prongsai.apps.rounds import pool
from prongsai.apps.rounds.access import RoundAccess
from prongsai.apps.rounds.frameworks import oit_codes, round_framework, survey_points
from prongsai.apps.rounds.models import (
    Dispute,
    Instrument,
    Invitation,
    Judgement,
    OitSubmission,
    PendingIitAnswer,
    Round,
    RoundPhase,
    RoundResult,
    RoundRole,
    RoundSurvey,
    RoundUnit,
    SiteCheck,
    SpentInvitation,
)
from prongsai.apps.surveys.models import PulseRound, SurveyKind
from prongsai.apps.surveys.services import pulse_answers_check, pulse_answers_store, pulse_answers_store_many
from prongsai.core.errors import ProngsaiError
from prongsai.core.rounds import PHASE_TH, PHASES, Phase, calendar_problems, default_calendar, phase_open
from prongsai.core.thai import thai_date

MAX_INVITATIONS = 5000
USED_CODE = "รหัสเชิญตอบนี้ใช้ตอบไปแล้ว (หนึ่งรหัสตอบได้หนึ่งครั้ง)"
logger = logging.getLogger("prongsai.rounds")


class RoundInputError(ValidationError):
    """A round rule was broken; the message is Thai."""


def _today() -> date:
    return timezone.localdate()


def _phases(round: Round) -> list[Phase]:
    return [Phase(p.kind, p.starts_on, p.ends_on) for p in round.phases.all()]


def _require_open(round: Round, kind: str) -> None:
    if not phase_open(_phases(round), kind, _today()):
        phase = round.phases.filter(kind=kind).first()
        when = ""
        if phase:
            when = f" (กำหนด {thai_date(phase.starts_on, short=True)} – {thai_date(phase.ends_on, short=True)})"
        raise RoundInputError(f"ไม่อยู่ในช่วง{PHASE_TH[kind]}ของรอบนี้{when}")


def _require_admin(racc: RoundAccess) -> None:
    if not racc.is_admin:
        raise RoundInputError("เฉพาะผู้ดูแลรอบการประเมิน (ผู้ดูแลระบบหรือผู้ประสานงาน ITA ของหน่วยงานผู้จัดการประเมิน)")


def _require_coordinator(racc: RoundAccess) -> RoundUnit:
    if racc.unit is None or not racc.can_coordinate:
        raise RoundInputError("เฉพาะผู้ประสานงานของหน่วยรับการประเมิน")
    return racc.unit


def _require_not_confirmed(round: Round) -> None:
    if round.confirmed_at is not None:
        raise RoundInputError("รอบนี้ยืนยันผลแล้ว ผลถูกตรึงไว้ การแก้ไขผลต้องทำเป็นฉบับแก้ไขพร้อมเหตุผล")


def _clean_urls(text: str) -> list[str]:
    urls = [u for u in (text or "").split() if u]
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        try:
            check(url)
        except ValidationError:
            raise RoundInputError(f"ลิงก์ไม่ถูกต้อง: {url[:80]} (ต้องขึ้นต้นด้วย https:// หรือ http://)") from None
    if len(urls) > 10:
        raise RoundInputError("ใส่ลิงก์ได้ไม่เกิน 10 ลิงก์ต่อข้อ")
    return urls


# --- the round ------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    assessor: Agency,
    actor: Any,
    title: str,
    fiscal_year: int,
    framework_year: int | None,
    framework_yaml: str,
    starts_on: date,
) -> Round:
    """A new round with the worked calendar from ``starts_on`` (each phase editable afterwards)."""
    if not agency_access(user=actor, agency=assessor).can_edit_results:
        raise RoundInputError("เฉพาะผู้ดูแลระบบหรือผู้ประสานงาน ITA ของหน่วยงานจึงสร้างรอบการประเมินได้")
    if not title.strip():
        raise RoundInputError("กรุณาระบุชื่อรอบการประเมิน")
    if not 2500 <= fiscal_year <= 2700:
        raise RoundInputError("ปีงบประมาณเป็นปี พ.ศ. เช่น 2569")
    if not framework_yaml.strip() and framework_year is None:
        raise RoundInputError("กรุณาเลือกกรอบการประเมินของ ป.ป.ช. หรือใส่กรอบการประเมินของรอบเป็น YAML")
    round = Round(
        assessor=assessor,
        title=title.strip()[:200],
        fiscal_year=fiscal_year,
        framework_year=None if framework_yaml.strip() else framework_year,
        framework_yaml=framework_yaml.strip(),
    )
    try:
        round_framework(round)
    except ProngsaiError as exc:
        raise RoundInputError(exc.th) from None
    round.save()
    RoundPhase.objects.bulk_create(
        [
            RoundPhase(round=round, kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on)
            for p in default_calendar(starts_on)
        ]
    )
    audit_record(
        actor=actor,
        agency=assessor,
        action="assessment_round.created",
        target=round,
        before=None,
        after={"title": round.title, "fiscal_year": fiscal_year, "framework_year": round.framework_year,
               "variant": bool(round.framework_yaml)},
    )
    return round


@transaction.atomic
def round_phase_set(*, racc: RoundAccess, actor: Any, kind: str, starts_on: date, ends_on: date) -> RoundPhase:
    _require_admin(racc)
    round = racc.round
    if kind not in PHASES:
        raise RoundInputError("ไม่รู้จักช่วงเวลานี้")
    phases = [p for p in _phases(round) if p.kind != kind] + [Phase(kind, starts_on, ends_on)]
    problems = calendar_problems(phases)
    if problems:
        raise RoundInputError(problems[0])
    before = round.phases.filter(kind=kind).first()
    old = {"starts_on": str(before.starts_on), "ends_on": str(before.ends_on)} if before else None
    phase, _ = RoundPhase.objects.update_or_create(
        round=round, kind=kind, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    audit_record(actor=actor, agency=round.assessor, action="assessment_round.phase_set", target=round, before=old,
                 after={"kind": kind, "starts_on": str(starts_on), "ends_on": str(ends_on)})
    return phase


@transaction.atomic
def round_unit_add(*, racc: RoundAccess, actor: Any, agency: Agency, group: str = "") -> RoundUnit:
    """Add a unit with its IIT and EIT surveys (answers stored by the survey engine, see RoundSurvey)."""
    _require_admin(racc)
    round = racc.round
    _require_not_confirmed(round)
    if agency.pk == round.assessor_id:
        raise RoundInputError("หน่วยงานผู้จัดการประเมินเป็นหน่วยรับการประเมินในรอบของตนเองไม่ได้")
    if round.units.filter(agency=agency).exists():
        raise RoundInputError(f"{agency.name_th} อยู่ในรอบนี้แล้ว")
    unit = RoundUnit.objects.create(round=round, agency=agency, group=group.strip()[:100], website=agency.website)
    registration = round.phases.filter(kind="oit_submission").first() or round.phases.order_by("-ends_on").first()
    for instrument in (Instrument.IIT, Instrument.EIT):
        # The pulse round's own round-wide link stays closed: answers come only through the round's pages.
        pulse = PulseRound.objects.create(
            agency=agency,
            kind=SurveyKind.IIT if instrument == Instrument.IIT else SurveyKind.EIT,  # the label says who answers
            title=f"{round.title}: แบบ {instrument} (ตอบผ่านลิงก์ของรอบการประเมินเท่านั้น)"[:200],
            fiscal_year=round.fiscal_year,
            closes_on=registration.ends_on,
            is_closed=True,
        )
        RoundSurvey.objects.create(unit=unit, instrument=instrument, pulse=pulse)
    audit_record(actor=actor, agency=round.assessor, action="assessment_round.unit_added", target=unit, before=None,
                 after={"round": round.pk, "agency": agency.name_th, "group": unit.group})
    return unit


@transaction.atomic
def round_role_assign(
    *, racc: RoundAccess, actor: Any, user: Any, kind: str, group: str = "", unit: RoundUnit | None = None
) -> RoundRole:
    """Name an assessor (for a group of units, or one unit) or a unit coordinator. An assessor must belong to the
    assessor organisation and may not assess a unit they are a member of."""
    _require_admin(racc)
    round = racc.round
    if kind not in RoundRole.Kind.values:
        raise RoundInputError("บทบาทไม่ถูกต้อง")
    if unit is not None and unit.round_id != round.pk:
        raise RoundInputError("หน่วยรับการประเมินนี้ไม่ได้อยู่ในรอบนี้")
    member_of = set(Membership.objects.filter(user=user).values_list("agency_id", flat=True))
    if kind == RoundRole.Kind.ASSESSOR:
        if round.assessor_id not in member_of:
            raise RoundInputError("ผู้ประเมินต้องเป็นบุคลากรของหน่วยงานผู้จัดการประเมิน")
        group = group.strip()[:100]
        if not group and unit is None:
            raise RoundInputError("กรุณาระบุกลุ่มหรือหน่วยรับการประเมินที่ผู้ประเมินรับผิดชอบ")
        scope = [unit] if unit is not None else list(round.units.filter(group=group))
        own = [u.agency.name_th for u in scope if u.agency_id in member_of]
        if own:
            raise RoundInputError(f"ผู้ประเมินประเมินหน่วยงานของตนเองไม่ได้ ({', '.join(own)})")
    else:
        if unit is None:
            raise RoundInputError("กรุณาเลือกหน่วยรับการประเมินของผู้ประสานงาน")
        if not agency_access(user=user, agency=unit.agency).can_edit_results:
            raise RoundInputError("ผู้ประสานงานต้องเป็นผู้ดูแลระบบหรือผู้ประสานงาน ITA ของหน่วยรับการประเมินนั้น")
        group = ""
    role = RoundRole.objects.create(round=round, user=user, kind=kind, group=group, unit=unit)
    audit_record(actor=actor, agency=round.assessor, action="assessment_round.role_assigned", target=role,
                 before=None, after={"user": user.get_username(), "kind": kind, "group": group,
                                     "unit": unit.agency.name_th if unit else ""})
    return role


# --- registration and surveys ---------------------------------------------------------------------------------


@transaction.atomic
def unit_register(
    *, racc: RoundAccess, actor: Any, staff_count: int, stakeholder_count: int, website: str = ""
) -> RoundUnit:
    unit = _require_coordinator(racc)
    _require_not_confirmed(racc.round)
    _require_open(racc.round, "registration")
    if staff_count < 1:
        raise RoundInputError("จำนวนบุคลากรต้องมีอย่างน้อย 1 คน")
    if stakeholder_count < 0:
        raise RoundInputError("จำนวนผู้รับบริการต้องไม่ติดลบ")
    if website:
        _clean_urls(website)
    before = {"staff_count": unit.staff_count, "stakeholder_count": unit.stakeholder_count, "website": unit.website}
    unit.staff_count, unit.stakeholder_count = staff_count, stakeholder_count
    unit.website = website.strip()
    unit.registered_at = unit.registered_at or timezone.now()
    unit.save(update_fields=["staff_count", "stakeholder_count", "website", "registered_at"])
    audit_record(actor=actor, agency=unit.agency, action="assessment_round.unit_registered", target=unit,
                 before=before, after={"staff_count": staff_count, "stakeholder_count": stakeholder_count,
                                       "website": unit.website})
    return unit


@transaction.atomic
def invitations_create(*, racc: RoundAccess, actor: Any) -> int:
    """Invitation codes for the closed IIT, up to the staff count (one code per person). Returns how many were made."""
    unit = _require_coordinator(racc)
    if not unit.staff_count:
        raise RoundInputError("กรุณาลงทะเบียนจำนวนบุคลากรก่อนสร้างรหัสเชิญตอบแบบ IIT")
    survey = unit.surveys.get(instrument=Instrument.IIT)
    have = survey.invitations.count()
    wanted = min(unit.staff_count, MAX_INVITATIONS) - have
    if wanted <= 0:
        return 0
    Invitation.objects.bulk_create([Invitation(survey=survey) for _ in range(wanted)])
    audit_record(actor=actor, agency=unit.agency, action="assessment_round.invitations_created", target=unit,
                 before={"invitations": have}, after={"invitations": have + wanted})
    return wanted


def surveys_open(round: Round) -> bool:
    """Surveys take answers from the start of registration to the end of OIT submission, until confirmation."""
    today = _today()
    phases = {p.kind: p for p in _phases(round)}
    start, end = phases.get("registration"), phases.get("oit_submission") or phases.get("registration")
    return bool(round.confirmed_at is None and start and end and start.starts_on <= today <= end.ends_on)


def survey_answer(*, survey: RoundSurvey, answers: Mapping[str, str], invitation: str = "") -> None:
    """Store one anonymous answer. Takes no person and returns nothing.

    EIT (open): stored by the survey engine at once (the view adds the rate limit and the robot checks).

    IIT (closed, ``invitation`` = the code): the code must be one of the survey's and not spent. The invitation row
    is neither written nor locked. In a transaction of its own (durable: never inside a caller's transaction) the
    code's keyed digest is recorded as spent (unique: a second answer with it fails) and the answers go, sealed,
    into the survey's mixing pool. When the pool then holds ``pool.pool_size()`` answers it is flushed, in a second
    transaction (``pool_flush``); a flush that fails here leaves the answer safely in the pool for the next one."""
    round = survey.unit.round
    if not surveys_open(round):
        raise RoundInputError("แบบสำรวจของรอบนี้ปิดรับคำตอบแล้ว")
    points = survey_points(round_framework(round), survey.instrument)
    if survey.instrument != Instrument.IIT:
        pulse_answers_store(round=survey.pulse, points=points, answers=answers)
        return
    if not invitation or not survey.invitations.filter(token=invitation).exists():
        raise RoundInputError("รหัสเชิญตอบไม่ถูกต้อง")
    if pool.code_spent(invitation):
        raise RoundInputError(USED_CODE)
    sealed = seal_json(pulse_answers_check(points=points, answers=answers))
    try:
        with transaction.atomic(durable=True):
            SpentInvitation.objects.create(survey=survey, digest=pool.code_digests(invitation)[0])
            PendingIitAnswer.objects.create(survey=survey, sealed=sealed)
    except IntegrityError:  # the same code, answered at the same moment in another request
        raise RoundInputError(USED_CODE) from None
    if pool.pending_count(survey) >= pool.pool_size():
        try:
            pool_flush(survey=survey)
        except (ValidationError, DatabaseError) as exc:
            logger.warning("IIT pool of survey %s not mixed now (%s); kept for the next flush", survey.pk,
                           type(exc).__name__)


@transaction.atomic
def pool_flush(*, survey: RoundSurvey, final: bool = False) -> int:
    """Mix an IIT survey's pool in, in one transaction: when it holds at least ``pool.pool_size()`` answers, or
    whatever it holds when ``final`` (the survey is closed). The answers become the survey engine's anonymous rows
    in a random order (``secrets.SystemRandom``), dated today; the pool rows are deleted. ``final`` also marks every
    spent code's invitation used, with one UPDATE. Returns how many answers were mixed in."""
    # Only the pool's own rows are locked, in key order. The model's default ordering (survey → unit → round, agency)
    # made this a join whose FOR UPDATE also locked the survey, unit, round and agency rows: every answer arriving
    # meanwhile then waited at its COMMIT (its foreign-key check on the survey) for the whole flush (bench/load).
    pending = PendingIitAnswer.objects.select_for_update(of=("self",)).filter(survey=survey).order_by("pk")
    rows = list(pending.values_list("pk", "sealed"))
    mixed = 0
    if rows and (final or len(rows) >= pool.pool_size()):
        try:
            answer_sets = [open_json(sealed) for _pk, sealed in rows]
        except SealError:
            raise RoundInputError("เปิดคำตอบแบบ IIT ที่รอรวมผลไม่ได้ เพราะกุญแจเข้ารหัส (PRONGSAI_FIELD_KEYS) "
                                  "ไม่ตรงกับกุญแจที่ใช้เก็บ กรุณาให้ผู้ดูแลเซิร์ฟเวอร์ใส่กุญแจเดิมไว้ในรายการกุญแจด้วย") from None
        secrets.SystemRandom().shuffle(answer_sets)
        points = survey_points(round_framework(survey.unit.round), Instrument.IIT)
        mixed = pulse_answers_store_many(round=survey.pulse, points=points, answer_sets=answer_sets)
        PendingIitAnswer.objects.filter(pk__in=[pk for pk, _sealed in rows]).delete()
    if final:
        spent = pool.spent_invitation_ids(survey)
        if spent:
            Invitation.objects.filter(pk__in=spent).update(used=True)
    return mixed


@transaction.atomic
def pools_flush(*, round: Round, final: bool | None = None) -> int:
    """Flush every IIT pool of the round: the full ones while the surveys take answers, all of them (``final``) once
    they are closed (``final=None``: decided by the calendar). Returns how many answers were mixed in."""
    if final is None:
        final = not surveys_open(round)
    surveys = RoundSurvey.objects.filter(unit__round=round, instrument=Instrument.IIT).select_related("unit__round",
                                                                                                      "pulse")
    return sum(pool_flush(survey=survey, final=final) for survey in surveys)


# --- OIT --------------------------------------------------------------------------------------------------------


@transaction.atomic
def oit_submit(
    *, racc: RoundAccess, actor: Any, item: str, has_evidence: bool, urls: str, explanation: str
) -> OitSubmission:
    unit = _require_coordinator(racc)
    _require_not_confirmed(racc.round)
    round = racc.round
    _require_open(round, "oit_submission")
    codes = oit_codes(round_framework(round))
    if item not in codes:
        raise RoundInputError("ไม่มีข้อ OIT นี้ในกรอบการประเมินของรอบ")
    url_list = _clean_urls(urls)
    if has_evidence and not url_list:
        raise RoundInputError(f"ข้อ {item}: ตอบว่ามี ต้องใส่ลิงก์อย่างน้อยหนึ่งลิงก์")
    row = OitSubmission.objects.create(unit=unit, item=item, has_evidence=has_evidence, urls="\n".join(url_list),
                                       explanation=explanation.strip()[:2000], by=actor)
    audit_record(actor=actor, agency=unit.agency, action="assessment_round.oit_submitted", target=row, before=None,
                 after={"item": item, "has_evidence": has_evidence, "urls": url_list})
    return row


@transaction.atomic
def site_check_request(*, racc: RoundAccess, actor: Any) -> SiteCheck:
    """Queue the website checker on the unit's main website (a background task); its findings pre-fill answers."""
    unit = _require_coordinator(racc)
    _require_not_confirmed(racc.round)
    _require_open(racc.round, "oit_submission")
    if not unit.website:
        raise RoundInputError("กรุณาลงทะเบียนเว็บไซต์หลักของหน่วยงานก่อน")
    check = SiteCheck.objects.create(unit=unit)
    audit_record(actor=actor, agency=unit.agency, action="assessment_round.site_check_requested", target=check,
                 before=None, after={"website": unit.website})
    from prongsai.apps.rounds.jobs import run_site_check

    transaction.on_commit(lambda: run_site_check.enqueue(check.pk))
    return check


def _can_judge(racc: RoundAccess, unit: RoundUnit) -> None:
    if unit.round_id != racc.round.pk or unit.pk not in racc.assessor_unit_ids:
        raise RoundInputError("ท่านไม่ได้เป็นผู้ประเมินของหน่วยนี้ (ผู้ประเมินประเมินหน่วยงานของตนเองไม่ได้)")


def current_judgement(unit: RoundUnit, item: str) -> Judgement | None:
    return unit.judgements.filter(item=item).order_by("-pk").first()


@transaction.atomic
def judgement_record(
    *, racc: RoundAccess, actor: Any, unit: RoundUnit, item: str, passed: bool, comment: str, checked_on: date,
    second: bool = False,
) -> Judgement:
    _can_judge(racc, unit)
    round = racc.round
    _require_open(round, "scoring")
    if item not in oit_codes(round_framework(round)):
        raise RoundInputError("ไม่มีข้อ OIT นี้ในกรอบการประเมินของรอบ")
    if checked_on > _today():
        raise RoundInputError("วันที่ตรวจต้องไม่เป็นวันในอนาคต")
    first = unit.judgements.filter(item=item, kind=Judgement.Kind.FIRST).order_by("-pk").first()
    if second:
        if first is None:
            raise RoundInputError("ยังไม่มีผลการตรวจครั้งแรกให้ทบทวน")
        if first.assessor_id == actor.pk:
            raise RoundInputError("ผู้ทบทวนต้องเป็นผู้ประเมินคนละคนกับผู้ตรวจครั้งแรก")
    if not passed and not comment.strip():
        raise RoundInputError("ผลไม่ผ่าน กรุณาระบุความเห็นให้หน่วยรับการประเมินทราบเหตุผล")
    row = Judgement.objects.create(
        unit=unit, item=item, kind=Judgement.Kind.SECOND if second else Judgement.Kind.FIRST, passed=passed,
        comment=comment.strip()[:2000], checked_on=checked_on, assessor=actor,
    )
    audit_record(actor=actor, agency=round.assessor, action="assessment_round.item_judged", target=row, before=None,
                 after={"unit": unit.agency.name_th, "item": item, "passed": passed, "kind": row.kind})
    return row


@transaction.atomic
def dispute_file(*, racc: RoundAccess, actor: Any, item: str, text: str, url: str) -> Dispute:
    unit = _require_coordinator(racc)
    _require_open(racc.round, "clarification")
    latest = current_judgement(unit, item)
    if latest is None or latest.passed:
        raise RoundInputError("โต้แย้งได้เฉพาะข้อที่ผลการตรวจเป็น ไม่ผ่าน")
    if unit.disputes.filter(item=item, decision__isnull=True).exists():
        raise RoundInputError("ข้อนี้มีคำโต้แย้งที่รอผู้ประเมินวินิจฉัยอยู่แล้ว")
    if not text.strip():
        raise RoundInputError("กรุณาพิมพ์คำชี้แจง")
    urls = _clean_urls(url)
    row = Dispute.objects.create(unit=unit, item=item, text=text.strip()[:4000], url=urls[0] if urls else "",
                                 by=actor)
    audit_record(actor=actor, agency=unit.agency, action="assessment_round.dispute_filed", target=row, before=None,
                 after={"item": item, "url": row.url})
    return row


@transaction.atomic
def dispute_decide(*, racc: RoundAccess, actor: Any, dispute: Dispute, upheld: bool, comment: str) -> Judgement:
    """Decide a dispute: upheld (the item now passes) or rejected (it stays failed). A new judgement row."""
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    _can_judge(racc, dispute.unit)
    _require_open(racc.round, "clarification")
    if Judgement.objects.filter(dispute=dispute).exists():
        raise RoundInputError("คำโต้แย้งนี้วินิจฉัยแล้ว")
    if not upheld and not comment.strip():
        raise RoundInputError("ไม่รับคำโต้แย้ง กรุณาระบุเหตุผล")
    row = Judgement.objects.create(
        unit=dispute.unit, item=dispute.item, kind=Judgement.Kind.DISPUTE, passed=upheld, upheld=upheld,
        comment=comment.strip()[:2000], checked_on=_today(), dispute=dispute, assessor=actor,
    )
    audit_record(actor=actor, agency=racc.round.assessor, action="assessment_round.dispute_decided", target=row,
                 before={"passed": False}, after={"item": dispute.item, "upheld": upheld})
    return row


# --- scoring, confirmation, corrections ------------------------------------------------------------------------


def _snapshot(result: RoundResult | None) -> dict | None:
    if result is None:
        return None
    return {"overall": str(result.overall), "level": result.level, "rank": result.rank, **result.data}


@transaction.atomic
def round_score(*, racc: RoundAccess, actor: Any, reason: str = "") -> int:
    """Score every unit and store a new result version where anything changed. After the confirmation this is a
    correction: it needs a reason, and each changed unit gets a new, logged version. Returns versions written."""
    from prongsai.apps.rounds.scores import compute_round

    _require_admin(racc)
    round = Round.objects.select_for_update().get(pk=racc.round.pk)
    if round.confirmed_at is not None and not reason.strip():
        raise RoundInputError("รอบนี้ยืนยันผลแล้ว การแก้ไขผลต้องระบุเหตุผล")
    # IIT answers waiting in a pool: all of them once the surveys are closed, else only full pools (docs/rounds.md)
    pools_flush(round=round)
    written = 0
    for unit, score in compute_round(round):
        if score.result is None:
            continue
        data = {
            "instruments": score.result.instruments,
            "indicators": score.result.indicators,
            "questions": [q.model_dump(mode="json") for q in (score.survey.questions if score.survey else [])],
            "respondents": dict(score.survey.respondents) if score.survey else {},
            "oit": [s.model_dump(mode="json") for s in score.oit.subindicators] if score.oit else [],
            "warnings": score.warnings,
        }
        latest = unit.results.order_by("-version").first()
        new = {"overall": f"{score.result.overall:.2f}", "level": score.result.level, "rank": score.rank, **data}
        if latest is not None and _snapshot(latest) == new:
            continue
        version = (unit.results.aggregate(v=Max("version"))["v"] or 0) + 1
        row = RoundResult.objects.create(
            unit=unit, version=version, overall=f"{score.result.overall:.2f}", level=score.result.level,
            passed=score.result.passed, rank=score.rank, data=data, reason=reason.strip()[:500], by=actor,
        )
        audit_record(
            actor=actor, agency=round.assessor,
            action="assessment_round.result_corrected" if round.confirmed_at else "assessment_round.result_scored",
            target=row, before=_snapshot(latest), after=new, note=reason.strip()[:500],
        )
        written += 1
    return written


def round_confirm(*, racc: RoundAccess, actor: Any) -> Round:
    """Confirm and publish: the results are frozen; units see their own results and the ranked table.

    The surveys close with the confirmation, so IIT answers still waiting in a pool are mixed in first, in a
    transaction of their own; if there were any, the stored results miss them and the confirmation is refused
    until the round is scored again."""
    _require_admin(racc)
    _require_not_confirmed(racc.round)
    mixed = pools_flush(round=racc.round, final=True)
    if mixed:
        raise RoundInputError(f"รวมคำตอบแบบ IIT ที่รอรวมผล {mixed} คำตอบเข้าในผลแล้ว ผลที่คำนวณไว้ยังไม่นับคำตอบเหล่านี้ "
                              "กรุณากดคำนวณผลอีกครั้งก่อนยืนยันผล")
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=racc.round.pk)
        _require_not_confirmed(round)
        units = list(round.units.all())
        if not units:
            raise RoundInputError("รอบนี้ยังไม่มีหน่วยรับการประเมิน")
        unscored = [u.agency.name_th for u in units if not u.results.exists()]
        if unscored:
            raise RoundInputError(f"ยังไม่มีผลคะแนนของ {', '.join(unscored)} กรุณาคำนวณผลก่อนยืนยัน")
        round.confirmed_at, round.confirmed_by = timezone.now(), actor
        round.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_record(actor=actor, agency=round.assessor, action="assessment_round.confirmed", target=round,
                     before={"confirmed": False}, after={"confirmed": True})
    return round
