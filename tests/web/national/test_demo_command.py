"""``load_national_demo``: synthetic national results through the bulk import; running it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from prongsai.apps.assessments.models import AssessmentResult
from prongsai.apps.national.models import NationalAgencyCode


@pytest.mark.django_db
def test_load_national_demo_is_idempotent():
    out = io.StringIO()
    call_command("load_national_demo", "--agencies", "20", stdout=out)
    assert "ไม่ใช่ข้อมูลจริง" in out.getvalue() and "ผลใหม่ 40" in out.getvalue()
    assert NationalAgencyCode.objects.filter(code__startswith="synth-").count() == 20
    assert AssessmentResult.objects.filter(fiscal_year__in=[2567, 2568]).count() == 40
    out = io.StringIO()
    call_command("load_national_demo", "--agencies", "20", stdout=out)
    assert "ผลใหม่ 0 แก้ไข 0 เหมือนเดิม 40" in out.getvalue()
