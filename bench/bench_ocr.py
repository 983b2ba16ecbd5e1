"""Benchmark: OCR of scans of our own documents — seconds per page, and whether every field is read right.

The documents: the DOCX fixture ``tests/fixtures/documents/ita_2567.docx`` and the report documents
(``build_report``: news, memo and analysis, Thai digits, plus the news in Arabic digits), converted to PDF by
LibreOffice (cached under ``bench/out/ocr/``). Each PDF is scanned synthetically (``tests/fixtures/documents/
scans.py``: 150 dpi grey, copier speckle, sensor noise, ±1° rotation, fixed seed) into an image-only PDF, which
``read_document`` reads by OCR and ``parse_text`` parses. Expected: what ``parse_text`` gives for the DOCX itself.

    .venv/bin/python bench/bench_ocr.py                  # every document, one core (taskset), 1 run
    .venv/bin/python bench/bench_ocr.py --docs ita news_thai --repeat 3
    .venv/bin/python bench/bench_ocr.py --no-pin --show  # print the OCR text

Seconds per page are reported from the process's CPU time (what one core gives; the reader is single-threaded)
and from wall time (which on a busy machine also counts waiting). Writes bench/out/ocr.json (gitignored).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"
FIXTURES = ROOT / "tests" / "fixtures" / "documents"

# One core, before numpy (and its BLAS threads) is imported: what one OCR job gets on a server.
if "--no-pin" not in sys.argv and hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from prongsai.core.documents.parse import parse_text  # noqa: E402
from prongsai.core.documents.read import read_bytes  # noqa: E402

DOCS = ("ita", "news_thai", "news_arabic", "memo_thai", "analysis_thai")


def _scans():
    spec = importlib.util.spec_from_file_location("ocr_scans", FIXTURES / "scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report_docx(kind: str, digits: str) -> bytes:
    from prongsai.core.frameworks import FrameworkRegistry
    from prongsai.core.pipeline import ReportInput, build_report, prepare
    from prongsai.core.scoring import score_indicators

    registry = FrameworkRegistry()
    values = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]

    def result(fy: int, drift: float):
        return score_indicators(registry.get(fy), {i + 1: v + drift for i, v in enumerate(values)})

    data = ReportInput(
        agency_name="องค์การบริหารส่วนตำบลบ้านตัวอย่าง", district="เมืองตัวอย่าง", province="ตัวอย่าง",
        website="https://www.bantuayang.go.th", units=["สำนักปลัด", "กองคลัง", "กองช่าง"],
        signer_name="นายสมชาย ใจดี", result=result(2567, 0), history=[result(2566, -3), result(2565, -5)],
        document_date=date(2024, 10, 15),
    )
    analysis, plan = prepare(data, registry=registry)
    return build_report(kind, analysis, plan, data, digits=digits).to_bytes()


def docx_of(name: str) -> bytes:
    if name == "ita":
        return (FIXTURES / "ita_2567.docx").read_bytes()
    kind, digits = name.split("_")
    return report_docx(kind, digits)


def pdf_of(name: str, docx: bytes) -> bytes:
    from prongsai.core.documents.write.pdf import docx_to_pdf

    cache = OUT / "ocr" / f"{name}.pdf"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(docx_to_pdf(docx))
    return cache.read_bytes()


def fields(doc) -> dict:
    data = doc.to_json_dict()
    for key in ("source", "ocr", "ocr_fields"):
        data.pop(key, None)
    return data


def flat(data: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, name + "."))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                out[f"{name}.{i}"] = item
        else:
            out[name] = value
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", nargs="*", default=list(DOCS), choices=DOCS)
    ap.add_argument("--repeat", type=int, default=1, help="read each scan N times; the fastest counts")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one core")
    ap.add_argument("--show", action="store_true", help="print the OCR text")
    args = ap.parse_args()
    scans = _scans()
    rows = []
    total_pages = total_cpu = total_wall = 0.0
    right_fields = all_fields = 0
    warm = read_bytes(scans.png(scans.scan_pages(pdf_of("ita", docx_of("ita")), pages=1)[0]), filename="warm.png")
    del warm  # Tesseract's models and the digit templates are loaded once per process, as in a server
    for name in args.docs:
        docx = docx_of(name)
        expected = fields(parse_text(read_bytes(docx, filename=f"{name}.docx").text, name).document)
        images = scans.scan_pages(pdf_of(name, docx))
        scan = scans.image_pdf(images)
        best = None
        for _ in range(args.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            extracted = read_bytes(scan, filename=f"{name}-scan.pdf")
            cpu, wall = time.process_time() - c0, time.perf_counter() - t0
            if best is None or cpu < best[0]:
                best = (cpu, wall, extracted)
        cpu, wall, extracted = best
        got = fields(parse_text(extracted.text, name).document)
        want_flat, got_flat = flat(expected), flat(got)
        keys = sorted(set(want_flat) | set(got_flat))
        stated = [k for k in keys if want_flat.get(k) not in (None, [], {})]
        wrong = {k: (want_flat.get(k), got_flat.get(k)) for k in stated if want_flat.get(k) != got_flat.get(k)}
        # Read from the scan but not from the DOCX (the scan is laid out as printed): listed, not counted.
        extra = {k: got_flat[k] for k in keys if k not in stated and got_flat.get(k) not in (None, [], {})}
        right = len(stated) - len(wrong)
        pages = len(images)
        rows.append(
            {
                "document": name, "pages": pages, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
                "cpu_s_per_page": round(cpu / pages, 2), "wall_s_per_page": round(wall / pages, 2),
                "fields_stated": len(stated), "fields_right": right, "wrong": wrong, "extra": extra,
            }
        )
        total_pages += pages
        total_cpu += cpu
        total_wall += wall
        right_fields += right
        all_fields += len(stated)
        status = ("all fields right" if not wrong else f"WRONG: {wrong}") + (f"; also read: {extra}" if extra else "")
        print(
            f"{name:14} {pages} page(s)  {cpu / pages:5.2f} s/page CPU  {wall / pages:5.2f} s/page wall  "
            f"fields {right}/{len(stated)}  {status}"
        )
        if args.show:
            print(extracted.text.replace("\t", " ⇥ "))
    print(
        f"total: {int(total_pages)} pages, {total_cpu / total_pages:.2f} s/page CPU, "
        f"{total_wall / total_pages:.2f} s/page wall; fields right {right_fields}/{all_fields}"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ocr.json").write_text(
        json.dumps(
            {
                "python": platform.python_version(), "machine": platform.machine(),
                "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
                "pinned": not args.no_pin, "documents": rows,
                "total": {"pages": total_pages, "cpu_s_per_page": round(total_cpu / total_pages, 2),
                          "wall_s_per_page": round(total_wall / total_pages, 2),
                          "fields_right": right_fields, "fields_stated": all_fields},
            },
            ensure_ascii=False, indent=2,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
