"""Results are shown in the admin read-only: they are written only through ``services.result_record``."""

from django.contrib import admin

from prongsai.apps.assessments.models import (
    AssessmentResult,
    AssessmentResultVersion,
    IndicatorScore,
    QuestionScore,
)


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0
    can_delete = False
    readonly_fields = ("number", "score")

    def has_add_permission(self, request, obj=None):
        return False


class QuestionScoreInline(admin.TabularInline):
    model = QuestionScore
    extra = 0
    can_delete = False
    readonly_fields = ("position", "code", "text", "indicator", "instrument", "score")

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = AssessmentResultVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "created_at", "source", "source_name", "actor_label", "note")
    exclude = ("snapshot", "actor")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ("agency", "fiscal_year", "overall", "level", "passed")
    list_filter = ("fiscal_year", "level", "passed")
    search_fields = ("agency__name_th",)
    inlines = (IndicatorScoreInline, QuestionScoreInline, VersionInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
