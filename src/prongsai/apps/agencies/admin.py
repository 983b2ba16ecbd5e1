from django.contrib import admin

from prongsai.apps.agencies.models import Agency, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name_th", "kind", "district", "province", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name_th", "district", "province")
    inlines = (UnitInline,)
