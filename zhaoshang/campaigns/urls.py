from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("export/", views.campaign_export, name="campaign_export"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/leaderboard/export/", views.leaderboard_export, name="leaderboard_export"),
    path("<int:pk>/rules/", views.rules_edit, name="rules_edit"),
    path("<int:pk>/rules/row/", views.rule_row, name="rule_row"),
    path("<int:pk>/targets/", views.targets_edit, name="targets_edit"),
]
