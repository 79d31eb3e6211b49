from django.urls import path

from . import calendar_views, views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("calculator/", views.calculator, name="calculator"),
    path("calendar/", calendar_views.deadline_calendar, name="calendar"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/extension/", views.request_extension, name="request-extension"),
    path("extensions/<int:pk>/approve/", views.approve_extension, name="approve-extension"),
    path("extensions/<int:pk>/reject/", views.reject_extension, name="reject-extension"),
]
