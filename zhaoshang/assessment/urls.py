from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/indicators/", views.indicators_edit, name="indicators_edit"),
    path("<int:pk>/indicators/<int:indicator_pk>/targets/", views.targets_edit, name="targets_edit"),
    path("<int:pk>/new-version/", views.scheme_new_version, name="scheme_new_version"),
    path("<int:pk>/run/", views.scheme_run, name="scheme_run"),
    path("results/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("results/<int:pk>/differences/", views.snapshot_differences, name="snapshot_differences"),
    path("results/<int:pk>/export/", views.snapshot_export, name="snapshot_export"),
    path("results/<int:pk>/word/", views.snapshot_word, name="snapshot_word"),
    path("results/<int:pk>/publish/", views.snapshot_publish, name="snapshot_publish"),
    path("results/<int:pk>/object/", views.snapshot_object, name="snapshot_object"),
    path("scores/<int:pk>/lines/<int:position>/", views.line_records, name="line_records"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("falsified/", views.falsified_list, name="falsified_list"),
    path("falsified/<int:pk>/revoke/", views.mark_revoke, name="mark_revoke"),
    path("projects/<int:project_pk>/falsify/", views.project_falsify, name="project_falsify"),
]
