"""Survey answers (IIT / EIT) → answer points → questions → indicators → instruments, with Polars.

Input format
============
One row per respondent per answer point ("long" format), as a Polars DataFrame or a CSV / Parquet file
(`read_responses`). Column names are matched case-insensitively; other columns are ignored.

============  ========  ============================================================================
column        required  meaning
============  ========  ============================================================================
agency        no        the agency's id or name. Absent: every row is one agency, reported as "".
respondent    yes       the respondent's id. It only has to be unique within one agency and one
                        instrument (an IIT respondent 7 and an EIT respondent 7 are different people).
question      yes       a question code of the framework year, e.g. ``i1`` (case-insensitive).
sub_item      no        the sub-item (ประเด็นย่อย) code, e.g. ``a``; empty/null for a question with a
                        single answer point. Absent: every row is a single-point question.
answer        yes       the option label as in the question's scale (``มาก``, ``มากที่สุด``, ``มี``,
                        ``ไม่มี`` …; surrounding spaces, zero-width characters and case are
                        ignored), or the option's 1-based position in that scale as listed in the
                        framework: 1–4 for the four-level scales (1 = น้อยที่สุดหรือไม่มีเลย …
                        4 = มากที่สุด, also on reversed scales, where position 1 then scores 100) and
                        1–2 for มี/ไม่มี (1 = มี, 2 = ไม่มี). Thai digits (๑–๔) and integer or whole
                        float columns are accepted. Empty/null = not answered: the row is skipped
                        and counted in a warning.
============  ========  ============================================================================

CSV files are read as text (UTF-8 with or without a BOM, or the Windows Thai code page cp874 that
Excel writes); Parquet columns may be text, Categorical or integers. Error messages number data rows
from 1 (the first row after a CSV header).

Example (CSV)::

    agency,respondent,question,sub_item,answer
    อบต.ตัวอย่าง,1,i1,a,มาก
    อบต.ตัวอย่าง,1,i1,b,4
    อบต.ตัวอย่าง,1,i4,a,ไม่มี
    อบต.ตัวอย่าง,1,i9,,น้อย

Scoring
=======
The roll-up is the one the research notes give as [inferred] (not an official formula), and the one
the framework file names (``questions.rollup: mean_subitems_then_questions``):

1. each answer point (question + sub-item) = the mean, over the respondents who answered it, of the
   score of their option in that point's scale (reversed and yes/no scales come from the framework);
2. a question = the plain mean of its sub-items that have answers (a warning names any without);
3. an indicator = the plain mean of its questions present in the data (a warning names the framework
   questions of that indicator that have no answers);
4. an instrument = the plain mean of its indicators, only when every one of them has a score (a
   warning says why an instrument with some but not all indicators has no score).

All of this is done per agency with Polars group-bys and joins: the answers are first counted per
(agency, question, sub-item, answer), so validation and scoring work on that small table; only the
respondent counts and the duplicate check read the full data again. When every column is given as
integers or Categorical/Enum codes (as a national Parquet file stores them), both passes group on one
64-bit integer packed from the columns' physical codes, and the duplicate check ORs one bit per answer
point per respondent (exact: a repeat shows as more rows than bits); text is grouped as it is. Each
point's score sums its respondents per option as integers before weighting them, so the result does
not depend on row order. Scores are kept unrounded and rounded half-up to two decimals with `round2`
on output only.

Respondent counts: an answer point's count is the respondents who answered it; a question's is the
largest count of its sub-items (the same as "answered the question" when everyone who answers a
question answers all its sub-items); an instrument's is the distinct respondents (per agency) who answered any of its
questions. A respondent may answer each answer point once: a repeated (agency, respondent, question,
sub-item) is an error.

Output: `SurveyScores` keeps Polars frames of all agencies (for national figures, see
`indicator_frame`); `agency()` and `to_json_dict()` give two-decimal per-agency results whose
`indicators` mapping is what `prongsai.core.scoring.score_indicators` takes. `to_json_dict()`::

    {"fiscal_year": 2564, "framework": "built-in:2564.yaml", "warnings": [{"th": …, "en": …}],
     "agencies": [{"agency": "…", "fiscal_year": 2564,
                   "questions": [{"code": "i1", "indicator": 1, "instrument": "IIT", "score": 55.56,
                                  "respondents": 3, "sub_items": [{"code": "a", "score": 66.67,
                                                                   "respondents": 3}, …]}, …],
                   "indicators": {"1": 61.11, …}, "instruments": {"IIT": 84.2},
                   "respondents": {"IIT": 3}, "warnings": [{"th": …, "en": …}]}, …]}
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks.schema import CONFIDENCE_TH, Framework
from prongsai.core.scoring import Message, round2

COLUMNS = ("agency", "respondent", "question", "sub_item", "answer")
REQUIRED_COLUMNS = ("respondent", "question", "answer")
SINGLE_AGENCY = ""
MAX_REPORTED_ROWS = 5
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\ufeff")
_KEY = ("question", "sub_item", "answer")


# --- results -----------------------------------------------------------------------------------


class SubItemScore(BaseModel):
    code: str  # "" for a question with a single answer point
    score: float
    respondents: int


class QuestionScore(BaseModel):
    code: str
    indicator: int
    instrument: str
    score: float
    respondents: int  # the most respondents of any one of its sub-items
    sub_items: list[SubItemScore]


class AgencySurveyScores(BaseModel):
    """One agency's survey scores (two decimals). `indicators` has the shape `score_indicators` takes."""

    agency: str
    fiscal_year: int
    questions: list[QuestionScore]
    indicators: dict[str, float]
    instruments: dict[str, float]
    respondents: dict[str, int]  # per instrument
    warnings: list[Message] = []

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


