from django.urls import path

from . import api

urlpatterns = [
    path("calendar/deadline/", api.calendar_deadline, name="calendar-deadline"),
]
