from django.urls import path

from . import draft_views, views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/card/", views.document_card, name="card"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/preview.png", views.document_preview, name="preview"),
    path("<int:pk>/void/", views.document_void, name="void"),
    path("<int:pk>/reissue/", views.document_reissue, name="reissue"),
    path("<int:pk>/retry/", views.document_retry, name="retry"),
    path("drafts/new/<str:flow_key>/<int:subject_pk>/", draft_views.draft_start, name="draft-start"),
    path("drafts/<int:pk>/", draft_views.draft_detail, name="draft"),
    path("drafts/<int:pk>/<int:number>.pdf", draft_views.draft_preview, name="draft-preview"),
    path("drafts/<int:pk>/<str:action>/", draft_views.draft_action, name="draft-action"),
]
