from django.urls import path

from . import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="chain_list"),
    path("new/", views.chain_create, name="chain_create"),
    path("<int:pk>/", views.chain_detail, name="chain_detail"),
    path("<int:pk>/edit/", views.chain_edit, name="chain_edit"),
    path("<int:pk>/map/", views.chain_map, name="chain_map"),
    path("<int:chain_pk>/targets/new/", views.target_create, name="target_create"),
    path("links/<int:pk>/", views.link_drill, name="link_drill"),
    path("links/<int:pk>/edit/", views.link_edit, name="link_edit"),
    path("links/<int:pk>/add/", views.link_add, name="link_add"),
    path("links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    path("links/<int:pk>/attach/", views.link_attach, name="link_attach"),
    path("links/<int:pk>/override/", views.link_override, name="link_override"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("import/", views.link_import, name="link_import"),
    path("targets/import/", views.target_import, name="target_import"),
    path("import/<str:kind>/template/", views.import_template, name="import_template"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/export/", views.target_export, name="target_export"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/convert/", views.target_convert, name="target_convert"),
]
