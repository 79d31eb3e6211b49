from django.urls import path

from . import api

urlpatterns = [
    path("statistics/<slug:topic>/", api.StatisticsView.as_view(), name="statistics"),
]
