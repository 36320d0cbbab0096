from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/", views.forum_index, name="index"),
    path("community/search/", views.topic_search, name="search"),
    path("community/statistics/", views.forum_stats, name="stats"),
    path("community/my-topics/", views.my_topics, name="my-topics"),
    path("community/forums/<slug:slug>/", views.category_detail, name="category"),
    path("community/topics/new/", views.topic_create, name="topic-create"),
    path("community/topics/<int:pk>/", views.topic_detail, name="topic-short"),
    path("community/topics/<int:pk>/reply/", views.topic_reply, name="topic-reply"),
    path("community/topics/<int:pk>/support/", views.topic_support, name="topic-support"),
    path("community/topics/<int:pk>/follow/", views.topic_follow, name="topic-follow"),
    path("community/topics/<int:pk>/status/", views.topic_status, name="topic-status"),
    path("community/topics/<int:pk>/adopt/", views.topic_adopt, name="topic-adopt"),
    path("community/posts/<int:pk>/report/", views.post_report, name="post-report"),
    # After the fixed /reply/, /support/... routes, which a slug would also match.
    path("community/topics/<int:pk>/<slug:slug>/", views.topic_detail, name="topic"),
    path("community/moderation/", views.moderation_queue, name="moderation"),
    path("community/moderation/log/", views.moderation_log, name="moderation-log"),
    path("community/moderation/posts/<int:pk>/<str:action>/", views.moderation_post, name="moderate-post"),
    path("community/moderation/topics/<int:pk>/<str:action>/", views.moderation_topic, name="moderate-topic"),
    path("community/accounts/signup/", views.signup, name="signup"),
    path("community/accounts/signup/sent/", views.signup_sent, name="signup-sent"),
    path("community/accounts/confirm/<str:uidb64>/<str:token>/", views.confirm_email, name="confirm-email"),
    path("community/meetings/", views.meeting_list, name="meetings"),
    path("community/meetings/new/", views.meeting_create, name="meeting-create"),
    path("community/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("community/meetings/<int:pk>/calendar.ics", views.meeting_ical, name="meeting-ical"),
    path("community/meetings/<int:pk>/register/", views.meeting_register, name="meeting-register"),
    path("community/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("community/meetings/<int:pk>/manage/", views.meeting_manage, name="meeting-manage"),
    path("community/meetings/outcomes/<int:pk>/delete/", views.outcome_delete, name="outcome-delete"),
    path("community/meetings/registrations/<str:code>/", views.registration_detail, name="registration"),
    path("community/meetings/registrations/<str:code>/cancel/", views.registration_cancel, name="registration-cancel"),
]
