from django.urls import path

from . import apis

urlpatterns = [
    path("feedback/", apis.FeedbackSubmitApi.as_view(), name="feedback-submit"),
    path("feedback/kiosk/pair/", apis.KioskPairApi.as_view(), name="feedback-kiosk-pair"),
    path("feedback/track/<str:tracking_code>/", apis.FeedbackTrackApi.as_view(), name="feedback-track"),
    path("feedback/ikm/", apis.IkmApi.as_view(), name="feedback-ikm"),
]
