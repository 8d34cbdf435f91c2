from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export/", views.case_export, name="case_export"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/accept/", views.case_accept, name="case_accept"),
    path("<int:pk>/refuse/", views.case_refuse, name="case_refuse"),
    path("<int:pk>/transfer/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/visit/", views.case_visit, name="case_visit"),
    path("<int:pk>/notes/", views.case_note, name="case_note"),
    path("<int:pk>/attachments/", views.case_attachment, name="case_attachment"),
]
