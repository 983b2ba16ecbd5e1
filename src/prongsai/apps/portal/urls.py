from django.urls import path

from prongsai.apps.portal import views

app_name = "portal"

P = "p/<slug:slug>/"
A = "a/<slug:agency_slug>/portal/"

urlpatterns = [
    # Public, no login.
    path(P, views.home, name="home"),
    path(P + "results/", views.results, name="results"),
    path(P + "results/<int:fiscal_year>/", views.result_year, name="result_year"),
    path(P + "results/documents/<uuid:document_id>/", views.plan_document, name="plan_document"),
    path(P + "news/", views.news, name="news"),
    path(P + "news/<int:pk>/", views.news_detail, name="news_detail"),
    path(P + "oit/", views.oit, name="oit"),
    path(P + "oit/<int:fiscal_year>/", views.oit, name="oit_year"),
    path(P + "data/", views.data_catalog, name="data"),
    path(P + "data/catalog.json", views.data_catalog_json, name="data_catalog_json"),
    path(P + "data/<slug:dataset>/", views.dataset, name="dataset"),
    path(P + "data/<slug:dataset>.<str:fmt>", views.dataset_download, name="dataset_download"),
    path(P + "qa/", views.qa, name="qa"),
    path(P + "eservice/", views.eservice, name="eservice"),
    path(P + "eservice/track/", views.eservice_track, name="eservice_track"),
    path(P + "eservice/<int:pk>/", views.eservice_type, name="eservice_type"),
    # Staff: every view checks access through prongsai.apps.agencies.access.
    path(A, views.staff_index, name="staff_index"),
    path(A + "news/", views.staff_news, name="staff_news"),
    path(A + "news/new/", views.staff_news_edit, name="staff_news_new"),
    path(A + "news/draft/", views.staff_news_draft, name="staff_news_draft"),
    path(A + "news/<int:pk>/", views.staff_news_edit, name="staff_news_edit"),
    path(A + "qa/", views.staff_qa, name="staff_qa"),
    path(A + "qa/<int:pk>/", views.staff_qa_item, name="staff_qa_item"),
    path(A + "eservice/", views.staff_eservice, name="staff_eservice"),
    path(A + "eservice/types/new/", views.staff_service_type_edit, name="staff_service_type_new"),
    path(A + "eservice/types/<int:pk>/", views.staff_service_type_edit, name="staff_service_type_edit"),
    path(A + "eservice/requests/<int:pk>/", views.staff_service_request, name="staff_service_request"),
    path(A + "eservice/attachments/<int:pk>/", views.staff_attachment, name="staff_attachment"),
    path(A + "oit/", views.staff_oit, name="staff_oit"),
    path(A + "oit/new/", views.staff_evidence_edit, name="staff_evidence_new"),
    path(A + "oit/<int:pk>/", views.staff_evidence_edit, name="staff_evidence_edit"),
]
