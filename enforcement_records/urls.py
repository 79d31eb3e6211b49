from django.urls import path

from . import views

app_name = "enforcement_records"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("template/", views.template_download, name="template"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/file/", views.batch_file, name="batch-file"),
    path("samples/new/", views.sample_new, name="sample-new"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("<int:pk>/", views.record_detail, name="detail"),
]
