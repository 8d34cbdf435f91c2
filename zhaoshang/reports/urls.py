from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("circulars/", views.circular_list, name="circular_list"),
    path("circulars/export/", views.circular_export, name="circular_export"),
    path("circulars/new/", views.circular_create, name="circular_create"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/regenerate/", views.circular_regenerate, name="circular_regenerate"),
    path("circulars/<int:pk>/retry/", views.circular_retry, name="circular_retry"),
    path("circulars/<int:pk>/download/<str:kind>/", views.circular_download, name="circular_download"),
]
