"""The dashboard: overall, level, instruments and indicators as SVG charts with tables, trend, gap, gains,
weak questions, and an honest placeholder for overdue tasks."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from prongsai.apps.agencies.models import Role
from prongsai.apps.agencies.services import agency_ensure, membership_set
from prongsai.apps.assessments.charts import column_chart, line_chart
from prongsai.apps.assessments.selectors import dashboard_for_agency
from prongsai.core.frameworks import default_registry
from prongsai.core.gains import path_to_level
from prongsai.core.scoring import score_indicators


@pytest.fixture
def page(client, world):
    client.force_login(world.user("executive"))

    def get(**params):
        response = client.get(reverse("assessments:dashboard", args=[world.own.slug]), params)
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_overall_level_and_charts(page, world):
    html = page()
    framework = default_registry().get(2568)
    scores = {1: 97.10, 2: 93.80, 3: 95.45, 4: 93.20, 5: 94.60, 6: 93.35, 7: 92.80, 8: 91.90, 9: 100.0, 10: 97.50}
    expected = score_indicators(framework, scores)
    assert f'<p class="card-value overall">{expected.overall:.2f}</p>' in html
    assert f'<p class="card-value level">{expected.level}</p>' in html
    assert html.count("<svg") == 3  # instruments, indicators, trend
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    for code, value in expected.instruments.items():
        assert f"{value:.2f}" in html and code in html
    for ind in framework.indicators.items:
        assert ind.name_th in html  # in the table that goes with the chart
    assert 'class="pass-line"' in html
    assert "เพิ่มขึ้น" in html  # against 2567


def test_trend_gap_gains_weak_questions_and_overdue(page):
    html = page()
    assert "แนวโน้มคะแนนรวมรายปี" in html and "<polyline" in html
    framework = default_registry().get(2568)
    scores = {1: 97.10, 2: 93.80, 3: 95.45, 4: 93.20, 5: 94.60, 6: 93.35, 7: 92.80, 8: 91.90, 9: 100.0, 10: 97.50}
    path = path_to_level(framework, score_indicators(framework, scores))
    assert f"สู่ระดับ <strong>{path.to_level}</strong>" in html
    assert "ตัวชี้วัดที่เพิ่มคะแนนรวมได้มากที่สุด" in html
    weak = html.split('id="weak-title"')[1]
    assert weak.index("ข้อคำถามทดสอบที่คะแนนต่ำสุด") < weak.index("ข้อคำถามทดสอบภายนอก")
    assert "61.25" in weak
    assert "งานที่เลยกำหนด" in html and "ยังไม่มีงานในระบบ" in html


def test_another_year_and_thai_digits(page):
    html = page(year="2567", digits="thai")
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๗" in html
    assert "ยังไม่มีคะแนนรายข้อคำถามของปีนี้" in html


def test_empty_agency_has_an_empty_state(client, db):
    from django.contrib.auth import get_user_model

    agency = agency_ensure(slug="empty", name_th="เทศบาลเมืองว่างเปล่า")
    user = get_user_model().objects.create_user("lonely", password="x-password-123")
    membership_set(user=user, agency=agency, role=Role.COORDINATOR)
    client.force_login(user)
    html = client.get(reverse("assessments:dashboard", args=[agency.slug])).content.decode()
    assert "ยังไม่มีผลการประเมิน" in html
    assert "<svg" not in html


def test_the_read_model_is_scoped_to_the_agency(world):
    own = dashboard_for_agency(agency=world.own)
    foreign = dashboard_for_agency(agency=world.foreign)
    assert own.years == [2568, 2567] and foreign.years == [2568]
    assert not foreign.weak_questions and own.weak_questions


def test_chart_geometry():
    chart = column_chart([("1", "a", 100), ("2", "b", 0), ("3", "c", 85)], pass_line=85)
    top, zero = chart.top, chart.bottom
    assert chart.columns[0].y == top and chart.columns[0].height == zero - top
    assert chart.columns[1].height == 0
    assert chart.pass_y == chart.columns[2].y
    assert [c.passed for c in chart.columns] == [True, False, True]
    line = line_chart([("2566", 50), ("2567", 75)], pass_line=None)
    assert line.pass_y is None and len(line.polyline.split()) == 2
    assert line_chart([], pass_line=85).points == []


def test_svg_numbers_are_not_localised(page):
    html = page()
    numbers = re.findall(r' (?:x|y|width|height)="([^"]+)"', html.split("<svg")[1].split("</svg>")[0])
    assert numbers, "the chart has no positioned shapes: the test would prove nothing"
    for attr in numbers:
        float(attr)
