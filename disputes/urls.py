from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/", views.dispute_create, name="create"),
    path("coordinator-preview/", views.coordinator_preview, name="coordinator-preview"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/edit/<slug:step>/", views.dispute_step, name="step"),
    path("<int:pk>/act/<slug:action>/", views.dispute_action, name="action"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
