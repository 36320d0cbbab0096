from django.urls import path

from asn_competency.common.http import moved_prefix

from . import views

app_name = "tutorials"

urlpatterns = [
    path("tutorials/", views.app_list, name="app-list"),
    path("tutorials/apps/<slug:code>/", views.app_detail, name="app-detail"),
    path("tutorials/apps/<slug:code>/stuck/", views.stuck_report, name="stuck"),
    path("tutorials/<int:pk>/", views.tutorial_detail, name="tutorial-detail"),
    path("tutorials/<int:pk>/resume/", views.tutorial_resume, name="resume"),
    path("tutorials/<int:pk>/steps/<int:position>/", views.step_view, name="step"),
    path("tutorials/<int:pk>/quiz/", views.quiz, name="quiz"),
    path("tutorials/my/", views.my_progress, name="my-progress"),
    path("tutorials/readiness/", views.readiness, name="readiness"),
    path("tutorials/readiness/<slug:code>/", views.readiness_app, name="readiness-app"),
    path("tutorials/readiness/<slug:code>/export.xlsx", views.readiness_app_export, name="readiness-app-export"),
    path("tutorials/manage/", views.manage, name="manage"),
    path("tutorials/manage/apps/new/", views.app_edit, name="app-new"),
    path("tutorials/manage/apps/<slug:code>/", views.app_edit, name="app-edit"),
    path("tutorials/manage/apps/<slug:code>/version/", views.app_version, name="app-version"),
    path("tutorials/manage/tutorials/new/", views.tutorial_edit, name="tutorial-new"),
    path("tutorials/manage/tutorials/<int:pk>/", views.tutorial_edit, name="manage-tutorial"),
    path("tutorials/manage/tutorials/<int:pk>/status/", views.tutorial_status, name="tutorial-status"),
    path("tutorials/manage/tutorials/<int:pk>/outdated/", views.tutorial_outdated, name="tutorial-outdated"),
    path("tutorials/manage/tutorials/<int:tutorial_pk>/steps/new/", views.step_edit, name="step-new"),
    path("tutorials/manage/steps/<int:pk>/", views.step_edit, name="step-edit"),
    path("tutorials/manage/steps/<int:pk>/move/", views.step_move, name="step-move"),
    path("tutorials/manage/steps/<int:pk>/delete/", views.step_delete, name="step-delete"),
    path("tutorials/manage/tutorials/<int:tutorial_pk>/questions/new/", views.question_edit, name="question-new"),
    path("tutorials/manage/questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("tutorials/manage/questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("tutorials/manage/preview/", views.preview, name="preview"),
    path("tutorials/manage/stuck/", views.stuck_reports, name="stuck-reports"),
    path("tutorials/manage/stuck/<int:pk>/status/", views.stuck_report_status, name="stuck-report-status"),
    # The old addresses (bookmarks, e-mails already sent) from before the app had one name (issue 10).
    moved_prefix("egov/tutorials/", "tutorials/"),
    moved_prefix("egov/", "tutorials/"),
]
