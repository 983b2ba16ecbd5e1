"""Writes for national results: bulk import of many agencies' results, regional viewers.

``national_results_apply`` is the hot path (CLI, web confirm, ``load_national_demo``): a validated frame
(``validate.validate``) is written in ONE transaction with set-based reads and ``bulk_create``/``bulk_update`` in
batches, never one ORM call per row:

1. agencies are matched by ``NationalAgencyCode.code`` (the file's ``agency_id``); missing ones are created
   (name, type, province, district from the row) with their code;
2. the stored results of those agencies and years are read in one query per batch and compared with the file in
   Polars: a result whose ten indicator scores, overall and level are the same is left alone (re-importing the
   same file writes nothing); a new one is created, a different one updated;
3. each created or changed result gets its ten ``IndicatorScore`` rows and an ``AssessmentResultVersion``
   (source "import", the file's name, the person), the snapshot shaped as ``assessments.services.result_snapshot``;
4. one audit entry (no agency: a system-level change) records the file, its SHA-256 and the counts; each result's
   own history is its versions. (A per-result audit entry would double the rows written for no new information.)
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from prongsai.apps.agencies.models import Agency, AgencyKind
from prongsai.apps.assessments import imports
from prongsai.apps.assessments.imports import display_name
from prongsai.apps.assessments.models import (
    AssessmentResult,
    AssessmentResultVersion,
    IndicatorScore,
    QuestionScore,
    ResultSource,
)
from prongsai.apps.assessments.selectors import pending_expired
from prongsai.apps.audit.services import actor_label, audit_record
from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.forms import max_upload_bytes
from prongsai.apps.base.result_events import results_changed
from prongsai.apps.national.models import (
    NationalAgencyCode,
    NationalImport,
    RegionalViewer,
    RegionScope,
    province_label,
)
from prongsai.apps.national.validate import FileRefused, Validated, validate
from prongsai.core.national import INDICATOR_COLS, INSTRUMENT_COLS

BATCH = 1000
TOKEN_SALT = "prongsai.national.import-confirm"
PENDING_KEEP = timedelta(days=7)

# The file's agency types → Agency.kind (anything else is "other"; the file's spelling is kept on the code row).
KIND_OF_TYPE = {
    "อบต.": AgencyKind.SAO,
    "องค์การบริหารส่วนตำบล": AgencyKind.SAO,
    "เทศบาลตำบล": AgencyKind.TAMBON_MUNICIPALITY,
    "เทศบาลเมือง": AgencyKind.TOWN_MUNICIPALITY,
    "เทศบาลนคร": AgencyKind.CITY_MUNICIPALITY,
    "อบจ.": AgencyKind.PAO,
    "องค์การบริหารส่วนจังหวัด": AgencyKind.PAO,
    **{k.value: k for k in AgencyKind},
}


class NationalImportRefused(ValidationError):
    """A file or confirmation refused; ``th`` is the Thai message, ``lines`` the bad rows. Nothing written."""

    def __init__(self, th: str, en: str = "", lines: list[str] | None = None, count: int = 0) -> None:
        super().__init__(th, code="national_import")
        self.th, self.en = th, en or th
        self.lines = lines or []
        self.count = count or len(self.lines)


@dataclass
class ApplyOutcome:
    rows: int = 0
    agencies_created: int = 0
    results_created: int = 0
    results_updated: int = 0
    results_unchanged: int = 0
    fiscal_years: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fiscal_years": list(self.fiscal_years)}


def _batches(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _cents(expr: pl.Expr) -> pl.Expr:
    return (expr.cast(pl.Float64) * 100).round().cast(pl.Int64)


def _d(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def validated_or_refused(
    data: bytes, filename: str, *, fiscal_year: int | None = None, provinces: frozenset[str] | None = None
) -> Validated:
    """Validate a whole file; raise ``NationalImportRefused`` (every bad row, Thai) unless all of it is good."""
    shown = display_name(filename)
    try:
        checked = validate(data, shown, fiscal_year=fiscal_year, provinces=provinces)
    except FileRefused as exc:
        raise NationalImportRefused(exc.th, exc.en) from exc
    if not checked.ok:
        raise NationalImportRefused(
            f"ไฟล์ “{shown}” มีข้อผิดพลาด {checked.error_count:,} รายการ ระบบยังไม่บันทึกข้อมูลใด แก้ไขแล้วนำเข้าใหม่",
            f"“{shown}” has {checked.error_count:,} error(s); nothing was saved",
            lines=checked.error_lines(),
            count=checked.error_count,
        )
    return checked


def _code_map(codes: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for batch in _batches(codes, 2000):
        out.update(NationalAgencyCode.objects.filter(code__in=batch).values_list("code", "agency_id"))
    return out


def _stored(agency_ids: list[int], years: list[int]) -> pl.DataFrame:
    """The stored results of these agencies and years, with indicator scores in cents (a query per batch)."""
    from prongsai.apps.national.analytics import stored_results_rows

    rows: list[tuple] = []
    for batch in _batches(agency_ids, 2000):
        rows += stored_results_rows(agency_ids=batch, fiscal_years=years)
    schema = {
        "result_id": pl.Int64, "agency_pk": pl.Int64, "fiscal_year": pl.Int32,
        "s_overall": pl.Float64, "s_level": pl.String, **{f"s_{c}": pl.Float64 for c in INDICATOR_COLS},
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row", strict=False)


def plan_frame(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """The frame with ``agency_pk`` (null: to be created), ``result_id`` and ``action`` (create/update/same).
    Reads only."""
    codes = frame.get_column("agency_id").unique().to_list()
    known = _code_map(codes)
    mapping = pl.DataFrame(
        {"agency_id": list(known), "agency_pk": list(known.values())},
        schema={"agency_id": pl.String, "agency_pk": pl.Int64},
    )
    frame = frame.join(mapping, on="agency_id", how="left")
    years = frame.get_column("fiscal_year").unique().to_list()
    stored = _stored(list(known.values()), years)
    frame = frame.join(stored, on=["agency_pk", "fiscal_year"], how="left")
    same = (_cents(pl.col("s_overall")) == _cents(pl.col("overall"))) & (pl.col("s_level") == pl.col("level"))
    for c in INDICATOR_COLS:
        same = same & (_cents(pl.col(f"s_{c}")) == _cents(pl.col(c)))
    frame = frame.with_columns(
        action=pl.when(pl.col("result_id").is_null()).then(pl.lit("create")).when(same).then(pl.lit("same"))
        .otherwise(pl.lit("update"))
    ).drop([c for c in stored.columns if c.startswith("s_")])
    counts = {
        "rows": frame.height,
        "agencies_new": frame.filter(pl.col("agency_pk").is_null()).get_column("agency_id").n_unique(),
        **{f"results_{a}": frame.filter(pl.col("action") == a).height for a in ("create", "update", "same")},
    }
    return frame, counts


def _new_agencies(frame: pl.DataFrame, *, is_demo: bool = False) -> dict[str, int]:
    """Create the agencies the file names but the database lacks (one row each: its latest year's details)."""
    todo = (
        frame.filter(pl.col("agency_pk").is_null())
        .sort("fiscal_year", descending=True)
        .unique(subset=["agency_id"], keep="first", maintain_order=True)
        .select("agency_id", "agency_name", "agency_type", "province", "district")
    )
    if not todo.height:
        return {}
    rows = todo.to_dicts()
    wanted = {r["agency_id"]: f"nat-{slugify(r['agency_id'])}"[:80] for r in rows}
    taken: set[str] = set()
    for batch in _batches(list(wanted.values()), 2000):
        taken.update(Agency.objects.filter(slug__in=batch).values_list("slug", flat=True))
    agencies, codes = [], []
    for r in rows:
        slug = wanted[r["agency_id"]]
        if slug == "nat-" or slug in taken:
            slug = "nat-" + hashlib.sha1(r["agency_id"].encode("utf-8")).hexdigest()[:16]
        taken.add(slug)
        agency_type = r["agency_type"] or ""
        agencies.append(
            Agency(
                name_th=(r["agency_name"] or f"หน่วยงานรหัส {r['agency_id']}")[:255],
                slug=slug,
                kind=KIND_OF_TYPE.get(agency_type, AgencyKind.OTHER),
                province=r["province"][:120],
                district=(r["district"] or "")[:120],
                is_demo=is_demo,
            )
        )
        codes.append((r["agency_id"], agency_type[:80]))
    created = Agency.objects.bulk_create(agencies, batch_size=BATCH)
    NationalAgencyCode.objects.bulk_create(
        [NationalAgencyCode(agency_id=a.pk, code=c, agency_type=t) for a, (c, t) in zip(created, codes, strict=True)],
        batch_size=BATCH,
    )
    return {c: a.pk for a, (c, _) in zip(created, codes, strict=True)}


def _snapshot(row: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "fiscal_year": int(row["fiscal_year"]),
        "overall": f"{row['overall']:.2f}",
        "level": row["level"],
        "passed": bool(row["passed"]),
        "instruments": {c.upper(): f"{row[c]:.2f}" for c in INSTRUMENT_COLS},
        "indicators": {c.removeprefix("ind_"): f"{row[c]:.2f}" for c in INDICATOR_COLS},
        "questions": questions,
        "framework_origin": row["framework_origin"],
    }


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "overall": _d(row["overall"]),
        "level": row["level"],
        "passed": bool(row["passed"]),
        "instrument_scores": {c.upper(): round(float(row[c]), 2) for c in INSTRUMENT_COLS},
        "framework_origin": row["framework_origin"],
    }


