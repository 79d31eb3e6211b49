from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("joint-actions", api.JointActionViewSet, basename="joint-action")
router.register("coordination-matters", api.CoordinationMatterViewSet, basename="coordination-matter")
router.register("liaison-records", api.LiaisonRecordViewSet, basename="liaison-record")

urlpatterns = router.urls
