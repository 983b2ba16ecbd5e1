"""The progress report on the measures plan (รายงานการกำกับติดตามการดำเนินการตามมาตรการส่งเสริมคุณธรรมและ
ความโปร่งใสภายในหน่วยงาน), at 6 months (1 October – 31 March) or for the whole year: what it says, as blocks
(`DocumentContent`); `prongsai.core.documents.write.progress` lays them out.

The OIT asks for these reports (e.g. 2564 o11/o40 "รายงานการกำกับติดตาม … รอบ 6 เดือน", o43 "การดำเนินการตาม
มาตรการ…"). Every figure comes from the tracking data given (`ProgressInput`): the measures, their tasks with
owner unit, due date, status, progress and evidence. Nothing is typed twice, so the summary numbers and the
tables cannot disagree.

    data = ProgressInput(agency_name="องค์การบริหารส่วนตำบลตัวอย่าง", fiscal_year=2569, period="6", as_of=date(…),
                         measures=[ProgressMeasure(number=1, title_th="…", responsible_unit="สำนักปลัด",
                                                   start=…, end=…, tasks=[ProgressTask(…)])])
    content = progress_content(data)                        # blocks, no layout
    doc = build_progress_report(data, digits="thai")       # ThaiDocument: save() / to_pdf()
    summary(data)                                           # the numbers the report prints

Pure core: no Django.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from prongsai.core.pipeline.content import ContentBuilder, Digits, DocumentContent, ProgressError
from prongsai.core.plan import PLAN_TITLE_TH
from prongsai.core.thai import fiscal_year_period, thai_date

if TYPE_CHECKING:
    from prongsai.core.documents.write.docx_thai import FontPolicy, ThaiDocument

Period = Literal["6", "12"]
TaskStatus = Literal["not_started", "in_progress", "done", "blocked"]
STATUS_TH: dict[str, str] = {
    "not_started": "ยังไม่เริ่ม",
    "in_progress": "กำลังดำเนินการ",
    "done": "ดำเนินการแล้วเสร็จ",
    "blocked": "ติดปัญหา",
}
PERIOD_TH: dict[str, str] = {"6": "รอบ 6 เดือน", "12": "รอบ 12 เดือน"}
REPORT_TITLE_TH = "รายงานการกำกับติดตามการดำเนินการตาม" + PLAN_TITLE_TH


class ProgressEvidence(BaseModel):
    """A piece of evidence: a web address, or a file kept in the system (its name)."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1)
    url: str | None = None


