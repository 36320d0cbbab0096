from django.urls import path

from . import apis

urlpatterns = [
    path("feedback/", apis.FeedbackSubmitApi.as_view(), name="feedback-submit"),
    path("feedback/track/<str:tracking_code>/", apis.FeedbackTrackApi.as_view(), name="feedback-track"),
    path("feedback/ikm/", apis.IkmApi.as_view(), name="feedback-ikm"),
]
