from django.urls import path

from . import accountability, views

app_name = "cockpit"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("accountability/", accountability.accountability_register, name="accountability"),
]
