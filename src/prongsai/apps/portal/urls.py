from django.urls import path

from prongsai.apps.portal.views import public, staff

app_name = "portal"

P = "p/<slug:slug>/"
A = "a/<slug:agency_slug>/portal/"

urlpatterns = [
    # Public, no login.
    path(P, public.home, name="home"),
    path(P + "results/", public.results, name="results"),
    path(P + "results/<int:fiscal_year>/", public.result_year, name="result_year"),
    path(P + "results/documents/<uuid:document_id>/", public.plan_document, name="plan_document"),
    path(P + "news/", public.news, name="news"),
    path(P + "news/<int:pk>/", public.news_detail, name="news_detail"),
    path(P + "oit/", public.oit, name="oit"),
    path(P + "oit/<int:fiscal_year>/", public.oit, name="oit_year"),
    path(P + "data/", public.data_catalog, name="data"),
    path(P + "data/catalog.json", public.data_catalog_json, name="data_catalog_json"),
    path(P + "data/<slug:dataset>/", public.dataset, name="dataset"),
    path(P + "data/<slug:dataset>.<str:fmt>", public.dataset_download, name="dataset_download"),
    path(P + "qa/", public.qa, name="qa"),
    path(P + "eservice/", public.eservice, name="eservice"),
    path(P + "eservice/track/", public.eservice_track, name="eservice_track"),
    path(P + "eservice/<int:pk>/", public.eservice_type, name="eservice_type"),
    # Staff: every view checks access through prongsai.apps.agencies.access.
    path(A, staff.staff_index, name="staff_index"),
    path(A + "news/", staff.staff_news, name="staff_news"),
    path(A + "news/new/", staff.staff_news_edit, name="staff_news_new"),
    path(A + "news/draft/", staff.staff_news_draft, name="staff_news_draft"),
    path(A + "news/<int:pk>/", staff.staff_news_edit, name="staff_news_edit"),
    path(A + "qa/", staff.staff_qa, name="staff_qa"),
    path(A + "qa/<int:pk>/", staff.staff_qa_item, name="staff_qa_item"),
    path(A + "eservice/", staff.staff_eservice, name="staff_eservice"),
    path(A + "eservice/types/new/", staff.staff_service_type_edit, name="staff_service_type_new"),
    path(A + "eservice/types/<int:pk>/", staff.staff_service_type_edit, name="staff_service_type_edit"),
    path(A + "eservice/requests/<int:pk>/", staff.staff_service_request, name="staff_service_request"),
    path(A + "eservice/attachments/<int:pk>/", staff.staff_attachment, name="staff_attachment"),
    path(A + "oit/", staff.staff_oit, name="staff_oit"),
    path(A + "oit/new/", staff.staff_evidence_edit, name="staff_evidence_new"),
    path(A + "oit/<int:pk>/", staff.staff_evidence_edit, name="staff_evidence_edit"),
]
