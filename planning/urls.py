from django.urls import path

from . import views

app_name = "training_planning"

urlpatterns = [
    path("training/planning/bulk/", views.bulk_enrollment, name="bulk"),
    path("training/planning/bulk/<int:pk>/", views.bulk_enrollment_detail, name="bulk-detail"),
    path("training/planning/bulk/<int:pk>/resume/", views.bulk_enrollment_resume, name="bulk-resume"),
    path("training/planning/bulk/<int:pk>/progress/", views.bulk_enrollment_progress, name="bulk-progress"),
    path("training/planning/bulk/<int:pk>/report.xlsx", views.bulk_enrollment_report, name="bulk-report"),
    path("training/planning/bulk/example.<str:fmt>", views.example_nip_list, name="bulk-example"),
    path("training/planning/jp/", views.jp_report, name="jp-report"),
    path("training/planning/jp/export.xlsx", views.jp_report_export, name="jp-report-export"),
    path("training/planning/needs/", views.training_needs, name="needs"),
    path("training/planning/needs/<int:pk>/", views.training_needs_competency, name="needs-competency"),
    path("training/planning/gaps/mine/", views.my_gaps, name="my-gaps"),
    path("training/planning/gaps/<int:pk>/", views.employee_gaps, name="employee-gaps"),
    path("training/planning/assessments/import/", views.assessment_import, name="assessment-import"),
    path("training/planning/assessments/example.xlsx", views.assessment_example, name="assessment-example"),
]
