"""A working group's meeting on the ITA results, and the two documents made from it.

=================  ==========================================================================================
``minutes``        รายงานการประชุม: heading (group, number, date, place), those present, absent and on leave,
                   the meeting opened at, agenda items 1–5 (เรื่องที่ประธานแจ้ง, รับรองรายงานการประชุมครั้งก่อน,
                   เรื่องเพื่อทราบ, เรื่องเพื่อพิจารณา, เรื่องอื่น ๆ) with the decisions, closed at, the minute-taker
                   and the checker
``development``    การนำผลการประเมิน ITA ไปพัฒนาองค์กร: who chaired the working group and when, the results with
                   their level (the framework's), and the numbered directions, each tied to the indicator it
                   addresses (an OIT item of the year's list)
=================  ==========================================================================================

Every figure comes from the `Analysis` (the stored result, analysed by the core) and every name, date and
decision from the `MeetingInput`; the writers only lay the blocks out (`write.reports.render`).

    meeting = meeting_from_yaml(text, analysis=analysis)          # the CLI's meeting file (ReportError, Thai)
    agenda = agenda_from_analysis(analysis, plan)                  # a draft of agenda item 4 from the analysis
    content = meeting_content("development", analysis, meeting, data)
    doc = build_meeting_document("minutes", analysis, meeting, data, digits="thai")
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from prongsai.core.analysis import Analysis
from prongsai.core.pipeline.content import ContentBuilder, Digits, DocumentContent, ReportError
from prongsai.core.pipeline.inputs import ReportInput
from prongsai.core.plan import MeasuresPlan
from prongsai.core.thai import fiscal_year_of, fiscal_year_period, format_score, list_th, thai_date

if TYPE_CHECKING:
    from prongsai.core.documents.write.docx_thai import FontPolicy, ThaiDocument

MeetingKind = Literal["minutes", "development"]
MEETING_KINDS: tuple[MeetingKind, ...] = ("minutes", "development")
MEETING_KIND_TH: dict[str, str] = {
    "minutes": "รายงานการประชุม",
    "development": "การนำผลการประเมิน ITA ไปพัฒนาองค์กร",
}
ITA_GROUP_TH = "คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส"
ROLE_TH = {"chair": "ประธาน", "vice_chair": "รองประธาน", "member": "คณะทำงาน", "secretary": "คณะทำงานและเลขานุการ",
           "assistant_secretary": "คณะทำงานและผู้ช่วยเลขานุการ", "attendee": "ผู้เข้าร่วมประชุม"}
ATTENDANCE_TH = {"present": "มาประชุม", "absent": "ไม่มาประชุม", "leave": "ลาประชุม"}
AGENDA_TH = {
    1: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    2: "รับรองรายงานการประชุมครั้งก่อน",
    3: "เรื่องเพื่อทราบ",
    4: "เรื่องเพื่อพิจารณา",
    5: "เรื่องอื่น ๆ",
}
DOTS = "." * 30
MAX_PEOPLE = 200
MAX_DECISIONS = 50


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MeetingPerson(_Model):
    name: str = Field(min_length=1, max_length=200)
    position: str = Field(default="", max_length=300)
    role: Literal["chair", "vice_chair", "member", "secretary", "assistant_secretary", "attendee"] = "member"
    attendance: Literal["present", "absent", "leave"] = "present"
    note: str = Field(default="", max_length=300)  # why absent or on leave (ติดราชการ …)


class AgendaItem(_Model):
    section: int = Field(ge=1, le=5)
    title: str = Field(default="", max_length=500)
    detail: str = Field(default="", max_length=20_000)
    resolution: str = Field(default="", max_length=5_000)  # มติที่ประชุม


class MeetingDecision(_Model):
    text: str = Field(min_length=1, max_length=5_000)
    indicator: int | None = None  # the indicator the direction addresses
    measure_title: str | None = None  # the measure it created or amended, as the plan names it


class MeetingInput(_Model):
    """One meeting of a working group. `fiscal_year` is the B.E. year the meeting works in; its `day` must fall in
    it. `people` holds everyone invited (the chair among them, role "chair")."""

    group_name: str = Field(default=ITA_GROUP_TH, min_length=1, max_length=300)
    number: str = Field(default="", max_length=40)  # ครั้งที่ 1/2569
    fiscal_year: int
    day: date
    place: str = Field(default="", max_length=300)
    opened_at: str = Field(default="", max_length=20)
    closed_at: str = Field(default="", max_length=20)
    people: list[MeetingPerson] = Field(default=[], max_length=MAX_PEOPLE)
    agenda: list[AgendaItem] = []
    decisions: list[MeetingDecision] = Field(default=[], max_length=MAX_DECISIONS)
    minute_taker: str = Field(default="", max_length=200)
    minute_taker_position: str = Field(default="", max_length=300)
    checker: str = Field(default="", max_length=200)
    checker_position: str = Field(default="", max_length=300)

    def chair(self) -> MeetingPerson | None:
        return next((p for p in self.people if p.role == "chair"), None)

    def with_attendance(self, attendance: str) -> list[MeetingPerson]:
        return [p for p in self.people if p.attendance == attendance]

    def counts(self) -> dict[str, int]:
        return {k: len(self.with_attendance(k)) for k in ATTENDANCE_TH}


def check_meeting(meeting: MeetingInput, analysis: Analysis | None = None) -> None:
    """The rules a meeting must keep (ReportError, Thai): its day inside the fiscal year it claims, one chair, each
    decision's indicator one of the analysed year's."""
    first, last = fiscal_year_period(meeting.fiscal_year)
    if not first <= meeting.day <= last:
        raise ReportError(
            f"วันที่ประชุม {thai_date(meeting.day)} ไม่อยู่ในปีงบประมาณ {meeting.fiscal_year}"
            f" ({thai_date(first)} ถึง {thai_date(last)}) แต่อยู่ในปีงบประมาณ {fiscal_year_of(meeting.day)}",
            f"the meeting day {meeting.day} is outside FY{meeting.fiscal_year}",
        )
    chairs = [p for p in meeting.people if p.role == "chair"]
    if len(chairs) != 1:
        raise ReportError("ต้องมีประธานในที่ประชุมหนึ่งคน", "a meeting needs exactly one chair")
    if analysis is not None:
        known = {s.indicator for s in analysis.indicators}
        for k, d in enumerate(meeting.decisions, 1):
            if d.indicator is not None and d.indicator not in known:
                raise ReportError(
                    f"มติข้อ {k}: ไม่มีตัวชี้วัดที่ {d.indicator} ในกรอบการประเมินปีงบประมาณ {analysis.fiscal_year}",
                    f"decision {k}: FY{analysis.fiscal_year} has no indicator {d.indicator}",
                )


# --- the CLI's meeting file ---------------------------------------------------------------------------------


def meeting_from_yaml(
    text: str, *, analysis: Analysis, source: str = "meeting.yaml"
) -> MeetingInput:
    """The meeting a YAML file describes: ``date`` (ISO or Thai: "2 เมษายน 2569"), ``place``, ``chair: {name,
    position}``, ``attendees: [{name, position, present}]``, ``decisions: [{text, indicator}]``; optional
    ``group``, ``number``, ``fiscal_year`` (default: the year of the date), ``opened_at``, ``closed_at``,
    ``minute_taker``, ``checker``. Thai errors (`ReportError`) name the field."""
    import yaml

    from prongsai.core.thaidate import ThaiDateError, parse_thai_date

    def bad(th: str, en: str) -> ReportError:
        return ReportError(f"{source}: {th}", f"{source}: {en}")

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (บรรทัดที่ {mark.line + 1})" if mark is not None else ""
        raise bad(f"อ่านไฟล์ YAML ไม่ได้{where}", f"not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise bad("ไฟล์การประชุมต้องเป็นรายการ ชื่อ: ค่า เช่น date: 2 เมษายน 2569", "the meeting file must be a mapping")
    unknown = sorted(set(map(str, data)) - {
        "date", "place", "chair", "attendees", "decisions", "group", "number", "fiscal_year", "opened_at",
        "closed_at", "minute_taker", "checker",
    })
    if unknown:
        raise bad(f"ไม่รู้จักหัวข้อ {', '.join(unknown)}", f"unknown keys: {', '.join(unknown)}")
    raw_day = data.get("date")
    if raw_day is None:
        raise bad("ไม่มีวันที่ประชุม (date)", "date is missing")
    if isinstance(raw_day, date):
        day = raw_day
    else:
        try:
            day = parse_thai_date(str(raw_day))
        except ThaiDateError as exc:
            raise bad(f"date: {exc.args[0] if exc.args else 'วันที่ไม่ถูกต้อง'}", f"date: bad date '{raw_day}'") from None
    chair = data.get("chair")
    if not isinstance(chair, dict) or not str(chair.get("name") or "").strip():
        raise bad("chair ต้องมี name และ position ของประธาน", "chair needs a name and a position")
    people = [MeetingPerson(name=str(chair["name"]), position=str(chair.get("position") or ""), role="chair")]
    attendees = data.get("attendees") or []
    if not isinstance(attendees, list):
        raise bad("attendees ต้องเป็นรายการผู้เข้าประชุม", "attendees must be a list")
    for k, a in enumerate(attendees, 1):
        if not isinstance(a, dict) or not str(a.get("name") or "").strip():
            raise bad(f"attendees รายการที่ {k} ต้องมี name", f"attendee {k} needs a name")
        present = a.get("present", True)
        if not isinstance(present, bool):
            raise bad(f"attendees รายการที่ {k}: present ต้องเป็น true หรือ false", f"attendee {k}: present must be a bool")
        people.append(MeetingPerson(name=str(a["name"]), position=str(a.get("position") or ""),
                                    attendance="present" if present else "absent"))
    decisions = []
    raw_decisions = data.get("decisions") or []
    if not isinstance(raw_decisions, list):
        raise bad("decisions ต้องเป็นรายการมติ", "decisions must be a list")
    for k, d in enumerate(raw_decisions, 1):
        if isinstance(d, str):
            d = {"text": d}
        if not isinstance(d, dict) or not str(d.get("text") or "").strip():
            raise bad(f"decisions รายการที่ {k} ต้องมี text", f"decision {k} needs a text")
        indicator = d.get("indicator")
        if indicator is not None and (isinstance(indicator, bool) or not isinstance(indicator, int)):
            raise bad(f"decisions รายการที่ {k}: indicator ต้องเป็นเลขตัวชี้วัด เช่น 9", f"decision {k}: bad indicator")
        decisions.append(MeetingDecision(text=str(d["text"]), indicator=indicator))
    fiscal_year = data.get("fiscal_year", fiscal_year_of(day))
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise bad("fiscal_year ต้องเป็นปี พ.ศ. เช่น 2569", "fiscal_year must be a B.E. year")
    try:
        meeting = MeetingInput(
            group_name=str(data.get("group") or ITA_GROUP_TH), number=str(data.get("number") or ""),
            fiscal_year=fiscal_year, day=day, place=str(data.get("place") or ""),
            opened_at=str(data.get("opened_at") or ""), closed_at=str(data.get("closed_at") or ""),
            people=people, decisions=decisions, minute_taker=str(data.get("minute_taker") or ""),
            checker=str(data.get("checker") or ""),
        )
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise bad(f"ข้อมูล {where} ไม่ถูกต้อง", f"bad value at {where}") from None
    try:
        check_meeting(meeting, analysis)
    except ReportError as exc:
        raise bad(exc.th, exc.en) from None
    return meeting


# --- a draft agenda from the analysis ---------------------------------------------------------------------


def agenda_from_analysis(analysis: Analysis, plan: MeasuresPlan | None = None) -> list[AgendaItem]:
    """Agenda items 3 and 4 drafted from the year's analysis: the results with their level, the weak indicators
    and questions, the gap to the next level, and the measures proposed in the plan."""
    a = analysis
    s = format_score
    results = (
        f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.\u00a0{a.fiscal_year} ได้คะแนนภาพรวม {s(a.overall)} คะแนน"
        f" อยู่ในระดับ {a.level}"
    )
    inst = [f"{i.name_th} ({i.code}) ได้ {s(i.score)} คะแนน" for i in a.instruments]
    know = [results, "โดย" + list_th(inst)]
    weak = [a.indicator(n) for n in (a.urgent + a.improve)]
    lines = [f"ตัวชี้วัดที่ {w.indicator} {w.name_th} {s(w.score)} คะแนน ({w.status_th})" for w in weak]
    if a.weak_questions:
        lines += [
            f"ข้อคำถาม {q.code or ''} {q.text} {s(q.score)} คะแนน".replace("  ", " ") for q in a.weak_questions[:5]
        ]
    if a.next_level is not None:
        nl = a.next_level
        lines.append(f"ขึ้นสู่ระดับ {nl.to_level} ต้องเพิ่มอีก {s(nl.overall_gap)} คะแนนในภาพรวม")
    if plan is not None and plan.measures:
        lines.append("มาตรการที่เสนอ: " + list_th([m.title_th for m in plan.measures]))
    consider = "\n".join(lines) if lines else "ไม่มีตัวชี้วัดที่ต่ำกว่าเกณฑ์"
    return [
        AgendaItem(section=3, title="ผลการประเมินคุณธรรมและความโปร่งใส (ITA)", detail="\n".join(know)),
        AgendaItem(
            section=4,
            title=f"แนวทางการยกระดับการพัฒนาองค์กร ปีงบประมาณ พ.ศ.\u00a0{a.plan_fiscal_year}",
            detail=consider,
        ),
    ]


# --- the documents ---------------------------------------------------------------------------------------


class _Ctx:
    def __init__(self, a: Analysis, meeting: MeetingInput, data: ReportInput) -> None:
        self.a, self.m, self.data = a, meeting, data
        self.full = data.full_name()
        self.doc = ContentBuilder()

    @staticmethod
    def date(day: date) -> str:
        return thai_date(day).replace(" ", "\u00a0")

    def agency_line(self) -> str:
        return f"{self.full} {self.data.place()}".strip()

    def chair(self) -> MeetingPerson:
        chair = self.m.chair()
        if chair is None:  # check_meeting refuses this before
            raise ReportError("ต้องมีประธานในที่ประชุมหนึ่งคน", "a meeting needs exactly one chair")
        return chair

    def results_sentence(self) -> str:
        a = self.a
        return (
            f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.\u00a0{a.fiscal_year} {self.full} ได้คะแนนภาพรวม"
            f" {format_score(a.overall)} คะแนน อยู่ในระดับ {a.level}"
        )

    def direction(self, d: MeetingDecision) -> str:
        if d.indicator is None:
            return d.text
        return f"{d.text} (ตัวชี้วัดที่ {d.indicator} {self.a.indicator(d.indicator).name_th})"


def _development(c: _Ctx) -> None:
    a, m, doc = c.a, c.m, c.doc
    chair = c.chair()
    doc.heading(MEETING_KIND_TH["development"], level=0)
    doc.paragraph(f"ประจำปีงบประมาณ พ.ศ.\u00a0{m.fiscal_year}", bold=True, align="center")
    doc.paragraph(c.agency_line(), bold=True, align="center")
    doc.paragraph("")
    who = f"{chair.name} {chair.position}".strip()
    place = f" ณ {m.place}" if m.place else ""
    doc.paragraph(
        f"เมื่อวันที่ {c.date(m.day)} {who} เป็นประธานในการประชุม{m.group_name}"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{m.fiscal_year}{place} เพื่อวิเคราะห์ผลการประเมิน ITA"
        f" ประจำปีงบประมาณ พ.ศ.\u00a0{a.fiscal_year} และกำหนดแนวทางในการยกระดับการพัฒนาองค์กร"
    )
    lead = "แต่ยังมีประเด็นที่ต้องพัฒนาให้ดียิ่งขึ้น ดังนี้" if m.decisions else ""
    doc.paragraph(f"{c.results_sentence()} {lead}".strip(), keep_with_next=bool(m.decisions))
    if m.decisions:
        doc.numbered([c.direction(d) for d in m.decisions])
    weak = [a.indicator(n) for n in (a.urgent + a.improve)]
    if weak:
        doc.paragraph(
            "ตัวชี้วัดที่ต้องพัฒนา ได้แก่ " + list_th([f"ตัวชี้วัดที่ {w.indicator} {w.name_th}" for w in weak])
        )
    present = m.counts()["present"]
    doc.paragraph(
        f"ในการนี้ ที่ประชุมซึ่งมีผู้มาประชุม {present} คน มอบหมายให้ทุกส่วนราชการนำแนวทางข้างต้นไปปฏิบัติ"
        " กำกับติดตาม และรายงานผลต่อผู้บริหารและคณะทำงานอย่างสม่ำเสมอ"
    )
    doc.signature(chair.name, [chair.position] if chair.position else [], blank_lines=2)


def _person_line(k: int, p: MeetingPerson) -> str:
    parts = [f"{k}. {p.name}", p.position, ROLE_TH.get(p.role, "")]
    if p.note:
        parts.append(f"({p.note})")
    return "  ".join(x for x in parts if x)


def _minutes(c: _Ctx) -> None:
    m, doc = c.m, c.doc
    chair = c.chair()
    doc.heading(MEETING_KIND_TH["minutes"], level=0)
    doc.paragraph(m.group_name, bold=True, align="center")
    doc.paragraph(c.agency_line(), bold=True, align="center")
    number = f"ครั้งที่ {m.number} " if m.number else ""
    doc.paragraph(f"{number}เมื่อวันที่ {c.date(m.day)}".strip(), bold=True, align="center")
    if m.place:
        doc.paragraph(f"ณ {m.place}", bold=True, align="center")
    doc.paragraph("-" * 20, align="center", indent=False)
    counts = m.counts()
    for key, title in (("present", "ผู้มาประชุม"), ("absent", "ผู้ไม่มาประชุม"), ("leave", "ผู้ลาประชุม")):
        group = m.with_attendance(key)
        if key != "present" and not group:
            continue
        doc.paragraph(f"{title} {counts[key]} คน", bold=True, indent=False, keep_with_next=True)
        for k, p in enumerate(group, 1):
            doc.paragraph(_person_line(k, p), indent=1.25)
    opened = f"เวลา {m.opened_at} น." if m.opened_at else DOTS
    doc.paragraph(f"เริ่มประชุม {opened}", bold=True, indent=False)
    doc.paragraph(
        f"เมื่อคณะทำงานมาครบองค์ประชุมแล้ว {chair.name} {chair.position} ประธานในที่ประชุม กล่าวเปิดการประชุม"
        " และดำเนินการประชุมตามระเบียบวาระ ดังนี้"
    )
    items: dict[int, list[AgendaItem]] = {}
    for item in m.agenda:
        items.setdefault(item.section, []).append(item)
    for section in range(1, 6):
        doc.paragraph(f"ระเบียบวาระที่ {section}  {AGENDA_TH[section]}", bold=True, indent=False,
                      keep_with_next=True)
        given = items.get(section, [])
        if section == 3 and not given:
            given = [AgendaItem(section=3, title="ผลการประเมินคุณธรรมและความโปร่งใส (ITA)",
                                detail=c.results_sentence())]
        for item in given:
            if item.title:
                doc.paragraph(item.title, bold=True, indent=1.25)
            for line in item.detail.splitlines():
                if line.strip():
                    doc.paragraph(line.strip())
            if item.resolution:
                doc.paragraph([("มติที่ประชุม", {"bold": True}), f"  {item.resolution}"])
        if section == 4 and m.decisions:
            doc.paragraph([("มติที่ประชุม", {"bold": True}), "  เห็นชอบแนวทางการพัฒนาองค์กร ดังนี้"],
                          keep_with_next=True)
            doc.numbered([c.direction(d) for d in m.decisions])
        if not given and not (section == 4 and m.decisions):
            doc.paragraph("- ไม่มี -", align="center", indent=False)
            if section in (1, 3):
                doc.paragraph([("มติที่ประชุม", {"bold": True}), "  รับทราบ"])
            elif section == 2:
                doc.paragraph([("มติที่ประชุม", {"bold": True}), "  รับรอง"])
    closed = f"เวลา {m.closed_at} น." if m.closed_at else DOTS
    doc.paragraph(f"เลิกประชุม {closed}", bold=True, indent=False)
    doc.paragraph("")
    taker = [x for x in (m.minute_taker_position, "ผู้จดรายงานการประชุม") if x]
    doc.signature(m.minute_taker or DOTS, taker, blank_lines=2, sign_line=True)
    checker_position = m.checker_position if m.checker else chair.position
    checker = [x for x in (checker_position, "ผู้ตรวจรายงานการประชุม") if x]
    doc.signature(m.checker or chair.name, checker, blank_lines=2, sign_line=True)


_BUILDERS = {"minutes": _minutes, "development": _development}


def meeting_content(kind: str, analysis: Analysis, meeting: MeetingInput, data: ReportInput) -> DocumentContent:
    """What the document of `kind` (minutes, development) says, as blocks. The meeting is checked first."""
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ReportError(
            f"ไม่รู้จักเอกสารชนิด '{kind}' (มี {', '.join(MEETING_KINDS)})",
            f"unknown meeting document '{kind}' (one of {', '.join(MEETING_KINDS)})",
        )
    check_meeting(meeting, analysis)
    ctx = _Ctx(analysis, meeting, data)
    builder(ctx)
    return ctx.doc.content(kind=kind, title=f"{MEETING_KIND_TH[kind]} {ctx.full}", author=ctx.full)


def build_meeting_document(
    kind: str,
    analysis: Analysis,
    meeting: MeetingInput,
    data: ReportInput,
    *,
    digits: Digits = "thai",
    font_policy: str | FontPolicy = "th-sarabun-new",
) -> ThaiDocument:
    """The document of `kind` laid out as a `ThaiDocument` (save / to_pdf)."""
    from prongsai.core.documents.write.reports import render

    if digits not in ("thai", "arabic"):
        raise ReportError("เลขต้องเป็น thai หรือ arabic", "digits must be 'thai' or 'arabic'")
    return render(meeting_content(kind, analysis, meeting, data), digits=digits, font_policy=font_policy)


__all__ = [
    "AGENDA_TH",
    "ATTENDANCE_TH",
    "ITA_GROUP_TH",
    "MEETING_KINDS",
    "MEETING_KIND_TH",
    "ROLE_TH",
    "AgendaItem",
    "MeetingDecision",
    "MeetingInput",
    "MeetingKind",
    "MeetingPerson",
    "agenda_from_analysis",
    "build_meeting_document",
    "check_meeting",
    "meeting_content",
    "meeting_from_yaml",
]
