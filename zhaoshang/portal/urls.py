"""The public pages: no login."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("progress/", views.public_progress, name="progress"),
    path("progress/<int:pk>/", views.public_progress_detail, name="progress_detail"),
]
