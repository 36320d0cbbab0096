from django.urls import path

from . import views

app_name = "tutorials"

urlpatterns = [
    path("egov/", views.app_list, name="app-list"),
    path("egov/apps/<slug:code>/", views.app_detail, name="app-detail"),
    path("egov/apps/<slug:code>/stuck/", views.stuck_report, name="stuck"),
    path("egov/tutorials/<int:pk>/", views.tutorial_detail, name="tutorial-detail"),
    path("egov/tutorials/<int:pk>/resume/", views.tutorial_resume, name="resume"),
    path("egov/tutorials/<int:pk>/steps/<int:position>/", views.step_view, name="step"),
    path("egov/tutorials/<int:pk>/quiz/", views.quiz, name="quiz"),
    path("egov/my/", views.my_progress, name="my-progress"),
    path("egov/readiness/", views.readiness, name="readiness"),
    path("egov/readiness/<slug:code>/", views.readiness_app, name="readiness-app"),
    path("egov/readiness/<slug:code>/export.xlsx", views.readiness_app_export, name="readiness-app-export"),
    path("egov/manage/", views.manage, name="manage"),
    path("egov/manage/apps/new/", views.app_edit, name="app-new"),
    path("egov/manage/apps/<slug:code>/", views.app_edit, name="app-edit"),
    path("egov/manage/apps/<slug:code>/version/", views.app_version, name="app-version"),
    path("egov/manage/tutorials/new/", views.tutorial_edit, name="tutorial-new"),
    path("egov/manage/tutorials/<int:pk>/", views.tutorial_edit, name="manage-tutorial"),
    path("egov/manage/tutorials/<int:pk>/status/", views.tutorial_status, name="tutorial-status"),
    path("egov/manage/tutorials/<int:pk>/outdated/", views.tutorial_outdated, name="tutorial-outdated"),
    path("egov/manage/tutorials/<int:tutorial_pk>/steps/new/", views.step_edit, name="step-new"),
    path("egov/manage/steps/<int:pk>/", views.step_edit, name="step-edit"),
    path("egov/manage/steps/<int:pk>/move/", views.step_move, name="step-move"),
    path("egov/manage/steps/<int:pk>/delete/", views.step_delete, name="step-delete"),
    path("egov/manage/tutorials/<int:tutorial_pk>/questions/new/", views.question_edit, name="question-new"),
    path("egov/manage/questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("egov/manage/questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("egov/manage/preview/", views.preview, name="preview"),
    path("egov/manage/stuck/", views.stuck_reports, name="stuck-reports"),
    path("egov/manage/stuck/<int:pk>/status/", views.stuck_report_status, name="stuck-report-status"),
]
