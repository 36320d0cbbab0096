from django.urls import path

from . import apis

urlpatterns = [
    path("community/topics/", apis.TopicListApi.as_view(), name="community-topic-list"),
    path("community/topics/<int:pk>/", apis.TopicDetailApi.as_view(), name="community-topic-detail"),
    path("community/topics/<int:pk>/support/", apis.TopicSupportApi.as_view(), name="community-topic-support"),
    path("community/meetings/", apis.MeetingListApi.as_view(), name="community-meeting-list"),
    path("community/meetings/<int:pk>/register/", apis.MeetingRegisterApi.as_view(), name="community-meeting-register"),
    path("community/inputs/", apis.CommunityInputsApi.as_view(), name="community-inputs"),
]
