from django.urls import path

from prongsai.apps.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency_results, name="agency_results"),
]
