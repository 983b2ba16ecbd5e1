from django.urls import path

from prongsai.apps.registers import views

app_name = "registers"

A = "a/<slug:agency_slug>/portal/gifts/"

urlpatterns = [
    path("p/<slug:slug>/nogift/", views.nogift, name="nogift"),
    path(A, views.staff, name="staff"),
    path(A + "new/", views.gift_edit, name="gift_new"),
    path(A + "<int:pk>/", views.gift_edit, name="gift_edit"),
    path(A + "declarations/new/", views.declaration_edit, name="declaration_new"),
    path(A + "declarations/<int:pk>/", views.declaration_edit, name="declaration_edit"),
]

S = "a/<slug:agency_slug>/assets/"
E = "a/<slug:agency_slug>/ethics/"

urlpatterns += [
    path(S, views.assets, name="assets"),
    path(S + "new/", views.asset_edit, name="asset_new"),
    path(S + "<int:pk>/", views.asset_edit, name="asset_edit"),
    path(S + "<int:pk>/qr.<str:fmt>", views.asset_qr, name="asset_qr"),
    path(S + "import/", views.asset_import_view, name="asset_import"),
    path(S + "import/template.csv", views.asset_import_template, name="asset_import_template"),
    path(S + "loans/", views.loans, name="loans"),
    path(S + "loans/new/", views.loan_new, name="loan_new"),
    path(S + "loans/<int:pk>/<str:action>/", views.loan_action, name="loan_action"),
    path(S + "inventory/", views.inventory, name="inventory"),
    path(S + "inventory/new/", views.inventory_round_edit, name="inventory_round_new"),
    path(S + "inventory/<int:pk>/", views.inventory_round, name="inventory_round"),
    path(S + "inventory/<int:pk>/edit/", views.inventory_round_edit, name="inventory_round_edit"),
    path(S + "inventory/<int:pk>/checklist/", views.inventory_checklist, name="inventory_checklist"),
    path(S + "inventory/<int:pk>/count/", views.inventory_count, name="inventory_count"),
    path(S + "inventory/<int:pk>/report.<str:fmt>", views.inventory_report_view, name="inventory_report"),
    path(S + "inventory/counts/<int:pk>/follow-up/", views.inventory_follow_up, name="inventory_follow_up"),
    path(E, views.ethics, name="ethics"),
    path(E + "new/", views.ethics_edit, name="ethics_new"),
    path(E + "<int:pk>/", views.ethics_edit, name="ethics_edit"),
    path(E + "<int:year>/report.<str:fmt>", views.ethics_report_view, name="ethics_report"),
]
