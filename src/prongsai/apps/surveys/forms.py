"""Staff forms of pulse surveys. The public answer form is built in the view from the round's answer points."""

from __future__ import annotations

from django import forms

from prongsai.apps.base.forms import BEDateField, field_messages
from prongsai.apps.surveys.models import FormLength, Instrument, PulseQuestion, SurveyKind


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label="ประเภท", choices=SurveyKind.choices, error_messages=field_messages())
    title = forms.CharField(label="ชื่อรอบ", max_length=200, error_messages=field_messages(200))
    fiscal_year = forms.IntegerField(
        label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700, error_messages=field_messages()
    )
    closes_on = BEDateField(label="ปิดรับคำตอบวันที่")
    length = forms.ChoiceField(
        label="จำนวนข้อ (แบบ IIT)",
        choices=FormLength.choices,
        initial=FormLength.FULL,
        required=False,
        widget=forms.RadioSelect,
        help_text="แบบสั้นถามตัวชี้วัดละสองข้อ (10 ข้อ แทน 30 ข้อ) คะแนนคิดจากข้อที่ถามเท่านั้น"
        " แบบที่ใช้ข้อคำถามของหน่วยงานเองถามทุกข้อที่เพิ่มไว้",
        error_messages=field_messages(),
    )

    def clean_length(self) -> str:
        return self.cleaned_data.get("length") or FormLength.FULL


class OwnQuestionForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label="ตัวชี้วัดที่เกี่ยวข้อง",
        coerce=int,
        choices=[(6, "6 คุณภาพการดำเนินงาน"), (7, "7 ประสิทธิภาพการสื่อสาร"), (8, "8 การปรับปรุงระบบการทำงาน")],
        error_messages=field_messages(),
    )
    text = forms.CharField(label="ข้อคำถาม (ของหน่วยงานเอง)", max_length=500, error_messages=field_messages(500))
    scale = forms.ChoiceField(label="มาตรวัด", choices=PulseQuestion.Scale.choices, error_messages=field_messages())


class OfficialLinkForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700, error_messages=field_messages()
    )
    instrument = forms.ChoiceField(label="แบบสำรวจ", choices=Instrument.choices, error_messages=field_messages())
    url = forms.URLField(
        label="ลิงก์แบบสำรวจในระบบ ITAS (ตามที่ ป.ป.ช. แจ้ง)",
        max_length=500,
        assume_scheme="https",
        error_messages=field_messages(500, invalid="ที่อยู่เว็บไม่ถูกต้อง ต้องขึ้นต้นด้วย https://"),
    )
    note = forms.CharField(label="ข้อความบนโปสเตอร์", max_length=300, required=False)
