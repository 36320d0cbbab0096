from django.urls import path

from . import apis

urlpatterns = [
    path("planning/jp-report/", apis.JpReportApi.as_view(), name="planning-jp-report"),
    path("planning/training-needs/", apis.TrainingNeedsApi.as_view(), name="planning-training-needs"),
    path("me/competency-gaps/", apis.MyCompetencyGapsApi.as_view(), name="my-competency-gaps"),
]
