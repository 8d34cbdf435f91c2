from django.urls import path

from . import views

app_name = "todo"
urlpatterns = [
    path("counts/", views.nav_counts, name="nav_counts"),
    path("funds/", views.funds_decide, name="funds_decide"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
]
