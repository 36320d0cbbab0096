"""API of the tutorials app: applications, tutorials, my progress, step completion and quiz."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission, require_employee
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..filters import ApplicationFilter, TutorialFilter
from .serializers import (
    ApplicationSerializer,
    ProgressSerializer,
    QuizResultSerializer,
    QuizSubmitSerializer,
    TutorialDetailSerializer,
    TutorialSummarySerializer,
)


def _employee(request):
    """The signed-in ASN's profile (the view checked `tutorials.learn`)."""
    return require_employee(request.user)


class LearnerApi:
    """The ASN's own endpoints: 403 `no_employee_profile` for an account without an ASN profile."""

    permission_classes = [HasRulePermission]
    permission_required = "tutorials.learn"


class ApplicationListApi(APIView):
    """E-government applications with their tutorial count and ready users."""

    filterset_class = ApplicationFilter  # applied by the selector; here for the schema

    @extend_schema(responses=ApplicationSerializer(many=True), tags=["e-government tutorials"])
    def get(self, request):
        apps = selectors.application_list(filters=request.query_params)
        return Response(ApplicationSerializer(apps, many=True).data)


class ApplicationDetailApi(APIView):
    @extend_schema(responses=ApplicationSerializer, tags=["e-government tutorials"])
    def get(self, request, code):
        app = selectors.application_list(code=code).first()
        if app is None:
            raise Http404
        return Response(ApplicationSerializer(app).data)


class TutorialListApi(APIView):
    """Published tutorials, optionally of one application (`?app=<code>`)."""

    filterset_class = TutorialFilter  # applied by the selector; here for the schema

    @extend_schema(responses=TutorialSummarySerializer(many=True), tags=["e-government tutorials"])
    def get(self, request):
        tutorials = selectors.tutorial_list_published(filters=request.query_params)
        return Response(TutorialSummarySerializer(tutorials, many=True).data)


class TutorialDetailApi(APIView):
    """A published tutorial with its steps (text as sanitised HTML)."""

    @extend_schema(responses=TutorialDetailSerializer, tags=["e-government tutorials"])
    def get(self, request, pk):
        tutorial = or_404(selectors.tutorial_get, pk=pk)
        return Response(TutorialDetailSerializer(tutorial, context={"request": request}).data)


@extend_schema(tags=["e-government tutorials"])
class MyProgressApi(LearnerApi, generics.ListAPIView):
    """The signed-in ASN's tutorials: steps done, best score, completion."""

    serializer_class = ProgressSerializer
    error_statuses = {403}  # an account without an ASN profile

    def get_queryset(self):
        return selectors.my_progress(employee=_employee(self.request))


class StepCompleteApi(LearnerApi, APIView):
    """Save that the ASN finished a step (idempotent)."""

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "StepCompleteResult",
                {
                    "steps_done": serializers.IntegerField(),
                    "step_count": serializers.IntegerField(),
                    "next_position": serializers.IntegerField(allow_null=True),
                },
            ),  # fmt: skip
            **error_responses(403),
        },
        tags=["e-government tutorials"],
    )
    def post(self, request, pk, position):
        employee = _employee(request)
        tutorial = or_404(selectors.tutorial_get, pk=pk)
        step = next((s for s in tutorial.steps.all() if s.position == position), None)
        if step is None:
            raise Http404
        services.step_complete(employee=employee, step=step)
        progress = selectors.progress_for(employee=employee, tutorial=tutorial)
        return Response(
            {
                "steps_done": len(progress.done_step_ids),
                "step_count": len(tutorial.steps.all()),
                "next_position": selectors.resume_position(tutorial=tutorial, progress=progress),
            }
        )


class QuizSubmitApi(LearnerApi, APIView):
    """Submit the quiz; passing completes the tutorial and credits its JP once."""

    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]

    @extend_schema(
        request=QuizSubmitSerializer,
        responses={200: QuizResultSerializer, **error_responses(403)},
        tags=["e-government tutorials"],
    )
    def post(self, request, pk):
        employee = _employee(request)
        tutorial = or_404(selectors.tutorial_get_for_quiz, pk=pk)
        serializer = QuizSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attempt = services.quiz_submit(
            employee=employee, tutorial=tutorial, answers=serializer.validated_data["answers"], actor=request.user
        )
        data = {
            "score": attempt.score,
            "passed": attempt.passed,
            "pass_mark": tutorial.pass_mark,
            "completed": attempt.progress.completed_at is not None,
        }
        return Response(QuizResultSerializer(data).data, status=status.HTTP_200_OK)
