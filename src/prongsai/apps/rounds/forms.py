from __future__ import annotations

from django import forms

from prongsai.apps.base.forms import BEDateField
from prongsai.apps.frameworks.selectors import framework_registry
from prongsai.core.rounds import PHASE_TH, PHASES


def _years():
    return [("", "— ใช้กรอบที่กำหนดเองด้านล่าง —")] + [(y, f"ปีงบประมาณ {y}") for y in framework_registry().years()]


class RoundForm(forms.Form):
    title = forms.CharField(label="ชื่อรอบการประเมิน", max_length=200)
    fiscal_year = forms.IntegerField(label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700)
    framework_year = forms.TypedChoiceField(label="กรอบการประเมินของ ป.ป.ช.", required=False, coerce=int,
                                            empty_value=None, choices=_years)
    framework_yaml = forms.CharField(
        label="หรือกำหนดกรอบการประเมินของรอบเอง (ข้อความรูปแบบ YAML)", required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="เช่น extends: 2568 แล้วแทนเฉพาะข้อคำถาม ข้อ OIT น้ำหนัก ระดับผล หรือเกณฑ์ขนาดตัวอย่าง (sample_size)",
    )
    starts_on = BEDateField(label="วันเริ่มลงทะเบียน")


class PhaseForm(forms.Form):
    def __init__(self, *args, **kwargs):  # its own ids: the round page shows several forms with a "group" field
        kwargs.setdefault("auto_id", "phase_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label="ช่วง", choices=[(k, PHASE_TH[k]) for k in PHASES])
    starts_on = BEDateField(label="วันเริ่ม")
    ends_on = BEDateField(label="วันสิ้นสุด")


class UnitAddForm(forms.Form):
    def __init__(self, *args, **kwargs):  # its own ids: the round page shows several forms with a "group" field
        kwargs.setdefault("auto_id", "unit_%s")
        super().__init__(*args, **kwargs)

    agency = forms.CharField(
        label="หน่วยรับการประเมิน", max_length=255,
        help_text="พิมพ์ชื่อหน่วยงาน เช่น อบต.ตัวอย่าง หรือองค์การบริหารส่วนตำบลตัวอย่าง แล้วเลือกจากรายการ",
        widget=forms.TextInput(attrs={"list": "unit-agencies", "autocomplete": "off"}),
    )
    group = forms.CharField(label="กลุ่ม", max_length=100, required=False)


class RoleForm(forms.Form):
    def __init__(self, *args, **kwargs):  # its own ids: the round page shows several forms with a "group" field
        people = kwargs.pop("people", ())
        kwargs.setdefault("auto_id", "role_%s")
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "— เลือก —"), *people]
        self.fields["username"].error_messages["invalid_choice"] = "กรุณาเลือกบุคคลจากรายการ"

    username = forms.ChoiceField(label="บุคคล", choices=(),
                                 help_text="สมาชิกของหน่วยงานผู้จัดการประเมินและของหน่วยรับการประเมินในรอบนี้")
    kind = forms.ChoiceField(label="บทบาท", choices=[("assessor", "ผู้ประเมิน"),
                                                     ("unit_coordinator", "ผู้ประสานงานของหน่วยรับการประเมิน")])
    group = forms.CharField(label="กลุ่มที่รับผิดชอบ (ผู้ประเมิน)", max_length=100, required=False)
    unit = forms.IntegerField(label="หรือหน่วยรับการประเมิน (เลขที่)", required=False)


class RegisterForm(forms.Form):
    staff_count = forms.IntegerField(label="จำนวนบุคลากร (ผู้ตอบแบบ IIT)", min_value=1, max_value=1_000_000)
    stakeholder_count = forms.IntegerField(label="จำนวนผู้รับบริการต่อปี (ผู้ตอบแบบ EIT)", min_value=0,
                                           max_value=100_000_000)
    website = forms.URLField(label="เว็บไซต์หลักของหน่วยงาน", required=False, max_length=500, assume_scheme="https")


class OitForm(forms.Form):
    item = forms.CharField(max_length=8)
    has_evidence = forms.TypedChoiceField(label="มี/ไม่มี", choices=[("1", "มี"), ("0", "ไม่มี")],
                                          coerce=lambda v: v == "1", widget=forms.RadioSelect)
    urls = forms.CharField(label="ลิงก์ (บรรทัดละหนึ่งลิงก์)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(label="คำอธิบายตำแหน่งของข้อมูล", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class JudgeForm(forms.Form):
    passed = forms.TypedChoiceField(label="ผลการตรวจ", choices=[("1", "ผ่าน"), ("0", "ไม่ผ่าน")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    comment = forms.CharField(label="ความเห็น", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    checked_on = BEDateField(label="วันที่ตรวจ")
    second = forms.BooleanField(label="เป็นการทบทวนโดยผู้ประเมินคนที่สอง", required=False)


class DisputeForm(forms.Form):
    item = forms.CharField(max_length=8)
    text = forms.CharField(label="คำชี้แจง", widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label="ลิงก์ใหม่", required=False, max_length=500, assume_scheme="https")


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(label="คำวินิจฉัย", choices=[("1", "รับคำโต้แย้ง (ผ่าน)"),
                                                                  ("0", "ไม่รับคำโต้แย้ง (ไม่ผ่าน)")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    comment = forms.CharField(label="เหตุผล", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    reason = forms.CharField(label="เหตุผลของการแก้ไขผล", max_length=500, required=False)
