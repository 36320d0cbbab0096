"""API of the workshops app: upcoming workshop sessions, the participant's action plan."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission
from accounts.rules import employee_of
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..filters import WorkshopSessionFilter
from .serializers import ActionPlanSerializer, ActionPlanWriteSerializer, WorkshopSessionSerializer


class WorkshopSessionListApi(APIView):
    """Upcoming sessions of soft-skill workshops and seminars, by topic then date."""

    filterset_class = WorkshopSessionFilter  # applied by the selector; here for the schema

    @extend_schema(responses=WorkshopSessionSerializer(many=True), tags=["workshops"])
    def get(self, request):
        sessions = selectors.workshop_sessions_upcoming(filters=request.query_params)
        return Response(WorkshopSessionSerializer(sessions, many=True).data)


class ActionPlanApi(APIView):
    """The signed-in participant's action plan for one of their workshop enrolments."""

    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]
    permission_classes = [HasRulePermission]
    permission_required = "workshops.plan_actions"
    error_statuses = {403, 404}  # 403: an account without an ASN profile

    def _enrollment(self, request, enrollment_id):
        employee = employee_of(request.user)
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