@dataclass(frozen=True, eq=False)
class SurveyScores:
    """Survey scores of one or many agencies for one framework year.

    The frames hold unrounded scores, one row per agency and question / indicator / instrument; use
    `agency()`, `indicator_frame()` or `to_json_dict()` for two-decimal output.
    """

    fiscal_year: int
    framework_origin: str
    points: pl.DataFrame  # agency, question, sub_item, score, respondents
    questions: pl.DataFrame  # agency, question, indicator, instrument, score, respondents
    indicators: pl.DataFrame  # agency, indicator, instrument, score, questions, questions_expected
    instruments: pl.DataFrame  # agency, instrument, score
    respondents: pl.DataFrame  # agency, instrument, respondents
    agency_warnings: pl.DataFrame  # agency, th, en (in display order)
    warnings: list[Message] = field(default_factory=list)  # about the whole data set

    @property
    def agencies(self) -> list[str]:
        return self.respondents.get_column("agency").unique().sort().to_list()

    def agency(self, agency: str) -> AgencySurveyScores:
        records = self._records([agency])
        if not records:
            raise ScoreInputError(f"ไม่มีหน่วยงาน {agency!r} ในข้อมูล", f"no agency {agency!r} in the data")
        return AgencySurveyScores.model_validate(records[0])

    def by_agency(self) -> list[AgencySurveyScores]:
        return [AgencySurveyScores.model_validate(r) for r in self._records(None)]

    def indicator_frame(self, *, wide: bool = False) -> pl.DataFrame:
        """Indicator scores (two decimals) of every agency: long (agency, instrument, indicator, score,
        questions, questions_expected) or wide (agency and one column per indicator number)."""
        long = _round_scores(self.indicators).sort("agency", "indicator")
        if not wide:
            return long
        out = long.with_columns(pl.col("indicator").cast(pl.String)).pivot(
            on="indicator", index="agency", values="score"
        )
        return out.sort("agency")

    def instrument_frame(self, *, wide: bool = False) -> pl.DataFrame:
        """Instrument scores (two decimals) with respondent counts, one row per agency and instrument."""
        long = (
            self.respondents.join(
                self.instruments.select("agency", "instrument", "score"), on=["agency", "instrument"], how="left"
            )
            .pipe(_round_scores)
            .sort("agency", "instrument_order")
            .select("agency", "instrument", "score", "respondents")
        )
        if not wide:
            return long
        return long.pivot(on="instrument", index="agency", values="score").sort("agency")

    def to_json_dict(self) -> dict:
        return {
            "fiscal_year": self.fiscal_year,
            "framework": self.framework_origin,
            "warnings": [w.model_dump(mode="json") for w in self.warnings],
            "agencies": self._records(None),
        }

    # --- building the per-agency records in Polars ------------------------------------------------

    def _records(self, agencies: list[str] | None) -> list[dict[str, Any]]:
        def pick(frame: pl.DataFrame) -> pl.DataFrame:
            return frame if agencies is None else frame.filter(pl.col("agency").is_in(agencies))

        subs = (
            pick(self.points)
            .pipe(_round_scores)
            .sort("agency", "q_order", "s_order")
            .group_by("agency", "question", maintain_order=True)
            .agg(sub_items=pl.struct(code="sub_item", score="score", respondents="respondents"))
        )
        questions = (
            pick(self.questions)
            .pipe(_round_scores)
            .join(subs, on=["agency", "question"], how="left")
            .sort("agency", "q_order")
            .group_by("agency", maintain_order=True)
            .agg(
                questions=pl.struct(
                    code="question",
                    indicator="indicator",
                    instrument="instrument",
                    score="score",
                    respondents="respondents",
                    sub_items="sub_items",
                )
            )
        )
        indicators = (
            pick(self.indicators)
            .pipe(_round_scores)
            .sort("agency", "indicator")
            .group_by("agency", maintain_order=True)
            .agg(indicators=pl.struct(key=pl.col("indicator").cast(pl.String), value="score"))
        )
        instruments = (
            pick(self.instruments)
            .pipe(_round_scores)
            .sort("agency", "instrument_order")
            .group_by("agency", maintain_order=True)
            .agg(instruments=pl.struct(key="instrument", value="score"))
        )
        respondents = (
            pick(self.respondents)
            .sort("agency", "instrument_order")
            .group_by("agency", maintain_order=True)
            .agg(respondents=pl.struct(key="instrument", value="respondents"))
        )
        warnings = (
            pick(self.agency_warnings).group_by("agency", maintain_order=True).agg(warnings=pl.struct(th="th", en="en"))
        )
        base = pick(self.respondents).select("agency").unique().sort("agency")
        for part in (questions, indicators, instruments, respondents, warnings):
            base = base.join(part, on="agency", how="left")
        out = []
        for row in base.iter_rows(named=True):  # one per agency, not per answer
            out.append(
                {
                    "agency": row["agency"],
                    "fiscal_year": self.fiscal_year,
                    "questions": row["questions"] or [],
                    "indicators": {kv["key"]: kv["value"] for kv in row["indicators"] or []},
                    "instruments": {kv["key"]: kv["value"] for kv in row["instruments"] or []},
                    "respondents": {kv["key"]: kv["value"] for kv in row["respondents"] or []},
                    "warnings": row["warnings"] or [],
                }
            )
        return out


def _round_scores(frame: pl.DataFrame, column: str = "score") -> pl.DataFrame:
    """Round a score column half-up to two decimals with `round2` (applied once per distinct value)."""
    values = frame.get_column(column).drop_nulls().unique().to_list()
    if not values:
        return frame
    mapping = {v: round2(v) for v in values}
    return frame.with_columns(pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.Float64))


# --- reading files -----------------------------------------------------------------------------


