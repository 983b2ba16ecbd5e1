"""DOCX → PDF through LibreOffice: Thai text extracts exactly, fonts are embedded, lines break between words,
the printed size is TH Sarabun New's, page numbers are Thai digits.

The LibreOffice tests skip only when soffice is absent; `make test` installs it (`make debian-deps`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from prongsai.core.documents.write.docx_thai import ThaiDocument
from prongsai.core.documents.write.pdf import docx_to_pdf, pdf_fonts, pdf_page_count, pdf_text, soffice_path
from prongsai.core.errors import DocumentError

MARKS = "ผู้ใหญ่ ปี่ ป้า ฝั่ง ฟ้า น้ำ กำลัง ปั้น ที่นั่น กตัญญู ฐูปะ ฤดู ฤๅษี ฎีกา ฏุ เป็น ญี่ปุ่น โต๊ะ จ๋า ก็ ปิ่น ฝ้าย"
LONG = (
    "สำนักงานปลัดกระทรวงมหาดไทยได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    "ประจำปีงบประมาณโดยมีวัตถุประสงค์เพื่อส่งเสริมการปกครองในระบอบประชาธิปไตยและยกระดับผลการดำเนินงาน"
    "ของหน่วยงานให้เป็นไปตามมติคณะรัฐมนตรีซึ่งผลการประเมินจะนำไปใช้ในการจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    "ภายในหน่วยงานและเผยแพร่ต่อสาธารณะผ่านเว็บไซต์ของหน่วยงานอย่างต่อเนื่อง"
)

needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed; `make debian-deps` installs it"
)


def thai_report(digits: str = "thai") -> bytes:
    doc = ThaiDocument(digits=digits)
    doc.heading("รายงานผลการประเมิน ITA ปีงบประมาณ 2568", level=0)
    doc.heading("1. เครื่องหมายวรรณยุกต์และสระ", level=1)
    doc.paragraph(MARKS, indent=False)
    doc.heading("2. ข้อความยาวไม่มีช่องว่าง", level=1)
    doc.paragraph(LONG)
    doc.numbered(["ข้อแรก", "ข้อสอง"])
    doc.table(["ข้อความในช่องแคบ"], [[LONG]], widths_cm=[5.5])
    doc.table(["ตัวชี้วัด", "คะแนน"], [["การปฏิบัติหน้าที่", 93.76], ["การใช้งบประมาณ", 1234.5]], widths_cm=[10, 4])
    doc.page_break()
    doc.paragraph(MARKS, indent=False)
    doc.signature("นายสมชาย ใจดี", "ผู้อำนวยการกองยุทธศาสตร์", closing="ขอแสดงความนับถือ")
    return doc.to_bytes()


@pytest.fixture(scope="module")
def thai_pdf(tmp_path_factory) -> Path:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make debian-deps` installs it")
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    docx_to_pdf(thai_report("thai"), path)
    return path


@pytest.fixture(scope="module")
def arabic_pdf(tmp_path_factory) -> bytes:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make debian-deps` installs it")
    return docx_to_pdf(thai_report("arabic"))


def lines_of(text: str, paragraph: str, start: int = 0) -> list[str]:
    """The extracted lines that carry `paragraph` (found from `start`)."""
    at = text.index(paragraph[:15], start)
    lines, joined = [], ""
    for line in text[at:].split("\n"):
        lines.append(line)
        joined += line
        if len(joined) >= len(paragraph):
            break
    assert joined[: len(paragraph)] == paragraph, joined
    return lines


def bad_breaks(paragraph: str, lines: list[str]) -> list[str]:
    """Line breaks inside a word. A break is fine at a PyThaiNLP newmm word boundary, or where it splits a compound
    into dictionary words (ระบอบ|ประชาธิปไตย, คณะ|รัฐมนตรี); anything else splits a word or syllable."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    words = thai_words()
    spans, position = [], 0
    for token in word_tokenize(paragraph, engine="newmm", keep_whitespace=False):
        spans.append((position, position + len(token)))
        position += len(token)
    bad, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        inside = [(a, b) for a, b in spans if a < offset < b]
        if not inside:
            continue
        a, b = inside[0]
        parts = (paragraph[a:offset], paragraph[offset:b])
        if not all(all(t in words for t in word_tokenize(p, engine="newmm", keep_whitespace=False)) for p in parts):
            bad.append(f"{paragraph[a:offset]}|{paragraph[offset:b]}")
    return bad


