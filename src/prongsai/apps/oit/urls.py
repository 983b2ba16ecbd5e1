"""OIT evidence: /a/<agency>/oit/… (docs/oit.md, "In the web app")."""

from django.urls import path

from prongsai.apps.oit import views

app_name = "oit"

P = "a/<slug:agency_slug>/oit/"

urlpatterns = [
    path(P, views.index, name="index"),
    path(P + "new/", views.checklist_new, name="checklist_new"),
    path(P + "<int:fiscal_year>/", views.checklist, name="checklist"),
    path(P + "<int:fiscal_year>/follow/", views.checklist_follow, name="checklist_follow"),
    path(P + "<int:fiscal_year>/completeness/", views.completeness, name="completeness"),
    path(P + "<int:fiscal_year>/itas.<str:fmt>", views.itas_download, name="itas_export"),
    path(P + "items/<int:pk>/", views.item, name="item"),
    path(P + "items/<int:pk>/files/", views.file_add, name="file_add"),
    path(P + "items/<int:pk>/clarification/", views.clarification, name="clarification"),
    path(P + "items/<int:pk>/clarification.docx", views.clarification_download, name="clarification_docx"),
    path(P + "files/<int:pk>/", views.file_download, name="file_download"),
    path(P + "files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path(P + "checks/", views.checks, name="checks"),
    path(P + "checks/<int:pk>/", views.check, name="check"),
    path(P + "checks/<int:pk>/report.<str:fmt>", views.check_download, name="check_download"),
    path(P + "checks/<int:pk>/apply/", views.check_apply, name="check_apply"),
    path(P + "uptime/", views.uptime, name="uptime"),
    path(P + "uptime.docx", views.uptime_download, name="uptime_docx"),
]
