from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("enforcement-records", api.RecordViewSet, basename="enforcement-record")

urlpatterns = router.urls