def read_responses(path: Path | str) -> pl.DataFrame:
    """Read answers from a CSV (UTF-8, or Windows Thai cp874) or Parquet file; see the module docs."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + PARQUET_SUFFIXES:
        raise ScoreInputError(
            f"อ่านไฟล์คำตอบ {path.name} ไม่ได้: รองรับเฉพาะไฟล์ .csv และ .parquet",
            f"cannot read answer file {path.name}: only .csv and .parquet files are supported",
        )
    if not path.is_file():
        raise ScoreInputError(f"ไม่พบไฟล์คำตอบ: {path}", f"answer file not found: {path}")
    try:
        if suffix in CSV_SUFFIXES:
            frame = _read_csv(path)
        else:
            names = pl.read_parquet_schema(path)
            wanted = [c for c in names if _column_key(c) in COLUMNS]
            frame = pl.read_parquet(path, columns=wanted) if wanted else pl.read_parquet(path)
    except ScoreInputError:
        raise
    except pl.exceptions.NoDataError:
        raise ScoreInputError(f"ไฟล์คำตอบ {path} ว่างเปล่า", f"answer file {path} is empty") from None
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ScoreInputError(
            f"อ่านไฟล์คำตอบ {path} ไม่ได้ (ไฟล์เสียหรือไม่ใช่ {suffix.lstrip('.').upper()}): {exc}",
            f"cannot read answer file {path} (damaged, or not {suffix.lstrip('.').upper()}): {exc}",
        ) from None
    return _canonical(frame)


def _read_csv(path: Path) -> pl.DataFrame:
    try:
        return pl.read_csv(path, infer_schema=False)
    except pl.exceptions.ComputeError as exc:
        if "utf-8" not in str(exc).lower() and "utf8" not in str(exc).lower():
            raise
    # Excel on Thai Windows saves "CSV" as cp874 (TIS-620 plus a few symbols).
    try:
        text = path.read_bytes().decode("cp874")
    except UnicodeDecodeError:
        raise ScoreInputError(
            f"ไฟล์คำตอบ {path} ไม่ได้เข้ารหัสเป็น UTF-8 หรือ TIS-620 (บันทึกใหม่เป็น CSV UTF-8)",
            f"answer file {path} is neither UTF-8 nor TIS-620/cp874 text (save it as CSV UTF-8)",
        ) from None
    return pl.read_csv(text.encode("utf-8"), infer_schema=False)


def _column_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """The five columns under their canonical names (absent optional ones filled in)."""
    found: dict[str, str] = {}
    for name in frame.columns:
        key = _column_key(name)
        if key in COLUMNS:
            if key in found:
                raise ScoreInputError(
                    f"มีคอลัมน์ {key} ซ้ำกัน ({found[key]!r} และ {name!r})",
                    f"column {key} appears twice ({found[key]!r} and {name!r})",
                )
            found[key] = name
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        have = ", ".join(frame.columns) or "(ไม่มี)"
        raise ScoreInputError(
            f"ข้อมูลคำตอบขาดคอลัมน์ {', '.join(missing)} (ต้องมี respondent, question, answer"
            f" และอาจมี agency, sub_item; คอลัมน์ที่พบ: {have})",
            f"the answers lack column(s) {', '.join(missing)} (needed: respondent, question, answer;"
            f" optional: agency, sub_item; found: {have})",
        )
    exprs = []
    for col in COLUMNS:
        if col in found:
            exprs.append(pl.col(found[col]).alias(col))
        elif col == "agency":
            exprs.append(pl.lit(SINGLE_AGENCY, dtype=pl.String).alias(col))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(col))
    return frame.select(exprs)


# --- the framework as tables -------------------------------------------------------------------


def _norm_text(value: str) -> str:
    """The Python twin of `_norm_expr`, for the framework's own labels and codes."""
    for ch in _INVISIBLE:
        value = value.replace(ch, "")
    value = value.translate(str.maketrans(_THAI_DIGITS, "0123456789"))
    return unicodedata.normalize("NFC", value.strip()).lower()


def _norm_expr(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_many([*_INVISIBLE, *_THAI_DIGITS], [""] * len(_INVISIBLE) + list("0123456789"))
        .str.strip_chars()
        .str.normalize("NFC")
        .str.to_lowercase()
    )


@dataclass(frozen=True)
class _Tables:
    points: pl.DataFrame  # question, sub_item (normalised), sub_code, orders, indicator, instrument, labels
    keys: pl.DataFrame  # question, sub_item, answer, score, point, option
    questions: pl.DataFrame  # question, indicator, instrument, q_order, n_points
    instruments: pl.DataFrame  # instrument, instrument_order, n_indicators
    indicators: pl.DataFrame  # indicator, instrument, questions_expected


def _tables(framework: Framework) -> _Tables:
    section = framework.questions
    if section is None or not section.items:
        raise ScoreInputError(
            f"กรอบการประเมินปีงบประมาณ {framework.fiscal_year} ไม่มีข้อคำถาม จึงคิดคะแนนจากคำตอบไม่ได้",
            f"the FY{framework.fiscal_year} framework has no questions, so answers cannot be scored",
        )
    instrument_of = {n: inst.code for inst in framework.instruments.items for n in inst.indicators}
    points, keys, questions = [], [], []
    for q_order, q in enumerate(section.items):
        questions.append((q.code, q.indicator, instrument_of[q.indicator], q_order, len(q.sub_items)))
        for s_order, sub in enumerate(q.sub_items):
            scale = section.scales[sub.scale]
            labels = list(scale.options)
            points.append(
                (
                    q.code,
                    _norm_text(sub.code),
                    sub.code,
                    q_order,
                    s_order,
                    q.indicator,
                    instrument_of[q.indicator],
                    ", ".join(labels),
                    len(labels),
                )
            )
            normal = [_norm_text(label) for label in labels]
            point = len(points) - 1
            for pos, (label, score) in enumerate(scale.options.items(), start=1):
                keys.append((q.code, _norm_text(sub.code), _norm_text(label), float(score), point, pos - 1))
                if str(pos) not in normal:
                    keys.append((q.code, _norm_text(sub.code), str(pos), float(score), point, pos - 1))
    point_schema = {
        "question": pl.String,
        "sub_item": pl.String,
        "sub_code": pl.String,
        "q_order": pl.Int32,
        "s_order": pl.Int32,
        "indicator": pl.Int32,
        "instrument": pl.String,
        "labels": pl.String,
        "n_options": pl.Int32,
    }
    question_schema = {
        "question": pl.String,
        "indicator": pl.Int32,
        "instrument": pl.String,
        "q_order": pl.Int32,
        "n_points": pl.Int32,
    }
    key_schema = {
        "question": pl.String,
        "sub_item": pl.String,
        "answer": pl.String,
        "score": pl.Float64,
        "point": pl.Int32,  # the answer point's row in `points`
        "option": pl.Int32,  # the option's place in its scale (0-based)
    }
    question_frame = pl.DataFrame(questions, schema=question_schema, orient="row")
    instruments = pl.DataFrame(
        [(inst.code, i, len(inst.indicators)) for i, inst in enumerate(framework.instruments.items)],
        schema={"instrument": pl.String, "instrument_order": pl.Int32, "n_indicators": pl.Int32},
        orient="row",
    )
    indicators = (
        pl.DataFrame(
            [(n, code) for n, code in instrument_of.items()],
            schema={"indicator": pl.Int32, "instrument": pl.String},
            orient="row",
        )
        .join(
            question_frame.group_by("indicator").agg(questions_expected=pl.len().cast(pl.Int32)),
            on="indicator",
            how="left",
        )
        .with_columns(pl.col("questions_expected").fill_null(0))
    )
    return _Tables(
        points=pl.DataFrame(points, schema=point_schema, orient="row")
        .with_row_index("point")
        .with_columns(pl.col("point").cast(pl.Int32)),
        keys=pl.DataFrame(keys, schema=key_schema, orient="row").unique(["question", "sub_item", "answer"]),
        questions=question_frame,
        instruments=instruments,
        indicators=indicators,
    )


