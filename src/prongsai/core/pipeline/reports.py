"""What the four documents an agency publishes after its ITA result say, as blocks (`DocumentContent`).

=============  ==============================================================================================
``analysis``   การวิเคราะห์ผลการประเมิน ITA: results by indicator (ranked) and instrument, charts, strengths and
               weaknesses, urgent/improve/maintain, weak questions, year-on-year comparison, distance to the next
               level and the overall points each indicator can win
``measures``   มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน: the plan as the official document (measures with
               what, why, who, steps, timeline, budget, KPI and OIT evidence; a month timeline Oct–Sep;
               monitoring and reports to the executives)
``news``       ข่าวประชาสัมพันธ์: a short website news item with the date and the headline figures
``memo``       บันทึกข้อความ: a memo asking the executive to approve the measures and to permit publication on the
               agency's main website, with a ความเห็นของผู้บริหาร block
=============  ==============================================================================================

Every number printed comes from the `Analysis` and the `MeasuresPlan` (nothing is typed twice), so a document
read back by `prongsai parse` gives the analysis' numbers and `prongsai check` finds nothing to report on it.
Sentences are phrased so the parser reads them as meant: a score follows its indicator's name directly, and
gaps, targets and gains are never written right after a score keyword.

    content = report_content("measures", analysis, plan, data)       # blocks, no layout
    doc = build_report("measures", analysis, plan, data, digits="thai")  # laid out: ThaiDocument
    news = news_text(analysis, plan, data, digits="arabic")          # NewsText: title and paragraphs
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from prongsai.core.analysis import Analysis, IndicatorStanding
from prongsai.core.pipeline.content import (
    Chart,
    ContentBuilder,
    Digits,
    DocumentContent,
    DocumentText,
    ReportError,
    digits_text,
    document_text,
)
from prongsai.core.pipeline.inputs import ReportInput
from prongsai.core.plan import NO_BUDGET_TH, PLAN_TITLE_TH, Measure, MeasuresPlan
from prongsai.core.thai import after_thai_word, fiscal_year_period, format_score, list_th, thai_date

if TYPE_CHECKING:
    from prongsai.core.documents.write.docx_thai import FontPolicy, ThaiDocument

ReportKind = Literal["analysis", "measures", "news", "memo"]
KINDS: tuple[ReportKind, ...] = ("analysis", "measures", "news", "memo")
KIND_TH: dict[str, str] = {
    "analysis": "การวิเคราะห์ผลการประเมิน ITA",
    "measures": PLAN_TITLE_TH,
    "news": "ข่าวประชาสัมพันธ์",
    "memo": "บันทึกข้อความ",
}
ITA_TH = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
NACC_TH = "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"

MONTHS_SHORT_TH = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
ACTIVE_FILL = "A6A6A6"  # months a measure runs in (grey prints on any printer)
REPORT_FILL = "404040"  # months with a report to the executives
DOTS = "." * 30


def _check(kind: str, analysis: Analysis, plan: MeasuresPlan, digits: str = "arabic") -> Callable[..., None]:
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ReportError(
            f"ไม่รู้จักเอกสารชนิด '{kind}' (มี {', '.join(KINDS)})",
            f"unknown report kind '{kind}' (one of {', '.join(KINDS)})",
        )
    if digits not in ("thai", "arabic"):
        raise ReportError("เลขต้องเป็น thai หรือ arabic", "digits must be 'thai' or 'arabic'")
    if plan.results_fiscal_year not in (None, analysis.fiscal_year) or plan.fiscal_year != analysis.plan_fiscal_year:
        raise ReportError(
            f"แผนมาตรการปีงบประมาณ {plan.fiscal_year} ไม่ได้จัดทำจากผลการวิเคราะห์ปีงบประมาณ {analysis.fiscal_year}",
            f"the FY{plan.fiscal_year} plan was not drafted from the FY{analysis.fiscal_year} analysis",
        )
    return builder


def report_content(
    kind: str, analysis: Analysis, plan: MeasuresPlan, data: ReportInput, *, charts: bool = True
) -> DocumentContent:
    """What the document of `kind` (analysis, measures, news, memo) says, as blocks."""
    builder = _check(kind, analysis, plan)
    ctx = _Ctx(analysis, plan, data)
    builder(ctx, charts=charts)
    return ctx.doc.content(kind=kind, title=f"{KIND_TH[kind]} {ctx.full}", author=ctx.full)


def build_report(
    kind: str,
    analysis: Analysis,
    plan: MeasuresPlan,
    data: ReportInput,
    *,
    digits: Digits = "thai",
    font_policy: str | FontPolicy = "th-sarabun-new",
    charts: bool = True,
) -> ThaiDocument:
    """One document of `kind` laid out as a `ThaiDocument` (save / to_pdf)."""
    from prongsai.core.documents.write.reports import render

    _check(kind, analysis, plan, digits)
    return render(report_content(kind, analysis, plan, data, charts=charts), digits=digits, font_policy=font_policy)


def report_text(
    kind: str, analysis: Analysis, plan: MeasuresPlan, data: ReportInput, *, digits: Digits = "arabic"
) -> DocumentText:
    """The plain text of the document of `kind` (no charts, no layout)."""
    _check(kind, analysis, plan, digits)
    return document_text(report_content(kind, analysis, plan, data, charts=False), digits=digits)


class NewsText(BaseModel):
    """The news item as plain text: the headline, the agency line, the date line, the paragraphs (the main
    measures as "- …" lines, in their place) and the byline. `body()` is what a web page shows under the title."""

    model_config = ConfigDict(extra="forbid")

    title: str
    agency_line: str
    date_line: str
    paragraphs: list[str]
    byline: str

    def body(self) -> str:
        return "\n\n".join([*self.paragraphs, self.byline])


def news_text(analysis: Analysis, plan: MeasuresPlan, data: ReportInput, *, digits: Digits = "arabic") -> NewsText:
    """The words of the news document (the same sentences `build_report("news", …)` lays out)."""
    _check("news", analysis, plan, digits)
    parts = _news_parts(_Ctx(analysis, plan, data))

    def t(text: str) -> str:
        return digits_text(text, digits).strip()

    paragraphs = [t(p) for p in parts.before]
    paragraphs += ["- " + t(m) for m in parts.measures]
    paragraphs += [t(p) for p in parts.after]
    return NewsText(
        title=t(parts.headline), agency_line=t(parts.agency_line), date_line=t(parts.date_line),
        paragraphs=[p for p in paragraphs if p], byline=t(parts.byline),
    )


class _Ctx:
    """The document being built and the facts every kind uses."""

    def __init__(self, a: Analysis, plan: MeasuresPlan, data: ReportInput) -> None:
        self.a, self.plan, self.data = a, plan, data
        self.full = data.full_name()
        self.doc = ContentBuilder()
        self.fy, self.plan_fy = a.fiscal_year, plan.fiscal_year
        self.first, self.last = fiscal_year_period(plan.fiscal_year)
        self.coordinator = data.coordinator_unit or plan.coordinator or "สำนักปลัด"

    # numbers and dates as text (the document converts the digits when Thai digits are chosen)
    @staticmethod
    def s(value: float) -> str:
        return format_score(value)

    @staticmethod
    def date(day: date, *, short: bool = False) -> str:
        """15 ตุลาคม 2567 with no-break spaces: a date never splits across lines."""
        return thai_date(day, short=short).replace(" ", "\u00a0")

    def period(self) -> str:
        return f"{self.date(self.first)} ถึง {self.date(self.last)}"

    def agency_line(self) -> str:
        place = self.data.place()
        return f"{self.full} {place}".strip()

    def standing(self, n: int) -> IndicatorStanding:
        return self.a.indicator(n)

    def ind(self, n: int) -> str:
        """ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"""
        return f"ตัวชี้วัดที่ {n} {self.standing(n).name_th}"

    def ind_score(self, n: int) -> str:
        """ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล 72.89 คะแนน: the score straight after the name (the parser's reading)."""
        return f"{self.ind(n)} {self.s(self.standing(n).score)} คะแนน"

    def centred(self, text: str, *, bold: bool = True, size: float | None = None) -> None:
        self.doc.paragraph(text, bold=bold, align="center", size=size)

    def blank(self) -> None:
        self.doc.paragraph("")

    def table(self, header, rows, widths, *, size: float = 14, align=None, bold_last_row: bool = False, **more):
        self.doc.table(header, rows, widths, size=size, align=align, bold_last_row=bold_last_row, **more)

    def signer(self) -> tuple[str, str]:
        name = self.data.signer_name or DOTS
        return name, self.data.executive_title()

    def plan_targets(self) -> dict[int, float]:
        """The plan's target score per indicator (the highest any measure sets)."""
        out: dict[int, float] = {}
        for m in self.plan.measures:
            for t in m.targets:
                if t.target > self.standing(t.indicator).score:
                    out[t.indicator] = max(out.get(t.indicator, 0.0), t.target)
        return out


def _list_th(items: Sequence[str]) -> str:
    """"ก ข และค", with a space after และ before a code or a number ("และ EIT")."""
    return list_th(items)


def _signed(value: float, s: Callable[[float], str]) -> str:
    if value > 0:
        return "+" + s(value)
    if value < 0:
        return "-" + s(-value)
    return "เท่าเดิม"


# --- 1. the analysis -----------------------------------------------------------------------------------


def _analysis(c: _Ctx, *, charts: bool) -> None:
    a, doc = c.a, c.doc
    doc.heading(
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส\n"
        f"ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ.\u00a0{c.fy}",
        level=0,
    )
    c.centred(c.agency_line())
    c.centred(f"เพื่อจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}", bold=False)
    c.blank()

    doc.heading("1. ความเป็นมา")
    doc.paragraph(
        f"{NACC_TH} (สำนักงาน ป.ป.ช.) ประเมินคุณธรรมและความโปร่งใสของหน่วยงานภาครัฐเป็นประจำทุกปีงบประมาณ"
        " ด้วยเครื่องมือสามชนิด ได้แก่ แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"
        " แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) และแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"
        " แล้วรวมเป็นคะแนนภาพรวมตามน้ำหนักของแต่ละเครื่องมือ"
    )
    doc.paragraph(
        f"{c.full} ได้นำผลการประเมินของปีงบประมาณ พ.ศ.\u00a0{c.fy} มาวิเคราะห์รายตัวชี้วัดและรายเครื่องมือ"
        " เพื่อค้นหาจุดแข็งที่ควรรักษาไว้และจุดที่ต้องปรับปรุง แล้วใช้ผลการวิเคราะห์นี้กำหนด"
        f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}"
    )

    doc.heading("2. ผลการประเมินภาพรวม")
    summary = {s.key: s.text_th for s in a.summary}
    doc.paragraph(summary["overall"])
    doc.paragraph("คะแนนรายเครื่องมือเทียบกับเกณฑ์ มีดังนี้", keep_with_next=True)
    rows = [[i.code, i.score, f"ร้อยละ {i.weight * 100:g}", i.status_th] for i in a.instruments]
    c.table(["เครื่องมือ", "คะแนน", "น้ำหนัก", "ผลเทียบเกณฑ์"], rows, [3, 3, 3, 7], size=16)
    for line in _condition_lines(c):
        doc.paragraph(line)
    for i in a.instruments:
        if i.blocks_next_level and i.next_level_min is not None:
            doc.paragraph(
                f"{i.name_th} ({i.code}) ยังต่ำกว่าเงื่อนไขรายเครื่องมือของระดับถัดไป ซึ่งกำหนดไว้"
                f" {c.s(i.next_level_min)} คะแนน จึงเป็นเครื่องมือที่ต้องยกระดับก่อน"
            )

    doc.heading("3. ผลการประเมินรายตัวชี้วัด เรียงจากคะแนนสูงไปต่ำ")
    rows = [[s.rank, c.ind(s.indicator), s.score, s.instrument, s.status_th] for s in a.indicators]
    c.table(
        ["อันดับ", "ตัวชี้วัด", "คะแนน", "เครื่องมือ", "ผลเทียบเกณฑ์"],
        rows,
        [1.5, 7.2, 2.0, 2.0, 3.3],
        align=["center", "left", "right", "center", "left"],
    )
    doc.paragraph(summary["ranking"])
    if charts:
        targets = c.plan_targets()
        names = [f"{s.indicator}. {s.name_th}" for s in a.indicators]
        doc.chart(Chart(
            chart="indicators",
            labels=names,
            values=[s.score for s in a.indicators],
            pass_line=a.thresholds.pass_line,
            targets={names[k]: targets[s.indicator] for k, s in enumerate(a.indicators) if s.indicator in targets},
            width_cm=15,
            caption=f"ภาพที่ 1 คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ.\u00a0{c.fy} เส้นประคือเกณฑ์ผ่าน"
            f" และจุดสีน้ำเงินคือเป้าหมายของปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}",
        ))

    doc.heading("4. จุดแข็งและจุดที่ควรพัฒนา")
    doc.heading("4.1 จุดแข็ง", level=2)
    strengths = [_observation(c, o) for o in a.strengths]
    if strengths:
        doc.bullets(strengths)
    else:
        doc.paragraph(f"ยังไม่มีตัวชี้วัดที่ได้ถึง {c.s(a.thresholds.maintain_at)} คะแนน")
    doc.heading("4.2 จุดที่ควรพัฒนา", level=2)
    weaknesses = [_observation(c, o) for o in a.weaknesses]
    if weaknesses:
        doc.bullets(weaknesses)
    else:
        doc.paragraph("ไม่มีตัวชี้วัดที่ต่ำกว่าเกณฑ์รักษามาตรฐาน")

    t = a.thresholds
    doc.heading("5. การจัดกลุ่มตัวชี้วัดตามเกณฑ์")
    groups = [
        (f"5.1 ต้องแก้ไขโดยเร่งด่วน (ต่ำกว่า {c.s(t.urgent_below)} คะแนน)", a.urgent, "urgent"),
        (f"5.2 ควรพัฒนาให้ดีขึ้น (ตั้งแต่ {c.s(t.urgent_below)} แต่ต่ำกว่า {c.s(t.maintain_at)} คะแนน)", a.improve,
         "improve"),
        (f"5.3 ควรรักษามาตรฐาน (ตั้งแต่ {c.s(t.maintain_at)} คะแนนขึ้นไป)", a.maintain, "maintain"),
    ]
    for title, numbers, status in groups:
        doc.heading(title, level=2)
        if not numbers:
            doc.paragraph("ไม่มีตัวชี้วัดในกลุ่มนี้")
            continue
        items = []
        for n in numbers:
            st = c.standing(n)
            if status == "urgent":
                tail = f" ยังขาดอีก {c.s(st.gap_to_pass)} คะแนนจึงถึงเกณฑ์ผ่าน"
            elif status == "improve":
                tail = f" ยังขาดอีก {c.s(st.gap_to_maintain)} คะแนนจึงถึงเกณฑ์รักษามาตรฐาน"
            else:
                tail = " ให้รักษาวิธีทำงานที่ได้ผลดีนี้ไว้"
            items.append(c.ind_score(n) + tail)
        doc.numbered(items)

    section = 6
    if a.weak_questions:
        doc.heading(f"{section}. ข้อคำถามที่ได้คะแนนต่ำ")
        doc.paragraph(
            f"ข้อคำถามที่ได้ต่ำกว่า {c.s(t.weak_question_below)} คะแนน เรียงจากคะแนนต่ำสุด"
            " ชี้ให้เห็นเรื่องที่ผู้ตอบยังไม่มั่นใจ", keep_with_next=True,
        )
        rows = [
            [q.code or "-", q.text, str(q.indicator) if q.indicator is not None else "-", q.score]
            for q in a.weak_questions
        ]
        c.table(["ข้อ", "ข้อคำถาม", "ตัวชี้วัด", "คะแนน"], rows, [1.5, 10.5, 1.8, 2.2],
                align=["center", "left", "center", "right"])
        section += 1

    doc.heading(f"{section}. เปรียบเทียบกับปีที่ผ่านมา")
    section += 1
    if a.trend is None:
        doc.paragraph(
            "ยังไม่มีผลการประเมินของปีก่อนหน้าในระบบ จึงยังเปรียบเทียบรายปีไม่ได้"
            " เมื่อเพิ่มผลของปีก่อนแล้ว ส่วนนี้จะแสดงแนวโน้มให้โดยอัตโนมัติ"
        )
    else:
        tr = a.trend
        doc.paragraph(_trend_line(c))
        codes = [i.code for i in a.instruments]
        rows = [
            [str(p.fiscal_year), p.overall, p.level, *[p.instruments.get(code) for code in codes]]
            for p in tr.points
        ]
        c.table(["ปีงบประมาณ", "คะแนนภาพรวม", "ระดับ", *codes], rows, [2.6, 3.0, 3.1, 2.4, 2.4, 2.5],
                align=["center", "right", "center", "right", "right", "right"])
        if charts and len(tr.points) >= 2:
            doc.chart(Chart(
                chart="trend",
                labels=[str(p.fiscal_year) for p in tr.points],
                values=[p.overall for p in tr.points],
                pass_line=t.pass_line,
                width_cm=14,
                caption="ภาพที่ 2 คะแนนภาพรวมรายปีงบประมาณ เทียบกับเกณฑ์ผ่าน",
            ))
        prev = tr.previous_fiscal_year
        rows = []
        for n in sorted(int(k) for k in tr.indicator_changes):
            st = c.standing(n)
            if st.previous is not None:
                rows.append([c.ind(n), st.previous, st.score, _signed(tr.indicator_changes[str(n)], c.s)])
        if rows:  # the previous year's indicator scores are known
            doc.paragraph(f"คะแนนรายตัวชี้วัดเทียบกับปีงบประมาณ พ.ศ.\u00a0{prev}", keep_with_next=True)
            c.table(["ตัวชี้วัด", str(prev), str(c.fy), "เปลี่ยนแปลง"], rows, [8.2, 2.5, 2.5, 2.8],
                    align=["left", "right", "right", "center"])

    doc.heading(f"{section}. ระยะห่างสู่ระดับถัดไปและคะแนนที่เพิ่มได้")
    section += 1
    for line in _level_lines(c):
        doc.paragraph(line)
    best = next((g for g in a.gains if g.to_100 > 0), None)
    if best is not None:
        doc.paragraph(
            f"ตัวอย่างเช่น {c.ind(best.indicator)} ได้ {c.s(best.current)} คะแนน ทุกหนึ่งคะแนนที่เพิ่มขึ้นของตัวชี้วัดนี้"
            f" มีค่าเท่ากับ {c.s(best.weight_per_point)} คะแนนในผลรวม การยกขึ้นอีก {c.s(best.plus_points)} คะแนน"
            f" จึงเพิ่มผลรวมได้ {c.s(best.plus_gain)} คะแนน และหากยกจนเต็มจะเพิ่มได้ {c.s(best.to_100)} คะแนน"
        )
    gains = [g for g in a.gains if g.to_100 > 0]
    if gains:
        doc.paragraph(
            "ตัวชี้วัดเรียงตามคะแนนภาพรวมที่เพิ่มได้ (ค่าต่อหน่วยคือส่วนที่คะแนนรวมได้เพิ่ม"
            " เมื่อตัวชี้วัดได้เพิ่มหนึ่งหน่วย)", keep_with_next=True,
        )
        rows = [[g.rank, c.ind(g.indicator), g.current, g.weight_per_point, g.plus_gain, g.to_100] for g in gains]
        c.table(
            ["อันดับ", "ตัวชี้วัด", "คะแนน", "ค่าต่อหน่วย", "เมื่อยกขึ้น 10", "เมื่อยกถึง 100"],
            rows,
            [1.4, 6.2, 2.0, 2.0, 2.2, 2.2],
            align=["center", "left", "right", "right", "right", "right"],
        )

    doc.heading(f"{section}. แนวทางนำผลการวิเคราะห์ไปใช้")
    doc.paragraph(
        f"{c.full} จะนำผลการวิเคราะห์นี้ไปกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy} จำนวน {len(c.plan.measures)} มาตรการ"
        " โดยเริ่มจากตัวชี้วัดที่ทำให้คะแนนรวมเพิ่มได้มากที่สุด มาตรการสำคัญ ได้แก่",
        keep_with_next=True,
    )
    doc.numbered([f"{m.title_th} (ผู้รับผิดชอบ: {m.responsible_unit})" for m in c.plan.measures[:5]])
    c.blank()
    name, title = c.signer()
    doc.signature(name, [title], closing="ผู้รับรองผลการวิเคราะห์", blank_lines=1, sign_line=True)


