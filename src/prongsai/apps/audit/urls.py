from django.urls import path

from prongsai.apps.audit import views

app_name = "audit"

urlpatterns = [
    path("a/<slug:agency_slug>/audit/", views.audit_log, name="log"),
]
