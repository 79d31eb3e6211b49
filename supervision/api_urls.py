from rest_framework.routers import SimpleRouter

from .api import SupervisionCaseViewSet

router = SimpleRouter()
router.register("supervision-cases", SupervisionCaseViewSet, basename="supervision-case")

urlpatterns = router.urls
