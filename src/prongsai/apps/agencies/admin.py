"""Agencies and units in the Django admin. Memberships are shown read-only: a role in an agency (and with it a
way to complaint officers) is given only through the people page (``/a/<slug>/people/``), whose service writes
the agency's audit log and tells the agency's administrators and complaint officers (docs/access.md)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

from prongsai.apps.agencies.models import Agency, Membership, Unit
from prongsai.apps.agencies.notices import holds_complaint_access

SIGN_IN_LOCKED = (
    "บัญชีนี้เข้าถึงเรื่องร้องเรียนได้ (ผู้ดูแลหน่วยงานหรือเจ้าหน้าที่รับเรื่องร้องเรียน) จึงตั้งรหัสผ่าน ชื่อผู้ใช้ "
    "หรืออีเมลแทนเจ้าของบัญชีในหน้าผู้ดูแลระบบไม่ได้ ให้เจ้าของบัญชีเปลี่ยนเอง หรือถอดสิทธิ์ที่หน้าบุคลากรของหน่วยงานก่อน "
    "(มีบันทึกและแจ้งผู้เกี่ยวข้อง)"
)


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted through the admin (a superuser included)."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "unit")

    def get_readonly_fields(self, request, obj=None):
        return self.fields


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name_th", "kind", "district", "province", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name_th", "district", "province")
    inlines = (UnitInline, MembershipInline)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "agency", "role", "unit")
    list_filter = ("role", "agency")
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__name_th")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name_th", "agency")
    search_fields = ("name_th", "agency__name_th")


class GuardedUserAdmin(UserAdmin):
    """The Django admin's users, except that a system administrator cannot take over an account that reads
    complaints or gives access to them: its password, username and e-mail (where its notices go) cannot be set
    here. Signing in as such a person would skip the audited, announced steps of the people page."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and holds_complaint_access(obj):
            fields += [name for name in ("username", "email", "password") if name not in fields]
        return fields

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and holds_complaint_access(user):
            raise PermissionDenied(SIGN_IN_LOCKED)
        return super().user_change_password(request, id, form_url)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)