def _observation(c: _Ctx, o) -> str:
    """A strength or weakness. Trend observations are rephrased so the score, not the change, follows the name."""
    if o.kind != "trend" or c.a.trend is None:
        return o.text_th
    n = int(o.ref)
    change = c.a.trend.indicator_changes[o.ref]
    word = "สูงขึ้น" if change > 0 else "ลดลง"
    return f"{c.ind_score(n)} {word}จากปีก่อน {c.s(abs(change))} คะแนน"


def _trend_line(c: _Ctx) -> str:
    """The change against the previous year; indicators that rose or fell are named, their numbers are in the table."""
    tr = c.a.trend
    assert tr is not None
    line = f"เมื่อเทียบกับปีงบประมาณ พ.ศ.\u00a0{tr.previous_fiscal_year} คะแนนภาพรวม"
    if tr.direction == "same":
        line += f"เท่าเดิม ({c.s(c.a.overall)} คะแนน)"
    else:
        word = "สูงขึ้น" if tr.direction == "up" else "ลดลง"
        line += f"{word} {c.s(abs(tr.overall_change))} คะแนน"
        line += f" จาก {c.s(tr.previous_overall)} เป็น {c.s(c.a.overall)} คะแนน"
    if tr.rose:
        line += " ตัวชี้วัดที่สูงขึ้นอย่างชัดเจน ได้แก่ " + _list_th([c.ind(n) for n in tr.rose])
    if tr.fell:
        line += " ตัวชี้วัดที่ลดลง ได้แก่ " + _list_th([c.ind(n) for n in tr.fell])
    if tr.scheme_changed:
        line += f" (ปีงบประมาณ พ.ศ.\u00a0{tr.previous_fiscal_year} ใช้การจัดระดับอีกแบบหนึ่ง จึงเทียบกันได้ด้วยคะแนนเท่านั้น)"
    return line


