from django.contrib import admin

from prongsai.apps.agencies.models import Agency, Membership, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "unit")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name_th", "kind", "district", "province", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name_th", "district", "province")
    inlines = (UnitInline, MembershipInline)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "unit")
    list_filter = ("role", "agency")
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__name_th")
    autocomplete_fields = ("user", "agency", "unit")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name_th", "agency")
    search_fields = ("name_th", "agency__name_th")
