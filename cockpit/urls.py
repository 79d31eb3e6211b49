from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("", views.statistics, name="statistics"),
]