def _condition_lines(c: _Ctx) -> list[str]:
    """The per-instrument conditions of the levels (from FY2566): met by every instrument, or what is missing."""
    a = c.a
    if not a.instruments or not a.instruments[0].conditions:
        return []
    out = []
    for k, cond in reversed(list(enumerate(a.instruments[0].conditions))):
        missing = [(i.code, i.conditions[k].gap) for i in a.instruments if not i.conditions[k].met]
        if missing:
            gaps = _list_th([f"{code} ยังขาดอีก {c.s(gap)} คะแนน" for code, gap in missing])
            out.append(
                f"การขึ้นสู่ระดับ {cond.level} ต้องให้ทุกเครื่องมือได้ไม่ต่ำกว่า {c.s(cond.min_score)} คะแนน ขณะนี้ {gaps}"
            )
        else:
            out.append(
                f"ทุกเครื่องมือได้ไม่ต่ำกว่า {c.s(cond.min_score)} คะแนน"
                f" จึงผ่านเงื่อนไขรายเครื่องมือของการขึ้นสู่ระดับ {cond.level}"
            )
    return out


def _level_lines(c: _Ctx) -> list[str]:
    """Distance to the next level and above; hypothetical scores are never written after a score keyword."""
    a = c.a
    if a.next_level is None:
        return [f"{c.full} อยู่ในระดับสูงสุดของเกณฑ์แล้ว จึงควรรักษาผลการดำเนินงานไว้ให้ได้ในปีต่อไป"]
    out = []
    for k, lv in enumerate(a.higher_levels):
        line = f"{'ระดับถัดไปคือ' if k == 0 else 'ระดับที่สูงขึ้นไปคือ'} {lv.to_level} ซึ่งกำหนดผลรวมไว้"
        line += f" ไม่ต่ำกว่า {c.s(lv.min_overall)} คะแนน"
        if lv.min_each_instrument is not None:
            line += f" และทุกเครื่องมือไม่ต่ำกว่า {c.s(lv.min_each_instrument)} คะแนน"
        gaps = []
        if lv.overall_gap > 0:
            gaps.append(f"ผลรวมยังขาดอีก {c.s(lv.overall_gap)} คะแนน")
        gaps += [f"เครื่องมือ {code} ยังขาดอีก {c.s(g)} คะแนน" for code, g in lv.instrument_gaps.items()]
        if gaps:
            line += " " + after_thai_word("ขณะนี้", _list_th(gaps))
        if k == 0 and lv.path is not None and lv.path.steps:
            steps = [
                f"{c.ind(st.indicator)} ซึ่งได้ {c.s(st.from_score)} คะแนน ขึ้นเป็น {c.s(st.to_score)} คะแนน"
                for st in lv.path.steps
            ]
            line += f" ทางที่ใช้แรงน้อยที่สุดคือยก{_list_th(steps)} แล้วผลรวมจะเป็น {c.s(lv.path.overall_after)} คะแนน"
        out.append(line)
    return out


