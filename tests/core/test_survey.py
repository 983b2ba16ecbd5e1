"""Survey answers → question → indicator → instrument scores (prongsai.core.survey).

Expected scores are worked out by hand in the comments, from the FY2564 scales:
four_level น้อยที่สุดหรือไม่มีเลย 0 / น้อย 33.33 / มาก 66.67 / มากที่สุด 100, reversed the other way round,
yes_no_bad มี 0 / ไม่มี 100, yes_no_good มี 100 / ไม่มี 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks.loader import FrameworkRegistry, load_framework_file
from prongsai.core.frameworks.schema import Framework
from prongsai.core.survey import SINGLE_AGENCY, read_responses, score_responses

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SURVEY = FIXTURES / "survey"
BENCH_FRAMEWORK = FIXTURES / "frameworks" / "bench_eit_2564.yaml"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return FrameworkRegistry().get(2564)


def answers(rows: list[tuple]) -> pl.DataFrame:
    """(respondent, question, sub_item, answer) rows of one agency, all text."""
    cols = ["respondent", "question", "sub_item", "answer"]
    return pl.DataFrame(rows, schema=dict.fromkeys(cols, pl.String), orient="row")


def message(exc: pytest.ExceptionInfo[ScoreInputError]) -> str:
    return exc.value.th + "\n" + exc.value.en


# --- the small hand-computed data set ----------------------------------------------------------

# small.csv, three respondents:
#   i1 a  R1 มากที่สุด 100, R2 มาก 66.67, R3 น้อย 33.33            → 200/3     = 66.6667
#   i1 b  R1 มาก 66.67, R2 มาก 66.67, R3 น้อยที่สุดฯ 0              → 133.34/3  = 44.4467
#   i1    (66.6667 + 44.4467) / 2                                   = 55.5567 → 55.56
#   i4 a  ไม่มี 100, ไม่มี 100, มี 0 (มี is bad)                       → 66.6667
#   i4 b  ไม่มี ×3                                                    → 100
#   i4 c  ไม่มี 100, มี 0, มี 0                                         → 33.3333
#   i4    (66.6667 + 100 + 33.3333) / 3                             = 66.6667 → 66.67
#   indicator 1 = (55.5567 + 66.6667) / 2 = 61.1117 → 61.11
#       (rounding the questions first would give (55.56 + 66.67) / 2 = 61.115 → 61.12: output-only rounding)
#   i9 reversed: น้อยที่สุดฯ 100, น้อย 66.67, มากที่สุด 0              → 166.67/3 = 55.5567 → 55.56 = indicator 2
#   i26 a  มี 100, มี 100, ไม่มี 0 (มี is good)                        → 66.6667
#   i26 b  มี 100, ไม่มี 0, ไม่มี 0                                     → 33.3333
#   i26   50.00 = indicator 5
#   IIT: no score (indicators 3 and 4 have no answers)
SMALL_QUESTIONS = {"i1": 55.56, "i4": 66.67, "i9": 55.56, "i26": 50.0}
SMALL_INDICATORS = {"1": 61.11, "2": 55.56, "5": 50.0}


def test_small_by_hand(fw: Framework) -> None:
    scores = score_responses(fw, read_responses(SURVEY / "small.csv"))
    assert scores.agencies == [SINGLE_AGENCY]
    one = scores.agency(SINGLE_AGENCY)
    assert {q.code: q.score for q in one.questions} == SMALL_QUESTIONS
    assert [q.code for q in one.questions] == ["i1", "i4", "i9", "i26"]  # framework order
    i1 = one.questions[0]
    assert (i1.indicator, i1.instrument, i1.respondents) == (1, "IIT", 3)
    assert [(s.code, s.score, s.respondents) for s in i1.sub_items] == [("a", 66.67, 3), ("b", 44.45, 3)]
    assert [(s.code, s.score) for s in one.questions[2].sub_items] == [("", 55.56)]
    assert one.indicators == SMALL_INDICATORS
    assert one.instruments == {}
    assert one.respondents == {"IIT": 3}
    texts = [w.en for w in one.warnings]
    assert texts == [
        "indicator 1: no answers for question(s) i2, i3, i5, i6; its score uses only the questions answered",
        "indicator 2: no answers for question(s) i7, i8, i10, i11, i12; its score uses only the questions answered",
        "indicator 5: no answers for question(s) i25, i27, i28, i29, i30; its score uses only the questions answered",
        "no IIT score: no answers for indicator(s) 3, 4",
    ]
    assert all(w.th for w in one.warnings)
    # FY2564 questions have medium confidence: the roll-up is inferred, and the result says so.
    assert any("inferred" in w.en for w in scores.warnings)


def test_positions_equal_labels(fw: Framework) -> None:
    labels = score_responses(fw, read_responses(SURVEY / "small.csv"))
    positions = score_responses(fw, read_responses(SURVEY / "small_positions.csv"))
    assert positions.to_json_dict() == labels.to_json_dict()


def test_integer_and_float_position_columns(fw: Framework) -> None:
    base = read_responses(SURVEY / "small_positions.csv").with_columns(pl.col("answer").str.replace("๔", "4"))
    expected = score_responses(fw, read_responses(SURVEY / "small.csv")).to_json_dict()
    for dtype in (pl.Int8, pl.Int64, pl.Float64):
        frame = base.with_columns(pl.col("answer").cast(dtype))
        assert score_responses(fw, frame).to_json_dict() == expected
    cat = base.with_columns(pl.col("question", "sub_item", "answer").cast(pl.Categorical))
    assert score_responses(fw, cat).to_json_dict() == expected
    assert score_responses(fw, cat.lazy()).to_json_dict() == expected


def test_two_agencies_scored_separately(fw: Framework) -> None:
    both = score_responses(fw, read_responses(SURVEY / "two_agencies.csv"))
    assert both.agencies == sorted(["อบต.หนึ่ง", "เทศบาลสอง"])
    one = both.agency("อบต.หนึ่ง")
    assert one.indicators == SMALL_INDICATORS
    assert one.respondents == {"IIT": 3}
    two = both.agency("เทศบาลสอง")
    # i2: มาก 66.67, มากที่สุด 100 → 83.335 → 83.34 (half up); i13: น้อย, น้อย → 33.33.
    # R1 and R2 are different people from อบต.หนึ่ง's R1 and R2.
    assert {q.code: q.score for q in two.questions} == {"i2": 83.34, "i13": 33.33}
    assert two.indicators == {"1": 83.34, "3": 33.33}
    assert two.respondents == {"IIT": 2}
    # Scoring each agency alone gives the same result.
    alone = score_responses(fw, read_responses(SURVEY / "small.csv")).agency(SINGLE_AGENCY)
    assert one.model_dump(exclude={"agency"}) == alone.model_dump(exclude={"agency"})
    # The national frame: one row per agency, one column per indicator.
    wide = both.indicator_frame(wide=True)
    assert wide.columns[0] == "agency" and set(wide.columns[1:]) == {"1", "2", "3", "5"}
    assert wide.filter(pl.col("agency") == "เทศบาลสอง").select("1", "3").row(0) == (83.34, 33.33)
    long = both.indicator_frame()
    assert long.height == 5 and long.get_column("score").to_list() == [61.11, 55.56, 50.0, 83.34, 33.33]
    doc = both.to_json_dict()
    json.dumps(doc, ensure_ascii=False)
    assert [a["agency"] for a in doc["agencies"]] == both.agencies
    assert doc["agencies"][1] == both.agency(both.agencies[1]).to_json_dict()


def full_iit(fw: Framework, pick, respondents: int = 1) -> pl.DataFrame:
    """Every IIT answer point answered by `respondents` people; `pick(question, scale)` gives the answer."""
    rows = []
    for r in range(respondents):
        for q in fw.questions.items:
            for sub in q.sub_items:
                scale = fw.questions.scales[sub.scale]
                rows.append((f"r{r}", q.code, sub.code or None, pick(q.code, scale)))
    return answers(rows)


def best(scale) -> str:
    return max(scale.options, key=scale.options.get)


def worst(scale) -> str:
    return min(scale.options, key=scale.options.get)


def test_instrument_score_by_hand(fw: Framework) -> None:
    # Everything best except i9 (reversed: มากที่สุด scores 0): indicator 2 = (5 × 100 + 0) / 6 = 83.33,
    # IIT = (100 + 83.3333 + 100 + 100 + 100) / 5 = 96.6667 → 96.67.
    frame = full_iit(fw, lambda q, scale: "มากที่สุด" if q == "i9" else best(scale), respondents=2)
    one = score_responses(fw, frame).agency(SINGLE_AGENCY)
    assert one.indicators == {"1": 100.0, "2": 83.33, "3": 100.0, "4": 100.0, "5": 100.0}
    assert one.instruments == {"IIT": 96.67}
    assert one.respondents == {"IIT": 2}
    assert one.warnings == []
    assert len(one.questions) == 30 and sum(len(q.sub_items) for q in one.questions) == 51


@settings(max_examples=25, deadline=None)
@given(
    good=st.booleans(),
    n_agencies=st.integers(1, 3),
    n_respondents=st.integers(1, 4),
    as_position=st.booleans(),
    upper=st.booleans(),
)
def test_all_best_or_all_worst(good: bool, n_agencies: int, n_respondents: int, as_position: bool, upper: bool):
    fw = FrameworkRegistry().get(2564)

    def pick(code: str, scale) -> str:
        label = best(scale) if good else worst(scale)
        return str(list(scale.options).index(label) + 1) if as_position else label

    one = full_iit(fw, pick, n_respondents)
    if upper:
        one = one.with_columns(pl.col("question", "sub_item").str.to_uppercase())
    frame = pl.concat([one.with_columns(agency=pl.lit(f"ag{i}")) for i in range(n_agencies)], how="diagonal")
    scores = score_responses(fw, frame)
    target = 100.0 if good else 0.0
    assert scores.agencies == [f"ag{i}" for i in range(n_agencies)]
    for result in scores.by_agency():
        assert {q.score for q in result.questions} == {target}
        assert len(result.questions) == 30
        assert result.indicators == {str(n): target for n in range(1, 6)}
        assert result.instruments == {"IIT": target}
        assert result.respondents == {"IIT": n_respondents}
        assert result.warnings == []


# --- the bench framework file ------------------------------------------------------------------


def test_bench_framework_extends_2564(fw: Framework) -> None:
    bench = load_framework_file(BENCH_FRAMEWORK)
    assert bench.fiscal_year == 2564
    codes = [q.code for q in bench.questions.items]
    assert codes == [q.code for q in fw.questions.items] + [f"e{i}" for i in range(1, 16)]
    # The copied IIT questions must stay identical to the built-in ones.
    assert bench.questions.items[:30] == fw.questions.items
    by_indicator = {n: sum(1 for q in bench.questions.items if q.indicator == n) for n in (6, 7, 8)}
    assert by_indicator == {6: 5, 7: 5, 8: 5}
    assert all(q.text_th.startswith("[สังเคราะห์]") for q in bench.questions.items[30:])
    raw = yaml.safe_load(BENCH_FRAMEWORK.read_text(encoding="utf-8"))
    assert raw["extends"] == 2564


def test_eit_with_bench_framework() -> None:
    bench = load_framework_file(BENCH_FRAMEWORK)
    # EIT e1 (four_level), e2 a/b, e4 yes_no_bad: two respondents; IIT R1 is another person than EIT R1.
    frame = answers(
        [
            ("R1", "e1", None, "มาก"),  # e1: (66.67 + 100) / 2 = 83.335 → 83.34
            ("R2", "e1", None, "มากที่สุด"),
            ("R1", "e2", "a", "น้อย"),  # e2 a: 33.33, e2 b: 0 → e2 = 16.665 → 16.67
            ("R1", "e2", "b", "น้อยที่สุดหรือไม่มีเลย"),
            ("R1", "e4", None, "มี"),  # e4: (0 + 100) / 2 = 50
            ("R2", "e4", None, "ไม่มี"),
            ("R1", "i2", None, "มาก"),
        ]
    )
    one = score_responses(bench, frame).agency(SINGLE_AGENCY)
    # indicator 6 = (83.335 + 16.665 + 50) / 3 = 50
    assert {q.code: q.score for q in one.questions} == {"i2": 66.67, "e1": 83.34, "e2": 16.67, "e4": 50.0}
    assert one.indicators == {"1": 66.67, "6": 50.0}
    assert one.respondents == {"IIT": 1, "EIT": 2}
    e2 = next(q for q in one.questions if q.code == "e2")
    assert e2.respondents == 1


# --- blanks and warnings -----------------------------------------------------------------------


def test_blank_answers_are_skipped(fw: Framework) -> None:
    frame = answers(
        [("R1", "i2", None, "มาก"), ("R2", "i2", None, ""), ("R3", "i2", None, None), ("R4", "i2", None, " ")]
    )
    scores = score_responses(fw, frame)
    one = scores.agency(SINGLE_AGENCY)
    assert one.questions[0].score == 66.67 and one.questions[0].respondents == 1
    assert one.respondents == {"IIT": 1}
    assert any("skipped 3 blank" in w.en for w in scores.warnings)


def test_missing_sub_item_is_warned(fw: Framework) -> None:
    one = score_responses(fw, answers([("R1", "i1", "a", "มาก")])).agency(SINGLE_AGENCY)
    assert one.questions[0].score == 66.67
    assert one.warnings[0].en.startswith("question i1: no answers for sub-item(s) b")


def test_low_confidence_question_is_warned(fw: Framework) -> None:
    scores = score_responses(fw, answers([("R1", "i10", None, "น้อย")]))
    assert any("i10" in w.en and "not confirmed" in w.en for w in scores.warnings)


# --- errors ------------------------------------------------------------------------------------


def test_unknown_question(fw: Framework) -> None:
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([("R1", "i2", None, "มาก"), ("R1", "e1", None, "มาก")]))
    text = message(exc)
    assert "e1" in text and "EIT" in text and "extends: 2564" in text
    assert "ไม่มีข้อคำถาม e1" in exc.value.th
    assert "row 2" in exc.value.en


def test_unknown_sub_item(fw: Framework) -> None:
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([("R1", "i1", "z", "มาก")]))
    assert "question i1 has no sub-item 'z' (it has a, b)" in exc.value.en
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([("R1", "i2", "a", "มาก")]))
    assert "question i2 has no sub-items" in exc.value.en
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([("R1", "i1", None, "มาก")]))
    assert "question i1 needs a sub_item (a, b)" in exc.value.en
    assert "ต้องระบุประเด็นย่อย" in exc.value.th


def test_answer_not_in_scale(fw: Framework) -> None:
    rows = [("R0", "i2", None, "มาก")] + [(f"R{i}", "i2", None, "ดีมาก") for i in range(1, 8)]
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers(rows))
    en = exc.value.en
    assert en.startswith("7 answer(s) are not options")
    assert "row 2: question i2 sub-item - answer 'ดีมาก'" in en
    assert "row 6:" in en and "row 7:" not in en  # the first five only
    assert "น้อยที่สุดหรือไม่มีเลย, น้อย, มาก, มากที่สุด" in en
    assert "แถวที่ 2" in exc.value.th
    # Positions beyond the scale, and a four-level label on a yes/no question.
    for bad in [("R1", "i2", None, "5"), ("R1", "i4", "a", "3"), ("R1", "i4", "a", "มาก")]:
        with pytest.raises(ScoreInputError):
            score_responses(fw, answers([bad]))


def test_missing_columns(fw: Framework, tmp_path: Path) -> None:
    frame = answers([("R1", "i2", None, "มาก")]).drop("answer")
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, frame)
    assert "answer" in exc.value.en and "ขาดคอลัมน์" in exc.value.th
    path = tmp_path / "a.csv"
    path.write_text("respondent,q,answer\nR1,i2,มาก\n", encoding="utf-8")
    with pytest.raises(ScoreInputError) as exc:
        read_responses(path)
    assert "lack column(s) question" in exc.value.en


def test_empty_input(fw: Framework, tmp_path: Path) -> None:
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([]))
    assert "empty" in exc.value.en and "ว่าง" in exc.value.th
    header_only = tmp_path / "h.csv"
    header_only.write_text("respondent,question,sub_item,answer\n", encoding="utf-8")
    with pytest.raises(ScoreInputError, match="ไม่มีคำตอบ"):
        score_responses(fw, read_responses(header_only))
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(ScoreInputError) as exc:
        read_responses(empty)
    assert "is empty" in exc.value.en
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers([("R1", "i2", None, ""), ("R2", "i2", None, None)]))
    assert "blank" in exc.value.en


def test_duplicate_answers(fw: Framework) -> None:
    rows = [("R1", "i1", "a", "มาก"), ("R2", "i1", "a", "มาก"), ("R1", "I1", "A", "น้อย")]
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, answers(rows))
    assert "more than once" in exc.value.en
    assert "row 1: respondent R1" in exc.value.en and "row 3: respondent R1" in exc.value.en


def test_null_respondent(fw: Framework) -> None:
    frame = answers([("R1", "i2", None, "มาก"), (None, "i2", None, "มาก")])
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, frame)
    assert "column respondent is empty in 1 rows (rows 2)" in exc.value.en


# --- files -------------------------------------------------------------------------------------


def test_read_parquet_and_csv_agree(fw: Framework, tmp_path: Path) -> None:
    frame = read_responses(SURVEY / "two_agencies.csv")
    path = tmp_path / "answers.parquet"
    frame.with_columns(extra=pl.lit(1)).write_parquet(path)
    back = read_responses(path)
    assert back.columns == ["agency", "respondent", "question", "sub_item", "answer"]
    assert score_responses(fw, back).to_json_dict() == score_responses(fw, frame).to_json_dict()


def test_read_thai_windows_csv(fw: Framework, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes((SURVEY / "small.csv").read_text(encoding="utf-8").encode("cp874"))
    expected = score_responses(fw, read_responses(SURVEY / "small.csv")).to_json_dict()
    assert score_responses(fw, read_responses(path)).to_json_dict() == expected


def test_read_errors(tmp_path: Path) -> None:
    with pytest.raises(ScoreInputError) as exc:
        read_responses(tmp_path / "answers.xlsx")
    assert ".csv" in exc.value.en and ".parquet" in exc.value.en and "รองรับ" in exc.value.th
    with pytest.raises(ScoreInputError) as exc:
        read_responses(tmp_path / "missing.csv")
    assert "not found" in exc.value.en and "ไม่พบ" in exc.value.th
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"this is not parquet")
    with pytest.raises(ScoreInputError) as exc:
        read_responses(broken)
    assert "cannot read" in exc.value.en and "อ่านไฟล์" in exc.value.th


# --- integer / Categorical / Enum codes (the packed fast path) ---------------------------------


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.all().cast(pl.String))


def _bench_sample(encoding: str) -> pl.DataFrame:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import bench_survey

    return bench_survey.build(load_framework_file(BENCH_FRAMEWORK), 25, 2000, seed=3, encoding=encoding)


@pytest.mark.parametrize("encoding", ["categorical", "position"])
def test_codes_score_like_text(encoding: str) -> None:
    bench = load_framework_file(BENCH_FRAMEWORK)
    codes = _bench_sample(encoding)
    assert codes.schema["agency"].is_integer() and codes.schema["respondent"].is_integer()
    got = score_responses(bench, codes).to_json_dict()
    want = score_responses(bench, _as_text(codes)).to_json_dict()
    assert got == want
    assert len(got["agencies"]) == 25
    # Enum columns and a Categorical agency name take the same path and give the same result.
    names = codes.with_columns(
        pl.format("อบต.{}", "agency").cast(pl.Categorical).alias("agency"),
        pl.col("question").cast(pl.String).cast(pl.Enum(sorted(set(codes["question"].cast(pl.String))))),
    )
    renamed = {f"อบต.{a['agency']}": a for a in want["agencies"]}
    out = score_responses(bench, names).to_json_dict()["agencies"]
    assert {a["agency"]: {**a, "agency": a["agency"]} for a in out} == {
        k: {**v, "agency": k} for k, v in renamed.items()
    }


def test_codes_messy_answers_blank_and_case(fw: Framework) -> None:
    # upper-case codes, Thai digits, spaces, an empty answer and a null answer, integer respondents
    rows = [
        (7, 1, "i1", "a", "มาก"),
        (7, 1, "i1", "b", "4"),
        (7, 2, "I1", "A", " ๒ "),
        (7, 2, "i1", "b", ""),
        (7, 1, "i9", None, "น้อย"),
        (8, 1, "i1", "a", "มากที่สุด"),
        (8, 1, "i2", None, None),
    ]
    schema = {
        "agency": pl.Int32,
        "respondent": pl.Int64,
        "question": pl.String,
        "sub_item": pl.String,
        "answer": pl.String,
    }
    text = pl.DataFrame(rows, schema=schema, orient="row")
    codes = text.with_columns(pl.col("question", "sub_item", "answer").cast(pl.Categorical))
    got = score_responses(fw, codes)
    assert got.to_json_dict() == score_responses(fw, _as_text(text)).to_json_dict()
    assert got.agency("7").respondents == {"IIT": 2}
    assert any("skipped 2 blank" in w.en for w in got.warnings)


@pytest.mark.parametrize(("word_bits", "max_lookup"), [(64, 1 << 22), (8, 1 << 22), (64, 1)])
def test_codes_duplicate_answers(fw: Framework, word_bits: int, max_lookup: int, monkeypatch: pytest.MonkeyPatch):
    # word_bits=8 spreads an instrument's 51 answer points over 7 mask words (as > 64 points would);
    # max_lookup=1 makes the per-respondent pass fall back to the hashed one used for text
    import prongsai.core.survey as survey

    monkeypatch.setattr(survey, "_WORD_BITS", word_bits)
    monkeypatch.setattr(survey, "_MAX_LOOKUP", max_lookup)
    rows = [(1, "i1", "a", "มาก"), (2, "i1", "a", "มาก"), (1, "i30", "d", "มาก"), (1, "I30", "D", "น้อย")]
    frame = pl.DataFrame(rows, schema=["respondent", "question", "sub_item", "answer"], orient="row", strict=False)
    frame = frame.with_columns(pl.col("question", "sub_item", "answer").cast(pl.Categorical))
    with pytest.raises(ScoreInputError) as exc:
        score_responses(fw, frame.with_columns(agency=pl.lit(5, dtype=pl.Int16)))
    assert "more than once" in exc.value.en
    assert "row 3: respondent 1 question i30 d" in exc.value.en and "row 4: respondent 1 question I30 D" in exc.value.en
    # without the repeat every respondent is counted once, on the same path
    one = score_responses(fw, frame.head(3).with_columns(agency=pl.lit(5, dtype=pl.Int16))).agency("5")
    assert one.respondents == {"IIT": 2}
    sample = _bench_sample("categorical")
    bench = load_framework_file(BENCH_FRAMEWORK)
    assert score_responses(bench, sample).to_json_dict() == score_responses(bench, _as_text(sample)).to_json_dict()
