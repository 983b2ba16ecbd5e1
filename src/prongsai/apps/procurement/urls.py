from django.urls import path

from prongsai.apps.procurement import views

app_name = "procurement"

A = "a/<slug:agency_slug>/portal/procurement/"

urlpatterns = [
    path("p/<slug:slug>/procurement/", views.public, name="public"),
    path(A, views.staff, name="staff"),
    path(A + "contracts/new/", views.contract_edit, name="contract_new"),
    path(A + "contracts/<int:pk>/", views.contract_edit, name="contract_edit"),
    path(A + "plan/new/", views.plan_new, name="plan_new"),
    path(A + "announcements/new/", views.announcement_new, name="announcement_new"),
    path(A + "import/", views.import_upload, name="import"),
]
