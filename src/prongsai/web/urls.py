"""URLs of the whole site. Each app owns its own ``urls.py``; this file only mounts them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from prongsai.web import views
from prongsai.web.forms import ThaiAuthenticationForm, ThaiPasswordChangeForm
from prongsai.web.security import views as security_views

# A busy database raised outside a view answers 503 "busy"; anything else the Thai 500 page (prongsai.web.busy).
handler500 = "prongsai.web.busy.server_error"

admin.site.site_header = "โปร่งใส (Prongsai) ผู้ดูแลระบบ"
admin.site.site_title = "โปร่งใส"
admin.site.index_title = "การจัดการข้อมูล"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThaiAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=ThaiPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The TOTP second factor (prongsai.web.security): enrolment, and the code after the password.
    path("accounts/otp/", security_views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", security_views.otp_verify, name="otp_verify"),
    path("", include("prongsai.apps.assessments.urls")),
    path("", include("prongsai.apps.agencies.urls")),
    path("", include("prongsai.apps.audit.urls")),
    path("", include("prongsai.apps.plans.urls")),
    path("", include("prongsai.apps.portal.urls")),
    path("", include("prongsai.apps.complaints.urls")),
    path("", include("prongsai.apps.procurement.urls")),
    path("", include("prongsai.apps.registers.urls")),
    path("", include("prongsai.apps.meetings.urls")),
    path("", include("prongsai.apps.surveys.urls")),
    path("", include("prongsai.apps.oit.urls")),
    path("", include("prongsai.apps.national.urls")),
    path("", include("prongsai.apps.rounds.urls")),
    path("frameworks/", include("prongsai.apps.frameworks.urls")),
]