@needs_soffice
def test_thai_text_extracts_exactly_with_marks_in_order(thai_pdf):
    text = pdf_text(thai_pdf)
    assert text.count(MARKS) == 2  # on page 1 and on page 2 (after the page number was rewritten)
    assert "".join(lines_of(text, LONG))[: len(LONG)] == LONG
    assert "รายงานผลการประเมิน ITA ปีงบประมาณ ๒๕๖๘" in text
    assert "๙๓.๗๖" in text and "๑,๒๓๔.๕๐" in text
    assert "\ufffd" not in text and not any("\ue000" <= ch <= "\uf8ff" for ch in text)  # no PUA glyph codes


@needs_soffice
def test_every_font_is_embedded_and_is_sarabun(thai_pdf):
    fonts = pdf_fonts(thai_pdf)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert all(name.startswith("Sarabun") for name, _ in fonts), fonts  # no fallback font for Thai or Latin
    if shutil.which("pdffonts"):
        rows = subprocess.run(["pdffonts", str(thai_pdf)], capture_output=True, text=True, check=True).stdout
        table = rows.splitlines()[2:]  # name type encoding emb sub uni object-id generation
        assert table and all(row.split()[-5] == "yes" for row in table), rows


@needs_soffice
def test_line_breaks_fall_between_words(thai_pdf):
    text = pdf_text(thai_pdf)
    body = lines_of(text, LONG)
    narrow = lines_of(text, LONG, text.index("ข้อความในช่องแคบ"))
    assert len(body) >= 3 and len(narrow) >= 10  # the paragraph and the 5.5 cm table cell really wrap
    assert bad_breaks(LONG, body) == []
    assert bad_breaks(LONG, narrow) == []


@needs_soffice
def test_printed_size_and_page(thai_pdf):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(thai_pdf))
    try:
        page = document[0]
        assert (round(page.get_width()), round(page.get_height())) == (595, 842)  # A4
        sizes = {
            round(obj.get_font_size() * obj.get_matrix().d, 1)
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,))
        }
        # TH Sarabun New 16 pt body and 20 pt title print as Sarabun 11 pt and 14 pt
        assert 11.0 in sizes and 14.0 in sizes and max(sizes) <= 14.0
    finally:
        document.close()


@needs_soffice
def test_page_numbers_in_thai_digits_from_page_two(thai_pdf, arabic_pdf):
    pages = pdf_text(thai_pdf).split("\f")
    assert len(pages) == pdf_page_count(thai_pdf) >= 2
    assert not pages[0].startswith("-") and "- ๑ -" not in pages[0]
    assert pages[1].startswith("- ๒ -\n")
    assert "๑.\tข้อแรก" in pages[0] or "๑. ข้อแรก" in pages[0] or "๑.ข้อแรก" in pages[0]
    arabic_pages = pdf_text(arabic_pdf).split("\f")
    assert arabic_pages[1].startswith("- 2 -\n")
    assert "2568" in arabic_pages[0] and "๒" not in "".join(arabic_pages)


