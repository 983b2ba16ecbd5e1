from django.urls import path

from prongsai.apps.plans import views

app_name = "plans"

A = "a/<slug:agency_slug>/"
P = A + "plans/<int:fiscal_year>/"

urlpatterns = [
    path(A + "plans/", views.plan_list, name="plans"),
    path(A + "plans/draft/", views.plan_draft, name="plan_draft"),
    path(P, views.plan_detail, name="plan_detail"),
    path(P + "measures/new/", views.measure_add, name="measure_add"),
    path(P + "measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path(P + "measures/<int:measure_id>/remove/", views.measure_remove, name="measure_remove"),
    path(P + "measures/<int:measure_id>/tasks/new/", views.task_add, name="task_add"),
    path(P + "submit/", views.plan_submit, name="plan_submit"),
    path(P + "approve/", views.plan_approve, name="plan_approve"),
    path(P + "return/", views.plan_return, name="plan_return"),
    path(P + "comments/", views.plan_comment, name="plan_comment"),
    path(P + "documents/", views.plan_documents, name="plan_documents"),
    path(P + "documents/request/", views.document_request, name="document_request"),
    path(A + "documents/<uuid:document_id>/", views.document_status, name="document_status"),
    path(A + "documents/<uuid:document_id>/download/", views.document_download, name="document_download"),
    path(A + "documents/<uuid:document_id>/publish/", views.document_publish, name="document_publish"),
    path(A + "documents/<uuid:document_id>/unpublish/", views.document_unpublish, name="document_unpublish"),
    path(A + "tasks/", views.task_list, name="tasks"),
    path(A + "tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path(A + "tasks/<int:task_id>/update/", views.task_update, name="task_update"),
    path(A + "tasks/<int:task_id>/evidence/", views.evidence_add, name="evidence_add"),
    path(A + "tasks/<int:task_id>/comments/", views.task_comment, name="task_comment"),
    path(A + "evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path(A + "evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path(A + "calendar/", views.calendar, name="calendar"),
]
