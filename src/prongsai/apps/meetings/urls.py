from django.urls import path

from prongsai.apps.meetings import views

app_name = "meetings"

M = "a/<slug:agency_slug>/meetings/"

urlpatterns = [
    path(M, views.meetings, name="list"),
    path(M + "new/", views.meeting_new, name="new"),
    path(M + "<int:meeting_id>/", views.meeting_detail, name="detail"),
    path(M + "<int:meeting_id>/people/", views.people_add, name="people_add"),
    path(M + "<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path(M + "<int:meeting_id>/files/", views.file_add, name="file_add"),
    path(M + "files/<int:file_id>/", views.file_download, name="file_download"),
    path(M + "<int:meeting_id>/<str:kind>.<str:fmt>", views.document, name="document"),
    path(M + "<int:meeting_id>/publish/", views.publish, name="publish"),
]
