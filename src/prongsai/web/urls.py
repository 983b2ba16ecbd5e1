"""URLs of the whole site. Each app owns its own ``urls.py``; this file only mounts them."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from prongsai.web import views

admin.site.site_header = "โปร่งใส (Prongsai) ผู้ดูแลระบบ"
admin.site.site_title = "โปร่งใส"
admin.site.index_title = "การจัดการข้อมูล"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("prongsai.apps.assessments.urls")),
]
