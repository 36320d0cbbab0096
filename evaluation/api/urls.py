from django.urls import path

from . import apis

urlpatterns = [
    path("evaluation/questionnaires/", apis.QuestionnaireListApi.as_view(), name="evaluation-questionnaire-list"),
    path(
        "evaluation/questionnaires/<int:pk>/",
        apis.QuestionnaireDetailApi.as_view(),
        name="evaluation-questionnaire-detail",
    ),
    path("evaluation/surveys/", apis.MySurveysApi.as_view(), name="evaluation-my-surveys"),
    path("evaluation/responses/", apis.ResponseSubmitApi.as_view(), name="evaluation-response-submit"),
    path("evaluation/reports/", apis.ReportListApi.as_view(), name="evaluation-report-list"),
    path("evaluation/reports/run/", apis.ReportRunApi.as_view(), name="evaluation-report-run"),
    path("evaluation/reports/<int:pk>/", apis.ReportDetailApi.as_view(), name="evaluation-report-detail"),
]