# --- checking the input ------------------------------------------------------------------------


def _row_lines(frame: pl.DataFrame, bad: pl.DataFrame, on: list[str]) -> tuple[list[str], list[str]]:
    """The first offending rows of `frame` (1 = first data row) whose raw `on` values are in `bad`."""
    rows = (
        frame.with_row_index("row", offset=1)
        .join(bad.select(on).unique(), on=on, how="semi", nulls_equal=True)
        .sort("row")
        .head(MAX_REPORTED_ROWS)
    )
    th, en = [], []
    for r in rows.iter_rows(named=True):
        sub = r["sub_item"] if r["sub_item"] not in (None, "") else "-"
        th.append(f"  แถวที่ {r['row']}: ข้อ {r['question']} ประเด็นย่อย {sub} คำตอบ {r['answer']!r}")
        en.append(f"  row {r['row']}: question {r['question']} sub-item {sub} answer {r['answer']!r}")
    return th, en


def _check_nulls(frame: pl.DataFrame) -> None:
    counts = frame.select(pl.col("agency", "respondent", "question").null_count()).row(0, named=True)
    for col, n in counts.items():
        if n:
            first = frame.with_row_index("row", offset=1).filter(pl.col(col).is_null()).head(MAX_REPORTED_ROWS)
            where = ", ".join(str(r) for r in first.get_column("row").to_list())
            raise ScoreInputError(
                f"คอลัมน์ {col} ว่าง {n:,} แถว (แถวที่ {where}) ต้องระบุทุกแถว",
                f"column {col} is empty in {n:,} rows (rows {where}); every row needs it",
            )


def _code_list(codes: list[str]) -> str:
    return ", ".join(codes) if len(codes) <= 12 else f"{', '.join(codes[:12])}, …"


def _code_span(codes: list[str]) -> str:
    """i1, i2, …, i30, e1, …, e15 → 'i1–i30, e1–e15' (runs of one letter and consecutive numbers)."""
    runs: list[list[str]] = []
    for code in codes:
        if runs:
            last = runs[-1][-1]
            if last[0] == code[0] and last[1:].isdigit() and code[1:].isdigit() and int(code[1:]) == int(last[1:]) + 1:
                runs[-1].append(code)
                continue
        runs.append([code])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def _check_counts(frame: pl.DataFrame, counts: pl.DataFrame, tables: _Tables, framework: Framework) -> pl.DataFrame:
    """Validate the counted answers; return them with each point's option score."""
    fy = framework.fiscal_year
    unknown_q = counts.join(tables.questions.select("question"), left_on="q", right_on="question", how="anti")
    if unknown_q.height:
        codes = unknown_q.get_column("q").unique().sort().to_list()
        known = tables.questions.get_column("question").to_list()
        th_rows, en_rows = _row_lines(frame, unknown_q, ["question"])
        raise ScoreInputError(
            f"กรอบการประเมินปีงบประมาณ {fy} ไม่มีข้อคำถาม {_code_list(codes)}"
            f" (ข้อที่มี: {_code_span(known)}) ข้อคำถาม EIT ยังไม่มีในกรอบที่ติดมากับโปรแกรมเพราะยังไม่ยืนยัน"
            f" ถ้อยคำทางการ เพิ่มได้ด้วยไฟล์กรอบการประเมินของท่านเอง (extends: {fy})\n" + "\n".join(th_rows),
            f"the FY{fy} framework has no question {_code_list(codes)} (it has {_code_span(known)});"
            " EIT questions are not built in because their official texts are unverified - add them"
            f" with your own framework file (extends: {fy})\n" + "\n".join(en_rows),
        )
    unknown_s = counts.join(
        tables.points.select("question", "sub_item"),
        left_on=["q", "s"],
        right_on=["question", "sub_item"],
        how="anti",
    )
    if unknown_s.height:
        pairs = unknown_s.select("q", "s").unique().sort("q", "s").head(MAX_REPORTED_ROWS)
        subs_of = tables.points.group_by("question").agg(pl.col("sub_code"))
        th, en = [], []
        for q, s in pairs.iter_rows():
            have = [c for c in subs_of.filter(pl.col("question") == q).get_column("sub_code").item() if c]
            if not have:
                th.append(f"ข้อ {q} ไม่มีประเด็นย่อย ให้เว้นว่างช่อง sub_item (ได้ {s!r})")
                en.append(f"question {q} has no sub-items; leave sub_item empty (got {s!r})")
            elif s == "":
                th.append(f"ข้อ {q} ต้องระบุประเด็นย่อย ({', '.join(have)})")
                en.append(f"question {q} needs a sub_item ({', '.join(have)})")
            else:
                th.append(f"ข้อ {q} ไม่มีประเด็นย่อย {s!r} (มี {', '.join(have)})")
                en.append(f"question {q} has no sub-item {s!r} (it has {', '.join(have)})")
        th_rows, en_rows = _row_lines(frame, unknown_s, ["question", "sub_item"])
        raise ScoreInputError(
            f"ประเด็นย่อยไม่ตรงกับกรอบการประเมินปีงบประมาณ {fy}: " + "; ".join(th) + "\n" + "\n".join(th_rows),
            f"sub-items do not match the FY{fy} framework: " + "; ".join(en) + "\n" + "\n".join(en_rows),
        )
    scored = counts.join(tables.keys, left_on=["q", "s", "a"], right_on=["question", "sub_item", "answer"], how="left")
    bad = scored.filter(pl.col("score").is_null())
    if bad.height:
        n_bad = bad.get_column("n").sum()
        choices = (
            bad.select("q", "s")
            .unique()
            .join(tables.points, left_on=["q", "s"], right_on=["question", "sub_item"])
            .sort("q_order", "s_order")
            .head(MAX_REPORTED_ROWS)
        )
        rows = choices.select("q", "s", "labels", "n_options").iter_rows()
        allowed = [(f"{q}{' ' + s if s else ''}", labels, n) for q, s, labels, n in rows]
        th_rows, en_rows = _row_lines(frame, bad, list(_KEY))
        raise ScoreInputError(
            f"คำตอบ {n_bad:,} แถวไม่อยู่ในมาตรวัดของข้อคำถาม (ใช้ชื่อตัวเลือกตามกรอบการประเมิน หรือลำดับตัวเลือก)\n"
            + "\n".join(th_rows)
            + "\nตัวเลือกที่ใช้ได้ "
            + "; ".join(f"ข้อ {p}: {labels} หรือ 1–{n}" for p, labels, n in allowed),
            f"{n_bad:,} answer(s) are not options of the question's scale (use the option label from the"
            " framework, or its position)\n"
            + "\n".join(en_rows)
            + "\nallowed: "
            + "; ".join(f"{p}: {labels} or 1-{n}" for p, labels, n in allowed),
        )
    return scored


