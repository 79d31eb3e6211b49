from rest_framework.routers import SimpleRouter

from .api import SupervisionCaseViewSet
from .methods_api import IntakeViewSet, SpecialCampaignViewSet

router = SimpleRouter()
router.register("supervision-cases", SupervisionCaseViewSet, basename="supervision-case")
router.register("supervision-campaigns", SpecialCampaignViewSet, basename="supervision-campaign")
router.register("supervision-intake", IntakeViewSet, basename="supervision-intake")

urlpatterns = router.urls
