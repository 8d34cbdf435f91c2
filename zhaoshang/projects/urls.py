from django.urls import path

from . import views
from .views import investors, projects

app_name = "projects"
# Sections are owned by different modules of views/; keep each section together.
urlpatterns: list = [
    # projects, stages, credits, team, duplicates, investors (views/projects.py, views/investors.py)
    path("", projects.project_list, name="project_list"),
    path("export/", projects.project_export, name="project_export"),
    path("new/", projects.project_create, name="project_create"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/stage/", projects.project_stage, name="project_stage"),
    path("<int:pk>/intent/", projects.project_intent, name="project_intent"),
    path("<int:pk>/correct/", projects.project_correct, name="project_correct"),
    path("<int:pk>/credits/", projects.project_credits, name="project_credits"),
    path("<int:pk>/team/", projects.project_team, name="project_team"),
    path("duplicates/", projects.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/merge/", projects.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/distinct/", projects.duplicate_distinct, name="duplicate_distinct"),
    path("investors/", investors.investor_list, name="investor_list"),
    path("investors/export/", investors.investor_export, name="investor_export"),
    path("investors/new/", investors.investor_create, name="investor_create"),
    path("investors/<int:pk>/", investors.investor_detail, name="investor_detail"),
    path("investors/<int:pk>/edit/", investors.investor_edit, name="investor_edit"),
    path("investors/<int:pk>/contacts/new/", investors.investor_contact_add, name="investor_contact_add"),
    # fund entries and evidence (views/funds.py)
    # obstacles (views/obstacles.py)
    # Excel import/export (views/imports.py)
]
