from django.urls import path

from . import apis

urlpatterns = [
    path("workshops/sessions/", apis.WorkshopSessionListApi.as_view(), name="workshop-session-list"),
    path("workshops/action-plans/<int:enrollment_id>/", apis.ActionPlanApi.as_view(), name="workshop-action-plan"),
]
