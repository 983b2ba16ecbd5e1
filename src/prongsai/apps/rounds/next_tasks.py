"""What assessment rounds add to the agency home's "next tasks" (``base.next_tasks``) and where an assessor lands
after signing in (``agencies.access.register_member_landing``), both registered in ``RoundsConfig.ready()``.

- In the assessor organisation, an assessor sees the OIT items waiting for their first judgement and the disputes
  waiting for a decision, in the units they judge (``access.round_assessor_unit_ids``).
- In a unit of a round, its people see what has been judged so far (passed, not passed), before any result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, QuerySet, Value
from django.urls import reverse

from prongsai.apps.agencies.models import Agency
from prongsai.apps.base.next_tasks import NextTask, kept_with_agency_data
from prongsai.apps.base.per_request import per_request
from prongsai.apps.rounds.access import round_assessor_unit_ids
from prongsai.apps.rounds.models import Dispute, Judgement, OitSubmission, RoundRole


def _assessor_roles(user: Any, agency: Any | None) -> QuerySet[RoundRole]:
    roles = RoundRole.objects.filter(user=user, kind=RoundRole.Kind.ASSESSOR, round__confirmed_at__isnull=True)
    if agency is not None:
        return roles.filter(round__assessor=agency)
    return roles.filter(round__assessor__memberships__user=user)


def _open_assessor_role(user: Any, agency: Any | None = None) -> RoundRole | None:
    """The person's assessor role in the newest round not yet confirmed, run by an agency they belong to."""
    if user is None or not user.is_authenticated:
        return None
    roles = _assessor_roles(user, agency)
    return roles.select_related("round__assessor").order_by("-round__fiscal_year", "-round_id").first()


def _in_rounds(user: Any, access: Any, agency: Any) -> tuple[bool, bool]:
    """(the person assesses in an open round this agency runs, a unit of this agency has judgements): one query
    for both providers, asked once per request (kept on ``access``): most agencies are in no round, and then the
    agency home spends one query on rounds, not two."""
    def ask() -> tuple[bool, bool]:
        assessor = (Exists(_assessor_roles(user, agency)) if user is not None and user.is_authenticated
                    else Value(False))
        return Agency.objects.filter(pk=agency.pk).values_list(
            assessor, Exists(Judgement.objects.filter(unit__agency=agency))).get()

    return per_request(access, f"rounds.in_rounds:{getattr(user, 'pk', None)}:{agency.pk}", ask)


@kept_with_agency_data
def assessor_work(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    if not _in_rounds(user, access, agency)[0]:
        return []
    role = _open_assessor_role(user, agency)
    if role is None:
        return []
    round = role.round
    unit_ids = round_assessor_unit_ids(user=user, round=round)
    if not unit_ids:
        return []
    submitted = set(OitSubmission.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "item"))
    judged = set(Judgement.objects.filter(unit_id__in=unit_ids, kind=Judgement.Kind.FIRST)
                 .values_list("unit_id", "item"))
    disputes = Dispute.objects.filter(unit_id__in=unit_ids, decision__isnull=True).count()
    queue = reverse("rounds:queue", args=[agency.slug, round.pk])
    items = []
    if disputes:
        items.append(NextTask(text=f"คำโต้แย้งที่รอท่านวินิจฉัยใน{round.title}", count=disputes, url=queue,
                              action="วินิจฉัย", order=15))
    waiting = len(submitted - judged)
    items.append(NextTask(
        text=f"ข้อ OIT ที่รอท่านตรวจใน{round.title}" if waiting
        else f"ยังไม่มีข้อ OIT รอตรวจใน{round.title} (ดูคิวงานของท่าน)",
        count=waiting, url=queue, action="ตรวจข้อ OIT" if waiting else "", order=20,
    ))
    return items


@kept_with_agency_data
def unit_judgements(*, user: Any, access: Any, agency: Any, today: date) -> list[NextTask]:
    """The unit's view of its newest round with judgements: the latest judgement of each item (one query)."""
    if not _in_rounds(user, access, agency)[1]:
        return []
    rows = (Judgement.objects.filter(unit__agency=agency).order_by("pk")
            .values_list("unit__round_id", "unit__round__title", "item", "passed"))
    latest: dict[int, dict[str, bool]] = {}
    titles: dict[int, str] = {}
    for round_id, title, item, passed in rows:
        latest.setdefault(round_id, {})[item] = passed
        titles[round_id] = title
    if not latest:
        return []
    round_id = max(latest)
    judged = latest[round_id]
    passed = sum(judged.values())
    return [NextTask(
        text=f"ผลการตรวจข้อมูล OIT ใน{titles[round_id]} ถึงขณะนี้: ผ่าน {passed} ข้อ ไม่ผ่าน {len(judged) - passed} ข้อ",
        count=len(judged),
        url=reverse("rounds:detail", args=[agency.slug, round_id]) + "#oit",
        order=25,
        progress=True,
    )]


def assessor_landing(user: Any) -> str | None:
    """An assessor starts on the page of their open round, not on their office's dashboard."""
    role = _open_assessor_role(user)
    if role is None:
        return None
    return reverse("rounds:detail", args=[role.round.assessor.slug, role.round_id])


# Kept: judgements, submissions and roles are audited under the assessor organisation, not under the agency whose
# home lists them, but every save or delete of them renews both agencies' staff versions (rounds.versions).
PROVIDERS = (assessor_work, unit_judgements)
