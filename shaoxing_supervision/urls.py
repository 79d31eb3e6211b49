from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from documents import views as document_views
from operations.views import healthz
from organizations.urls import account_urlpatterns

# Every app contributes its API under /api/v1/ (api.md); names are namespaced "api:".
api_urlpatterns = [
    path("", include("organizations.api_urls")),
    path("", include("documents.api_urls")),
    path("", include("deadlines.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("disputes.api_urls")),
    path("", include("joint_actions.api_urls")),
    path("", include("supervision.api_urls")),
    path("", include("case_reviews.api_urls")),
    path("", include("clues.api_urls")),
    path("", include("cockpit.api_urls")),
    path("", include("enforcement_records.api_urls")),
    path("", include("leads.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urlpatterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("org/", include("organizations.urls")),
    path("documents/", include("documents.urls")),
    # The public verification page of a document (its QR code), no login: documents/verification.py.
    path("verify/<str:code>/", document_views.public_verify, name="documents-verify"),
    path("deadlines/", include("deadlines.urls")),
    path("notifications/", include("notifications.urls")),
    path("disputes/", include("disputes.urls")),
    path("joint-actions/", include("joint_actions.urls")),
    path("supervision/", include("supervision.urls")),
    path("case-reviews/", include("case_reviews.urls")),
    path("clues/", include("clues.urls")),
    path("statistics/", include("cockpit.urls")),
    path("records/", include("enforcement_records.urls")),
    path("leads/", include("leads.urls")),
    path("audit/", include("audit.urls")),
    path("", include("workbench.urls")),
]
# Media (evidence, reports, PDFs) is never served directly: each app streams its files
# through a view that checks the user's jurisdiction first.

handler404 = "shaoxing_supervision.errors.not_found"
handler500 = "shaoxing_supervision.errors.server_error"
