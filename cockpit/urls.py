from django.urls import path

from . import accountability, briefing_views, views

app_name = "cockpit"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("accountability/", accountability.accountability_register, name="accountability"),
    path("briefings/", briefing_views.briefings, name="briefings"),
    path("briefings/<int:pk>/", briefing_views.briefing_detail, name="briefing-detail"),
    path("briefings/<int:pk>/<slug:action>/", briefing_views.briefing_action, name="briefing-action"),
    path("assessment/", briefing_views.assessment, name="assessment"),
    path("assessment/weights/", briefing_views.assessment_weights, name="assessment-weights"),
    path("commendations/", briefing_views.commendations, name="commendations"),
    path("commendations/<int:pk>/", briefing_views.commendation_detail, name="commendation-detail"),
    path("commendations/<int:pk>/<slug:action>/", briefing_views.commendation_action, name="commendation-action"),
]
