from django.urls import path

from . import apis

urlpatterns = [
    path("feedback/", apis.FeedbackSubmitApi.as_view(), name="feedback-submit"),
    path("feedback/kiosk/pair/", apis.KioskPairApi.as_view(), name="feedback-kiosk-pair"),
    path("feedback/track/<str:tracking_code>/", apis.FeedbackTrackApi.as_view(), name="feedback-track"),
    path("feedback/track/<str:tracking_code>/reply/", apis.FeedbackReplyApi.as_view(), name="feedback-track-reply"),
    path("feedback/track/<str:tracking_code>/rate/", apis.FeedbackRateApi.as_view(), name="feedback-track-rate"),
    path("feedback/track/<str:tracking_code>/reopen/", apis.FeedbackReopenApi.as_view(), name="feedback-track-reopen"),
    path("feedback/ikm/", apis.IkmApi.as_view(), name="feedback-ikm"),
]
