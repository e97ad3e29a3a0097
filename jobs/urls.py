from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/import/", views.import_create, name="import-create"),
    path("jobs/extract/", views.extract_create, name="extract-create"),
    path("jobs/export/", views.export_create, name="export-create"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
]
