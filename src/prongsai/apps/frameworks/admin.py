"""The Django admin shows the workbench's rows read-only: every change goes through the workbench pages
(``frameworks.services``), which validate, version and audit it."""

from django.contrib import admin

from prongsai.apps.frameworks.models import FrameworkEditor, FrameworkVersion, FrameworkYear


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FrameworkYear)
class FrameworkYearAdmin(_ReadOnly):
    list_display = ("fiscal_year", "version", "status", "updated_at")
    list_filter = ("status",)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(_ReadOnly):
    list_display = ("year", "number", "status", "origin_note", "actor_label", "created_at")
    list_filter = ("status", "year__fiscal_year")
    search_fields = ("reason", "origin_note", "actor_label")


@admin.register(FrameworkEditor)
class FrameworkEditorAdmin(_ReadOnly):
    list_display = ("user", "note", "granted_by", "created_at")
    search_fields = ("user__username", "note")
