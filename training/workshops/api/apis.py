"""API of the workshops app: upcoming workshop sessions, the participant's action plan."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import employee_for_user
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..models import Topic
from .serializers import ActionPlanSerializer, ActionPlanWriteSerializer, WorkshopSessionSerializer


class WorkshopSessionListApi(APIView):
    """Upcoming sessions of soft-skill workshops and seminars, by topic then date."""

    @extend_schema(
        parameters=[OpenApiParameter("topic", str, enum=Topic.values)],
        responses=WorkshopSessionSerializer(many=True),
        tags=["workshops"],
    )
    def get(self, request):
        topic = request.query_params.get("topic") or None
        if topic is not None and topic not in Topic.values:
            raise ValidationError(
                {"topic": [_("Unknown topic. Choose one of: %(topics)s.") % {"topics": ", ".join(Topic.values)}]}
            )
        sessions = selectors.workshop_sessions_upcoming(topic=topic)
        return Response(WorkshopSessionSerializer(sessions, many=True).data)


class ActionPlanApi(APIView):
    """The signed-in participant's action plan for one of their workshop enrolments."""

    def _enrollment(self, request, enrollment_id):
        employee = employee_for_user(user=request.user)
        if employee is None:
            raise Http404
        return or_404(selectors.enrollment_for_plan, pk=enrollment_id, employee=employee)

    @extend_schema(responses=ActionPlanSerializer, tags=["workshops"])
    def get(self, request, enrollment_id):
        plan = selectors.action_plan_for(enrollment=self._enrollment(request, enrollment_id))
        if plan is None:
            raise Http404
        return Response(ActionPlanSerializer(plan).data)

    @extend_schema(request=ActionPlanWriteSerializer, responses=ActionPlanSerializer, tags=["workshops"])
    def put(self, request, enrollment_id):
        enrollment = self._enrollment(request, enrollment_id)
        serializer = ActionPlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.action_plan_submit(enrollment=enrollment, actions=serializer.validated_data["items"])
        return Response(ActionPlanSerializer(selectors.action_plan_for(enrollment=enrollment)).data)
