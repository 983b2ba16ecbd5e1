from django.urls import path

from prongsai.apps.complaints.views import public, staff

app_name = "complaints"

P = "p/<slug:slug>/complaints/"
A = "a/<slug:agency_slug>/complaints/"

urlpatterns = [
    # Public, no login: file, follow with the receipt code, statistics.
    path(P, public.start, name="start"),
    path(P + "follow/", public.follow, name="follow"),
    path(P + "statistics/", public.statistics, name="statistics"),
    # Designated complaint officers only.
    path(A, staff.officer_list, name="officer_list"),
    path(A + "<int:pk>/", staff.officer_case, name="officer_case"),
    path(A + "officers/", staff.officers, name="officers"),
]