@transaction.atomic
def national_results_apply(
    *, validated: Validated, actor: Any = None, source_name: str = "", is_demo: bool = False
) -> ApplyOutcome:
    """Write a validated national results frame (see the module docs). Idempotent: the same file twice writes
    nothing the second time. ``is_demo`` (synthetic demo data) marks the file's agencies as demo agencies."""
    frame, counts = plan_frame(validated.frame)
    created_codes = _new_agencies(frame, is_demo=is_demo)
    if is_demo:
        codes = frame.get_column("agency_id").unique().to_list()
        for batch in _batches(codes, 2000):
            Agency.objects.filter(national_code__code__in=batch, is_demo=False).update(is_demo=True)
    if created_codes:
        ids = pl.DataFrame(
            {"agency_id": list(created_codes), "new_pk": list(created_codes.values())},
            schema={"agency_id": pl.String, "new_pk": pl.Int64},
        )
        frame = frame.join(ids, on="agency_id", how="left").with_columns(
            agency_pk=pl.coalesce("agency_pk", "new_pk")
        ).drop("new_pk")
    person = real_actor(actor)
    label = actor_label(person)[:300]
    now = timezone.now()
    source_name = source_name[:300]

    # New results: results, then their indicator scores and first versions (pks come back from bulk_create).
    new_rows = frame.filter(pl.col("action") == "create").to_dicts()
    for batch in _batches(new_rows):
        results = AssessmentResult.objects.bulk_create(
            [AssessmentResult(agency_id=r["agency_pk"], fiscal_year=r["fiscal_year"], **_values(r)) for r in batch]
        )
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(result_id=res.pk, number=n, score=_d(r[f"ind_{n}"]))
                for res, r in zip(results, batch, strict=True)
                for n in range(1, 11)
            ],
            batch_size=5000,
        )
        AssessmentResultVersion.objects.bulk_create(
            [
                AssessmentResultVersion(
                    result_id=res.pk, number=1, snapshot=_snapshot(r, []), source=ResultSource.IMPORT,
                    source_name=source_name, actor=person, actor_label=label,
                )
                for res, r in zip(results, batch, strict=True)
            ]
        )

    # Changed results: update in place, replace the indicator scores, add a version after the last one.
    changed = frame.filter(pl.col("action") == "update").to_dicts()
    for batch in _batches(changed):
        ids = [r["result_id"] for r in batch]
        last = dict(
            AssessmentResultVersion.objects.filter(result_id__in=ids)
            .values("result_id")
            .annotate(last=Max("number"))
            .values_list("result_id", "last")
        )
        questions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for rid, code, text, indicator, instrument, score in (
            QuestionScore.objects.filter(result_id__in=ids)
            .order_by("result_id", "position")
            .values_list("result_id", "code", "text", "indicator", "instrument", "score")
        ):
            questions[rid].append(
                {"code": code, "text": text, "indicator": indicator, "instrument": instrument, "score": f"{score:.2f}"}
            )
        objs = [AssessmentResult(pk=r["result_id"], updated_at=now, **_values(r)) for r in batch]
        AssessmentResult.objects.bulk_update(
            objs, ["overall", "level", "passed", "instrument_scores", "framework_origin", "updated_at"]
        )
        IndicatorScore.objects.filter(result_id__in=ids).delete()
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(result_id=r["result_id"], number=n, score=_d(r[f"ind_{n}"]))
                for r in batch
                for n in range(1, 11)
            ],
            batch_size=5000,
        )
        AssessmentResultVersion.objects.bulk_create(
            [
                AssessmentResultVersion(
                    result_id=r["result_id"], number=last.get(r["result_id"], 0) + 1,
                    snapshot=_snapshot(r, questions.get(r["result_id"], [])), source=ResultSource.IMPORT,
                    source_name=source_name, actor=person, actor_label=label,
                )
                for r in batch
            ]
        )

    outcome = ApplyOutcome(
        rows=frame.height,
        agencies_created=len(created_codes),
        results_created=len(new_rows),
        results_updated=len(changed),
        results_unchanged=counts["results_same"],
        fiscal_years=tuple(sorted(frame.get_column("fiscal_year").unique().to_list())),
    )
    if outcome.results_created or outcome.results_updated:  # the dashboards' figures (national.aggregates)
        changed_years = frame.filter(pl.col("action").is_in(["create", "update"])).get_column("fiscal_year")
        results_changed(fiscal_years=changed_years.unique().to_list(), reason="imported")
    if outcome.results_created or outcome.results_updated or outcome.agencies_created:
        audit_record(
            actor=person,
            agency=None,
            action="national.imported",
            target=None,
            before=None,
            after={"file": source_name, **outcome.as_dict()},
            note=f"นำเข้าผลระดับประเทศจากไฟล์ “{source_name}”" if source_name else "นำเข้าผลระดับประเทศ",
        )
    return outcome


