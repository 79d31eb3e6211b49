from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, briefing_api

router = SimpleRouter()
router.register("briefings", briefing_api.BriefingViewSet, basename="briefing")
router.register("commendations", briefing_api.CommendationViewSet, basename="commendation")

urlpatterns = [
    # Before the topics: "assessment" is not a topic.
    path("statistics/assessment/", briefing_api.AssessmentView.as_view(), name="statistics-assessment"),
    path("statistics/assessment/weights/", briefing_api.WeightsView.as_view(), name="statistics-assessment-weights"),
    path("statistics/<slug:topic>/", api.StatisticsView.as_view(), name="statistics"),
    *router.urls,
]
