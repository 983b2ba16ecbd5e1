"""The ``thai`` template filters: scores, digits, B.E. dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from prongsai.web.templatetags.thai import be_date, digits, score


def test_score_two_decimals_half_up_and_thai_digits():
    assert score(Decimal("93.765")) == "93.77"
    assert score(93.5) == "93.50"
    assert score(100, True) == "๑๐๐.๐๐"
    assert score(None) == "–"


def test_digits():
    assert digits(2568) == "2568"
    assert digits(2568, True) == "๒๕๖๘"


def test_be_date_uses_buddhist_era():
    with translation.override("th"):
        assert be_date(date(2025, 11, 21)) == "21 พฤศจิกายน 2568"
        assert be_date(date(2025, 11, 21), "SHORT_DATE_FORMAT") == "21 พ.ย. 2568"
        assert be_date(date(2025, 11, 21), "j M y") == "21 พ.ย. 68"
        assert be_date(date(2025, 11, 21), r"j F \Y Y") == "21 พฤศจิกายน Y 2568"
        # 20:30 UTC on 30 Sep is 03:30 on 1 Oct in Bangkok.
        aware = datetime(2025, 9, 30, 20, 30, tzinfo=ZoneInfo("UTC"))
        assert be_date(aware, "j F Y H:i") == "1 ตุลาคม 2568 03:30"
    assert be_date(None) == ""


def test_filters_output_is_escaped():
    html = Template("{% load thai %}{{ v|digits }}").render(Context({"v": "<b>1</b>"}))
    assert html == "&lt;b&gt;1&lt;/b&gt;"
