"""Forms of the meeting pages (Thai messages beside each field; apps/base helpers)."""

from __future__ import annotations

from django import forms

from prongsai.apps.base.forms import BEDateField, field_messages, upload_field
from prongsai.apps.meetings.models import Attendance, FileKind, Role


class MeetingForm(forms.Form):
    group_name = forms.CharField(label="คณะทำงาน", max_length=300, error_messages=field_messages(300),
                                 initial="คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส")
    number = forms.CharField(label="ครั้งที่", max_length=40, required=False, error_messages=field_messages(40),
                             help_text="เช่น 1/2569")
    fiscal_year = forms.IntegerField(label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700,
                                     error_messages=field_messages())
    day = BEDateField(label="วันที่ประชุม")
    place = forms.CharField(label="สถานที่", max_length=300, required=False, error_messages=field_messages(300))
    opened_at = forms.CharField(label="เริ่มประชุมเวลา", max_length=20, required=False,
                                error_messages=field_messages(20), help_text="เช่น 09.30")
    closed_at = forms.CharField(label="เลิกประชุมเวลา", max_length=20, required=False,
                                error_messages=field_messages(20))
    chair_name = forms.CharField(label="ประธานในที่ประชุม", max_length=200, error_messages=field_messages(200))
    chair_position = forms.CharField(label="ตำแหน่งประธาน", max_length=300, required=False,
                                     error_messages=field_messages(300))
    minute_taker = forms.CharField(label="ผู้จดรายงานการประชุม", max_length=200, required=False,
                                   error_messages=field_messages(200))
    minute_taker_position = forms.CharField(label="ตำแหน่งผู้จด", max_length=300, required=False,
                                            error_messages=field_messages(300))
    results_fiscal_year = forms.TypedChoiceField(label="ร่างระเบียบวาระจากผลการประเมินปี", required=False,
                                                 coerce=int, empty_value=None, error_messages=field_messages())

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results_fiscal_year"].choices = [("", "— ไม่ใช้ผลการประเมิน —")] + [(y, str(y)) for y in years]


class PeopleForm(forms.Form):
    people = forms.CharField(
        label="รายชื่อ (บรรทัดละคน: ชื่อ | ตำแหน่ง | บทบาท | การเข้าประชุม | หมายเหตุ)", widget=forms.Textarea,
        max_length=40_000, error_messages=field_messages(40_000),
        help_text="บทบาท: " + ", ".join(r.label for r in Role if r != Role.CHAIR)
        + " — การเข้าประชุม: " + ", ".join(a.label for a in Attendance),
    )
    present_count = forms.IntegerField(label="จำนวนผู้มาประชุม (รวมประธาน)", min_value=0, required=False,
                                       error_messages=field_messages())
    absent_count = forms.IntegerField(label="จำนวนผู้ไม่มาประชุม", min_value=0, required=False,
                                      error_messages=field_messages())
    leave_count = forms.IntegerField(label="จำนวนผู้ลาประชุม", min_value=0, required=False,
                                     error_messages=field_messages())

    def parsed(self) -> list[dict[str, str]]:
        roles = {r.label: r.value for r in Role} | {r.value: r.value for r in Role}
        attendances = {a.label: a.value for a in Attendance} | {a.value: a.value for a in Attendance}
        out = []
        for line in self.cleaned_data["people"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + [""] * 5
            out.append({"name": parts[0], "position": parts[1], "role": roles.get(parts[2], parts[2] or "member"),
                        "attendance": attendances.get(parts[3], parts[3] or "present"), "note": parts[4]})
        return out

    def counts(self) -> dict[str, int] | None:
        values = {k: self.cleaned_data.get(f"{k}_count") for k in ("present", "absent", "leave")}
        if all(v is None for v in values.values()):
            return None
        return {k: v or 0 for k, v in values.items()}


class DecisionForm(forms.Form):
    text = forms.CharField(label="มติ/แนวทาง", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages=field_messages(5000))
    indicator = forms.TypedChoiceField(label="ตัวชี้วัดที่แก้ไข", required=False, coerce=int, empty_value=None,
                                       error_messages=field_messages())
    measure = forms.TypedChoiceField(label="แก้ไขมาตรการในแผน", required=False, coerce=int, empty_value=None,
                                     error_messages=field_messages())
    create_measure = forms.BooleanField(label="เพิ่มเป็นมาตรการใหม่ในร่างแผน", required=False)

    def __init__(self, *args, indicator_names: list[tuple[int, str]] = (), measures: list = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "— ไม่ระบุ —")] + [(n, f"{n}. {name}") for n, name in indicator_names]
        self.fields["measure"].choices = [("", "— ไม่ระบุ —")] + [(m.pk, str(m)) for m in measures]


class FileForm(forms.Form):
    kind = forms.ChoiceField(label="ชนิด", choices=FileKind.choices, error_messages=field_messages())
    file = upload_field(label="ไฟล์", help_text="ภาพการประชุม PNG/JPEG/GIF หรือรายงานการประชุมที่ลงนามแล้ว (PDF/Word/ภาพสแกน)",
                        suffixes=(".png", ".jpg", ".jpeg", ".gif", ".pdf", ".docx"))


