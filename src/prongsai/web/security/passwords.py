"""Django's password rules with Thai messages (Django's own Thai catalogue leaves them in English), and one more:
a password mixes letters with digits or symbols."""

from __future__ import annotations

import unicodedata

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError


class ThaiMinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย {self.min_length} ตัวอักษร"

    def get_help_text(self) -> str:
        return f"รหัสผ่านต้องยาวอย่างน้อย {self.min_length} ตัวอักษร"


class ThaiCommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น"

    def get_help_text(self) -> str:
        return "รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป"


class ThaiNumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "รหัสผ่านต้องไม่เป็นตัวเลขล้วน"

    def get_help_text(self) -> str:
        return "รหัสผ่านต้องไม่เป็นตัวเลขล้วน"


class ThaiUserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "รหัสผ่านคล้ายกับข้อมูลของท่าน (%(verbose_name)s) มากเกินไป"

    def get_help_text(self) -> str:
        return "รหัสผ่านต้องไม่คล้ายกับชื่อผู้ใช้ ชื่อ หรืออีเมลของท่าน"


class ThaiMixedCharactersValidator:
    """At least one letter (Thai or Latin) and at least one digit or symbol."""

    def validate(self, password: str, user: object = None) -> None:
        # Thai vowel and tone marks are combining marks (M*), part of a word, not symbols.
        has_letter = any(unicodedata.category(ch)[0] == "L" for ch in password)
        has_other = any(unicodedata.category(ch)[0] in "NPS" for ch in password)
        if not (has_letter and has_other):
            raise ValidationError(self.get_error_message(), code="password_not_mixed")

    def get_error_message(self) -> str:
        return "รหัสผ่านต้องมีทั้งตัวอักษรและตัวเลขหรือสัญลักษณ์"

    def get_help_text(self) -> str:
        return "รหัสผ่านต้องมีทั้งตัวอักษรและตัวเลขหรือสัญลักษณ์"
