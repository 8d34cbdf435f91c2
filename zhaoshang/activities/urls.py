from django.urls import path

from . import views
from .views import records

app_name = "activities"
urlpatterns = [
    path("trips/", records.trip_list, name="trip_list"),
    path("trips/export/", records.trip_export, name="trip_export"),
    path("trips/new/", records.trip_create, name="trip_create"),
    path("trips/<int:pk>/", records.trip_detail, name="trip_detail"),
    path("trips/<int:pk>/edit/", records.trip_edit, name="trip_edit"),
    path("visits/", records.visit_list, name="visit_list"),
    path("visits/export/", records.visit_export, name="visit_export"),
    path("visits/new/", records.visit_create, name="visit_create"),
    path("visits/<int:pk>/", records.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", records.visit_edit, name="visit_edit"),
    path("events/", records.event_list, name="event_list"),
    path("events/export/", records.event_export, name="event_export"),
    path("events/new/", records.event_create, name="event_create"),
    path("events/<int:pk>/", records.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", records.event_edit, name="event_edit"),
    path("events/<int:pk>/signings/new/", records.event_signing_add, name="event_signing_add"),
    path("events/<int:pk>/signings/<int:signing_pk>/delete/", records.event_signing_delete, name="event_signing_delete"),
    path("teams/members/", records.membership_list, name="membership_list"),
    path("teams/members/export/", records.membership_export, name="membership_export"),
    path("teams/members/new/", records.membership_create, name="membership_create"),
    path("teams/members/<int:pk>/", records.membership_detail, name="membership_detail"),
    path("teams/members/<int:pk>/edit/", records.membership_edit, name="membership_edit"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("publicity/", records.publicity_list, name="publicity_list"),
    path("publicity/export/", records.publicity_export, name="publicity_export"),
    path("publicity/new/", records.publicity_create, name="publicity_create"),
    path("publicity/<int:pk>/", records.publicity_detail, name="publicity_detail"),
    path("publicity/<int:pk>/edit/", records.publicity_edit, name="publicity_edit"),
    path("index/", views.index_ranking, name="index_ranking"),
    path("index/export/", views.index_export, name="index_export"),
    path("index/units/<int:pk>/", views.index_unit, name="index_unit"),
    path("index/weights/<int:pk>/", views.weights_edit, name="weights_edit"),
]
