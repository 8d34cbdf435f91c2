from django.urls import path

from . import views

app_name = "timelimits"
urlpatterns = [
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
]
