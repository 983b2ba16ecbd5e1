from django.urls import path

from prongsai.apps.surveys import views

app_name = "surveys"

A = "a/<slug:agency_slug>/surveys/"

urlpatterns = [
    path("s/<str:token>/", views.answer, name="answer"),
    path("s/<str:token>/thanks/", views.thanks, name="thanks"),
    path(A, views.rounds, name="rounds"),
    path(A + "new/", views.round_new, name="round_new"),
    path(A + "<int:pk>/", views.round_detail, name="round"),
    path(A + "<int:pk>/close/", views.round_close, name="round_close"),
    path(A + "<int:pk>/bursts/<int:burst_pk>/", views.burst, name="burst"),
    path(A + "<int:pk>/questions/", views.question_new, name="question_new"),
    path(A + "<int:pk>/qr.<str:fmt>", views.round_qr, name="round_qr"),
    path(A + "<int:pk>/poster.<str:fmt>", views.round_poster, name="round_poster"),
    path(A + "official/new/", views.official_new, name="official_new"),
    path(A + "official/<int:pk>/poster.<str:fmt>", views.official_poster, name="official_poster"),
]