def _check_duplicates(frame: pl.DataFrame, duplicated: pl.DataFrame, q_key: pl.Expr, s_key: pl.Expr) -> None:
    if not duplicated.height:
        return
    rows = (
        frame.with_row_index("row", offset=1)
        .filter(pl.struct(pl.col("agency", "respondent"), q_key.alias("q"), s_key.alias("s")).is_duplicated())
        .head(MAX_REPORTED_ROWS)
    )
    if not rows.height:
        return  # a hash collision, not a duplicate
    th = [
        f"  แถวที่ {r['row']}: ผู้ตอบ {r['respondent']} ข้อ {r['question']} {r['sub_item'] or ''}".rstrip()
        for r in rows.iter_rows(named=True)
    ]
    en = [
        f"  row {r['row']}: respondent {r['respondent']} question {r['question']} {r['sub_item'] or ''}".rstrip()
        for r in rows.iter_rows(named=True)
    ]
    raise ScoreInputError(
        "ผู้ตอบคนเดียวกันตอบข้อเดียวกันซ้ำ (หน่วยงาน ผู้ตอบ ข้อ และประเด็นย่อยเดียวกันมีมากกว่าหนึ่งแถว)\n" + "\n".join(th),
        "a respondent answered the same answer point more than once (same agency, respondent, question"
        " and sub-item on several rows)\n" + "\n".join(en),
    )


def _answer_text(dtype: pl.DataType) -> pl.Expr:
    """The raw answer as text: whole floats (1.0) become '1'."""
    col = pl.col("answer")
    if dtype.is_float():
        return pl.when(col == col.round(0)).then(col.cast(pl.Int64).cast(pl.String)).otherwise(col.cast(pl.String))
    return col.cast(pl.String)


def _key_expr(raw: pl.Series, norm: pl.Series, column: str) -> pl.Expr:
    """A per-row key that tells normalised codes apart: the raw column itself when no two distinct raw
    values normalise to the same code (the usual case, and free), else a small integer code."""
    if raw.n_unique() == norm.n_unique():
        return pl.col(column)
    codes = norm.rank("dense").cast(pl.UInt32)
    keep = raw.is_not_null()
    key = pl.col(column).replace_strict(raw.filter(keep), codes.filter(keep), default=None, return_dtype=pl.UInt32)
    return key.fill_null(codes.filter(~keep).first()) if (~keep).any() else key


# --- the two passes over the full data ---------------------------------------------------------

_CODE_DTYPES = (pl.Categorical, pl.Enum)
_MAX_LOOKUP = 1 << 22  # the largest dense (question, sub-item) code table built for the per-respondent pass
_WORD_BITS = 64  # answer points per mask word (an instrument with more points uses several words)


@dataclass(frozen=True)
class _Code:
    """One column as small integers: its physical value minus the smallest one; null is the last code."""

    column: str
    dtype: pl.DataType
    low: int
    size: int  # codes in use, the null slot included

    @property
    def bits(self) -> int:
        return max(1, (self.size - 1).bit_length())

    def expr(self) -> pl.Expr:
        return (pl.col(self.column).to_physical().cast(pl.Int64) - self.low).fill_null(self.size - 1).cast(pl.UInt64)

    def decode(self, codes: pl.Series) -> pl.Series:
        """Codes back to the column's own values (and dtype)."""
        distinct = codes.unique().sort()
        present = distinct.filter(distinct < self.size - 1)
        if isinstance(self.dtype, pl.Enum):
            values = self.dtype.categories.gather(present.cast(pl.Int64) + self.low).cast(self.dtype)
        elif isinstance(self.dtype, pl.Categorical):
            values = self.dtype.categories.to_series().gather(present.cast(pl.Int64) + self.low).cast(self.dtype)
        else:
            values = (present.cast(pl.Int64) + self.low).cast(self.dtype)
        if present.len() < distinct.len():
            values = values.extend(pl.Series([None], dtype=self.dtype))
        return codes.replace_strict(distinct, values, return_dtype=self.dtype)


