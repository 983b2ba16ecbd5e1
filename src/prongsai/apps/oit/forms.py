"""Forms for OIT evidence. Errors are Thai and sit beside their field; a refused form keeps what was typed."""

from __future__ import annotations

from django import forms

from prongsai.apps.base.files import evidence_max_bytes
from prongsai.apps.base.forms import lines
from prongsai.core.oit import ChecklistItem
from prongsai.core.oit.checklist import ARROW, HOME_TH, STATUS_TH


def year_choices(years: list[int]) -> list[tuple[int, str]]:
    return [(y, f"ปีงบประมาณ พ.ศ. {y}") for y in years]


class YearForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="ปีงบประมาณ", coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = year_choices(years)


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    responsible = forms.CharField(
        label="ผู้รับผิดชอบ (ชื่อ ตำแหน่ง)", required=False, max_length=300,
        help_text="ผู้จัดทำและเผยแพร่ข้อมูลข้อนี้ เช่น นางสาว… นักวิเคราะห์นโยบายและแผน",
    )
    urls = forms.CharField(
        label="URL ของหลักฐานบนเว็บไซต์หลัก", required=False,
        help_text="บรรทัดละหนึ่งที่อยู่ ขึ้นต้นด้วย https:// หรือ http://",
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url", "autocomplete": "off"}),
    )
    how_to_find = forms.CharField(
        label="วิธีเข้าถึงจากหน้าหลัก", required=False,
        help_text=f"บรรทัดละหนึ่งขั้น เช่น {HOME_TH} / ITA 2568 / O9 คู่มือการขอรับบริการ (แสดงเป็น {HOME_TH}{ARROW}…{ARROW}…)",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": f"{HOME_TH}\nITA\nO1 โครงสร้าง"}),
    )
    parts = forms.MultipleChoiceField(
        label="ส่วนประกอบที่ข้อนี้กำหนด (ทำเครื่องหมายเมื่อมีครบในหลักฐาน)", required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label="สถานะ", choices=list(STATUS_TH.items()))
    explanation = forms.CharField(
        label="คำอธิบายสำหรับ ITAS", required=False, max_length=3000,
        help_text="ต่อท้ายวิธีเข้าถึงในช่องคำอธิบายของไฟล์ส่งออก ITAS; จำเป็นเมื่อเลือก “ไม่มีข้อมูลตามข้อนี้”",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item: ChecklistItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(p.id, p.name_th) for p in item.parts]
        if not item.parts:
            del self.fields["parts"]

    @classmethod
    def initial_of(cls, item: ChecklistItem, version: int) -> dict:
        return {
            "version": version,
            "responsible": item.responsible or "",
            "urls": "\n".join(item.urls),
            "how_to_find": "\n".join(item.how_to_find),
            "parts": [p.id for p in item.parts if p.done is True],
            "status": item.status,
            "explanation": item.explanation or "",
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "responsible": data["responsible"],
            "urls": [u.strip() for u in (data["urls"] or "").splitlines() if u.strip()],
            "how_to_find": lines(data["how_to_find"]),
            "parts_done": set(data.get("parts") or []),
            "status": data["status"],
            "explanation": data["explanation"],
        }


class FileForm(forms.Form):
    file = forms.FileField(label="แนบไฟล์หลักฐาน")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"PDF, Word, Excel, PowerPoint, รูปภาพ PNG/JPEG/GIF หรือข้อความ ไม่เกิน {evidence_max_bytes() / 1e6:g} MB"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > evidence_max_bytes():
            raise forms.ValidationError(f"ไฟล์ใหญ่เกิน {evidence_max_bytes() / 1e6:g} MB")
        return upload


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label="ยืนยัน", required=True,
                                 error_messages={"required": "กรุณาทำเครื่องหมายยืนยันก่อน"})


class DraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="ความเห็นของผู้ประเมินต่อข้อนี้", max_length=1000,
        help_text="คัดลอกจากผลการประเมินใน ITAS เช่น “ไม่พบค่าธรรมเนียม” ระบบจะร่างคำชี้แจงให้แก้ไขต่อ",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClarificationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="คำชี้แจงเพิ่มเติม", max_length=20000, widget=forms.Textarea(attrs={"rows": 18}))


class CheckForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="ตรวจตามข้อ OIT ของปีงบประมาณ", coerce=int, choices=())
    url = forms.CharField(
        label="เว็บไซต์ที่จะตรวจ", required=False, max_length=500,
        help_text="เว้นว่างเพื่อตรวจเว็บไซต์หลักที่บันทึกไว้ของหน่วยงาน",
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"}),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = year_choices(years)


class ApplyForm(forms.Form):
    mark_published = forms.BooleanField(
        label="เปลี่ยนสถานะข้อที่ “พบ” เป็น “เผยแพร่แล้ว”", required=False,
    )