# --- 2. the measures ---------------------------------------------------------------------------------


def _serves(c: _Ctx, m: Measure) -> str:
    if m.kind == "monitoring":
        return "ทุกมาตรการในแผนนี้"
    lines = []
    for t in m.targets:
        line = f"{c.ind_score(t.indicator)} ({c.standing(t.indicator).status_th})"
        if t.target > t.current:
            line += f" ตั้งเป้าหมายไว้ที่ {c.s(t.target)} คะแนน"
            if t.overall_points > 0:
                line += f" ซึ่งทำให้คะแนนรวมสูงขึ้นได้อีก {c.s(t.overall_points)} คะแนน"
        lines.append(line)
    if m.questions:
        lines.append("ข้อคำถาม " + ", ".join(m.questions))
    return "\n".join(lines) or "-"


def _span(c: _Ctx, m: Measure) -> str:
    return f"{c.date(m.start, short=True)} – {c.date(m.end, short=True)}"


def _month_index(day: date) -> int:
    return (day.month - 10) % 12


def _measures(c: _Ctx, *, charts: bool) -> None:
    a, plan, doc = c.a, c.plan, c.doc
    doc.heading(PLAN_TITLE_TH, level=0)
    c.centred(f"ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}")
    c.centred(c.agency_line())
    c.blank()

    doc.heading("1. หลักการและเหตุผล")
    doc.paragraph(
        f"{NACC_TH} ประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ทุกปีงบประมาณ"
        " และให้หน่วยงานนำผลการประเมินไปกำหนดมาตรการเพื่อแก้ไขจุดอ่อนและรักษาจุดแข็ง"
    )
    overall = next(s.text_th for s in a.summary if s.key == "overall")
    doc.paragraph(
        overall + f" {c.full} จึงกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy} ให้ทุกส่วนราชการถือปฏิบัติ"
        f" ตั้งแต่ {c.period()}"
    )
    doc.paragraph(
        "ผลรายเครื่องมือ: " + " ".join(f"{i.code} ได้ {c.s(i.score)} คะแนน" for i in a.instruments)
    )
    doc.paragraph(f"คะแนนรายตัวชี้วัดของปีงบประมาณ พ.ศ.\u00a0{c.fy} ที่ใช้เป็นฐานในการกำหนดมาตรการ", keep_with_next=True)
    rows = [[c.ind(n), c.standing(n).score, c.standing(n).status_th] for n in sorted(s.indicator for s in a.indicators)]
    c.table(["ตัวชี้วัด", "คะแนน", "ผลเทียบเกณฑ์"], rows, [8.5, 2.5, 5.0], align=["left", "right", "left"])

    doc.heading("2. วัตถุประสงค์")
    doc.numbered([
        f"เพื่อแก้ไขจุดที่ได้คะแนนต่ำจากผลการประเมินปีงบประมาณ พ.ศ.\u00a0{c.fy} และรักษาจุดที่ทำได้ดีไว้",
        "เพื่อให้บุคลากรทุกระดับปฏิบัติงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้",
        "เพื่อเปิดเผยข้อมูลการดำเนินงานต่อสาธารณะอย่างครบถ้วนและทันเวลา",
        "เพื่อให้ทุกมาตรการมีผู้รับผิดชอบ ระยะเวลา และตัวชี้วัดความสำเร็จที่ติดตามผลได้",
    ])

    doc.heading("3. สรุปมาตรการ")
    total = plan.total_budget()
    rows = [[f"{m.number}", m.title_th, m.responsible_unit, _span(c, m), m.budget_th()] for m in plan.measures]
    budget_total = NO_BUDGET_TH if total == 0 else f"{total:,.2f}".removesuffix(".00") + " บาท"
    rows.append(["", "รวมงบประมาณทั้งแผน", "", "", budget_total])
    c.table(["ที่", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "งบประมาณ"], rows, [1.0, 6.0, 3.2, 3.0, 2.8],
            align=["center", "left", "left", "center", "center"], bold_last_row=True)

    doc.heading("4. รายละเอียดมาตรการ")
    for m in plan.measures:
        steps = "\n".join(f"{k}. {s}" for k, s in enumerate(m.steps_th, 1)) or "-"
        evidence = [f"{e.code} {e.title_th}" for e in m.evidence]
        if m.evidence_note_th and not m.evidence:
            evidence.append(m.evidence_note_th)
        evidence += m.evidence_th
        milestones = [f"{c.date(x.day)} {x.title_th}" for x in m.milestones]
        budget = m.budget_th() + (f" ({m.budget_note_th})" if m.budget is not None and m.budget_note_th else "")
        rows = [
            ["วัตถุประสงค์", m.objective_th or "-"],
            ["เหตุผล", _serves(c, m)],
            ["ขั้นตอน", steps],
            ["ผู้รับผิดชอบ", m.responsible_unit],
            ["ผู้ร่วมดำเนินการ", ", ".join(m.co_units) or "-"],
            ["ระยะเวลา", "\n".join([f"{c.date(m.start)} ถึง {c.date(m.end)}", *milestones])],
            ["งบประมาณ", budget],
            ["ผลผลิต", "\n".join(m.outputs_th) or "-"],
            ["ตัวชี้วัดความสำเร็จ", "\n".join(m.kpi_th) or "-"],
            ["หลักฐานบนเว็บไซต์ (OIT)", "\n".join(evidence) or "-"],
        ]
        c.table([f"มาตรการที่ {m.number}", m.title_th], rows, [3.6, 12.4], align=["left", "left"])

    doc.page_break()
    doc.heading("5. แผนการดำเนินงาน")
    doc.paragraph(
        f"ช่วงเวลาดำเนินการของแต่ละมาตรการในปีงบประมาณ พ.ศ.\u00a0{c.plan_fy} ช่องสีเทาคือเดือนที่ดำเนินการ"
        " และช่องสีเข้มคือเดือนที่รายงานผลต่อผู้บริหาร",
        keep_with_next=True,
    )
    _timeline(c)

    doc.heading("6. การกำกับติดตามและรายงานผล")
    report_lines = [f"{x.title_th} ภายในวันที่ {c.date(x.day)}" for x in plan.reporting]
    doc.paragraph(
        f"ให้{c.coordinator} เป็นผู้ประสานงาน รวบรวมความคืบหน้าและหลักฐานจากผู้รับผิดชอบทุกมาตรการเป็นรายไตรมาส"
        " และเสนอผู้บริหารตามกำหนด ดังนี้",
        keep_with_next=True,
    )
    doc.numbered(report_lines)
    website = f" ({c.data.website})" if c.data.website else ""
    doc.paragraph(
        f"เมื่อผู้บริหารรับทราบรายงานแล้ว ให้เผยแพร่รายงานบนเว็บไซต์หลักของหน่วยงาน{website}"
        " และนำปัญหาอุปสรรคที่พบไปปรับมาตรการของปีถัดไป"
    )
    c.blank()
    doc.paragraph("จึงประกาศให้ทราบและถือปฏิบัติโดยทั่วกัน")
    c.blank()
    doc.paragraph(f"ประกาศ ณ วันที่ {c.date(c.data.day())}", indent=5.5)
    name, title = c.signer()
    doc.signature(name, [title], blank_lines=2)


