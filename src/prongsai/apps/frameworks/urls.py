"""The framework workbench, mounted at ``/frameworks/`` (``prongsai.web.urls``)."""

from django.urls import path

from prongsai.apps.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.index, name="index"),
    path("diff/", views.diff, name="diff"),
    path("editors/", views.editors, name="editors"),
    path("import/", views.yaml_import, name="yaml_import"),
    path("import/confirm/", views.yaml_confirm, name="yaml_confirm"),
    path("<int:fiscal_year>/", views.year, name="year"),
    path("<int:fiscal_year>/edit/<slug:part>/", views.edit, name="edit"),
    path("<int:fiscal_year>/export.yaml", views.export_yaml, name="export"),
    path("<int:fiscal_year>/sheet/", views.sheet_upload, name="sheet"),
    path("<int:fiscal_year>/sheet/confirm/", views.sheet_confirm, name="sheet_confirm"),
    path("<int:fiscal_year>/confirm/", views.confirm, name="confirm"),
    path("<int:fiscal_year>/versions/", views.versions, name="versions"),
    path("<int:fiscal_year>/effects/", views.effects, name="effects"),
    path("<int:fiscal_year>/effects/rescore/", views.rescore, name="rescore"),
    path("<int:fiscal_year>/effects/checklists/", views.follow, name="follow"),
]
