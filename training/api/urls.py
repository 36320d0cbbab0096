from django.urls import path

from . import apis

urlpatterns = [
    path("programs/", apis.ProgramListApi.as_view(), name="training-program-list"),
    path("programs/<slug:code>/", apis.ProgramDetailApi.as_view(), name="training-program-detail"),
    path("sessions/", apis.SessionListApi.as_view(), name="training-session-list"),
    path("sessions/<int:pk>/", apis.SessionDetailApi.as_view(), name="training-session-detail"),
    path("sessions/<int:pk>/enroll/", apis.SessionEnrollApi.as_view(), name="training-session-enroll"),
    path("enrollments/<int:pk>/cancel/", apis.EnrollmentCancelApi.as_view(), name="training-enrollment-cancel"),
    path("my/enrollments/", apis.MyEnrollmentListApi.as_view(), name="training-my-enrollments"),
    path("my/jp/", apis.MyJpApi.as_view(), name="training-my-jp"),
    path("check-in/", apis.CheckInApi.as_view(), name="training-check-in"),
    path("my/external-trainings/", apis.MyExternalClaimListApi.as_view(), name="training-my-external"),
    path(
        "external-trainings/pending/",
        apis.PendingExternalClaimListApi.as_view(),
        name="training-external-pending",
    ),
    path(
        "external-trainings/<int:pk>/decide/",
        apis.ExternalClaimDecideApi.as_view(),
        name="training-external-decide",
    ),
    path(
        "external-trainings/<int:pk>/revoke/",
        apis.ExternalClaimRevokeApi.as_view(),
        name="training-external-revoke",
    ),
]
