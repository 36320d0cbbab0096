from django.urls import path

from . import apis

urlpatterns = [
    path("announcements/", apis.AnnouncementListCreateApi.as_view(), name="announcement-list"),
    path("announcements/preview/", apis.AnnouncementPreviewApi.as_view(), name="announcement-preview"),
    path("announcements/<int:pk>/", apis.AnnouncementDetailApi.as_view(), name="announcement-detail"),
    path("announcements/<int:pk>/send/", apis.AnnouncementSendApi.as_view(), name="announcement-send"),
]
