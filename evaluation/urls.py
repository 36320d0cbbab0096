from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.dashboard, name="dashboard"),
    path("evaluation/dashboard.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("evaluation/questionnaires/", views.questionnaire_list, name="questionnaire-list"),
    path("evaluation/questionnaires/new/", views.questionnaire_edit, name="questionnaire-create"),
    path("evaluation/questionnaires/<int:pk>/", views.questionnaire_edit, name="questionnaire-detail"),
    path("evaluation/programs/", views.program_list, name="program-list"),
    path("evaluation/programs/<slug:code>/", views.program_settings, name="program-settings"),
    path("evaluation/sessions/<int:pk>/results/", views.session_results, name="session-results"),
    path("evaluation/my/", views.my_evaluations, name="my"),
    path("evaluation/surveys/<int:pk>/", views.survey, name="survey"),
    path("evaluation/tests/<int:enrollment_pk>/<str:kind>/", views.take_test, name="test"),
    path("evaluation/follow-ups/", views.follow_up_list, name="follow-ups"),
    path("evaluation/follow-ups/<int:pk>/", views.follow_up, name="follow-up"),
    path("evaluation/reports/", views.report_list, name="report-list"),
    path("evaluation/reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("evaluation/reports/<int:pk>/export.<str:fmt>", views.report_export, name="report-export"),
    path("evaluation/runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("evaluation/runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("evaluation/findings/<int:pk>/decide/", views.finding_decide, name="finding-decide"),
]
