from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="target_list"),
    path("export/", views.target_export, name="target_export"),
    path("new/", views.target_create, name="target_create"),
    path("<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("import/", views.target_import, name="target_import"),
    path("import/template/", views.target_import_template, name="target_import_template"),
    path("decomposition/<int:pk>/", views.target_decomposition, name="target_decomposition"),
    path("exports/", views.export_figures, name="export_figures"),
    path("exports/set/", views.export_figure_set, name="export_figure_set"),
    path("exports/export/", views.export_figures_export, name="export_figures_export"),
    path("exports/import/", views.export_figures_import, name="export_figures_import"),
    path("exports/import/template/", views.export_figures_template, name="export_figures_template"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
]