class ProgressTask(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title_th: str = Field(min_length=1)
    owner_unit: str = Field(min_length=1)
    due: date
    status: TaskStatus
    progress: int = Field(ge=0, le=100)
    evidence: list[ProgressEvidence] = []
    notes_th: list[str] = []  # the latest comments / problems, already chosen by the caller

    @property
    def status_th(self) -> str:
        return STATUS_TH[self.status]


class ProgressMeasure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    title_th: str = Field(min_length=1)
    responsible_unit: str = ""
    start: date
    end: date
    tasks: list[ProgressTask] = []

    def progress(self) -> int:
        """The mean progress of its tasks (0 when it has none), rounded to a whole percent."""
        if not self.tasks:
            return 0
        return round(sum(t.progress for t in self.tasks) / len(self.tasks))

    def status(self) -> TaskStatus:
        if self.tasks and all(t.status == "done" for t in self.tasks):
            return "done"
        if any(t.status == "blocked" for t in self.tasks):
            return "blocked"
        if any(t.status != "not_started" or t.progress > 0 for t in self.tasks):
            return "in_progress"
        return "not_started"


class ProgressInput(BaseModel):
    """The tracking data of one plan on one day (`as_of`)."""

    model_config = ConfigDict(extra="forbid")

    agency_name: str = Field(min_length=1)
    place: str = ""  # อำเภอ… จังหวัด…
    website: str | None = None
    fiscal_year: int = Field(ge=2500, le=2700)
    period: Period
    as_of: date
    coordinator_unit: str = "สำนักปลัด"
    signer_title: str | None = None  # the executive's position for the ความเห็นของผู้บริหาร block
    plan_status_th: str | None = None  # e.g. "อนุมัติแล้วเมื่อ 5 ตุลาคม 2568"
    measures: list[ProgressMeasure] = []

    @model_validator(mode="after")
    def _dates(self) -> ProgressInput:
        first, last = fiscal_year_period(self.fiscal_year)
        for m in self.measures:
            for t in m.tasks:
                if not first <= t.due <= last:
                    raise ValueError(
                        f'มาตรการที่ {m.number} งาน "{t.title_th}": กำหนดเสร็จ {thai_date(t.due)}'
                        f" อยู่นอกปีงบประมาณ พ.ศ. {self.fiscal_year}"
                    )
        return self

    def period_end(self) -> date:
        """31 March for the 6-month report, 30 September for the annual one."""
        first, last = fiscal_year_period(self.fiscal_year)
        return date(first.year + 1, 3, 31) if self.period == "6" else last


class Summary(BaseModel):
    """The numbers the report prints."""

    measures: int
    measures_done: int
    tasks: int
    done: int
    in_progress: int
    not_started: int
    blocked: int
    due_in_period: int  # tasks due by the end of the period
    done_of_due: int  # … of which done
    overdue: int  # due before `as_of` and not done
    average_progress: int  # mean of the tasks' progress, whole percent
    evidence: int


def summary(data: ProgressInput) -> Summary:
    tasks = [t for m in data.measures for t in m.tasks]
    end = data.period_end()
    due = [t for t in tasks if t.due <= end]
    count = {s: sum(1 for t in tasks if t.status == s) for s in STATUS_TH}
    return Summary(
        measures=len(data.measures),
        measures_done=sum(1 for m in data.measures if m.status() == "done"),
        tasks=len(tasks),
        done=count["done"],
        in_progress=count["in_progress"],
        not_started=count["not_started"],
        blocked=count["blocked"],
        due_in_period=len(due),
        done_of_due=sum(1 for t in due if t.status == "done"),
        overdue=sum(1 for t in tasks if t.due < data.as_of and t.status != "done"),
        average_progress=round(sum(t.progress for t in tasks) / len(tasks)) if tasks else 0,
        evidence=sum(len(t.evidence) for t in tasks),
    )


def build_progress_report(
    data: ProgressInput, *, digits: Digits = "thai", font_policy: str | FontPolicy = "th-sarabun-new"
) -> ThaiDocument:
    """The 6-month (``period="6"``) or annual (``"12"``) progress report laid out as a `ThaiDocument`."""
    from prongsai.core.documents.write.progress import render_progress

    if digits not in ("thai", "arabic"):
        raise ProgressError("เลขต้องเป็น thai หรือ arabic", "digits must be 'thai' or 'arabic'")
    return render_progress(progress_content(data), digits=digits, font_policy=font_policy)


def progress_content(data: ProgressInput) -> DocumentContent:
    """What the progress report says, as blocks."""
    if not data.measures:
        raise ProgressError(
            "แผนมาตรการยังไม่มีมาตรการ จึงยังรายงานผลไม่ได้", "the plan has no measures, so there is nothing to report"
        )
    s = summary(data)
    first, _ = fiscal_year_period(data.fiscal_year)
    period_th = PERIOD_TH[data.period]
    doc = ContentBuilder()

    def d(day: date, short: bool = False) -> str:
        return thai_date(day, short=short)

    doc.heading(f"{REPORT_TITLE_TH}\n{period_th} ประจำปีงบประมาณ พ.ศ. {data.fiscal_year}", level=0)
    doc.paragraph(f"{data.agency_name} {data.place}".strip(), bold=True, align="center")
    doc.paragraph(
        f"ช่วงที่รายงาน {d(first)} ถึง {d(data.period_end())} ข้อมูล ณ วันที่ {d(data.as_of)}", align="center"
    )
    doc.paragraph("")

    doc.heading("1. ความเป็นมา")
    doc.paragraph(
        f"{data.agency_name} ได้กำหนด{PLAN_TITLE_TH} ประจำปีงบประมาณ พ.ศ. {data.fiscal_year}"
        f" จำนวน {s.measures} มาตรการ"
        + (f" ({data.plan_status_th})" if data.plan_status_th else "")
        + f" โดยให้{data.coordinator_unit}กำกับติดตามการดำเนินการและรายงานผลต่อผู้บริหาร"
        f" รายงานฉบับนี้เป็นการรายงาน{period_th} จากข้อมูลการติดตามงานของทุกส่วนราชการ"
    )

    doc.heading("2. สรุปผลการดำเนินการ")
    doc.paragraph(
        f"มาตรการทั้งหมด {s.measures} มาตรการ ดำเนินการแล้วเสร็จ {s.measures_done} มาตรการ"
        f" แบ่งเป็นงานย่อย {s.tasks} งาน ดำเนินการแล้วเสร็จ {s.done} งาน กำลังดำเนินการ {s.in_progress} งาน"
        f" ยังไม่เริ่ม {s.not_started} งาน และติดปัญหา {s.blocked} งาน ความคืบหน้าเฉลี่ยร้อยละ {s.average_progress}"
    )
    doc.paragraph(
        f"งานที่ครบกำหนดภายใน{period_th} (ถึง {d(data.period_end())}) มี {s.due_in_period} งาน"
        f" ดำเนินการแล้วเสร็จ {s.done_of_due} งาน งานที่เลยกำหนดและยังไม่แล้วเสร็จ ณ วันที่รายงาน {s.overdue} งาน"
        f" และมีหลักฐานการดำเนินการ {s.evidence} รายการ"
    )
    rows = [
        [str(m.number), m.title_th, m.responsible_unit or "-", str(len(m.tasks)),
         str(sum(1 for t in m.tasks if t.status == "done")), f"{m.progress()}%", STATUS_TH[m.status()]]
        for m in data.measures
    ]
    rows.append(["", "รวม", "", str(s.tasks), str(s.done), f"{s.average_progress}%", ""])
    doc.table(
        ["ที่", "มาตรการ", "ผู้รับผิดชอบ", "งาน", "เสร็จ", "ความคืบหน้า", "สถานะ"],
        rows,
        # every heading and status label fits its column on one line (tests/core/documents/test_linebreak.py)
        widths_cm=[0.9, 5.0, 2.6, 1.1, 1.1, 2.4, 2.9],
        align=["center", "left", "left", "right", "right", "right", "left"],
        size=14,
        bold_last_row=True,
    )

    doc.heading("3. ผลการดำเนินการรายมาตรการ")
    for m in data.measures:
        doc.heading(f"มาตรการที่ {m.number} {m.title_th}", level=2)
        doc.paragraph(
            f"ผู้รับผิดชอบ {m.responsible_unit or '-'} ระยะเวลา {d(m.start)} ถึง {d(m.end)}"
            f" ความคืบหน้าเฉลี่ยร้อยละ {m.progress()} สถานะ{STATUS_TH[m.status()]}",
            keep_with_next=bool(m.tasks),
        )
        if not m.tasks:
            doc.paragraph("ยังไม่ได้แบ่งงานย่อยของมาตรการนี้")
            continue
        task_rows = []
        for t in m.tasks:
            # on a line of its own: LibreOffice finds no break before "(" and would cut เลยกำ|หนด instead
            late = "\n(เลยกำหนด)" if t.due < data.as_of and t.status != "done" else ""
            evidence = "\n".join(f"{e.label}: {e.url}" if e.url else e.label for e in t.evidence) or "-"
            task_rows.append(
                [t.title_th, t.owner_unit, d(t.due, short=True) + late, t.status_th, f"{t.progress}%", evidence]
            )
        doc.table(
            ["งาน", "ส่วนราชการ", "กำหนดเสร็จ", "สถานะ", "ร้อยละ", "หลักฐาน"],
            task_rows,
            widths_cm=[3.9, 2.3, 2.5, 2.6, 1.4, 3.3],
            align=["left", "left", "left", "left", "right", "left"],
            size=13,
        )

    problems = [
        (m, t) for m in data.measures for t in m.tasks
        if t.status == "blocked" or (t.due < data.as_of and t.status != "done")
    ]
    doc.heading("4. ปัญหา อุปสรรค และแนวทางแก้ไข")
    if problems:
        items = []
        for m, t in problems:
            why = "ติดปัญหา" if t.status == "blocked" else f"เลยกำหนด {d(t.due, short=True)}"
            line = f"มาตรการที่ {m.number} งาน{t.title_th} ({t.owner_unit}) {why} ความคืบหน้าร้อยละ {t.progress}"
            if t.notes_th:
                line += " หมายเหตุ: " + " / ".join(t.notes_th)
            items.append(line)
        doc.numbered(items)
        doc.paragraph(
            f"ให้ส่วนราชการที่รับผิดชอบเร่งดำเนินการ และรายงานความคืบหน้าต่อ{data.coordinator_unit}"
            " เพื่อเสนอผู้บริหารในรอบถัดไป"
        )
    else:
        doc.paragraph("ไม่มีงานที่เลยกำหนดหรือติดปัญหา ณ วันที่รายงาน")

    doc.heading("5. การเผยแพร่")
    where = f" ({data.website})" if data.website else ""
    doc.paragraph(
        f"เมื่อผู้บริหารรับทราบรายงานนี้แล้ว ให้เผยแพร่บนเว็บไซต์หลักของหน่วยงาน{where}"
        " เพื่อเป็นหลักฐานการกำกับติดตามการดำเนินการตามมาตรการ"
    )
    doc.signature("." * 30, [f"ผู้รายงาน {data.coordinator_unit}"], blank_lines=2)
    doc.paragraph("")
    title = data.signer_title or "ผู้บริหาร"
    doc.paragraph(f"ความเห็นของ{title}", bold=True, indent=False, keep_with_next=True)
    doc.paragraph("(   )  รับทราบ และอนุญาตให้เผยแพร่", indent=1.25, keep_with_next=True)
    doc.paragraph("(   )  อื่น ๆ " + "." * 60, indent=1.25, keep_with_next=True)
    doc.signature("." * 30, [title, "วันที่ " + "." * 30], blank_lines=1, sign_line=True)
    return doc.content(kind=f"progress{data.period}", title=f"{REPORT_TITLE_TH} {period_th}", author=data.agency_name)


__all__ = [
    "PERIOD_TH",
    "REPORT_TITLE_TH",
    "STATUS_TH",
    "ProgressError",
    "ProgressEvidence",
    "ProgressInput",
    "ProgressMeasure",
    "ProgressTask",
    "Summary",
    "build_progress_report",
    "progress_content",
    "summary",
]
