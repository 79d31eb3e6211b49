from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("clues", api.ClueViewSet, basename="clue")

urlpatterns = router.urls
