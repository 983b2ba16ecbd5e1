"""Benchmark: parse + check of ITA documents, documents per second on one core.

Builds a corpus of varied documents (default 10,000, about 8 KB of UTF-8 each): agency types and
names, results tables laid out with tabs, spaces or broken lines, ranked tables, scores in running
text, Thai/Arabic digits, PDF damage (zero-width characters, decomposed SARA AM, stray spaces),
measures periods, and, in a share of them, the errors the checker looks for. Then it times
`parse_text` + `check_parsed` over the whole corpus in this process (one core).

    .venv/bin/python bench/bench_documents.py            # 10,000 documents
    .venv/bin/python bench/bench_documents.py --docs 2000 --size 16000 --seed 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prongsai.core.documents.check import check_parsed  # noqa: E402
from prongsai.core.documents.lexicon import load_lexicon  # noqa: E402
from prongsai.core.documents.parse import parse_text  # noqa: E402
from prongsai.core.frameworks import FrameworkRegistry  # noqa: E402
from prongsai.core.scoring import score_indicators  # noqa: E402

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
INDICATORS = [
    "การปฏิบัติหน้าที่",
    "การใช้งบประมาณ",
    "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต",
    "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงการทำงาน",
    "การเปิดเผยข้อมูล",
    "การป้องกันการทุจริต",
]
TYPES = ["องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง", "องค์การบริหารส่วนจังหวัด"]
TITLES = {
    "องค์การบริหารส่วนตำบล": "นายกองค์การบริหารส่วนตำบล",
    "เทศบาลตำบล": "นายกเทศมนตรีตำบล",
    "เทศบาลเมือง": "นายกเทศมนตรีเมือง",
    "องค์การบริหารส่วนจังหวัด": "นายกองค์การบริหารส่วนจังหวัด",
}
SYLLABLES = [
    "หนอง",
    "บัว",
    "บ้าน",
    "นา",
    "ทุ่ง",
    "โพธิ์",
    "ดอน",
    "แก้ว",
    "ห้วย",
    "ทราย",
    "วัง",
    "ศรี",
    "สุข",
    "เมือง",
    "คง",
    "ท่า",
    "ข้าม",
    "โคก",
    "สูง",
    "ป่า",
    "แดง",
    "น้ำ",
    "ใส",
    "ลี",
    "เซ",
    "จูด",
    "โละ",
    "ไผ่",
    "ขาม",
    "กลาง",
]
PEOPLE = ["นายสมชาย ใจดี", "นางสาวมาลี ศรีสุข", "นายประเสริฐ มั่นคง", "นางสุดา แก้วมณี", "นายณัฐพล ศรีจันทร์"]
MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
FILLER = [
    "ส่งเสริมการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสียภายนอกในการแสดงความคิดเห็นหรือให้คำแนะนำในการพัฒนาและปรับปรุง"
    "คุณภาพการดำเนินงานของหน่วยงาน และพัฒนาการประชาสัมพันธ์ให้น่าสนใจ รวดเร็วและสม่ำเสมอ",
    "หน่วยงานควรเผยแพร่ข้อมูลพื้นฐานเกี่ยวกับการปฏิบัติงาน ประกอบด้วยข้อมูลด้านการบริหารงานทั่วไป งบประมาณ การจัดซื้อ"
    "จัดจ้างหรือจัดหาพัสดุและการบริหารทรัพยากรบุคคล รวมทั้งข่าวประชาสัมพันธ์ผ่านเว็บไซต์หลักของหน่วยงาน",
    "กำชับให้บุคลากรถือปฏิบัติตามคู่มือหรือมาตรฐานการปฏิบัติงานโดยเคร่งครัด และจัดให้มีการตรวจสอบวัสดุและครุภัณฑ์"
    "ของหน่วยงานเป็นระยะ เพื่อป้องกันการนำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตน",
    "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่ และเผยแพร่ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและ"
    "ประพฤติมิชอบ (อ้างอิงจาก o28) ให้ผู้มาติดต่อรับทราบโดยทั่วถึง",
    "พัฒนาระบบการให้บริการออนไลน์ (E-Service) ที่เป็นงานบริการหลักของหน่วยงาน และเปิดโอกาสให้บุคคลภายนอกเข้ามามี"
    "ส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน ผ่านโครงการหรือกิจกรรมต่าง ๆ",
]
REGISTRY = FrameworkRegistry()


def damage(text: str, rng: random.Random) -> str:
    """What PDF extraction does: zero-width characters, decomposed SARA AM, a stray space before a mark."""
    out = text
    if rng.random() < 0.3:
        out = out.replace("ำ", "\u0e4d\u0e32", rng.randint(1, 5))
    if rng.random() < 0.3:
        i = rng.randrange(len(out))
        out = out[:i] + "\u200b" + out[i:]
    if rng.random() < 0.2:
        out = out.replace("ที่", "ที ่", 2)
    return out


def document(i: int, size: int, rng: random.Random) -> str:
    kind = TYPES[i % len(TYPES)]
    name = "".join(rng.sample(SYLLABLES, rng.randint(2, 3)))
    agency = kind + name
    fy = rng.randint(2563, 2569)
    doc_fy = fy + rng.choice((0, 1))
    thai = rng.random() < 0.5
    num = (lambda s: s.translate(THAI_DIGITS)) if thai else (lambda s: s)
    scores = {n: round(rng.uniform(70, 100), 2) for n in range(1, 11)}
    result = score_indicators(REGISTRY.get(fy), scores)
    overall, level = result.overall, result.level
    wrong = rng.random() < 0.3  # a share of documents carries errors
    if wrong and rng.random() < 0.5:
        level = "ผ่านดีเยี่ยม" if fy >= 2566 and overall < 95 else level
    lines = [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" if rng.random() < 0.5 else "การวิเคราะห์ผลการประเมิน ITA",
        f"{agency} อำเภอ{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)} จังหวัด{rng.choice(SYLLABLES)}",
        num(f"ประจำปีงบประมาณ พ.ศ. {doc_fy}"),
        "",
        num(f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {fy} {agency}มีคะแนนภาพรวม {overall:.2f} คะแนน")
        + f" ระดับผลการประเมิน {level}",
        "",
    ]
    layout = rng.choice(("tab", "space", "broken", "ranked", "text"))
    order = sorted(scores, key=lambda n: -scores[n]) if layout == "ranked" else list(scores)
    if layout in ("tab", "ranked"):
        lines.append(("อันดับ" if layout == "ranked" else "ตัวชี้วัดที่") + "\tตัวชี้วัด\tคะแนน")
        lines += [num(f"{row}\t{INDICATORS[n - 1]}\t{scores[n]:.2f}") for row, n in enumerate(order, 1)]
    elif layout == "space":
        lines += [num(f"{n}   {INDICATORS[n - 1]}   {scores[n]:.2f}") for n in order]
    elif layout == "broken":
        for n in order:
            lines += [num(str(n)), INDICATORS[n - 1], num(f"{scores[n]:.2f}")]
    else:
        lines.append(" ".join(num(f"ตัวชี้วัดที่ {n} {INDICATORS[n - 1]} ได้คะแนน {scores[n]:.2f} คะแนน") for n in order))
    if wrong and rng.random() < 0.5:
        n = rng.randint(1, 10)
        lines.append(num(f"ตัวชี้วัดที่ {n} {INDICATORS[n - 1]} ได้คะแนน {scores[n] - 1.5:.2f} คะแนน"))
    person = rng.choice(PEOPLE)
    title = TITLES[kind]
    if wrong and rng.random() < 0.5:
        title = title.replace("องค์การ", "องค้การ").replace("เทศมนตรี", "เทศมนตรีย์")
    shown = agency if not (wrong and rng.random() < 0.5) else kind + name[:-1] + rng.choice("กขค")
    lines += ["", f"{person} {title}{shown.removeprefix(kind)} เป็นประธานในการประชุม", ""]
    month = rng.choice(MONTHS)
    lines.append(num(f"เมื่อวันที่ {rng.randint(1, 28)} {month} {doc_fy}"))
    while sum(len(x.encode("utf-8")) + 1 for x in lines) < size - 300:
        lines.append(num(f"{rng.randint(1, 9)}. ") + rng.choice(FILLER))
    lines.append(num(f"ระยะเวลา ๑ ตุลาคม {doc_fy - 1} – ๓๐ กันยายน {doc_fy}"))
    lines.append(f"{person}\n{TITLES[kind]}{name}")
    return damage("\n".join(lines), rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--size", type=int, default=8_000, help="approximate UTF-8 bytes per document (default 8,000)")
    parser.add_argument("--seed", type=int, default=2568)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    corpus = [document(i, args.size, rng) for i in range(args.docs)]
    built = time.perf_counter() - t0
    sizes = [len(d.encode("utf-8")) for d in corpus]
    lexicon = load_lexicon()
    # Warm up: frameworks and the lexicon load once per process.
    check_parsed(parse_text(corpus[0], registry=REGISTRY, lexicon=lexicon), registry=REGISTRY, lexicon=lexicon)
    findings = errors = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for text in corpus:
        report = check_parsed(parse_text(text, registry=REGISTRY, lexicon=lexicon), registry=REGISTRY, lexicon=lexicon)
        findings += len(report.findings)
        errors += report.errors > 0
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"corpus: {len(corpus):,} documents, median {statistics.median(sizes):,.0f} bytes "
        f"({sum(sizes) / 1e6:,.1f} MB, built in {built:.1f} s)"
    )
    # CPU time of this process is what one core gives; wall time also counts waiting for a busy machine.
    print(
        f"parse + check: {cpu:.2f} s of CPU on one core = {len(corpus) / cpu:,.0f} documents/s "
        f"({sum(sizes) / 1e6 / cpu:,.2f} MB/s); wall {elapsed:.2f} s = {len(corpus) / elapsed:,.0f} documents/s"
    )
    print(f"findings: {findings:,}; documents with an error: {errors:,} ({errors / len(corpus):.0%})")


if __name__ == "__main__":
    main()