def _timeline(c: _Ctx) -> None:
    """The month timeline Oct–Sep: a row per measure, its months shaded (darker where it reports)."""
    plan = c.plan
    year = c.first.year + 543
    header = ["มาตรการ"] + [
        f"{m}\n{(year if k < 3 else year + 1) % 100:02d}" for k, m in enumerate(MONTHS_SHORT_TH)
    ]
    rows = [[f"{m.number}. {m.title_th}", *[""] * 12] for m in plan.measures]
    month_cm = 0.88
    widths = [None, *[month_cm] * 12]  # the measure's column takes what the months leave
    reports = {_month_index(x.day) for x in plan.reporting}
    fills = []
    for r, m in enumerate(plan.measures, 1):
        first, last = _month_index(m.start), _month_index(m.end)
        marks = {_month_index(x.day) for x in m.milestones}
        for k in range(first, last + 1):
            fill = REPORT_FILL if (k in marks or (m.kind == "monitoring" and k in reports)) else ACTIVE_FILL
            fills.append((r, k + 1, fill))
    c.table(header, rows, widths, size=12, align=["left"] + ["center"] * 12, fills=fills, cell_margin_cm=0.08)


# --- 3. the news item ----------------------------------------------------------------------------------


class _NewsParts(BaseModel):
    headline: str
    agency_line: str
    date_line: str
    before: list[str]  # the paragraphs before the main measures (the last one leads into them)
    measures: list[str]
    after: list[str]
    byline: str


