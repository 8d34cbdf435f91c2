from django.urls import path

from . import views

app_name = "elements"
urlpatterns = [
    path("steps/", views.step_list, name="step_list"),
    path("steps/import/", views.step_import, name="step_import"),
    path("steps/<int:pk>/", views.step_detail, name="step_detail"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/start/", views.step_start, name="step_start"),
    path("steps/<int:pk>/complete/", views.step_complete, name="step_complete"),
    path("steps/<int:pk>/block/", views.step_block, name="step_block"),
    path("projects/<int:pk>/", views.project_steps, name="project_steps"),
    path("projects/<int:pk>/land/", views.land_review, name="land_review"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/escalate/", views.problem_escalate, name="problem_escalate"),
    path("problems/<int:pk>/close/", views.problem_close, name="problem_close"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("thresholds/", views.threshold_list, name="threshold_list"),
    path("thresholds/new/", views.threshold_create, name="threshold_create"),
    path("thresholds/<int:pk>/edit/", views.threshold_edit, name="threshold_edit"),
    path("figures/", views.figure_view, name="figures"),
]
