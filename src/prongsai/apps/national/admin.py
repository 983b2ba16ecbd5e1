from django.contrib import admin

from prongsai.apps.national.models import NationalAgencyCode, NationalImport, RegionalViewer


@admin.register(RegionalViewer)
class RegionalViewerAdmin(admin.ModelAdmin):
    list_display = ("user", "scope", "province", "created_at")
    list_filter = ("scope",)
    search_fields = ("user__username", "province")
    autocomplete_fields = ("user",)


@admin.register(NationalAgencyCode)
class NationalAgencyCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "agency", "agency_type")
    search_fields = ("code", "agency__name_th")
    raw_id_fields = ("agency",)


@admin.register(NationalImport)
class NationalImportAdmin(admin.ModelAdmin):
    list_display = ("source_name", "rows", "status", "created_at", "applied_at", "uploaded_by")
    list_filter = ("status",)
    exclude = ("data",)
    readonly_fields = tuple(f.name for f in NationalImport._meta.fields if f.name != "data")

    def has_add_permission(self, request):
        return False