def _news_parts(c: _Ctx) -> _NewsParts:
    """The sentences of the news item, once, for the document and for its plain text."""
    a, plan, data = c.a, c.plan, c.data
    day = data.day()
    who = f"{data.signer_name} {data.executive_title()}" if data.signer_name else data.executive_title()
    before = [
        f"เมื่อวันที่ {c.date(day)} {who} ได้ลงนามในมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy} จำนวน {len(plan.measures)} มาตรการ"
        f" ซึ่ง{c.coordinator} จัดทำขึ้นจากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"
        f"ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ.\u00a0{c.fy}"
    ]
    inst = [f"{i.name_th} ({i.code}) ได้ {c.s(i.score)} คะแนน" for i in a.instruments]
    before.append(
        f"ในการประเมินรอบที่ผ่านมา {c.full} ได้คะแนนภาพรวม {c.s(a.overall)} คะแนน อยู่ในระดับ {a.level}"
        f" โดย{_list_th(inst)}"
    )
    if a.trend is not None and a.trend.direction != "same":
        word = "สูงขึ้น" if a.trend.direction == "up" else "ลดลง"
        before.append(
            f"เมื่อเทียบกับปีงบประมาณ พ.ศ.\u00a0{a.trend.previous_fiscal_year} คะแนนรวมของหน่วยงาน{word}"
            f" {c.s(abs(a.trend.overall_change))} คะแนน"
        )
    focus = [c.standing(n).name_th for n in (a.urgent or a.improve)[:3]]
    if focus:
        before.append(f"ปีนี้หน่วยงานจะเร่งพัฒนาเรื่อง{_list_th(focus)} โดยมาตรการสำคัญ ได้แก่")
    else:
        before.append("ปีนี้หน่วยงานจะรักษามาตรฐานที่ทำได้ดีไว้ โดยมาตรการสำคัญ ได้แก่")
    website = f"ที่เว็บไซต์ {data.website}" if data.website else "ที่เว็บไซต์หลักของหน่วยงาน"
    after = [
        f"ประชาชนดูรายละเอียดมาตรการและผลการวิเคราะห์ได้{website}"
        " และร่วมเสนอความคิดเห็นหรือแจ้งเบาะแสการทุจริตได้ทุกช่องทางของหน่วยงาน"
        " ซึ่งหน่วยงานจะเก็บข้อมูลผู้แจ้งไว้เป็นความลับ"
    ]
    return _NewsParts(
        headline=f"{c.full} ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}",
        agency_line=c.agency_line(),
        date_line=f"วันที่ {c.date(day)}",
        before=before,
        measures=[m.title_th for m in plan.measures[:3]],
        after=after,
        byline=f"ข่าว: {c.coordinator} {c.full}",
    )


