"""ITA results. Overall score, level and instrument scores are never typed in: the service computes
them with ``prongsai.core.scoring`` from the indicator scores and the fiscal year's framework."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from prongsai.apps.agencies.models import Agency

SCORE_RANGE = Q(score__gte=0) & Q(score__lte=100)


class AssessmentResult(models.Model):
    """One agency's ITA result for one fiscal year (B.E.)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assessment_results", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    overall = models.DecimalField("คะแนนรวม", max_digits=5, decimal_places=2)
    level = models.CharField("ระดับผลการประเมิน", max_length=40)
    passed = models.BooleanField("ผ่านเกณฑ์")
    # {"IIT": 93.1, "EIT": 88.0, "OIT": 95.5}: two decimals, in the framework's instrument order.
    instrument_scores = models.JSONField("คะแนนรายเครื่องมือ", default=dict)
    # Which framework scored it: "built-in:2568.yaml" or the user's file.
    framework_origin = models.CharField("กรอบการประเมินที่ใช้คำนวณ", max_length=500, blank=True)
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "ผลการประเมิน"
        verbose_name_plural = "ผลการประเมิน"
        ordering = ("agency", "-fiscal_year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="result_unique_agency_year"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500) & Q(fiscal_year__lte=2700), name="result_fiscal_year_be"
            ),
            models.CheckConstraint(condition=Q(overall__gte=0) & Q(overall__lte=100), name="result_overall_range"),
        )

    def __str__(self) -> str:
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}: {self.overall} ({self.level})"


class IndicatorScore(models.Model):
    """One indicator's score (as entered, at most two decimals) within a result."""

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="indicator_scores", verbose_name="ผลการประเมิน"
    )
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "คะแนนตัวชี้วัด"
        verbose_name_plural = "คะแนนตัวชี้วัด"
        ordering = ("result", "number")
        constraints = (
            models.UniqueConstraint(fields=["result", "number"], name="indicator_unique_per_result"),
            models.CheckConstraint(condition=SCORE_RANGE, name="indicator_score_range"),
        )

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number}: {self.score}"
