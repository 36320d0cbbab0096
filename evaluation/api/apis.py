"""API: questionnaires (HR), survey responses (ASN), revision reports (HR)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission
from accounts.rules import employee_of
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..filters import ReportFilter
from ..models import Questionnaire
from . import serializers as s


class HrStaffApi(APIView):
    """HR staff only (evaluation.manage_evaluations, evaluation/rules.py)."""

    permission_classes = [HasRulePermission]
    permission_required = "evaluation.manage_evaluations"


class QuestionnaireListApi(HrStaffApi):
    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]

    @extend_schema(responses=s.QuestionnaireSerializer(many=True))
    def get(self, request):
        items = selectors.questionnaire_list().prefetch_related("questions")
        return Response(s.QuestionnaireSerializer(items, many=True).data)

    @extend_schema(request=s.QuestionnaireSerializer, responses={201: s.QuestionnaireSerializer})
    def post(self, request):
        serializer = s.QuestionnaireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        questions = [dict(q) for q in data.pop("questions")]
        questionnaire = services.questionnaire_save(
            questionnaire=Questionnaire(**data), questions=questions, actor=request.user
        )
        return Response(
            s.QuestionnaireSerializer(selectors.questionnaire_get(pk=questionnaire.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class QuestionnaireDetailApi(HrStaffApi):
    @extend_schema(responses=s.QuestionnaireSerializer)
    def get(self, request, pk):
        return Response(s.QuestionnaireSerializer(or_404(selectors.questionnaire_get, pk=pk)).data)


class MySurveysApi(APIView):
    """The signed-in ASN's survey invitations (to-dos), with their questions."""

    permission_classes = [HasRulePermission]
    permission_required = "evaluation.view_own_evaluations"

    @extend_schema(responses={200: s.InvitationSerializer(many=True), **error_responses(403)})
    def get(self, request):
        employee = employee_of(request.user)
        invitations = selectors.invitations_for_employee(employee=employee, with_questions=True)
        return Response(s.InvitationSerializer(invitations, many=True).data)


class ResponseSubmitApi(APIView):
    """Submit the survey of an invitation (the ASN's own). 201, or 409 when
    already answered; 400 with a message per question when answers are invalid."""

    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]

    @extend_schema(
        request=s.ResponseInputSerializer,
        responses={
            201: inline_serializer(
                "SurveySubmitted", {"response": serializers.IntegerField(), "submitted_at": serializers.DateTimeField()}
            ),
            **error_responses(403, 404, 409),
        },
    )
    def post(self, request):
        serializer = s.ResponseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = or_404(selectors.invitation_get, pk=serializer.validated_data["invitation"])
        answers = {
            a["question"]: a.get("text") if a.get("value") is None else a["value"]
            for a in serializer.validated_data["answers"]
        }
        response = services.survey_submit(invitation=invitation, user=request.user, answers=answers)
        return Response({"response": response.pk, "submitted_at": response.submitted_at}, status=201)


class ReportListApi(HrStaffApi):
    filterset_class = ReportFilter  # applied by the selector; here for the schema

    @extend_schema(responses=s.ReportListSerializer(many=True))
    def get(self, request):
        reports = selectors.report_list(filters=request.query_params)
        return Response(s.ReportListSerializer(reports, many=True).data)


class ReportDetailApi(HrStaffApi):
    @extend_schema(responses=s.ReportDetailSerializer)
    def get(self, request, pk):
        report = or_404(selectors.report_get, pk=pk)
        return Response(
            {
                **s.ReportListSerializer(selectors.report_list().get(pk=report.pk)).data,
                "programs": s.ReportRowSerializer(selectors.report_rows(report=report), many=True).data,
                "sessions": s.ReportRowSerializer(selectors.report_rows(report=report, sessions=True), many=True).data,
                "findings": s.FindingSerializer(selectors.report_findings(report=report), many=True).data,
            }
        )


class ReportRunApi(HrStaffApi):
    """Request a (re)computation of the report of a period: 202 with the run and
    its progress URL ({percent, done, message})."""

    @extend_schema(
        request=s.RunRequestSerializer,
        responses={
            202: inline_serializer(
                "ReportRunAccepted",
                {
                    "run": serializers.IntegerField(),
                    "report": serializers.IntegerField(),
                    "status": serializers.CharField(),
                    "progress_url": serializers.CharField(help_text="GET it for {percent, done, message}."),
                },
            ),
        },
    )
    def post(self, request):
        serializer = s.RunRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.report_request(
            period_kind=serializer.validated_data["period"], day=serializer.validated_data["day"], actor=request.user
        )
        return Response(
            {
                "run": run.pk,
                "report": run.report_id,
                "status": run.status,
                "progress_url": reverse("evaluation:run-progress", args=[run.pk]),
            },
            status=status.HTTP_202_ACCEPTED,
        )
