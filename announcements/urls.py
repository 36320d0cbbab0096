from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("announcements/", views.announcement_index, name="list"),
    path("announcements/new/", views.announcement_new, name="new"),
    path("announcements/preview/", views.announcement_preview, name="preview"),
    path("announcements/<int:pk>/", views.announcement_detail, name="detail"),
    path("announcements/<int:pk>/progress/", views.announcement_progress, name="progress"),
    path("announcements/<int:pk>/send/", views.announcement_send, name="send"),
    path("announcements/<int:pk>/resume/", views.announcement_resume, name="resume"),
]
