from django.urls import path

from . import views

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
]