@dataclass(frozen=True)
class _Packed:
    """Every column as integer codes (integers, Categorical or Enum): (agency, question, sub-item, answer)
    packs into one 64-bit key, and so does (agency, instrument, respondent)."""

    codes: dict[str, _Code]

    @classmethod
    def of(cls, frame: pl.DataFrame) -> _Packed | None:
        for col in COLUMNS:
            dtype = frame.schema[col]
            codes = isinstance(dtype, _CODE_DTYPES) or dtype.is_integer()
            if not codes and frame.get_column(col).null_count() < frame.height:
                return None  # text (or floats): grouped as it is
        stats = frame.select(
            *[pl.col(c).to_physical().min().alias(f"{c}_min") for c in COLUMNS],
            *[pl.col(c).to_physical().max().alias(f"{c}_max") for c in COLUMNS],
        ).row(0, named=True)
        codes = {}
        for col in COLUMNS:
            low, high = stats[f"{col}_min"], stats[f"{col}_max"]
            if low is None:  # every value null
                low, high = 0, -1
            if max(abs(low), abs(high)) >= 1 << 62:
                return None
            codes[col] = _Code(col, frame.schema[col], int(low), int(high) - int(low) + 2)
        counted = sum(codes[c].bits for c in ("agency", *_KEY))
        per_respondent = codes["agency"].bits + codes["respondent"].bits + 4  # up to 16 instruments
        return cls(codes) if max(counted, per_respondent) <= 64 else None

    def key(self, columns: tuple[str, ...]) -> tuple[pl.Expr, dict[str, tuple[int, int]]]:
        """One UInt64 per row from the codes of `columns` (first = highest bits); and each column's
        (multiplier, base) to take it apart again."""
        expr: pl.Expr | None = None
        parts: dict[str, tuple[int, int]] = {}
        shift = 0
        for col in reversed(columns):
            code = self.codes[col]
            term = code.expr() if shift == 0 else code.expr() * (1 << shift)
            expr = term if expr is None else expr + term
            parts[col] = (1 << shift, 1 << code.bits)
            shift += code.bits
        assert expr is not None
        return expr, parts

    def counts(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """See `_counts_text`; here `agency` stays a code (decoded after the roll-up) and `t` is the
        packed (question, sub-item, answer) code."""
        key, parts = self.key(("agency", *_KEY))
        grouped = frame.lazy().group_by(k=key).agg(n=pl.len()).collect()
        low = parts["agency"][0]
        counts = grouped.select(agency=pl.col("k") // low, t=pl.col("k") % low, n="n")
        triples = counts.group_by("t").agg(pl.col("n").sum())
        t = triples.get_column("t")
        decoded = {c: self.codes[c].decode((t // parts[c][0]) % parts[c][1]) for c in _KEY}
        return counts, triples.with_columns(**decoded)


def _counts_text(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Answers counted per (agency, t, n) and the distinct raw (question, sub-item, answer) triples
    numbered by `t` with their total count n."""
    grouped = _collect(frame.lazy().group_by("agency", *_KEY).agg(n=pl.len()))
    triples = grouped.group_by(*_KEY).agg(pl.col("n").sum()).with_row_index("t")
    counts = grouped.join(triples.select(*_KEY, "t"), on=list(_KEY), nulls_equal=True).select("agency", "t", "n")
    return counts, triples


@dataclass(frozen=True)
class _PointBits:
    """For each raw (question, sub-item) pair: its instrument and its bit among that instrument's answer
    points, as dense lookup tables indexed by the pair's small integer index."""

    index: pl.Expr  # row → lookup index (UInt32)
    instrument: pl.Series  # Int32 instrument order per index
    masks: list[pl.Series]  # UInt64 per index: one word per 64 answer points of an instrument

    @classmethod
    def of(cls, scored: pl.DataFrame, tables: _Tables, packed: _Packed) -> _PointBits | None:
        """None when the codes of question and sub-item span too large a table."""
        q_code, s_code = packed.codes["question"], packed.codes["sub_item"]
        size = 1 << (q_code.bits + s_code.bits)
        if size > _MAX_LOOKUP:
            return None
        order = (
            tables.points.join(tables.instruments.select("instrument", "instrument_order"), on="instrument")
            .sort("instrument_order", "q_order", "s_order")
            .with_columns(bit=pl.int_range(pl.len(), dtype=pl.Int64).over("instrument_order"))
            .select("question", "sub_item", "instrument_order", "bit")
        )
        pairs = (
            scored.select("question", "sub_item", "q", "s")
            .unique()
            .join(order, left_on=["q", "s"], right_on=["question", "sub_item"])
        )
        index = (q_code.expr() * (1 << s_code.bits) + s_code.expr()).cast(pl.UInt32)
        at = pairs.select(index.alias("at")).get_column("at")
        words = max(1, -(-(int(order.get_column("bit").max() or 0) + 1) // _WORD_BITS))
        slots = (
            pl.DataFrame({"at": pl.int_range(size, eager=True, dtype=pl.UInt32)})
            .join(pairs.with_columns(at=at), on="at", how="left")
            .sort("at")
        )
        one = (pl.col("bit") % _WORD_BITS).replace_strict(
            range(_WORD_BITS), [1 << i for i in range(_WORD_BITS)], return_dtype=pl.UInt64
        )
        masks = slots.select(
            pl.when(pl.col("bit") // _WORD_BITS == w).then(one).otherwise(0).fill_null(0).alias(f"m{w}")
            for w in range(words)
        )
        return cls(
            index=index, instrument=slots.get_column("instrument_order").cast(pl.Int32), masks=masks.get_columns()
        )

    def per_respondent(self, frame: pl.DataFrame, packed: _Packed) -> pl.DataFrame:
        """(agency, instrument_order) → respondents, and how many of them answered a point twice."""
        rows = frame.lazy().with_columns(
            instrument_order=pl.lit(self.instrument).gather(self.index),
            **{f"m{w}": pl.lit(m).gather(self.index) for w, m in enumerate(self.masks)},
        )
        aggs = [pl.len().alias("rows"), *[pl.col(f"m{w}").bitwise_or() for w in range(len(self.masks))]]
        points = pl.sum_horizontal(pl.col(f"m{w}").bitwise_count_ones() for w in range(len(self.masks)))
        agency, respondent = packed.codes["agency"], packed.codes["respondent"]
        key = (agency.expr() * 16 + pl.col("instrument_order").cast(pl.UInt64)) * (1 << respondent.bits) + (
            respondent.expr()
        )
        grouped = _collect(rows.group_by(k=key).agg(*aggs))
        out = (
            grouped.group_by(pair=pl.col("k") // (1 << respondent.bits))
            .agg(respondents=pl.len(), duplicated=(pl.col("rows") > points).sum())
            .with_columns(instrument_order=(pl.col("pair") % 16).cast(pl.Int32), a=pl.col("pair") // 16)
        )
        return out.select(
            agency=agency.decode(out.get_column("a")),
            instrument_order="instrument_order",
            respondents="respondents",
            duplicated="duplicated",
        )


def _per_respondent_text(
    frame: pl.DataFrame, q_map: pl.DataFrame, tables: _Tables, q_key: pl.Expr, s_key: pl.Expr
) -> pl.DataFrame:
    """`_PointBits.per_respondent` for any other input: the answer points a respondent answered are told
    apart by a 64-bit hash (fast); `_check_duplicates` confirms a suspected repeat exactly."""
    per_instrument = (
        q_map.join(tables.questions, left_on="q", right_on="question")
        .join(tables.instruments, on="instrument")
        .group_by("instrument_order")
        .agg("question")
        .sort("instrument_order")
    )
    inst_key: Any = None
    for order, raw in per_instrument.iter_rows():  # one per instrument
        value = pl.lit(order, dtype=pl.Int32)
        if per_instrument.height == 1:
            inst_key = value
        elif inst_key is None:
            inst_key = pl.when(pl.col("question").is_in(raw)).then(value)
        else:
            inst_key = inst_key.when(pl.col("question").is_in(raw)).then(value)
    grouped = _collect(
        frame.lazy()
        .group_by("agency", inst_key.alias("instrument_order"), "respondent")
        .agg(rows=pl.len(), points=pl.struct(q_key.alias("q"), s_key.alias("s")).hash().n_unique())
    )
    return grouped.group_by("agency", "instrument_order").agg(
        respondents=pl.len(), duplicated=(pl.col("rows") > pl.col("points")).sum()
    )


# --- scoring -----------------------------------------------------------------------------------

# Polars' streaming engine is faster and leaner on the two passes over the full data (from 1.25 on).
_STREAMING = tuple(int(p) for p in pl.__version__.split(".")[:2]) >= (1, 25)


def _collect(query: pl.LazyFrame) -> pl.DataFrame:
    return query.collect(engine="streaming") if _STREAMING else query.collect()


def score_responses(framework: Framework, responses: pl.DataFrame | pl.LazyFrame) -> SurveyScores:
    """Score long-format survey answers (see the module docs) of one or many agencies."""
    if isinstance(responses, pl.LazyFrame):
        responses = responses.collect()
    frame = _canonical(responses)
    if frame.height == 0:
        raise ScoreInputError("ไม่มีคำตอบในข้อมูล (ข้อมูลว่าง)", "there are no answers (the input is empty)")
    tables = _tables(framework)
    _check_nulls(frame)

    # 1. Count answers per (agency, question, sub-item, answer): everything else works on this table,
    #    and codes and labels are normalised once per distinct raw value.
    #    Columns given as integers or Categorical/Enum codes (as a national Parquet file stores them) are
    #    counted on one 64-bit key built from their physical codes; text is grouped as it is.
    packed = _Packed.of(frame)
    counts, triples = packed.counts(frame) if packed else _counts_text(frame)
    maps = {
        "question": triples.select("question").unique().with_columns(q=_norm_expr(pl.col("question").cast(pl.String))),
        "sub_item": triples.select("sub_item")
        .unique()
        .with_columns(s=_norm_expr(pl.col("sub_item").cast(pl.String)).fill_null("")),
        "answer": triples.select("answer")
        .unique()
        .with_columns(a=_norm_expr(_answer_text(frame.schema["answer"])).fill_null("")),
    }
    for col, table in maps.items():
        triples = triples.join(table, on=col, how="left", nulls_equal=True)
    blank = maps["answer"].filter(pl.col("a") == "").get_column("answer")
    blank_rows = 0
    if blank.len():
        blank_rows = int(triples.filter(pl.col("a") == "").get_column("n").sum())
        triples = triples.filter(pl.col("a") != "")
        counts = counts.join(triples.select("t"), on="t", how="semi")
        keep = pl.col("answer").is_not_null()
        if blank.drop_nulls().len():
            keep = keep & ~pl.col("answer").is_in(blank.drop_nulls().to_list())
        frame = frame.filter(keep)
        if frame.height == 0:
            raise ScoreInputError("คำตอบว่างทุกแถว ไม่มีคำตอบให้คิดคะแนน", "every answer is blank; there is nothing to score")
    scored = _check_counts(frame, triples, tables, framework)

    # 2. One pass per respondent over the full data: the duplicate check and respondents per instrument.
    #    Each answer point is one bit of its instrument: a respondent answered a point twice exactly when
    #    they have more rows than bits set (exact, no hashing).
    q_map = maps["question"].join(triples.select("question").unique(), on="question", how="semi")
    q_key = _key_expr(q_map.get_column("question"), q_map.get_column("q"), "question")
    s_map = maps["sub_item"]
    s_key = _key_expr(s_map.get_column("sub_item"), s_map.get_column("s"), "sub_item")
    bits = _PointBits.of(scored, tables, packed) if packed else None
    if packed and bits:
        per_respondent = bits.per_respondent(frame, packed)
    else:
        per_respondent = _per_respondent_text(frame, q_map, tables, q_key, s_key)
    _check_duplicates(frame, per_respondent.filter(pl.col("duplicated") > 0), q_key, s_key)

    # 3. Roll up: answer points → questions → indicators → instruments (plain means).
    #    Respondents per option are summed as integers and only then weighted by the option scores in
    #    the scale's order: exact and independent of row order (a half-up tie never flips).
    options = int(tables.keys.get_column("option").max()) + 1
    per_option = (
        counts.join(scored.select("t", "point", "option"), on="t")
        .group_by("agency", "point")
        .agg(*[(pl.col("n") * (pl.col("option") == o)).sum().alias(f"n{o}") for o in range(options)])
    )
    weights = (
        tables.keys.select("point", "option", "score")
        .unique(["point", "option"])
        .pivot(on="option", index="point", values="score", sort_columns=True)
    )
    weights = weights.rename({str(o): f"w{o}" for o in range(options) if str(o) in weights.columns})
    total = pl.sum_horizontal(f"n{o}" for o in range(options))
    weighted = pl.sum_horizontal(
        pl.col(f"w{o}").fill_null(0.0) * pl.col(f"n{o}") if f"w{o}" in weights.columns else pl.lit(0.0)
        for o in range(options)
    )
    points = per_option.join(weights, on="point").select(
        "agency", "point", score=weighted / total, respondents=total.cast(pl.Int64)
    )
    if packed:
        points = points.with_columns(agency=packed.codes["agency"].decode(points.get_column("agency")))
    points = (
        points.with_columns(pl.col("agency").cast(pl.String))
        .join(
            tables.points.select("point", "question", pl.col("sub_code").alias("sub_item"), "q_order", "s_order"),
            on="point",
        )
        .drop("point")
    )
    questions = (
        points.group_by("agency", "question")
        .agg(score=pl.col("score").mean(), respondents=pl.col("respondents").max())
        .join(tables.questions, on="question")
    )
    indicators = (
        questions.group_by("agency", "indicator", "instrument")
        .agg(score=pl.col("score").mean(), questions=pl.len().cast(pl.Int32))
        .join(tables.indicators.select("indicator", "questions_expected"), on="indicator")
    )
    instruments = (
        indicators.group_by("agency", "instrument")
        .agg(score=pl.col("score").mean(), n=pl.len())
        .join(tables.instruments, on="instrument")
        .filter(pl.col("n") == pl.col("n_indicators"))
        .select("agency", "instrument", "score", "instrument_order")
    )
    respondents = (
        per_respondent.group_by(pl.col("agency").cast(pl.String), "instrument_order")
        .agg(respondents=pl.col("respondents").sum().cast(pl.Int64))
        .join(tables.instruments.select("instrument", "instrument_order"), on="instrument_order")
        .select("agency", "instrument", "respondents", "instrument_order")
    )
    return SurveyScores(
        fiscal_year=framework.fiscal_year,
        framework_origin=framework.origin,
        points=_sort_by_agency(points, "q_order", "s_order"),
        questions=_sort_by_agency(questions, "q_order"),
        indicators=_sort_by_agency(indicators, "indicator"),
        instruments=_sort_by_agency(instruments, "instrument_order"),
        respondents=_sort_by_agency(respondents, "instrument_order"),
        agency_warnings=_agency_warnings(tables, points, questions, indicators),
        warnings=_data_warnings(framework, questions, blank_rows),
    )


def _sort_by_agency(frame: pl.DataFrame, *then: str) -> pl.DataFrame:
    """`frame.sort("agency", *then)`, with the agency names sorted once and the rows sorted by integers."""
    names = frame.get_column("agency").unique().sort()
    rank = pl.col("agency").replace_strict(names, pl.int_range(names.len(), eager=True, dtype=pl.UInt32))
    return frame.sort(rank, *then)


def _agency_warnings(
    tables: _Tables, points: pl.DataFrame, questions: pl.DataFrame, indicators: pl.DataFrame
) -> pl.DataFrame:
    """Per-agency notes: sub-items, questions or indicators the framework has but the data lacks."""
    missing_subs = (
        questions.select("agency", "question")
        .join(tables.points.select("question", "sub_item", "sub_code", "q_order", "s_order"), on="question")
        .join(
            points.select("agency", "question", pl.col("sub_item").alias("sub_code")),
            on=["agency", "question", "sub_code"],
            how="anti",
        )
        .sort("agency", "q_order", "s_order")
        .group_by("agency", "question", "q_order", maintain_order=True)
        .agg(codes=pl.col("sub_code").str.join(", "))
        .select(
            "agency",
            kind=pl.lit(0),
            order=pl.col("q_order"),
            th=pl.format("ข้อ {}: ไม่มีคำตอบของประเด็นย่อย {} คะแนนข้อนี้คิดจากประเด็นย่อยที่มีคำตอบเท่านั้น", "question", "codes"),
            en=pl.format(
                "question {}: no answers for sub-item(s) {}; its score uses only the sub-items answered",
                "question",
                "codes",
            ),
        )
    )
    missing_questions = (
        indicators.select("agency", "indicator")
        .join(tables.questions.select("question", "indicator", "q_order"), on="indicator")
        .join(questions.select("agency", "question"), on=["agency", "question"], how="anti")
        .sort("agency", "q_order")
        .group_by("agency", "indicator", maintain_order=True)
        .agg(codes=pl.col("question").str.join(", "))
        .select(
            "agency",
            kind=pl.lit(1),
            order=pl.col("indicator"),
            th=pl.format("ตัวชี้วัดที่ {}: ไม่มีคำตอบของข้อ {} คะแนนตัวชี้วัดคิดจากข้อที่มีคำตอบเท่านั้น", "indicator", "codes"),
            en=pl.format(
                "indicator {}: no answers for question(s) {}; its score uses only the questions answered",
                "indicator",
                "codes",
            ),
        )
    )
    missing_indicators = (
        indicators.select("agency", "instrument")
        .unique()
        .join(tables.indicators.select("indicator", "instrument"), on="instrument")
        .join(indicators.select("agency", "indicator"), on=["agency", "indicator"], how="anti")
        .join(tables.instruments.select("instrument", "instrument_order"), on="instrument")
        .sort("agency", "instrument_order", "indicator")
        .group_by("agency", "instrument", "instrument_order", maintain_order=True)
        .agg(codes=pl.col("indicator").cast(pl.String).str.join(", "))
        .select(
            "agency",
            kind=pl.lit(2),
            order=pl.col("instrument_order"),
            th=pl.format("ไม่คำนวณคะแนน {} เพราะไม่มีคำตอบของตัวชี้วัดที่ {}", "instrument", "codes"),
            en=pl.format("no {} score: no answers for indicator(s) {}", "instrument", "codes"),
        )
    )
    return (
        pl.concat([missing_subs, missing_questions, missing_indicators])
        .sort("agency", "kind", "order")
        .select("agency", "th", "en")
    )


def _data_warnings(framework: Framework, questions: pl.DataFrame, blank_rows: int) -> list[Message]:
    out = []
    section = framework.questions
    assert section is not None
    if section.confidence != "high":
        out.append(
            Message(
                th=f"ปีงบประมาณ {framework.fiscal_year}: ข้อคำถาม มาตรวัด และวิธีเฉลี่ย (ประเด็นย่อย → ข้อ →"
                f" ตัวชี้วัด) มีความเชื่อมั่น{CONFIDENCE_TH[section.confidence]}"
                " วิธีเฉลี่ยเป็นการอนุมาน ไม่ใช่สูตรทางการ",
                en=f"FY{framework.fiscal_year}: the questions, scales and roll-up (sub-items → question →"
                f" indicator) have {section.confidence} confidence; the roll-up is inferred, not an official"
                " formula",
            )
        )
    answered = set(questions.get_column("question").unique().to_list())
    doubtful = [q.code for q in section.items if q.code in answered and q.confidence in ("low", "unknown")]
    if doubtful:
        out.append(
            Message(
                th=f"ข้อคำถามที่ข้อความหรือมาตรวัดยังไม่ยืนยัน: {_code_list(doubtful)}",
                en=f"questions whose text or scale is not confirmed: {_code_list(doubtful)}",
            )
        )
    if blank_rows:
        out.append(
            Message(
                th=f"ข้ามคำตอบว่าง {blank_rows:,} แถว (ถือว่าไม่ได้ตอบ)",
                en=f"skipped {blank_rows:,} blank answers (taken as not answered)",
            )
        )
    return out
