from django.urls import path

from .views import funds, imports, obstacles

app_name = "projects"
# Sections are owned by different modules of views/; keep each section together.
urlpatterns: list = [
    # projects, stages, credits, team, duplicates, investors (views/projects.py, views/investors.py)
    # fund entries and evidence (views/funds.py)
    path("<int:pk>/funds/", funds.project_funds, name="project_funds"),
    path("<int:pk>/funds/new/", funds.fund_report, name="fund_report"),
    path("funds/", funds.fund_list, name="fund_list"),
    path("funds/export/", funds.fund_export, name="fund_export"),
    path("funds/pending/", funds.fund_pending, name="fund_pending"),
    path("funds/verify/", funds.fund_verify_bulk, name="fund_verify_bulk"),
    path("funds/<int:pk>/edit/", funds.fund_edit, name="fund_edit"),
    path("funds/<int:pk>/approve/", funds.fund_approve, name="fund_approve"),
    path("funds/<int:pk>/verify/", funds.fund_verify, name="fund_verify"),
    path("funds/<int:pk>/return/", funds.fund_return, name="fund_return"),
    path("funds/<int:pk>/evidence/", funds.fund_attach, name="fund_attach"),
    path("evidence/<int:pk>/", funds.evidence_download, name="evidence_download"),
    # obstacles (views/obstacles.py)
    path("<int:pk>/obstacles/", obstacles.project_obstacles, name="project_obstacles"),
    path("<int:pk>/obstacles/new/", obstacles.obstacle_add, name="obstacle_add"),
    path("obstacles/", obstacles.obstacle_board, name="obstacle_board"),
    path("obstacles/export/", obstacles.obstacle_export, name="obstacle_export"),
    path("obstacles/<int:pk>/status/", obstacles.obstacle_status, name="obstacle_status"),
    # Excel import/export (views/imports.py)
    path("imports/", imports.import_list, name="import_list"),
    path("imports/export/", imports.import_export, name="import_export"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<str:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<str:kind>/template/", imports.import_template, name="import_template"),
]
