from django.urls import path

from prongsai.apps.meetings import public_views, views

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
    path(M + "<int:meeting_id>/agenda/", views.agenda_edit, name="agenda_edit"),
    path(M + "<int:meeting_id>/people/<int:person_id>/", views.person_edit, name="person_edit"),
    path(M + "<int:meeting_id>/people/<int:person_id>/remove/", views.person_remove, name="person_remove"),
    path(M + "<int:meeting_id>/decisions/<int:decision_id>/", views.decision_edit, name="decision_edit"),
    path(M + "<int:meeting_id>/decisions/<int:decision_id>/remove/", views.decision_remove, name="decision_remove"),
    # Public, no login: only what was deliberately published.
    path(
        "p/<slug:slug>/meetings/<int:meeting_id>/development.docx", public_views.development, name="public_development"
    ),
    path("p/<slug:slug>/meetings/photos/<int:file_id>/", public_views.photo, name="public_photo"),
]
