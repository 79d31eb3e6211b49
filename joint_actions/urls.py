from django.urls import path

from . import views

app_name = "joint_actions"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/<slug:action>/", views.proposal_action, name="action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("registers/matters/", views.matter_list, name="matters"),
    path("registers/matters/new/", views.matter_create, name="matter-create"),
    path("registers/matters/<int:pk>/", views.matter_detail, name="matter-detail"),
    path("registers/liaison/", views.liaison_list, name="liaisons"),
    path("registers/liaison/new/", views.liaison_create, name="liaison-create"),
    path("registers/liaison/<int:pk>/", views.liaison_detail, name="liaison-detail"),
]
