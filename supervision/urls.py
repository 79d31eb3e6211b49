from django.urls import path

from . import methods_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("notices/", views.agency_notices, name="agency-notices"),
    path("campaigns/", methods_views.campaign_list, name="campaign-list"),
    path("campaigns/new/", methods_views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", methods_views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/do/<slug:action>/", methods_views.campaign_action, name="campaign-action"),
    path("findings/", methods_views.finding_statistics, name="finding-statistics"),
    path("intake/", methods_views.intake_list, name="intake-list"),
    path("intake/new/", methods_views.intake_create, name="intake-create"),
    path("intake/<int:pk>/", methods_views.intake_detail, name="intake-detail"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/do/<slug:action>/", views.case_action, name="case-action"),
    path("<int:pk>/information-requests/<int:request_id>/answer/", views.answer_information_request,
         name="information-request-answer"),
    path("<int:pk>/records/<slug:what>/", views.case_record, name="case-record"),
    path("<int:pk>/accountability/<int:entry_id>/", views.accountability_complete, name="accountability-complete"),
    path("<int:pk>/evidence/<int:file_id>/", views.evidence_viewer, name="evidence-viewer"),
    path("<int:pk>/evidence/<int:file_id>/file", views.evidence_file, name="evidence-file"),
    path("<int:pk>/report-files/<int:file_id>", views.report_file, name="report-file"),
    path("<int:pk>/receipts/<int:record_id>", views.receipt_file, name="receipt-file"),
]
