from django.urls import path

from prongsai.apps.rounds import views

app_name = "rounds"

A = "a/<slug:agency_slug>/rounds/"
R = A + "<int:pk>/"

urlpatterns = [
    path("r/thanks/", views.thanks, name="thanks"),
    path("r/<str:token>/", views.answer, name="answer"),
    path(A, views.rounds, name="rounds"),
    path(A + "new/", views.round_new, name="new"),
    path(R, views.detail, name="detail"),
    path(R + "calendar/", views.phase_set, name="phase_set"),
    path(R + "units/", views.unit_add, name="unit_add"),
    path(R + "roles/", views.role_add, name="role_add"),
    path(R + "score/", views.score, name="score"),
    path(R + "confirm/", views.confirm, name="confirm"),
    path(R + "queue/", views.queue, name="queue"),
    path(R + "units/<int:unit_pk>/oit/<str:item>/", views.review, name="review"),
    path(R + "disputes/<int:dispute_pk>/decide/", views.decide, name="decide"),
    path(R + "dashboard/", views.dashboard, name="dashboard"),
    path(R + "results.<str:fmt>", views.export, name="export"),
    path(R + "units/<int:unit_pk>/report.<str:fmt>", views.report, name="report"),
    path(R + "register/", views.register, name="register"),
    path(R + "invitations/", views.invitations, name="invitations"),
    path(R + "poster/<str:instrument>.<str:fmt>", views.survey_poster, name="poster"),
    path(R + "oit/", views.oit_submit, name="oit_submit"),
    path(R + "oit/check/", views.site_check, name="site_check"),
    path(R + "disputes/", views.dispute, name="dispute"),
    path(R + "bursts/<int:burst_pk>/", views.burst, name="burst"),
]
