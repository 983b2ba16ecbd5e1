"""The people page's form: give an existing account a role in the agency (or change it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from prongsai.apps.agencies.models import Role, Unit
from prongsai.apps.base.forms import field_messages


class MembershipForm(forms.Form):
    username = forms.CharField(
        label="ชื่อผู้ใช้",
        max_length=150,
        help_text="ชื่อผู้ใช้ของบัญชีที่ผู้ดูแลระบบสร้างไว้แล้ว หากเป็นบุคลากรของหน่วยงานอยู่แล้ว บทบาทจะเปลี่ยนเป็นบทบาทที่เลือก",
        error_messages=field_messages(150),
    )
    role = forms.ChoiceField(
        label="บทบาท",
        choices=[("", "— เลือก —"), *Role.choices],
        error_messages=field_messages(invalid_choice="เลือกบทบาทจากรายการ"),
    )
    unit = forms.ModelChoiceField(
        label="ส่วนราชการภายใน",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— ไม่ระบุ —",
        help_text="จำเป็นสำหรับเจ้าหน้าที่ส่วนราชการภายใน",
        error_messages=field_messages(invalid_choice="เลือกส่วนราชการภายในของหน่วยงานนี้"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.person: Any = None

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise forms.ValidationError("ไม่พบบัญชีผู้ใช้ชื่อนี้ กรุณาตรวจการสะกด หรือขอให้ผู้ดูแลระบบสร้างบัญชีก่อน")
        self.person = person
        return username
