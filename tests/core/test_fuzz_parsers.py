"""Hypothesis fuzzing of every parser and reader of the core: arbitrary bytes and text never crash them with
anything but the project's own error (``ProngsaiError``, with a Thai message), and never hang (a deadline per
example). Kept small: about 100–150 examples each."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prongsai.core.documents.check import check_text
from prongsai.core.documents.parse import parse_text
from prongsai.core.documents.read import detect_kind, read_bytes
from prongsai.core.documents.template import import_results
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import FrameworkRegistry
from prongsai.core.frameworks.loader import load_framework_file
from prongsai.core.oit.crawler import decode_html, normalise_url, parse_html
from prongsai.core.survey import read_responses, score_responses

THAI = re.compile(r"[\u0e00-\u0e7f]")
# Derandomised (the same examples every run, no example database): a failure reproduces, and the suite never flakes.
FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=120,
    deadline=30_000,  # ms per example: a reader that loops on hostile input fails here (generous: CI may be busy)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that looks like an ITA report: Thai words the parser looks for, numbers in both digit sets, tabs, odd marks.
REPORT_WORDS = [
    "รายงานผลการประเมิน", "คุณธรรมและความโปร่งใส", "ITA", "ปีงบประมาณ", "พ.ศ.", "๒๕๖๘", "2568", "2567", "ตัวชี้วัด",
    "คะแนน", "ระดับ", "AA", "A", "B", "ผ่าน", "ไม่ผ่าน", "IIT", "EIT", "OIT", "องค์การบริหารส่วนตำบล", "เทศบาล",
    "ข้อ", "i1", "e2", "o10", "\t", "\n", " ", "95.50", "100", "-3", "1e308", "๙๙.๙๙", "%", "\u200b", "\u202e", "\x00",
]
report_text = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(REPORT_WORDS) | st.text(max_size=8), max_size=300).map("".join),
)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# Bytes with the start of each format, so the fuzzer reaches past the first check of each reader.
document_bytes = st.one_of(
    st.binary(max_size=4000),
    st.binary(max_size=4000).map(lambda b: b"%PDF-1.4\n" + b),
    st.binary(max_size=2000).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),  # scans: the OCR reader's image checks
    st.binary(max_size=2000).map(lambda b: b"\xff\xd8\xff\xe0" + b),
    st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=2000).map(
        lambda b: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b})
    ),
    st.binary(max_size=2000).map(lambda b: _zip({"[Content_Types].xml": b, "xl/workbook.xml": b})),
    report_text.map(lambda t: ("<html><body><p>" + t + "</p></body></html>").encode("utf-8", "surrogatepass")),
    report_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    report_text.map(lambda t: t.encode("cp874", "ignore")),
)


def _thai_error(exc: ProngsaiError) -> None:
    assert THAI.search(exc.th), exc.th


@FUZZ
@given(data=document_bytes, ext=st.sampled_from(["txt", "docx", "pdf", "html", "xlsx", "bin", ""]))
@example(data=b"", ext="pdf")
@example(data=b"PK\x05\x06" + b"\x00" * 18, ext="docx")
def test_read_bytes_reads_or_refuses_in_thai(data, ext):
    try:
        extracted = read_bytes(data, filename=f"ไฟล์.{ext}" if ext else "ไฟล์")
    except ProngsaiError as exc:
        _thai_error(exc)
    else:
        assert isinstance(extracted.text, str)


@FUZZ
@given(data=document_bytes, name=st.text(max_size=40))
def test_detect_kind_names_a_kind_or_refuses(data, name):
    try:
        kind = detect_kind(data, name)
    except ProngsaiError as exc:
        _thai_error(exc)
    else:
        assert kind in {"txt", "docx", "pdf", "html", "image"}


@FUZZ
@given(text=report_text)
@example(text="ปีงบประมาณ พ.ศ. 2568\n1. ตัวชี้วัด\t999999999999999999999999")
def test_parse_and_check_never_crash(text):
    try:
        parsed = parse_text(text)
        report = check_text(text, "fuzz.txt")
    except ProngsaiError as exc:
        _thai_error(exc)
    else:
        assert parsed is not None and report is not None


@FUZZ
@given(data=document_bytes, suffix=st.sampled_from([".xlsx", ".csv"]))
@example(data=b"\xef\xbb\xbf", suffix=".csv")
def test_result_template_import_reads_or_refuses(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ผล{suffix}"
        path.write_bytes(data)
        try:
            docs = import_results(path)
        except ProngsaiError as exc:
            _thai_error(exc)
        else:
            assert isinstance(docs, list)


csv_text = st.lists(
    st.lists(st.sampled_from(["agency_id", "fiscal_year", "instrument", "question", "sub_item", "answer",
                              "respondent", "1", "2568", "IIT", "i1", "5", "", "ก", "-1", "\"", "x"])
             | st.text(max_size=5),
             min_size=1, max_size=8).map(",".join),
    max_size=30,
).map("\n".join)


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), csv_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=500).map(lambda b: b"PAR1" + b + b"PAR1")),
       suffix=st.sampled_from([".csv", ".parquet"]))
def test_survey_responses_read_or_refuse(registry_for_fuzz, data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"answers{suffix}"
        path.write_bytes(data)
        try:
            frame = read_responses(path)
            score_responses(registry_for_fuzz.get(2568), frame)
        except ProngsaiError as exc:
            _thai_error(exc)


yaml_text = st.one_of(
    st.text(max_size=1500),
    st.lists(st.sampled_from(["extends: 2569\n", "fiscal_year: 2570\n", "title_th: x\n", "pass_line: {score: 85}\n",
                              "instruments:\n", "  - code: IIT\n", "    weight: 1.5\n", "indicators: [1, 2]\n",
                              "levels: {AA: [95, 100]}\n", "!!python/object:os.system ['x']\n", "&a [*a]\n",
                              "extends: 9999\n", "fiscal_year: -1\n", "{", "- ", ": ", "\t"]),
             max_size=30).map("".join),
)


@FUZZ
@given(text=yaml_text)
@example(text="a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n")
def test_framework_loader_loads_or_refuses(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "framework.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_framework_file(path, FrameworkRegistry())
        except ProngsaiError as exc:
            _thai_error(exc)


html_bytes = st.one_of(
    st.binary(max_size=4000),
    st.lists(st.sampled_from(["<a href=\"", "javascript:alert(1)", "\">", "</a>", "<a href='//x'>", "<base href=",
                              "<meta charset=\"tis-620\">", "<meta http-equiv=refresh content='0;url=", "<!--",
                              "<script>", "</script>", "ข่าว", "ITA", "&#x0;", "&amp;", "<iframe src=", "\x00",
                              "https://www.example.go.th/", "../../etc/passwd", "<img src=", "<"])
             | st.text(max_size=6),
             max_size=200).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(data=html_bytes, content_type=st.sampled_from(["", "text/html", "text/html; charset=tis-620",
                                                      "text/html; charset=nonsense"]))
def test_oit_html_parser_never_crashes(data, content_type):
    page = parse_html(data, "https://www.example.go.th/ita/", content_type)
    assert page is not None
    assert isinstance(decode_html(data, content_type), str)


@FUZZ
@given(url=st.text(max_size=200), base=st.sampled_from([None, "https://www.example.go.th/a/b.html"]))
def test_oit_url_normaliser_never_crashes(url, base):
    result = normalise_url(url, base)
    assert result is None or result.startswith(("http://", "https://"))


@pytest.fixture(scope="module")
def registry_for_fuzz():
    return FrameworkRegistry()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
REAL = {name: (FIXTURES / name).read_bytes() for name in ("ita_2567.docx", "ita_2567.pdf", "ita_2567.html")}


@FUZZ
@given(
    name=st.sampled_from(sorted(REAL)),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=20),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_damaged_real_documents_read_or_refuse(name, flips, cut):
    """A real report with bytes changed here and there, or cut short."""
    data = bytearray(REAL[name])
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    try:
        read_bytes(bytes(data), filename=name)
    except ProngsaiError as exc:
        _thai_error(exc)
