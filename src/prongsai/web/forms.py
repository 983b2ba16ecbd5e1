"""Sign-in and password forms with plain Thai messages (Django's own Thai is terse)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class ThaiAuthenticationForm(AuthenticationForm):
    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์ใหญ่และเล็กมีผล) กรุณาลองอีกครั้ง",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "กรุณากรอกชื่อผู้ใช้"
        self.fields["password"].error_messages["required"] = "กรุณากรอกรหัสผ่าน"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})


class ThaiPasswordChangeForm(PasswordChangeForm):
    error_messages: ClassVar[dict[str, str]] = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "รหัสผ่านเดิมไม่ถูกต้อง กรุณากรอกอีกครั้ง",
        "password_mismatch": "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = "กรุณากรอกช่องนี้"

