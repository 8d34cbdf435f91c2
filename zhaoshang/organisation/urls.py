from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("units/import/", views.unit_import, name="unit_import"),
    path("units/import/template/", views.unit_import_template, name="unit_import_template"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
    path("divisions/", views.division_list, name="division_list"),
    path("divisions/export/", views.division_export, name="division_export"),
    path("divisions/new/", views.division_create, name="division_create"),
    path("divisions/<int:pk>/", views.division_detail, name="division_detail"),
    path("divisions/<int:pk>/edit/", views.division_edit, name="division_edit"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/export/", views.person_export, name="person_export"),
    path("persons/import/", views.person_import, name="person_import"),
    path("persons/import/template/", views.person_import_template, name="person_import_template"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/active/", views.person_set_active, name="person_set_active"),
]
