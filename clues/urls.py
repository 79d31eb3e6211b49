from django.urls import path

from . import views

app_name = "clues"

urlpatterns = [
    # Public (Art. 4): no account needed.
    path("new/", views.clue_new, name="new"),
    path("track/", views.clue_track_lookup, name="track-lookup"),
    path("track/<str:code>/", views.clue_track, name="track"),
    # Staff: scoped to the user's jurisdiction.
    path("", views.clue_list, name="list"),
    path("<int:pk>/", views.clue_detail, name="detail"),
    path("<int:pk>/attachments/<uuid:key>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<slug:action>/", views.clue_action, name="action"),
]
