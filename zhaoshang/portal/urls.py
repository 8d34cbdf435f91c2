"""The public pages: no login."""

from django.urls import path

from . import public_views, views

app_name = "portal"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("projects/", public_views.project_list, name="project_list"),
    path("projects/<int:pk>/", public_views.project_detail, name="project_detail"),
    path("policies/", public_views.policy_list, name="policy_list"),
    path("policies/check/", public_views.policy_check, name="policy_check"),
    path("policies/<int:pk>/", public_views.policy_detail, name="policy_detail"),
    path("sites/", public_views.site_list, name="site_list"),
    path("sites/<int:pk>/", public_views.site_detail, name="site_detail"),
    path("inquiry/", public_views.inquiry_create, name="inquiry_create"),
    path("inquiry/<str:token>/", public_views.inquiry_status, name="inquiry_status"),
    path("data/", public_views.open_data_index, name="open_data_index"),
    path("data/<str:kind>.<str:fmt>", public_views.open_data, name="open_data"),
    path("progress/", views.public_progress, name="progress"),
    path("progress/<int:pk>/", views.public_progress_detail, name="progress_detail"),
]