# --- the web's upload → review → confirm ------------------------------------------------------------------------


def _parquet(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_parquet(buf, compression="zstd")
    return buf.getvalue()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def national_import_prepare(
    *, actor: Any, data: bytes, filename: str, provinces: frozenset[str] | None = None
) -> NationalImport:
    """Read and validate an upload; keep the good rows for review. Raises ``NationalImportRefused`` (Thai, every
    bad row) and stores nothing when any row is wrong. ``provinces``: the only provinces the person may import."""
    shown = display_name(filename)
    limit = max_upload_bytes()
    if not data:
        raise NationalImportRefused(f"ไฟล์ “{shown}” ว่างเปล่า ไม่มีเนื้อหา", "empty file")
    if len(data) > limit:
        raise NationalImportRefused(
            f"ไฟล์ “{shown}” ใหญ่เกินกำหนด ({len(data) / 1e6:,.1f} MB เกิน {limit / 1e6:,.1f} MB)", "file too large"
        )
    checked = validated_or_refused(data, shown, provinces=provinces)
    _, counts = plan_frame(checked.frame)
    stored = _parquet(checked.frame)
    NationalImport.objects.filter(created_at__lt=timezone.now() - PENDING_KEEP).exclude(
        status=NationalImport.Status.APPLIED
    ).delete()
    return NationalImport.objects.create(
        uploaded_by=real_actor(actor),
        province=",".join(sorted(provinces)) if provinces is not None else "",
        source_name=shown[:300],
        sha256=_digest(data),
        rows=checked.rows,
        fiscal_years=sorted(checked.frame.get_column("fiscal_year").unique().to_list()),
        data=stored,
        digest=_digest(stored),
        plan=counts,
    )


def confirmation_token(*, pending: NationalImport, user: Any) -> str:
    """Signed: this import, the digest of the rows reviewed, the person (as ``assessments.imports``)."""
    return imports.confirmation_token(pending=pending, user=user, salt=TOKEN_SALT)


def stored_frame(pending: NationalImport) -> pl.DataFrame:
    return pl.read_parquet(io.BytesIO(bytes(pending.data)))


@transaction.atomic
def national_import_confirm(
    *, pending_id: Any, actor: Any, token: str, provinces: frozenset[str] | None = None
) -> ApplyOutcome:
    """Write what was reviewed. Refused (nothing written) for a forged, expired or foreign token, changed data,
    an import already applied, or rows outside the provinces the person may now import."""
    pending = NationalImport.objects.select_for_update().filter(pk=pending_id).first()
    if pending is None:
        raise NationalImportRefused("ไม่พบไฟล์นำเข้านี้ อาจหมดอายุหรือถูกลบแล้ว", "no such import")
    imports.check_confirmation_token(
        token, pending=pending, actor=actor, refused=NationalImportRefused, salt=TOKEN_SALT
    )
    data = bytes(pending.data)
    if _digest(data) != pending.digest:
        raise NationalImportRefused("ข้อมูลที่จะบันทึกไม่ตรงกับที่ตรวจทาน ระบบจึงไม่บันทึก กรุณานำเข้าไฟล์ใหม่", "changed")
    if pending_expired(pending):
        raise NationalImportRefused("หน้าตรวจทานหมดอายุแล้ว กรุณานำเข้าไฟล์ใหม่อีกครั้ง", "expired")
    if pending.status == NationalImport.Status.APPLIED:
        raise NationalImportRefused("ไฟล์นี้ได้รับการยืนยันและบันทึกไปแล้ว", "already applied")
    frame = stored_frame(pending)
    if provinces is not None:
        outside = sorted(set(frame.get_column("province").unique().to_list()) - provinces)
        if outside:
            raise NationalImportRefused(
                f"ท่านไม่มีสิทธิ์นำเข้าผลของ{', '.join(province_label(p) for p in outside)} ระบบจึงไม่บันทึก",
                "province not allowed",
            )
    outcome = national_results_apply(
        validated=Validated(frame=frame, rows=frame.height), actor=actor, source_name=pending.source_name
    )
    pending.status = NationalImport.Status.APPLIED
    pending.applied_at = timezone.now()
    pending.applied_by = real_actor(actor)
    pending.outcome = outcome.as_dict()
    pending.save(update_fields=["status", "applied_at", "applied_by", "outcome"])
    return outcome


@transaction.atomic
def regional_viewer_set(*, user: Any, province: str | None, actor: Any = None) -> RegionalViewer:
    """Let ``user`` see one province's aggregates (``province``) or the nation's (None)."""
    province = (province or "").strip()
    scope = RegionScope.PROVINCE if province else RegionScope.NATION
    viewer, created = RegionalViewer.objects.get_or_create(user=user, scope=scope, province=province)
    if created:
        audit_record(
            actor=actor, agency=None, action="national.viewer_added", target=viewer, before=None,
            after={"user": user.get_username(), "scope": scope, "province": province},
        )
    return viewer
