from django.urls import path

from prongsai.apps.national import views

app_name = "national"

urlpatterns = [
    path("national/", views.home, name="home"),
    path("national/province/<str:province>/", views.province_dashboard, name="province"),
    path("national/import/", views.import_upload, name="import_upload"),
    path("national/import/<uuid:pending_id>/", views.import_review, name="import_review"),
    path("national/import/<uuid:pending_id>/confirm/", views.import_confirm, name="import_confirm"),
]
