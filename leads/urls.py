from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("rules/", views.rule_list, name="rules"),
    path("<int:pk>/", views.lead_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.lead_action, name="action"),
]
