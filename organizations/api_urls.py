from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("divisions", api.DivisionViewSet, basename="division")
router.register("organizations", api.OrganizationViewSet, basename="organization")

urlpatterns = [
    path("auth/token/", api.obtain_token, name="auth-token"),
    path("me/", api.me, name="me"),
    *router.urls,
]
