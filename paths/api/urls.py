from django.urls import path

from . import apis

urlpatterns = [
    path("paths/", apis.PathListApi.as_view(), name="path-list"),
    path("paths/mine/", apis.MyPathListApi.as_view(), name="path-mine"),
    path("paths/report/", apis.PathReportApi.as_view(), name="path-report"),
    path("paths/<int:pk>/", apis.PathDetailApi.as_view(), name="path-detail"),
    path("paths/<int:pk>/follow/", apis.PathFollowApi.as_view(), name="path-follow"),
    path("paths/<int:pk>/publish/", apis.PathPublishApi.as_view(), name="path-publish"),
    path("paths/<int:pk>/archive/", apis.PathArchiveApi.as_view(), name="path-archive"),
]
