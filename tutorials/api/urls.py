from django.urls import path

from . import apis

urlpatterns = [
    path("egov-apps/", apis.ApplicationListApi.as_view(), name="egov-app-list"),
    path("egov-apps/<slug:code>/", apis.ApplicationDetailApi.as_view(), name="egov-app-detail"),
    path("tutorials/", apis.TutorialListApi.as_view(), name="tutorial-list"),
    path("tutorials/my-progress/", apis.MyProgressApi.as_view(), name="tutorial-my-progress"),
    path("tutorials/<int:pk>/", apis.TutorialDetailApi.as_view(), name="tutorial-detail"),
    path(
        "tutorials/<int:pk>/steps/<int:position>/complete/",
        apis.StepCompleteApi.as_view(),
        name="tutorial-step-complete",
    ),
    path("tutorials/<int:pk>/quiz/", apis.QuizSubmitApi.as_view(), name="tutorial-quiz"),
]
