"""A unit's result report (DOCX/PDF through the core ThaiDocument), in the style of a published result report: the
overall score and level, the indicators ranked, the ranked table of the round's units, a trend chart when earlier
rounds exist, and recommendations from the core analysis and advice. Every number comes from the stored result."""

from __future__ import annotations

from prongsai.apps.rounds.frameworks import round_framework
from prongsai.core.advice import recommend
from prongsai.core.analysis import analyse
from prongsai.core.documents.model import Agency as AnalysisAgency
from prongsai.core.documents.write.charts import trend_chart
from prongsai.core.documents.write.docx_thai import ThaiDocument
from prongsai.core.pipeline import AGENCY_TYPES
from prongsai.core.scoring import score_indicators
from prongsai.core.survey import QuestionScore

MAX_RECOMMENDATIONS = 5


def short_name(name: str) -> str:
    """Another unit's name without its type (องค์การบริหารส่วนตำบลหนึ่ง → หนึ่ง): the document checker reads every full
    agency name as a claim about whose report this is, and the report is this unit's alone."""
    for prefix in sorted(AGENCY_TYPES, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def unit_report(*, round, unit, ranked, earlier, digits: str = "arabic") -> ThaiDocument | None:
    """``ranked``: the round's latest results, best first; ``earlier``: the unit's results of earlier rounds."""
    mine = next((r for r in ranked if r.unit_id == unit.pk), None)
    if mine is None:
        return None
    framework = round_framework(round)
    result = score_indicators(framework, {int(k): v for k, v in mine.data["indicators"].items()})
    name = unit.agency.name_th
    doc = ThaiDocument(title=f"รายงานผลการประเมิน {name}", digits=digits, page_numbers="footer")
    doc.heading(f"รายงานผลการประเมิน ประจำปีงบประมาณ {round.fiscal_year}", level=0)
    doc.paragraph(round.title, align="center")
    doc.paragraph(f"จัดทำโดย {round.assessor.name_th}", align="center")
    doc.paragraph(f"คะแนนภาพรวมหน่วยงาน{name} : {doc.number(result.overall)} คะแนน", bold=True, indent=False)
    doc.paragraph(f"ระดับผลการประเมิน : {result.level}", bold=True, indent=False)
    if mine.version > 1 and mine.reason:
        doc.paragraph(f"ผลฉบับแก้ไขที่ {doc.number(mine.version)} เหตุผล: {mine.reason}", indent=False)

    doc.heading("คะแนนรายเครื่องมือ", level=1)
    doc.table(
        ["เครื่องมือ", "น้ำหนัก", "คะแนน"],
        [[inst.name_th, f"{inst.weight * 100:.0f}%", result.instruments[inst.code]]
         for inst in framework.instruments.items],
        align=["left", "center", "right"],
    )

    doc.heading("คะแนนสูงสุดรายตัวชี้วัด", level=1)
    by_score = sorted(result.indicators.items(), key=lambda kv: (-kv[1], int(kv[0])))
    doc.table(
        ["อันดับ", "ตัวชี้วัด", "คะแนน"],
        [[i, framework.indicator(int(n)).name_th, v] for i, (n, v) in enumerate(by_score, start=1)],
        align=["center", "left", "right"],
        decimals=[0, None, 2],
    )

    doc.heading("อันดับในรอบการประเมิน", level=1)
    doc.paragraph(
        f"{name} ได้อันดับที่ {doc.number(mine.rank or 0)} จากหน่วยรับการประเมิน {doc.number(len(ranked))} หน่วย"
    )
    doc.table(
        ["อันดับ", "หน่วยรับการประเมิน", "คะแนนภาพรวม", "ระดับผล"],
        [[r.rank or "-", name if r.unit_id == unit.pk else short_name(r.unit.agency.name_th), float(r.overall), r.level]
         for r in ranked],
        align=["center", "left", "right", "center"],
        decimals=[0, None, 2, None],
    )

    history = [score_indicators(framework, {int(k): v for k, v in r.data["indicators"].items()}) for r in earlier]
    years = [r.unit.round.fiscal_year for r in earlier] + [round.fiscal_year]
    if earlier:
        doc.heading("กราฟแนวโน้ม", level=1)
        overall = [float(r.overall) for r in earlier] + [result.overall]
        doc.image(trend_chart(years, overall, pass_line=framework.pass_line.score, digits=digits),
                  caption="คะแนนภาพรวมของหน่วยงานในรอบการประเมินแต่ละปี")

    questions = [QuestionScore.model_validate(q) for q in mine.data.get("questions", [])]
    analysis = analyse(
        framework,
        result,
        agency=AnalysisAgency(name=name, province=unit.agency.province or None, district=unit.agency.district or None),
        history=[h.model_copy(update={"fiscal_year": y}) for h, y in zip(history, years, strict=False)],
        questions=questions,
    )
    recommendations = recommend(framework, analysis)[:MAX_RECOMMENDATIONS]
    doc.heading("ข้อเสนอแนะ", level=1)
    for i, rec in enumerate(recommendations, start=1):
        doc.paragraph(f"{doc.number(i)}) {rec.title_th}: {rec.objective_th}", indent=False)
    return doc
