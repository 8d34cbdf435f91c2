from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("divisions/", views.division_list, name="division_list"),
    path("divisions/<int:pk>/", views.division_detail, name="division_detail"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
]
