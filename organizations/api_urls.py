from django.urls import path
from rest_framework.routers import SimpleRouter

from authentication.api import ApiTokenViewSet

from . import api

router = SimpleRouter()
router.register("divisions", api.DivisionViewSet, basename="division")
router.register("organizations", api.OrganizationViewSet, basename="organization")
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", api.obtain_token, name="auth-token"),
    path("me/", api.me, name="me"),
    *router.urls,
]
