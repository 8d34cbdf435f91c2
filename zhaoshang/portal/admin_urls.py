"""The bureau's screens for portal content, and the units' screens for inquiries."""

from django.urls import path

from . import manage_views as views

app_name = "portal_admin"
urlpatterns = [
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("inquiries/export/", views.inquiry_export, name="inquiry_export"),
    path("inquiries/funnel/", views.inquiry_funnel, name="inquiry_funnel"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/accept/", views.inquiry_accept, name="inquiry_accept"),
    path("inquiries/<int:pk>/reject/", views.inquiry_reject, name="inquiry_reject"),
    path("sites/import/", views.site_import, name="site_import"),
    path("sites/import/template/", views.site_import_template, name="site_import_template"),
    path("<str:kind>/", views.content_list, name="content_list"),
    path("<str:kind>/export/", views.content_export, name="content_export"),
    path("<str:kind>/new/", views.content_create, name="content_create"),
    path("<str:kind>/<int:pk>/", views.content_detail, name="content_detail"),
    path("<str:kind>/<int:pk>/edit/", views.content_edit, name="content_edit"),
    path("<str:kind>/<int:pk>/confirm/", views.content_confirm, name="content_confirm"),
]
