"""``base.forms`` (Thai messages, Thai date and money fields, ``lines``, ``save_form``) and ``base.actors``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from prongsai.apps.base.actors import real_actor
from prongsai.apps.base.forms import BEDateField, MoneyField, field_messages, lines, save_form


def test_field_messages_are_thai_with_the_length_and_extra_codes():
    assert field_messages() == {"required": "กรุณากรอกช่องนี้", "invalid": "รูปแบบไม่ถูกต้อง",
                                "null_characters_not_allowed": "มีอักขระที่ใช้ไม่ได้ (อักขระว่าง NUL) กรุณาพิมพ์ใหม่"}
    with_limit = field_messages(10_000, invalid_choice="เลือกจากรายการ")
    assert with_limit["max_length"] == "ยาวไม่เกิน 10,000 ตัวอักษร"
    assert with_limit["invalid_choice"] == "เลือกจากรายการ"
    assert field_messages(invalid="อื่น")["invalid"] == "อื่น"


@pytest.mark.parametrize(
    "typed", ["15/01/2568", "15/01/2025", "2025-01-15", "๑๕/๐๑/๒๕๖๘", "15.1.2568"]
)
def test_be_date_field_reads_thai_and_gregorian_dates(typed):
    assert BEDateField().clean(typed) == date(2025, 1, 15)


def test_be_date_field_shows_be_and_refuses_nonsense_in_thai():
    field = BEDateField(required=False)
    assert field.prepare_value(date(2025, 1, 15)) == "15/01/2568"
    assert field.clean("") is None
    for bad, word in (("31/02/2568", "ไม่มีวันที่นี้"), ("1/1/1800", "ปีไม่ถูกต้อง"), ("พรุ่งนี้", "วันที่ไม่ถูกต้อง")):
        with pytest.raises(ValidationError, match=word):
            field.clean(bad)
    with pytest.raises(ValidationError, match="กรุณากรอกช่องนี้"):
        BEDateField().clean("")


def test_money_field_reads_thai_digits_and_refuses_bad_amounts():
    field = MoneyField()
    assert field.clean("1,234.5") == Decimal("1234.50")
    assert field.clean("๑,๒๓๔.๕๐ บาท") == Decimal("1234.50")
    assert field.prepare_value(Decimal("150000")) == "150,000.00"
    for bad, word in (("-1", "ติดลบ"), ("1.234", "สองตำแหน่ง"), ("abc", "จำนวนเงิน"), ("1" + "0" * 20, "มากเกินไป"),
                      ("1e20", "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 12,500.50"), ("12,5", "ใช้จุด")):
        with pytest.raises(ValidationError, match=word):
            field.clean(bad)


def test_lines_keeps_one_item_per_non_blank_line():
    assert lines("  a  b \n\n c\r\n") == ["a b", "c"]
    assert lines("") == []


class _Form(forms.Form):
    name = forms.CharField(error_messages=field_messages())


def test_save_form_runs_the_service_only_on_a_valid_post_and_keeps_its_error():
    get = SimpleNamespace(method="GET")
    post = SimpleNamespace(method="POST")
    assert save_form(get, _Form(), lambda: pytest.fail("not on GET")) == (False, None)
    assert save_form(post, _Form({"name": ""}), lambda: pytest.fail("not when invalid")) == (False, None)
    assert save_form(post, _Form({"name": "x"}), lambda: 42) == (True, 42)

    def refuse():
        raise ValidationError("ไม่ได้")

    form = _Form({"name": "x"})
    assert save_form(post, form, refuse) == (False, None)
    assert form.non_field_errors() == ["ไม่ได้"]


def test_real_actor_is_the_signed_in_person_or_none():
    person = SimpleNamespace(is_authenticated=True)
    assert real_actor(person) is person
    assert real_actor(None) is None
    assert real_actor(AnonymousUser()) is None
    assert real_actor(object()) is None
