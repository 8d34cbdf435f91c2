from django.urls import path

from . import clock_views, views

app_name = "timelimits"
urlpatterns = [
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
    path("clocks/<int:pk>/", clock_views.clock_detail, name="clock_detail"),
    path("clocks/<int:pk>/pause/", clock_views.clock_pause, name="clock_pause"),
    path("clocks/<int:pk>/resume/", clock_views.clock_resume, name="clock_resume"),
    path("clocks/<int:pk>/extension/", clock_views.clock_extension, name="clock_extension"),
    path("clocks/<int:pk>/extension/decision/", clock_views.clock_extension_decide, name="clock_extension_decide"),
]
