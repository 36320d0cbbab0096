from django.urls import path

from asn_competency.common.http import moved_prefix

from . import views

app_name = "planning"

urlpatterns = [
    path("planning/bulk/", views.bulk_enrollment, name="bulk"),
    path("planning/bulk/<int:pk>/", views.bulk_enrollment_detail, name="bulk-detail"),
    path("planning/bulk/<int:pk>/resume/", views.bulk_enrollment_resume, name="bulk-resume"),
    path("planning/bulk/<int:pk>/progress/", views.bulk_enrollment_progress, name="bulk-progress"),
    path("planning/bulk/<int:pk>/report.xlsx", views.bulk_enrollment_report, name="bulk-report"),
    path("planning/bulk/example.<str:fmt>", views.example_nip_list, name="bulk-example"),
    path("planning/jp/", views.jp_report, name="jp-report"),
    path("planning/jp/export.xlsx", views.jp_report_export, name="jp-report-export"),
    path("planning/needs/", views.training_needs, name="needs"),
    path("planning/needs/<int:pk>/", views.training_needs_competency, name="needs-competency"),
    path("planning/gaps/mine/", views.my_gaps, name="my-gaps"),
    path("planning/gaps/<int:pk>/", views.employee_gaps, name="employee-gaps"),
    path("planning/assessments/import/", views.assessment_import, name="assessment-import"),
    path("planning/assessments/example.xlsx", views.assessment_example, name="assessment-example"),
    # The old addresses (bookmarks, e-mails already sent) from before the app had one name (issue 10).
    moved_prefix("training/planning/", "planning/"),
]
