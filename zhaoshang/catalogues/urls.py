from django.urls import path

from . import views

app_name = "catalogues"

urlpatterns = [
    path("industries/", views.entry_list, {"kind": "industries"}, name="industry_list"),
    path("regions/", views.entry_list, {"kind": "regions"}, name="region_list"),
    path("<slug:kind>/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
]
