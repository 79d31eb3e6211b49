from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("leads", api.LeadViewSet, basename="lead")
router.register("warning-rules", api.WarningRuleViewSet, basename="warning-rule")

urlpatterns = router.urls
