from django.urls import path

from prongsai.apps.complaints import views

app_name = "complaints"

P = "p/<slug:slug>/complaints/"
A = "a/<slug:agency_slug>/complaints/"

urlpatterns = [
    # Public, no login: file, follow with the receipt code, statistics.
    path(P, views.start, name="start"),
    path(P + "follow/", views.follow, name="follow"),
    path(P + "statistics/", views.statistics, name="statistics"),
    # Designated complaint officers only.
    path(A, views.officer_list, name="officer_list"),
    path(A + "<int:pk>/", views.officer_case, name="officer_case"),
    path(A + "officers/", views.officers, name="officers"),
]