def _news(c: _Ctx, *, charts: bool) -> None:
    doc = c.doc
    parts = _news_parts(c)
    doc.heading("ข่าวประชาสัมพันธ์", level=0)
    c.centred(parts.agency_line)
    c.blank()
    doc.paragraph(parts.headline, bold=True, indent=False, size=18)
    doc.paragraph(parts.date_line, align="right")
    c.blank()
    for k, text in enumerate(parts.before):
        doc.paragraph(text, keep_with_next=k == len(parts.before) - 1)
    doc.bullets(parts.measures)
    for text in parts.after:
        doc.paragraph(text)
    c.blank()
    doc.paragraph(parts.byline, align="right")


# --- 4. the memo -------------------------------------------------------------------------------------


def _memo(c: _Ctx, *, charts: bool) -> None:
    a, plan, doc, data = c.a, c.plan, c.doc, c.data
    title = data.executive_title()
    doc.paragraph("บันทึกข้อความ", bold=True, align="center", size=29)
    label = {"bold": True, "size": 20}
    doc.paragraph([("ส่วนราชการ", label), f"  {c.coordinator} {c.agency_line()}"], indent=False)
    doc.paragraph(
        [("ที่", label), f"  {data.memo_number or DOTS}\t", ("วันที่", label), f"  {c.date(data.day())}"],
        indent=False,
        tab_stop_cm=8.5,
    )
    subject = (
        f"ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}"
        " และขออนุญาตเผยแพร่บนเว็บไซต์หลักของหน่วยงาน"
    )
    doc.paragraph([("เรื่อง", label), f"  {subject}"], indent=False)
    c.blank()
    doc.paragraph(f"เรียน  {title}", indent=False)
    c.blank()

    doc.paragraph("1. เรื่องเดิม", bold=True, indent=1.25)
    doc.paragraph(
        f"สำนักงาน ป.ป.ช. ได้แจ้งผล{ITA_TH} (ITA) ประจำปีงบประมาณ พ.ศ.\u00a0{c.fy} แล้ว"
        f" โดย{c.full} ได้คะแนนภาพรวม {c.s(a.overall)} คะแนน อยู่ในระดับ {a.level}"
    )
    doc.paragraph("2. ข้อเท็จจริง", bold=True, indent=1.25)
    counts = (
        f"มีตัวชี้วัดที่ต้องแก้ไขโดยเร่งด่วน {len(a.urgent)} ตัว ควรพัฒนาให้ดีขึ้น {len(a.improve)} ตัว"
        f" และควรรักษามาตรฐาน {len(a.maintain)} ตัว"
    )
    doc.paragraph(
        f"{c.coordinator} ได้วิเคราะห์ผลการประเมินรายตัวชี้วัดแล้ว พบว่า{counts}"
        f" จึงจัดทำร่างมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}"
        f" จำนวน {len(plan.measures)} มาตรการ กำหนดผู้รับผิดชอบ ขั้นตอน และระยะเวลาดำเนินการ"
        f" ตั้งแต่ {c.period()} พร้อมรายงานผลต่อผู้บริหารรอบ 6 เดือนและรอบ 12 เดือน"
        " รายละเอียดตามเอกสารแนบ"
    )
    doc.paragraph("3. ข้อเสนอ", bold=True, indent=1.25)
    where = f" ({data.website})" if data.website else ""
    doc.paragraph("จึงเรียนมาเพื่อโปรดพิจารณา", keep_with_next=True)
    doc.paragraph(
        f"(1) อนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.\u00a0{c.plan_fy}"
        " และแจ้งทุกส่วนราชการถือปฏิบัติ"
    )
    doc.paragraph(
        f"(2) อนุญาตให้เผยแพร่มาตรการดังกล่าว พร้อมการวิเคราะห์ผลการประเมิน ปีงบประมาณ พ.ศ.\u00a0{c.fy}"
        f" บนเว็บไซต์หลักของหน่วยงาน{where}"
    )
    name = data.coordinator_name or DOTS
    position = data.coordinator_position or f"หัวหน้า{c.coordinator}"
    doc.signature(name, [position], blank_lines=2)
    c.blank()
    doc.paragraph(f"ความเห็นของ{title}", bold=True, indent=False, keep_with_next=True)
    doc.paragraph("(   )  อนุมัติ และอนุญาตให้เผยแพร่ตามที่เสนอ", indent=1.25, keep_with_next=True)
    doc.paragraph("(   )  อื่น ๆ " + "." * 60, indent=1.25, keep_with_next=True)
    signer_name, _ = c.signer()
    doc.signature(signer_name, [title, "วันที่ " + DOTS], blank_lines=1, sign_line=True)


_BUILDERS: dict[str, Callable[..., None]] = {
    "analysis": _analysis,
    "measures": _measures,
    "news": _news,
    "memo": _memo,
}


__all__ = [
    "ITA_TH",
    "KINDS",
    "KIND_TH",
    "NACC_TH",
    "NewsText",
    "ReportKind",
    "build_report",
    "news_text",
    "report_content",
    "report_text",
]