@needs_soffice
def test_renders_to_png_with_pdftoppm(thai_pdf, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed; `make debian-deps` installs it")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png", str(thai_pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 2 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


@needs_soffice
def test_concurrent_conversions_in_one_process():
    doc = ThaiDocument()
    doc.paragraph("ทดสอบการแปลงพร้อมกัน น้ำ ปั้น")
    data = doc.to_bytes()
    results: list[bytes | Exception] = []

    def convert() -> None:
        try:
            results.append(docx_to_pdf(data))
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert all(isinstance(r, bytes) and "น้ำ ปั้น" in pdf_text(r) for r in results), results


@needs_soffice
def test_pdf_a():
    doc = ThaiDocument()
    doc.paragraph("เอกสารเก็บถาวร น้ำ")
    pdf = docx_to_pdf(doc.to_bytes(), pdf_version="PDF/A-2b")
    assert b"pdfaid:part>2" in pdf and "เอกสารเก็บถาวร น้ำ" in pdf_text(pdf)
    with pytest.raises(ValueError):
        docx_to_pdf(doc.to_bytes(), pdf_version="PDF/X")


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PRONGSAI_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(DocumentError) as error:
        docx_to_pdf(ThaiDocument().to_bytes())
    assert "LibreOffice" in error.value.th and "make debian-deps" in error.value.en


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_failing_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    script = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'\nexit 1")
    monkeypatch.setenv("PRONGSAI_SOFFICE", script)
    with pytest.raises(DocumentError) as error:
        docx_to_pdf(ThaiDocument().to_bytes())
    assert "แปลงเอกสารไม่ได้" in error.value.th and "could not be loaded" in error.value.en


def test_hanging_libreoffice_times_out(monkeypatch, tmp_path):
    monkeypatch.setenv("PRONGSAI_SOFFICE", fake_soffice(tmp_path, "sleep 30"))
    with pytest.raises(DocumentError) as error:
        docx_to_pdf(ThaiDocument().to_bytes(), timeout=1)
    assert "นานเกิน" in error.value.th and "longer than 1 s" in error.value.en


def test_not_a_docx():
    with pytest.raises(DocumentError):
        docx_to_pdf(b"%PDF-1.7 not a docx")


def test_pdf_text_of_a_broken_file_is_a_document_error(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(DocumentError):
        pdf_text(broken)
    assert os.path.exists(broken)


@needs_soffice
@pytest.mark.parametrize("per_run", [100, 2])
def test_a_batch_in_one_libreoffice_run_gives_the_same_text_as_one_by_one(monkeypatch, per_run):
    """Also split over several LibreOffice runs (a large batch: LibreOffice stops after ~240 in one run), the
    PDFs come back complete and in order."""
    from prongsai.core.documents.write import pdf as pdf_module
    from prongsai.core.documents.write.pdf import docx_to_pdf_many

    monkeypatch.setattr(pdf_module, "MAX_PER_RUN", per_run)

    docs = []
    for n in range(3):
        doc = ThaiDocument(digits="thai")
        doc.heading(f"เอกสารที่ {n + 1} ผู้ใหญ่ น้ำ กำลัง")
        doc.paragraph(f"คะแนนภาพรวม {90 + n}.50 คะแนน")
        docs.append(doc.to_bytes())
    pdfs = docx_to_pdf_many(docs)
    assert len(pdfs) == 3
    for n, pdf in enumerate(pdfs):
        text = pdf_text(pdf)
        assert f"เอกสารที่ {'๑๒๓'[n]} ผู้ใหญ่ น้ำ กำลัง" in text
        assert all(embedded for _, embedded in pdf_fonts(pdf))
    assert docx_to_pdf_many([]) == []


@needs_soffice
def test_a_killed_libreoffice_is_restarted_and_the_batch_completes(monkeypatch):
    """The first LibreOffice process is killed as soon as it starts: the converter starts another (fresh profile)
    for the documents left and the batch gives the same text as converting each document on its own."""
    import signal

    from prongsai.core.documents.write import pdf as pdf_module
    from prongsai.core.documents.write.pdf import docx_to_pdf_many

    docs = []
    for n in range(3):
        doc = ThaiDocument(digits="thai")
        doc.heading(f"เอกสารที่ {n + 1} ผู้ใหญ่ น้ำ กำลัง")
        doc.paragraph(LONG)
        docs.append(doc.to_bytes())
    single = [pdf_text(docx_to_pdf(d)) for d in docs]

    started: list[subprocess.Popen] = []

    def kill_first(proc: subprocess.Popen) -> None:
        started.append(proc)
        if len(started) == 1:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)  # wait on the process state, not on the clock

    monkeypatch.setattr(pdf_module, "_on_office_start", kill_first)
    pdfs = docx_to_pdf_many(docs, timeout=300)
    assert len(started) == 2 and started[0].returncode == -signal.SIGKILL
    assert all(p.poll() is not None for p in started)  # no office process is left behind
    assert [pdf_text(p) for p in pdfs] == single


def test_a_document_that_always_fails_is_an_error_after_one_retry(monkeypatch, tmp_path):
    calls = tmp_path / "calls"
    script = fake_soffice(tmp_path, f"echo run >> {calls}\necho 'Error: source file could not be loaded'\nexit 1")
    monkeypatch.setenv("PRONGSAI_SOFFICE", script)
    with pytest.raises(DocumentError):
        docx_to_pdf(ThaiDocument().to_bytes())
    assert calls.read_text().count("run") == 2


# --- speed: what LibreOffice is spared (docs/performance.md, "PDFs: where LibreOffice's time went") ---


def _styles_of(docx: bytes):
    import io
    import zipfile

    from lxml import etree

    from prongsai.core.documents.write.wordml import W

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml"))
    return {s.get(f"{W}styleId") for s in root.findall(f"{W}style")}, root.find(f"{W}latentStyles")


def test_the_copy_for_libreoffice_keeps_only_the_styles_in_use():
    """python-docx's template carries ~160 styles (100 table styles) and the latent-style list; LibreOffice imports
    them all for every document. The copy it converts keeps the used ones and what they are based on."""
    from prongsai.core.documents.write.pdf import prepare_for_libreoffice

    original = thai_report()
    before, latent_before = _styles_of(original)
    after, latent_after = _styles_of(prepare_for_libreoffice(original)[0])
    assert latent_before is not None and latent_after is None
    assert "LightGrid-Accent1" in before and "LightGrid-Accent1" not in after
    assert len(after) < len(before) / 3
    assert {"Normal", "Title", "Heading1", "TableGrid", "TableNormal"} <= after  # used, based on, defaults


@needs_soffice
def test_dropping_unused_styles_keeps_the_pdf(monkeypatch):
    from prongsai.core.documents.write import pdf as pdf_module

    pruned = docx_to_pdf(thai_report())
    monkeypatch.setattr(pdf_module, "_drop_unused_styles", lambda *args: None)
    full = docx_to_pdf(thai_report())
    assert pdf_text(pruned) == pdf_text(full)
    assert pdf_page_count(pruned) == pdf_page_count(full)
    assert pdf_fonts(pruned) == pdf_fonts(full) == [("Sarabun-Bold", True), ("Sarabun-Regular", True)]


@needs_soffice
def test_libreoffice_skips_its_first_start_self_test():
    """The profile says this version ran before, so LibreOffice does not run its graphics self-test at every start
    (it writes GraphicsRenderTests.log when it does)."""
    from prongsai.core.documents.write import pdf as pdf_module

    docx_to_pdf(thai_report())
    user = pdf_module._work_dir() / "profile" / "user"
    assert "ooSetupLastVersion" in (user / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert not (user / "GraphicsRenderTests.log").exists()


def test_libreoffice_runs_with_jemalloc_when_it_is_installed(monkeypatch, tmp_path):
    from prongsai.core.documents.write.pdf import office_allocator

    monkeypatch.delenv("PRONGSAI_SOFFICE_MALLOC", raising=False)
    jemalloc = office_allocator()
    if jemalloc is None:
        pytest.skip("jemalloc (Debian libjemalloc2) is not installed")
    seen = tmp_path / "preload"
    monkeypatch.setenv("PRONGSAI_SOFFICE", fake_soffice(tmp_path, f'echo "$LD_PRELOAD" >> {seen}\nexit 1'))
    with pytest.raises(DocumentError):
        docx_to_pdf(ThaiDocument().to_bytes())
    assert seen.read_text().split("\n")[0].split()[0] == jemalloc
    seen.unlink()
    monkeypatch.setenv("PRONGSAI_SOFFICE_MALLOC", "glibc")
    with pytest.raises(DocumentError):
        docx_to_pdf(ThaiDocument().to_bytes())
    assert jemalloc not in seen.read_text()
