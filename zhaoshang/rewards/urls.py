from django.urls import path

from . import views

app_name = "rewards"
urlpatterns = [
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_detail, name="rule_detail"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/enable/", views.rule_enable, name="rule_enable"),
    path("rules/<int:pk>/retire/", views.rule_retire, name="rule_retire"),
    path("rules/<int:pk>/review/", views.rule_review, name="rule_review"),
    path("rules/<int:pk>/new-version/", views.rule_new_version, name="rule_new_version"),
    path("trial/", views.trial, name="trial"),
    path("trial/approve/", views.award_approve, name="award_approve"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:pk>/paid/", views.entry_paid, name="entry_paid"),
    path("finders/", views.finder_list, name="finder_list"),
    path("finders/new/", views.finder_create, name="finder_create"),
    path("finders/<int:pk>/edit/", views.finder_edit, name="finder_edit"),
    path("projects/<int:pk>/finders/", views.project_finders, name="project_finders"),
    path("clauses/", views.clause_list, name="clause_list"),
    path("clauses/scan/", views.clause_scan, name="clause_scan"),
    path("clauses/<int:pk>/edit/", views.clause_edit, name="clause_edit"),
]
