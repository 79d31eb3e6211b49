from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("review-sheets", api.ReviewSheetViewSet, basename="review-sheet")
router.register("review-templates", api.ReviewTemplateViewSet, basename="review-template")

urlpatterns = [
    path("review-statistics/", api.review_statistics, name="review-statistics"),
    *router.urls,
]
