"""The bureau's screens for what the public pages show."""

from django.urls import path

from . import views

app_name = "disclosures"
urlpatterns = [
    path("", views.disclosure_list, name="disclosure_list"),
    path("export/", views.disclosure_export, name="disclosure_export"),
    path("new/", views.disclosure_create, name="disclosure_create"),
    path("<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("<int:pk>/edit/", views.disclosure_edit, name="disclosure_edit"),
    path("<int:pk>/publish/", views.disclosure_publish, name="disclosure_publish"),
    path("<int:pk>/unpublish/", views.disclosure_unpublish, name="disclosure_unpublish"),
]
