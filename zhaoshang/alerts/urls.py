from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_center, name="alert_center"),
    path("export/<str:kind>/", views.alert_export, name="alert_export"),
]
