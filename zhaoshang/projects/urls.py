from django.urls import path

from .views import funds, imports, investors, obstacles, plans, projects

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
    path("<int:pk>/follow-ups/", projects.follow_up_add, name="follow_up_add"),
    path("duplicates/", projects.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/merge/", projects.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/distinct/", projects.duplicate_distinct, name="duplicate_distinct"),
    path("investors/", investors.investor_list, name="investor_list"),
    path("investors/search/", investors.investor_search, name="investor_search"),
    path("investors/export/", investors.investor_export, name="investor_export"),
    path("investors/new/", investors.investor_create, name="investor_create"),
    path("investors/<int:pk>/", investors.investor_detail, name="investor_detail"),
    path("investors/<int:pk>/edit/", investors.investor_edit, name="investor_edit"),
    path("investors/<int:pk>/contacts/new/", investors.investor_contact_add, name="investor_contact_add"),
    # key projects' annual investment plans (views/plans.py)
    path("<int:pk>/investment/plan/", plans.investment_plan_set, name="investment_plan_set"),
    path("<int:pk>/investment/month/", plans.investment_month_set, name="investment_month_set"),
    path("investment/export/", plans.investment_export, name="investment_export"),
    # fund entries and evidence (views/funds.py)
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
    path("<int:pk>/obstacles/new/", obstacles.obstacle_add, name="obstacle_add"),
    path("obstacles/", obstacles.obstacle_board, name="obstacle_board"),
    path("obstacles/export/", obstacles.obstacle_export, name="obstacle_export"),
    path("obstacles/<int:pk>/", obstacles.obstacle_detail, name="obstacle_detail"),
    path("obstacles/<int:pk>/status/", obstacles.obstacle_status, name="obstacle_status"),
    path("obstacles/<int:pk>/notes/", obstacles.obstacle_note, name="obstacle_note"),
    path("obstacles/<int:pk>/propose/", obstacles.obstacle_propose, name="obstacle_propose"),
    path("obstacles/<int:pk>/instruct/", obstacles.obstacle_instruct, name="obstacle_instruct"),
    path("obstacles/notes/<int:pk>/file/", obstacles.obstacle_attachment, name="obstacle_attachment"),
    # Excel import/export (views/imports.py)
    path("imports/", imports.import_list, name="import_list"),
    path("imports/export/", imports.import_export, name="import_export"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<str:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<str:kind>/template/", imports.import_template, name="import_template"),
]
