from django.urls import path

from . import views

app_name = "case_reviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/<int:case_pk>/", views.case_sheets, name="case-sheets"),
    path("cases/<int:case_pk>/new/", views.sheet_create, name="sheet-create"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet-detail"),
    path("sheets/<int:pk>/edit/", views.sheet_edit, name="sheet-edit"),
    path("sheets/<int:pk>/do/<slug:action>/", views.sheet_action, name="sheet-action"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/new/", views.template_edit, name="template-create"),
    path("templates/<int:pk>/", views.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template-edit"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.csv", views.statistics_csv, name="statistics-csv"),
]