class PersonForm(forms.Form):
    """One person of the meeting, corrected."""

    name = forms.CharField(label="ชื่อ", max_length=200, error_messages=field_messages(200))
    position = forms.CharField(label="ตำแหน่ง", max_length=300, required=False, error_messages=field_messages(300))
    role = forms.ChoiceField(label="บทบาท", choices=Role.choices, error_messages=field_messages())
    attendance = forms.ChoiceField(label="การเข้าประชุม", choices=Attendance.choices, error_messages=field_messages())
    note = forms.CharField(label="หมายเหตุ", max_length=300, required=False, error_messages=field_messages(300),
                           help_text="เช่น ติดราชการ")


class DecisionEditForm(forms.Form):
    """A decision corrected: its text, the indicator it addresses, the measure of the plan it amends."""

    text = forms.CharField(label="มติ/แนวทาง", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages=field_messages(5000))
    indicator = forms.TypedChoiceField(label="ตัวชี้วัดที่แก้ไข", required=False, coerce=int, empty_value=None,
                                       error_messages=field_messages())
    measure = forms.TypedChoiceField(label="มาตรการในแผนที่เกี่ยวข้อง", required=False, coerce=int, empty_value=None,
                                     error_messages=field_messages())

    def __init__(self, *args, indicator_names: list[tuple[int, str]] = (), measures: list = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "— ไม่ระบุ —")] + [(n, f"{n}. {name}") for n, name in indicator_names]
        self.fields["measure"].choices = [("", "— ไม่ระบุ —")] + [(m.pk, str(m)) for m in measures]


AGENDA_TITLES = {1: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", 2: "รับรองรายงานการประชุมครั้งก่อน", 5: "เรื่องอื่น ๆ"}


class AgendaForm(forms.Form):
    """Agenda items 1, 2 and 5 as the secretary types them, and who checked the minutes."""

    item1_detail = forms.CharField(label="ระเบียบวาระที่ 1 เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000,
                                   error_messages=field_messages(20_000))
    item1_resolution = forms.CharField(label="มติที่ประชุม (วาระที่ 1)", required=False, max_length=5000,
                                       error_messages=field_messages(5000), help_text="เช่น รับทราบ")
    item2_detail = forms.CharField(label="ระเบียบวาระที่ 2 รับรองรายงานการประชุมครั้งก่อน", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000,
                                   error_messages=field_messages(20_000))
    item2_resolution = forms.CharField(label="มติที่ประชุม (วาระที่ 2)", required=False, max_length=5000,
                                       error_messages=field_messages(5000), help_text="เช่น รับรองรายงานการประชุม")
    item5_detail = forms.CharField(label="ระเบียบวาระที่ 5 เรื่องอื่น ๆ", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000,
                                   error_messages=field_messages(20_000))
    item5_resolution = forms.CharField(label="มติที่ประชุม (วาระที่ 5)", required=False, max_length=5000,
                                       error_messages=field_messages(5000))
    closed_at = forms.CharField(label="เลิกประชุมเวลา", max_length=20, required=False,
                                error_messages=field_messages(20), help_text="เช่น 12.00")
    checker = forms.CharField(label="ผู้ตรวจรายงานการประชุม", max_length=200, required=False,
                              error_messages=field_messages(200), help_text="เว้นว่าง: ประธานในที่ประชุม")
    checker_position = forms.CharField(label="ตำแหน่งผู้ตรวจ", max_length=300, required=False,
                                       error_messages=field_messages(300))

    @staticmethod
    def initial_from(meeting) -> dict:
        out = {"checker": meeting.checker, "checker_position": meeting.checker_position,
               "closed_at": meeting.closed_at}
        for item in meeting.agenda or []:
            if isinstance(item, dict) and item.get("section") in AGENDA_TITLES:
                out[f"item{item['section']}_detail"] = item.get("detail", "")
                out[f"item{item['section']}_resolution"] = item.get("resolution", "")
        return out

    def agenda_items(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {s: (d.get(f"item{s}_detail") or "", d.get(f"item{s}_resolution") or "") for s in AGENDA_TITLES}


class PublishForm(forms.Form):
    """The deliberate publication: which photos go with the report, and whether the report is also the OIT
    evidence of the year."""

    photos = forms.TypedMultipleChoiceField(label="ภาพที่เผยแพร่พร้อมรายงาน", required=False, coerce=int,
                                            widget=forms.CheckboxSelectMultiple, error_messages=field_messages())
    offer_oit = forms.BooleanField(label="แนบรายงานเป็นหลักฐาน OIT ข้อการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
                                   required=False)
    confirm = forms.BooleanField(
        label="ตรวจรายงานแล้ว และยืนยันการเปลี่ยนแปลงสิ่งที่ประชาชนเห็นบนเว็บไซต์ของหน่วยงาน",
        error_messages={"required": "กรุณาติ๊กยืนยันก่อนเผยแพร่หรือยกเลิกการเผยแพร่"},
    )

    def __init__(self, *args, photo_choices: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = list(photo_choices)
