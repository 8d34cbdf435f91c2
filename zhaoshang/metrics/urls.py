from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("rankings/", views.ranking_page, name="rankings"),
    path("rankings/export/", views.ranking_export, name="ranking_export"),
]
