from django.urls import path

from prongsai.apps.assessments import views

app_name = "assessments"

A = "a/<slug:agency_slug>/"

urlpatterns = [
    # Public: the published results of an agency.
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency_results, name="agency_results"),
    # Staff: every view checks access through prongsai.apps.agencies.access.
    path(A, views.dashboard, name="dashboard"),
    path(A + "results/", views.results_list, name="results"),
    path(A + "results/new/", views.result_new, name="result_new"),
    path(A + "results/<int:fiscal_year>/", views.result_detail, name="result_detail"),
    path(A + "results/<int:fiscal_year>/edit/", views.result_edit, name="result_edit"),
    path(A + "results/<int:fiscal_year>/publish/", views.result_publish_view, name="result_publish"),
    path(A + "results/<int:fiscal_year>/unpublish/", views.result_unpublish_view, name="result_unpublish"),
    path(A + "results/import/", views.import_upload, name="import_upload"),
    path(A + "results/import/template/", views.import_template, name="import_template"),
    path(A + "results/import/<uuid:pending_id>/", views.import_review_page, name="import_review"),
    path(A + "results/import/<uuid:pending_id>/confirm/", views.import_confirm_view, name="import_confirm"),
]
