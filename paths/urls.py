from django.urls import path

from . import views

app_name = "paths"

urlpatterns = [
    path("paths/", views.my_paths, name="mine"),
    path("paths/<int:pk>/", views.path_detail, name="detail"),
    path("paths/<int:pk>/follow/", views.path_follow, name="follow"),
    path("paths/<int:pk>/unfollow/", views.path_unfollow, name="unfollow"),
    path("paths/manage/", views.manage, name="manage"),
    path("paths/manage/new/", views.path_edit, name="new"),
    path("paths/manage/<int:pk>/", views.path_edit, name="edit"),
    path("paths/manage/<int:pk>/publish/", views.path_publish, name="publish"),
    path("paths/manage/<int:pk>/archive/", views.path_archive, name="archive"),
    path("paths/report/", views.report, name="report"),
]
