from rest_framework.routers import SimpleRouter

from .api import DocumentViewSet
from .draft_api import DraftViewSet

router = SimpleRouter()
router.register("documents/drafts", DraftViewSet, basename="document-draft")
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = router.urls
