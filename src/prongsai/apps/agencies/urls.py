from django.urls import path

from prongsai.apps.agencies import views

app_name = "agencies"

urlpatterns = [
    path("a/", views.choose, name="choose"),
    path("a/<slug:agency_slug>/people/", views.people, name="people"),
]
